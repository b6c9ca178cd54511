"""Sentence analysis and features: cues with their spans, then numbers a model can use.

The flow is: an article's text and its sentence spans -> :func:`analyze_sentences` (one
:class:`SentenceAnalysis` per sentence: hedges, boosters, attributions with typed sources,
quotations, "!" and "?" inside and outside quotations) -> the feature registries
:data:`SENTENCE_FEATURES` (inputs of the sentence certainty model) and
:data:`ARTICLE_FEATURES` (inputs of the article sourcing and reliability models, and report
columns; the sourcing evidence they count comes from :mod:`scorer.analysis.sources`).

Cues inside a direct quotation belong to the person quoted, not to the author: they are kept
(``in_quote``) and shown, but the author's features count only the cues outside quotations.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from scorer.analysis.attribution import (
    ATTRIBUTION_TYPES,
    CLOSING_QUOTES,
    Attribution,
    find_attributions,
)
from scorer.analysis.attribution import primary_attribution as _primary
from scorer.analysis.attribution_cues import CueModel, is_title_case, tokenize
from scorer.analysis.lexicon import load_lexicon
from scorer.analysis.quotes import QuoteIndex, quote_spans
from scorer.analysis.sources import SourcingEvidence, sourcing_evidence

HEDGE_TYPES = ("epistemic", "doxastic", "hearsay", "weasel", "conditional")

# Contractions and digit groups are one word: "don't", "100,000", "3.5".
_WORD = re.compile(r"\w+(?:['’]\w+|[.,]\d+)*")
# Both patterns open with one character of a set, so that the regex engine skips to the next
# such character in a tight loop instead of trying a match at every position (a test compares
# them with their plain forms, NUMBER_PATTERN and CAPS_WORD_PATTERN).
NUMBER_PATTERN = r"\d+(?:[.,]\d+)*"
_NUMBER = re.compile(r"\d\d*(?:[.,]\d+)*")
# Four letters or more: shorter all-caps words are mostly acronyms (UN, HTS, FBI), which say
# nothing about tone; "BREAKING" or "SHOCKING" do.
CAPS_WORD_PATTERN = r"\b[A-Z]{4,}\b"
# The word boundary before the first capital, tested after it: no word character before it.
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{3,}\b")
_MONTH_MAY = re.compile(r"May")


@dataclass(frozen=True)
class Cue:
    """A lexicon match in a sentence. Offsets are into the sentence text."""

    text: str
    type: str
    weight: float
    start: int
    end: int
    in_quote: bool


@dataclass
class SentenceAnalysis:
    """Everything the scorer found in one sentence. Offsets are into the article text."""

    start: int
    end: int
    text: str
    author_text: str
    n_words: int
    quoted_share: float
    has_quote: bool
    hedges: list[Cue] = field(default_factory=list)
    boosters: list[Cue] = field(default_factory=list)
    loaded: list[Cue] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    exclaim_author: int = 0
    exclaim_quoted: int = 0
    question_author: int = 0
    question_quoted: int = 0
    caps_words: int = 0
    numbers: int = 0
    # Derived once, when the analysis is made (it is not changed afterwards): the sentence
    # features, the article features and the report rows ask for them a dozen times per
    # sentence. Hedges in the author's own voice (outside quotations), and the most
    # identifiable source the sentence cites, if any.
    author_hedges: list[Cue] = field(init=False, repr=False, compare=False)
    primary: Attribution | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.author_hedges = [c for c in self.hedges if not c.in_quote]
        self.primary = _primary(self.attributions)

    @property
    def in_quote(self) -> bool:
        """The sentence is (almost) all quotation: its voice is the speaker's, not the author's."""
        return self.quoted_share >= 0.9

    @property
    def quoted_hedges(self) -> list[Cue]:
        """Hedges inside quotations: the speaker's."""
        return [c for c in self.hedges if c.in_quote]

    @property
    def author_hearsay(self) -> bool:
        """Whether the author relays hearsay: a hearsay hedge outside quotations ("reportedly",
        "it is claimed", "sources said")."""
        return any(c.type == "hearsay" for c in self.author_hedges)

    @property
    def attribution_type(self) -> str:
        """``named``, ``media``, ``document``, ``anonymous``, ``vague`` or ``none``."""
        primary = self.primary
        return primary.type if primary is not None else "none"


