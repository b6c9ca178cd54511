"""scorer: how firmly news text asserts what it says, and how well it sources it.

The public API is :func:`score_text` and :func:`score_frame`; both return pandas DataFrames with
the same columns as the CLI's reports. They are imported lazily so that ``scorer --help`` does
not pay for pandas, nltk and scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorer.version import __version__

__all__ = ["__version__", "score_frame", "score_text"]

if TYPE_CHECKING:
    from scorer.pipeline.scoring import score_frame, score_text


def __getattr__(name: str) -> Any:
    if name in ("score_text", "score_frame"):
        from scorer.pipeline import scoring

        return getattr(scoring, name)
    raise AttributeError(f"module 'scorer' has no attribute {name!r}")
