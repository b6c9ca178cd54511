"""Attribution: cues, source spans and source types, pinned on tiny hand-made sentences."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from scorer.analysis import attribution, features
from scorer.analysis.attribution import (
    Attribution,
    _poll_attribution,
    _quote_tag,
    primary_attribution,
    type_source,
)
from scorer.analysis.attribution_cues import (
    Candidate,
    CueModel,
    candidates,
    cue_stem,
    tokenize,
)
from scorer.analysis.features import SentenceAnalysis
from scorer.analysis.quotes import QuoteIndex, quote_spans
from scorer.analysis.text import split_sentences
from scorer.classify.model_set import CUE_MODEL_FILE, default_model_dir, load_cue_model
from scorer.errors import ModelError
from scorer.training.corpora import load_polnear

from .conftest import SEEDS, cue_model


def find_attributions(
    sentence: str, masked: str | None = None, **kwargs: object
) -> list[Attribution]:
    """The attributions the shipped cue model finds in ``sentence``."""
    return attribution.find_attributions(
        sentence,
        masked,
        cue_model=cue_model(),
        **kwargs,  # type: ignore[arg-type]
    )


def analyze_standalone(sentence: str) -> SentenceAnalysis:
    """``sentence`` analysed on its own with the shipped cue model."""
    return features.analyze_standalone(sentence, cue_model())


# sentence -> (primary type, primary cue, primary source)
PINNED = {
    "Sources said that Russia was maintaining contact with rebel groups.": (
        "anonymous",
        "said",
        "Sources",
    ),
    "According to experts, the plane was shot down.": ("vague", "According to", "experts"),
    "A section of Syrian officials claimed that the aircraft met with an accident.": (
        "anonymous",
        "claimed",
        "A section of Syrian officials",
    ),
    "The family has arrived in Russia, Russian news agencies reported on Sunday, citing a "
    "Kremlin source.": ("media", "reported", "Russian news agencies"),
    "The Interfax news agency quoted the unnamed source as saying that Assad had arrived.": (
        "media",
        "quoted",
        "The Interfax news agency",
    ),
    '"We will win," said John Smith, the party chairman.': ("named", "said", "John Smith"),
    "He said the vote would be held on Tuesday.": ("named", "said", "He"),
    "Pentagon spokesman John Kirby said the strikes would continue.": (
        "named",
        "said",
        "Pentagon spokesman John Kirby",
    ),
    "The Kremlin said Assad had arrived.": ("named", "said", "The Kremlin"),
    "Moscow announced on December 9 that the president had reached Russia.": (
        "named",
        "announced",
        "Moscow",
    ),
    "Critics say the law is unfair.": ("vague", "say", "Critics"),
    "They fear that the war will spread.": ("vague", "fear", "They"),
    "The New York Times reported that the talks had stalled.": (
        "media",
        "reported",
        "The New York Times",
    ),
    "Reuters reported that the plane crashed.": ("media", "reported", "Reuters"),
    "The report found that wages fell.": ("document", "found", "The report"),
    "Court documents show that he paid the fine.": ("document", "show", "Court documents"),
    '"It is over," Smith told reporters.': ("named", "told reporters", "Smith"),
    "People familiar with the matter said the deal was close.": (
        "anonymous",
        "said",
        "People familiar with the matter",
    ),
    "Trump mocked the senator at a rally.": ("named", "mocked", "Trump"),
    "He is eager to continue the political dialogue.": ("named", "eager", "He"),
    "The plan was criticised by Democrats.": ("named", "criticised", "Democrats"),
    # A participle with its agent describes the document: the filing is cited, not Reuters,
    # and "filing" and "seen" are no cues of their own.
    "According to a court filing seen by Reuters, the firm paid $3 million.": (
        "document",
        "According to",
        "a court filing seen by Reuters",
    ),
    # An opening phrase without its comma: the pronoun is the subject.
    "In a series of tweets he also said Xi was upping sanctions.": ("named", "said", "he"),
    # An adverb before the verb is not part of the subject, unless it is a name.
    "Critics have long argued that the program wastes money.": ("vague", "argued", "Critics"),
    "Palomarez even stated that he was disgusted.": ("named", "stated", "Palomarez"),
    "Sen. Russell Long said the bill was dead.": ("named", "said", "Sen. Russell Long"),
    "A memo seen by Reuters said investigators could not find the files.": (
        "document",
        "said",
        "A memo seen by Reuters",
    ),
}


@pytest.mark.parametrize("sentence", list(PINNED))
def test_pinned_primary_attribution(sentence: str) -> None:
    primary = primary_attribution(find_attributions(sentence))
    assert primary is not None
    assert (primary.type, primary.cue, primary.source) == PINNED[sentence]
    assert sentence[primary.cue_start : primary.cue_end] == primary.cue
    assert sentence[primary.source_start : primary.source_end] == primary.source


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        "   ",
        "!!!!",
        "The weather was cold and the roads were icy.",
        "An estimated 100,000 people had been held there.",
        "The so-called deal collapsed.",
        "You won't believe what happened next.",
    ],
)
def test_no_attribution(sentence: str) -> None:
    assert find_attributions(sentence) == []
    assert analyze_standalone(sentence).attribution_type == "none"


@pytest.mark.parametrize(
    "sentence",
    ['"unbalanced said quote', "\u201cThey said it was over, and we believed them.\u201d"],
)
def test_quoted_cues_are_not_the_authors(sentence: str) -> None:
    # Unmasked, the cue is found; masked by the sentence's quotations, it is the speaker's.
    assert "said" in [a.cue for a in find_attributions(sentence)]
    assert analyze_standalone(sentence).attributions == []


def test_passive_without_agent_has_no_source() -> None:
    [attribution] = find_attributions("It was reported that the plane crashed.")
    assert (attribution.cue, attribution.source, attribution.source_start) == ("reported", "", -1)
    assert attribution.type == "vague"


def test_cited_source_gives_way_to_the_reporter() -> None:
    sentence = "Russian news agencies reported on Sunday, citing a Kremlin source."
    found = find_attributions(sentence)
    assert [(a.type, a.cue, a.source) for a in found] == [
        ("media", "reported", "Russian news agencies"),
        ("anonymous", "citing", "a Kremlin source"),
    ]
    assert primary_attribution(found) is found[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            'The Interfax news agency quoted the unnamed source as saying: "He is safe."',
            ("anonymous", "the unnamed source"),
        ),
        (
            "Reuters quoted a Kremlin source as saying the talks failed.",
            ("anonymous", "a Kremlin source"),
        ),
        ("The paper quoted Peskov as saying he was safe.", ("named", "Peskov")),
    ],
)
def test_the_one_quoted_as_saying_is_the_source(sentence: str, expected: tuple[str, str]) -> None:
    found = find_attributions(sentence)
    assert (found[-1].type, found[-1].source) == expected
    assert sentence[found[-1].source_start : found[-1].source_end] == expected[1]


def test_as_saying_without_a_quoting_verb_keeps_no_source() -> None:
    found = find_attributions("He was seen as saying too much.")
    assert [a.source for a in found] == [""]


def test_a_particle_cue_takes_the_verb_before_it_and_a_lower_case_plural_is_a_crowd() -> None:
    article = (
        "Loyalists spoke with a sense of resignation about the implosion of his rule. "
        "Fear has swept through loyalist communities."
    )
    sentence = article[: article.index(".") + 1]
    first = find_attributions(sentence, article=article)[0]
    assert (first.cue, first.source, first.type) == ("spoke with", "Loyalists", "vague")


@pytest.mark.parametrize(
    ("source", "article", "common"),
    [
        ("Loyalists", "Loyalists wept. The loyalist towns fell.", True),
        ("Protesters", "Protesters said so. Police met the protesters.", True),
        ("Sanders", "Sanders said so. Sanders won.", False),  # never lower case: a name
        ("Democrats", "Democrats said so.", False),
        ("Loyalists", None, False),  # no article to look in
        ("The loyalists", "The loyalists said so.", False),  # one word only
    ],
)
def test_common_noun_needs_the_article_to_write_it_in_lower_case(
    source: str, article: str | None, common: bool
) -> None:
    from scorer.analysis.attribution import _common_noun

    assert _common_noun(source, article) is common


def test_cues_inside_quotations_are_the_speakers() -> None:
    sentence = '"Everyone said it would fail," Smith told reporters.'
    masked = '"' + " " * 28 + '"' + sentence[30:]
    assert len(masked) == len(sentence)
    assert [a.cue for a in find_attributions(sentence, masked)] == ["told reporters"]


def test_unbalanced_quote_does_not_raise() -> None:
    found = find_attributions('He said "')
    assert [(a.type, a.cue, a.source) for a in found] == [("named", "said", "He")]


def test_confidence_and_weight_are_probabilities() -> None:
    found = find_attributions("Sources said the deal was close, officials claimed.")
    assert found
    for a in found:
        assert 0.0 <= a.weight <= 1.0
        assert cue_model().threshold <= a.confidence <= 1.0


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("Sources", "anonymous"),
        ("experts", "vague"),
        ("a Kremlin source", "anonymous"),
        ("spokesman John Kirby", "named"),
        ("Russian news agencies", "media"),
        ("The Interfax news agency", "media"),
        ("court documents", "document"),
        ("he", "named"),
        ("they", "vague"),
        ("some people", "vague"),
        ("the minister", "named"),
        ("his office", "named"),
        ("Her lawyer", "named"),
        ("Syria's al-Assad", "named"),
        ("", "vague"),
    ],
)
def test_type_source(source: str, kind: str) -> None:
    assert type_source(source) == kind


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("said", "said"),
        ("claims", "claim"),
        ("claimed", "claim"),
        ("claiming", "claim"),
        ("worries", "worry"),
        ("Trump’s", "trump"),
        (":", ":"),
        ("is", "is"),
    ],
)
def test_cue_stem(word: str, stem: str) -> None:
    assert cue_stem(word) == stem


def test_fast_scorer_agrees_with_the_logistic_model() -> None:
    model = cue_model()
    from scorer.analysis.attribution_cues import candidates

    sentence = "Officials said on Friday that the senator, who has denied it, wants to run."
    found = candidates(sentence, sentence, model.stems, tokenize(sentence))
    assert len(found) >= 3
    dense = np.array([c.dense for c in found])
    expected = model.model.predict_proba(dense, [c.sparse for c in found])
    assert model.probabilities(found) == pytest.approx(expected.tolist(), abs=1e-9)


@pytest.mark.data
def test_shipped_cue_model_reproduces_its_recorded_dev_f1(data_dir: Path) -> None:
    """The PolNeAR dev sentence F1 the cue model's file records is what this code measures with
    that model and its threshold (the training's own evaluation, run again)."""
    from scorer.training.train_cues import _candidate_rows, _sentence_scores, sentence_f1

    model = cue_model()
    docs = load_polnear(data_dir, "dev")
    rows = _candidate_rows(docs)
    scores = _sentence_scores(model, rows, set(range(len(docs))))
    measured = sentence_f1(scores, rows.sentence_gold, model.threshold)
    assert measured == model.model.info["metrics"]["polnear_dev_sentence"]
    assert measured["f1"] >= 0.85


def test_edited_cue_model_is_refused(tmp_path: Path) -> None:
    payload = json.loads((default_model_dir() / CUE_MODEL_FILE).read_text(encoding="utf-8"))
    payload["info"]["threshold"] = 0.01
    edited = tmp_path / CUE_MODEL_FILE
    edited.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ModelError, match="checksum mismatch"):
        load_cue_model(edited)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A participle clause after a comma: its subject is the name that opens the sentence.
        ("Prisoners poured out of the jails on Sunday, shouting with joy.", "Prisoners"),
        # A leading preposition is not part of the source.
        ("The collapse was rapid, with many questioning how it happened.", "many"),
        # A source span that holds another cue mid-way is that cue's clause, not a source.
        ("Officials spoke with a sense of resignation about the end of his rule.", "Officials"),
    ],
)
def test_source_spans_stop_at_clauses(sentence: str, expected: str) -> None:
    sources = [a.source for a in find_attributions(sentence)]
    assert expected in sources
    assert all("spoke" not in s and "poured" not in s and not s.startswith("with") for s in sources)


