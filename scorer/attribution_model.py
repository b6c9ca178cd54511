"""The attribution cue classifier: which words of a sentence attribute something to someone.

PolNeAR annotates attribution broadly: speech ("said"), writing ("tweeted"), thoughts and
beliefs ("believes", "fear"), intentions ("wants", "plans"), stances ("endorsed", "opposed"),
evidence ("showed", "found") and cue nouns and phrases ("according to", "in a statement"). No
fixed word list separates these from the same words used otherwise ("the so-called deal",
"an estimated 100,000"), so each candidate word is scored by a small logistic model:

- Candidates: every word (and ":") outside quotations whose crude stem was part of a gold
  PolNeAR Cue at least :data:`MIN_STEM_HITS` times in the training articles. The stems and their
  counts are stored in the model file, so the candidate set is data, not code.
- Dense features (:data:`CUE_FEATURES`): the stem's smoothed precision as a cue in training,
  the ``reporting`` lexicon weight, position, "that"/":"/quote right after, a name or pronoun
  right before, distance to the nearest quote mark.
- Sparse features: the word, its stem, the two words either side and stem bigrams, encoded as
  ``prefix_word`` tokens and stored as the model's n-gram vocabulary.

The model is a :class:`scorer.model.LogisticModel` saved as JSON (``models/attribution_cue.json``)
and verified on load like the other models (checksum, feature names, lexicon hashes). A sentence
has an attribution when some candidate's probability reaches the threshold stored in the model,
chosen on out-of-fold scores of the training articles (five-fold cross-validation).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from scorer.lexicon import Lexicon, LexiconEntry, load_lexicon
from scorer.model import LogisticModel, default_model_dir, fit_logistic, load_model

CUE_MODEL_FILE = "attribution_cue.json"

CUE_FEATURES: tuple[str, ...] = (
    "cue_precision",
    "lexicon_weight",
    "position",
    "next_that",
    "next_punct",
    "prev_punct",
    "prev_pronoun",
    "prev_capitalised",
    "capitalised",
    "sentence_has_quote",
    "quote_distance",
)
"""Dense features of one candidate cue word, in model order."""

# A stem must have been part of a gold cue this often in training to be a candidate: once is
# mostly one annotator's unusual span ("had tears in their eyes"); twice keeps 97% of the
# attributed sentences reachable while halving the candidate vocabulary.
MIN_STEM_HITS = 2
# Additive smoothing of a stem's cue precision, (hits + 0.5) / (total + 5): a stem seen once as
# a cue out of one occurrence gets 0.25, not 1.0.
_PRIOR_HITS = 0.5
_PRIOR_TOTAL = 5.0

_TOKEN = re.compile(r"[\w][\w'’.\-]*[\w]|[\w]|[^\w\s]")
_NON_WORD = re.compile(r"\W+")
_QUOTE_MARKS = frozenset('"“”«»')
_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you", "it", "who"})
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


# Memoised (bounded, so memory stays flat on any corpus): a sentence's words repeat across
# the candidate features and across sentences, and both functions are pure.
@lru_cache(maxsize=1 << 16)
def cue_stem(word: str) -> str:
    """A crude stem that folds a verb's or noun's inflections together (said/says -> sai/say).

    Not a linguistic stemmer: it only has to map "claims", "claimed" and "claiming" to one key
    so that their training counts are pooled, and to do it the same way at training and scoring.
    """
    if word == ":":
        return ":"
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, replacement in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + replacement
    return w


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """A token for the sparse features: lowercase word characters only ("colon" for ":")."""
    if word == ":":
        return "colon"
    return _NON_WORD.sub("", word.lower()) or "punct"


@dataclass(frozen=True)
class Candidate:
    """One candidate cue word of a sentence. Offsets are into the sentence text."""

    index: int
    start: int
    end: int
    stem: str
    dense: tuple[float, ...]
    sparse: str


def tokenize(sentence: str) -> list[tuple[str, int, int]]:
    """The word and punctuation tokens of a sentence with their offsets."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def candidates(
    sentence: str,
    masked: str,
    stems: dict[str, float] | None,
    tokens: Sequence[tuple[str, int, int]] | None = None,
) -> list[Candidate]:
    """The candidate cue words of a sentence with their features.

    Args:
        sentence: the sentence text.
        masked: the same text with quotations blanked (same length): words inside quotations
            are the speaker's and are not the author's attribution cues.
        stems: stem -> smoothed cue precision; words with other stems are not candidates. None
            makes every word a candidate with precision 0 (used while counting stems).
        tokens: the sentence's tokens, if already computed.
    """
    toks = list(tokens) if tokens is not None else tokenize(sentence)
    if not toks:
        return []
    lexicon_weight = _lexicon_weights(toks, masked)
    quote_at = [k for k, (w, _, _) in enumerate(toks) if w in _QUOTE_MARKS]
    title = is_title_case(toks)
    found = []
    for k, (word, start, end) in enumerate(toks):
        if not (word[0].isalnum() or word == ":"):
            continue
        if masked[start:end] != sentence[start:end]:
            continue  # inside a quotation
        stem = cue_stem(word)
        if stems is not None and stem not in stems:
            continue
        precision = stems.get(stem, 0.0) if stems is not None else 0.0
        dense = _dense_features(toks, k, precision, lexicon_weight[k], quote_at, title)
        found.append(Candidate(k, start, end, stem, dense, _sparse_terms(toks, k, stem)))
    return found


