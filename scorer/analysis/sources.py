"""Who an article cites: its distinct sources, found with light coreference, and its claims.

The sentence analyses say, sentence by sentence, which attributions the text makes and how each
source is typed (:mod:`scorer.attribution`). This module adds them up for the article:

- **Claims**: the sentences in the author's voice that assert something: not a question, not a
  sentence that is all quotation (that one is the speaker's), of :data:`MIN_CLAIM_WORDS` words
  or more. A sentence repeated word for word is one claim: repeating a text adds no evidence.
- **Attributed claims**, by the type of their main source: identified (``named``, ``media``,
  ``document``), ``anonymous`` or ``vague``; the rest are **unattributed claims**.
- **Hearsay claims**: claims that carry the author's hearsay ("reportedly", "it is claimed",
  "sources said") without an identified source.
- **Direct quotes**: distinct sentences that carry a direct quotation.
- **Distinct sources**: the sources each sentence's main attribution names, and those it
  passes on ("..., citing a Kremlin source"), merged when they are one source; a source inside
  what is reported ("Sources said ... the rebel leaders vowed") is not the author's. "Dmitry
  Peskov", "Kremlin spokesman Dmitry Peskov", "Peskov" and a later "he" are one source;
  "the Interfax news agency" and "Interfax" are one; "the State Department" and "the Justice
  Department" are two. Names are compared by their capitalised words (titles such as
  "President" or "Mr." left out): a mention joins an earlier source when the words of one are
  part of the other's and both end with the same word. "he", "she" and a relative "who" join the
  latest named source (a person or a body); "it" and "they" the latest source; "I" and "we" in
  the author's voice are the writer, not a source. A document or role without a name goes by its
  head noun: "the video" is the latest video, "a video" a new one. Unnamed sources are told apart
  by their head noun ("a Kremlin source", "sources close to the Kremlin" and "the unnamed
  source" are one source; "officials" another).

Without a parser this is approximate: two people with one surname merge unless both are given
in full, and a role ("the minister") is its own source even when it is a person named elsewhere.
Nothing here reads tone: only the attributions, the quotations and the sentences' voice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from scorer.analysis.attribution import Attribution, primary_attribution, source_head

IDENTIFIED_TYPES = ("named", "media", "document")
"""Attribution types whose source a reader can identify and check."""

# Capitalised words that are roles or honorifics, not part of a name: "President Vladimir
# Putin" and "Putin" are one source.
_TITLES = frozenset(
    """president vice prime minister secretary sen senator rep representative gov governor mayor
    mr mrs ms miss dr gen general lt col capt cmdr adm maj sgt prof professor judge chief deputy
    ambassador king queen prince princess pope sheikh chancellor premier speaker chairman
    chairwoman spokesman spokeswoman spokesperson director commissioner attorney ceo lord lady
    sir dame rev reverend father jr sr st""".split()
)
_LEADING_WORDS = frozenset(
    """the a an this that these those some several many most few various one two three four five
    six seven eight nine ten dozens hundreds other another both all each""".split()
)
# Where a source's head noun phrase ends: a preposition or participle starts its description
# ("sources close to the Kremlin", "a person familiar with the talks").
_DESCRIPTION = frozenset(
    """of in at on from for with close familiar near to who which that involved briefed
    knowledgeable""".split()
)
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "who"})
_OTHER_PRONOUNS = frozenset({"it", "they", "them"})
# The author speaking: not a cited source.
_WRITER_PRONOUNS = frozenset({"i", "we", "me", "us", "you"})
_WORD = re.compile(r"[\w][\w'’.\-]*[\w]|[\w]")
_POSSESSIVE = re.compile(r"['’]s?$")


class AnalysedSentence(Protocol):
    """What this module reads of a sentence analysis
    (:class:`scorer.analysis.features.SentenceAnalysis`)."""

    text: str
    attributions: list[Attribution]
    has_quote: bool
    question_author: int
    n_words: int

    @property
    def in_quote(self) -> bool: ...

    @property
    def primary(self) -> Attribution | None: ...

    @property
    def author_hearsay(self) -> bool: ...


@dataclass(frozen=True)
class CitedSource:
    """One distinct source of an article.

    Attributes:
        name: its fullest mention, without a leading article ("Kremlin spokesman Dmitry Peskov").
        type: the most identifiable type any of its mentions got.
        mentions: how many attributions cite it (a pronoun that joined it included).
    """

    name: str
    type: str
    mentions: int

    @property
    def identified(self) -> bool:
        """Whether a reader can identify it: a named person or body, an outlet or a document."""
        return self.type in IDENTIFIED_TYPES


@dataclass(frozen=True)
class SourcingEvidence:
    """An article's sourcing, counted (see the module docstring for the definitions)."""

    sources: tuple[CitedSource, ...]
    claims: int
    identified_claims: int
    anonymous_claims: int
    vague_claims: int
    hearsay_claims: int
    direct_quotes: int

    @property
    def attributed_claims(self) -> int:
        return self.identified_claims + self.anonymous_claims + self.vague_claims

    @property
    def unattributed_claims(self) -> int:
        return self.claims - self.attributed_claims

    @property
    def distinct_sources(self) -> int:
        return len(self.sources)

    @property
    def identified_sources(self) -> tuple[CitedSource, ...]:
        return tuple(s for s in self.sources if s.identified)

    @property
    def distinct_identified_sources(self) -> int:
        return len(self.identified_sources)