def test_passive_with_adverb_has_no_subject_source() -> None:
    found = find_attributions("A development that is being widely called earth shaking.")
    assert all(a.source == "" for a in found)


# sentence -> [(cue, source, type), ...] for subjects separated from their verb.
SEPARATED_SUBJECTS = {
    # An apposition between subject and verb: the source is the subject with its apposition,
    # and what follows the verb is what was said, not an inverted subject.
    "Asa Khalif, an organizer with the coalition, said the demonstrators wanted change.": [
        ("said", "Asa Khalif, an organizer with the coalition", "named")
    ],
    "Trump, who has relied on populist fervor, has said Britain was right.": [
        ("said", "Trump, who has relied on populist fervor", "named")
    ],
    "Sen. Bernie Sanders (I-Vt.) called him divisive.": [
        ("called", "Sen. Bernie Sanders (I-Vt.)", "named")
    ],
    # A cue inside the apposition describes the source; it does not end it.
    "The justice -- who had criticized him -- said she regretted her remarks.": [
        ("criticized", "who", "named"),
        ("said", "The justice -- who had criticized him", "named"),
    ],
    # A relative pronoun is the source (as PolNeAR marks it), typed by its antecedent.
    "Republicans clashed with Megyn Kelly, who questioned his respect for women.": [
        ("questioned", "who", "named")
    ],
    # A participle clause after a comma takes the main clause's subject.
    "The GOP nominee has staked his campaign on immigration, portraying migrants as criminals.": [
        ("portraying", "The GOP nominee", "named")
    ],
    # Inverted order after a clause only when the phrase after the verb ends there.
    "The plan is dead, said John Smith.": [("said", "John Smith", "named")],
    # NYT-style quotation marks written as doubled apostrophes.
    "''We will win,'' said John Smith, the party chairman.": [("said", "John Smith", "named")],
    "''We will win,'' Smith, the party chairman, said.": [
        ("said", "Smith, the party chairman", "named")
    ],
}


