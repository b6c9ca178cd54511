"""Cue lexicons: loading, validating and matching the TSV files in :mod:`scorer.lexicons`.

Each lexicon is a UTF-8 TSV file with the header ``term, type, weight, match, source``:

- ``term``: a literal word or phrase; lowercase unless ``match`` is ``case``; ASCII ``'``.
- ``type``: one of :data:`ALLOWED_TYPES` for that lexicon.
- ``weight``: a float in [0, 1]; for corpus-derived terms the term's smoothed precision as a
  cue in a training corpus (see :mod:`scorer.training.derive_lexicons`), for curated terms a
  judged value.
- ``match``: ``word`` (case-insensitive, whole words) or ``case`` (case-sensitive, whole words).
- ``source``: provenance of the row (corpus and counts, or ``curated``).

Files are read with :func:`importlib.resources.files`, so they work from a wheel; each is
validated once on first use and cached for the life of the process.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from dataclasses import dataclass, field
from importlib.resources import files
from itertools import accumulate, compress
from pathlib import Path

from scorer.errors import ModelError

__all__ = [
    "ALLOWED_TYPES",
    "HEADER",
    "LEXICON_NAMES",
    "Lexicon",
    "LexiconEntry",
    "lexicon_hashes",
    "load_lexicon",
    "term_regex",
]

LEXICON_NAMES: tuple[str, ...] = (
    "hedges",
    "boosters",
    "reporting",
    "sources",
    "hedge_rates",
    "loaded",
)

ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "hedges": frozenset({"epistemic", "doxastic", "hearsay", "weasel", "conditional"}),
    "boosters": frozenset({"booster"}),
    "reporting": frozenset({"verb", "phrase", "noun"}),
    "sources": frozenset({"anonymous", "vague", "document", "media"}),
    # The hedges' terms again, weighted by their uncertain rate in CoNLL-2010 train.
    "hedge_rates": frozenset({"conll"}),
    # Words that annotators of propaganda techniques mark as loaded language or name-calling.
    "loaded": frozenset({"loaded"}),
}

HEADER: tuple[str, ...] = ("term", "type", "weight", "match", "source")
MATCH_MODES: frozenset[str] = frozenset({"word", "case"})

# Apostrophes: files hold ASCII ' only; text may use the typographic ’ (or ‘, or the prime).
_APOSTROPHES = "'\u2019\u2018\u2032"
_APOSTROPHE_CLASS = "['\u2019\u2018\u2032]"
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in _APOSTROPHES[1:]})
# Whole-word boundaries as lookarounds rather than \b, so that a term may begin or end with a
# non-word character ("u.s.", "'s") and still only match between word boundaries.
_LOOKUP_MEMO_SIZE = 1 << 14
_LEFT = r"(?<!\w)"
_RIGHT = r"(?!\w)"
_WS = re.compile(r"\s+")
_WORD_RUN = re.compile(r"\w+")
_WORD_RUN_SPLIT = re.compile(r"(\w+)")


def _word_runs(text: str) -> tuple[list[str], list[int]]:
    """The runs of word characters of ``text`` and their start offsets; each run lowercased
    when it is ASCII, else :data:`_OTHER_WORD` (a word any term may start, see
    :meth:`Lexicon.finditer`).

    The last text's runs are kept: a sentence is searched with several lexicons in a row.
    """
    held = _last_runs[0]
    if held is not None and (held[0] is text or held[0] == text):
        return held[1], held[2]
    # [gap, word, gap, word, ..., gap]: each word starts where the text before it ends.
    # Lowercasing ASCII text keeps every offset.
    parts = _WORD_RUN_SPLIT.split(text.lower() if text.isascii() else text)
    words = parts[1::2]
    if not text.isascii():
        words = [w.lower() if w.isascii() else _OTHER_WORD for w in words]
    runs = (words, list(accumulate(map(len, parts)))[:-1:2])
    _last_runs[0] = (text, *runs)  # one entry: memory stays flat
    return runs


# Stands for a run of word characters with a non-ASCII character ("Erdoğan", or "ſtate": the
# long s matches "s" ignoring case): every lexicon tries a match there.
_OTHER_WORD = "\x00"
_last_runs: list[tuple[str, list[str], list[int]] | None] = [None]


@dataclass(frozen=True)
class LexiconEntry:
    """One row of a lexicon file."""

    term: str
    type: str
    weight: float
    match: str
    source: str


def _normalise(text: str) -> str:
    """Collapse whitespace runs to one space and typographic apostrophes to ``'``."""
    return _WS.sub(" ", text.translate(_APOSTROPHE_TABLE)).strip()


