"""Cue lexicons as TSV data files; see :mod:`scorer.lexicon` for the loader."""