def in_name_or_compound(sentence: str, start: int, end: int) -> bool:
    """Whether the word ``sentence[start:end]`` names something or is part of a compound, and
    so is not the lexicon's word: part of a hyphenated word ("al-Sham"), or capitalised after
    the sentence's first word ("the Dirty Dozen", "Black voters") in a sentence that is not
    a title-case headline. ALL-CAPS words are not names ("THIS IS A RECKLESS SHAM")."""
    if (start > 0 and sentence[start - 1] == "-") or sentence[end : end + 1] == "-":
        return True
    word = sentence[start:end]
    if not word[0].isupper() or word.isupper():
        return False
    if not any(ch.isalpha() for ch in sentence[:start]):
        return False  # the sentence's first word
    return not is_title_case(tokenize(sentence))


# A quantifier that counts or measures rather than stands for unnamed people: followed by a
# number ("some 1,500 visitors", "several hundred"; not a year, "some 2016 voters") or a unit of
# time ("for many years", "on several occasions"), or "many" asked about or intensified ("how
# many", "so many", "too many", "as many as"). In CoNLL-2010 train the sentences with such uses
# are uncertain about as often as any sentence (0.28), while the quantifier as a weasel ("some
# critics", "many believe", "as some have suggested") marks about 0.6 of its sentences.
_QUANTIFIER = frozenset({"some", "many", "several"})
_COUNTED = re.compile(
    r"\s+(?:(?!(?:1[89]|20)\d\d\b)\d|(?:a\s+|one\s+)?(?:few\s+)?(?:hundreds?|thousands?|"
    r"millions?|billions?|dozens?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty)\b|"
    r"(?:more\s+)?(?:seconds|minutes|hours|days|nights|weeks|months|years|decades|"
    r"centuries|generations|seasons|times|occasions|time)\b)"
)
_AS_MANY_AS = re.compile(r"\s+as\b", re.IGNORECASE)


def _previous_word(sentence: str, start: int) -> str:
    """The lowercased word just before ``start`` (across spaces only), or ""."""
    end = start
    while end > 0 and sentence[end - 1].isspace():
        end -= 1
    begin = end
    while begin > 0 and sentence[begin - 1].isalpha():
        begin -= 1
    return sentence[begin:end].lower()


def _plain_quantifier(sentence: str, start: int, end: int, term: str) -> bool:
    """Whether the weasel ``term`` at ``sentence[start:end]`` is a quantifier used plainly."""
    words = term.split()
    if words[-1] in _QUANTIFIER and _COUNTED.match(sentence, end):
        return True
    if words[0] != "many" or start == 0:
        return False
    before = _previous_word(sentence, start)
    if before in ("how", "so", "too"):
        return True
    return before == "as" and len(words) == 1 and bool(_AS_MANY_AS.match(sentence, end))


def _find_cues(
    lexicon_name: str, sentence: str, base: int, quotes: QuoteIndex, *, skip_names: bool = False
) -> list[Cue]:
    lexicon = load_lexicon(lexicon_name)
    cues = []
    for match in lexicon.finditer(sentence):
        found = match.group()
        # "May" with a capital inside a sentence is the month ("on May 5"), not the modal.
        if match.start() > 0 and _MONTH_MAY.fullmatch(found):
            continue
        if skip_names and in_name_or_compound(sentence, match.start(), match.end()):
            continue
        entry = lexicon.lookup(found)
        if entry is None:
            continue
        if entry.type == "weasel" and _plain_quantifier(
            sentence, match.start(), match.end(), entry.term
        ):
            continue
        cues.append(
            Cue(
                text=found,
                type=entry.type,
                weight=entry.weight,
                start=match.start(),
                end=match.end(),
                in_quote=quotes.contains(base + match.start()),
            )
        )
    return cues


def _count_marks(sentence: str, mark: str, base: int, quotes: QuoteIndex) -> tuple[int, int]:
    author = quoted = 0
    pos = sentence.find(mark)
    while pos >= 0:
        if quotes.contains(base + pos):
            quoted += 1
        else:
            author += 1
        pos = sentence.find(mark, pos + 1)
    return author, quoted


def _after_closing_quote(text: str, start: int) -> bool:
    """Whether the text before ``start``, spaces aside, ends with a closing quote mark.

    Looked up in place: ``text[:start]`` would copy the article up to every sentence, which
    makes a long text quadratic (a 5 MB one spent most of its time copying).
    """
    k = start
    while k > 0 and text[k - 1] in " \t\xa0":
        k -= 1
    return text.endswith(CLOSING_QUOTES, 0, k)


