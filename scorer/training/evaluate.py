"""Measuring the scorer against labelled data (``scorer evaluate``).

Four tasks, each returning a plain dict of metrics (JSON-ready):

- ``hedge``: uncertain sentence detection; F1 of the uncertain class, predicted as
  ``certainty < 0.5`` (CoNLL-2010 Wikipedia dev, or a user's sentences labelled 1 = uncertain).
- ``certainty``: graded certainty; Pearson r of sentence ``certainty`` with a rating
  (Pei & Jurgens val, 1-6; or a user's sentences with a numeric rating, higher = more certain).
- ``attribution``: on PolNeAR dev, sentence-level F1 of "this sentence contains an
  attribution" and of "the source span found overlaps a gold source", with the scorer's own
  sentence splits and analysis; next to them, the same metrics between PolNeAR's own
  annotators on the articles they all annotated (:func:`annotator_agreement`). Or a user's
  sentences labelled 1 = attributes, with an optional ``source`` column.
- ``article``: ROC AUC of article ``sourcing`` against well-sourced labels (the dev articles
  of ../shared/data, by corpus, or a user's articles labelled 1 = well sourced), and the same
  of article ``reliability`` (labels: the outlet is reliable).

A user's labelled file is a CSV, TSV or JSONL table with the columns ``text`` and ``label``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from scorer.analysis.attribution_cues import CueModel
from scorer.analysis.features import analyze_sentences, analyze_standalone, sentence_feature_matrix
from scorer.analysis.text import split_sentences
from scorer.classify.model_set import load_model_set
from scorer.errors import DataError, InputError
from scorer.pipeline.scoring import score_batch
from scorer.reading.inputs import Item
from scorer.training.corpora import (
    PolnearDoc,
    is_dev_text,
    load_articles,
    load_certainty,
    load_conll_hedging,
    load_polnear,
    load_polnear_agreement,
    overlaps,
    polnear_sentence_labels,
)

if TYPE_CHECKING:
    from scorer.analysis.features import SentenceAnalysis
    from scorer.classify.logistic import LogisticModel
    from scorer.classify.model_set import ModelSet
Task = Literal["hedge", "certainty", "attribution", "article"]
TASKS: tuple[str, ...] = ("hedge", "certainty", "attribution", "article")

#: Published and baseline figures next to which the dev metrics are reported (model cards,
#: README). They are quoted from the task description and the cited papers, not measured here.
BASELINES: dict[str, dict[str, float]] = {
    "hedge_f1": {"best CoNLL-2010 shared-task system (Wikipedia)": 0.602, "TF-IDF + LR": 0.58},
    "certainty_r": {
        "TF-IDF ridge (Pei & Jurgens 2021)": 0.70,
        "hedge-only model trained on CoNLL": 0.07,
    },
    "attribution_f1": {"reporting-verb regex": 0.57},
    "source_span_f1": {"reporting-verb regex": 0.46},
    "article_auc": {
        "cue-rate one-liners": 0.60,
        "TF-IDF LR on ISOT": 0.63,
        "hand-weighted attribution heuristic": 0.66,
    },
}


# --- Metrics ------------------------------------------------------------------------------------


def f1_uncertain(certainty: np.ndarray, uncertain: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of the uncertain class, predicted as ``certainty < 0.5``."""
    predicted = np.asarray(certainty) < 0.5
    gold = np.asarray(uncertain).astype(bool)
    result = _prf(int(np.sum(predicted & gold)), int(predicted.sum()), int(gold.sum()))
    return {k: result[k] for k in ("precision", "recall", "f1")}