@dataclass
class _Source:
    """A source being built: its mentions so far."""

    name: str
    type: str
    names: frozenset[str]  # capitalised name words, titles left out (lowercased)
    last: str  # the last of them, or the head noun of a source without a name
    mentions: int = 1

    @property
    def identified(self) -> bool:
        return self.type in IDENTIFIED_TYPES


def _class_of(kind: str) -> str:
    return "identified" if kind in IDENTIFIED_TYPES else kind


# Memoised (bounded): a source's mentions repeat within an article and across articles.
@lru_cache(maxsize=1 << 12)
def _describe(source: str) -> tuple[str, frozenset[str], str, str]:
    """(display name, name words, last name word or head noun, key) of a source span's head
    (:func:`scorer.attribution.source_head`).

    The key of an unnamed source opened by "a", "an" or "another" ("a video", "a statement")
    starts with "+": such a mention is a new source each time, where "the video" is the one
    already cited.
    """
    words = _WORD.findall(source_head(source))
    indefinite = bool(words) and words[0].lower() in {"a", "an", "another"}
    while len(words) > 1 and words[0].lower() in _LEADING_WORDS:
        words = words[1:]  # a quantifier on its own is the source ("many", "some")
    # The head noun phrase ends where its description starts.
    for i, word in enumerate(words):
        # A participle describes the head too: "a video posted online", "a memo leaked".
        if i and (word.lower() in _DESCRIPTION or (word.islower() and word.endswith("ed"))):
            words = words[:i]
            break
    display = " ".join(words)
    names = [
        _POSSESSIVE.sub("", w).rstrip(".")
        for w in words
        if w[0].isupper() and w.rstrip(".").lower() not in _TITLES
    ]
    possessive_role = (
        bool(words) and words[-1][0].islower() and any(_POSSESSIVE.search(w) for w in words[:-1])
    )
    key_words = [_POSSESSIVE.sub("", w).lower() for w in words]
    if key_words and key_words[-1].endswith("s") and not key_words[-1].endswith("ss"):
        key_words[-1] = key_words[-1][:-1]  # "sources" and "a source": one head noun
    key = ("+" if indefinite else "") + " ".join(key_words)
    if names and not possessive_role:
        return display, frozenset(n.lower() for n in names), names[-1].lower(), key
    return display, frozenset(), key_words[-1] if key_words else "", key


def _same(source: _Source, names: frozenset[str], last: str, key: str, kind: str) -> bool:
    if _class_of(source.type) != _class_of(kind):
        return False
    if kind not in IDENTIFIED_TYPES:
        return last == source.last  # unnamed: by head noun ("a Kremlin source", "Sources")
    if names and source.names:
        # "Peskov" and "Dmitry Peskov"; "the Journal" and "The Wall Street Journal".
        return last == source.last and (names <= source.names or source.names <= names)
    if names or source.names:
        return False
    # "the ministry" is the ministry already cited, "the video" the latest video; but "a
    # video" is another video.
    return last == source.last and not key.startswith("+")