def analyze_sentence(
    text: str, start: int, end: int, quotes: QuoteIndex, cue_model: CueModel
) -> SentenceAnalysis:
    """Analyse the sentence ``text[start:end]`` of an article.

    Args:
        text: the whole article text.
        start: the sentence's start offset in ``text``.
        end: its end offset.
        quotes: the article's quotations (quotations may span several sentences).
        cue_model: the attribution cue classifier (the ``attribution`` of a model set).
    """
    sentence = text[start:end]
    quoted_parts = quotes.overlap(start, end)
    quoted_chars = sum(e - s for s, e in quoted_parts)
    masked = QuoteIndex.blank(sentence, start, quoted_parts)
    quoted_share = quoted_chars / len(sentence) if sentence else 0.0
    exclaim_author, exclaim_quoted = _count_marks(sentence, "!", start, quotes)
    question_author, question_quoted = _count_marks(sentence, "?", start, quotes)
    analysis = SentenceAnalysis(
        start=start,
        end=end,
        text=sentence,
        # A sentence that is all quotation is scored on the speaker's words; otherwise the
        # certainty model reads only the author's words.
        author_text=sentence if quoted_share >= 0.9 else masked,
        n_words=len(_WORD.findall(sentence)),
        quoted_share=quoted_share,
        has_quote=quotes.has_speech(start, end),
        hedges=_find_cues("hedges", sentence, start, quotes),
        boosters=_find_cues("boosters", sentence, start, quotes),
        # Loaded words are common adjectives and nouns, so a capitalised one is a name.
        loaded=_find_cues("loaded", sentence, start, quotes, skip_names=True),
        attributions=find_attributions(
            sentence,
            masked,
            article=text,
            after_quote=_after_closing_quote(text, start),
            cue_model=cue_model,
        ),
        exclaim_author=exclaim_author,
        exclaim_quoted=exclaim_quoted,
        question_author=question_author,
        question_quoted=question_quoted,
        caps_words=len(_CAPS_WORD.findall(masked)),
        numbers=len(_NUMBER.findall(sentence)),
    )
    return analysis


def analyze_sentences(
    text: str, spans: Sequence[tuple[int, int]], cue_model: CueModel
) -> list[SentenceAnalysis]:
    """Analyse every sentence of an article; quotations are found once for the whole text.

    Args:
        text: the article text.
        spans: its sentences (:func:`scorer.analysis.text.split_sentences`).
        cue_model: the attribution cue classifier (the ``attribution`` of a model set).
    """
    quotes = QuoteIndex(quote_spans(text))
    return [analyze_sentence(text, start, end, quotes, cue_model) for start, end in spans]


def standalone_author_hedges(sentence: str) -> list[Cue]:
    """The author's hedges of one sentence on its own: ``analyze_standalone(s, ...).author_hedges``
    without the rest of the analysis, so without the models (lexicon derivations use it)."""
    quotes = QuoteIndex(quote_spans(sentence))
    return [c for c in _find_cues("hedges", sentence, 0, quotes) if not c.in_quote]


def analyze_standalone(sentence: str, cue_model: CueModel) -> SentenceAnalysis:
    """Analyse one sentence on its own (``--unit sentence`` and sentence-level training data),
    with the attribution cue classifier ``cue_model``."""
    quotes = QuoteIndex(quote_spans(sentence))
    return analyze_sentence(sentence, 0, len(sentence), quotes, cue_model)


# --- Sentence features: inputs of the sentence certainty model --------------------------------

SentenceFeature = Callable[[SentenceAnalysis], float]


# Most sentences have no hedge, booster or attribution: the features below answer those at
# once, without building a generator (the model step computes them for every sentence).


def _hedge_weight(kind: str) -> SentenceFeature:
    def feature(s: SentenceAnalysis) -> float:
        hedges = s.author_hedges
        return sum(c.weight for c in hedges if c.type == kind) if hedges else 0.0

    feature.__doc__ = f"Summed lexicon weights of the author's {kind} hedges."
    return feature


def _attribution_flag(kind: str) -> SentenceFeature:
    def feature(s: SentenceAnalysis) -> float:
        found = s.attributions
        return float(any(a.type == kind for a in found)) if found else 0.0

    feature.__doc__ = f"1 when the sentence cites a {kind} source."
    return feature