def reporting_matches(text: str) -> list[tuple[int, int, LexiconEntry]]:
    """The ``reporting`` lexicon's terms in ``text``: (start, end, entry), in text order.

    The last text's result is kept: the cue classifier and then the attribution finder scan
    the same masked sentence, and the scan is a good part of the cost of a sentence.
    """
    lexicon = load_lexicon("reporting")
    held = _last_matches[0]
    # Identity, not equality, for the lexicon: hashing or comparing its entries costs more
    # than the scan.
    if held is not None and held[0] is lexicon and held[1] == text:
        return held[2]
    found = [
        (m.start(), m.end(), entry)
        for m in lexicon.finditer(text)
        if (entry := lexicon.lookup(m.group())) is not None
    ]
    _last_matches[0] = (lexicon, text, found)  # one entry: memory stays flat
    return found


_last_matches: list[tuple[Lexicon, str, list[tuple[int, int, LexiconEntry]]] | None] = [None]


def _lexicon_weights(toks: Sequence[tuple[str, int, int]], masked: str) -> list[float]:
    """Each token's highest ``reporting`` lexicon weight among the terms overlapping it (or 0)."""
    lexicon_weight = [0.0] * len(toks)
    matches = reporting_matches(masked)
    if not matches:
        return lexicon_weight
    token_ends = [end for _, _, end in toks]
    for start, end, entry in matches:
        # Tokens are in order and do not overlap: the ones overlapping the match are a run
        # that starts at the first token ending after the match's start.
        k = bisect_right(token_ends, start)
        while k < len(toks) and toks[k][1] < end:
            lexicon_weight[k] = max(lexicon_weight[k], entry.weight)
            k += 1
    return lexicon_weight


def is_title_case(toks: Sequence[tuple[str, int, int]]) -> bool:
    """Whether a sentence is set in title case, as headlines are ("Clinton Goes After Trump On
    Taxes"): it has at least three words of four or more letters and all of them capitalised.
    A capital then says nothing about a name, so the capitalisation features are left off."""
    # The first long word in lower case settles it: most sentences are told in a few words.
    long_words = 0
    for w, _, _ in toks:
        if len(w) > 3 and w[0].isalpha():
            if not w[0].isupper():
                return False
            long_words += 1
    return long_words >= 3


