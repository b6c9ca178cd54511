"""Writing results: CSV / JSONL reports and annotated HTML pages."""
