"""The pipeline from text to report rows: items -> sentences -> features -> models -> rows.

Items are scored in batches so that the model step runs once per batch on a matrix, not once
per sentence; ``jobs > 1`` spreads batches over processes (joblib), keeping input order.

Scores:

- sentence ``certainty``: P(the sentence asserts without hedging), from the sentence logistic
  model over the author's words (quotations masked; a sentence that is all quotation is scored
  on the speaker's words).
- article ``certainty``: the word-weighted mean certainty of the sentences in the author's
  voice (sentences that are all quotation are left out: their hedges are the speaker's).
- article ``sourcing``: P(well sourced), from the article sourcing model over the article's
  sourcing evidence only (:mod:`scorer.analysis.sources`: attributed claims, distinct and identified
  sources, direct quotes, anonymous, vague, unattributed and hearsay claims); no tone.
- article ``reliability``: P(the article comes from a reliable outlet), from the article
  reliability model over sourcing evidence, certainty, tone and length: a style-and-sourcing
  prior learned from outlets' labels, not a fact check.

Every row has a ``language`` (see :mod:`scorer.reading.language`): ``en``, another ISO 639 code, or
empty when it cannot be told (too little text, or the identifier unsure and no English word
to go by). Text that is confidently not English is not scored: its row has status ``error``
and ``not English (looks like: de)``, because English cues and models give
confident-looking, meaningless scores on other languages. Article rows also name the
``encoding`` the text was decoded from (see :mod:`scorer.reading.decoding`; empty for text given as
text) and flag ``short_text``: fewer than :data:`SHORT_TEXT_WORDS` words, whose scores mean
little.
"""

from __future__ import annotations

import functools
import itertools
import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from scorer.analysis.attribution_cues import CueModel
from scorer.analysis.features import (
    ARTICLE_COUNTS,
    ARTICLE_FEATURES,
    HEDGE_TYPES,
    ArticleContext,
    SentenceAnalysis,
    analyze_sentences,
    analyze_standalone,
    cue_counter,
    normal_cue_text,
    sentence_feature_matrix,
)
from scorer.analysis.sources import CitedSource, SourcingEvidence
from scorer.analysis.text import MAX_SENTENCE_CHARS, split_sentences
from scorer.classify.logistic import LogisticModel
from scorer.classify.model_set import ModelSet, load_model_set
from scorer.errors import InputError
from scorer.reading.inputs import Item, kept_value
from scorer.reading.language import Language, detect_language

Unit = Literal["article", "sentence"]

ARTICLE_COLUMNS: list[str] = [
    "id",
    "source",
    "status",
    "error",
    "n_sentences",
    "n_words",
    "certainty",
    "sourcing",
    "reliability",
    "language",
    "encoding",
    "short_text",
    *ARTICLE_FEATURES,
    *ARTICLE_COUNTS,
    "top_cues",
    "certainty_explanation",
    "sourcing_explanation",
    "reliability_explanation",
]
"""Columns of the article report, in order."""

SENTENCE_COLUMNS: list[str] = [
    "id",
    # The article's source as in the article report: ids need not be unique ("page.md" and
    # "page.html" are both "page"), so this is what joins a sentence to its article.
    "source",
    "sentence",
    "start",
    "end",
    "text",
    "certainty",
    "hedge_cues",
    "attribution",
    "source_text",
    "source_start",
    "source_end",
    "in_quote",
    "exclamation",
    "attribution_cue",
    "attributions",
    "quoted_hedge_cues",
    "booster_cues",
    "loaded_cues",
    "certainty_explanation",
    "has_quote",
    "quoted_exclamation",
    "question",
    "caps_words",
    "status",
    "error",
]
"""Columns of the sentence report, in order. Offsets are into the article's text."""


def article_columns(keep: Sequence[str] = ()) -> list[str]:
    """The article report's columns with the kept input columns: after the scores, where
    scripts reading ``id, source, status, error, n_sentences, n_words, certainty, sourcing``
    still find them, and before ``language`` and the features."""
    at = ARTICLE_COLUMNS.index("language")
    return [*ARTICLE_COLUMNS[:at], *keep, *ARTICLE_COLUMNS[at:]]


def sentence_columns(keep: Sequence[str] = ()) -> list[str]:
    """The sentence report's columns with the kept input columns right after ``source``."""
    at = SENTENCE_COLUMNS.index("source") + 1
    return [*SENTENCE_COLUMNS[:at], *keep, *SENTENCE_COLUMNS[at:]]


