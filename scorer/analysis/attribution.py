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
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from scorer.analysis.attribution_cues import (
    Candidate,
    CueModel,
    candidates,
    cue_stem,
    reporting_matches,
    tokenize,
)
from scorer.analysis.lexicon import LexiconEntry, load_lexicon

ATTRIBUTION_TYPES = ("named", "media", "document", "anonymous", "vague")
"""Attribution types from most to least identifiable; ``none`` means no attribution."""

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
    often publicly privately reportedly allegedly earlier first separately should must
    shall""".split()
)
# Adverbs between a subject and its verb that are also names when capitalised ("Critics have
# long argued", "Palomarez even stated", but "Sen. Russell Long said"), and that may open a
# subject ("even some of his admirers"): skipped only right before the verb.
_SKIPPABLE_LOWERCASE = frozenset({"even", "long", "always", "ever", "since", "usually"})
# Words that continue a cue word into one cue ("talked about", "called for", "said:").
_PARTICLES = frozenset("about to for on of with against at in up out over by that as :".split())
_LEADING_PREPOSITIONS = frozenset(
    "in on at by for to with of from about among during under after".split()
)
_PRONOUNS_NAMED = frozenset({"he", "she", "i", "we", "him", "her"})
_PRONOUNS_VAGUE = frozenset({"they", "it", "one", "you", "someone", "somebody", "people"})
_INDEFINITE = frozenset({"a", "an", "some", "many", "several", "few", "most", "various"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
_POSSESSIVES = frozenset({"his", "her", "its", "their", "our", "my"})
# Adverbs that say the sentence is someone's report without naming them ("reportedly",
# "allegedly"): a cue on their own, with no source. In PolNeAR train, 10 of the 14 sentences
# whose only accepted cue word was "reportedly" attribute (and lost it to the auxiliary rule).
_EVIDENTIAL_ADVERBS = frozenset({"reportedly", "allegedly"})
_SOURCE_AFTER_PHRASES = ("according to", "citing", "quoting", "per")
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
    # The sentence's text between a source and the cue after it ("did not", "is"), kept so
    # that phrase reads as the sentence does: "She did not say", not "She say".
    between: str = ""

    @property
    def phrase(self) -> str:
        """A short readable form: the source and cue together when they are adjacent."""
        if not self.source:
            return self.cue
        if self.source_end <= self.cue_start and self.cue_start - self.source_end <= 24:
            return " ".join(f"{self.source} {self.between} {self.cue}".split())
        if self.cue_end <= self.source_start and self.source_start - self.cue_end <= 3:
            return f"{self.cue} {self.source}"
        return f"{self.source} ({self.cue})"


# Memoised (bounded): cues and the spans before them repeat ("said", "told reporters").
@lru_cache(maxsize=1 << 14)
def _token_words(text: str) -> tuple[str, ...]:
    """The tokens of a short text (a cue, a source span) as :func:`tokenize` finds them."""
    return tuple(w for w, _, _ in tokenize(text))


def _skippable(word: str) -> bool:
    """A word between a subject and its verb: an auxiliary, an adverb from a closed list
    ("reportedly") or a negated auxiliary ("doesn't"). Other "-ly" words are not skipped:
    "family", "ally" and "assembly" end subjects as often as adverbs precede verbs."""
    lowered = word.lower()
    return lowered in _SKIPPABLE or lowered.endswith(("n't", "n’t"))


def _is_adverb(word: str) -> bool:
    """A lowercase "-ly" adverb ("repeatedly", "widely"); verbs in "-ply" ("reply", "imply"),
    "family", "assembly" and short words ("rally", "ally") are not taken."""
    return (
        len(word) > 5
        and word.islower()
        and word.endswith("ly")
        and not word.endswith(("ply", "mily", "mbly"))
    )


def _is_boundary(token: str) -> bool:
    return not (token[0].isalnum() or token[0] in "'’") or token.lower() in _CLAUSE_WORDS


# Titles and initials whose full stop is part of a name: "said Mr. Burman", "said Sen. Tom
# Carper", "said Paul H. Chipok", "the U.S. State Department" (the tokenizer leaves the stop out
# of the word).
_TITLES = frozenset(
    """mr mrs ms dr gov sen rep gen lt col capt sgt prof st jr sr adm cmdr maj pres supt det
    rev hon fr""".split()
)


def _is_abbreviation_stop(tokens: list[tuple[str, int, int]], k: int) -> bool:
    """Whether token ``k`` is the final stop of an abbreviation with inner stops: "The U.S.
    said"."""
    if tokens[k][0] != "." or k == 0:
        return False
    word = tokens[k - 1]
    return word[2] == tokens[k][1] and "." in word[0] and word[0].isupper()


def _is_name_stop(tokens: list[tuple[str, int, int]], k: int) -> bool:
    """Whether token ``k`` is the full stop of a title or an initial inside a name."""
    if tokens[k][0] != "." or k == 0 or k + 1 >= len(tokens):
        return False
    before, after = tokens[k - 1], tokens[k + 1]
    if before[2] != tokens[k][1] or not after[0][0].isupper():
        return False  # the stop must touch its word, and a name must go on after it
    word = before[0]
    # "Paul H. Chipok", "the U.S. State Department" ("U.S" keeps its inner stops).
    return word.lower() in _TITLES or (word.isupper() and (len(word) == 1 or "." in word))


def _source_before(tokens: list[tuple[str, int, int]], cue_start: int) -> tuple[int, int] | None:
    """The subject noun phrase that ends right before ``cue_start``, as a (start, end) span."""
    i = next((k for k, t in enumerate(tokens) if t[1] >= cue_start), len(tokens)) - 1
    while i >= 0 and (
        _skippable(tokens[i][0]) or _is_adverb(tokens[i][0]) or tokens[i][0] in _SKIPPABLE_LOWERCASE
    ):
        i -= 1
    if (
        i >= 2
        and tokens[i][0].lower() in {"whom", "which"}
        and tokens[i - 1][0].lower() == "of"
        and tokens[i - 2][0].lower() in _PARTITIVE_QUANTIFIERS
    ):
        # "families, many of whom say": PolNeAR marks "many of whom" as the source.
        return tokens[i - 2][1], tokens[i][2]
    if i >= 0 and tokens[i][0].lower() in _RELATIVE_PRONOUNS:
        # "Megyn Kelly, who questioned his respect": PolNeAR marks the relative pronoun as the
        # source (its type comes from the antecedent, see find_attributions).
        return tokens[i][1], tokens[i][2]
    # "on Sunday" / "on December 9" between subject and verb: skip a short time phrase.
    end_i = i
    taken = 0
    # Past the stop of a title or an initial only the rest of the name is taken: "John F.
    # Kennedy", "Sen. Tom Carper", but "someone like Mr. Clarke" ends at "Mr.".
    in_name = False
    while i >= 0 and not _is_double_apostrophe(tokens, i) and taken < _MAX_SOURCE_TOKENS:
        word = tokens[i][0]
        stop = _is_name_stop(tokens, i) if taken else _is_abbreviation_stop(tokens, i)
        if in_name and not (word[0].isupper() or stop):
            break
        if stop:
            # "U.S." is a modifier inside a phrase ("a spokesman for the U.S. Embassy"); a
            # title or an initial starts or continues a name.
            in_name = in_name or (bool(taken) and "." not in tokens[i - 1][0])
        elif _is_boundary(word):
            break
        i -= 1
        taken += 1
    start_i = i + 1
    if start_i > end_i:
        return None
    if (
        end_i > start_i
        and tokens[end_i][0] in _PRONOUN_SUBJECTS
        and tokens[end_i - 1][0].lower() not in _JOINERS
    ):
        # "In a series of tweets he said", "The last time he spoke": an opening phrase without
        # its comma, or a relative clause without "that"; the pronoun is the subject ("you
        # and we said" keeps both; "I" may be a numeral: "Survey I").
        return tokens[end_i][1], tokens[end_i][2]
    # Trim a leading preposition left over from a longer clause ("In Moscow officials",
    # "with many questioning").
    while start_i <= end_i and tokens[start_i][0].lower() in _LEADING_PREPOSITIONS:
        start_i += 1
    if start_i > end_i or (tokens[start_i][0].islower() and _skippable(tokens[start_i][0])):
        # A phrase opening with an auxiliary ("has run a string of editorials pushing", "are
        # most inclined to say") is a verb phrase: its subject lies beyond a clause boundary.
        return None
    return tokens[start_i][1], tokens[end_i][2]