def term_regex(term: str) -> str:
    """Return the regex source for one term, without boundaries or case flags.

    Words are separated by ``\\s+`` (any run of whitespace, including newlines) and every
    apostrophe matches both ``'`` and ``’``.

    Args:
        term: the literal term, as written in a lexicon file.

    Returns:
        A regex fragment matching the term.
    """
    words = term.split()
    parts = [re.escape(w).replace("'", _APOSTROPHE_CLASS) for w in words]
    return r"\s+".join(parts)


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon: its rows, a lookup index and one compiled pattern.

    Attributes:
        name: the lexicon name (one of :data:`LEXICON_NAMES`, or a file stem in tests).
        entries: the rows in file order.
        sha256: hex digest of the file bytes, for model files to record.
    """

    name: str
    entries: tuple[LexiconEntry, ...]
    sha256: str
    _exact: dict[str, LexiconEntry] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    _folded: dict[str, LexiconEntry] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    _pattern: re.Pattern[str] | None = field(
        init=False, repr=False, compare=False, hash=False, default=None
    )
    # lookup()'s answers by matched text (bounded): the same few hundred terms match again and
    # again, and normalising a match costs more than finding it.
    _looked_up: dict[str, LexiconEntry | None] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    # The lowercased first word (run of word characters) of every term, for finditer(); None
    # when some term does not start with an ASCII word (finditer() then scans the whole text).
    _first_words: frozenset[str] | None = field(
        init=False, repr=False, compare=False, hash=False, default=None
    )

    def __post_init__(self) -> None:
        firsts = [_WORD_RUN.match(entry.term) for entry in self.entries]
        if all(m is not None and m.group().isascii() for m in firsts):
            words = frozenset(m.group().lower() for m in firsts if m is not None)
            words |= {_OTHER_WORD}
            object.__setattr__(self, "_first_words", words)
        # When one term has several types in a file, lookup() returns the highest-weight row
        # (ties: the first in the file), so a match always maps to one deterministic entry.
        for entry in self.entries:
            index = self._exact if entry.match == "case" else self._folded
            key = entry.term if entry.match == "case" else entry.term.lower()
            held = index.get(key)
            if held is None or entry.weight > held.weight:
                index[key] = entry

    def lookup(self, matched_text: str) -> LexiconEntry | None:
        """Map a matched string back to its entry.

        Whitespace runs and typographic apostrophes are normalised; ``case`` entries are
        looked up exactly, ``word`` entries case-insensitively (case entries win).

        Args:
            matched_text: text found by :meth:`pattern`, or any candidate string.

        Returns:
            The entry, or None when the text is not a term of this lexicon.
        """
        memo = self._looked_up
        if matched_text in memo:
            return memo[matched_text]
        text = _normalise(matched_text)
        hit = self._exact.get(text)
        if hit is None:
            hit = self._folded.get(text.lower())
        if len(memo) >= _LOOKUP_MEMO_SIZE:
            memo.clear()  # bounded: memory stays flat on any corpus
        memo[matched_text] = hit
        return hit

    def pattern(self) -> re.Pattern[str]:
        """Return one compiled alternation matching every term of the lexicon.

        Longest terms come first, so that at any position the longest term wins
        ("it may be noted" before "may"); ``case`` terms sit in ``(?-i:...)`` groups.
        Compiled once per lexicon and cached.
        """
        if self._pattern is None:
            object.__setattr__(self, "_pattern", _compile(self.entries))
        assert self._pattern is not None
        return self._pattern

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The matches of :meth:`pattern` in ``text``: ``list(pattern().finditer(text))``.

        A match starts at a word that begins some term: the pattern is whole-word, so the
        word characters from where a match starts are those of the term's first word. Only the
        words that are, lowercased, the first word of a term are tried (and every word with a
        non-ASCII character, whose case folding may differ), each with one ``match``, which
        sees the text before it as the scan does; a word inside an earlier match is skipped, as
        the scan skips it. A few words per sentence are tried instead of every position (a
        test compares the two on every lexicon). A lexicon with a term that does not start
        with an ASCII word is scanned.
        """
        firsts = self._first_words
        if firsts is None:
            return list(self.pattern().finditer(text))
        words, starts = _word_runs(text)
        if firsts.isdisjoint(words):
            return []
        match = self.pattern().match
        found = []
        last = 0
        for start in compress(starts, map(firsts.__contains__, words)):
            if start >= last:
                m = match(text, start)
                if m is not None:
                    found.append(m)
                    last = m.end()
        return found

    def of_type(self, type_: str) -> tuple[LexiconEntry, ...]:
        """Return the entries of one type, in file order."""
        return tuple(e for e in self.entries if e.type == type_)


# A term as a sequence of units, each matching one stretch of text: ("i", c) a character
# ignoring case, ("c", c) a character as written, ("s", "") a run of white space, ("'", "")
# any apostrophe.
_Unit = tuple[str, str]
_UNIT_REGEX = {"s": r"\s+", "'": _APOSTROPHE_CLASS}