def _conll_rate(s: SentenceAnalysis) -> float:
    """The highest CoNLL-2010 train uncertain rate of the author's hedges (0 with none).

    The type sums weigh a hedge by how often it is a cue where it occurs (Szeged precision);
    this says how often a sentence with it is labelled uncertain: "may" is a cue 86% of the
    time but marks an uncertain CoNLL sentence 24% of the time, "probably" 74%.
    """
    hedges = s.author_hedges
    if not hedges:
        return 0.0
    rates = load_lexicon("hedge_rates")
    best = 0.0
    for cue in hedges:
        entry = rates.lookup(cue.text)
        if entry is not None and entry.weight > best:
            best = entry.weight
    return best


def _booster(s: SentenceAnalysis) -> float:
    """Summed lexicon weights of the author's boosters."""
    boosters = s.boosters
    return sum(c.weight for c in boosters if not c.in_quote) if boosters else 0.0


SENTENCE_FEATURES: dict[str, SentenceFeature] = {
    **{f"hedge_{kind}": _hedge_weight(kind) for kind in HEDGE_TYPES},
    "booster": _booster,
    "attr_any": lambda s: float(bool(s.attributions)),
    **{f"attr_{kind}": _attribution_flag(kind) for kind in ("anonymous", "vague")},
    # How many hedges, besides how strong: "may possibly suggest" is less certain than "may".
    "hedge_count": lambda s: math.log1p(len(s.author_hedges)),
    "hedge_conll_rate": _conll_rate,
    "punct_question": lambda s: float(s.question_author > 0),
    "punct_exclaim": lambda s: float(s.exclaim_author > 0),
    # A measured figure ("rose 13 percent") reads as a firm finding in Pei & Jurgens' ratings.
    "has_number": lambda s: float(s.numbers > 0),
    "log_words": lambda s: math.log1p(s.n_words),
}
"""Sentence feature name -> function of a :class:`SentenceAnalysis` (the author's voice)."""


def get_sentence_features(names: Iterable[str] | None = None) -> dict[str, SentenceFeature]:
    """The named sentence features, in the order given (all of them by default).

    Raises:
        ValueError: a name is not a known feature; the message lists the valid ones.
    """
    return _select(SENTENCE_FEATURES, names, "sentence")


def sentence_feature_matrix(
    analyses: Sequence[SentenceAnalysis], names: Sequence[str]
) -> np.ndarray:
    """A (n_sentences, n_features) matrix of the named sentence features."""
    functions = [SENTENCE_FEATURES[name] for name in names]
    # Built from Python rows in one call: storing element by element into the array costs
    # more than computing the features.
    rows = [[function(analysis) for function in functions] for analysis in analyses]
    return np.array(rows, dtype=np.float64).reshape(len(analyses), len(functions))


# --- Article features: inputs of the article models and columns of the report ----------------


@dataclass(frozen=True)
class ArticleContext:
    """An article's sentences and their certainty scores, the input of article features."""

    sentences: Sequence[SentenceAnalysis]
    certainty: Sequence[float] | np.ndarray

    @property
    def n(self) -> int:
        return max(len(self.sentences), 1)

    @cached_property
    def words(self) -> int:
        return max(sum(s.n_words for s in self.sentences), 1)

    @cached_property
    def author_text(self) -> str:
        """The author's words: the sentences' text outside quotations, joined by line breaks."""
        return "\n".join(s.author_text for s in self.sentences if not s.in_quote)

    @cached_property
    def attribution_types(self) -> Counter[str]:
        """How many sentences have each main source type (``none`` included)."""
        return Counter(s.attribution_type for s in self.sentences)

    @cached_property
    def evidence(self) -> SourcingEvidence:
        """The article's sourcing evidence: claims, distinct sources, quotes (counted once)."""
        return sourcing_evidence(self.sentences)


ArticleFeature = Callable[[ArticleContext], float]


def _attr_share(kind: str) -> ArticleFeature:
    def feature(a: ArticleContext) -> float:
        return a.attribution_types[kind] / a.n

    feature.__doc__ = f"Share of sentences whose main source is {kind}."
    return feature


def _identified_share(a: ArticleContext) -> float:
    attributed = [s for s in a.sentences if s.attributions]
    if not attributed:
        return 0.0
    good = sum(s.attribution_type in ("named", "media", "document") for s in attributed)
    return good / len(attributed)


def _hedge_rate(kind: str | None) -> ArticleFeature:
    def feature(a: ArticleContext) -> float:
        return (
            sum(1 for s in a.sentences for c in s.author_hedges if kind is None or c.type == kind)
            / a.n
        )

    return feature


