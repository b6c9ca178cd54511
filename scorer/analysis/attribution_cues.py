"""The attribution cue classifier: which words of a sentence attribute something to someone.

PolNeAR annotates attribution broadly: speech ("said"), writing ("tweeted"), thoughts and
beliefs ("believes", "fear"), intentions ("wants", "plans"), stances ("endorsed", "opposed"),
evidence ("showed", "found") and cue nouns and phrases ("according to", "in a statement"). No
fixed word list separates these from the same words used otherwise ("the so-called deal",
"an estimated 100,000"), so each candidate word is scored by a small logistic model:

- Candidates: every word (and ":") outside quotations whose crude stem was part of a gold
  PolNeAR Cue often enough in the training articles (``min_stem_hits`` of the training
  config). The stems and their counts are stored in the model file, so the candidate set is
  data, not code.
- Dense features (:data:`CUE_FEATURES`): the stem's smoothed precision as a cue in training,
  the ``reporting`` lexicon weight, position, "that"/":"/quote right after, a name or pronoun
  right before, distance to the nearest quote mark.
- Sparse features: the word, its stem, the two words either side and stem bigrams, encoded as
  ``prefix_word`` tokens and stored as the model's n-gram vocabulary.

The model is a :class:`scorer.classify.logistic.LogisticModel` saved as JSON
(``models/attribution_cue.json``) and verified on load like the other models (checksum, feature
names, lexicon hashes). A sentence has an attribution when some candidate's probability reaches the
threshold stored in the model, chosen on out-of-fold scores of the training articles (five-fold
cross-validation).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

import numpy as np

from scorer.analysis.lexicon import Lexicon, LexiconEntry, load_lexicon
from scorer.errors import ModelError

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


class CueWeights(Protocol):
    """What the cue classifier reads of a logistic model: a
    :class:`scorer.classify.logistic.LogisticModel` whose ``info`` holds the decision
    ``threshold`` and the ``cue_stems`` counts."""

    name: str
    info: dict[str, Any]
    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    vocabulary: list[str]
    ngram_coef: np.ndarray


class CueModel:
    """A loaded cue classifier, with a fast per-sentence scorer over its weights.

    Scoring one sentence at a time through scikit-learn's vectoriser would cost a millisecond
    of set-up per sentence; the sparse weights are kept in a dict instead, which gives the same
    numbers as :meth:`LogisticModel.decision` (a test checks this).

    Args:
        model: the verified logistic model of ``attribution_cue.json`` (see
            :func:`scorer.classify.model_set.load_cue_model`).

    Raises:
        ModelError: the model's ``info`` lacks a valid threshold or stem counts.
    """

    def __init__(self, model: CueWeights) -> None:
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
