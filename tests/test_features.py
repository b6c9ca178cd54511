"""Sentence analysis and feature values, pinned on tiny hand-made sentences."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from scorer.analysis import features
from scorer.analysis.features import (
    ARTICLE_FEATURES,
    SENTENCE_FEATURES,
    ArticleContext,
    SentenceAnalysis,
    article_feature_vector,
    cue_counter,
    get_article_features,
    get_sentence_features,
    standalone_author_hedges,
)
from scorer.training.featurizer import SentenceFeaturizer

from .conftest import cue_model


def analyze_standalone(sentence: str) -> SentenceAnalysis:
    """``sentence`` analysed on its own with the shipped cue model."""
    return features.analyze_standalone(sentence, cue_model())


def analyze_sentences(text: str, spans: list[tuple[int, int]]) -> list[SentenceAnalysis]:
    """The sentences ``spans`` of ``text`` analysed with the shipped cue model."""
    return features.analyze_sentences(text, spans, cue_model())


def test_author_hedges_and_quoted_hedges_are_told_apart() -> None:
    s = analyze_standalone(
        'Officials said the deal may fail, but "it will probably pass," he said.'
    )
    assert [c.text for c in s.author_hedges] == ["may"]
    assert [c.text for c in s.quoted_hedges] == ["probably"]
    assert all(c.type == "epistemic" for c in s.hedges)


def test_exclamations_inside_quotes_are_the_speakers() -> None:
    s = analyze_standalone('"We toppled the regime!" a voice shouted!')
    assert (s.exclaim_author, s.exclaim_quoted) == (1, 1)
    assert s.has_quote
    assert not s.in_quote


def test_whole_quoted_sentence_is_in_quote() -> None:
    s = analyze_standalone('"President Assad of Syria has arrived in Moscow."')
    assert s.in_quote
    assert s.author_text == s.text


def test_author_text_masks_quotations() -> None:
    s = analyze_standalone('He said "it may rain" today.')
    assert s.author_text == "He said " + " " * len('"it may rain"') + " today."
    assert len(s.author_text) == len(s.text)


def test_month_may_is_not_a_hedge() -> None:
    assert analyze_standalone("The vote was held on May 5.").hedges == []
    assert [c.text for c in analyze_standalone("May it rain.").hedges] == ["May"]


def test_hearsay_and_attribution_in_the_blog_style() -> None:
    s = analyze_standalone("Sources further claimed that Putin was interested.")
    assert [(c.text, c.type) for c in s.author_hedges] == [("claimed", "hearsay")]
    assert s.attribution_type == "anonymous"
    assert s.primary is not None and s.primary.source == "Sources"


def test_caps_numbers_and_questions() -> None:
    s = analyze_standalone("BREAKING: UN says 100,000 people fled in 2024?")
    assert s.caps_words == 1  # "UN" is too short to count as shouting
    assert s.numbers == 2
    assert s.question_author == 1
    assert s.n_words == 8


@pytest.mark.parametrize(
    ("text", "nonzero", "marks"),
    [
        ("", {}, (0, 0, 0.0)),
        (" ", {}, (0, 0, 0.0)),
        ("!!!!", {"punct_exclaim": 1.0}, (4, 0, 0.0)),
        # Two shouted words (caps_words), which no sentence feature reads.
        ("AAAA BBBB", {"log_words": math.log1p(2)}, (0, 2, 0.0)),
        # A lone quote mark opens a quotation that runs to the end of the text.
        ('"', {}, (0, 0, 1.0)),
        ("“unclosed", {"log_words": math.log1p(1)}, (0, 0, 1.0)),
    ],
)
def test_edge_cases_pinned(
    text: str, nonzero: dict[str, float], marks: tuple[int, int, float]
) -> None:
    s = analyze_standalone(text)
    values = {name: f(s) for name, f in SENTENCE_FEATURES.items()}
    assert {name: v for name, v in values.items() if v} == pytest.approx(nonzero)
    assert (s.exclaim_author, s.caps_words, s.quoted_share) == marks


def test_sentence_feature_values_pinned() -> None:
    s = analyze_standalone("Experts say it is likely to rain!")
    values = {name: f(s) for name, f in SENTENCE_FEATURES.items()}
    assert values["punct_exclaim"] == 1.0
    assert values["attr_any"] == 1.0
    assert values["attr_vague"] == 1.0
    assert values["hedge_epistemic"] > 0
    assert values["log_words"] == pytest.approx(2.0794415, rel=1e-6)  # log1p(7)


def test_hedge_conll_rate_is_the_highest_rate_of_the_authors_hedges() -> None:
    from scorer.analysis.lexicon import load_lexicon

    rates = load_lexicon("hedge_rates")
    rate = SENTENCE_FEATURES["hedge_conll_rate"]
    may, probably = rates.lookup("may"), rates.lookup("probably")
    assert may is not None and probably is not None
    assert rate(analyze_standalone("The bridge opened in 1932.")) == 0.0
    assert rate(analyze_standalone("It may rain.")) == may.weight
    # the highest of several hedges, not their sum
    assert rate(analyze_standalone("It may probably rain.")) == probably.weight
    # a hedge inside a quotation is the speaker's and does not count
    assert rate(analyze_standalone('He said: "it may rain", and it rained.')) == 0.0
    # in CoNLL train "probably" marks an uncertain sentence far more often than "may" does
    assert probably.weight > 0.6 > 0.3 > may.weight


def test_hedge_rates_cover_the_hedge_lexicon_term_for_term() -> None:
    from scorer.analysis.lexicon import load_lexicon

    hedges = {(e.term, e.match) for e in load_lexicon("hedges").entries}
    rates = load_lexicon("hedge_rates").entries
    assert {(e.term, e.match) for e in rates} == hedges
    assert all(e.source.startswith("conll-train ") for e in rates)


def test_article_features_pinned() -> None:
    text = "Sources said the plane crashed!\nReuters reported that it landed.\nIt rained."
    spans = [(0, 31), (32, 65), (66, 76)]
    analyses = analyze_sentences(text, spans)
    context = ArticleContext(analyses, [0.5, 0.7, 0.9])
    names = ["attr_rate", "attr_anonymous_share", "attr_media_share", "punct_exclaim_rate"]
    assert list(article_feature_vector(context, names)) == pytest.approx(
        [2 / 3, 1 / 3, 1 / 3, 1 / 3]
    )
    assert ARTICLE_FEATURES["attr_identified_share"](context) == pytest.approx(0.5)
    assert ARTICLE_FEATURES["certainty_mean"](context) == pytest.approx(0.7)
    counts = cue_counter(analyses)
    assert counts["anonymous"] == {"sources said": 1}
    assert counts["media"] == {"reuters reported": 1}


def test_unknown_feature_names_list_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown sentence feature 'nope'; valid features: "):
        get_sentence_features(["nope"])
    with pytest.raises(ValueError, match="attr_rate"):
        get_article_features(["attr_rate", "nope"])


def test_featurizer_follows_sklearn_conventions() -> None:
    featurizer = SentenceFeaturizer(features=["punct_exclaim", "attr_any"])
    assert featurizer.get_params() == {"features": ["punct_exclaim", "attr_any"], "cue_model": None}
    matrix = featurizer.fit_transform(["Wow!", "He said so."])
    assert matrix.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert list(featurizer.get_feature_names_out()) == ["punct_exclaim", "attr_any"]
    # The shipped cue model unless another is given, chosen at fit time (learned state).
    assert featurizer.cue_model_ is cue_model()


def test_sentence_feature_matrix_holds_the_named_features_in_order() -> None:
    import numpy as np

    from scorer.analysis.features import sentence_feature_matrix

    analyses = [analyze_standalone(t) for t in ("", "It may rain!", "Sources said so.")]
    matrix = sentence_feature_matrix(analyses, ["punct_exclaim", "attr_anonymous", "log_words"])
    assert matrix.shape == (3, 3)
    assert matrix.dtype == np.float64
    assert matrix[:, :2].tolist() == [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    assert matrix[:, 2].tolist() == pytest.approx([0.0, np.log1p(3), np.log1p(3)])
    assert sentence_feature_matrix([], ["log_words"]).shape == (0, 1)


def test_loaded_words_count_in_the_authors_voice_and_names_are_skipped() -> None:
    text = (
        "The reckless plan was a sham. "
        'Critics of Hayat Tahrir al-Sham called it "a disgraceful mess."'
    )
    sentences = analyze_sentences(text, [(0, 29), (30, len(text))])
    assert [(c.text, c.in_quote) for c in sentences[0].loaded] == [
        ("reckless", False),
        ("sham", False),
    ]
    # "al-Sham" is part of a name, and the quoted "disgraceful" is the critics' word.
    assert [(c.text, c.in_quote) for c in sentences[1].loaded] == [("disgraceful", True)]
    # A capitalised loaded word inside a sentence names something, except in a title-case
    # headline; ALL-CAPS words count.
    assert analyze_standalone("He starred in The Dirty Dozen.").loaded == []
    assert [c.text for c in analyze_standalone("Trump's Reckless Plan Is A Sham").loaded] == [
        "Reckless",
        "Sham",
    ]
    assert [c.text for c in analyze_standalone("THIS IS A RECKLESS SHAM!").loaded] == [
        "RECKLESS",
        "SHAM",
    ]
    context = ArticleContext(sentences, [0.5, 0.5])
    # (0.656 + 0.607) lexicon weight over 17 words, per 100 words.
    assert ARTICLE_FEATURES["loaded_per_100_words"](context) == pytest.approx(7.429, abs=0.001)
    assert cue_counter(sentences)["loaded"] == {"reckless": 1, "sham": 1}


@pytest.mark.parametrize(
    ("sentence", "hedges"),
    [
        ("Some 1,500 visitors came.", []),
        ("Several hundred people marched.", []),
        ("He lived there for many years.", []),
        ("She was fined on several occasions.", []),
        ("How many people died?", []),
        ("So many of them died.", []),
        ("As many as 20 died.", []),
        # The same quantifiers standing for unnamed people or things stay weasels.
        ("Many critics disagree.", ["Many", "critics"]),
        ("Some say it failed.", ["Some say"]),
        ("Many other languages do.", ["Many"]),
        ("As some have suggested, it failed.", ["some have suggested"]),
        ("As many believe, it failed.", ["many believe"]),
        ("Some 2016 voters say no.", ["Some"]),
    ],
)
def test_quantifiers_that_count_or_measure_are_not_weasels(
    sentence: str, hedges: list[str]
) -> None:
    assert [c.text for c in analyze_standalone(sentence).hedges] == hedges


def test_standalone_author_hedges_equal_the_full_analysis() -> None:
    for text in (
        'Officials said the deal may fail, but "it will probably pass," he said.',
        "Some 1,500 visitors came; many believe it was a success.",
        "It is believed that the plan could possibly fail.",
    ):
        assert standalone_author_hedges(text) == analyze_standalone(text).author_hedges


def test_cue_counter_lists_a_shared_source_once() -> None:
    """A participle that took the main clause's subject is one more attribution of the same
    source, not another source: explanations list "Sources said", not also "Sources (adding)"."""
    analysis = analyze_standalone("Sources said the talks failed, adding that no date was set.")
    assert [(a.cue, a.source) for a in analysis.attributions] == [
        ("said", "Sources"),
        ("adding", "Sources"),
    ]
    assert dict(cue_counter([analysis])["anonymous"]) == {"sources said": 1}


def test_caps_and_number_patterns_find_what_their_plain_forms_find(
    blog_text: str, reuters_text: str
) -> None:
    import re

    from scorer.analysis.features import _CAPS_WORD, _NUMBER, CAPS_WORD_PATTERN, NUMBER_PATTERN

    texts = [blog_text, reuters_text, blog_text.upper(), reuters_text.upper()]
    texts += ["ABCD xABCD ABCDx ABCD_ _ABCD ÀABCD ABCDÉ ABC AB CD EFGH IJKLM.NOPQ", "ABCD"]
    texts += ["é1,000.5 1.2.3,,4 x12y ABCDEFG12 12ABCD 3. ,5 ٣٤ 1.٣ ²", "1", "", "ÉTÉ USA’S"]
    for plain, fast in ((CAPS_WORD_PATTERN, _CAPS_WORD), (NUMBER_PATTERN, _NUMBER)):
        for text in texts:
            assert fast.findall(text) == re.findall(plain, text)


def test_per_100_words_patterns_find_what_their_plain_forms_find(
    blog_text: str, reuters_text: str, data_dir: Path
) -> None:
    from scorer.analysis.features import _FAST_PATTERNS, _FIRST_PERSON, _READER_ADDRESS

    assert set(_FAST_PATTERNS) == {_READER_ADDRESS, _FIRST_PERSON}
    paths = sorted((data_dir / "attribution" / "polnear").glob("*/text/*.txt"))[:200]
    texts = [blog_text, reuters_text, *(p.read_text(encoding="utf-8") for p in paths)]
    texts += [
        "I I'm I’m xI Imy me my mine mines we us our ours ourself yours yourself yourselves",
        "YOU You yOu youR xyou _you you_ 1you ÿou Ýou \nyou\nI",
        "I",
        "me",
        "",
        "ours.",
        "US",
        "YOURSELVES Yourself MY Me WE Us ıou",
    ]
    for plain, fast in _FAST_PATTERNS.items():
        for text in texts:
            assert fast.findall(text) == plain.findall(text)