def check_keep(keep: Sequence[str]) -> list[str]:
    """Validate the names of input columns to keep in the reports; returns them as a list.

    Raises:
        InputError: a name is empty, given twice, or is already a column of the article or
            sentence report (the kept value would overwrite it).
    """
    names = list(keep)
    taken = set(ARTICLE_COLUMNS) | set(SENTENCE_COLUMNS)
    for name in names:
        if not name:
            raise InputError("an empty name among the columns to keep")
        if name in taken:
            raise InputError(
                f"cannot keep the column {name!r}: the reports have a column of that name; "
                "rename it in the input"
            )
        if names.count(name) > 1:
            raise InputError(f"the column {name!r} is named twice among the columns to keep")
    return names


FEATURE_LABELS: dict[str, str] = {
    "attr_rate": "attributed sentences",
    "attr_named_share": "named sources",
    "attr_media_share": "media sources",
    "attr_document_share": "documents cited",
    "attr_anonymous_share": "anonymous sources",
    "attr_vague_share": "vague sources",
    "attr_identified_share": "identifiable share of sources",
    "quote_share": "direct quotes",
    "hedge_rate": "hedges",
    "hedge_hearsay_rate": "hearsay hedges",
    "hedge_weasel_rate": "weasel words",
    "booster_rate": "boosters",
    "punct_exclaim_rate": "author's '!'",
    "punct_exclaim_quoted_rate": "quoted '!'",
    "punct_question_rate": "author's '?'",
    "caps_per_100_words": "ALL-CAPS words",
    "numbers_per_100_words": "numbers",
    "reader_address_per_100_words": "reader address ('you')",
    "first_person_per_100_words": "first person ('I', 'we')",
    "loaded_per_100_words": "loaded words",
    "certainty_mean": "sentence certainty",
    "certainty_min": "least certain sentence",
    "log_attributed_claims": "attributed claims",
    "log_distinct_sources": "distinct sources",
    "log_identified_sources": "distinct identified sources",
    "log_direct_quotes": "direct quotes",
    "unidentified_claim_share": "anonymous or vague attributions",
    "vague_claim_share": "vague attributions",
    "unattributed_claim_share": "unattributed claims",
    "hearsay_claim_share": "author's hearsay",
    "log_words": "length",
}
"""Readable names of the article features, used in explanations."""

BATCH_SIZE = 64

#: Articles of fewer words than this are flagged ``short_text``: their scores rest on two or
#: three sentences, so one hedge or one named source moves them a long way. The opening 50
#: words of PolNeAR dev articles score 0.17 away from the whole article's sourcing on average,
#: the opening 200 words 0.10 (``python benchmarks/short_texts.py``).
SHORT_TEXT_WORDS = 50


@dataclass
class ScoredItem:
    """The report rows of one input item: its article row and its sentence rows."""

    article: dict[str, Any]
    sentences: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return bool(self.article["status"] == "ok")


def _error_article(item: Item, message: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ARTICLE_COLUMNS)
    row.update(
        id=item.id, source=item.source, status="error", error=message, encoding=item.encoding
    )
    return row


def _error_sentence(item: Item, message: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(SENTENCE_COLUMNS)
    row.update(id=item.id, source=item.source, sentence=1, status="error", error=message)
    return row


def _join_cues(texts: Iterable[str]) -> str:
    return "; ".join(" ".join(t.split()) for t in texts)


# The certainty model's cue features, grouped as a sentence's explanation names them. Each
# feature is 0 in a sentence without those cues, so a group's push is exactly how much further
# the sentence's log-odds are than the same sentence without them (n-grams aside).
_CUE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hedges", (*(f"hedge_{kind}" for kind in HEDGE_TYPES), "hedge_count", "hedge_conll_rate")),
    ("boosters", ("booster",)),
    ("attribution", ("attr_any", "attr_anonymous", "attr_vague")),
    ("'?'", ("punct_question",)),
    ("'!'", ("punct_exclaim",)),
)
# Pushes smaller than this (in log-odds) are left out of explanations.
_MIN_PUSH = 0.05


CueGroupWeights = list[tuple[str, list[tuple[int, float]]]]


def cue_group_weights(model: LogisticModel) -> CueGroupWeights:
    """Each cue group of ``model`` with its features' (index, coefficient per unit) pairs: what
    :func:`sentence_certainty_explanation` multiplies a sentence's features by."""
    per_unit = (model.coef / model.scale).tolist()
    index = {name: i for i, name in enumerate(model.features)}
    return [
        (group, [(index[n], per_unit[index[n]]) for n in names if n in index])
        for group, names in _CUE_GROUPS
    ]


