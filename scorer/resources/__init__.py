"""Data files that the library needs at run time (Punkt sentence-splitter parameters)."""
