"""Measuring the scorer against labelled data (``scorer evaluate``).

Four tasks, each returning a plain dict of metrics (JSON-ready):

- ``hedge``: uncertain sentence detection; F1 of the uncertain class, predicted as
  ``certainty < 0.5`` (CoNLL-2010 Wikipedia dev, or a user's sentences labelled 1 = uncertain).
- ``certainty``: graded certainty; Pearson r of sentence ``certainty`` with a rating
  (Pei & Jurgens val, 1-6; or a user's sentences with a numeric rating).
- ``attribution``: on PolNeAR dev, sentence-level F1 of "this sentence contains an
  attribution" and of "the source span found overlaps a gold source", with the scorer's own
  sentence splits and analysis.
- ``article``: ROC AUC of article ``sourcing`` against well-sourced labels (the dev articles
  of ../shared/data, by corpus, or a user's articles labelled 1 = well sourced).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scorer.features import analyze_sentences
from scorer.text import split_sentences


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


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_attribution(data_dir: Path, split: str = "dev") -> dict[str, Any]:
    """Attribution detection and source spans on PolNeAR, with the scorer's own sentences.

    Each article is split with :func:`scorer.text.split_sentences` and analysed with
    :func:`scorer.features.analyze_sentences`, exactly as the scorer does; gold labels are
    projected onto those sentences with :func:`scorer.corpora.polnear_sentence_labels`.

    - Attribution F1: a sentence is gold-positive when a gold cue overlaps it, and predicted
      positive when its ``attribution_type`` is not ``none``.
    - Source-span F1 (sentence level): predicted positives are sentences whose primary
      attribution has a source span; a true positive is one whose span overlaps a gold source
      span of that sentence; precision = TP / predicted positives, recall = TP / sentences
      with a gold source span.

    Args:
        data_dir: the corpora folder (reads ``attribution/polnear/``).
        split: PolNeAR compartment, ``"dev"`` (default) or ``"train"``.

    Returns:
        ``{"articles", "sentences", "attribution": {precision, recall, f1, gold, predicted},
        "source_span": {precision, recall, f1, gold, predicted}, "by_type": {...}}``.

    Raises:
        DataError: the PolNeAR files are missing or malformed.
    """
    from scorer.corpora import load_polnear, polnear_sentence_labels

    docs = load_polnear(Path(data_dir), split)  # type: ignore[arg-type]
    n_sentences = 0
    att_tp = att_pred = att_gold = 0
    src_tp = src_pred = src_gold = 0
    # How often each predicted type lands on a sentence that really attributes: which types
    # produce the false positives.
    by_type: dict[str, dict[str, int]] = {}
    for doc in docs:
        spans = split_sentences(doc.text)
        analyses = analyze_sentences(doc.text, spans)
        gold = polnear_sentence_labels(doc, list(spans))
        for analysis, labels in zip(analyses, gold, strict=True):
            n_sentences += 1
            gold_att = bool(labels["has_attribution"])
            gold_sources: Sequence[tuple[int, int]] = labels["source_spans"]  # type: ignore[assignment]
            kind = analysis.attribution_type
            pred_att = kind != "none"
            att_gold += gold_att
            att_pred += pred_att
            att_tp += gold_att and pred_att
            if pred_att:
                counts = by_type.setdefault(kind, {"predicted": 0, "correct": 0})
                counts["predicted"] += 1
                counts["correct"] += gold_att
            src_gold += bool(gold_sources)
            primary = analysis.primary
            if primary is not None and primary.source_end > primary.source_start:
                src_pred += 1
                # Attribution offsets are into the sentence; gold spans into the article.
                span = (analysis.start + primary.source_start, analysis.start + primary.source_end)
                src_tp += any(_overlaps(span, g) for g in gold_sources)
    return {
        "split": split,
        "articles": len(docs),
        "sentences": n_sentences,
        "attribution": _prf(att_tp, att_pred, att_gold),
        "source_span": _prf(src_tp, src_pred, src_gold),
        "by_type": {k: by_type[k] for k in sorted(by_type)},
    }