def _distinct(sentences: Sequence[AnalysedSentence]) -> list[AnalysedSentence]:
    """The sentences without word-for-word repeats (a repeated sentence says nothing new;
    whitespace runs count as one space)."""
    seen: set[str] = set()
    out = []
    for sentence in sentences:
        text = " ".join(sentence.text.split())
        if text not in seen:
            seen.add(text)
            out.append(sentence)
    return out


def cited_sources(sentences: Sequence[AnalysedSentence]) -> tuple[CitedSource, ...]:
    """The distinct sources the sentences' attributions name, in order of first mention."""
    distinct = [s for s in _distinct(sentences) if s.attributions]
    return _cited_sources(distinct, [_main(s) for s in distinct])


def _cited_sources(
    sentences: Sequence[AnalysedSentence], primaries: Sequence[Attribution | None]
) -> tuple[CitedSource, ...]:
    """:func:`cited_sources` of distinct sentences with attributions, given their main ones."""
    found: list[_Source] = []
    # Sources by their last name word or head noun: a mention can only join one of those.
    by_last: dict[str, list[_Source]] = {}
    last_person: _Source | None = None
    last_any: _Source | None = None
    for sentence, primary in zip(sentences, primaries, strict=True):
        spans: set[tuple[int, int]] = set()
        for attribution in _citations(sentence.attributions, primary):
            source = attribution.source.strip()
            span = (attribution.source_start, attribution.source_end)
            if not source or span in spans:
                continue
            spans.add(span)
            lowered = source.lower()
            if lowered in _WRITER_PRONOUNS:
                continue
            if lowered == "who":
                # "Megyn Kelly, who questioned ...": the name the relative clause follows.
                source = _antecedent(sentence.text, attribution.source_start) or source
                lowered = source.lower()
            if lowered in _PERSON_PRONOUNS or lowered in _OTHER_PRONOUNS:
                target = last_person if lowered in _PERSON_PRONOUNS else last_any
                if target is not None:
                    target.mentions += 1
                    continue
            display, names, last, key = _describe(source)
            if not display:
                continue
            if attribution.type not in IDENTIFIED_TYPES:
                # Unnamed sources go by their head noun, capitalised or not ("Sources said").
                names, last = frozenset(), key.rsplit(" ", 1)[-1]
            candidates = by_last.setdefault(last, [])
            match = next(
                (s for s in reversed(candidates) if _same(s, names, last, key, attribution.type)),
                None,
            )
            if match is None:
                match = _Source(display, attribution.type, names, last, 0)
                found.append(match)
                candidates.append(match)
            elif len(names) > len(match.names):
                # The fuller mention names the source: "Dmitry Peskov" after "Peskov".
                match.name, match.names = display, names
            match.mentions += 1
            if _rank(attribution.type) < _rank(match.type):
                match.type = attribution.type
            last_any = match
            if match.type == "named":
                last_person = match
    return tuple(CitedSource(s.name, s.type, s.mentions) for s in found)


_NAME_BEFORE = re.compile(r"((?:[A-Z][\w'’.\-]*\s+){0,4}[A-Z][\w'’.\-]*)[\s,—–\-(]*$")


def _antecedent(text: str, start: int) -> str:
    """The capitalised name right before offset ``start`` (a relative "who"), or ""."""
    match = _NAME_BEFORE.search(text, 0, max(start, 0))
    return match.group(1) if match else ""


# Cues by which a sentence's main source passes on its own source: "Russian news agencies
# reported ..., citing a Kremlin source"; "Interfax quoted the unnamed source as saying".
_PASSED_ON = ("citing", "quoting", "as ")


_NEGATION = re.compile(r"\b(?:not|never|no)\b|n['’]t\b", re.IGNORECASE)


def _reports(attribution: Attribution) -> bool:
    """Whether an attribution reports something: not negated ("She did not say a word", "he
    never said"), which attributes no claim to anyone."""
    return not attribution.between or not _NEGATION.search(attribution.between)


