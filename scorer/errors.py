"""Exceptions raised by the library.

Every error a user can cause derives from :class:`ScorerError`; the CLI turns them into one
plain line on stderr and an exit code, never a traceback.
"""

from __future__ import annotations


class ScorerError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(ScorerError):
    """An input cannot be read at all (missing column, unreadable table, bad option value)."""


class ItemError(ScorerError):
    """One item cannot be scored (empty, undecodable, not text); the batch goes on."""


class ModelError(ScorerError):
    """A model file is missing, corrupted, edited or of another format version."""


class DataError(ScorerError):
    """Training or evaluation data is missing or not in the expected shape."""
