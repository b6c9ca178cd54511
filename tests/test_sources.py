"""Sourcing evidence (scorer.analysis.sources) and held-out outlets
(scorer.training.outlets), pinned on tiny hand-made articles and arrays."""

from __future__ import annotations

import numpy as np
import pytest

from scorer.analysis.features import analyze_sentences
from scorer.analysis.sources import CitedSource, SourcingEvidence, sourcing_evidence
from scorer.analysis.text import split_sentences
from scorer.training.outlets import held_out_aucs, held_out_logits, mean_auc, outlet_groups
from scorer.training.train import fit_signed_logistic

from .conftest import cue_model


def evidence(text: str) -> SourcingEvidence:
    return sourcing_evidence(analyze_sentences(text, split_sentences(text), cue_model()))


def test_a_person_named_in_full_then_by_surname_then_he_is_one_source() -> None:
    found = evidence(
        "Kremlin spokesman Dmitry Peskov said the talks would resume on Monday. Peskov added "
        "that no date had been set for the next round. He said the delegation was ready to "
        "travel. The State Department said it welcomed the talks. The Justice Department said "
        "it had no comment on the case."
    )
    assert found.sources == (
        CitedSource("Kremlin spokesman Dmitry Peskov", "named", 3),
        CitedSource("State Department", "named", 1),
        CitedSource("Justice Department", "named", 1),
    )
    assert (found.distinct_sources, found.distinct_identified_sources) == (3, 3)
    assert (found.claims, found.identified_claims) == (5, 5)


def test_a_document_is_new_with_a_and_the_latest_one_with_the() -> None:
    found = evidence(
        "A video posted online showed soldiers crossing the river near the town. A video "
        "filmed by residents showed smoke over the harbour. The video also showed two trucks "
        "on the bridge. The ministry said the bridge was closed. The ministry added that "
        "repairs would take a week."
    )
    assert found.sources == (
        CitedSource("video", "document", 1),
        CitedSource("video", "document", 2),
        CitedSource("ministry", "named", 2),
    )


def test_unnamed_sources_go_by_their_head_noun_and_a_citation_is_passed_on() -> None:
    found = evidence(
        "Russian news agencies reported that the plane had landed, citing a Kremlin source. "
        "The Interfax news agency quoted the unnamed source as saying that the family was "
        "safe. Officials said the airport was closed."
    )
    assert found.sources == (
        CitedSource("Russian news agencies", "media", 1),
        CitedSource("Kremlin source", "anonymous", 2),
        CitedSource("Interfax news agency", "media", 1),
        CitedSource("Officials", "anonymous", 1),
    )
    assert (found.identified_claims, found.anonymous_claims) == (2, 1)


def test_claims_leave_out_questions_short_lines_and_repeats() -> None:
    found = evidence(
        "Storm hits coast. The storm destroyed forty homes in the village on Sunday. What "
        "happens next? The storm destroyed forty homes in the village on Sunday."
    )
    assert (found.claims, found.unattributed_claims, found.attributed_claims) == (1, 1, 0)
    assert found.sources == ()


def test_a_negated_report_cites_no_one_and_hearsay_is_counted() -> None:
    found = evidence(
        "She did not say a single word about the plan at the meeting. Reportedly the plan "
        "was dropped by the council last week."
    )
    assert found.identified_claims == 0
    assert all(s.name.lower() != "she" for s in found.sources)
    assert found.hearsay_claims == 1


def test_direct_quotes_are_distinct_sentences_with_a_quotation() -> None:
    text = '"We lost everything in one night, all of it," she said. The dam held.'
    found = evidence(text + " " + text)
    assert found.direct_quotes == 1


def test_outlet_groups_hold_out_isot_and_the_user_as_one_group_each() -> None:
    groups = outlet_groups(
        ["isot", "isot", "polnear", "polnear", "fakenewscorpus", "user"],
        ["reuters", "isot-fake", "nyt", "breitbart", "x.com", "user"],
    )
    assert groups.tolist() == [
        "isot",
        "isot",
        "polnear:nyt",
        "polnear:breitbart",
        "fakenewscorpus:x.com",
        "user",
    ]


def test_each_group_is_scored_by_a_model_fitted_without_it() -> None:
    groups = np.array(["a", "a", "b", "c", "c"])
    seen: list[list[int]] = []

    def fit(rows: np.ndarray):  # type: ignore[no-untyped-def]
        seen.append(rows.tolist())
        return lambda test: np.full(len(test), float(len(rows)))

    z = held_out_logits(fit, groups)
    assert seen == [[2, 3, 4], [0, 1, 3, 4], [0, 1, 2]]
    assert z.tolist() == [3.0, 3.0, 4.0, 3.0, 3.0]


def test_held_out_checks_need_both_labels() -> None:
    corpus = np.array(["polnear"] * 4 + ["fakenewscorpus"] * 2 + ["isot"] * 2)
    y = np.array([1, 1, 0, 0, 0, 0, 1, 1])
    z = np.array([0.9, 0.8, 0.1, 0.85, 0.2, 0.3, 0.5, 0.6])
    aucs = held_out_aucs(z, y, corpus)
    # ISOT has one label here: no check; PolNeAR 3 of 4 pairs right; FakeNewsCorpus against
    # PolNeAR's reliable articles all right.
    assert aucs == {
        "polnear": {"articles": 4, "roc_auc": pytest.approx(0.75)},
        "fakenewscorpus vs polnear reliable": {"articles": 4, "roc_auc": pytest.approx(1.0)},
    }
    assert mean_auc(aucs) == pytest.approx(0.875)
    assert mean_auc({}) is None


def test_least_effects_hold_and_sample_weights_count_like_copies() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 2))
    y = (X[:, 0] + rng.normal(scale=2.0, size=300) > 0).astype(float)
    kwargs = {"name": "m", "target": "t", "features": ["a", "b"], "C": 0.01}
    plain = fit_signed_logistic(X, y, raises=["b"], **kwargs)  # type: ignore[arg-type]
    prior = fit_signed_logistic(X, y, raises=["b"], min_effects={"b": 0.5}, **kwargs)  # type: ignore[arg-type]
    assert plain.coef[1] / plain.scale[1] < 0.5
    assert prior.coef[1] / prior.scale[1] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="without a sign constraint: \\['a'\\]"):
        fit_signed_logistic(X, y, min_effects={"a": 1.0}, **kwargs)  # type: ignore[arg-type]
    # Without a penalty, a weight of 2 is the row twice: the same fit per unit of each
    # feature (the standardisation differs, the maximum likelihood does not).
    free = {"name": "m", "target": "t", "features": ["a", "b"], "C": 1e6, "balanced": False}
    doubled = fit_signed_logistic(np.vstack([X, X[:10]]), np.concatenate([y, y[:10]]), **free)  # type: ignore[arg-type]
    weights = np.ones(300)
    weights[:10] = 2.0
    weighted = fit_signed_logistic(X, y, sample_weight=weights, **free)  # type: ignore[arg-type]
    assert (weighted.coef / weighted.scale).tolist() == pytest.approx(
        (doubled.coef / doubled.scale).tolist(), abs=1e-4
    )
