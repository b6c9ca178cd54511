"""Accuracy gate: the shipped models must keep their dev-split figures.

Each minimum sits a little below the figure measured when the models were last trained (see
the ``## Accuracy`` table in README.md and the model cards); raising one is a deliberate edit
after an improvement, lowering one needs a reason in the commit. Needs ../shared/data (or
$SCORER_DATA): skipped where it is absent, a failure under CI=true.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.classify.model_set import load_model_set
from scorer.training.evaluate import (
    annotator_agreement,
    evaluate_article,
    evaluate_attribution,
    evaluate_certainty,
    evaluate_hedge,
)

from .conftest import cue_model

# The dev splits take about half a minute to score: slow as well as data-bound.
pytestmark = [pytest.mark.data, pytest.mark.slow]

# Measured (python -m scorer evaluate ../shared/data --task T): hedge F1 0.655, balanced
# Brier 0.168 and ECE 0.034; Pei & Jurgens r 0.467; attribution F1 0.891, source span F1
# 0.820; article sourcing AUC 0.675 (ISOT 0.655, PolNeAR 0.569), reliability AUC 0.836 (ISOT
# 0.857, PolNeAR 0.661). Minimums sit 0.015-0.025 below, the margin library-version noise
# needs; PolNeAR's 78 dev articles get a wider one.
# Certainty is calibrated to a balanced prior, so its calibration is gated with both classes
# weighted alike (the unweighted Brier against CoNLL's 28% of uncertain sentences is 0.167).
MIN_HEDGE_F1 = 0.635
MAX_HEDGE_BRIER_BALANCED = 0.19
MAX_HEDGE_ECE_BALANCED = 0.06
MIN_CERTAINTY_R = 0.45
MIN_ATTRIBUTION_F1 = 0.87
MIN_SOURCE_SPAN_F1 = 0.795
# The scorer against each PolNeAR annotator on the 6 multi-annotated articles outside train
# (0.867; the annotators agree with each other at 0.889 there).
MIN_AGREEMENT_SCORER_F1 = 0.845
# Sourcing reads sourcing evidence only (no tone, which told ISOT's unreliable sites from
# Reuters), and both article models are chosen on outlets they did not see, not on these dev
# articles of the training outlets (see the model cards for the held-out-outlet AUCs).
MIN_SOURCING_AUC = 0.655
MIN_SOURCING_AUC_ISOT = 0.635
MIN_SOURCING_AUC_POLNEAR = 0.52
MIN_RELIABILITY_AUC = 0.815
MIN_RELIABILITY_AUC_ISOT = 0.835
MIN_RELIABILITY_AUC_POLNEAR = 0.61


def test_uncertain_sentence_detection(data_dir: Path) -> None:
    result = evaluate_hedge(load_model_set().certainty, data_dir, cue_model())
    assert result["sentences"] > 1000
    assert result["f1"] >= MIN_HEDGE_F1
    assert result["brier_balanced"] <= MAX_HEDGE_BRIER_BALANCED
    assert result["ece_balanced"] <= MAX_HEDGE_ECE_BALANCED


def test_graded_certainty(data_dir: Path) -> None:
    result = evaluate_certainty(load_model_set().certainty, data_dir, cue_model())
    assert result["sentences"] > 100
    assert result["pearson_r"] >= MIN_CERTAINTY_R


def test_attribution_and_source_spans(data_dir: Path) -> None:
    result = evaluate_attribution(data_dir, cue_model())
    assert result["articles"] > 50
    assert result["attribution"]["f1"] >= MIN_ATTRIBUTION_F1
    assert result["source_span"]["f1"] >= MIN_SOURCE_SPAN_F1


def test_scorer_against_each_annotator(data_dir: Path) -> None:
    agreement = annotator_agreement(data_dir, cue_model())
    assert (agreement["articles"], agreement["annotators"]) == (22, 6)
    assert agreement["held_out"]["scorer"]["attribution_f1"] >= MIN_AGREEMENT_SCORER_F1
    # The annotators' agreement is a property of the corpus, not of the scorer.
    assert agreement["human"]["attribution_f1"] == pytest.approx(0.9067, abs=1e-4)


def test_article_sourcing_and_reliability(data_dir: Path) -> None:
    result = evaluate_article(load_model_set(), data_dir)
    assert result["scored"] >= 0.95 * result["articles"]
    assert result["roc_auc"] >= MIN_SOURCING_AUC
    assert result["by_corpus"]["isot"]["roc_auc"] >= MIN_SOURCING_AUC_ISOT
    assert result["by_corpus"]["polnear"]["roc_auc"] >= MIN_SOURCING_AUC_POLNEAR
    reliability = result["reliability"]
    assert reliability["roc_auc"] >= MIN_RELIABILITY_AUC
    assert reliability["by_corpus"]["isot"]["roc_auc"] >= MIN_RELIABILITY_AUC_ISOT
    assert reliability["by_corpus"]["polnear"]["roc_auc"] >= MIN_RELIABILITY_AUC_POLNEAR
