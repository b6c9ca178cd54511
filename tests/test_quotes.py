"""Quotation spans: curly, straight, unbalanced, multi-paragraph."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorer.analysis.quotes import QuoteIndex, quote_spans


def test_curly_and_straight_quotes() -> None:
    text = 'He said “we won” and "they lost".'
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["“we won”", '"they lost"']


def test_unclosed_quote_runs_to_end_of_paragraph() -> None:
    text = "“First paragraph of a long quote.\nNext paragraph."
    assert quote_spans(text) == [(0, text.index("\n"))]


def test_unclosed_quote_at_end_of_text() -> None:
    assert quote_spans('He said "no') == [(8, 11)]


def test_stray_closer_is_ignored() -> None:
    assert quote_spans("end” of nothing") == []


@pytest.mark.parametrize("text", ["", "no quotes here", '"', '""', "“”", "«»"])
def test_edge_cases_never_raise(text: str) -> None:
    for start, end in quote_spans(text):
        assert 0 <= start < end <= len(text) or start == end


def test_index_contains_and_overlap() -> None:
    text = 'A "bc" d "ef'
    index = QuoteIndex(quote_spans(text))
    assert [index.contains(i) for i in range(len(text))] == [
        False,
        False,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        True,
        True,
        True,
    ]
    assert index.overlap(0, 4) == [(2, 4)]
    assert index.quoted_chars(0, len(text)) == 4 + 3


def test_speech_needs_a_minimum_length() -> None:
    text = 'the “deal” was off; "We toppled the regime!" a voice shouted'
    index = QuoteIndex(quote_spans(text))
    assert not index.has_speech(0, 19)
    assert index.has_speech(0, len(text))


@given(st.text(alphabet='ab "“”«»\n.', max_size=60))
def test_spans_are_sorted_and_disjoint(text: str) -> None:
    spans = quote_spans(text)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert e1 <= s2
    assert all(0 <= s <= e <= len(text) for s, e in spans)


def test_two_apostrophes_are_a_double_quote_mark() -> None:
    # NYT archive style: ''...,'' said Mr. Kamin.
    text = "''It's anti-reform,'' said Mr. Kamin. The ''Buffett rule'' stays."
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["''It's anti-reform,''", "''Buffett rule''"]


def test_backticks_open_and_two_apostrophes_close() -> None:
    text = "He said ``we won'' and left."
    assert [text[s:e] for s, e in quote_spans(text)] == ["``we won''"]


def test_two_apostrophes_inside_another_quotation_do_not_close_it() -> None:
    text = "“The students'' fees rose,” she said."
    assert [text[s:e] for s, e in quote_spans(text)] == ["“The students'' fees rose,”"]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # A straight mark opens, a curly one closes: the tag after it is the author's.
        ('"I know," Axelrod said. Then "no” he said.', ['"I know,"', '"no”']),
        ('"We won,” Grassley said.', ['"We won,”']),
        # An opening mark typed as the closing one: after a word, before a space.
        ("“It's unusual,“ said Larry Noble.", ["“It's unusual,“"]),
        # An opening mark after a space and before a word is no closer (the first curly
        # closer ends the quotation, as before).
        ("“He said “yes” to me” she said.", ["“He said “yes”"]),
        # ... or before a punctuation mark.
        ("The “deal“, Trump said, is dead.", ["“deal“"]),
        # A curly quotation inside a straight one closes itself, not the straight one; the
        # tag after it stays the author's.
        (
            '"He told me “never again” and left," she said. Then she left.',
            ['"He told me “never again” and left,"'],
        ),
        # A doubled opening mark ("“) is one opening mark.
        ('"“You don’t win,” Rubio said.', ['"“You don’t win,”']),
    ],
)
def test_mixed_and_mistyped_closing_marks(text: str, quoted: list[str]) -> None:
    assert [text[s:e] for s, e in quote_spans(text)] == quoted