def _units(entry: LexiconEntry) -> tuple[_Unit, ...]:
    kind = "c" if entry.match == "case" else "i"
    units: list[_Unit] = []
    for number, word in enumerate(entry.term.split()):
        if number:
            units.append(("s", ""))
        units.extend(("'", "") if char == "'" else (kind, char) for char in word)
    return tuple(units)


def _unit_regex(unit: _Unit) -> str:
    kind, char = unit
    if kind == "i":
        return re.escape(char)
    if kind == "c":
        return f"(?-i:{re.escape(char)})"
    return _UNIT_REGEX[kind]


def _trie(states: list[tuple[tuple[_Unit, ...], int]]) -> str:
    """The regex for what may follow a trie node, given the terms passing through it.

    ``states`` holds, for each term, its units and how many of them the node has consumed.
    Units that can match the same text character share one branch, so the branches of a node
    never compete for a character; then every term that matches at a position lies on one
    path of the trie, and trying the deeper branches before ending the match (a greedy
    ``?``) makes the longest term win, as in the longest-first alternation.
    """
    ends = any(pos == len(units) for units, pos in states)
    groups: dict[_Unit, list[tuple[tuple[_Unit, ...], int]]] = {}
    for units, pos in states:
        if pos < len(units):
            groups.setdefault(units[pos], []).append((units, pos + 1))
    branches: list[tuple[str, list[tuple[tuple[_Unit, ...], int]]]] = []
    # A character as written ("A" of "AP") also carries on the terms whose case-blind
    # character matches it ("a" of "ap"), and is tried first: the case-blind branch, tried
    # next, holds a subset of its terms, so it can only find what the first one did not.
    for (kind, char), following in groups.items():
        if kind == "c":
            blind = [
                state
                for (other, c), more in groups.items()
                if other == "i" and re.fullmatch(re.escape(c), char, re.IGNORECASE)
                for state in more
            ]
            branches.append((_unit_regex((kind, char)), following + blind))
    branches += [
        (_unit_regex(unit), following) for unit, following in groups.items() if unit[0] != "c"
    ]
    if not branches:
        return ""
    body = "|".join(head + _trie(following) for head, following in branches)
    if len(branches) > 1 or ends:
        body = f"(?:{body})"
    return body + "?" if ends else body


def _trie_safe(units: list[tuple[_Unit, ...]]) -> bool:
    """Whether distinct units never match the same character, as :func:`_trie` assumes.

    Distinct ASCII characters never match one character even ignoring case; a non-ASCII
    case-blind character might (``s`` and the long ``ſ`` both match ``S``).
    """
    return all(kind != "i" or char.isascii() for term in units for kind, char in term)


def _compile(entries: tuple[LexiconEntry, ...]) -> re.Pattern[str]:
    """One pattern matching, at every position, the longest term of ``entries``.

    The terms are arranged as a prefix trie ("may", "may be", "maybe" share the "may"), so
    that at each position the engine follows one path instead of trying hundreds of
    alternatives; it matches what the longest-first alternation
    ``(?<!\\w)(?:term|term|...)(?!\\w)`` matches, span for span (a test compares the two).
    """
    ordered = sorted(entries, key=lambda e: (-len(e.term), e.match, e.term))
    units = list(dict.fromkeys(_units(entry) for entry in ordered))
    if not units:
        return re.compile(r"(?!)")  # an empty lexicon matches nothing
    if not _trie_safe(units):
        return _alternation(entries)
    body = _trie([(term, 0) for term in units])
    return re.compile(f"{_LEFT}(?:{body}){_RIGHT}", re.IGNORECASE)


def _alternation(entries: tuple[LexiconEntry, ...]) -> re.Pattern[str]:
    """The plain longest-first alternation of the terms: what :func:`_compile` must match."""
    alternatives: dict[str, None] = {}
    ordered = sorted(entries, key=lambda e: (-len(e.term), e.match, e.term))
    for entry in ordered:
        fragment = term_regex(entry.term)
        if entry.match == "case":
            fragment = f"(?-i:{fragment})"
        alternatives.setdefault(fragment, None)
    if not alternatives:
        return re.compile(r"(?!)")  # an empty lexicon matches nothing
    body = "|".join(alternatives)
    return re.compile(f"{_LEFT}(?:{body}){_RIGHT}", re.IGNORECASE)


def _fail(origin: str, line: int, message: str) -> ModelError:
    return ModelError(f"lexicon {origin}, line {line}: {message}")


