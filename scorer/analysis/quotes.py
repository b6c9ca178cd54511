"""Direct quotations: where they are in a text, so that cues inside them count as the speaker's.

News text mixes curly quotes, straight quotes and guillemets, and quotations often run over
several sentences or stay open at the end of a paragraph (the next paragraph reopens them).
This module never raises on odd or unbalanced quote marks: an unclosed quotation simply runs to
the end of its paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

# Opening and closing marks that are unambiguous; a straight '"' toggles. Single quotes are left
# out on purpose: "’" is far more often an apostrophe (Assad’s, don’t) than a closing quote.
_OPENERS = {"“": "”", "«": "»", "„": "“", "``": "''"}
_CLOSERS = {"”", "»"}
# Two apostrophes (and two backticks) are a double quote mark in text typed for typewriters
# and in NYT archive text: ``''We won,'' she said``. Like '"', "''" both opens and closes.
_QUOTE_CHARS = re.compile(r"''|``|[\"“”«»„\n]")

# A quotation shorter than this many characters is a scare quote or a title ("the “deal”"),
# not reported speech; it still hides cues, but does not make a sentence "quoted".
MIN_SPEECH_CHARS = 12


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Find the character spans of quotations, quote marks included.

    Args:
        text: the whole article (quotes may cross sentence boundaries).

    Returns:
        Sorted, non-overlapping ``(start, end)`` spans. A quotation left open runs to the end of
        its paragraph (the next line break) or of the text.
    """
    spans: list[tuple[int, int]] = []
    open_at = -1
    expected_close = ""
    # A curly quotation inside a straight one ('"He told me “never again” and left," she
    # said'): its closing mark closes it, not the straight quotation.
    inner_curly = False
    for match in _QUOTE_CHARS.finditer(text):
        char = match.group()
        pos = match.start()
        if char == "\n":
            if open_at >= 0:
                spans.append((open_at, pos))
                open_at = -1
            continue
        if open_at < 0:
            if char in _OPENERS:
                open_at, expected_close = pos, _OPENERS[char]
            elif char in {'"', "''"}:
                open_at, expected_close = pos, char
            inner_curly = False
            # A stray closer with nothing open is ignored.
            continue
        if (
            expected_close == '"'
            and (char == "“" or (char == "”" and inner_curly))
            and text[open_at + 1 : pos].strip()
        ):
            # (A "“ pair that opens a quotation is one doubled opening mark, not a quotation
            # inside another: its ” closes it.)
            inner_curly = char == "“"
            continue
        if char == "''" and expected_close != "''":
            # Two apostrophes inside a quotation opened otherwise: an apostrophe pair, not a mark.
            continue
        if char == expected_close or (char in _CLOSERS and expected_close != "''"):
            # A curly closer also ends a quotation opened with a straight mark: news copy
            # mixes them ("\"I know,” he said").
            spans.append((open_at, match.end()))
            open_at = -1
        elif char == "“" and expected_close == "”" and _closes_here(text, pos):
            # An opening mark typed where the closing one belongs ("“It's unusual,“ said
            # Larry Noble"): it follows a word or punctuation and a space follows it.
            spans.append((open_at, match.end()))
            open_at = -1
        elif char == '"' and expected_close != '"':
            # Mixed marks ("“ ... \""): a straight quote closes a curly one.
            spans.append((open_at, pos + 1))
            open_at = -1
    if open_at >= 0:
        spans.append((open_at, len(text)))
    return spans


def _closes_here(text: str, pos: int) -> bool:
    """Whether the mark at ``pos`` sits where a closing quote does: right after a non-space
    character and before a space, a punctuation mark ("the “deal“, Trump said"), a line break or
    the end of the text."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?")


class QuoteIndex:
    """Answers "is this offset inside a quotation?" in O(log n) per question."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = list(spans)
        self._starts = [start for start, _ in self.spans]

    def contains(self, offset: int) -> bool:
        """Whether the character at ``offset`` lies inside a quotation."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self.spans[i][1]

    def overlap(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of quotations that fall within ``[start, end)``."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        parts = []
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e = self.spans[i]
            if e > start:
                parts.append((max(s, start), min(e, end)))
            i += 1
        return parts

    @staticmethod
    def blank(sentence: str, start: int, parts: Sequence[tuple[int, int]]) -> str:
        """``sentence`` (which starts at offset ``start``) with the quotation ``parts`` (from
        :meth:`overlap`) replaced by spaces: the same length, the author's words only."""
        if not parts:
            return sentence
        chars = list(sentence)
        for s, e in parts:
            chars[s - start : e - start] = " " * (e - s)
        return "".join(chars)

    def quoted_chars(self, start: int, end: int) -> int:
        """How many characters of ``[start, end)`` are inside quotations."""
        return sum(e - s for s, e in self.overlap(start, end))

    def has_speech(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` contains a quotation long enough to be reported speech."""
        return any(e - s >= MIN_SPEECH_CHARS for s, e in self.overlap(start, end))
