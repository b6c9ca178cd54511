"""scorer: how firmly news text asserts what it says, and how well it sources it.

The public API is :func:`score_text` and :func:`score_frame`, which return pandas DataFrames with
the same columns as the CLI's reports, and :func:`profile`, which groups an article report by
outlet (``scorer profile``). They are imported lazily so that ``scorer --help`` does not pay for
pandas, nltk and scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "profile", "score_frame", "score_text"]

if TYPE_CHECKING:
    from scorer.profiles import profile
    from scorer.scoring import score_frame, score_text


def __getattr__(name: str) -> Any:
    if name in ("score_text", "score_frame"):
        from scorer import scoring

        return getattr(scoring, name)
    if name == "profile":
        from scorer.profiles import profile

        return profile
    raise AttributeError(f"module 'scorer' has no attribute {name!r}")