def _dense_features(
    toks: Sequence[tuple[str, int, int]],
    k: int,
    precision: float,
    lexicon_weight: float,
    quote_at: list[int],
    title: bool = False,
) -> tuple[float, ...]:
    """The :data:`CUE_FEATURES` of token ``k``; ``quote_at`` lists the quote marks' indices and
    ``title`` says whether the sentence is in title case (see :func:`is_title_case`)."""
    n = len(toks)
    word = toks[k][0]
    prev = toks[k - 1][0] if k > 0 else "<s>"
    nxt = toks[k + 1][0] if k + 1 < n else "</s>"
    if quote_at:
        # The nearest quote mark is one of the two around k in the sorted list.
        i = bisect_right(quote_at, k)
        distance = min(
            k - quote_at[i - 1] if i > 0 else n, quote_at[i] - k if i < len(quote_at) else n
        )
    else:
        distance = 10
    return (
        precision,
        lexicon_weight,
        k / n,
        float(nxt.lower() == "that"),
        float(nxt in {":", ","} or nxt in _QUOTE_MARKS),
        float(prev in {",", "”", '"'}),
        float(prev.lower() in _PRONOUNS),
        float(k > 0 and not title and prev[0].isupper()),
        float(k > 0 and not title and word[0].isupper()),
        float(bool(quote_at)),
        min(distance, 10) / 10.0,
    )


def _sparse_terms(toks: Sequence[tuple[str, int, int]], k: int, stem: str) -> str:
    """The sparse features of token ``k`` (with stem ``stem``) as space-separated terms."""
    n = len(toks)
    prev = toks[k - 1][0] if k > 0 else "<s>"
    prev2 = toks[k - 2][0] if k > 1 else "<s>"
    nxt = toks[k + 1][0] if k + 1 < n else "</s>"
    nxt2 = toks[k + 2][0] if k + 2 < n else "</s>"
    s = _key(stem)
    return " ".join(
        (
            "w_" + _key(toks[k][0]),
            "s_" + s,
            "p1_" + _key(prev),
            "p2_" + _key(prev2),
            "n1_" + _key(nxt),
            "n2_" + _key(nxt2),
            "sn_" + s + "_" + _key(nxt),
            "ps_" + _key(prev) + "_" + s,
        )
    )