def _source_after(tokens: list[tuple[str, int, int]], cue_end: int) -> tuple[int, int] | None:
    """The noun phrase that starts right after ``cue_end`` (after "according to", "citing")."""
    i = next((k for k, t in enumerate(tokens) if t[1] >= cue_end), len(tokens))
    start_i = i
    taken = 0
    while i < len(tokens) and taken < _MAX_SOURCE_TOKENS:
        word = tokens[i][0]
        if (
            _is_boundary(word)
            and not (word in {"-", "'", "’"} and taken)
            and not (taken and _is_name_stop(tokens, i))
        ):
            break
        if _is_double_apostrophe(tokens, i):
            break
        if word.lower() in {"said", "says", "told", "reported", "as", "that", "on", "in"} and taken:
            break
        i += 1
        taken += 1
    if i == start_i:
        return None
    return tokens[start_i][1], tokens[i - 1][2]


# Tokens that close an apposition or a relative clause between a subject and its verb
# ("Asa Khalif, an organizer with the coalition, said"; "The justice -- who has ... -- said").
_APPOSITION_CLOSERS = frozenset({",", "—", "–", "-", ")"})
_RELATIVE_PRONOUNS = frozenset({"who", "which"})
_PARTITIVE_QUANTIFIERS = frozenset(
    "many some most all none one few several both each two three half".split()
)
# Words that open an adverbial phrase before a verb and never are its subject on their own:
# in "aides were complimentary, perhaps recognizing ..." and "Ryan, despite admitting ...,
# said" the participle's subject is the main clause's.
_NOT_A_SUBJECT = frozenset(
    "perhaps probably possibly apparently maybe despite even instead there far simply now ever "
    "very without too just still".split()
)


def _not_a_subject(source: str) -> bool:
    """Whether a one-word "source" is an adverb or a verb form left over from the clause before
    the cue ("even", "instead", "stopped confirming", "staked out ..., saying"): in PolNeAR
    train such spans were wrong 35 times in 37 for lowercase words in -ed/-ing."""
    if " " in source:
        return False
    if source.lower() in _NOT_A_SUBJECT:
        return True
    return source.islower() and len(source) > 4 and source.endswith(("ed", "ing"))


# An apposition or relative clause longer than this many tokens is more likely a clause of its
# own ("If he wins, the party, which ..., said") than a description of the subject.
_MAX_APPOSITION_TOKENS = 30
_MAX_SUBJECT_TOKENS = 6
# Where an apposition or relative clause starts inside a source span; also a participle with
# its agent ("a court filing seen by Reuters", "documents obtained by the AP", "a statement
# released by the company"): the source is what was seen, the agent only describes it.
_AGENT_CLAUSE = (
    r"\s+(?:\w+ly\s+)?(?:seen|obtained|reviewed|released|published|issued|provided|prepared"
    r"|compiled|conducted|commissioned|written|filed|leaked|shared|posted|sent|signed|captured"
    r"|produced|cited|quoted|distributed|read|verified|uploaded|broadcast|aired|recorded|filmed)"
    r"\s+by\s(?=\S)"
)
_AGENT_CLAUSE_RE = re.compile(_AGENT_CLAUSE)
_APPOSITION_START = re.compile(r"\s*(?:,|—|–|--| - |\()|" + _AGENT_CLAUSE)


@lru_cache(maxsize=1 << 14)  # sources repeat across sentences and articles
def _head(source: str) -> str:
    """A source span up to its apposition ("Asa Khalif" of "Asa Khalif, an organizer") or a
    participle with its agent ("a court filing" of "a court filing seen by Reuters")."""
    return _APPOSITION_START.split(source, maxsplit=1)[0]


def source_head(source: str) -> str:
    """A source span without its apposition, relative clause or agent: "Asa Khalif" of "Asa
    Khalif, an organizer with the coalition"; "a court filing" of "a court filing seen by
    Reuters"."""
    return _head(source)


def _token_index_before(tokens: list[tuple[str, int, int]], offset: int) -> int:
    """The index of the last token that starts before ``offset`` (-1 when none)."""
    return next((k for k, t in enumerate(tokens) if t[1] >= offset), len(tokens)) - 1


def _is_double_apostrophe(tokens: list[tuple[str, int, int]], k: int) -> bool:
    """Whether token ``k`` is half of a ``''`` or ``\u0060\u0060`` quote mark (NYT style)."""
    if tokens[k][0] not in {"'", "`"}:
        return False
    neighbours = [tokens[j] for j in (k - 1, k + 1) if 0 <= j < len(tokens)]
    return any(
        t[0] == tokens[k][0] and (t[1] == tokens[k][2] or t[2] == tokens[k][1]) for t in neighbours
    )


def _source_before_apposition(
    tokens: list[tuple[str, int, int]], closer: int
) -> tuple[int, int] | None:
    """The subject before an apposition or relative clause that ends at token ``closer``.

    "Asa Khalif, an organizer with the Philly Coalition, said": walking back from the verb
    meets a comma at once; the source is the noun phrase before the apposition, with the
    apposition ("Asa Khalif, an organizer with the Philly Coalition"), as PolNeAR marks it.
    Returns None when no opening delimiter is found within reach or nothing precedes it.
    """
    word = tokens[closer][0]
    if word == ")":
        openers = {"("}
    elif word in {"-", "—", "–"}:
        openers = {"-", "—", "–"}
    else:
        openers = {","}
    k = closer - 1
    if word == "-" and k >= 0 and tokens[k][0] == "-":
        k -= 1  # "--"
    inner_end = k
    while k >= 0 and tokens[k][0] not in openers and closer - k <= _MAX_APPOSITION_TOKENS:
        # (A "." is an abbreviation here, "Sen. Bernie Sanders (I-Vt.) said": the text is one
        # sentence already.)
        if tokens[k][0] in {";", ":", '"', "“", "”"} or _is_double_apostrophe(tokens, k):
            return None
        k -= 1
    if k < 0 or tokens[k][0] not in openers or k == inner_end:
        return None
    if word == "-" and k > 0 and tokens[k - 1][0] == "-":
        k -= 1
    head = _source_before(tokens, tokens[k][1])
    if head is None or head[1] > tokens[k][1]:
        return None
    # A parenthesis is closed with the span: "Sen. Bernie Sanders (I-Vt.)".
    return head[0], tokens[closer if word == ")" else inner_end][2]


