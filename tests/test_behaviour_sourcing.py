"""Behavioural tests of ``sourcing`` (CheckList-style: Ribeiro et al. 2020).

Articles are generated from templates with invented people, places, outlets and events
(:mod:`tests.templates`), so that the tests pin what the score promises, not what the training
corpora contain: directional expectations (make the sources anonymous: lower), invariances
(other names, repetition, tone: the same) and minimum functionality (a verb that does not
report attributes nothing). They run on the shipped models.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

import scorer

from .templates import (
    KINDS,
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

CASES = [(topic, place) for topic in TOPICS for place in PLACES[:2]]
IDS = [f"{topic.name}-{place}" for topic, place in CASES]


@pytest.fixture(scope="module")
def by_kind() -> dict[tuple[str, str, str], pd.Series]:
    """The article row of every (topic, place, kind), scored in one batch."""
    keys = [(t.name, p, k) for t, p in CASES for k in KINDS]
    texts = [article(t, p, k) for t, p in CASES for k in KINDS]
    rows = scores(texts)
    return {key: rows.iloc[i] for i, key in enumerate(keys)}


@pytest.mark.parametrize(("topic", "place"), CASES, ids=IDS)
def test_anonymous_sources_lower_sourcing_vague_ones_lower_still(
    by_kind: dict[tuple[str, str, str], pd.Series], topic: Topic, place: str
) -> None:
    named, anonymous, vague, none = (
        by_kind[(topic.name, place, k)]["sourcing"] for k in ("named", "anonymous", "vague", "none")
    )
    assert named > anonymous > vague
    assert none < 0.5


@pytest.mark.parametrize(("topic", "place"), CASES, ids=IDS)
def test_claims_attributed_to_outlets_score_clearly_above_sources(
    by_kind: dict[tuple[str, str, str], pd.Series], topic: Topic, place: str
) -> None:
    media = by_kind[(topic.name, place, "media")]
    anonymous = by_kind[(topic.name, place, "anonymous")]
    assert media["sourcing"] - anonymous["sourcing"] >= 0.1
    assert media["distinct_identified_sources"] == 8


@pytest.mark.parametrize(("topic", "place"), CASES, ids=IDS)
def test_more_distinct_identified_sources_at_the_same_length_score_higher(
    topic: Topic, place: str
) -> None:
    one, many = score_rows(
        [article(topic, place, "named", one_person=True), article(topic, place, "named")]
    )
    assert abs(one["n_words"] - many["n_words"]) <= 0.1 * many["n_words"]
    # "Talia Brennock", then "Brennock" seven times: one source, the same claims.
    assert (one["distinct_identified_sources"], many["distinct_identified_sources"]) == (1, 8)
    assert one["identified_claims"] == many["identified_claims"] == 8
    assert many["sourcing"] > one["sourcing"]


@pytest.mark.parametrize("kind", ["named", "anonymous", "vague", "none"])
def test_the_same_text_twice_adds_no_source(kind: str) -> None:
    text = article(TOPICS[0], PLACES[0], kind)
    once, twice = score_rows([text, text + "\n\n" + text])
    assert twice["n_sentences"] == 2 * once["n_sentences"]
    assert twice["distinct_sources"] == once["distinct_sources"]
    assert abs(twice["sourcing"] - once["sourcing"]) <= 0.1


@pytest.mark.parametrize(
    ("topic", "kind"), list(itertools.product(TOPICS, ["named", "anonymous", "vague"]))
)
def test_the_authors_tone_leaves_sourcing(topic: Topic, kind: str) -> None:
    plain_text = article(topic, PLACES[0], kind)
    toned_text = with_tone(plain_text)
    plain, toned = score_rows([plain_text, toned_text])
    # The tone is there: "!", "?", "you", ALL-CAPS and boosters in the author's voice.
    assert toned["exclaim_count"] >= 1 and toned["punct_question_rate"] > 0
    assert toned["reader_address_per_100_words"] > 0 and toned["caps_per_100_words"] > 0
    assert toned["booster_count"] >= 1
    assert abs(toned["sourcing"] - plain["sourcing"]) <= 0.02


@pytest.mark.parametrize("kind", KINDS)
def test_other_names_places_and_topics_with_the_same_structure_score_alike(kind: str) -> None:
    texts = [
        article(topic, place, kind, people=people)
        for topic in TOPICS
        for place in PLACES
        for people in (PEOPLE, OTHER_PEOPLE)
    ]
    sourcing = scores(texts)["sourcing"]
    assert sourcing.max() - sourcing.min() <= 0.1


SUBJECTS = (
    "The navy",
    "Hail",
    "The Dravonian navy",
    "Floods",
    "Velmar Corp",
    "Minister Oren Halvik",
    "Storms",
    "Police in Tarsk",
    "Kestrel Airlines",
)
ACTIONS = (
    "destroyed about 200 cars near Lyon",
    "destroyed two bridges in Kessa last week",
    "cut the budget by 10 percent",
    "cut about 40 jobs",
    "withdrew its ships from the northern coast",
    "withdrew 300 troops from Olvar on Tuesday",
    "reduced its workforce by a third",
    "reduced emissions by 12 percent in 2023",
)


def _sentence_rows(sentences: list[str]) -> pd.DataFrame:
    rows = scorer.score_frame(pd.DataFrame({"text": sentences}), unit="sentence")
    assert list(rows["status"]) == ["ok"] * len(sentences)
    return rows


def test_plain_sentences_whose_verbs_do_not_report_attribute_nothing() -> None:
    sentences = [f"{s} {a}." for s in SUBJECTS for a in ACTIONS]
    rows = _sentence_rows(sentences)
    wrong = rows[rows["attribution"] != "none"]
    assert wrong.empty, wrong[["text", "attribution", "attribution_cue"]].to_string()


HEADS = ("Officials", "Three engineers", "A senior diplomat", "Two people at the ministry")
CLAUSES = (
    "who asked not to be named",
    "who spoke on condition of anonymity",
    "who declined to be identified",
    "who were not authorized to speak publicly",
)


def test_an_anonymous_source_with_a_relative_clause_is_its_head_noun() -> None:
    sentences = [
        f"{head} {clause} said the {thing} in {place} would {event}."
        for (head, clause), thing, place, event in zip(
            itertools.product(HEADS, CLAUSES),
            itertools.cycle(("harbour", "dam", "depot", "line")),
            itertools.cycle(PLACES),
            itertools.cycle(("close", "reopen in May", "be sold", "need repairs")),
            strict=False,
        )
    ]
    rows = _sentence_rows(sentences)
    heads = [head for head, _ in itertools.product(HEADS, CLAUSES)]
    assert list(rows["attribution"]) == ["anonymous"] * len(sentences)
    assert list(rows["source_text"]) == heads
    assert list(rows["attribution_cue"]) == ["said"] * len(sentences)
