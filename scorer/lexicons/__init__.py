"""Cue lexicons as TSV data files; see :mod:`scorer.analysis.lexicon` for the loader."""