def brier(
    probabilities: np.ndarray, outcomes: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """Mean squared error of probabilities against 0/1 (or soft) outcomes (weighted mean)."""
    error = (np.asarray(probabilities) - np.asarray(outcomes)) ** 2
    return round(float(np.average(error, weights=weights)), 4)


def balanced_weights(outcomes: np.ndarray) -> np.ndarray:
    """Weights n / (2 n_class) of 0/1 outcomes: both classes count as much in a mean.

    Calibration measured with them is calibration to a balanced prior, the prior the sentence
    certainty model is calibrated to (see ``CertaintyConfig.calibration_prior``).
    """
    o = np.asarray(outcomes)
    n_pos = float(np.sum(o == 1))
    n_neg = float(len(o) - n_pos)
    if not n_pos or not n_neg:
        return np.ones(len(o))
    return np.where(o == 1, len(o) / (2 * n_pos), len(o) / (2 * n_neg))


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC (0.5 = chance)."""
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 4)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation; 0.0 when either side is constant."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return 0.0
    return round(float(np.corrcoef(x, y)[0, 1]), 4)


def reliability_table(
    probabilities: np.ndarray,
    outcomes: np.ndarray,
    bins: int = 10,
    weights: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """A reliability table: per probability bin, the count, mean prediction and observed rate.

    Bins are equal-width on [0, 1]; the last one includes 1.0. Empty bins are kept (count 0,
    means NaN as ``None``) so every table has ``bins`` rows. With ``weights`` the means are
    weighted (``count`` stays the number of rows).
    """
    p = np.asarray(probabilities, dtype=np.float64)
    o = np.asarray(outcomes, dtype=np.float64)
    w = np.ones(len(p)) if weights is None else np.asarray(weights, dtype=np.float64)
    index = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = index == b
        n = int(mask.sum())
        rows.append(
            {
                "low": round(b / bins, 2),
                "high": round((b + 1) / bins, 2),
                "count": n,
                "mean_predicted": round(float(np.average(p[mask], weights=w[mask])), 4)
                if n
                else None,
                "observed": round(float(np.average(o[mask], weights=w[mask])), 4) if n else None,
            }
        )
    return rows


def expected_calibration_error(
    probabilities: np.ndarray, outcomes: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """Mean |mean predicted - observed| over the 10 reliability bins, weighted by bin size.

    With ``weights`` a bin's size is its rows' total weight, and its means are weighted.
    """
    p = np.asarray(probabilities, dtype=np.float64)
    w = np.ones(len(p)) if weights is None else np.asarray(weights, dtype=np.float64)
    table = reliability_table(p, outcomes, weights=w)
    index = np.minimum((p * 10).astype(int), 9)
    mass = np.bincount(index, weights=w, minlength=10)
    error = sum(
        mass[b] * abs(row["mean_predicted"] - row["observed"])
        for b, row in enumerate(table)
        if row["count"]
    )
    return round(float(error / max(mass.sum(), 1e-12)), 4)


# --- Labelled files -----------------------------------------------------------------------------


def load_labelled(
    path: str | Path,
    kind: Literal["binary", "rating"] = "binary",
    optional: Sequence[str] = (),
) -> pd.DataFrame:
    """Read a user's labelled table: CSV, TSV or JSONL with ``text`` and ``label`` columns.

    Args:
        path: the file (``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``; other names are read as CSV).
        kind: ``"binary"``: labels must be 0 or 1; ``"rating"``: any finite numbers.
        optional: further columns to keep when the file has them (as text, empty for missing
            values), such as ``source`` for the attribution task.

    Returns:
        Columns ``text``, ``label`` (int for binary, float for rating), the ``optional``
        columns present, and ``split``: ``dev`` for about one text in five (by SHA-1 of the
        text, as for the public corpora), else ``train``. Rows with empty text are dropped.

    Raises:
        DataError: unreadable file, missing columns, bad labels or no rows.
    """
    path = Path(path)
    name = path.name.lower()
    try:
        if name.endswith((".jsonl", ".ndjson")):
            frame = pd.read_json(path, lines=True, dtype=False)
        else:
            sep = "\t" if name.endswith(".tsv") else ","
            frame = pd.read_csv(path, sep=sep, dtype={"text": str}, keep_default_na=False)
    except FileNotFoundError:
        raise DataError(f"no such labelled file: {path}") from None
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(f"cannot read labelled file {path}: {reason}") from None
    missing = [c for c in ("text", "label") if c not in frame.columns]
    if missing:
        raise DataError(
            f"labelled file {path} needs the columns text and label; missing: "
            f"{', '.join(missing)} (found: {', '.join(map(str, frame.columns))})"
        )
    extra = [c for c in optional if c in frame.columns]
    frame = frame[["text", "label", *extra]].copy()
    for column in extra:
        frame[column] = frame[column].map(lambda v: "" if pd.isna(v) else str(v).strip())
    frame["text"] = frame["text"].fillna("").astype(str).str.strip()
    frame = frame[frame["text"] != ""]
    labels = pd.to_numeric(frame["label"], errors="coerce")
    bad = labels.isna() | ~np.isfinite(labels.to_numpy(dtype=float, na_value=np.nan))
    if kind == "binary":
        bad |= ~labels.isin([0, 1])
    if bad.any():
        first = frame.index[bad.to_numpy()][0]
        wanted = "0 or 1" if kind == "binary" else "a number"
        raise DataError(
            f"labelled file {path}: label must be {wanted}; row {int(first) + 1} has "
            f"{str(frame.loc[first, 'label'])!r}"
        )
    if frame.empty:
        raise DataError(f"labelled file {path} has no rows with text")
    frame["label"] = labels.astype(int) if kind == "binary" else labels.astype(float)
    frame["split"] = ["dev" if is_dev_text(t) else "train" for t in frame["text"]]
    return frame.reset_index(drop=True)


# --- Sentence tasks -----------------------------------------------------------------------------


def sentence_certainty(
    model: LogisticModel, texts: Sequence[str], cue_model: CueModel
) -> np.ndarray:
    """The certainty model's score of each standalone sentence (what ``--unit sentence`` gives),
    with attributions found by ``cue_model``."""
    analyses = [analyze_standalone(t, cue_model) for t in texts]
    if not analyses:
        return np.zeros(0)
    return model.predict_proba(
        sentence_feature_matrix(analyses, model.features), [a.author_text for a in analyses]
    )


def evaluate_hedge(
    model: LogisticModel, data: Path | pd.DataFrame, cue_model: CueModel
) -> dict[str, Any]:
    """Uncertain sentence detection: F1 of the uncertain class as ``certainty < 0.5``.

    Args:
        model: a sentence certainty model.
        data: the corpora folder (CoNLL-2010 Wikipedia dev split) or a labelled frame from
            :func:`load_labelled` (``label`` 1 = uncertain; every row is used).
        cue_model: the cue classifier of the model's directory (its attribution features).
    """
    if isinstance(data, pd.DataFrame):
        texts, uncertain = list(data["text"]), data["label"].to_numpy()
    else:
        conll = load_conll_hedging(Path(data), "dev")
        texts, uncertain = list(conll["text"]), conll["uncertain"].to_numpy()
    p = sentence_certainty(model, texts, cue_model)
    return {
        "sentences": len(texts),
        "uncertain": int(uncertain.sum()),
        **f1_uncertain(p, uncertain),
        "brier": brier(p, 1 - uncertain),
        "ece": expected_calibration_error(p, 1 - uncertain),
        # The model is calibrated to a balanced prior: measured with both classes weighted
        # equally, these are its calibration errors; the two above use the corpus's own mix.
        "brier_balanced": brier(p, 1 - uncertain, balanced_weights(uncertain)),
        "ece_balanced": expected_calibration_error(p, 1 - uncertain, balanced_weights(uncertain)),
    }


def evaluate_certainty(
    model: LogisticModel, data: Path | pd.DataFrame, cue_model: CueModel
) -> dict[str, Any]:
    """Graded certainty: Pearson r of sentence certainty with a rating (higher = more certain).

    Args:
        model: a sentence certainty model.
        data: the corpora folder (Pei & Jurgens val, ratings 1-6) or a labelled frame from
            :func:`load_labelled` with ``kind="rating"`` (every row is used).
        cue_model: the cue classifier of the model's directory (its attribution features).
    """
    from scipy.stats import spearmanr

    if isinstance(data, pd.DataFrame):
        texts, rating = list(data["text"]), data["label"].to_numpy(dtype=float)
        low, high = float(rating.min()), float(rating.max())
        if len(texts) < 2 or low == high:
            # A correlation with a constant is undefined, not 0.
            raise InputError(
                "certainty needs at least two rows with different ratings to correlate with "
                f"({len(texts)} rows, every rating {low:g})"
            )
    else:
        ratings = load_certainty(Path(data), "val")
        texts, rating = list(ratings["text"]), ratings["rating"].to_numpy(dtype=float)
        low, high = 1.0, 6.0
    q = sentence_certainty(model, texts, cue_model)
    rho = spearmanr(q, rating)[0] if len(texts) > 1 else float("nan")
    result: dict[str, Any] = {
        "sentences": len(texts),
        "pearson_r": pearson(q, rating),
        "spearman_rho": round(float(rho), 4) if math.isfinite(rho) else 0.0,
    }
    if high > low:
        # The rating rescaled to [0, 1] as a soft outcome: how far the probabilities are off.
        result["brier_soft"] = brier(q, (rating - low) / (high - low))
    return result


# --- Article task -------------------------------------------------------------------------------


def article_scores(
    models: ModelSet, texts: Sequence[str], scores: Sequence[str] = ("sourcing",)
) -> np.ndarray:
    """Article scores exactly as ``scorer score`` reports them (NaN where an item fails): one
    column per name in ``scores`` (``sourcing``, ``reliability``), or a vector for one name
    given as the default."""

    items = [Item(id=str(i), source="<evaluate>", text=t) for i, t in enumerate(texts)]
    scored = score_batch(items, models, sentences=False)
    table = np.array(
        [
            [
                float(s.article[name]) if s.ok and s.article[name] is not None else np.nan
                for name in scores
            ]
            for s in scored
        ],
        dtype=np.float64,
    ).reshape(len(scored), len(scores))
    return table[:, 0] if tuple(scores) == ("sourcing",) else table


def evaluate_article(models: ModelSet, data: Path | pd.DataFrame) -> dict[str, Any]:
    """Article sourcing: ROC AUC and Brier of ``sourcing`` against well-sourced labels, and
    under ``reliability`` the same of the ``reliability`` score.

    Args:
        models: the certainty and article models.
        data: the corpora folder (dev articles of every corpus, also reported per corpus) or a
            labelled frame from :func:`load_labelled` (``label`` 1 = well sourced).
    """
    if isinstance(data, pd.DataFrame):
        frame = data.assign(corpus="user")
    else:
        articles = load_articles(Path(data))
        frame = articles[articles["split"] == "dev"]
    table = article_scores(models, list(frame["text"]), ("sourcing", "reliability"))
    y = frame["label"].to_numpy()
    corpus = frame["corpus"].to_numpy()
    ok = ~np.isnan(table[:, 0])
    result: dict[str, Any] = {
        "articles": len(frame),
        "scored": int(ok.sum()),
        "well_sourced": int(y[ok].sum()),
        **_article_metrics(table[:, 0], y, corpus),
    }
    if models.reliability is not None:
        result["reliability"] = _article_metrics(table[:, 1], y, corpus)
    return result


def _article_metrics(p: np.ndarray, y: np.ndarray, corpus: np.ndarray) -> dict[str, Any]:
    """Brier, ROC AUC and ROC AUC by corpus of one article score (NaN: not scored)."""
    ok = ~np.isnan(p)
    result: dict[str, Any] = {"brier": brier(p[ok], y[ok]) if ok.any() else None}
    if len(set(y[ok])) == 2:
        result["roc_auc"] = roc_auc(p[ok], y[ok])
    by_corpus = {}
    for name in sorted(set(corpus)):
        mask = ok & (corpus == name)
        if len(set(y[mask])) == 2:
            by_corpus[str(name)] = {
                "articles": int(mask.sum()),
                "roc_auc": roc_auc(p[mask], y[mask]),
            }
    if len(by_corpus) > 1:
        result["by_corpus"] = by_corpus
    return result


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts, with the counts (0 when undefined)."""
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "gold": gold,
        "predicted": predicted,
        "true_positives": tp,
    }


