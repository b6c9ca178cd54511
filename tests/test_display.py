"""The one clip helper of the terminal summary, annotated pages and model cards."""

from __future__ import annotations

import pytest

from scorer.writing.display import clip


@pytest.mark.parametrize(
    ("text", "limit", "kwargs", "expected"),
    [
        ("short", 10, {}, "short"),
        ("  spaced\n\tout  ", 10, {}, "spaced out"),
        ("exactly ten", 11, {}, "exactly ten"),
        ("one two three four", 10, {}, "one two t…"),
        ("one two  three", 9, {}, "one two…"),
        ("one two three four", 10, {"mark": "..."}, "one two..."),
        ("hedges 'may'×2, 'could'; boosters 'clearly'", 20, {"at_word": True}, "hedges 'may'×2…"),
        ("abcdefghijklmnop", 8, {"at_word": True}, "abcdefg…"),
        ("", 5, {}, ""),
    ],
)
def test_clip(text: str, limit: int, kwargs: dict[str, object], expected: str) -> None:
    clipped = clip(text, limit, **kwargs)  # type: ignore[arg-type]
    assert clipped == expected
    assert len(clipped) <= limit