def sentence_certainty_explanation(
    s: SentenceAnalysis,
    features: np.ndarray,
    model: LogisticModel,
    groups: CueGroupWeights | None = None,
) -> str:
    """What moved one sentence's certainty, in log-odds: each cue group against the same
    sentence without it, then the word n-grams in all with the strongest of them ("hedges
    'may', 'suggest' -1.42; vague source -0.17; words -0.35 ('generally' -0.41, 'no' +0.33)").
    Pushes under 0.05 are left out. The sentence's log-odds are a constant (the same for every
    sentence) plus these pushes, the length and number features' and the pushes too small to
    show.

    Args:
        s: the sentence's analysis.
        features: its row of the certainty model's feature matrix (``model.features`` order).
        model: the sentence certainty model.
        groups: ``cue_group_weights(model)``, when explaining many sentences.
    """
    groups = groups if groups is not None else cue_group_weights(model)
    values = features.tolist()
    parts = []
    for group, members in groups:
        push = sum(w * values[i] for i, w in members)
        if abs(push) < _MIN_PUSH:
            continue
        if group == "hedges":
            label = "hedges " + _quoted(c.text for c in s.author_hedges)
        elif group == "boosters":
            label = "boosters " + _quoted(c.text for c in s.boosters if not c.in_quote)
        elif group == "attribution":
            # Every type cited, not only the main one: "citing a Kremlin source" is what
            # weighs in "Russian news agencies reported ..., citing a Kremlin source".
            kinds = list(dict.fromkeys(a.type for a in s.attributions))
            label = " and ".join(kinds) + (" source" if len(kinds) == 1 else " sources")
            if not kinds:
                label = "no source"
        else:
            label = f"author's {group}"
        parts.append(f"{label} {push:+.2f}")
    if model.vocabulary:
        terms = model.ngram_terms(s.author_text)
        total = sum(w for _, w in terms)
        strongest = sorted(terms, key=lambda t: (-abs(t[1]), t[0]))[:3]
        shown = [f"'{term}' {w:+.2f}" for term, w in strongest if abs(w) >= 2 * _MIN_PUSH]
        if abs(total) >= _MIN_PUSH or shown:
            parts.append(f"words {total:+.2f}" + (f" ({', '.join(shown)})" if shown else ""))
    return "; ".join(parts) + " (log-odds)" if parts else ""


def _quoted(texts: Iterable[str]) -> str:
    """Cue texts as explanations list them: 'may', 'suggest' (whitespace folded)."""
    return ", ".join(f"'{' '.join(t.split())}'" for t in texts)


def _sentence_row(
    item: Item, number: int, s: SentenceAnalysis, certainty: float, explanation: str = ""
) -> dict:
    primary = s.primary
    return {
        "id": item.id,
        "source": item.source,
        "sentence": number,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "certainty": round(float(certainty), 4),
        "hedge_cues": _join_cues(c.text for c in s.author_hedges),
        "attribution": s.attribution_type,
        "source_text": primary.source if primary else "",
        "source_start": s.start + primary.source_start if primary and primary.source else None,
        "source_end": s.start + primary.source_end if primary and primary.source else None,
        "in_quote": s.in_quote,
        "exclamation": s.exclaim_author,
        "attribution_cue": primary.cue if primary else "",
        "attributions": _join_cues(f"{a.type}: {a.phrase}" for a in s.attributions),
        "quoted_hedge_cues": _join_cues(c.text for c in s.quoted_hedges),
        "booster_cues": _join_cues(c.text for c in s.boosters if not c.in_quote),
        "loaded_cues": _join_cues(c.text for c in s.loaded if not c.in_quote),
        "certainty_explanation": explanation,
        "has_quote": s.has_quote,
        "quoted_exclamation": s.exclaim_quoted,
        "question": s.question_author,
        "caps_words": s.caps_words,
        "status": "ok",
        "error": "",
    }


def article_certainty(
    sentences: Sequence[SentenceAnalysis], scores: Sequence[float] | np.ndarray
) -> float:
    """Word-weighted mean certainty of the sentences in the author's voice.

    Sentences that are all quotation are left out (a hedge there is the speaker's); if every
    sentence is a quotation, all of them count.
    """
    own = [(s.n_words, p) for s, p in zip(sentences, scores, strict=True) if not s.in_quote]
    pairs = own or [(s.n_words, p) for s, p in zip(sentences, scores, strict=True)]
    weights = np.array([max(w, 1) for w, _ in pairs], dtype=np.float64)
    values = np.array([p for _, p in pairs], dtype=np.float64)
    return float(np.average(values, weights=weights))