@pytest.mark.parametrize("sentence", list(SEPARATED_SUBJECTS))
def test_subjects_separated_from_their_verb(sentence: str) -> None:
    found = find_attributions(sentence)
    assert [(a.cue, a.source, a.type) for a in found] == SEPARATED_SUBJECTS[sentence]
    assert all(sentence[a.source_start : a.source_end] == a.source for a in found)


def test_participle_inherits_the_earlier_cues_source() -> None:
    found = find_attributions(
        "A federal judge sided with the Democrats, saying the law was unfair."
    )
    assert [(a.cue, a.source) for a in found] == [
        ("sided with", "A federal judge"),
        ("saying", "A federal judge"),
    ]
    assert found[1].source_start == found[0].source_start


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        # A participle clause takes a pronoun or a name that opens the sentence.
        ("He basically ducked, pointing to his record in the legislature.", "pointing to", "He"),
        (
            "Ohio Gov. John Kasich suspended his campaign, telling supporters he had faith.",
            "telling",
            "Ohio Gov. John Kasich",
        ),
        # A capitalised word that is not a name (it is followed by "and") is not taken.
        (
            "Bewildered and elated prisoners poured out of the jails, shouting with joy.",
            "shouting",
            "",
        ),
        # A verb joined by "and" shares its subject, the sentence's or the last clause's.
        (
            "She greeted 2,000 supporters at a rally in Houston and told them to vote.",
            "told",
            "She",
        ),
        ('When the manager was asked about it, he laughed and said, "We will see."', "said", "he"),
        # `"...," saying` is a participle clause, not an inverted subject.
        (
            'Mike Pence blamed the media for the claim that Obama "founded ISIS," saying they were'
            " nitpicking at his wording.",
            "saying",
            "Mike Pence",
        ),
        # A time phrase between the subject and its verb is neither.
        (
            "Chairman Trey Gowdy earlier in the day touted the progress of the panel.",
            "touted",
            "Chairman Trey Gowdy",
        ),
        (
            "Beck, who opposed Trump during the primaries, last week said the movement was dead.",
            "said",
            "Beck, who opposed Trump during the primaries",
        ),
        # An adverb between the subject and its verb is skipped like an auxiliary.
        ("The senator has repeatedly criticized the plan.", "criticized", "The senator"),
    ],
)
def test_subjects_of_participles_coordinated_verbs_and_past_time_phrases(
    sentence: str, cue: str, expected: str
) -> None:
    found = {a.cue: a.source for a in find_attributions(sentence)}
    assert found[cue] == expected