def _relative_antecedent(
    tokens: list[tuple[str, int, int]], pronoun_start: int
) -> tuple[int, int] | None:
    """The noun phrase a relative "who"/"which" stands for ("Megyn Kelly, ... who")."""
    k = _token_index_before(tokens, pronoun_start)
    while k >= 0 and tokens[k][0] in {",", "—", "–", "-", "("}:
        k -= 1  # "Megyn Kelly, who", "The justice -- who"
    return _source_before(tokens, tokens[k][2]) if k >= 0 else None


def _sentence_subject(tokens: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The noun phrase that opens a sentence ("The GOP nominee has staked ..."), if it looks
    like one: it starts with a capital and runs to the first auxiliary, verb-like word or
    boundary within a few words; a sentence that opens with a preposition or a clause word
    ("In May, ...", "When ...") has no such subject."""
    words = [t for t in tokens if t[0][0].isalnum() or t[0] in {"'", "’"}]
    if not words or not words[0][0][0].isupper():
        return None
    first = words[0][0].lower()
    if first in _LEADING_PREPOSITIONS or first in _CLAUSE_WORDS:
        return None
    end = 0
    for k, (word, _, _) in enumerate(tokens):
        if k >= _MAX_SUBJECT_TOKENS or _is_boundary(word) or word.lower() in _SKIPPABLE:
            break
        end = k + 1
    if end == 0 or end >= len(tokens) or tokens[end][0].lower() not in _SKIPPABLE:
        # Only a subject followed by an auxiliary ("has staked", "was just as blunt") is
        # surely the subject; without a tagger, "Trump rallies draw crowds" cannot be split.
        return None
    return tokens[0][1], tokens[end - 1][2]


def _ends_phrase(tokens: list[tuple[str, int, int]], end: int) -> bool:
    """Whether a phrase ending at ``end`` is followed by punctuation, a time or place phrase
    ("in", "on") or the end of the sentence, rather than by more of a clause."""
    following = next((t[0] for t in tokens if t[1] >= end), "")
    return not following or following in {"in", "on"} or not following[0].isalnum()


def _has_capitalised_name(text: str, first_word_of_sentence: bool) -> bool:
    words = [w for w, _, _ in tokenize(text) if w[0].isalpha()]
    if first_word_of_sentence and words:
        words = words[1:]
    # "al-Assad", "de Blasio's": a capital anywhere in the word marks a name.
    return any(any(c.isupper() for c in w) and w.lower() not in _DETERMINERS for w in words)


# Memoised (bounded): sources repeat ("he", "officials", "Trump") and the typing reads only
# the span and the packaged lexicon.
@lru_cache(maxsize=1 << 14)
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
        following = [w for w, _, _ in tokenize(text[found["anonymous"] :]) if w[0].isalnum()]
        if following and following[0][0].isupper():
            return "named"
        return "anonymous"
    if "document" in found:
        return "document"
    words = [w for w, _, _ in tokenize(text) if w[0].isalnum()]
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
    if lowered and lowered[0] in _POSSESSIVES and len(words) > 1:
        # "his office", "her lawyer": a role of someone the article has named, wherever the
        # span stands in the sentence; "his countrymen", "their supporters" are a crowd.
        return "vague" if lowered[-1].endswith(("s", "men", "people")) else "named"
    if lowered and lowered[0] in _DETERMINERS:
        # "the minister", "the company": a role that the article has identified.
        return "named"
    if words and words[0][0].isupper() and len(words) <= 3:
        # A capitalised name at the start of the sentence: "Moscow announced", "Peskov said".
        return "named" if not lowered[-1].endswith("s") or words[-1][0].isupper() else "vague"
    return "vague"


# A transcript's speaker label: "PENCE: Well, look, ...", '"WALLACE: Let's start ...'. One to
# three all-capital words (at least two letters each) open the line, after an opening quote.
_SPEAKER_LABEL = re.compile(
    r"^[\s\"“'‘]*(?P<label>[A-Z][A-Z’'.\-]+(?:[ \xa0][A-Z][A-Z’'.\-]+){0,2})[ \xa0]*:[\s\xa0]+\S"
)
# A headline's speaker: "Pat Caddell: Democrat Voters Worried About ...", "Sanders: Clinton
# needs to ...". One to three capitalised words, a colon, and a sentence of four or more words
# (not a figure: "Clinton: 2,316." is a tally).
_NAME_LABEL = re.compile(
    r"^[\s\"“'‘]*(?P<label>[A-Z][\w’'.\-]+(?:[ \xa0][A-Z][\w’'.\-]+){0,2})[ \xa0]*:[ \xa0]+"
    r"(?P<rest>[A-Z\"“‘'].*)$",
    re.DOTALL,
)
# Not speakers: articles, and an article's section labels ("Correction: October 2, 2016.",
# "Editor's note: ...", "Watch: ...").
_NOT_A_SPEAKER = frozenset(
    {
        "the", "a", "an",
        "correction", "corrections", "clarification", "update", "updated", "editor's",
        "editor’s", "editors'", "note", "video", "photo", "photos", "watch", "related", "read",
        "listen", "advertisement", "disclosure",
    }
)  # fmt: skip
# A quotation's signature line: `”― Pamela Padilla`, `― Edwin G. Monroy.`: a dash, then a name
# of one to six capitalised words or initials and nothing else.
_SIGNATURE = re.compile(
    r"^(?P<closer>[\s”\"’']*)(?P<dash>[―—–]|--)[\s\xa0]*"
    r"(?P<name>[A-Z][\w’'.\-]*(?:[ \xa0]+[A-Z][\w’'.\-]*){0,5})\.?\s*$"
)
CLOSING_QUOTES = ("”", '"', "’", "''")


def layout_attribution(
    sentence: str, *, article: str | None = None, after_quote: bool = False
) -> Attribution | None:
    """An attribution given by the layout of the text rather than by a reporting verb.

    - A transcript's speaker label ("WALLACE: Let's start with ...") attributes the line to the
      speaker, also inside a quotation. The label must name someone the article names in
      ordinary case ("Chris Wallace", "Gov. Pence"), which tells a speaker from a section label
      ("CORRECTION:", "VIDEO:", "BYLINE:").
    - A headline's speaker ("Pat Caddell: Democrat Voters Worried About ...") likewise, when
      the label is followed by a sentence of four or more words and the article names one of
      its words again elsewhere.
    - A signature line right after a quotation (`"..."― Pamela Padilla`) attributes the
      quotation to the name: the line opens with the closing quote mark, or ``after_quote``
      says that the text before it ends with one.

    Args:
        sentence: the sentence text.
        article: the article the sentence is part of (the sentence itself when None).
        after_quote: whether the article text right before the sentence is a closing quote mark.
    """
    context = article if article is not None else sentence
    label = _SPEAKER_LABEL.match(sentence)
    if label is not None:
        words = [w.strip("’'.-") for w in label.group("label").split()]
        if all(len(w) > 1 for w in words) and any(
            _named_elsewhere(w.capitalize(), sentence, context) for w in words
        ):
            return _label_attribution(sentence, label, "named")
    headline = _NAME_LABEL.match(sentence)
    if (
        headline is not None
        and headline.group("label").split()[0].lower() not in _NOT_A_SPEAKER
        and len(headline.group("rest").split()) >= 4
        and any(
            len(w) > 2 and _named_elsewhere(w, sentence, context)
            for w in (w.strip("’'.-") for w in headline.group("label").split())
        )
    ):
        kind = type_source(headline.group("label"), at_sentence_start=True)
        return _label_attribution(sentence, headline, kind)
    signature = _SIGNATURE.match(sentence)
    if signature is not None and (after_quote or signature.group("closer").strip()):
        start, end = signature.span("name")
        if sentence[end - 1] == "." and len(sentence[start:end].split()[-1]) > 2:
            end -= 1  # the sentence's full stop, not an initial's ("Edwin G. Monroy.")
        name = sentence[start:end]
        kind = type_source(name)
        return Attribution(
            type=kind if kind != "vague" else "named",
            cue=signature.group("dash"),
            cue_start=signature.start("dash"),
            cue_end=signature.end("dash"),
            source=name,
            source_start=start,
            source_end=end,
            weight=1.0,
        )
    return None


def _label_attribution(sentence: str, label: re.Match[str], kind: str) -> Attribution:
    """The attribution of a speaker label ("WALLACE:", "Pat Caddell:"): the colon is its cue."""
    start, end = label.span("label")
    colon = sentence.index(":", end)
    return Attribution(
        type=kind,
        cue=":",
        cue_start=colon,
        cue_end=colon + 1,
        source=sentence[start:end],
        source_start=start,
        source_end=end,
        weight=1.0,
    )


def _common_noun(source: str, article: str | None) -> bool:
    """Whether ``source`` is one capitalised plural ("Loyalists", "Protesters") that ``article``
    also writes in lower case, in the plural or the singular: a common noun, not a name."""
    words = source.split()
    if article is None or len(words) != 1 or not words[0].isalpha():
        return False
    word = words[0]
    if not (word[0].isupper() and word[1:].islower() and word.endswith("s") and len(word) > 3):
        return False
    lower = word.lower()
    words_of_article = _word_counts(article)
    return lower in words_of_article or lower[:-1] in words_of_article


_WORD = re.compile(r"\w+")
_last_counts: list[tuple[str, Counter[str]] | None] = [None]


def _word_counts(text: str) -> Counter[str]:
    """How often each word (a run of word characters, case kept) occurs in ``text``.

    The last text's counts are kept: the article is asked about for sentence after sentence,
    and scanning it again for each question made a long article quadratic (a 1 MB text: 1.5 s
    of 6.7 in these scans). One entry, so memory stays flat.
    """
    held = _last_counts[0]
    if held is not None and held[0] is text:
        return held[1]
    counts = Counter(_WORD.findall(text))
    _last_counts[0] = (text, counts)
    return counts


def _named_elsewhere(word: str, sentence: str, article: str) -> bool:
    """Whether ``word`` (case as given) occurs in ``article`` outside ``sentence``."""
    if _WORD.fullmatch(word):
        # For a word of word characters, whole-word matches are exactly the equal words.
        return _word_counts(article)[word] > _WORD.findall(sentence).count(word)
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    return len(pattern.findall(article)) > len(pattern.findall(sentence))


def find_attributions(
    sentence: str,
    masked: str | None = None,
    *,
    article: str | None = None,
    after_quote: bool = False,
    cue_model: CueModel,
) -> list[Attribution]:
    """All attributions in one sentence, in order of their cues.

    Cue words are chosen by the trained cue classifier (:mod:`scorer.analysis.attribution_cues`);
    adjacent cue words, and cue words inside one ``reporting`` lexicon phrase ("according to",
    "said in a statement"), form one cue. Each cue's source is then found by phrase heuristics
    and typed by :func:`type_source`.

    Args:
        sentence: the sentence text.
        masked: the same text with quotations blanked out (same length); cues are searched in
            it so that a "said" inside a quotation is not taken as the author's attribution.
            Defaults to ``sentence``.
        article: the whole article, for the layout rules (see :func:`layout_attribution`).
        after_quote: whether the article text right before the sentence is a closing quote.
        cue_model: the cue classifier (the ``attribution`` of a model set, see
            :func:`scorer.classify.model_set.load_model_set`).

    Returns:
        One :class:`Attribution` per cue that is not inside a quotation.
    """
    search_in = sentence if masked is None or len(masked) != len(sentence) else masked
    if not sentence.strip():
        return []
    layout = layout_attribution(sentence, article=article, after_quote=after_quote)
    if layout is not None:
        return [layout]
    model = cue_model
    tokens = tokenize(sentence)
    accepted = _with_inverted_cue(
        model, sentence, search_in, tokens, model.cues(sentence, search_in, tokens)
    )
    if not accepted:
        return _quote_tag(sentence, search_in, model.stems) or _poll_attribution(
            sentence, search_in
        )
    phrases = reporting_matches(search_in)
    found: list[Attribution] = []
    for start, end, probability, stem_weight in _cue_spans(tokens, accepted, phrases, model.stems):
        entry = next((ent for a, b, ent in phrases if a == start), None)
        words = _token_words(sentence[start:end])
        evidential = bool(words) and all(w.lower() in _EVIDENTIAL_ADVERBS for w in words)
        if (
            entry is None
            and not evidential
            and all(
                _skippable(w)
                or _is_adverb(w)
                or w in _SKIPPABLE_LOWERCASE
                or w.lower() in _DETERMINERS
                for w in words
            )
        ):
            # An auxiliary, adverb or determiner on its own ("has", "also", "a") is part of a
            # cue the classifier missed or of no cue at all: in PolNeAR train, 19% of the
            # sentences whose only cue was "has" attribute anything.
            continue
        if entry is None and _not_a_cue(sentence, tokens, start, end, probability, model):
            continue
        cue_type = entry.type if entry is not None else "verb"
        # "The FBI is reportedly making arrangements": someone reported it, not the subject.
        span = None if evidential else _find_source(sentence, tokens, start, end, cue_type)
        if span is _NOT_AN_ATTRIBUTION and cue_type == "verb":
            continue  # "An estimated 100,000 people": an adjective, not a cue
        if span is None or span is _NOT_AN_ATTRIBUTION:
            source, s_start, s_end, kind = "", -1, -1, "vague"
        else:
            s_start, s_end = span
            source = sentence[s_start:s_end]
            if source.lower() == "you":
                # The reader ("You won't believe ...", "you know"), not someone cited.
                continue
            typed = (s_start, s_end)
            if source.lower() in _RELATIVE_PRONOUNS:
                # "who" is typed by whom it stands for.
                typed = _relative_antecedent(tokens, s_start) or typed
            at_start = sentence[: typed[0]].strip() == ""
            kind = type_source(sentence[typed[0] : typed[1]], at_sentence_start=at_start)
            head = _head(sentence[typed[0] : typed[1]])
            if head and len(head) < typed[1] - typed[0]:
                # "Trump, who has relied on ...": the head names the source as surely as the
                # whole span ("A spokesman, John Kirby": the apposition may name it instead).
                head_kind = type_source(head, at_sentence_start=at_start)
                kind = min(kind, head_kind, key=ATTRIBUTION_TYPES.index)
                if head_kind != "vague" and _AGENT_CLAUSE_RE.match(sentence, typed[0] + len(head)):
                    # "a court filing seen by Reuters": the filing is cited, not Reuters (but
                    # in "excerpts released by the White House" the agent says more).
                    kind = head_kind
            if kind == "named" and at_start and _common_noun(source, article):
                # "Loyalists spoke with ...": a plural the article also writes in lower case
                # ("loyalist communities") is a crowd, capitalised only to open the sentence.
                kind = "vague"
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
                between=sentence[s_end:start] if 0 <= s_end <= start else "",
            )
        )
    # A "source" that contains another cue is that cue's clause, not a source: "Loyalists spoke
    # with a sense of resignation about" continues the attribution of "spoke". A cue ending the
    # span is its head noun ("Court documents show"), not a clause; a cue inside an apposition
    # or relative clause describes the source ("The justice -- who had criticized him -- said").
    head_ends = [a.source_start + len(_head(a.source)) for a in found]
    found = [
        replace(a, type="vague", source="", source_start=-1, source_end=-1)
        if any(
            other is not a and a.source_start <= other.cue_start and other.cue_end < head_end
            for other in found
        )
        else a
        for a, head_end in zip(found, head_ends, strict=True)
    ]
    found = _without_cues_describing_a_source(found)
    found = _anonymous_sources(sentence, tokens, found)
    return (
        _participle_sources(sentence, tokens, found)
        or _quote_tag(sentence, search_in, model.stems)
        or _poll_attribution(sentence, search_in)
    )


# A cue word whose stem occurred fewer times than this in the training articles, that the
# classifier gives less than _ANECDOTAL_MAX_PROBABILITY, and that nothing around it marks as
# reporting, is taken on anecdotal evidence: "withdrew" was a cue in all 3 of its training
# sentences ("withdrew his endorsement"), so "The navy withdrew its ships" came back as an
# attribution. In PolNeAR dev such cues were right in 5 of the 10 sentences they alone made
# attributing.
_ANECDOTAL_OCCURRENCES = 5
_ANECDOTAL_MAX_PROBABILITY = 0.75
# What marks a cue as reporting something: a "that" clause, a colon, a comma or a quotation
# mark right after it.
_REPORTING_NEXT = re.compile(r"\s*(?:that\b|:|,|[\"“”‘'])")
_QUOTE_CHARS = frozenset('"“”')
# A number right after a particle makes it an approximation ("about 200 cars"), not a cue.
_NUMBER_NEXT = re.compile(r"\s*[$€£]?\d")


def _not_a_cue(
    sentence: str,
    tokens: list[tuple[str, int, int]],
    start: int,
    end: int,
    probability: float,
    model: CueModel,
) -> bool:
    """Whether a one-word cue outside the ``reporting`` lexicon is no cue after all.

    - a particle before a number: "about 200 cars";
    - a capitalised first word, not a participle or a verb in "-s", followed by a lowercase
      word that is not a preposition or determiner: "Hail destroyed about 200 cars" (the
      subject of the verb after it, whose stem is a cue's: "hailed"; but "Hail Trump for
      ...", "Promise to ...", "Calls men ...");
    - a word whose stem the training articles hardly knew (see :data:`_ANECDOTAL_OCCURRENCES`),
      in a sentence with no quotation and nothing after it that reports.
    """
    # The tokens from the cue's first on (tokens are in text order).
    first = bisect_left(tokens, start, key=lambda t: t[1])
    inside = first
    while inside < len(tokens) and tokens[inside][2] <= end:
        inside += 1
    words = [t[0] for t in tokens[first:inside] if t[0][0].isalnum()]
    if len(words) != 1:
        return False
    word = words[0]
    if word.lower() in _PARTICLES:
        return bool(_NUMBER_NEXT.match(sentence, end))
    following = tokens[inside][0] if inside < len(tokens) else ""
    if (
        word[0].isupper()
        # "Calls men derogatory names", "Says Clinton ...": a verb opening a fragment.
        and not word.lower().endswith(("ing", "ed", "s"))
        and not sentence[:start].strip(" \"“'‘")
        and following.isalpha()
        and following.islower()
        and following not in _PARTICLES | _LEADING_PREPOSITIONS | _DETERMINERS
    ):
        return True
    return (
        probability < _ANECDOTAL_MAX_PROBABILITY
        and model.occurrences.get(cue_stem(word), 0) < _ANECDOTAL_OCCURRENCES
        and not _REPORTING_NEXT.match(sentence, end)
        and not any(ch in _QUOTE_CHARS for ch in sentence)
    )


# A clause that says its source is not named: "who asked not to be named", "who spoke on (the)
# condition of anonymity", ", speaking on condition of anonymity because they were not authorized
# to discuss ...", "who was not authorized to speak publicly". It describes a source; its own
# verbs ("asked", "spoke", "named", "authorized") attribute nothing. A clause set off by a
# comma runs to the next comma; one without ("Officials who asked not to be named said") ends
# with its anonymity phrase and what completes it ("to speak publicly"), before the main verb.
_ANONYMITY_CLAUSE = re.compile(
    r"(?P<comma>,\s*)?\b(?:who|speaking|asking|requesting|declining|on\s+(?:the\s+)?condition)"
    r"\b[^.;:\"“”,]{0,80}?"
    r"(?:\banonymity\b|\bbe\s+(?:named|identified)\b|\bon\s+the\s+record\b"
    r"|(?:\bnot\s+|n['’]t\s+)(?:\w+\s+)?authori[sz]ed\s+to\s+\w+)"
    r"(?:\s+because\s+(?:he|she|they)\s+(?:was|were|is|are)\s+not\s+authori[sz]ed\s+to\s+\w+)?"
    r"(?:\s+(?:to\s+)?(?:speak|talk|discuss|comment)\b)?"
    r"(?:\s+(?:publicly|freely|candidly|on\s+the\s+record)\b)?"
)
# Every anonymity clause holds one of these words: a cheap test before the full pattern.
_ANONYMITY_WORDS = re.compile(r"anonymity|named|identified|record|authori[sz]ed")
_CLAUSE_REST = re.compile(r"[^.;:\"“”,]*")
# Words that may stand between a described source and the clause about it ("one Republican
# involved in the planning, who spoke on condition of anonymity").
_MAX_GAP_WORDS = 5


def _anonymous_sources(
    sentence: str, tokens: list[tuple[str, int, int]], found: list[Attribution]
) -> list[Attribution]:
    """Apply the anonymity clauses of a sentence (see :data:`_ANONYMITY_CLAUSE`).

    The cues inside such a clause are dropped, and the source it describes is anonymous, with
    the noun phrase before the clause as its span ("Officials" of "Officials who asked not to
    be named said"; "Three engineers" of "Three engineers who spoke on condition of anonymity
    said"): the source the clause describes, or the empty source of the cue right after it.
    """
    if not found or not _ANONYMITY_WORDS.search(sentence):
        return found  # most sentences: no clause to look for
    clauses = [(m.start(), _clause_end(sentence, m)) for m in _ANONYMITY_CLAUSE.finditer(sentence)]
    if not clauses:
        return found
    kept = [a for a in found if not any(s <= a.cue_start < e for s, e in clauses)]
    out = []
    for a in kept:
        for c_start, c_end in clauses:
            if a.source and a.source_start < c_start:
                gap = sentence[a.source_end : c_start]
                if a.source_end > c_start or (
                    len(gap.split()) <= _MAX_GAP_WORDS and not _STOPS_GAP.search(gap)
                ):
                    # The clause describes this source; the span ends before the clause.
                    end = min(a.source_end, c_start)
                    head = sentence[a.source_start : end].rstrip(" ,")
                    a = replace(
                        a, type="anonymous", source=head, source_end=a.source_start + len(head)
                    )
                    break
            elif (not a.source or c_start <= a.source_start < c_end) and a.cue_start >= c_end:
                # No source, or the clause taken for one ("spoke on condition of anonymity").
                between = sentence[c_end : a.cue_start]
                if all(_skippable(w) or w == "," for w in between.split()):
                    span = _source_before(tokens, len(sentence[:c_start].rstrip(" ,")))
                    if span is not None:
                        a = replace(
                            a,
                            type="anonymous",
                            source=sentence[span[0] : span[1]],
                            source_start=span[0],
                            source_end=span[1],
                            between=sentence[span[1] : a.cue_start],
                        )
                        break
        out.append(a)
    return out


def _clause_end(sentence: str, match: re.Match[str]) -> int:
    """Where an anonymity clause ends: at the next comma if a comma opens it."""
    if not match.group("comma"):
        return match.end()
    rest = _CLAUSE_REST.match(sentence, match.end())
    return rest.end() if rest is not None else match.end()


# Sentence punctuation or a quotation mark between a source and a clause: the clause is not
# about that source.
_STOPS_GAP = re.compile(r"[.;:\"“”]")


def _without_cues_describing_a_source(found: list[Attribution]) -> list[Attribution]:
    """Drop the cues that describe another attribution's source: those in a document with its
    agent, up to the participle ("A memo seen by Reuters said": "memo", "seen"; but in "The bill
    signed by Obama says" the verb after the agent is a cue), and sourceless cues inside the
    source after "according to" ("According to a court filing seen by Reuters")."""
    # Each source's described part: (attribution, where that part ends, whether it is a
    # document with its agent).
    described: list[tuple[Attribution, int, bool]] = []
    for a in found:
        agent = _AGENT_CLAUSE_RE.search(a.source) if a.source else None
        if agent is not None:
            described.append((a, a.source_start + agent.end(), True))
        elif a.source and _cited_after(a.cue):
            described.append((a, a.source_end, False))
    return [
        a
        for a in found
        if not any(
            other is not a
            and other.source_start <= a.cue_start
            and a.cue_end <= end
            and (not a.source or (with_agent and other.source_start <= a.source_start))
            for other, end, with_agent in described
        )
    ]


@lru_cache(maxsize=1 << 12)  # a few hundred distinct cues
def _cited_after(cue: str) -> str:
    """The phrase of :data:`_SOURCE_AFTER_PHRASES` that opens ``cue`` as whole words ("according
    to" of "According to a statement"; "per" of "per", not of "persuade"), or ""."""
    lowered = cue.lower()
    return next(
        (p for p in _SOURCE_AFTER_PHRASES if lowered == p or lowered.startswith(p + " ")), ""
    )


# The speech tag of a quotation: a verb right after its closing mark, with its speaker before
# it (`"...," Bozell answers.`, `"...," I confessed.`, `"...," the judge exclaimed.`) or after
# it (`"...!" beamed Donald Hartley`). Any verb in this frame reports the quotation, whether or
# not the cue classifier knows it: in PolNeAR train 303 of the 305 sentences with such a tag
# attribute, and 10 of them had no cue the classifier accepted ("mused", "scoffed", "surmised").
_TAG_CLOSE = r"[,!?]\s*(?:”|“|\"|'')\s+"
_TAG_VERB = r"(?P<verb>[a-z]+(?:ed|s))\b"
_QUOTE_TAG = re.compile(
    _TAG_CLOSE
    + r"(?:(?P<speaker>(?:[A-Z][\w.'’\-]*\s+){0,3}[A-Z][\w.'’\-]*|he|she|they|I|we"
    # "the judge", "his lawyer", "a spokeswoman for the firm" (lowercase speakers)
    + r"|(?:the|a|an|his|her|their)\s+(?:[a-z]+\s+){0,3}[a-z]+)\s+"
    + r"(?:[a-z]+ly\s+)?"
    + _TAG_VERB
    + r"(?=\s*(?:[.,;!?]|$))"
    + r"|"
    + _TAG_VERB.replace("verb", "inverted")
    + r"\s+(?=(?:the\s+)?[A-Z]))"
)


# A verb in "-s" whose stem precedes a PolNeAR cue less often than this is no speech verb
# ("airs" 0.05, "years" 0.02; "laughs" 0.21, "notes" 0.21, "answers" 0.25 are).
_MIN_TAG_STEM_WEIGHT = 0.2
# Words that do not describe a speaker ("a musical that ran for").
_NOT_IN_A_SPEAKER = _CLAUSE_WORDS | _LEADING_PREPOSITIONS


def _is_speech_verb(verb: str, stems: dict[str, float]) -> bool:
    """Whether a tag's verb can report speech: not an auxiliary ("was" after a title such as
    "Oklahoma!"), and a past tense or a verb whose stem the cue model knows as a cue
    (``stems``: the cue model's stem precisions)."""
    if _skippable(verb):
        return False
    return verb.endswith("ed") or stems.get(cue_stem(verb), 0.0) >= _MIN_TAG_STEM_WEIGHT


def _quote_tag(sentence: str, masked: str, stems: dict[str, float]) -> list[Attribution]:
    """The attribution of a quotation's speech tag (see :data:`_QUOTE_TAG`), or none;
    ``stems`` are the cue model's stem precisions."""
    for match in _QUOTE_TAG.finditer(sentence):
        name = "verb" if match.group("verb") else "inverted"
        cue_start, cue_end = match.span(name)
        if masked[cue_start:cue_end] != sentence[cue_start:cue_end]:
            continue  # inside a quotation
        if not _is_speech_verb(sentence[cue_start:cue_end], stems):
            continue
        if name == "verb":
            span: tuple[int, int] | None = match.span("speaker")
            if any(w in _NOT_IN_A_SPEAKER for w in match.group("speaker").split()[1:]):
                continue
        else:
            span = _source_after(tokenize(sentence), cue_end)
        if span is None:
            continue
        source = sentence[span[0] : span[1]]
        return [
            Attribution(
                type=type_source(source),
                cue=sentence[cue_start:cue_end],
                cue_start=cue_start,
                cue_end=cue_end,
                source=source,
                source_start=span[0],
                source_end=span[1],
                weight=1.0,
            )
        ]
    return []


# A sentence that ends in an inverted attribution (", reports Russian media", ", says the
# Kremlin"; ", Reuters reported" is in ordinary order and not matched). In PolNeAR train 96 of
# the 98 sentences that end so attribute; "reports" alone is more often a noun ("news reports")
# and the cue classifier gives it 0.17 in "..., reports Russian media", so the pattern decides.
_INVERTED_ENDING = re.compile(
    r",\s+(?P<verb>reports|reported|says|said|writes|wrote|tells|told|adds|added|notes|noted"
    r"|claims|claimed|confirms|confirmed|announces|announced|insists|insisted)"
    r"\s+(?:the\s+)?[A-Z][\w.'’\-]*(?:\s+[A-Za-z][\w.'’\-]*){0,5}\s*[.!?]?[\"”’']*\s*$"
)


def _with_inverted_cue(
    model: CueModel,
    sentence: str,
    masked: str,
    tokens: list[tuple[str, int, int]],
    accepted: list[tuple[Candidate, float]],
) -> list[tuple[Candidate, float]]:
    """The accepted cue words, with the verb of an inverted attribution that ends the sentence
    (see :data:`_INVERTED_ENDING`) added in text order when the classifier left it out. Its
    probability stays the classifier's."""
    match = _INVERTED_ENDING.search(masked)
    if match is None:
        return accepted
    at = match.start("verb")
    if any(cand.start == at for cand, _ in accepted):
        return accepted
    found = [c for c in candidates(sentence, masked, model.stems, tokens) if c.start == at]
    if not found:
        return accepted  # not a stem of any training cue: the model would not know it
    (probability,) = model.probabilities(found)
    return sorted([*accepted, (found[0], probability)], key=lambda pair: pair[0].index)


def _participle_sources(
    sentence: str, tokens: list[tuple[str, int, int]], found: list[Attribution]
) -> list[Attribution]:
    """Give a participle clause ("..., saying the law was unfair") its main clause's subject.

    The subject is the source of the first earlier cue that has one, the main clause's ("A
    judge sided with the Democrats, saying ..."; a later cue may be another participle's), else
    the noun phrase that opens the sentence when an auxiliary follows it ("The GOP nominee has
    staked ..., portraying ...").
    """
    out: list[Attribution] = []
    for a in found:
        before = sentence[: a.cue_start].rstrip()
        head, _, last = before.rpartition(" ")
        if last.lower() in _NOT_A_SUBJECT:
            before = head.rstrip()  # ", perhaps recognizing", ", despite admitting"
        participle = a.cue.split()[0].lower().endswith("ing") and before.endswith(_CLAUSE_ENDS)
        # "She greeted supporters and told them ...": a verb joined by "and" shares the subject.
        coordinated = before.lower().endswith(" and") or before.lower() == "and"
        if a.source or not (participle or coordinated):
            out.append(a)
            continue
        earlier = [b for b in out if b.source and b.cue_end <= a.cue_start]
        span = (earlier[0].source_start, earlier[0].source_end) if earlier else None
        span = span or _sentence_subject(tokens) or _opening_subject(tokens, 0)
        if span is None and coordinated:
            # "When X was asked ..., he laughed and said": the clause after the last comma.
            comma = next(
                (
                    k
                    for k in range(len(tokens) - 1, -1, -1)
                    if tokens[k][0] == "," and tokens[k][2] <= a.cue_start
                ),
                None,
            )
            span = _opening_subject(tokens, comma + 1) if comma is not None else None
        if span is None or span[1] > a.cue_start:
            out.append(a)
            continue
        source = sentence[span[0] : span[1]]
        at_start = sentence[: span[0]].strip() == ""
        kind = earlier[0].type if earlier else type_source(source, at_sentence_start=at_start)
        out.append(replace(a, type=kind, source=source, source_start=span[0], source_end=span[1]))
    return out


# What a participle clause follows: a comma, also inside a closing quotation mark.
_CLAUSE_ENDS = (",", ",”", ',"', ",''")
_PRONOUN_SUBJECTS = frozenset({"he", "she", "they", "we", "i"})
_JOINERS = frozenset({"and", "or", "nor", "&"})
# Capitalised words that open a sentence without being a name ("Bewildered", "Despite").
_NOT_SUBJECT_FOLLOWERS = _CLAUSE_WORDS | _LEADING_PREPOSITIONS | {"and", "or", "'s", "’s"}


def _opening_subject(tokens: list[tuple[str, int, int]], k: int) -> tuple[int, int] | None:
    """A pronoun or a name that opens the clause starting at token ``k``: "He basically ducked",
    "Ohio Gov. John Kasich suspended his campaign". A name is a run of capitalised words (with
    "Gov." abbreviations and "(D-Ohio)" parentheses) followed by a lowercase word that can be a
    verb; a run that starts with an article or ends before a preposition or "and" is not
    taken ("The rising violence", "Bewildered and elated prisoners")."""
    if k >= len(tokens):
        return None
    first = tokens[k][0]
    if first.lower() in _PRONOUN_SUBJECTS:
        return tokens[k][1], tokens[k][2]
    lowered = first.lower()
    if not first[0].isupper() or lowered in _DETERMINERS or lowered in _NOT_SUBJECT_FOLLOWERS:
        return None
    end = k
    depth = 0
    while end < len(tokens) and end - k < _MAX_SUBJECT_TOKENS + 2:
        word = tokens[end][0]
        if word == "(":
            depth += 1
        elif word == ")":
            depth -= 1
        elif not (depth > 0 or word[0].isupper() or word == "."):
            break
        end += 1
    if depth != 0 or end >= len(tokens) or end == k:
        return None
    following = tokens[end][0]
    if not following[0].islower() or following.lower() in _NOT_SUBJECT_FOLLOWERS:
        return None
    return tokens[k][1], tokens[end - 1][2]


def _cue_spans(
    tokens: list[tuple[str, int, int]],
    accepted: list[tuple[Candidate, float]],
    phrases: list[tuple[int, int, LexiconEntry]],
    stems: dict[str, float],
) -> list[tuple[int, int, float, float]]:
    """Merge accepted cue words into cue spans: (start, end, probability, stem precision).

    A word inside a lexicon phrase takes the whole phrase ("according" -> "according to");
    a particle right after a cue word joins it ("talked about", "called for"); the span's
    probability is its best word's. A capitalised word right before another cue word is the
    source, not part of the cue ("Reuters reported": the corpus has "told Reuters" as a cue,
    which makes "Reuters" a candidate), and an auxiliary before one is left out so that the
    passive is seen ("was reported"). ``stems`` are the cue model's stem precisions.
    """
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
            if phrase is None and word.lower() in _PARTICLES and cand.index > 0:
                # "Loyalists spoke with ...": a particle taken as the cue belongs with the verb
                # before it, which the classifier considered but did not accept on its own.
                verb = tokens[cand.index - 1][0]
                if (
                    verb.isalpha()
                    and verb.islower()
                    and cue_stem(verb) in stems
                    and not _skippable(verb)
                    and verb not in _DETERMINERS
                ):
                    start = tokens[cand.index - 1][1]
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
    prefix = _cited_after(cue)
    if prefix:
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
    cue_words = [w for w in _token_words(cue) if w[0].isalnum()]
    if cue_words[:1] == ["as"] and len(cue_words) > 1 and cue_words[1].endswith("ing"):
        # "Interfax quoted a Kremlin source as saying": the one quoted is the source.
        quoted = _quoted_object(before_tokens)
        if quoted is not None:
            return quoted
    elif previous == "as" and cue_words[:1] and cue_words[0].endswith("ing"):
        quoted = _quoted_object(before_tokens[:-1])
        if quoted is not None:
            return quoted
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
    # "Beck ... last week said", "Gowdy earlier in the day touted": the subject is before the
    # time phrase.
    cue_start = _before_time_phrase(tokens, cue_start)
    span = _source_before(tokens, cue_start)
    if span is not None and _not_a_subject(sentence[span[0] : span[1]]):
        if first_word.endswith("ing"):
            return None  # the participle's subject is the main clause's: _participle_sources
        span = None
    if span is not None and all(
        word.lower() in _DETERMINERS for word in _token_words(sentence[span[0] : span[1]])
    ):
        # "An estimated 100,000 people": the verb is an adjective here.
        return _NOT_AN_ATTRIBUTION
    before = sentence[:cue_start].rstrip()
    # NYT text writes quotation marks as two apostrophes: `''...,'' said John Smith`.
    # An opening mark typed for the closing one ("“It's unusual,“ said Larry Noble") closes too.
    after_quote = before.endswith(("”", '"', ",”", ',"', "''", ",“"))
    after_comma = before.endswith(",")
    next_word = sentence[cue_end:].split(maxsplit=1)
    starts_phrase = bool(next_word) and (
        next_word[0][0].isupper() or next_word[0].lower() in {"the", "a", "an"}
    )
    if span is None and after_quote and not first_word.endswith("ing"):
        # Inverted order after a quotation: `"...," said John Smith` (but `"...," saying` is a
        # participle clause, whose subject is the main clause's).
        return _source_after(tokens, cue_end)
    participle = first_word.endswith("ing") and after_comma
    closer = _token_index_before(tokens, cue_start)
    while closer >= 0 and (_skippable(tokens[closer][0]) or _is_adverb(tokens[closer][0])):
        closer -= 1
    if span is None and not participle and closer >= 0 and tokens[closer][0] in _APPOSITION_CLOSERS:
        # "X, a lawyer, said the judge erred": the subject is before the apposition (and what
        # follows the verb is what was said, not an inverted subject).
        described = _source_before_apposition(tokens, closer)
        if described is not None:
            return described
    if span is None and after_comma and starts_phrase and not participle:
        # Inverted order after a clause ("The plan is dead, said John Smith.") only when the
        # phrase after the verb ends there.
        inverted = _source_after(tokens, cue_end)
        if inverted is not None and _ends_phrase(tokens, inverted[1]):
            return inverted
    if span is None and after_comma:
        if first_word.endswith("ing"):
            # "..., shouting with joy", "..., asking passers-by": a participle clause whose
            # subject is the main clause's, too far back to find without a parser.
            return None
        # An apposition closes before the verb: "A spokesman, John Kirby, said".
        return _source_before(tokens, len(before) - 1)
    return span


_QUOTING_VERBS = frozenset({"quoted", "quoting", "quotes", "quote", "cited", "citing", "cites"})


def _quoted_object(before: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """X of "quoted X" when ``before`` (the tokens before "as saying") ends with it."""
    # X is a short noun phrase: look back at most _MAX_SOURCE_TOKENS words for the verb.
    for j in range(len(before) - 1, max(-1, len(before) - 2 - _MAX_SOURCE_TOKENS), -1):
        word = before[j][0]
        if word.lower() in _QUOTING_VERBS:
            return (before[j + 1][1], before[-1][2]) if j + 1 < len(before) else None
        if _is_boundary(word):
            return None
    return None


# Words that make up a time phrase between a subject and its verb ("last week", "on Monday",
# "earlier in the day"); the phrase must hold one of the _TIME_NOUNS.
_TIME_NOUNS = frozenset(
    """week weekend month year day night morning afternoon evening today yesterday tonight
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec""".split()
)
_TIME_WORDS = _TIME_NOUNS | frozenset(
    "last this next earlier later on in the of at ago early late".split()
)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _before_time_phrase(tokens: list[tuple[str, int, int]], cue_start: int) -> int:
    """Where a subject ends when a time phrase sits between it and the verb at ``cue_start``:
    the start of that phrase, or ``cue_start`` itself when there is none."""
    k = _token_index_before(tokens, cue_start)
    while k >= 0 and (_skippable(tokens[k][0]) or _is_adverb(tokens[k][0])):
        k -= 1
    end = k
    while k >= 0 and (tokens[k][0].lower() in _TIME_WORDS or tokens[k][0].isdigit()):
        k -= 1
    phrase = [t[0].lower() for t in tokens[k + 1 : end + 1]]
    # "who in 2010 said": a year after "in" is a time phrase too.
    if k < 0 or not any(w in _TIME_NOUNS or _YEAR.fullmatch(w) for w in phrase):
        return cue_start
    # The phrase is taken from its first time word on: "in" of "officials in Moscow on Monday"
    # stays with the subject unless a time noun follows it.
    return tokens[k + 1][1]


# A vague source ("many", "a voice") stands for the sentence over a more identifiable one only
# when its cue is surer by this much: it is more often an embedded clause ("The poll finds that
# many voters say ...") or a wrong span. 0.3 was chosen by source-span F1 on PolNeAR train
# (0.2 and 0.5 score no better).
_VAGUE_HANDICAP = 0.3


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
            key=lambda a: (
                not a.cue.lower().startswith(_CITING),
                a.confidence - (_VAGUE_HANDICAP if a.type == "vague" else 0.0),
            ),
        )
    return attributions[0] if attributions else None


# A figure reported "in" a named poll ("in a CNN/ORC poll released Wednesday", "in the
# RealClearPolitics average of New Hampshire polls", "in Monday's poll"): PolNeAR marks "in" as
# the cue and the poll as the source. Only a poll named by a capitalised word or a figure: "in
# the polls" is mostly a horse-race idiom ("a wide lead in the polls"). In PolNeAR train, 25 of
# the 30 sentences with such a poll and no other attribution attribute.
_POLL = re.compile(
    r"\b[Ii]n\s+(?P<source>(?:(?:a|an|the|this|that)\s+)?"
    # The words before "poll" name it; a clause word or a verb of going to the polls means the
    # phrase has left the poll's name ("Voters in Florida head to the polls").
    r"(?:(?!(?:in|at|atop|to|before|after|as|when|while|during|where|and|or|but|than|head|heads"
    r"|headed|go|goes|went|going|flock|flocked)\b)[\w.'’\-/]+\s+){0,5}?(?:polls?|surveys?))\b"
)


def _poll_attribution(sentence: str, masked: str) -> list[Attribution]:
    """The attribution of a figure to a named poll (see :data:`_POLL`), or none."""
    for match in _POLL.finditer(masked):
        words = match.group("source").split()
        if not any(w[0].isupper() or w[0].isdigit() for w in words[:-1]):
            continue
        start, end = match.span("source")
        return [
            Attribution(
                type="document",
                cue=sentence[match.start() : match.start() + 2],
                cue_start=match.start(),
                cue_end=match.start() + 2,
                source=sentence[start:end],
                source_start=start,
                source_end=end,
                weight=1.0,
            )
        ]
    return []
