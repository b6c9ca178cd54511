"""The version of scorer (read by setup.cfg and by everything that records it)."""

__version__ = "0.1.0"