def _format_counter(
    counter: dict[str, int], most: int = 4, surest: dict[str, float] | None = None
) -> str:
    # Most frequent first; among equally frequent ones the surest (``surest``: a phrase's best
    # cue probability), so that a list of one-off sources opens with "Moscow confirmed", not
    # with whatever sorts first.
    rank = surest or {}
    items = sorted(counter.items(), key=lambda kv: (-kv[1], -rank.get(kv[0], 0.0), kv[0]))
    return ", ".join(f"'{text}'×{n}" if n > 1 else f"'{text}'" for text, n in items[:most])


def _surest_attributions(sentences: Sequence[SentenceAnalysis]) -> dict[str, float]:
    """Each attribution phrase (as :func:`cue_counter` spells it) -> its best cue probability."""
    surest: dict[str, float] = {}
    for s in sentences:
        for a in s.attributions:
            phrase = normal_cue_text(a.phrase)
            surest[phrase] = max(surest.get(phrase, 0.0), a.confidence)
    return surest


def _top_cues(
    sentences: Sequence[SentenceAnalysis], counts: dict[str, Counter[str]] | None = None
) -> str:
    counts = counts if counts is not None else cue_counter(sentences)
    parts = []
    if counts["hedge"]:
        parts.append("hedges " + _format_counter(counts["hedge"]))
    surest = _surest_attributions(sentences)
    for kind in ("named", "media", "document", "anonymous", "vague"):
        if counts[kind]:
            # Up to five per kind: the sourcing pattern shows in the phrases themselves
            # ("Sources said", "Sources claimed", "according to experts").
            parts.append(f"{kind} sources " + _format_counter(counts[kind], 5, surest))
    if counts["booster"]:
        parts.append("boosters " + _format_counter(counts["booster"], 3))
    if counts["loaded"]:
        parts.append("loaded words " + _format_counter(counts["loaded"], 3))
    exclaim = sum(s.exclaim_author for s in sentences)
    if exclaim:
        parts.append(f"author's '!'×{exclaim}")
    if counts["quoted_hedge"]:
        parts.append("hedges in quotes " + _format_counter(counts["quoted_hedge"], 3))
    return "; ".join(parts)


def _certainty_explanation(
    sentences: Sequence[SentenceAnalysis],
    scores: Sequence[float] | np.ndarray,
    certainty: float,
    counts: dict[str, Counter[str]] | None = None,
) -> str:
    own = [(i, p) for i, (s, p) in enumerate(zip(sentences, scores, strict=True)) if not s.in_quote]
    counts = counts if counts is not None else cue_counter(sentences)
    text = f"mean of {len(own) or len(sentences)} sentences in the author's voice"
    if counts["hedge"]:
        text += "; lowered by hedges " + _format_counter(counts["hedge"])
    if counts["booster"]:
        text += "; raised by boosters " + _format_counter(counts["booster"], 3)
    if own:
        worst, score = min(own, key=lambda pair: pair[1])
        if score < 0.5:
            text += f"; least certain: sentence {worst + 1} ({score:.2f})"
    return text


def _sourcing_explanation(
    values: np.ndarray, contributions: np.ndarray, means: np.ndarray, names: Sequence[str]
) -> str:
    """The features that moved the sourcing score most, against the average training article.

    Each is named with its direction ("no author's '!'", "high named sources") and its
    contribution to the log-odds, so the reader sees why, not only how much.
    """

    def describe(i: int) -> str:
        label = FEATURE_LABELS.get(names[i], names[i])
        level = "no" if values[i] == 0 else ("high" if values[i] > means[i] else "low")
        return f"{level} {label} {contributions[i]:+.2f}"

    order = [int(i) for i in np.argsort(-np.abs(contributions), kind="stable")]
    raised = [describe(i) for i in order if contributions[i] > 0.05][:3]
    lowered = [describe(i) for i in order if contributions[i] < -0.05][:3]
    parts = []
    if raised:
        parts.append("raised by " + ", ".join(raised))
    if lowered:
        parts.append("lowered by " + ", ".join(lowered))
    return "; ".join(parts) + " (log-odds vs the average article)" if parts else "average"


# How many sources of each kind an explanation names before "...".
_NAMED_IDENTIFIED = 6
_NAMED_UNIDENTIFIED = 3


