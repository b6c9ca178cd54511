"""Attribution: who a sentence cites, where the source is named, and what kind of source it is.

A reporting cue (a verb such as "said" or "claimed", or a phrase such as "according to") is
found with the ``reporting`` lexicon; its source is the noun phrase that governs it: the subject
before a verb ("Sources said"), the phrase after "according to" or "citing", or the phrase after
an inverted verb (`"...," said John Smith`). The source span is then typed by who it is:

- ``named``: a named person or organisation ("Dmitry Peskov", "the Kremlin", "he")
- ``media``: a news outlet or agency ("Reuters", "Russian news agencies")
- ``document``: a statement, report, filing, video or other record
- ``anonymous``: an unnamed but specific source ("sources", "a Kremlin source", "officials")
- ``vague``: an unidentifiable crowd ("experts", "some people", "critics", "many")
- ``none``: the sentence attributes nothing.

No parser or tagger is used: phrase boundaries come from punctuation and clause words, which
keeps this fast and fully offline; the known failure modes are listed in the model card.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from scorer.attribution_model import Candidate, cue_model, reporting_matches
from scorer.lexicon import LexiconEntry, load_lexicon

ATTRIBUTION_TYPES = ("named", "media", "document", "anonymous", "vague")
"""Attribution types from most to least identifiable; ``none`` means no attribution."""

_TOKEN = re.compile(r"[\w][\w'’.\-]*[\w]|[\w]|[^\w\s]")

# Words that end a subject noun phrase when walking backwards from a reporting verb: a clause
# starts there, so what lies before them is not the source.
_CLAUSE_WORDS = frozenset(
    """that which who whom whose when while because and but as if after before since than where so
    or nor though although unless whether what how why yet once until also then""".split()
)
# Words between a subject and its verb that belong to neither ("Sources further claimed",
# "officials have repeatedly said", "he would later say").
_SKIPPABLE = frozenset(
    """also further later then again previously recently still now had has have having was were is
    are be been being would will could can may might did does do not never just already once
    often publicly privately reportedly allegedly earlier first separately""".split()
)
# Words that continue a cue word into one cue ("talked about", "called for", "said:").
_PARTICLES = frozenset("about to for on of with against at in up out over by that as :".split())
_LEADING_PREPOSITIONS = frozenset(
    "in on at by for to with of from about among during under after".split()
)
_PRONOUNS_NAMED = frozenset({"he", "she", "i", "we", "him", "her"})
_PRONOUNS_VAGUE = frozenset({"they", "it", "one", "you", "someone", "somebody", "people"})
_INDEFINITE = frozenset({"a", "an", "some", "many", "several", "few", "most", "various"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
_SOURCE_AFTER_PHRASES = ("according to", "citing", "quoting", "cited", "per")
_MAX_SOURCE_TOKENS = 12
_CITING = ("citing", "quoting")


@dataclass(frozen=True)
class Attribution:
    """One attribution found in a sentence. Offsets are into the sentence text."""

    type: str
    cue: str
    cue_start: int
    cue_end: int
    source: str
    source_start: int
    source_end: int
    weight: float
    confidence: float = 1.0

    @property
    def phrase(self) -> str:
        """A short readable form: the source and cue together when they are adjacent."""
        if not self.source:
            return self.cue
        if self.source_end <= self.cue_start and self.cue_start - self.source_end <= 24:
            return f"{self.source} {self.cue}"
        if self.cue_end <= self.source_start and self.source_start - self.cue_end <= 3:
            return f"{self.cue} {self.source}"
        return f"{self.source} ({self.cue})"


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_boundary(token: str) -> bool:
    return not (token[0].isalnum() or token[0] in "'’") or token.lower() in _CLAUSE_WORDS


def _source_before(tokens: list[tuple[str, int, int]], cue_start: int) -> tuple[int, int] | None:
    """The subject noun phrase that ends right before ``cue_start``, as a (start, end) span."""
    i = next((k for k, t in enumerate(tokens) if t[1] >= cue_start), len(tokens)) - 1
    while i >= 0 and tokens[i][0].lower() in _SKIPPABLE:
        i -= 1
    # "on Sunday" / "on December 9" between subject and verb: skip a short time phrase.
    end_i = i
    taken = 0
    while i >= 0 and not _is_boundary(tokens[i][0]) and taken < _MAX_SOURCE_TOKENS:
        i -= 1
        taken += 1
    start_i = i + 1
    if start_i > end_i:
        return None
    # Trim a leading preposition left over from a longer clause ("In Moscow officials",
    # "with many questioning").
    while start_i <= end_i and tokens[start_i][0].lower() in _LEADING_PREPOSITIONS:
        start_i += 1
    if start_i > end_i:
        return None
    return tokens[start_i][1], tokens[end_i][2]


def _source_after(tokens: list[tuple[str, int, int]], cue_end: int) -> tuple[int, int] | None:
    """The noun phrase that starts right after ``cue_end`` (after "according to", "citing")."""
    i = next((k for k, t in enumerate(tokens) if t[1] >= cue_end), len(tokens))
    start_i = i
    taken = 0
    while i < len(tokens) and taken < _MAX_SOURCE_TOKENS:
        word = tokens[i][0]
        if _is_boundary(word) and not (word in {"-", "'", "’"} and taken):
            break
        if word.lower() in {"said", "says", "told", "reported", "as", "that", "on", "in"} and taken:
            break
        i += 1
        taken += 1
    if i == start_i:
        return None
    return tokens[start_i][1], tokens[i - 1][2]


def _has_capitalised_name(text: str, first_word_of_sentence: bool) -> bool:
    words = [w for w, _, _ in _tokens(text) if w[0].isalpha()]
    if first_word_of_sentence and words:
        words = words[1:]
    # "al-Assad", "de Blasio's": a capital anywhere in the word marks a name.
    return any(any(c.isupper() for c in w) and w.lower() not in _DETERMINERS for w in words)


def type_source(source: str, *, at_sentence_start: bool = False) -> str:
    """Type a cited source span as named, media, document, anonymous or vague.

    The order of the checks encodes which word decides: an outlet makes the source a medium
    even when officials are mentioned ("Russian news agencies"); an anonymity word makes it
    anonymous unless a name follows it in apposition ("spokesman John Kirby" is named, "a
    Kremlin source" is not).

    Args:
        source: the source span's text.
        at_sentence_start: whether the span starts the sentence (its capital letter then says
            nothing about a proper name).
    """
    text = source.strip()
    if not text:
        return "vague"
    found: dict[str, int] = {}
    for match in load_lexicon("sources").pattern().finditer(text):
        entry = load_lexicon("sources").lookup(match.group())
        if entry is not None and entry.type not in found:
            found[entry.type] = match.end()
    if "media" in found:
        return "media"
    if "anonymous" in found:
        # A name in apposition right after the anonymity word identifies the source
        # ("spokesman John Kirby"); a name further on does not ("sources close to the Kremlin").
        following = [w for w, _, _ in _tokens(text[found["anonymous"] :]) if w[0].isalnum()]
        if following and following[0][0].isupper():
            return "named"
        return "anonymous"
    if "document" in found:
        return "document"
    words = [w for w, _, _ in _tokens(text) if w[0].isalnum()]
    lowered = [w.lower() for w in words]
    if len(words) == 1 and lowered[0] in _PRONOUNS_NAMED:
        return "named"
    if "vague" in found:
        return "vague"
    if len(words) == 1 and lowered[0] in _PRONOUNS_VAGUE:
        return "vague"
    if _has_capitalised_name(text, first_word_of_sentence=at_sentence_start):
        return "named"
    if lowered and lowered[0] in _INDEFINITE:
        return "vague"
    if lowered and lowered[0] in _DETERMINERS:
        # "the minister", "the company": a role that the article has identified.
        return "named"
    if words and words[0][0].isupper() and len(words) <= 3:
        # A capitalised name at the start of the sentence: "Moscow announced", "Peskov said".
        return "named" if not lowered[-1].endswith("s") or words[-1][0].isupper() else "vague"
    return "vague"


def find_attributions(sentence: str, masked: str | None = None) -> list[Attribution]:
    """All attributions in one sentence, in order of their cues.

    Cue words are chosen by the trained cue classifier (:mod:`scorer.attribution_model`);
    adjacent cue words, and cue words inside one ``reporting`` lexicon phrase ("according to",
    "said in a statement"), form one cue. Each cue's source is then found by phrase heuristics
    and typed by :func:`type_source`.

    Args:
        sentence: the sentence text.
        masked: the same text with quotations blanked out (same length); cues are searched in
            it so that a "said" inside a quotation is not taken as the author's attribution.
            Defaults to ``sentence``.

    Returns:
        One :class:`Attribution` per cue that is not inside a quotation.

    Raises:
        ModelError: the cue model is missing, edited or stale (retrain with ``scorer train``).
    """
    search_in = sentence if masked is None or len(masked) != len(sentence) else masked
    if not sentence.strip():
        return []
    model = cue_model()
    tokens = _tokens(sentence)
    accepted = model.cues(sentence, search_in, tokens)
    if not accepted:
        return []
    phrases = reporting_matches(search_in)
    found: list[Attribution] = []
    for start, end, probability, stem_weight in _cue_spans(tokens, accepted, phrases):
        entry = next((ent for a, b, ent in phrases if a == start), None)
        cue_type = entry.type if entry is not None else "verb"
        span = _find_source(sentence, tokens, start, end, cue_type)
        if span is _NOT_AN_ATTRIBUTION and cue_type == "verb":
            continue  # "An estimated 100,000 people": an adjective, not a cue
        if span is None or span is _NOT_AN_ATTRIBUTION:
            source, s_start, s_end, kind = "", -1, -1, "vague"
        else:
            s_start, s_end = span
            source = sentence[s_start:s_end]
            kind = type_source(source, at_sentence_start=sentence[:s_start].strip() == "")
        found.append(
            Attribution(
                type=kind,
                cue=sentence[start:end],
                cue_start=start,
                cue_end=end,
                source=source,
                source_start=s_start,
                source_end=s_end,
                weight=entry.weight if entry is not None else stem_weight,
                confidence=round(probability, 4),
            )
        )
    # A "source" that contains another cue is that cue's clause, not a source: "Loyalists spoke
    # with a sense of resignation about" continues the attribution of "spoke".
    return [
        replace(a, type="vague", source="", source_start=-1, source_end=-1)
        if any(
            # A cue ending the span is its head noun ("Court documents show"), not a clause.
            other is not a and a.source_start <= other.cue_start and other.cue_end < a.source_end
            for other in found
        )
        else a
        for a in found
    ]


def _cue_spans(
    tokens: list[tuple[str, int, int]],
    accepted: list[tuple[Candidate, float]],
    phrases: list[tuple[int, int, LexiconEntry]],
) -> list[tuple[int, int, float, float]]:
    """Merge accepted cue words into cue spans: (start, end, probability, stem precision).

    A word inside a lexicon phrase takes the whole phrase ("according" -> "according to");
    a particle right after a cue word joins it ("talked about", "called for"); the span's
    probability is its best word's. A capitalised word right before another cue word is the
    source, not part of the cue ("Reuters reported": the corpus has "told Reuters" as a cue,
    which makes "Reuters" a candidate), and an auxiliary before one is left out so that the
    passive is seen ("was reported").
    """
    stems = cue_model().stems
    accepted_at = {cand.index for cand, _ in accepted}
    token_starts = [t[1] for t in tokens]
    spans: list[list[float]] = []
    last_token = -2
    for cand, probability in accepted:
        word = tokens[cand.index][0]
        phrase = next(((a, b) for a, b, _ in phrases if a <= cand.start and cand.end <= b), None)
        if (
            phrase is None
            and cand.index + 1 in accepted_at
            and (word[0].isupper() or word.lower() in _SKIPPABLE)
        ):
            continue
        start, end = phrase if phrase is not None else (cand.start, cand.end)
        weight = stems.get(cand.stem, 0.0)
        if spans and (
            start < spans[-1][1] or (cand.index == last_token + 1 and word.lower() in _PARTICLES)
        ):
            previous = spans[-1]
            previous[1] = max(previous[1], end)
            previous[2] = max(previous[2], probability)
            previous[3] = max(previous[3], weight)
        else:
            spans.append([start, end, probability, weight])
        # The last token the span covers (a phrase may reach past the candidate word).
        last_token = bisect_left(token_starts, spans[-1][1]) - 1
    return [(int(s), int(e), p, w) for s, e, p, w in spans]


_NOT_AN_ATTRIBUTION = (-1, -1)
_PASSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# A cue after "is"/"was" is passive only when it looks like a participle ("was reported",
# "were told", "is known"); otherwise it is an adjective or noun whose subject is the source
# ("He is eager", "she was critical").
_PARTICIPLE_ENDINGS = ("ed", "en", "wn", "ld", "id", "ght", "ne", "nt")


def _find_source(
    sentence: str, tokens: list[tuple[str, int, int]], cue_start: int, cue_end: int, cue_type: str
) -> tuple[int, int] | None:
    """The source span of one cue; None when it has no source ("it was reported"),
    ``_NOT_AN_ATTRIBUTION`` when a noun cue has no owner."""
    cue = sentence[cue_start:cue_end].lower()
    for prefix in _SOURCE_AFTER_PHRASES:
        if cue.startswith(prefix):
            # "according to sources close to X": the source starts right after "according to".
            return _source_after(tokens, cue_start + len(prefix))
    before_tokens = [t for t in tokens if t[2] <= cue_start]
    previous = before_tokens[-1][0].lower() if before_tokens else ""
    if cue_type == "noun":
        # A noun ("statement", "interview") attributes only with its owner: "Putin's statement",
        # "a statement from the Kremlin"; otherwise the verb of the sentence decides.
        if previous.endswith(("'s", "’s")):
            owner_start, owner_end = _source_before(tokens, cue_start) or (0, 0)
            return (owner_start, owner_end - 2) if owner_end - 2 > owner_start else None
        after = sentence[cue_end:].lstrip()
        if after.startswith(("from ", "by ")):
            return _source_after(tokens, cue_end + len(sentence[cue_end:]) - len(after) + 5)
        return _NOT_AN_ATTRIBUTION
    skipped = [t[0].lower() for t in reversed(before_tokens)]
    auxiliaries = []
    for word in skipped:
        # Adverbs sit between an auxiliary and its participle too ("is being widely called").
        if word not in _SKIPPABLE and not (word.endswith("ly") and len(word) > 4):
            break
        auxiliaries.append(word)
    first_word = cue.split()[0] if cue.split() else ""
    if any(word in _PASSIVE_AUXILIARIES for word in auxiliaries) and first_word.endswith(
        _PARTICIPLE_ENDINGS
    ):
        # Passive: "it was reported", "families were told": the source, if any, follows "by".
        after = sentence[cue_end:]
        stripped = after.lstrip()
        if stripped.startswith("by "):
            return _source_after(tokens, cue_end + len(after) - len(stripped) + 3)
        return None
    span = _source_before(tokens, cue_start)
    if span is not None and all(
        word.lower() in _DETERMINERS for word, _, _ in _tokens(sentence[span[0] : span[1]])
    ):
        # "An estimated 100,000 people": the verb is an adjective here.
        return _NOT_AN_ATTRIBUTION
    before = sentence[:cue_start].rstrip()
    after_quote = before.endswith(("”", '"', ",”", ',"'))
    after_comma = before.endswith(",")
    next_word = sentence[cue_end:].split(maxsplit=1)
    starts_phrase = bool(next_word) and (
        next_word[0][0].isupper() or next_word[0].lower() in {"the", "a", "an"}
    )
    if span is None and (after_quote or (after_comma and starts_phrase)):
        # Inverted order after a quotation or a clause: `"...," said John Smith`.
        return _source_after(tokens, cue_end)
    if span is None and after_comma:
        if first_word.endswith("ing"):
            # "..., shouting with joy", "..., asking passers-by": a participle clause whose
            # subject is the main clause's, too far back to find without a parser.
            return None
        # An apposition closes before the verb: "A spokesman, John Kirby, said".
        return _source_before(tokens, len(before) - 1)
    return span


def primary_attribution(attributions: list[Attribution]) -> Attribution | None:
    """The attribution that stands for the sentence: the surest cue that names a source.

    The cue the classifier is surest of is usually the main clause's ("Sources said that ...
    the rebel leaders vowed ..."; "Court documents show" over the weaker "documents"), except
    that a "citing"/"quoting" cue gives way to the reporter it belongs to; a cue with no source
    at all ("it was reported") stands for the sentence only when no cue has one.
    """
    with_source = [a for a in attributions if a.source]
    if with_source:
        # "Russian news agencies reported ..., citing a Kremlin source": the cited source is
        # the reporter's own source; the reporter stands for the sentence.
        return max(
            with_source,
            key=lambda a: (not a.cue.lower().startswith(_CITING), a.confidence),
        )
    return attributions[0] if attributions else None
