"""Metrics, labelled files, the attribution evaluation on a hand-made PolNeAR folder, and the
``scorer evaluate`` command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from scorer.cli import cli
from scorer.errors import DataError
from scorer.training.evaluate import (
    annotator_agreement,
    balanced_weights,
    brier,
    evaluate,
    evaluate_attribution,
    expected_calibration_error,
    f1_uncertain,
    load_labelled,
    pearson,
    reliability_table,
)

from .conftest import cue_model


def test_f1_uncertain_counts_certainty_below_half() -> None:
    certainty = np.array([0.1, 0.4, 0.6, 0.9, 0.2])
    uncertain = np.array([1, 0, 1, 0, 1])
    # predicted uncertain: rows 0, 1, 4; true positives 0, 4; gold positives 0, 2, 4.
    assert f1_uncertain(certainty, uncertain) == {
        "precision": pytest.approx(0.6667, abs=1e-4),
        "recall": pytest.approx(0.6667, abs=1e-4),
        "f1": pytest.approx(0.6667, abs=1e-4),
    }
    assert f1_uncertain(np.array([0.9]), np.array([0]))["f1"] == 0.0


def test_reliability_table_bins_and_error() -> None:
    p = np.array([0.05, 0.05, 0.95, 1.0])
    o = np.array([0, 1, 1, 1])
    table = reliability_table(p, o)
    assert len(table) == 10
    assert table[0] == {
        "low": 0.0,
        "high": 0.1,
        "count": 2,
        "mean_predicted": 0.05,
        "observed": 0.5,
    }
    assert table[9]["count"] == 2  # 1.0 falls into the last bin
    assert table[5]["mean_predicted"] is None
    # (2 * |0.05 - 0.5| + 2 * |0.975 - 1|) / 4
    assert expected_calibration_error(p, o) == pytest.approx(0.2375)


def test_balanced_weights_make_both_classes_count_alike() -> None:
    o = np.array([1, 1, 1, 0])
    w = balanced_weights(o)
    # 4 / (2 * 3) for each of the three positives, 4 / (2 * 1) for the negative.
    assert w.tolist() == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2.0])
    assert w[o == 1].sum() == pytest.approx(w[o == 0].sum())
    assert balanced_weights(np.array([1, 1])).tolist() == [1.0, 1.0]
    p = np.array([0.9, 0.9, 0.9, 0.9])
    # Unweighted: (3 * 0.01 + 0.81) / 4; balanced: (2 * 0.01 + 2 * 0.81) / 4.
    assert brier(p, o) == pytest.approx(0.21)
    assert brier(p, o, w) == pytest.approx(0.41)
    # One bin, predicted 0.9: observed 0.75 unweighted, 0.5 balanced.
    assert expected_calibration_error(p, o) == pytest.approx(0.15)
    assert expected_calibration_error(p, o, w) == pytest.approx(0.4)
    assert reliability_table(p, o, weights=w)[9]["observed"] == pytest.approx(0.5)


def test_pearson_of_constant_is_zero() -> None:
    assert pearson(np.array([1.0, 1.0]), np.array([1.0, 2.0])) == 0.0
    assert pearson(np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0])) == pytest.approx(
        0.9934, abs=1e-4
    )


def test_load_labelled_csv_and_jsonl(tmp_path: Path) -> None:
    csv = tmp_path / "s.csv"
    csv.write_text('text,label\n"It may rain.",1\n"It rained.",0\n" ",1\n', encoding="utf-8")
    frame = load_labelled(csv)
    assert list(frame["text"]) == ["It may rain.", "It rained."]
    assert list(frame["label"]) == [1, 0]
    assert set(frame["split"]) <= {"train", "dev"}
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text('{"text": "A.", "label": 4.5}\n{"text": "B.", "label": 2}\n', "utf-8")
    assert list(load_labelled(jsonl, "rating")["label"]) == [4.5, 2.0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text,score\na,1\n", "needs the columns text and label; missing: label"),
        ("text,label\na,2\n", "label must be 0 or 1; row 1 has '2'"),
        ("text,label\na,yes\n", "label must be 0 or 1; row 1 has 'yes'"),
        ("text,label\n", "has no rows with text"),
    ],
)
def test_load_labelled_refuses_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_labelled(path)


def _polnear(tmp_path: Path) -> Path:
    """A one-article PolNeAR folder: a named attribution, an anonymous one, and a sentence
    the gold marks as attributed (source "The bridge", cue "stayed") with no reporting cue, so
    no detector finds it."""
    base = tmp_path / "attribution" / "polnear"
    (base / "dev" / "text").mkdir(parents=True)
    (base / "dev" / "attributions").mkdir(parents=True)
    (base / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\twire\ndev\tnyt_1\tnyt\tNone\n", encoding="utf-8"
    )
    text = (
        "John Smith said the bridge was closed. "
        "Officials said it would reopen. "
        "The bridge stayed shut for a week. "
        "It rained all day."
    )
    (base / "dev" / "text" / "nyt_1.txt").write_text(text, encoding="utf-8")

    def span(phrase: str) -> str:
        start = text.index(phrase)
        return f"{start} {start + len(phrase)}"

    ann = [
        f"T1\tSource {span('John Smith')}\tJohn Smith",
        f"T2\tCue {text.index('said the')} {text.index('said the') + 4}\tsaid",
        f"T3\tContent {span('the bridge was closed')}\tthe bridge was closed",
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        f"T4\tSource {span('Officials')}\tOfficials",
        f"T5\tCue {text.index('said it')} {text.index('said it') + 4}\tsaid",
        "E2\tAttribution:T5 Source:T4 Cue:T5",
        f"T6\tSource {span('The bridge')}\tThe bridge",
        f"T7\tCue {span('stayed')}\tstayed",
        "E3\tAttribution:T7 Source:T6 Cue:T7",
    ]
    (base / "dev" / "attributions" / "nyt_1_a1.ann").write_text(
        "\n".join(ann) + "\n", encoding="utf-8"
    )
    return tmp_path


def test_evaluate_attribution_on_a_hand_made_article(tmp_path: Path) -> None:
    result = evaluate_attribution(_polnear(tmp_path), cue_model())
    assert result["articles"] == 1
    assert result["sentences"] == 4
    # Gold: sentences 1-3 attribute; the scorer finds the two "said" sentences.
    assert result["attribution"]["gold"] == 3
    assert result["attribution"]["predicted"] == 2
    assert result["attribution"]["true_positives"] == 2
    assert result["attribution"]["f1"] == pytest.approx(0.8)
    assert result["source_span"]["gold"] == 3
    assert result["source_span"]["true_positives"] == 2
    assert result["source_span"]["precision"] == 1.0
    assert result["by_type"] == {
        "anonymous": {"predicted": 1, "correct": 1},
        "named": {"predicted": 1, "correct": 1},
    }


def test_evaluate_attribution_on_labelled_sentences(tmp_path: Path) -> None:
    """Four sentences: two attribute with a reporting verb (found, named and anonymous), one
    attributes with no reporting cue (missed), one does not (rightly left). Each source is
    checked against the primary source's span: both found sources overlap their gold ones."""
    path = tmp_path / "s.jsonl"
    rows = [
        {"text": "The minister said the bridge is closed.", "label": 1, "source": "The minister"},
        {"text": "Sources said it would reopen.", "label": 1, "source": "Sources"},
        {"text": "The bridge stayed shut for a week.", "label": 1, "source": "The bridge"},
        {"text": "It rained all day.", "label": 0, "source": None},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = evaluate(path, "attribution")
    assert result["sentences"] == 4
    assert result["attributing"] == 3
    assert result["attribution"]["predicted"] == 2
    assert result["attribution"]["true_positives"] == 2
    assert result["attribution"]["f1"] == pytest.approx(0.8)
    assert result["source_span"]["gold"] == 3
    assert result["source_span"]["true_positives"] == 2
    assert result["by_type"] == {
        "anonymous": {"predicted": 1, "correct": 1},
        "named": {"predicted": 1, "correct": 1},
    }
    # Without a source column there is no source-span figure.
    plain = tmp_path / "s.csv"
    plain.write_text("text,label\nThe minister said so.,1\n", encoding="utf-8")
    assert "source_span" not in evaluate(plain, "attribution")


def test_evaluate_attribution_refuses_a_source_not_in_its_sentence(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("text,label,source\nThe minister said so.,1,The mayor\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 1: source 'The mayor' does not occur in its text"):
        evaluate(path, "attribution")
    with pytest.raises(ValueError, match="unknown task 'tone'; valid tasks: hedge, certainty"):
        evaluate(path, "tone")


def test_cli_evaluate_hedge_on_a_labelled_file(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "text,label\n"
        '"The minister said the bridge is closed.",0\n'
        '"It is widely believed that the bridge may possibly be unsafe.",1\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["evaluate", str(path), "--task", "hedge", "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["task"] == "hedge"
    assert payload["sentences"] == 2
    assert payload["uncertain"] == 1
    assert payload["f1"] == 1.0  # the shipped model separates these two


def test_cli_evaluate_reports_bad_labels_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("text,label\nSome article.,maybe\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--task", "article"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "label must be 0 or 1; row 1 has 'maybe'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_evaluate_certainty_refuses_constant_ratings(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("text,label\nIt may rain.,3\nIt rains.,3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--task", "certainty"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: certainty needs at least two rows with different ratings to correlate with "
        "(2 rows, every rating 3)\n"
    )


def test_cli_evaluate_attribution_text_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["evaluate", str(_polnear(tmp_path)), "--task", "attribution"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert "attribution: precision 1.0, recall 0.6667, f1 0.8" in result.stdout


def test_annotator_agreement_pools_pairs_of_annotators(tmp_path: Path) -> None:
    """Two annotators of one article: a1 marks all three attributing sentences of the
    _polnear text with their sources; a2 marks the two "said" sentences and only John Smith
    as a source. Hand-counted: attribution, a1 against a2 TP 2 of 3 predicted and 2 gold, a2
    against a1 TP 2 of 2 and 3 gold, pooled 2*4/(5+5) = 0.8; source spans TP 1+1, predicted
    3+1, gold 1+3, 2*2/(4+4) = 0.5. The scorer finds the two "said" sentences with their
    sources: against a1 TP 2 (3 gold), against a2 TP 2 (2 gold) and one source of one gold."""
    text = (
        "John Smith said the bridge was closed. "
        "Officials said it would reopen. "
        "The bridge stayed shut for a week. "
        "It rained all day."
    )
    base = tmp_path / "attribution" / "polnear"
    (base / "annotator-training" / "text").mkdir(parents=True)
    folder = base / "annotator-training" / "attributions"
    folder.mkdir(parents=True)
    (base / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\twire\tannotators\n"
        "annotator-training\tnyt_1\tnyt\tNone\ta1|a2\n"
        "annotator-training\tnyt_1_more\tnyt\tNone\ta3\n",
        encoding="utf-8",
    )
    (base / "annotator-training" / "text" / "nyt_1.txt").write_text(text, encoding="utf-8")

    def span(phrase: str, after: int = 0) -> str:
        start = text.index(phrase, after)
        return f"{start} {start + len(phrase)}"

    said_1, said_2 = span("said"), span("said", text.index("Officials"))
    a1 = [
        f"T1\tSource {span('John Smith')}\tJohn Smith",
        f"T2\tCue {said_1}\tsaid",
        "E1\tAttribution:T2 Source:T1 Cue:T2",
        f"T3\tSource {span('Officials')}\tOfficials",
        f"T4\tCue {said_2}\tsaid",
        "E2\tAttribution:T4 Source:T3 Cue:T4",
        f"T5\tSource {span('The bridge')}\tThe bridge",
        f"T6\tCue {span('stayed')}\tstayed",
        "E3\tAttribution:T6 Source:T5 Cue:T6",
    ]
    a2 = [
        f"T1\tSource {span('John Smith')}\tJohn Smith",
        f"T2\tCue {said_1}\tsaid",
        "E1\tAttribution:T2 Source:T1 Cue:T2",
        f"T3\tCue {said_2}\tsaid",
        "E2\tAttribution-no-source:T3 Cue:T3",
    ]
    (folder / "nyt_1_a1.ann").write_text("\n".join(a1) + "\n", encoding="utf-8")
    (folder / "nyt_1_a2.ann").write_text("\n".join(a2) + "\n", encoding="utf-8")
    # Another article whose name starts with this one's: not a third annotator of nyt_1.
    (folder / "nyt_1_more_a3.ann").write_text("\n".join(a1) + "\n", encoding="utf-8")

    result = annotator_agreement(tmp_path, cue_model())
    assert result["articles"] == 1
    assert result["sentences"] == 4
    assert result["annotators"] == 2
    assert result["human"] == {"attribution_f1": 0.8, "source_span_f1": 0.5}
    held = result["held_out"]
    assert held["articles"] == 1
    assert held["human"] == result["human"]
    # Attribution: TP 4, predicted 4, gold 5; sources: TP 2 + 1, predicted 4, gold 3 + 1.
    assert held["scorer"] == {"attribution_f1": pytest.approx(0.8889), "source_span_f1": 0.75}
    assert result["by_compartment"] == {
        "annotator-training": {"articles": 1, "human_attribution_f1": 0.8}
    }
    # A corpus whose metadata names no annotators has nothing to compare.
    assert annotator_agreement(_polnear(tmp_path / "single"), cue_model()) == {}