def _source_names(sources: Sequence[CitedSource], most: int) -> str:
    """Source names as an explanation lists them: in order of first mention, a name cited as
    several distinct sources once with its count ("video ×2")."""
    counts = Counter(s.name for s in sources)
    names = [f"{n} ×{counts[n]}" if counts[n] > 1 else n for n in dict.fromkeys(counts)]
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


def sourcing_evidence_explanation(evidence: SourcingEvidence, weights: str = "") -> str:
    """The sourcing evidence of an article in words, then what moved the score (``weights``,
    from :func:`_sourcing_explanation`): "4 distinct identified sources: Russian media,
    Interfax news agency, video ×2; 1 anonymous: Kremlin source; 4 vague: many, Loyalists,
    voice, ...; 4 direct quotes; 19 claims: 5 identified, 7 vague, 7 unattributed; raised by
    ...". Direct quotes are the distinct sentences that carry one.
    """
    identified = evidence.identified_sources
    parts = [
        f"{len(identified)} distinct identified source{'' if len(identified) == 1 else 's'}"
        + (f": {_source_names(identified, _NAMED_IDENTIFIED)}" if identified else "")
    ]
    for kind in ("anonymous", "vague"):
        of_kind = [s for s in evidence.sources if s.type == kind]
        if of_kind:
            parts.append(f"{len(of_kind)} {kind}: {_source_names(of_kind, _NAMED_UNIDENTIFIED)}")
    quotes = evidence.direct_quotes
    parts.append(f"{quotes or 'no'} direct quote{'' if quotes == 1 else 's'}")
    counts = [
        (evidence.identified_claims, "identified"),
        (evidence.anonymous_claims, "anonymous"),
        (evidence.vague_claims, "vague"),
        (evidence.unattributed_claims, "unattributed"),
        (evidence.hearsay_claims, "with the author's hearsay"),
    ]
    claims = ", ".join(f"{n} {label}" for n, label in counts if n)
    parts.append(
        f"{evidence.claims} claim{'' if evidence.claims == 1 else 's'}"
        + (f": {claims}" if claims else "")
    )
    text = "; ".join(parts)
    return f"{text}; {weights}" if weights and weights != "average" else text


def _item_language(item: Item) -> Language | None:
    """The item's language, or ``None`` when it has no text to look at."""
    return detect_language(item.text) if item.text and item.text.strip() else None


def _analyze_item(
    item: Item, unit: Unit, cue_model: CueModel, language: Language | None = None
) -> list[SentenceAnalysis] | str:
    """The item's sentence analyses (attributions found by ``cue_model``), or an error message.

    Text that is confidently not English is not analysed: the lexicons and models are
    English, so its scores would look confident and mean nothing.
    """
    if item.text is None:
        return item.error or "cannot be read"
    if not item.text.strip():
        return "empty text"
    language = language or detect_language(item.text)
    if not language.english:
        return language.message
    if unit == "sentence":
        sentence = item.text.strip()
        if len(sentence) > MAX_SENTENCE_CHARS:
            # Finding sources grows faster than the length of a sentence: a 1 MB "sentence" would
            # take many minutes, and is surely an article given to --unit sentence by mistake.
            return (
                f"too long for one sentence: {len(sentence):,} characters (--unit sentence takes "
                f"up to {MAX_SENTENCE_CHARS:,}; score it as an article with --unit article)"
            )
        return [analyze_standalone(sentence, cue_model)]
    spans = split_sentences(item.text)
    if not spans:
        return "no sentences found (only page furniture or punctuation)"
    return analyze_sentences(item.text, spans, cue_model)


def score_batch(
    items: Sequence[Item], models: ModelSet, unit: Unit = "article", *, sentences: bool = True
) -> list[ScoredItem]:
    """Score a batch of items; every item gets its rows, failed ones with status ``error``.

    With ``sentences=False`` and ``unit="article"``, scored items come without their sentence
    rows (``ScoredItem.sentences`` is empty; failed items keep their error row): a run that
    writes only the article report then neither builds nor ships them. The article rows are
    the same either way.
    """
    analysed, languages = _analyze_batch(items, models, unit)
    return _score_analysed(items, analysed, languages, models, unit, sentences)


def _analyze_batch(
    items: Sequence[Item], models: ModelSet, unit: Unit
) -> tuple[list[list[SentenceAnalysis] | str], list[Language | None]]:
    """Each item's sentence analyses (or error message) and language."""
    languages = [_item_language(item) for item in items]
    analysed = [
        _analyze_item(item, unit, models.attribution, lang)
        for item, lang in zip(items, languages, strict=True)
    ]
    return analysed, languages


