"""Text shortened for display: the terminal summary, annotated pages and model cards."""

from __future__ import annotations


def clip(text: str, limit: int, *, at_word: bool = False, mark: str = "…") -> str:
    """``text`` with its whitespace runs folded to one space, cut to at most ``limit``
    characters, ``mark`` included, where it is longer.

    Args:
        text: any text.
        limit: the longest result.
        at_word: cut at the last space before the limit, and drop a "," or ";" left at the end.
        mark: what ends a cut text.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - len(mark)]
    if at_word:
        cut = (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(",;")
    return cut.rstrip() + mark