class CueModel:
    """A loaded cue classifier, with a fast per-sentence scorer over its weights.

    Scoring one sentence at a time through scikit-learn's vectoriser would cost a millisecond
    of set-up per sentence; the sparse weights are kept in a dict instead, which gives the same
    numbers as :meth:`LogisticModel.decision` (a test checks this).
    """

    def __init__(self, model: LogisticModel) -> None:
        self.model = model
        info = model.info
        try:
            self.threshold = float(info["threshold"])
            counts = info["cue_stems"]
            self.stems: dict[str, float] = {
                str(stem): smoothed_precision(int(hits), int(total))
                for stem, (hits, total) in counts.items()
            }
            # How often each stem occurred in training at all: a stem seen a handful of times
            # is a cue on anecdotal evidence (see scorer.attribution._not_a_cue).
            self.occurrences: dict[str, int] = {
                str(stem): int(total) for stem, (_, total) in counts.items()
            }
        except (KeyError, TypeError, ValueError) as exc:
            from scorer.errors import ModelError

            raise ModelError(f"refusing cue model {model.name}: malformed info ({exc})") from None
        self._weights = dict(zip(model.vocabulary, model.ngram_coef.tolist(), strict=True))
        self._dense = model.coef / model.scale
        self._offset = model.intercept - float(np.dot(model.mean, self._dense))
        self._dense_list: list[float] = self._dense.tolist()
        # The gate of :meth:`cues`: a candidate whose log-odds, summed in another order from
        # per-word parts, falls below the threshold's log-odds by more than _margin cannot
        # reach the threshold. The gate adds the same terms as probabilities() (the eight
        # sparse terms of a candidate are always distinct: their prefixes differ), so the two
        # sums differ by rounding only: the exact score takes the dense product in BLAS order
        # (fused multiply-adds on most machines, which a plain Python sum does not reproduce
        # to the last bit). That is at most a few dozen operations times 2**-53 times the
        # largest possible sum of absolute terms (every feature lies in [0, 1]), about 1e-13
        # here; the margin is 1e-9 times that largest sum. A threshold of 0 or 1 (or beyond)
        # turns the gate off.
        magnitude = (
            abs(self._offset)
            + sum(abs(d) for d in self._dense_list)
            + 8 * max((abs(w) for w in self._weights.values()), default=0.0)
        )
        self._margin = _GATE_MARGIN * (1.0 + magnitude)
        if 0.0 < self.threshold < 1.0:
            self._floor = math.log(self.threshold / (1.0 - self.threshold)) - self._margin
        else:
            self._floor = -math.inf
        self._words: dict[str, _WordInfo] = {}
        # The largest weight (or 0) of a stem bigram ("sn_STEM_NEXT", "ps_PREV_STEM") of each
        # stem key, for a cheaper first gate: a term counts under every stem key it could
        # hold (keys may contain "_"), which only makes a bound looser, never wrong.
        self._bigram_bound: dict[str, float] = {}
        sn_bound: dict[str, float] = {}
        ps_bound: dict[str, float] = {}
        for term, value in self._weights.items():
            head = term[:3]
            if value <= 0.0 or (head != "sn_" and head != "ps_"):
                continue
            rest = term[3:]
            bound = sn_bound if head == "sn_" else ps_bound
            i = rest.find("_")
            while i >= 0:
                key = rest[:i] if head == "sn_" else rest[i + 1 :]
                if value > bound.get(key, 0.0):
                    bound[key] = value
                i = rest.find("_", i + 1)
        for key in sn_bound.keys() | ps_bound.keys():
            self._bigram_bound[key] = sn_bound.get(key, 0.0) + ps_bound.get(key, 0.0)

    def probabilities(self, found: Sequence[Candidate]) -> list[float]:
        """P(the candidate is an attribution cue) for each candidate."""
        out = []
        weight = self._weights.get
        for cand in found:
            z = self._offset + float(np.dot(cand.dense, self._dense))
            # Each distinct term once, in order of first occurrence (the sum's order is kept,
            # so the result is the same to the last bit).
            for term in dict.fromkeys(cand.sparse.split()):
                z += weight(term, 0.0)
            out.append(1.0 / (1.0 + math.exp(-max(min(z, 500.0), -500.0))))
        return out

    def cues(
        self, sentence: str, masked: str, tokens: Sequence[tuple[str, int, int]] | None = None
    ) -> list[tuple[Candidate, float]]:
        """The candidates whose probability reaches the model's threshold, in text order.

        The same candidates and probabilities as :func:`candidates` scored by
        :meth:`probabilities`, but most candidates ("the", "to", "and" are stems of cues) are
        rejected by a gate first: their log-odds summed from per-word parts (see
        :meth:`_word_info`), without building their feature tuple and strings. Only those
        within ``_margin`` of the threshold's log-odds or above get the exact score.
        """
        toks = tokens if tokens is not None else tokenize(sentence)
        n = len(toks)
        if not n:
            return []
        words = self._words
        infos = [words.get(w) or self._word_info(w) for w, _, _ in toks]
        if masked == sentence:
            at = [k for k, info in enumerate(infos) if info.stem is not None]
        else:
            at = [
                k
                for k, info in enumerate(infos)
                if info.stem is not None
                and masked[toks[k][1] : toks[k][2]] == sentence[toks[k][1] : toks[k][2]]
            ]
        if not at:
            return []
        lexicon_weight = _lexicon_weights(toks, masked)
        # A quote mark is always a token of its own: without one in the text, there is none.
        quote_at = (
            [k for k, (w, _, _) in enumerate(toks) if w in _QUOTE_MARKS]
            if any(mark in sentence for mark in _QUOTE_MARKS)
            else []
        )
        start_info = words.get("<s>") or self._word_info("<s>")
        end_info = words.get("</s>") or self._word_info("</s>")
        _, d1, d2, _, _, _, _, d7, d8, d9, d10 = self._dense_list
        title = is_title_case(toks)
        # Per sentence: the offset and the has-quote feature.
        base = self._offset + (d9 if quote_at else 0.0)
        floor = self._floor - base
        weight = self._weights.get
        out = []
        for k in at:
            info = infos[k]
            prev = infos[k - 1] if k > 0 else start_info
            nxt = infos[k + 1] if k + 1 < n else end_info
            if quote_at:
                i = bisect_right(quote_at, k)
                distance = min(
                    k - quote_at[i - 1] if i > 0 else n,
                    quote_at[i] - k if i < len(quote_at) else n,
                    10,
                )
            else:
                distance = 10
            z = (
                (info.as_word if k > 0 else info.as_first_word)
                + prev.as_prev
                + (infos[k - 2].p2 if k > 1 else start_info.p2)
                + nxt.as_next
                + (infos[k + 2].n2 if k + 2 < n else end_info.n2)
                + lexicon_weight[k] * d1
                + (k / n) * d2
                + (distance / 10.0) * d10
            )
            if title and k > 0:
                # The capitalisation parts that as_word and as_prev hold do not apply. (Taken
                # out before the bound below: they may be negative, and the bound must hold
                # for the candidate's real score.)
                z -= (d8 if toks[k][0][0].isupper() else 0.0) + (
                    d7 if toks[k - 1][0][0].isupper() else 0.0
                )
            # The two stem bigrams cannot add more than the stem's bound: most candidates
            # are rejected before their bigram terms are built and looked up. (The bound
            # exceeds the two weights by far more than any rounding of these sums.)
            if z + info.bigram_bound < floor:
                continue
            z = (
                z
                + weight("sn_" + info.stem_key + "_" + nxt.key, 0.0)
                + weight("ps_" + prev.key + "_" + info.stem_key, 0.0)
            )
            if z < floor:
                continue
            word, start, end = toks[k]
            stem = cue_stem(word)
            dense = _dense_features(toks, k, info.precision, lexicon_weight[k], quote_at, title)
            cand = Candidate(k, start, end, stem, dense, _sparse_terms(toks, k, stem))
            (probability,) = self.probabilities((cand,))
            if probability >= self.threshold:
                out.append((cand, probability))
        return out

    def _word_info(self, word: str) -> _WordInfo:
        """A token's parts of the log-odds of itself and its neighbours, memoised (bounded).

        The parts regroup the terms of :meth:`probabilities` by the token they depend on:
        the dense features times their coefficients (every feature lies in [0, 1]) and the
        weights of the sparse terms (0 when not in the vocabulary). See :func:`_dense_features`
        and :func:`_sparse_terms` for the features themselves.
        """
        weight = self._weights.get
        d0, _, _, d3, d4, d5, d6, d7, d8, _, _ = self._dense_list
        key = _key(word)
        stem: str | None = None
        stem_key = ""
        precision = 0.0
        bigram_bound = 0.0
        as_word = as_first_word = -math.inf  # not a candidate: never passes the gate
        if word[0].isalnum() or word == ":":
            candidate_stem = cue_stem(word)
            if candidate_stem in self.stems:
                stem = candidate_stem
                stem_key = _key(stem)
                precision = self.stems[stem]
                bigram_bound = self._bigram_bound.get(stem_key, 0.0)
                as_first_word = (
                    precision * d0 + weight("w_" + key, 0.0) + weight("s_" + stem_key, 0.0)
                )
                # "capitalised" counts only after the first token.
                as_word = as_first_word + (d8 if word[0].isupper() else 0.0)
        lower = word.lower()
        info = _WordInfo(
            stem=stem,
            stem_key=stem_key,
            precision=precision,
            key=key,
            as_word=as_word,
            as_first_word=as_first_word,
            as_prev=(
                weight("p1_" + key, 0.0)
                + (d5 if word in {",", "”", '"'} else 0.0)
                + (d6 if lower in _PRONOUNS else 0.0)
                + (d7 if word[0].isupper() else 0.0)
            ),
            as_next=(
                weight("n1_" + key, 0.0)
                + (d3 if lower == "that" else 0.0)
                + (d4 if word in {":", ","} or word in _QUOTE_MARKS else 0.0)
            ),
            p2=weight("p2_" + key, 0.0),
            n2=weight("n2_" + key, 0.0),
            bigram_bound=bigram_bound,
        )
        if len(self._words) >= _WORD_CACHE_SIZE:
            self._words.clear()  # bounded: memory stays flat on any corpus
        self._words[word] = info
        return info