def _score_analysed(
    items: Sequence[Item],
    analysed: Sequence[list[SentenceAnalysis] | str],
    languages: Sequence[Language | None],
    models: ModelSet,
    unit: Unit,
    sentences: bool,
) -> list[ScoredItem]:
    """The rows of analysed items: the model step of :func:`score_batch`."""
    flat = [s for result in analysed if not isinstance(result, str) for s in result]
    certainty_model = models.certainty
    matrix = sentence_feature_matrix(flat, certainty_model.features) if flat else None
    groups = cue_group_weights(certainty_model) if sentences or unit == "sentence" else None
    scores = (
        certainty_model.predict_proba(matrix, [s.author_text for s in flat])
        if matrix is not None
        else np.zeros(0)
    )
    sourcing_model = models.sourcing
    out: list[ScoredItem] = []
    offset = 0
    for item, result, lang in zip(items, analysed, languages, strict=True):
        language = lang.code if lang is not None else ""
        if isinstance(result, str):
            error_row = _error_article(item, result)
            error_row["language"] = language
            out.append(ScoredItem(error_row, [_error_sentence(item, result)]))
            continue
        start = offset
        sentence_scores = scores[offset : offset + len(result)]
        offset += len(result)
        context = ArticleContext(result, sentence_scores)
        # Every article feature is a report column and most are model inputs: computed once.
        features = {name: function(context) for name, function in ARTICLE_FEATURES.items()}
        vector = np.array([features[name] for name in sourcing_model.features], dtype=np.float64)
        sourcing = float(sourcing_model.predict_proba(vector[None, :])[0])
        reliability_model = models.reliability
        reliability_vector = (
            np.array([features[name] for name in reliability_model.features], dtype=np.float64)
            if reliability_model is not None
            else None
        )
        certainty = article_certainty(result, sentence_scores)
        article: dict[str, Any] = {
            "id": item.id,
            "source": item.source,
            "status": "ok",
            "error": "",
            "n_sentences": len(result),
            "n_words": sum(s.n_words for s in result),
            "certainty": round(certainty, 4),
            "sourcing": round(sourcing, 4),
            "reliability": (
                round(float(reliability_model.predict_proba(reliability_vector[None, :])[0]), 4)
                if reliability_model is not None and reliability_vector is not None
                else None
            ),
            "language": language,
            "encoding": item.encoding,
        }
        article["short_text"] = article["n_words"] < SHORT_TEXT_WORDS
        for name, value in features.items():
            article[name] = round(float(value), 4)
        for name, count in ARTICLE_COUNTS.items():
            article[name] = int(count(context))
        counts = cue_counter(result)
        article["top_cues"] = _top_cues(result, counts)
        article["certainty_explanation"] = _certainty_explanation(
            result, sentence_scores, certainty, counts
        )
        article["sourcing_explanation"] = sourcing_evidence_explanation(
            context.evidence,
            _sourcing_explanation(
                vector,
                sourcing_model.contributions(vector[None, :])[0],
                sourcing_model.mean,
                sourcing_model.features,
            ),
        )
        article["reliability_explanation"] = (
            _sourcing_explanation(
                reliability_vector,
                reliability_model.contributions(reliability_vector[None, :])[0],
                reliability_model.mean,
                reliability_model.features,
            )
            if reliability_model is not None and reliability_vector is not None
            else ""
        )
        rows = (
            [
                _sentence_row(
                    item,
                    i + 1,
                    s,
                    p,
                    sentence_certainty_explanation(s, matrix[start + i], certainty_model, groups),
                )
                for i, (s, p) in enumerate(zip(result, sentence_scores, strict=True))
            ]
            if (sentences or unit == "sentence") and matrix is not None
            else []
        )
        out.append(ScoredItem(article, rows))
    for item, scored in zip(items, out, strict=True):
        # The input columns asked for (Item.kept) go into every row of the item, failed or not.
        for row in (scored.article, *scored.sentences):
            row.update(item.kept)
    return out


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


#: How often a worker process checks that the process that started it is still there.
PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker as soon as ``parent`` (the scoring process) is gone.

    When the main process is killed outright (``kill -9``, the out-of-memory killer), nothing
    tells the workers: they would wait for work for ever, parented to init, holding their
    memory. A daemon thread polls the parent's pid instead of ``prctl(PR_SET_PDEATHSIG)``:
    Linux sends that signal when the *thread* that forked the worker exits, and loky starts
    replacement workers from a thread of its own; polling works the same on macOS, and costs
    one wake-up a second.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)  # nothing to clean up: the results had nowhere to go

    threading.Thread(target=watch, name="scorer-parent-watch", daemon=True).start()