@pytest.mark.parametrize(
    ("sentence", "dropped"),
    [
        # The classifier accepts "has" here (p 0.42 with the shipped model), "repeatedly" and
        # "increasingly" below: on their own they are not cues.
        ("Sanders has also won the support of young voters.", {"has"}),
        ("The senator has repeatedly criticized the plan.", {"has", "repeatedly"}),
        ("Twitter is increasingly seen as a news site.", {"is", "increasingly"}),
    ],
)
def test_auxiliaries_and_adverbs_alone_are_not_cues(sentence: str, dropped: set[str]) -> None:
    tokens = tokenize(sentence)
    accepted = {tokens[c.index][0] for c, _ in cue_model().cues(sentence, sentence, tokens)}
    # The classifier proposes them (so the rule is what drops them) ...
    assert dropped <= accepted
    # ... and no attribution keeps one as its cue.
    assert not {a.cue for a in find_attributions(sentence)} & dropped


def _attribution(kind: str, cue: str, source: str, confidence: float) -> Attribution:
    return Attribution(kind, cue, 0, len(cue), source, 0, len(source), 1.0, confidence)


@pytest.mark.parametrize(
    ("vague_confidence", "expected"),
    [
        # A vague source gives way to an identifiable one the classifier is nearly as sure of
        # ("The poll finds that many voters say ..."), but not to one it doubts.
        (0.9, "finds"),
        (0.94, "finds"),
        (0.99, "say"),
    ],
)
def test_primary_prefers_an_identifiable_source(vague_confidence: float, expected: str) -> None:
    found = [
        _attribution("document", "finds", "The poll", 0.65),
        _attribution("vague", "say", "many voters", vague_confidence),
    ]
    primary = primary_attribution(found)
    assert primary is not None
    assert primary.cue == expected


def test_a_phrase_opening_with_an_auxiliary_is_not_a_source() -> None:
    # Walking back from "pushing" meets a verb phrase ("has run a string of editorials"), not
    # the newspaper: no source rather than a wrong one.
    found = find_attributions(
        "The Union Leader, the largest newspaper, has run a string of negative editorials"
        " pushing the same line of attack."
    )
    assert [(a.cue, a.source) for a in found] == [("pushing", "")]


def _ungated_cues(model: CueModel, sentence: str, masked: str) -> list[tuple[Candidate, float]]:
    """What CueModel.cues must return: every candidate scored exactly, then thresholded."""
    found = candidates(sentence, masked, model.stems, tokenize(sentence))
    scored = zip(found, model.probabilities(found), strict=True)
    return [(c, p) for c, p in scored if p >= model.threshold]


def _seed_sentences() -> list[tuple[str, str]]:
    """(sentence, sentence with quotations blanked) for every sentence of the seeds."""
    pairs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        quotes = QuoteIndex(quote_spans(text))
        for start, end in split_sentences(text):
            sentence = text[start:end]
            pairs.append((sentence, QuoteIndex.blank(sentence, start, quotes.overlap(start, end))))
    return pairs


QUOTED = '"We will win," said the senator, who has denied it.'
GATE_SENTENCES = [
    ("", ""),
    ("!", "!"),
    ("Said.", "Said."),
    ("That is what he said:", "That is what he said:"),
    (QUOTED, QUOTED.replace('"We will win,"', " " * len('"We will win,"'))),
    ("According to sources close to the Kremlin, talks were called off.", None),
    ("An estimated 100,000 people were told to leave, officials said on Friday.", None),
    # Title case (a headline): the capitalisation parts are taken off in the gate too.
    ("Hillary Clinton Goes After Donald Trump As The New Mitt Romney.", None),
    ("Black Lawmakers Rip Donald Trump As A Fraud, Says Report.", None),
    # Headlines whose cue passes only once the capitalisation parts are off: the stem-bigram
    # bound must be checked against that score, not the one with the capitals counted.
    ("Obama Sees 'Personal Insult' if Blacks Don't Rally for Hillary Clinton.", None),
    ("31 Latinos Share Their Most Honest Thoughts On Donald Trump.", None),
    ("Visa Program Up for Renewal Amid Allegations of Fraud.", None),
]


def test_gated_cues_equal_the_exact_scores_of_every_candidate() -> None:
    model = cue_model()
    pairs = [(s, m if m is not None else s) for s, m in GATE_SENTENCES] + _seed_sentences()
    accepted = 0
    for sentence, masked in pairs:
        expected = _ungated_cues(model, sentence, masked)
        assert model.cues(sentence, masked, tokenize(sentence)) == expected, sentence
        assert model.cues(sentence, masked) == expected, sentence
        accepted += len(expected)
    assert accepted >= 40  # the seeds do attribute: the comparison is not vacuous