def _parse_lexicon(text: str, *, name: str, origin: str, sha256: str = "") -> Lexicon:
    """Validate the text of a lexicon file and build the :class:`Lexicon`.

    Args:
        text: the decoded file content.
        name: lexicon name, selecting the allowed types.
        origin: how to name the file in error messages.
        sha256: digest of the file bytes (computed from ``text`` when empty).

    Raises:
        ValueError: ``name`` is not a known lexicon.
        ModelError: the content breaks a rule; the message names the file and line.
    """
    allowed = _allowed_types(name)
    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if text.startswith("\ufeff"):
        raise _fail(origin, 1, "starts with a byte-order mark; save as UTF-8 without BOM")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    if not lines:
        raise _fail(origin, 1, "file is empty; expected the header " + "\t".join(HEADER))
    header = lines[0].rstrip("\r").split("\t")
    if tuple(header) != HEADER:
        raise _fail(origin, 1, f"header must be {'<TAB>'.join(HEADER)!r}, got {lines[0]!r}")
    entries: list[LexiconEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r")
        if not line.strip():
            raise _fail(origin, number, "blank line")
        if line.startswith("#"):
            raise _fail(origin, number, "comment lines are not allowed")
        cells = line.split("\t")
        if len(cells) != len(HEADER):
            raise _fail(
                origin, number, f"expected {len(HEADER)} tab-separated cells, got {len(cells)}"
            )
        term, type_, weight_text, match, source = cells
        for column, value in zip(HEADER, cells, strict=True):
            if value != value.strip():
                raise _fail(origin, number, f"{column} {value!r} has surrounding whitespace")
            if not value:
                raise _fail(origin, number, f"empty {column}")
        if any(c in term for c in _APOSTROPHES[1:]):
            raise _fail(origin, number, f"term {term!r}: write apostrophes as ASCII '")
        if "  " in term:
            raise _fail(origin, number, f"term {term!r} has a double space")
        if type_ not in allowed:
            raise _fail(
                origin,
                number,
                f"type {type_!r} not allowed in {name}; allowed: {', '.join(sorted(allowed))}",
            )
        try:
            weight = float(weight_text)
        except ValueError:
            raise _fail(origin, number, f"weight {weight_text!r} is not a number") from None
        if not math.isfinite(weight) or not 0.0 <= weight <= 1.0:
            raise _fail(origin, number, f"weight {weight_text!r} is not in [0, 1]")
        if match not in MATCH_MODES:
            raise _fail(
                origin, number, f"match {match!r} must be one of {', '.join(sorted(MATCH_MODES))}"
            )
        if match == "word" and term != term.lower():
            raise _fail(
                origin,
                number,
                f"term {term!r} must be lowercase for match 'word' "
                "(use match 'case' for names and acronyms)",
            )
        key = (term, type_)
        if key in seen:
            raise _fail(
                origin,
                number,
                f"duplicate term {term!r} of type {type_!r} (first on line {seen[key]})",
            )
        seen[key] = number
        entries.append(LexiconEntry(term, type_, weight, match, source))
    return Lexicon(name=name, entries=tuple(entries), sha256=sha256)


def _lexicon_from_path(path: str | Path, name: str | None = None) -> Lexicon:
    """Read and validate a lexicon file from a filesystem path (name defaults to the stem)."""
    path = Path(path)
    data = path.read_bytes()
    return _from_bytes(data, name=name or path.stem, origin=str(path))


def _from_bytes(data: bytes, *, name: str, origin: str) -> Lexicon:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"lexicon {origin}: not UTF-8 ({exc})") from None
    return _parse_lexicon(text, name=name, origin=origin, sha256=hashlib.sha256(data).hexdigest())


def _allowed_types(name: str) -> frozenset[str]:
    try:
        return ALLOWED_TYPES[name]
    except KeyError:
        raise ValueError(
            f"unknown lexicon {name!r}; valid names: {', '.join(LEXICON_NAMES)}"
        ) from None


@functools.cache
def load_lexicon(name: str) -> Lexicon:
    """Load, validate and cache one of the packaged lexicons.

    Args:
        name: one of :data:`LEXICON_NAMES`.

    Returns:
        The validated :class:`Lexicon`.

    Raises:
        ValueError: unknown name (the message lists the valid names).
        ModelError: the packaged file is missing or invalid.
    """
    _allowed_types(name)
    resource = files("scorer.lexicons").joinpath(f"{name}.tsv")
    try:
        data = resource.read_bytes()
    except OSError as exc:
        raise ModelError(f"lexicon {name}.tsv cannot be read: {exc}") from None
    return _from_bytes(data, name=name, origin=f"{name}.tsv")


def lexicon_hashes() -> dict[str, str]:
    """Return ``{name: sha256 of the file bytes}`` for every packaged lexicon."""
    return {name: load_lexicon(name).sha256 for name in LEXICON_NAMES}