def _score_batch_in_worker(
    batch: list[Item], model_dir: str, unit: Unit, sentences: bool = True
) -> list[ScoredItem]:
    return score_batch(batch, load_model_set(model_dir), unit, sentences=sentences)


def score_items(
    items: Iterable[Item],
    *,
    model_dir: str | None = None,
    unit: Unit = "article",
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    sentences: bool = True,
) -> Iterator[ScoredItem]:
    """Score items lazily, in input order.

    Args:
        items: the items to score (from :func:`scorer.reading.inputs.iter_items`, or made by hand).
        model_dir: a directory shaped like ``models/``; the shipped models by default.
        unit: ``article`` splits each item into sentences; ``sentence`` takes each item as one
            sentence.
        jobs: worker processes; 1 scores in this process.
        batch_size: items per batch.
        sentences: build the sentence rows; ``False`` (with ``unit="article"``) leaves them
            out of scored items, for callers that only want the article rows.

    Yields:
        One :class:`ScoredItem` per item, in order.

    Raises:
        ModelError: the models cannot be loaded.
    """
    models = load_model_set(model_dir)
    if jobs <= 1:
        for batch in batches(items, batch_size):
            yield from score_batch(batch, models, unit, sentences=sentences)
        return
    from joblib import Parallel, delayed, parallel_config

    # The workers watch this process and exit when it is gone (see _exit_with_parent).
    with parallel_config(backend="loky", initializer=_exit_with_parent, initargs=(os.getpid(),)):
        parallel = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs")
        results = parallel(
            delayed(_score_batch_in_worker)(batch, models.directory, unit, sentences)
            for batch in batches(items, batch_size)
        )
    for scored in results:
        yield from scored


def score_with_analyses(
    items: Iterable[Item], *, model_dir: str | None = None
) -> Iterator[tuple[ScoredItem, list[SentenceAnalysis]]]:
    """Score items in this process and yield each one's sentence analyses with its rows.

    The analyses hold the cues, quotations and sources (with their offsets) behind the rows'
    scores, for annotated pages and notebooks; a failed item comes with an empty list. They are
    the analyses the rows were computed from: each item is analysed once.

    Raises:
        ModelError: the models cannot be loaded.
    """
    models = load_model_set(model_dir)
    for batch in batches(items, BATCH_SIZE):
        # The rows are computed from these very analyses: each item is analysed once.
        analysed, languages = _analyze_batch(batch, models, "article")
        rows = _score_analysed(batch, analysed, languages, models, "article", True)
        for scored, analyses in zip(rows, analysed, strict=True):
            yield scored, [] if isinstance(analyses, str) else analyses


#: Scored to learn the report columns' value types (see :func:`report_value_types`).
_SAMPLE = Item(
    id="sample",
    source="<sample>",
    text='Officials said on Monday that the plan "may fail". Critics claimed it was a hoax!',
)


@functools.cache
def _sample_types(model_dir: str, sentences: bool) -> dict[str, type]:
    (scored,) = score_batch([_SAMPLE], load_model_set(model_dir))
    row = scored.sentences[0] if sentences else scored.article
    columns = SENTENCE_COLUMNS if sentences else ARTICLE_COLUMNS
    return {column: type(row[column]) for column in columns}


def report_value_types(models: ModelSet, *, sentences: bool = False) -> dict[str, type]:
    """The Python type of each report column's values (``str``, ``int``, ``float``, ``bool``),
    in report order, read from a real scored row: a column added to the report gets its type
    without being listed anywhere. Error rows hold ``None`` in the columns they cannot fill.

    Args:
        models: the models the rows are scored with.
        sentences: the sentence report's columns instead of the article report's.
    """
    return dict(_sample_types(models.directory, sentences))


def _with_report_dtypes(frame: Any, types: dict[str, type]) -> Any:
    """``frame`` with each column's dtype fixed by its value type: counts and offsets as
    nullable ``Int64``, flags as ``boolean``, scores as ``float64``, text as pandas' string
    dtype. Left to pandas, one error row would turn integers into floats and flags into
    objects, and a frame of error rows only would be all objects."""
    import pandas as pd

    text = pd.Series([""]).dtype  # "str" from pandas 3 on, object before
    dtypes = {int: "Int64", bool: "boolean", float: "float64", str: text}
    return frame.astype({c: dtypes[t] for c, t in types.items() if t in dtypes})