def test_gate_keeps_a_candidate_exactly_at_the_threshold() -> None:
    # With the threshold set to a candidate's own probability, that candidate passes (p >= t)
    # however the gate's sum rounds: its margin must keep it.
    shipped = cue_model()
    pairs = _seed_sentences()
    probabilities = sorted(
        {p for s, m in pairs for p in shipped.probabilities(candidates(s, m, shipped.stems))}
    )
    for threshold in probabilities[:: max(1, len(probabilities) // 25)]:
        info = {**shipped.model.info, "threshold": threshold}
        model = CueModel(dataclasses.replace(shipped.model, info=info))
        for sentence, masked in pairs:
            expected = _ungated_cues(model, sentence, masked)
            assert model.cues(sentence, masked) == expected, (threshold, sentence)
        assert any(_ungated_cues(model, s, m) for s, m in pairs)


def test_gate_is_off_for_thresholds_outside_zero_one() -> None:
    shipped = cue_model()
    sentence = "Officials said on Friday that the senator, who has denied it, wants to run."
    for threshold in (0.0, -1.0):
        info = {**shipped.model.info, "threshold": threshold}
        model = CueModel(dataclasses.replace(shipped.model, info=info))
        everything = candidates(sentence, sentence, model.stems)
        assert [c for c, _ in model.cues(sentence, sentence)] == everything


@pytest.mark.data
def test_gated_cues_on_polnear_dev(data_dir: Path) -> None:
    model = cue_model()
    checked = accepted = 0
    for doc in load_polnear(data_dir, "dev")[:12]:
        quotes = QuoteIndex(quote_spans(doc.text))
        for start, end in split_sentences(doc.text):
            sentence = doc.text[start:end]
            masked = QuoteIndex.blank(sentence, start, quotes.overlap(start, end))
            expected = _ungated_cues(model, sentence, masked)
            assert model.cues(sentence, masked, tokenize(sentence)) == expected, sentence
            checked += 1
            accepted += len(expected)
    assert checked >= 300
    assert accepted >= 200


def test_reporting_matches_follow_the_text_they_are_asked_about() -> None:
    from scorer.analysis.attribution_cues import reporting_matches

    first = "According to sources, he said so."
    second = "He denied it, officials told Reuters."
    got = [(first[a:b], e.term) for a, b, e in reporting_matches(first)]
    assert ("According to sources", "according to sources") in got
    assert ("said", "said") in got
    assert reporting_matches(first) == reporting_matches(first)  # the kept result
    assert [second[a:b] for a, b, _ in reporting_matches(second)] == ["denied", "told"]
    assert [first[a:b] for a, b, _ in reporting_matches(first)] == [t for t, _ in got]


def test_sparse_terms_are_eight_distinct_terms() -> None:
    # The gate of CueModel.cues adds each of the eight terms once; probabilities() counts each
    # distinct term once: they agree only if the eight are always distinct, whatever the words.
    sentence = (
        "U.S. officials' naïve __init__ claim: don’t say “١٢٣” -- said_so, "
        "s_x sn_ ps_ w_ n1_ the the THE a (S) ! ?"
    )
    found = candidates(sentence, sentence, None)
    assert len(found) >= 15
    for cand in found:
        terms = cand.sparse.split()
        assert len(terms) == len(set(terms)) == 8, cand.sparse


@pytest.mark.parametrize(
    ("sentence", "article", "source"),
    [
        ('"PENCE: Well, look, the question is why.', "Gov. Mike Pence spoke.", "PENCE"),
        ("WALLACE: Let's start with breaking news.", "Chris Wallace asked.", "WALLACE"),
        ("JAKE TAPPER: Do you think so?", "Jake Tapper of CNN.", "JAKE TAPPER"),
    ],
)
def test_a_transcript_speaker_label_attributes_the_line(
    sentence: str, article: str, source: str
) -> None:
    [found] = find_attributions(sentence, article=article + " " + sentence)
    assert (found.type, found.cue, found.source) == ("named", ":", source)
    assert sentence[found.source_start : found.source_end] == source


@pytest.mark.parametrize(
    "sentence",
    [
        "CORRECTION: An earlier version of this article misstated the date.",
        "BYLINE: Amber Phillips.",
        "VIDEO: Crowds cheer the senator.",
    ],
)
def test_a_section_label_is_no_speaker(sentence: str) -> None:
    # The article never names "Correction", "Byline" or "Video" in ordinary case.
    assert find_attributions(sentence, article="The senator spoke on Monday. " + sentence) == []


@pytest.mark.parametrize(
    ("sentence", "after_quote", "source"),
    [
        ("”― Pamela Padilla", False, "Pamela Padilla"),
        ("― Edwin G. Monroy.", True, "Edwin G. Monroy"),
        ('"— Julie A. Diaz Martinez', False, "Julie A. Diaz Martinez"),
    ],
)
def test_a_signature_after_a_quotation_attributes_it(
    sentence: str, after_quote: bool, source: str
) -> None:
    [found] = find_attributions(sentence, after_quote=after_quote)
    assert (found.type, found.source) == ("named", source)
    assert sentence[found.source_start : found.source_end] == source


@pytest.mark.parametrize(
    "sentence",
    [
        "— White House Correspondent Julie Pace.",  # a byline, not after a quotation
        "— Reduce job-killing regulations on large and small businesses.",
    ],
)
def test_a_dash_line_not_after_a_quotation_is_no_signature(sentence: str) -> None:
    assert all(a.cue not in {"—", "―"} for a in find_attributions(sentence))


def test_signature_sees_the_quotation_before_it_in_the_article() -> None:
    text = "“He is ignorant of our culture.”― Sonya Herridge\n\n― Reduce regulations now"
    spans = [(0, 32), (32, 48), (50, len(text))]
    _, signature, bullet = features.analyze_sentences(text, spans, cue_model())
    assert signature.primary is not None
    assert (signature.primary.type, signature.primary.source) == ("named", "Sonya Herridge")
    assert bullet.primary is None or bullet.primary.cue != "―"


def test_cited_takes_the_subject_before_it() -> None:
    # PolNeAR train: the source of "cited" precedes it 26 times in 27 ("Clinton cited it").
    found = {a.cue: a.source for a in find_attributions("Trump cited his own endorsements.")}
    assert found.get("cited") == "Trump"


def test_title_case_sentence_has_no_capitalisation_features() -> None:
    from scorer.analysis.attribution_cues import CUE_FEATURES, is_title_case

    headline = "Hillary Clinton Goes After Donald Trump As The New Mitt Romney."
    ordinary = "Hillary Clinton goes after Donald Trump as the new Mitt Romney."
    assert is_title_case(tokenize(headline))
    assert not is_title_case(tokenize(ordinary))
    assert not is_title_case(tokenize("Trump Wins."))  # too short to tell
    capitalised = CUE_FEATURES.index("capitalised")
    prev_capitalised = CUE_FEATURES.index("prev_capitalised")
    for cand in candidates(headline, headline, None):
        assert cand.dense[capitalised] == cand.dense[prev_capitalised] == 0.0
    goes = next(c for c in candidates(ordinary, ordinary, None) if c.stem == cue_stem("goes"))
    assert goes.dense[prev_capitalised] == 1.0


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Pat Caddell: Democrat Voters Worried About Clinton's Health.", "Pat Caddell"),
        ("Sanders: Clinton needs to get away from all of this.", "Sanders"),
        ("Rush Limbaugh: 'Hillary Asking Moderator To Fact Check Trump.'", "Rush Limbaugh"),
    ],
)
def test_a_headline_speaker_before_a_colon_attributes_it(sentence: str, source: str) -> None:
    article = f"{sentence}\nOn Monday, {source.split()[-1]} spoke to reporters."
    [found] = find_attributions(sentence, article=article)
    assert (found.type, found.cue, found.source) == ("named", ":", source)


