"""Fitting the attribution cue classifier (:mod:`scorer.analysis.attribution_cues`) on PolNeAR.

Every word of every training sentence that the run-time classifier would consider is a row,
labelled by whether it lies in a gold PolNeAR Cue. A stem becomes a candidate when it was part
of a gold cue at least ``min_stem_hits`` times; each row's stem precision is computed on the
other folds' articles, so that a row's own label does not leak into its feature. The decision
threshold is chosen on out-of-fold scores of every training article, and the model refitted on
all of them. The hyper-parameters are the ``attribution`` section of the training config
(:class:`CueConfig`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from scorer.analysis.attribution_cues import (
    CUE_FEATURES,
    Candidate,
    CueModel,
    candidates,
    smoothed_precision,
)
from scorer.analysis.quotes import QuoteIndex, quote_spans
from scorer.analysis.text import split_sentences
from scorer.classify.logistic import NGRAM_TOKEN_PATTERN, LogisticModel
from scorer.training.corpora import load_polnear, overlaps
from scorer.training.fit import fit_logistic


@dataclass(frozen=True)
class CueConfig:
    """Hyper-parameters of the attribution cue classifier (the config's ``attribution``).

    Attributes:
        C: inverse L2 strength of the logistic regression.
        min_df: a sparse term (word, stem, neighbour, stem bigram) must occur in this many
            candidate rows to be in the vocabulary.
        min_stem_hits: a stem must have been part of a gold cue this often in training to be a
            candidate: once is mostly one annotator's unusual span ("had tears in their eyes");
            twice keeps 97% of the attributed sentences reachable while halving the candidate
            vocabulary.
        cv_folds: folds (articles by index modulo ``cv_folds``) of the out-of-fold scores the
            threshold is chosen on, and of the stem precision feature.
        thresholds: the decision thresholds tried; the one with the best cross-validated
            sentence F1 is kept (the lower one on a tie).
    """

    C: float = 0.2
    min_df: int = 3
    min_stem_hits: int = 2
    cv_folds: int = 5
    thresholds: tuple[float, ...] = tuple(round(0.2 + 0.025 * k, 3) for k in range(17))


@dataclass
class _Rows:
    article: list[int]
    sentence: list[int]
    stem: list[str]
    dense: list[tuple[float, ...]]
    sparse: list[str]
    label: list[bool]
    sentence_gold: dict[tuple[int, int], bool]


def _candidate_rows(docs: Sequence[Any]) -> _Rows:
    """Every word of every sentence of PolNeAR articles, labelled by gold Cue overlap."""
    rows = _Rows([], [], [], [], [], [], {})
    for a, doc in enumerate(docs):
        text = doc.text
        quotes = QuoteIndex(quote_spans(text))
        cues = [c for att in doc.attributions for c in att.cue]
        for s, (start, end) in enumerate(split_sentences(text)):
            sentence = text[start:end]
            masked = QuoteIndex.blank(sentence, start, quotes.overlap(start, end))
            sentence_cues = [c for c in cues if overlaps(c, (start, end))]
            rows.sentence_gold[(a, s)] = bool(sentence_cues)
            for cand in candidates(sentence, masked, None):
                span = (start + cand.start, start + cand.end)
                rows.article.append(a)
                rows.sentence.append(s)
                rows.stem.append(cand.stem)
                rows.dense.append(cand.dense)
                rows.sparse.append(cand.sparse)
                rows.label.append(any(overlaps(c, span) for c in sentence_cues))
    return rows


def _stem_counts(rows: _Rows, keep: np.ndarray) -> tuple[Counter[str], Counter[str]]:
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for i in np.flatnonzero(keep):
        total[rows.stem[i]] += 1
        hits[rows.stem[i]] += rows.label[i]
    return hits, total


def _fit(
    rows: _Rows, keep: np.ndarray, config: CueConfig
) -> tuple[LogisticModel, dict[str, list[int]]]:
    """Fit on the rows in ``keep``; the precision feature is computed out of fold."""
    hits, total = _stem_counts(rows, keep)
    stems = {s: [hits[s], total[s]] for s in sorted(hits) if hits[s] >= config.min_stem_hits}
    # A stem's precision on the very rows being fitted would leak their labels (a stem seen
    # twice, both times as a cue, would look certain): each row gets the precision computed
    # on the other folds' articles.
    fold_of = np.asarray(rows.article) % config.cv_folds
    fold_counts = {f: _stem_counts(rows, keep & (fold_of == f)) for f in range(config.cv_folds)}
    index = [i for i in np.flatnonzero(keep) if rows.stem[i] in stems]
    dense = np.array([rows.dense[i] for i in index], dtype=np.float64)
    for j, i in enumerate(index):
        fh, ft = fold_counts[int(fold_of[i])]
        stem = rows.stem[i]
        dense[j, 0] = smoothed_precision(hits[stem] - fh[stem], total[stem] - ft[stem])
    texts = [rows.sparse[i] for i in index]
    y = np.array([rows.label[i] for i in index], dtype=np.int64)
    vectorizer = CountVectorizer(
        token_pattern=NGRAM_TOKEN_PATTERN, min_df=config.min_df, binary=True
    )
    vectorizer.fit(texts)
    model = fit_logistic(
        dense,
        y,
        name="attribution_cue",
        target="P(the word is an attribution cue)",
        features=list(CUE_FEATURES),
        C=config.C,
        texts=texts,
        vocabulary=sorted(vectorizer.vocabulary_),
    )
    return model, stems


def _sentence_scores(
    model: CueModel, rows: _Rows, articles: set[int]
) -> dict[tuple[int, int], float]:
    """The highest cue probability of each sentence of the given articles (0 without candidates)."""
    best = {key: 0.0 for key in rows.sentence_gold if key[0] in articles}
    index = [i for i, a in enumerate(rows.article) if a in articles and rows.stem[i] in model.stems]
    cands = [
        Candidate(
            0, 0, 0, rows.stem[i], (model.stems[rows.stem[i]], *rows.dense[i][1:]), rows.sparse[i]
        )
        for i in index
    ]
    for i, p in zip(index, model.probabilities(cands), strict=True):
        key = (rows.article[i], rows.sentence[i])
        best[key] = max(best[key], p)
    return best


def candidate_scores(model: CueModel, docs: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate word of PolNeAR articles scored by ``model``, with its gold label.

    Returns:
        ``(probabilities, labels)``: P(cue) of each candidate (a word outside quotations whose
        stem the model knows) and 1 where the word is part of a gold Cue, in text order.
    """
    rows = _candidate_rows(docs)
    index = [i for i in range(len(rows.label)) if rows.stem[i] in model.stems]
    cands = [
        Candidate(
            0, 0, 0, rows.stem[i], (model.stems[rows.stem[i]], *rows.dense[i][1:]), rows.sparse[i]
        )
        for i in index
    ]
    labels = np.array([rows.label[i] for i in index], dtype=np.int64)
    return np.asarray(model.probabilities(cands), dtype=np.float64), labels


def sentence_f1(
    scores: dict[tuple[int, int], float], gold: dict[tuple[int, int], bool], threshold: float
) -> dict[str, float]:
    """Precision, recall and F1 of "the sentence has an attribution" at a threshold."""
    tp = sum(1 for k, p in scores.items() if p >= threshold and gold[k])
    fp = sum(1 for k, p in scores.items() if p >= threshold and not gold[k])
    positives = sum(1 for k in scores if gold[k])
    precision = tp / max(tp + fp, 1)
    recall = tp / max(positives, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def train_attribution(data_dir: Path, config: CueConfig | None = None) -> LogisticModel:
    """Fit the cue classifier on PolNeAR train and measure it on PolNeAR dev.

    The threshold is the one of ``config.thresholds`` that maximises sentence-level F1 over the
    training articles, each scored by a model fitted on the other folds (``config.cv_folds``-fold
    cross-validation by article); the model is then refitted on all training articles.

    Args:
        data_dir: the data folder (reads ``attribution/polnear``).
        config: hyper-parameters (the defaults of :class:`CueConfig` when not given).
    """
    config = config or CueConfig()
    folds = config.cv_folds
    thresholds = config.thresholds
    docs = load_polnear(data_dir, "train")
    rows = _candidate_rows(docs)
    article = np.asarray(rows.article)
    # Every training article is scored once by a model fitted without its fold; the threshold
    # is chosen on all of them together (one held-out fold alone moved it by 0.05 between
    # runs of small feature changes).
    scores: dict[tuple[int, int], float] = {}
    for fold in range(folds):
        holdout = article % folds == fold
        first, stems = _fit(rows, ~holdout, config)
        first.info = {"threshold": 0.5, "cue_stems": stems}
        held = {a for a in range(len(docs)) if a % folds == fold}
        scores.update(_sentence_scores(CueModel(first), rows, held))
    curve = {t: sentence_f1(scores, rows.sentence_gold, t) for t in thresholds}
    threshold = max(thresholds, key=lambda t: (curve[t]["f1"], -t))
    model, stems = _fit(rows, np.ones(len(rows.label), dtype=bool), config)
    model.info = {"threshold": threshold, "cue_stems": stems}
    dev_docs = load_polnear(data_dir, "dev")
    dev_rows = _candidate_rows(dev_docs)
    dev_scores = _sentence_scores(CueModel(model), dev_rows, set(range(len(dev_docs))))
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(doc.doc_id.encode())
        digest.update(doc.text.encode("utf-8", "replace"))
        for att in doc.attributions:
            digest.update(repr(att.cue).encode())
    model.info = {
        "threshold": threshold,
        "cue_stems": stems,
        "training_data": {
            "polnear_train": {
                "articles": len(docs),
                "sentences": len(rows.sentence_gold),
                "candidates": int(sum(s in stems for s in rows.stem)),
                "hash": "sha256:" + digest.hexdigest(),
            }
        },
        "config": {
            "C": config.C,
            "min_df": config.min_df,
            "min_stem_hits": config.min_stem_hits,
            "threshold_cv": f"{folds} folds by article index % {folds}",
        },
        # Cross-validated sentence F1 at every threshold tried, for the model card.
        "threshold_curve": {f"{t:.3f}": curve[t]["f1"] for t in thresholds},
        "metrics": {
            "polnear_train_cv_sentence": curve[threshold],
            "polnear_dev_sentence": sentence_f1(dev_scores, dev_rows.sentence_gold, threshold),
        },
    }
    return model