def score_text(
    text: str, *, sentences: bool = False, model_dir: str | None = None, item_id: str = "text"
) -> Any:
    """Score one text.

    Args:
        text: the article text.
        sentences: return the sentence rows instead of the article row.
        model_dir: a model directory; the shipped models by default.
        item_id: the ``id`` to put in the rows.

    Returns:
        A pandas DataFrame with the report's columns: one article row, or one row per sentence.
    """
    import pandas as pd

    (scored,) = score_items(
        [Item(id=item_id, source="<text>", text=text)], model_dir=model_dir, sentences=sentences
    )
    types = report_value_types(load_model_set(model_dir), sentences=sentences)
    if sentences:
        return _with_report_dtypes(pd.DataFrame(scored.sentences, columns=SENTENCE_COLUMNS), types)
    return _with_report_dtypes(pd.DataFrame([scored.article], columns=ARTICLE_COLUMNS), types)


def score_frame(
    frame: Any,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    unit: Unit = "article",
    sentences: bool = False,
    model_dir: str | None = None,
    jobs: int = 1,
    keep: Sequence[str] = (),
) -> Any:
    """Score every row of a DataFrame.

    Args:
        frame: a pandas DataFrame with a text column.
        text_column: the column holding the text.
        id_column: the column holding ids; the row index by default. Each row's ``source``
            is ``<frame>:LABEL``, its index label.
        unit: ``article`` or ``sentence`` (each row is one sentence).
        sentences: with ``unit='article'``, return the sentence rows instead of article rows.
        model_dir: a model directory; the shipped models by default.
        jobs: worker processes.
        keep: columns of ``frame`` to copy into the rows (the article rows before
            ``language``, the sentence rows after ``source``), as ``scorer score --keep``.

    Returns:
        A DataFrame with the report's columns, one row per input row (or per sentence), indexed
        by the label of the input row it comes from (repeated for its sentences), so that it
        lines up with ``frame``. ``id`` holds the ``id_column`` values (or the index labels)
        with their own dtype, missing ones included. Counts and offsets are nullable
        ``Int64`` and flags ``boolean``, whatever rows failed.

    Raises:
        InputError: a named column does not exist, or a kept one clashes with a report column.
    """
    import pandas as pd

    keep = check_keep(keep)
    for column in (text_column, id_column, *keep):
        if column is not None and column not in frame.columns:
            columns = ", ".join(map(str, frame.columns))
            raise InputError(f"no column {column!r}; columns are: {columns}")
    ids = frame[id_column] if id_column else frame.index
    kept_rows = (
        [
            tuple(zip(keep, map(kept_value, values), strict=True))
            for values in frame[keep].itertuples(index=False, name=None)
        ]
        if keep
        else [()] * len(frame)
    )
    items = []
    for label, row_id, value, kept in zip(
        frame.index, ids, frame[text_column], kept_rows, strict=True
    ):
        text = value if isinstance(value, str) else None
        error = "" if text is not None else f"text is not a string ({type(value).__name__})"
        if text is None and pd.api.types.is_scalar(value) and pd.isna(value):
            # None, NaN or pd.NA, whichever the column's dtype uses: the same row as a table
            # cell left empty (scorer.reading.inputs), so no engine or dtype changes the message.
            error = "empty text"
        # The index label names the row (also in a Dask partition, which keeps its labels);
        # a row without an id goes by it, as a table row without one goes by FILE:ROW.
        missing_id = pd.api.types.is_scalar(row_id) and pd.isna(row_id)
        item_id = str(label) if missing_id else str(row_id)
        items.append(Item(id=item_id, source=f"<frame>:{label}", text=text, error=error, kept=kept))
    sentence_rows = unit == "sentence" or sentences
    scored = list(
        score_items(items, model_dir=model_dir, unit=unit, jobs=jobs, sentences=sentence_rows)
    )
    types = report_value_types(load_model_set(model_dir), sentences=sentence_rows)
    if sentence_rows:
        rows = [row for s in scored for row in s.sentences]
        positions = [n for n, s in enumerate(scored) for _ in s.sentences]
        result = pd.DataFrame(rows, columns=sentence_columns(keep))
    else:
        positions = list(range(len(scored)))
        result = pd.DataFrame([s.article for s in scored], columns=article_columns(keep))
    result = _with_report_dtypes(result, types)
    # Rows line up with the input: its index labels, its ids with their dtype (an integer id
    # column stays integers, so a merge on it works).
    result.index = frame.index.take(positions)
    source_ids = frame[id_column].array if id_column else frame.index.array
    result["id"] = pd.Series(source_ids.take(positions), index=result.index)
    return result