class _WordInfo(NamedTuple):
    """What the gate of :meth:`CueModel.cues` needs to know about one token."""

    stem: str | None  # None: not a candidate (punctuation or a stem the model does not know)
    stem_key: str
    precision: float
    key: str
    as_word: float  # the candidate's own parts (-inf when not a candidate)
    as_first_word: float  # the same as the sentence's first token
    as_prev: float  # the parts it gives the candidate after it
    as_next: float  # ... the candidate before it
    p2: float  # ... the candidate two after it
    n2: float  # ... the candidate two before it
    bigram_bound: float  # at least the weights of its two stem bigrams (0 when not a candidate)


_WORD_CACHE_SIZE = 1 << 16
# The gate's margin per unit of the largest possible log-odds sum: far above the rounding
# difference between the gate's sum and the exact score (see CueModel.__init__), far below any
# real difference between candidates.
_GATE_MARGIN = 1e-9


def smoothed_precision(hits: int, total: int) -> float:
    """A stem's cue precision, smoothed towards 0.1 so that rare stems are not trusted."""
    return (hits + _PRIOR_HITS) / (total + _PRIOR_TOTAL)


_ACTIVE: dict[str, CueModel] = {}


@cache
def _load_default() -> CueModel:
    return CueModel(load_model(default_model_dir() / CUE_MODEL_FILE, known_features=CUE_FEATURES))