# The author talking to the reader ("you need to see this") or about themselves outside
# quotations ("I think", "we all know") marks opinion writing, not reporting.
_READER_ADDRESS = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|we|us|our|ours)\b")
# The same matches, found faster: each opens with its first letter (only "y" and "Y" match "y"
# ignoring case) and tests the word boundary before it after it ("(?<!\w.)": no word
# character before the letter), so the regex engine skips to those letters in a tight loop
# instead of trying every position of the article. A test compares them.
_FAST_PATTERNS = {
    _READER_ADDRESS: re.compile(
        r"(?-i:[yY])(?<!\w.)(?:ou|our|ours|ourself|ourselves)\b", re.IGNORECASE
    ),
    _FIRST_PERSON: re.compile(
        r"(?:I(?<!\w.)|m(?<!\w.)e|m(?<!\w.)y|m(?<!\w.)ine|w(?<!\w.)e|u(?<!\w.)s|o(?<!\w.)ur"
        r"|o(?<!\w.)urs)\b"
    ),
}


def _per_100_words(pattern: re.Pattern[str]) -> ArticleFeature:
    findall = _FAST_PATTERNS.get(pattern, pattern).findall

    def feature(a: ArticleContext) -> float:
        # One scan of the texts joined by line breaks: the patterns match words only, so no
        # match spans a break and a break is a boundary as the start or end of a text is.
        return 100 * len(findall(a.author_text)) / a.words

    feature.__doc__ = f"Matches of {pattern.pattern} in the author's words, per 100 words."
    return feature


ARTICLE_FEATURES: dict[str, ArticleFeature] = {
    "attr_rate": lambda a: sum(bool(s.attributions) for s in a.sentences) / a.n,
    **{f"attr_{kind}_share": _attr_share(kind) for kind in ATTRIBUTION_TYPES},
    "attr_identified_share": _identified_share,
    "quote_share": lambda a: sum(s.has_quote for s in a.sentences) / a.n,
    "hedge_rate": _hedge_rate(None),
    "hedge_hearsay_rate": _hedge_rate("hearsay"),
    "hedge_weasel_rate": _hedge_rate("weasel"),
    "booster_rate": lambda a: sum(not c.in_quote for s in a.sentences for c in s.boosters) / a.n,
    "punct_exclaim_rate": lambda a: sum(s.exclaim_author for s in a.sentences) / a.n,
    "punct_exclaim_quoted_rate": lambda a: sum(s.exclaim_quoted for s in a.sentences) / a.n,
    "punct_question_rate": lambda a: sum(s.question_author for s in a.sentences) / a.n,
    "caps_per_100_words": lambda a: 100 * sum(s.caps_words for s in a.sentences) / a.words,
    "reader_address_per_100_words": _per_100_words(_READER_ADDRESS),
    "first_person_per_100_words": _per_100_words(_FIRST_PERSON),
    "numbers_per_100_words": lambda a: 100 * sum(s.numbers for s in a.sentences) / a.words,
    # Loaded language ("disgraced", "witch hunt", "reckless") in the author's voice: summed
    # lexicon weights per 100 words (see scorer/training/derive_loaded_lexicon.py).
    "loaded_per_100_words": lambda a: (
        100 * sum(c.weight for s in a.sentences for c in s.loaded if not c.in_quote) / a.words
    ),
    "certainty_mean": lambda a: float(np.mean(a.certainty)) if len(a.certainty) else 0.5,
    "certainty_min": lambda a: float(np.min(a.certainty)) if len(a.certainty) else 0.5,
    # Sourcing evidence (scorer.analysis.sources): volumes with diminishing returns, log(1 + n) ...
    "log_attributed_claims": lambda a: math.log1p(a.evidence.attributed_claims),
    "log_distinct_sources": lambda a: math.log1p(a.evidence.distinct_sources),
    "log_identified_sources": lambda a: math.log1p(a.evidence.distinct_identified_sources),
    "log_direct_quotes": lambda a: math.log1p(a.evidence.direct_quotes),
    # ... and the quality of the claims' sourcing, as shares that a repeated sentence or an
    # added question does not move.
    "unidentified_claim_share": lambda a: _share(
        a.evidence.anonymous_claims + a.evidence.vague_claims, a.evidence.attributed_claims
    ),
    "vague_claim_share": lambda a: _share(a.evidence.vague_claims, a.evidence.attributed_claims),
    "unattributed_claim_share": lambda a: _share(a.evidence.unattributed_claims, a.evidence.claims),
    "hearsay_claim_share": lambda a: _share(a.evidence.hearsay_claims, a.evidence.claims),
    "log_words": lambda a: math.log1p(sum(s.n_words for s in a.sentences)),
}
"""Article feature name -> function of an :class:`ArticleContext`; rates are per sentence."""