def main_attribution(attributions: Sequence[Attribution]) -> Attribution | None:
    """The attribution a claim rests on: the sentence's main one among those that report
    something (see :func:`scorer.attribution.primary_attribution`)."""
    return primary_attribution([a for a in attributions if _reports(a)])


def _main(sentence: AnalysedSentence) -> Attribution | None:
    """:func:`main_attribution` of a sentence: its primary attribution (already found for
    the report) unless one of its attributions is negated."""
    for attribution in sentence.attributions:
        if not _reports(attribution):
            return main_attribution(sentence.attributions)
    return sentence.primary


def _citations(
    attributions: Sequence[Attribution], primary: Attribution | None
) -> list[Attribution]:
    """The attributions by which the author cites someone: the sentence's main one
    (``primary``, from :func:`main_attribution`) and the sources it passes on. The others are
    part of what is reported ("Sources said that ... the rebel leaders vowed ..."): the author
    does not cite the rebel leaders."""
    if primary is None:
        return []
    return [
        a
        for a in attributions
        if a is primary or (a.cue.lower().startswith(_PASSED_ON) and _reports(a))
    ]


# Source types from the most to the least identifying: a source keeps its best-ranked type.
_RANKS = {kind: i for i, kind in enumerate((*IDENTIFIED_TYPES, "anonymous", "vague"))}


def _rank(kind: str) -> int:
    return _RANKS.get(kind, len(_RANKS))


# A line shorter than this is a heading, a credit or page furniture ("COMMENTS", "PHOTO:
# REUTERS", "Leave a comment", "Skip to content"), not a claim.
MIN_CLAIM_WORDS = 5


def is_claim(sentence: AnalysedSentence) -> bool:
    """Whether a sentence is a claim: in the author's voice (not all quotation), not a question
    of the author's, and of :data:`MIN_CLAIM_WORDS` words or more."""
    return (
        not sentence.in_quote
        and sentence.question_author == 0
        and sentence.n_words >= MIN_CLAIM_WORDS
    )


def sourcing_evidence(sentences: Sequence[AnalysedSentence]) -> SourcingEvidence:
    """Count an article's sourcing evidence (see the module docstring)."""
    # One pass: each text's first sentence, its first claim and whether a copy quotes. A text is
    # a claim (or a quote) if any of its copies is one: the same words can sit inside a
    # quotation in one place and stand in the author's voice in another.
    distinct: dict[str, AnalysedSentence] = {}
    claims: dict[str, AnalysedSentence] = {}
    quoted: set[str] = set()
    for sentence in sentences:
        key = " ".join(sentence.text.split())
        if key not in distinct:
            distinct[key] = sentence
        if key not in claims and is_claim(sentence):
            claims[key] = sentence
        if sentence.has_quote:
            quoted.add(key)
    attributing = [s for s in distinct.values() if s.attributions]
    # The main attribution of each sentence, found once: claims and sources both need it.
    primaries = {id(s): _main(s) for s in attributing}
    counts = {"identified": 0, "anonymous": 0, "vague": 0}
    hearsay = 0
    for sentence in claims.values():
        if not sentence.attributions:
            kind = "none"
        else:
            primary = primaries.get(id(sentence)) if id(sentence) in primaries else _main(sentence)
            kind = _class_of(primary.type) if primary is not None else "none"
            if kind in counts:
                counts[kind] += 1
        if kind != "identified" and sentence.author_hearsay:
            hearsay += 1
    return SourcingEvidence(
        sources=_cited_sources(attributing, [primaries[id(s)] for s in attributing]),
        claims=len(claims),
        identified_claims=counts["identified"],
        anonymous_claims=counts["anonymous"],
        vague_claims=counts["vague"],
        hearsay_claims=hearsay,
        direct_quotes=len(quoted),
    )


__all__ = [
    "IDENTIFIED_TYPES",
    "CitedSource",
    "SourcingEvidence",
    "cited_sources",
    "is_claim",
    "main_attribution",
    "sourcing_evidence",
]
