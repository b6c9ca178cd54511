"""Behavioural tests of ``reliability`` (CheckList-style), on invented articles
(:mod:`tests.templates`) and the shipped models.

``reliability`` is a style-and-sourcing prior learned from outlets' labels: the author's "!",
"?", "you", ALL-CAPS and boosters may only lower it, well-sourced claims score above the same
claims with no source, and names, places and repetition do not move it.
"""

from __future__ import annotations

import itertools

import pytest

from .templates import (
    OTHER_PEOPLE,
    PEOPLE,
    PLACES,
    TOPICS,
    Topic,
    article,
    score_rows,
    scores,
    with_tone,
)


@pytest.mark.parametrize(
    ("topic", "kind"), list(itertools.product(TOPICS, ["named", "anonymous", "vague", "none"]))
)
def test_the_authors_tone_lowers_reliability(topic: Topic, kind: str) -> None:
    plain_text = article(topic, PLACES[0], kind)
    plain, toned = score_rows([plain_text, with_tone(plain_text)])
    assert toned["reliability"] < plain["reliability"]
    # The explanation names what lowered it.
    assert "lowered by" in toned["reliability_explanation"]


@pytest.mark.parametrize("topic", TOPICS, ids=[t.name for t in TOPICS])
def test_claims_with_named_sources_score_above_the_same_claims_without(topic: Topic) -> None:
    named, anonymous, vague, none = score_rows(
        [article(topic, PLACES[1], k) for k in ("named", "anonymous", "vague", "none")]
    )
    assert named["reliability"] > max(anonymous["reliability"], vague["reliability"])
    assert named["reliability"] > none["reliability"]


@pytest.mark.parametrize("kind", ["named", "anonymous", "vague", "none"])
def test_names_places_and_repetition_leave_reliability(kind: str) -> None:
    texts = [
        article(topic, place, kind, people=people)
        for topic in TOPICS[:1]
        for place in PLACES
        for people in (PEOPLE, OTHER_PEOPLE)
    ]
    reliability = scores(texts)["reliability"]
    assert reliability.max() - reliability.min() <= 0.1
    once, twice = score_rows([texts[0], texts[0] + "\n\n" + texts[0]])
    assert abs(twice["reliability"] - once["reliability"]) <= 0.1
