"""scorer: how firmly news text asserts what it says, and how well it sources it."""

from __future__ import annotations

__version__ = "0.1.0"