class _Tally:
    """True positives, predicted and gold counts of one sentence-level comparison."""

    def __init__(self) -> None:
        self.tp = self.predicted = self.gold = 0

    def add(self, predicted: bool, gold: bool, hit: bool) -> None:
        self.predicted += predicted
        self.gold += gold
        self.tp += predicted and gold and hit

    def prf(self) -> dict[str, float]:
        return _prf(self.tp, self.predicted, self.gold)

    def f1(self) -> float:
        return self.prf()["f1"]


class _ScorerTally:
    """The scorer's attribution and source-span counts over sentences, and its predicted types."""

    def __init__(self) -> None:
        self.attribution, self.source_span = _Tally(), _Tally()
        # How often each predicted type lands on a sentence that really attributes: which
        # types produce the false positives.
        self.by_type: dict[str, dict[str, int]] = {}

    def add(
        self,
        analysis: SentenceAnalysis,
        attributes: bool,
        sources: Sequence[tuple[int, int]] | None,
    ) -> None:
        """Count one sentence against its gold label: whether it attributes, and its gold
        source spans (offsets as the analysis's ``start``; None: no source labels)."""
        kind = analysis.attribution_type
        self.attribution.add(kind != "none", attributes, True)
        if kind != "none":
            counts = self.by_type.setdefault(kind, {"predicted": 0, "correct": 0})
            counts["predicted"] += 1
            counts["correct"] += attributes
        if sources is None:
            return
        primary = analysis.primary
        span = (
            # Attribution offsets are into the sentence, gold spans into the text.
            (analysis.start + primary.source_start, analysis.start + primary.source_end)
            if primary is not None and primary.source_end > primary.source_start
            else None
        )
        hit = span is not None and any(overlaps(span, g) for g in sources)
        self.source_span.add(span is not None, bool(sources), hit)

    def types(self) -> dict[str, dict[str, int]]:
        return {k: self.by_type[k] for k in sorted(self.by_type)}