@pytest.mark.parametrize(
    "sentence",
    [
        "Clinton: 2,316.",  # a tally
        "Sanders: Finish second.",  # too short for a claim
        "The Latest: Sanders wins the Minnesota caucuses.",
        "Correction: October 2, 2016, Sunday.",  # a section label
        "Editor's Note: Sanders wins the Minnesota caucuses.",
    ],
)
def test_a_label_that_is_no_headline_speaker(sentence: str) -> None:
    article = f"{sentence}\nClinton and Sanders met the Latest voters. Correction: Editor's Note."
    assert all(a.cue != ":" for a in find_attributions(sentence, article=article))


def test_a_headline_speaker_must_be_named_elsewhere_in_the_article() -> None:
    sentence = "Stealth Over Health: Hillary Clinton Was Headed to ER."
    assert all(a.cue != ":" for a in find_attributions(sentence, article=sentence))


def test_phrase_reads_as_the_sentence_does() -> None:
    """Explanations quote source and cue with the words between them, not glued together."""
    phrases = [a.phrase for a in analyze_standalone("She did not say a word.").attributions]
    assert phrases == ["She did not say"]
    phrases = [a.phrase for a in analyze_standalone("Moscow confirmed the news.").attributions]
    assert phrases == ["Moscow confirmed"]


@pytest.mark.parametrize(
    ("sentence", "kind", "cue", "source"),
    [
        # The Reuters seed's headline: "reports" alone reads as a noun to the classifier.
        ("Bashar al-Assad granted asylum in Russia, reports Russian media", "media", "reports",
         "Russian media"),
        ("The economy grew 3 percent, reports the Commerce Department.", "named", "reports",
         "the Commerce Department"),
    ],
)  # fmt: skip
def test_an_inverted_attribution_ending_the_sentence(
    sentence: str, kind: str, cue: str, source: str
) -> None:
    [found] = find_attributions(sentence)
    assert (found.type, found.cue, found.source) == (kind, cue, source)


def test_an_inverted_ending_inside_a_quotation_is_the_speakers() -> None:
    sentence = '"Prices rose, reports Interfax"'
    masked = " " * len(sentence)
    assert find_attributions(sentence, masked) == []


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        # A year after "in" is a time phrase between subject and verb.
        ("McConnell, who in 2010 said the goal was clear, objected.", "said", "who"),
        ("The senator in 2010 said the goal was clear.", "said", "The senator"),
        # PolNeAR marks a partitive relative as the source.
        ("Family members, many of whom say the claims are false, met.", "say", "many of whom"),
    ],
)
def test_source_before_a_time_phrase_or_a_partitive(sentence: str, cue: str, source: str) -> None:
    found = next(a for a in find_attributions(sentence) if a.cue == cue)
    assert found.source == source