def cue_model() -> CueModel:
    """The cue model in use: one set by :func:`use_cue_model`, else the shipped one (verified).

    Raises:
        ModelError: the shipped model is missing, edited, or was trained with other lexicons.
    """
    active = _ACTIVE.get("model")
    return active if active is not None else _load_default()


def use_cue_model(model: LogisticModel | None) -> None:
    """Use ``model`` for attribution in this process (None: back to the shipped model).

    ``scorer train`` fits the cue model first and then the models whose features depend on
    attributions; those must see the new cue model, not a shipped one made stale by a lexicon
    edit, whatever directory the new models are written to.
    """
    if model is None:
        _ACTIVE.pop("model", None)
    elif "model" not in _ACTIVE or _ACTIVE["model"].model is not model:
        _ACTIVE["model"] = CueModel(model)
    _load_default.cache_clear()


def load_cue_model(path: str | Path) -> CueModel:
    """Load and verify a cue model file."""
    return CueModel(load_model(path, known_features=CUE_FEATURES))


# --- Training -----------------------------------------------------------------------------------

# The threshold is chosen on out-of-fold scores of every training article (articles split by
# index modulo _FOLDS); the final model is then refitted on every training article.
_FOLDS = 5
# Chosen by the cross-validated sentence F1 on the training articles: 0.8758 at C=0.1, 0.8794
# at 0.2, 0.8790 at 0.4.
_C = 0.2
_MIN_DF = 3


@dataclass
class _Rows:
    article: list[int]
    sentence: list[int]
    stem: list[str]
    dense: list[tuple[float, ...]]
    sparse: list[str]
    label: list[bool]
    sentence_gold: dict[tuple[int, int], bool]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _candidate_rows(docs: Sequence[Any]) -> _Rows:
    """Every word of every sentence of PolNeAR articles, labelled by gold Cue overlap."""
    from scorer.quotes import QuoteIndex, quote_spans
    from scorer.text import split_sentences

    rows = _Rows([], [], [], [], [], [], {})
    for a, doc in enumerate(docs):
        text = doc.text
        quotes = QuoteIndex(quote_spans(text))
        cues = [c for att in doc.attributions for c in att.cue]
        for s, (start, end) in enumerate(split_sentences(text)):
            sentence = text[start:end]
            masked = _mask(sentence, start, end, quotes)
            sentence_cues = [c for c in cues if _overlaps(c, (start, end))]
            rows.sentence_gold[(a, s)] = bool(sentence_cues)
            for cand in candidates(sentence, masked, None):
                span = (start + cand.start, start + cand.end)
                rows.article.append(a)
                rows.sentence.append(s)
                rows.stem.append(cand.stem)
                rows.dense.append(cand.dense)
                rows.sparse.append(cand.sparse)
                rows.label.append(any(_overlaps(c, span) for c in sentence_cues))
    return rows


def _mask(sentence: str, start: int, end: int, quotes: Any) -> str:
    parts = quotes.overlap(start, end)
    if not parts:
        return sentence
    chars = list(sentence)
    for s, e in parts:
        chars[s - start : e - start] = " " * (e - s)
    return "".join(chars)