def evaluate_attribution_labelled(data: pd.DataFrame, cue_model: CueModel) -> dict[str, Any]:
    """Attribution on a user's labelled sentences, each analysed on its own (``--unit sentence``).

    Args:
        data: a frame from :func:`load_labelled` with ``label`` 1 where the sentence attributes
            something to someone, and optionally ``source``: the gold source's words as they
            appear in the sentence (empty when it attributes to no one named in it).
        cue_model: the cue classifier.

    Returns:
        ``{"sentences", "attribution": {precision, recall, f1, ...}, "by_type": {...}}``, and
        ``"source_span"`` (as in :func:`evaluate_attribution`) when there is a ``source``
        column.

    Raises:
        DataError: a ``source`` that does not occur in its sentence.
    """
    has_source = "source" in data.columns
    tally = _ScorerTally()
    for row, (text, label) in enumerate(zip(data["text"], data["label"], strict=True), 1):
        gold_spans: list[tuple[int, int]] | None = None
        if has_source:
            source = str(data["source"].iloc[row - 1])
            at = text.find(source) if source else -1
            if source and at < 0:
                raise DataError(f"labelled row {row}: source {source!r} does not occur in its text")
            gold_spans = [(at, at + len(source))] if source else []
        # A standalone sentence starts at 0: its spans and the gold ones share offsets.
        tally.add(analyze_standalone(text, cue_model), bool(label), gold_spans)
    out: dict[str, Any] = {
        "sentences": len(data),
        "attributing": tally.attribution.gold,
        "attribution": tally.attribution.prf(),
    }
    if has_source:
        out["source_span"] = tally.source_span.prf()
    out["by_type"] = tally.types()
    return out