@pytest.mark.parametrize(
    "sentence",
    [
        "Obama's aides were complimentary, perhaps recognizing that imitation is flattery.",
        "Ryan, despite admitting that he had concerns, said he backs the bill.",
    ],
)
def test_an_adverb_before_a_participle_is_not_its_source(sentence: str) -> None:
    found = next(a for a in find_attributions(sentence) if a.cue.endswith("ing"))
    assert found.source.lower() not in {"perhaps", "despite"}


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ('"There is resistance," said Mr. Schmidt, who bought it.', "Mr. Schmidt"),
        ('"It is good," said Sen. Tom Carper.', "Sen. Tom Carper"),
        ('"Some adapt," said Paul H. Chipok, a lawyer.', "Paul H. Chipok"),
        ("According to Mr. Rhodes, the visit failed.", "Mr. Rhodes"),
        ("Sen. Elizabeth Warren said the bank failed.", "Sen. Elizabeth Warren"),
        ("The U.S. said it would act.", "The U.S."),
        ("A spokesman for the U.S. Embassy said no.", "A spokesman for the U.S. Embassy"),
        # Before a title only the rest of the name is taken.
        ("The morning Mr. Obama unveiled the plan, he left.", "Mr. Obama"),
    ],
)
def test_a_title_or_an_initial_does_not_cut_a_source_short(sentence: str, source: str) -> None:
    assert find_attributions(sentence)[0].source == source


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        # A verb form or an adverb left over from the clause before the cue is no source.
        # (the participle takes the main clause's subject instead)
        ("Obama aides were complimentary, even recognizing that imitation is flattery.",
         "recognizing", "Obama aides"),
        ("Republicans have all but stopped confirming his picks.", "confirming", ""),
        # A capitalised name that ends like a verb form is still a name.
        ("Ahmed said the talks failed.", "said", "Ahmed"),
    ],
)  # fmt: skip
def test_a_leftover_verb_or_adverb_is_not_a_source(sentence: str, cue: str, source: str) -> None:
    found = next(a for a in find_attributions(sentence) if a.cue == cue)
    assert found.source == source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("His office said he was resting.", "His office"),
        ("He was resting, his office said.", "his office"),
        ("Her lawyer said she was innocent.", "Her lawyer"),
        ("She was innocent, her lawyer said.", "her lawyer"),
    ],
)
def test_a_possessed_role_is_named_wherever_it_stands(sentence: str, source: str) -> None:
    primary = analyze_standalone(sentence).primary
    assert primary is not None
    assert (primary.source, primary.type) == (source, "named")


def test_a_modal_between_subject_and_verb_is_not_part_of_the_source() -> None:
    (found,) = [a for a in find_attributions("Officials should say so.") if a.cue == "say"]
    assert found.source == "Officials"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "According to a court filing seen by Reuters, the firm paid.",
            [("document", "According to", "a court filing seen by Reuters")],
        ),
        (
            "A memo seen by Reuters said investigators could not find the files.",
            [("document", "said", "A memo seen by Reuters")],
        ),
        # A reporting verb's own source outside the span stays ("Many Republicans").
        (
            "Many Republicans said, according to a survey conducted by WBUR, that they agree.",
            [
                ("vague", "said", "Many Republicans"),
                ("document", "according to", "a survey conducted by WBUR"),
            ],
        ),
    ],
)
def test_cues_inside_a_described_document_are_part_of_it(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    found = find_attributions(sentence)
    assert [(a.type, a.cue, a.source) for a in found] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The FBI is reportedly making arrangements to interview her.",
        "Both Google and Facebook have reportedly looked at Twitter and passed.",
    ],
)
def test_reportedly_attributes_without_a_source(sentence: str) -> None:
    # Someone reported it; the subject is not the source.
    primary = analyze_standalone(sentence).primary
    assert primary is not None
    assert (primary.cue, primary.source, primary.type) == ("reportedly", "", "vague")


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        ("“This is a big political win for me,” I confessed.", "confessed", "I"),
        ("“Not a single accomplishment,” Bozell answers.", "answers", "Bozell"),
        ('"People are afraid of wasting their votes," he surmised.', "surmised", "he"),
        ("“This is fantastic!” beamed Donald Hartley of Madison.", "beamed",
         "Donald Hartley of Madison"),
        ("“Enough of this!” the judge exclaimed.", "exclaimed", "the judge"),
    ],
)  # fmt: skip
def test_a_speech_tag_after_a_quotation_attributes_it(sentence: str, cue: str, source: str) -> None:
    primary = analyze_standalone(sentence).primary
    assert primary is not None
    assert (primary.cue, primary.source, primary.type) == (cue, source, "named")


@pytest.mark.parametrize(
    "sentence",
    [
        # No closing quotation mark before the verb, or no verb right after it.
        "He confessed that the plan had failed.",
        "“It works,” in most cases.",
        # A title ending in "!" followed by a verb that reports nothing.
        'The musical "Oklahoma!" was Broadway\'s biggest hit.',
        'The show "Jeopardy!" airs Mondays.',
        'The movie "Airplane!" has Leslie Nielsen in it.',
        'She starred in "Oklahoma!" a musical that ran for years.',
    ],
)
def test_no_speech_tag_without_a_quotation_before_it(sentence: str) -> None:
    assert _quote_tag(sentence, sentence, cue_model().stems) == []