ARTICLE_COUNTS: dict[str, Callable[[ArticleContext], int]] = {
    "hedge_count": lambda a: sum(len(s.author_hedges) for s in a.sentences),
    "hedge_quoted_count": lambda a: sum(len(s.quoted_hedges) for s in a.sentences),
    "booster_count": lambda a: sum(not c.in_quote for s in a.sentences for c in s.boosters),
    "loaded_count": lambda a: sum(not c.in_quote for s in a.sentences for c in s.loaded),
    "attr_count": lambda a: sum(bool(s.attributions) for s in a.sentences),
    "quote_count": lambda a: sum(s.has_quote for s in a.sentences),
    "exclaim_count": lambda a: sum(s.exclaim_author for s in a.sentences),
    "exclaim_quoted_count": lambda a: sum(s.exclaim_quoted for s in a.sentences),
    "claims": lambda a: a.evidence.claims,
    "distinct_sources": lambda a: a.evidence.distinct_sources,
    "distinct_identified_sources": lambda a: a.evidence.distinct_identified_sources,
    "identified_claims": lambda a: a.evidence.identified_claims,
    "anonymous_claims": lambda a: a.evidence.anonymous_claims,
    "vague_claims": lambda a: a.evidence.vague_claims,
    "unattributed_claims": lambda a: a.evidence.unattributed_claims,
    "hearsay_claims": lambda a: a.evidence.hearsay_claims,
    "direct_quotes": lambda a: a.evidence.direct_quotes,
}
"""Raw counts shown in the report next to the rates (not model inputs)."""


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def get_article_features(names: Iterable[str] | None = None) -> dict[str, ArticleFeature]:
    """The named article features, in the order given (all of them by default).

    Raises:
        ValueError: a name is not a known feature; the message lists the valid ones.
    """
    return _select(ARTICLE_FEATURES, names, "article")


def article_feature_vector(context: ArticleContext, names: Sequence[str]) -> np.ndarray:
    """The named article features of one article, as a float vector."""
    return np.array([ARTICLE_FEATURES[name](context) for name in names], dtype=np.float64)


def _select(registry: dict, names: Iterable[str] | None, kind: str) -> dict:
    if names is None:
        return dict(registry)
    selected = {}
    for name in names:
        if name not in registry:
            valid = ", ".join(registry)
            raise ValueError(f"unknown {kind} feature {name!r}; valid features: {valid}")
        selected[name] = registry[name]
    return selected


def cue_counter(sentences: Iterable[SentenceAnalysis]) -> dict[str, Counter[str]]:
    """Counts of the cues an article uses, by kind, for explanations.

    Keys: ``hedge`` (author's hedges), ``quoted_hedge``, ``booster``, ``loaded`` (the author's
    loaded words), and one key per
    attribution type holding the attribution phrases ("Sources said", "according to experts");
    a source that several cues of one sentence share counts once, with its first cue.
    """
    counts: dict[str, Counter[str]] = {"hedge": Counter(), "quoted_hedge": Counter()}
    counts["booster"] = Counter()
    counts["loaded"] = Counter()
    for kind in ATTRIBUTION_TYPES:
        counts[kind] = Counter()
    for s in sentences:
        for cue in s.hedges:
            counts["quoted_hedge" if cue.in_quote else "hedge"][normal_cue_text(cue.text)] += 1
        for cue in s.boosters:
            if not cue.in_quote:
                counts["booster"][normal_cue_text(cue.text)] += 1
        for cue in s.loaded:
            if not cue.in_quote:
                counts["loaded"][normal_cue_text(cue.text)] += 1
        cited: set[tuple[int, int]] = set()
        for a in s.attributions:
            if a.source_end > a.source_start:
                span = (a.source_start, a.source_end)
                if span in cited:
                    # A participle or a coordinated verb that took the main clause's subject
                    # ("A video showed ..., asking"): one source, listed once.
                    continue
                cited.add(span)
            counts[a.type][normal_cue_text(a.phrase)] += 1
    return counts


def normal_cue_text(text: str) -> str:
    """A cue or phrase as explanations count it: lowercased, whitespace runs as one space."""
    return " ".join(text.split()).lower()