def attribution_sentences(
    docs: Sequence[PolnearDoc], cue_model: CueModel
) -> Iterator[tuple[PolnearDoc, SentenceAnalysis, dict[str, Any]]]:
    """Each sentence of PolNeAR articles as the scorer sees it, with its gold labels.

    Yields ``(doc, analysis, labels)``: the article, the scorer's analysis of the sentence
    (:func:`scorer.analysis.features.analyze_sentences` on
    :func:`scorer.analysis.text.split_sentences`), and the gold labels projected onto it by
    :func:`scorer.training.corpora.polnear_sentence_labels`.
    """
    for doc in docs:
        spans = split_sentences(doc.text)
        analyses = analyze_sentences(doc.text, spans, cue_model)
        gold = polnear_sentence_labels(doc, list(spans))
        for analysis, labels in zip(analyses, gold, strict=True):
            yield doc, analysis, labels


def evaluate_attribution(data_dir: Path, cue_model: CueModel, split: str = "dev") -> dict[str, Any]:
    """Attribution detection and source spans on PolNeAR, with the scorer's own sentences.

    Each article is split with :func:`scorer.analysis.text.split_sentences` and analysed with
    :func:`scorer.analysis.features.analyze_sentences`, exactly as the scorer does; gold labels are
    projected onto those sentences with :func:`scorer.training.corpora.polnear_sentence_labels`.

    - Attribution F1: a sentence is gold-positive when a gold cue overlaps it, and predicted
      positive when its ``attribution_type`` is not ``none``.
    - Source-span F1 (sentence level): predicted positives are sentences whose primary
      attribution has a source span; a true positive is one whose span overlaps a gold source
      span of that sentence; precision = TP / predicted positives, recall = TP / sentences
      with a gold source span.

    Args:
        data_dir: the corpora folder (reads ``attribution/polnear/``).
        cue_model: the cue classifier.
        split: PolNeAR compartment, ``"dev"`` (default) or ``"train"``.

    Returns:
        ``{"articles", "sentences", "attribution": {precision, recall, f1, gold, predicted},
        "source_span": {precision, recall, f1, gold, predicted}, "by_type": {...}}``.

    Raises:
        DataError: the PolNeAR files are missing or malformed.
    """
    docs = load_polnear(Path(data_dir), split)  # type: ignore[arg-type]
    n_sentences = 0
    tally = _ScorerTally()
    for _, analysis, labels in attribution_sentences(docs, cue_model):
        n_sentences += 1
        tally.add(analysis, bool(labels["has_attribution"]), labels["source_spans"])
    return {
        "split": split,
        "articles": len(docs),
        "sentences": n_sentences,
        "attribution": tally.attribution.prf(),
        "source_span": tally.source_span.prf(),
        "by_type": tally.types(),
    }