def _stem_counts(rows: _Rows, keep: np.ndarray) -> tuple[Counter[str], Counter[str]]:
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for i in np.flatnonzero(keep):
        total[rows.stem[i]] += 1
        hits[rows.stem[i]] += rows.label[i]
    return hits, total


def _fit(rows: _Rows, keep: np.ndarray) -> tuple[LogisticModel, dict[str, list[int]]]:
    """Fit on the rows in ``keep``; the precision feature is computed out of fold."""
    from sklearn.feature_extraction.text import CountVectorizer

    from scorer.model import NGRAM_TOKEN_PATTERN

    hits, total = _stem_counts(rows, keep)
    stems = {s: [hits[s], total[s]] for s in sorted(hits) if hits[s] >= MIN_STEM_HITS}
    # A stem's precision on the very rows being fitted would leak their labels (a stem seen
    # twice, both times as a cue, would look certain): each row gets the precision computed
    # on the other folds' articles.
    fold_of = np.asarray(rows.article) % _FOLDS
    fold_counts = {f: _stem_counts(rows, keep & (fold_of == f)) for f in range(_FOLDS)}
    index = [i for i in np.flatnonzero(keep) if rows.stem[i] in stems]
    dense = np.array([rows.dense[i] for i in index], dtype=np.float64)
    for j, i in enumerate(index):
        fh, ft = fold_counts[int(fold_of[i])]
        stem = rows.stem[i]
        dense[j, 0] = smoothed_precision(hits[stem] - fh[stem], total[stem] - ft[stem])
    texts = [rows.sparse[i] for i in index]
    y = np.array([rows.label[i] for i in index], dtype=np.int64)
    vectorizer = CountVectorizer(token_pattern=NGRAM_TOKEN_PATTERN, min_df=_MIN_DF, binary=True)
    vectorizer.fit(texts)
    model = fit_logistic(
        dense,
        y,
        name="attribution_cue",
        target="P(the word is an attribution cue)",
        features=list(CUE_FEATURES),
        C=_C,
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


# Thresholds tried on the held-out training articles.
_THRESHOLDS = tuple(round(0.2 + 0.025 * k, 3) for k in range(17))


def train_attribution(data_dir: Path) -> LogisticModel:
    """Fit the cue classifier on PolNeAR train and measure it on PolNeAR dev.

    The threshold is the one that maximises sentence-level F1 over the training articles, each
    scored by a model fitted on the other four fifths (five-fold cross-validation by article);
    the model is then refitted on all training articles.

    Args:
        data_dir: the data folder (reads ``attribution/polnear``).
    """
    import hashlib

    from scorer.corpora import load_polnear

    docs = load_polnear(data_dir, "train")
    rows = _candidate_rows(docs)
    article = np.asarray(rows.article)
    # Every training article is scored once by a model fitted without its fold; the threshold
    # is chosen on all of them together (one held-out fold alone moved it by 0.05 between
    # runs of small feature changes).
    scores: dict[tuple[int, int], float] = {}
    for fold in range(_FOLDS):
        holdout = article % _FOLDS == fold
        first, stems = _fit(rows, ~holdout)
        first.info = {"threshold": 0.5, "cue_stems": stems}
        held = {a for a in range(len(docs)) if a % _FOLDS == fold}
        scores.update(_sentence_scores(CueModel(first), rows, held))
    curve = {t: sentence_f1(scores, rows.sentence_gold, t) for t in _THRESHOLDS}
    threshold = max(_THRESHOLDS, key=lambda t: (curve[t]["f1"], -t))
    model, stems = _fit(rows, np.ones(len(rows.label), dtype=bool))
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
            "C": _C,
            "min_df": _MIN_DF,
            "min_stem_hits": MIN_STEM_HITS,
            "threshold_cv": f"{_FOLDS} folds by article index % {_FOLDS}",
        },
        # Cross-validated sentence F1 at every threshold tried, for the model card.
        "threshold_curve": {f"{t:.3f}": curve[t]["f1"] for t in _THRESHOLDS},
        "metrics": {
            "polnear_train_cv_sentence": curve[threshold],
            "polnear_dev_sentence": sentence_f1(dev_scores, dev_rows.sentence_gold, threshold),
        },
    }
    return model