def test_a_speech_tag_inside_a_quotation_is_the_speakers() -> None:
    sentence = '"Prices rose," Interfax reported.'
    assert _quote_tag(sentence, " " * len(sentence), cue_model().stems) == []


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Clinton led 47 percent to 39 percent in the latest Washington Post-ABC News poll.",
         "the latest Washington Post-ABC News poll"),
        ("Cruz came in second in January polls.", "January polls"),
        ("Trump leads by 57 percent to 33 percent in the 50-state poll.", "the 50-state poll"),
    ],
)  # fmt: skip
def test_a_figure_in_a_named_poll_is_attributed_to_the_poll(sentence: str, source: str) -> None:
    assert _poll_attribution(sentence, sentence) == [
        Attribution(
            type="document",
            cue="in",
            cue_start=sentence.index(source) - 3,
            cue_end=sentence.index(source) - 1,
            source=source,
            source_start=sentence.index(source),
            source_end=sentence.index(source) + len(source),
            weight=1.0,
        )
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # The horse-race idiom names no poll.
        "Trump has a wide lead in the polls.",
        "He rose in the latest polls.",
        # The phrase after "in" leaves the poll's name at a clause word or a verb.
        "Voters in Florida head to the polls Tuesday.",
        "He campaigned in Iowa before the polls closed.",
        "Lines formed in Ohio as polls opened.",
        "Trump arrived in Louisiana to survey flood damage.",
    ],
)
def test_the_polls_as_an_idiom_is_no_source(sentence: str) -> None:
    assert _poll_attribution(sentence, sentence) == []


def test_a_mistyped_closing_mark_before_an_inverted_tag_leaves_the_speaker() -> None:
    primary = analyze_standalone("“It's unusual,“ said Larry Noble, an attorney.").primary
    assert primary is not None
    assert (primary.type, primary.cue, primary.source) == ("named", "said", "Larry Noble")


@pytest.mark.parametrize(
    ("sentence", "cues"),
    [
        # "per" is a cue only as a word: "persuade" names no source after it.
        (
            "He kept trying to persuade delegates by arguing that Sanders would win.",
            ["persuade", "arguing"],
        ),
        # A verb after the agent of a document is a cue of its own.
        ("The bill signed by Obama says nothing about guns.", ["says"]),
    ],
)
def test_cues_after_a_described_source_stay(sentence: str, cues: list[str]) -> None:
    found = find_attributions(sentence)
    assert [a.cue for a in found][: len(cues)] == cues


def test_title_case_test_stops_early_but_decides_as_defined() -> None:
    from scorer.analysis.attribution_cues import is_title_case

    def defined(toks: list[tuple[str, int, int]]) -> bool:
        long_words = [w for w, _, _ in toks if len(w) > 3 and w[0].isalpha()]
        return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)

    sentences = [s for s, _ in GATE_SENTENCES] + [s for s, _ in _seed_sentences()]
    sentences += ["Clinton Goes After Trump On Taxes", "Clinton Goes after", "A B C", ""]
    sentences += ["Über Alles Ändert Sich", "Trump Says 1,000 Jobs Were Saved By Carrier"]
    results = [is_title_case(tokenize(s)) for s in sentences]
    assert results == [defined(tokenize(s)) for s in sentences]
    assert any(results) and not all(results)


@pytest.mark.parametrize(
    "sentence",
    [
        # An approximation, not "talked about".
        "The navy destroyed about 200 cars near Lyon.",
        # The opening noun is the subject of the verb after it, not "hailed".
        "Hail destroyed about 200 cars near Lyon.",
        "Hail cut about 40 jobs.",
        # "withdrew" was a cue in 3 training sentences only, and nothing here reports.
        "The navy withdrew its ships from the northern coast.",
        "Police withdrew its ships from the northern coast.",
    ],
)
def test_a_verb_that_does_not_report_attributes_nothing(sentence: str) -> None:
    assert find_attributions(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        # A headline's opening imperative and a fragment's opening verb stay cues.
        ("Hail Trump for destroying the Republican Party.", "Hail"),
        ('Calls men derogatory names, like "pigs," and operates male beauty pageants.', "Calls"),
        # A rare cue word with a quotation or a "that" after it still reports.
        ('"We are done," the judge exclaimed.', "exclaimed"),
    ],
)
def test_opening_and_rare_cues_that_report_stay(sentence: str, cue: str) -> None:
    assert cue in [a.cue for a in find_attributions(sentence)]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Officials who asked not to be named said the talks had stalled.", "Officials"),
        ("Three engineers who spoke on condition of anonymity said the bridge was unsafe.",
         "Three engineers"),
        ("A spokesman who declined to be identified said the plan was dead.", "A spokesman"),
        ("Two diplomats who were not authorized to speak publicly said the deal was close.",
         "Two diplomats"),
        ("Officials, who asked not to be named, said the talks had stalled.", "Officials"),
        ('"It was awful," said one former executive who requested anonymity to avoid damage.',
         "one former executive"),
        ("Federal officials familiar with the server, speaking on the condition of anonymity "
         "because they were not authorized to discuss the case, said it was hacked.",
         "Federal officials familiar with the server"),
    ],
)  # fmt: skip
def test_an_anonymity_clause_describes_its_source(sentence: str, source: str) -> None:
    found = find_attributions(sentence)
    # The clause's own verbs ("asked", "named", "spoke") are no attributions of their own.
    assert [(a.type, a.cue, a.source) for a in found] == [("anonymous", "said", source)]