def annotator_agreement(data_dir: Path, cue_model: CueModel) -> dict[str, Any]:
    """How far PolNeAR's annotators agree with each other, and the scorer with each of them.

    On the articles that all annotators annotated
    (:func:`scorer.training.corpora.load_polnear_agreement`), split into the scorer's sentences,
    each annotator's labels are scored against every other
    annotator's with the metrics of :func:`evaluate_attribution`: attribution F1 (a cue
    overlaps the sentence) and source-span F1 (one of the first annotator's sources in the
    sentence overlaps one of the second's). Counts are pooled over the articles and over the
    ordered pairs of annotators, so precision equals recall and F1 is symmetric. The scorer is
    scored against each annotator in turn on the articles outside PolNeAR train (``dev`` and
    ``annotator-training``): the cue model was fitted on one annotator's labels of the train
    articles.

    Args:
        data_dir: the corpora folder (reads ``attribution/polnear/``).
        cue_model: the cue classifier.

    Returns:
        ``{"articles", "sentences", "annotators", "human": {attribution_f1, source_span_f1},
        "held_out": {"articles", "sentences", "human": {...}, "scorer": {...}},
        "by_compartment": {compartment: {"articles", "human_attribution_f1"}}}``, or ``{}``
        when the corpus has no multi-annotated articles.
    """
    docs = load_polnear_agreement(Path(data_dir))
    if not docs:
        return {}
    human = {"attribution": _Tally(), "source_span": _Tally()}
    held_human = {"attribution": _Tally(), "source_span": _Tally()}
    held_scorer = _ScorerTally()
    by_compartment: dict[str, dict[str, Any]] = {}
    n_sentences = n_held_sentences = n_held = 0
    annotators: set[str] = set()
    for doc in docs:
        spans = list(split_sentences(doc.text))
        n_sentences += len(spans)
        annotators.update(doc.annotations)
        labels = {
            annotator: [
                (bool(gold["has_attribution"]), list(gold["source_spans"]))  # type: ignore[call-overload]
                for gold in polnear_sentence_labels(
                    PolnearDoc(doc.doc_id, "", doc.text, attributions), spans
                )
            ]
            for annotator, attributions in doc.annotations.items()
        }
        held_out = doc.compartment != "train"
        compartment = by_compartment.setdefault(
            doc.compartment, {"articles": 0, "_tally": _Tally()}
        )
        compartment["articles"] += 1
        for first in labels:
            for second in labels:
                if first == second:
                    continue
                for (att_a, src_a), (att_b, src_b) in zip(
                    labels[first], labels[second], strict=True
                ):
                    hit = any(overlaps(x, y) for x in src_a for y in src_b)
                    for tallies in (human, held_human) if held_out else (human,):
                        tallies["attribution"].add(att_a, att_b, True)
                        tallies["source_span"].add(bool(src_a), bool(src_b), hit)
                    compartment["_tally"].add(att_a, att_b, True)
        if not held_out:
            continue
        n_held += 1
        n_held_sentences += len(spans)
        analyses = analyze_sentences(doc.text, spans, cue_model)
        for gold in labels.values():
            for analysis, (att_b, src_b) in zip(analyses, gold, strict=True):
                held_scorer.add(analysis, att_b, src_b)

    def f1s(tallies: dict[str, _Tally]) -> dict[str, float]:
        return {f"{k}_f1": t.f1() for k, t in tallies.items()}

    return {
        "articles": len(docs),
        "sentences": n_sentences,
        "annotators": len(annotators),
        "human": f1s(human),
        "held_out": {
            "articles": n_held,
            "sentences": n_held_sentences,
            "human": f1s(held_human),
            "scorer": f1s(
                {"attribution": held_scorer.attribution, "source_span": held_scorer.source_span}
            ),
        },
        "by_compartment": {
            name: {"articles": c["articles"], "human_attribution_f1": c["_tally"].f1()}
            for name, c in sorted(by_compartment.items())
        },
    }


