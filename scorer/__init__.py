"""scorer: how firmly news text asserts what it says, and how well it sources it.

The public API: :func:`score_text` and :func:`score_frame` return pandas DataFrames with the
same columns as the CLI's reports; :func:`score_files` and :func:`annotate_files` do what
``scorer score`` and ``scorer annotate`` do; :func:`profile` groups an article report by outlet
(``scorer profile``). They are imported lazily so that ``scorer --help`` does not pay for
pandas, numpy and nltk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorer.version import __version__

__all__ = [
    "__version__",
    "annotate_files",
    "profile",
    "score_files",
    "score_frame",
    "score_text",
]

if TYPE_CHECKING:
    from scorer.pipeline.scoring import score_frame, score_text
    from scorer.writing.files import annotate_files, score_files
    from scorer.writing.profiles import profile


def __getattr__(name: str) -> Any:
    if name in ("score_text", "score_frame"):
        from scorer.pipeline import scoring

        return getattr(scoring, name)
    if name in ("score_files", "annotate_files"):
        from scorer.writing import files

        return getattr(files, name)
    if name == "profile":
        from scorer.writing import profiles

        return profiles.profile
    raise AttributeError(f"module 'scorer' has no attribute {name!r}")