def evaluate(data: str | Path, task: str, model_dir: str | Path | None = None) -> dict[str, Any]:
    """Measure one task on the shared data folder (dev splits) or a user's labelled file.

    Args:
        data: a corpora folder shaped like ../shared/data, or a CSV/TSV/JSONL file with
            ``text`` and ``label`` (hedge: 1 = uncertain; certainty: a rating, higher = more
            certain; article: 1 = well sourced).
        task: one of :data:`TASKS`.
        model_dir: a model directory shaped like ``models/`` (default: the shipped models).

    Returns:
        ``{"task", "data", ...metrics}``.

    Raises:
        ValueError: unknown task.
        DataError: missing or malformed data.
        ModelError: the models cannot be loaded.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; valid tasks: {', '.join(TASKS)}")
    path = Path(data)
    if not path.exists():
        raise DataError(f"no such data file or folder: {path}")
    is_dir = path.is_dir()
    models = load_model_set(str(model_dir) if model_dir is not None else None)
    # The directory's own cue model decides which sentences attribute, as when scoring.
    cues = models.attribution
    if task == "attribution":
        if not is_dir:
            labelled = load_labelled(path, "binary", optional=("source",))
            result = evaluate_attribution_labelled(labelled, cues)
            return {"task": task, "data": str(path), **result}
        metrics = evaluate_attribution(path, cues)
        agreement = annotator_agreement(path, cues)
        if agreement:
            metrics["annotator_agreement"] = agreement
        return {"task": task, "data": str(path), **metrics}
    source: Path | pd.DataFrame = (
        path if is_dir else load_labelled(path, "rating" if task == "certainty" else "binary")
    )
    if task == "hedge":
        metrics = evaluate_hedge(models.certainty, source, cues)
    elif task == "certainty":
        metrics = evaluate_certainty(models.certainty, source, cues)
    else:
        metrics = evaluate_article(models, source)
    return {"task": task, "data": str(path), **metrics}
