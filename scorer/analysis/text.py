"""Cleaning and sentence splitting: the one module that touches nltk.

Everything here works on character spans into the caller's text, never on copies, so the
rest of the pipeline can point back at exact offsets (cue highlighting, reports).

The pipeline for one text is:

1. :func:`content_blocks` cuts the text into blocks at line breaks (a headline with no full
   stop must never merge with the paragraph under it), trims them, and drops *page
   furniture* (share buttons, comment-section chrome, photo captions, lone bylines) with a
   small table of anchored regular expressions. Lines that are plainly one hard-wrapped
   paragraph (no sentence-final punctuation, next line starts in lower case) are re-joined.
2. :func:`split_sentences` removes a leading news dateline (``WASHINGTON (Reuters) -``) from
   each block, runs Punkt inside the block with the parameters shipped in
   ``scorer/resources/punkt_news.json``, re-joins ``"Go!" he said.``-style splits, and caps
   over-long sentences.

Nothing here needs ``nltk_data``: Punkt's parameters ship with the package and are loaded
once with :func:`importlib.resources.files`.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import re
import sys
import types
from collections.abc import Iterator
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from scorer.errors import ModelError

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

__all__ = [
    "MAX_SENTENCE_CHARS",
    "content_blocks",
    "load_punkt_parameters",
    "split_sentences",
    "word_spans",
]

Span = tuple[int, int]

#: Name and version written into, and required from, the shipped Punkt parameter file.
PUNKT_FORMAT = "scorer-punkt-parameters"
PUNKT_FORMAT_VERSION = 1
PUNKT_RESOURCE = "punkt_news.json"
ABBREVIATIONS_RESOURCE = "abbreviations.txt"

#: Longest sentence handed downstream, in characters. Real news sentences stay far below
#: (the longest in the training data is ~1,500 characters); text with no punctuation at all
#: (scraped tables, minified pages) would otherwise become one giant "sentence" whose
#: per-sentence features are meaningless and whose regex scans are slow. ~10,000
#: characters is ~1,000-1,500 English words.
MAX_SENTENCE_CHARS = 10_000

#: Blocks longer than this are never furniture (chrome is short); skipping the table for
#: them keeps the cost per paragraph constant however long it is.
_MAX_FURNITURE_CHARS = 600

# Characters Python treats as line boundaries (str.splitlines); all are also \s.
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# One trimmed line: from its first to its last non-space character. Linear even on a
# 600 KB line (the greedy run backtracks only over trailing spaces).
_LINE_RE = re.compile(rf"\S(?:[^{_BREAKS}]*\S)?")
# The gap between two lines of one hard-wrapped paragraph: exactly one line break.
_SINGLE_BREAK_RE = re.compile(rf"[^\S{_BREAKS}]*(?:\r\n|[{_BREAKS}])[^\S{_BREAKS}]*")
# A line that ends a sentence or a clause; the next line is then not its continuation.
_LINE_END_PUNCT = frozenset('.!?:;"”’)]…')

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_HAS_WORD_RE = re.compile(r"[^\W_]")
_SPACE_RE = re.compile(r"\s")

_PLATFORMS = (
    r"(?:Facebook|Twitter|X|LinkedIn|Linkedin|Instagram|YouTube|Youtube|Telegram|WhatsApp|"
    r"Whatsapp|Pinterest|Reddit|TikTok|Threads|Bluesky|Mastodon|Flipboard|Email|E-mail)"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
_TIME = r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)"
_AGENCY = (
    r"(?:Reuters|AP|AFP|UPI|Bloomberg|Associated\s+Press|Agence\s+France-Presse|dpa|IANS|PTI|"
    r"ANI|Xinhua|TASS|Interfax|CNN|LPC/IFR|IFR|Reuters\s+Breakingviews)"
)

#: Page furniture: blocks that are site chrome, not article text. Each pattern must match
#: the *whole* trimmed block (``fullmatch``), so a real sentence that merely mentions
#: Facebook or comments is kept. Each entry says why it exists.
_FURNITURE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, flags), why)
    for pattern, flags, why in (
        (
            r"skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|article)",
            re.I,
            "accessibility skip link at the top of scraped pages",
        ),
        (
            rf"(?:share|follow(?:\s+us)?|like\s+us|find\s+us|join\s+us)(?:\s+on)?\s+{_PLATFORMS}"
            r"(?:\s*(?:,|/|\||and|or)\s*(?:" + _PLATFORMS + r"))*[.!]?",
            re.I,
            "share / follow buttons ('Share on Facebook', 'Follow us on Twitter')",
        ),
        (
            r"(?:follow|like|find|join)\s+(?:us|me|him|her|them|\w+)\s+on\s+.{1,80}",
            re.I,
            "'Follow us on ...' promotion lines",
        ),
        (
            r"(?:share|share\s+this(?:\s+(?:article|story|post|page))?|tweet|pin\s+it|print|"
            r"e-?mail|copy\s+link|save|whatsapp|comments?|\d+\s+comments?|replies|"
            r"(?:post|add|show|view|load|see)\s+(?:a\s+|all\s+|more\s+)?comments?)\s*:?",
            re.I,
            "lone button labels of share rows and comment sections ('COMMENTS', 'Share this')",
        ),
        (
            r"contact(?:\s+us)?\s*:?\s*\S+@\S+\.\w+|e-?mail(?:\s+us)?\s*:\s*\S+@\S+\.\w+",
            re.I,
            "author contact line with an e-mail address",
        ),
        (
            r"leave\s+a\s+(?:comment|reply)|(?:be\s+the\s+first\s+to\s+)?comment\s+on\s+this"
            r"(?:\s+(?:article|story|post))?|no\s+comments(?:\s+yet)?\.?|"
            r"join\s+the\s+(?:conversation|discussion)",
            re.I,
            "comment-box prompts",
        ),
        (r"replying\s+to\s+\S.{0,80}", re.I, "comment-thread widget label ('Replying to X')"),
        (
            r"comments\s+are\s+(?:moderated|closed|open)\b.{0,300}",
            re.I | re.S,
            "comment-moderation policy boilerplate",
        ),
        (
            r"for\s+more\s+information,?\s+(?:please\s+)?see\s+our\s+comments?\s+faq\.?",
            re.I,
            "comment-section FAQ link",
        ),
        (
            r"(?:\S.{0,500}?\s)?(?:Picture\s+taken\s+[^.]{1,80}\.|(?:PHOTO|Photo|FILE\s+PHOTO|"
            r"IMAGE|Image)\s*:\s*[\w .,'’/&-]{1,80}|REUTERS/[A-Z][\w .'’-]{1,60}|"
            r"\((?:Photo|Image|Picture|Credit)[^()]{0,100}\)|(?:AP|AFP|Getty\s+Images)"
            r"(?:\s+Photo)?/[A-Z][\w .'’-]{1,60})(?:\s*(?:PHOTO|Photo)\s*:\s*[\w .,'’/&-]{1,80})?",
            0,
            # Decision: a photo caption describes a picture, not the story; it repeats names
            # and places but carries no reporting, so the *whole* caption block is dropped,
            # not only its 'Picture taken ...' / 'PHOTO: REUTERS' tail. A block counts as a
            # caption only when it *ends* with such a credit, which prose never does.
            "photo captions ending in a credit ('Picture taken ...', 'PHOTO: REUTERS')",
        ),
        (
            r"(?:story\s+continues\s+below\s+)?advertisements?|sponsored(?:\s+content)?|"
            r"ad(?:vertisement)?\s*[-:]\s*scroll\s+to\s+continue",
            re.I,
            "advertisement slot labels",
        ),
        (
            r"(?:read|see)\s+(?:more|also|next|the\s+full\s+(?:story|article))\b.{0,200}|"
            r"(?:related|more)(?:\s+(?:stories|articles|coverage|news))?\s*:.{0,200}",
            re.I,
            "'Read more' / 'Related:' teaser links",
        ),
        (
            r"(?:sign\s+up|subscribe|register)\s+(?:for|to|now|here|today)\b.{0,200}",
            re.I,
            "newsletter / subscription prompts",
        ),
        (r"click\s+here\b.{0,200}", re.I, "'Click here ...' link prompts"),
        # '(c)' alone also numbers clauses ('(c) The Secretary shall:'), so it needs a year.
        (
            r".{0,150}\ball\s+rights\s+reserved\.?|(?:copyright\s*)?©.{0,150}|"
            r"copyright\s*(?:\(c\)|(?:19|20)\d\d).{0,150}|\(c\)\s*(?:19|20)\d\d\b.{0,150}",
            re.I,
            "copyright footer",
        ),
        (
            rf"(?:(?:[Bb]y|BY)\s+)?(?:{_AGENCY}|(?:[A-Z][\w.'’-]+\s+){{0,3}}[A-Z][\w.'’-]+)"
            rf"(?:\s+(?:staff|reporters?|news|desk))?\s*[,|•·-]?\s*{_DATE}{_TIME}?",
            0,
            "lone byline with a date and no sentence ('Reuters December 08, 2024')",
        ),
        (
            rf"(?:(?:published|updated|posted|last\s+updated)\s*:?\s*(?:on\s+)?)?"
            rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{_DATE}{_TIME}?",
            re.I,
            "lone publication date / timestamp line",
        ),
        (
            r"(?:[Bb]y|BY)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
            r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})*",
            0,
            "lone author byline ('By Jane Doe and John Roe')",
        ),
        (r"[\W_]+", 0, "no letter or digit at all: separators ('* * *', '—'), stray punctuation"),
    )
)


def _scoped(pattern: re.Pattern[str]) -> str:
    """``pattern`` as a group that carries its own flags (``(?is:...)``), for a union."""
    letters = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s", re.VERBOSE: "x"}
    flags = "".join(letter for flag, letter in letters.items() if pattern.flags & flag)
    return f"(?{flags}:{pattern.pattern})" if flags else f"(?:{pattern.pattern})"


#: The furniture table as one pattern: a block fully matches the union exactly when it fully
#: matches one of the entries, and one regex call per block costs less than twenty.
_FURNITURE_ANY = re.compile("|".join(_scoped(pattern) for pattern, _ in _FURNITURE))

#: Furniture glued to the start of real text by a careless scrape ('Leave a commentBashar
#: al-Assad granted ...'): only the prefix is dropped, the rest of the block is kept. The
#: look-ahead for a capital or an opening quote keeps 'Leave a comment below' style
#: sentences intact (those are then judged whole by the table above).
_FURNITURE_PREFIX = re.compile(
    r"(?:Leave\s+a\s+(?:comment|reply)|Skip\s+to\s+(?:main\s+)?content|Share\s+this"
    r"(?:\s+(?:article|story|post))?|Advertisement|ADVERTISEMENT|COMMENTS)"
    r"\s*(?=[A-Z\"“‘'])"
)

#: 'Boundless Ocean of Politics on Facebook': a site's name + a platform. Alone such a line
#: could be a headline ('Trump Attacks Clinton on Twitter'), so it is only furniture when it
#: comes in a run: the previous or next block names the same site on another platform.
_SOCIAL_LINE_RE = re.compile(rf"(.{{1,80}}?)\s+on\s+{_PLATFORMS}")

#: A news dateline at the start of a block: 'WASHINGTON (Reuters) - ', 'LONDON, Dec 9
#: (Reuters) -', 'NEW YORK/WASHINGTON (Reuters) -', 'BATON ROUGE, La. (AP) — ', or a bare
#: '(Reuters) - '. The place must be in capitals and the agency is from a fixed list, so a
#: sentence that starts with a parenthesis is left alone. The dateline is not part of any
#: sentence: models would otherwise learn the wire's name instead of how it sources.
_DATELINE_RE = re.compile(
    r"(?:[A-Z][A-Z.'’&-]+(?:[ /][A-Z][A-Z.'’&-]*)*"  # WASHINGTON, NEW YORK/LONDON
    r"(?:\s*,\s*[A-Z][\w.'’]*(?:[ /.-]+[\w.'’]+){0,4})?"  # , Saudi Arabia / , Dec 9 / , Fla.
    r"\s*)?"
    rf"\(\s*{_AGENCY}[^()\n]{{0,30}}\)"  # (Reuters) / (Reuters Health)
    r"\s*(?:-{1,2}|[–—])\s*"  # the dash that ends it
    r"|[A-Z][A-Z.'’&-]{2,}(?:[ /][A-Z][A-Z.'’&-]+){0,3}"  # NYT / AP style: 'WASHINGTON — '
    r"(?:,\s*[A-Z][\w.'’]*(?:\s[\w.'’]+){0,2})?"
    r"\s+(?:--|[–—])\s+"
)

#: Punkt always breaks after '!' and '?', also inside quotes ('"Go!" he said.'). A "sentence"
#: that then starts in lower case continues the previous one, so the two are re-joined.
_BANG_END_RE = re.compile(r"[!?][\"'”’»)\]]*$")

#: A title or honorific abbreviation ends a Punkt "sentence" when the name after it is also a
#: frequent sentence opener in the training news ("Sen. Cruz", "Mr. Trump": Punkt learned
#: 'cruz' and 'trump' as sentence starters and breaks after any abbreviation followed by one).
#: Titles stand before names, so a piece that ends in one continues into the next piece. Only
#: pre-nominal titles are listed: "Jr.", "Sr.", "St." and "No." can end a sentence.
_TITLE_END_RE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Rev|Fr|Msgr|Hon|Gov|Lt|Sen|Sens|Rep|Reps|Pres|Supt|Atty"
    r"|Amb|Gen|Gens|Col|Maj|Capt|Cmdr|Adm|Brig|Sgt|Cpl|Pvt|Det|Insp)\.$",
    re.IGNORECASE,
)
#: How far before a sentence's end a match of _TITLE_END_RE can start (longest title + "." +
#: a newline, with room to spare).
_TITLE_REACH = 8


@functools.cache
def punkt_module() -> types.ModuleType:
    """nltk's Punkt module, imported without running ``nltk/__init__.py``.

    ``import nltk`` imports most of nltk, and through it scikit-learn and scipy.stats: about
    2 s and 170 MB in every process, of which the splitter needs nothing. Punkt itself only
    needs a few of nltk's own modules, so it is loaded under stand-in ``nltk`` and
    ``nltk.tokenize`` package entries, and every ``nltk`` module loaded that way is taken out of
    ``sys.modules`` again: this module keeps its private copy, and a later ``import nltk``
    anywhere else gets the real, complete package. When nltk is already imported, that is used.
    """
    name = "nltk.tokenize.punkt"
    if "nltk" in sys.modules:
        return importlib.import_module(name)
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        return importlib.import_module(name)  # not a plain package: let the import complain
    roots = list(spec.submodule_search_locations)
    stand_ins = {"nltk": roots, "nltk.tokenize": [f"{root}/tokenize" for root in roots]}
    before = set(sys.modules)
    for package, path in stand_ins.items():
        module = types.ModuleType(package)
        module.__path__ = path
        module.__package__ = package
        sys.modules[package] = module
    try:
        return importlib.import_module(name)
    finally:
        for loaded in set(sys.modules) - before:
            if loaded == "nltk" or loaded.startswith("nltk."):
                del sys.modules[loaded]


def word_spans(sentence: str) -> list[Span]:
    """Return the spans of simple word tokens in ``sentence``.

    A word is a run of letters/digits, possibly with inner apostrophes (``don't``,
    ``Putin’s``). Fast and good enough for counts; not a linguistic tokenizer.

    Args:
        sentence: Any text.

    Returns:
        ``(start, end)`` spans into ``sentence``, in order.
    """
    return [m.span() for m in _WORD_RE.finditer(sentence)]


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def parameters_from_dict(data: object, where: str = "Punkt parameters") -> PunktParameters:
    """Check the shape of serialised Punkt parameters and build :class:`PunktParameters`.

    Args:
        data: The decoded JSON.
        where: Name used in error messages.

    Returns:
        The parameters, ready for :class:`PunktSentenceTokenizer`.

    Raises:
        ModelError: If anything is missing or of the wrong type.
    """
    if not isinstance(data, dict):
        raise ModelError(f"{where}: expected a JSON object, got {type(data).__name__}")
    if data.get("format") != PUNKT_FORMAT or data.get("version") != PUNKT_FORMAT_VERSION:
        raise ModelError(
            f"{where}: not a {PUNKT_FORMAT} file of version {PUNKT_FORMAT_VERSION} "
            f"(format={data.get('format')!r}, version={data.get('version')!r}); "
            "rebuild it with python -m scorer.training.build_punkt"
        )
    for key in ("abbrev_types", "sent_starters"):
        if not _is_str_list(data.get(key)):
            raise ModelError(f"{where}: '{key}' must be a list of strings")
    collocations = data.get("collocations")
    if not isinstance(collocations, list) or not all(
        _is_str_list(pair) and len(pair) == 2 for pair in collocations
    ):
        raise ModelError(f"{where}: 'collocations' must be a list of [word, word] pairs")
    ortho = data.get("ortho_context")
    if not isinstance(ortho, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        for k, v in ortho.items()
    ):
        raise ModelError(f"{where}: 'ortho_context' must map words to integer flags")
    params = punkt_module().PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {(a, b) for a, b in collocations}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context.update(ortho)
    return params


@functools.cache
def load_punkt_parameters() -> PunktParameters:
    """Load the shipped Punkt parameters (once per process) plus the curated abbreviations.

    The curated list is also merged at load time, so editing ``abbreviations.txt`` takes
    effect without retraining; ``build_punkt`` bakes it into the JSON as well.

    Returns:
        The parameters.

    Raises:
        ModelError: If a resource is missing, not valid JSON, or of the wrong shape.
    """
    resources = files("scorer.resources")
    where = f"scorer/resources/{PUNKT_RESOURCE}"
    try:
        raw = resources.joinpath(PUNKT_RESOURCE).read_text(encoding="utf-8")
        extra = resources.joinpath(ABBREVIATIONS_RESOURCE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"cannot read the sentence splitter's data: {exc}") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ModelError(f"{where} is not valid JSON: {exc}") from exc
    params = parameters_from_dict(data, where)
    params.abbrev_types.update(line.strip() for line in extra.splitlines() if line.strip())
    return params


def _unwrapped(pattern: Any) -> Any:
    """The compiled pattern inside nltk's ReDoS guard (``nltk.redos.TimedPattern``), if any.

    Newer nltk runs every regex through a wrapper that adds a wall-clock timeout per call, a
    backstop for patterns supplied by callers. Punkt's own patterns are fixed and linear; the
    wrapper's frames and timer cost about a third of the splitter's time, and the wrapped
    pattern finds the same matches.
    """
    return getattr(pattern, "_rx", pattern)


@functools.cache
def _tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the shipped parameters, its fixed patterns called without nltk's guard."""
    punkt = punkt_module()
    base_vars = punkt.PunktLanguageVars
    base_token = punkt.PunktToken
    non_punct = _unwrapped(punkt._re_non_punct)

    class LanguageVars(base_vars):  # type: ignore[misc,valid-type]
        __slots__ = ()
        re_boundary_realignment = _unwrapped(base_vars.re_boundary_realignment)

        def _word_tokenizer_re(self) -> Any:
            return _unwrapped(super()._word_tokenizer_re())

        def period_context_re(self) -> Any:
            return _unwrapped(super().period_context_re())

    class Token(base_token):  # type: ignore[misc,valid-type]
        _RE_ELLIPSIS = _unwrapped(base_token._RE_ELLIPSIS)
        _RE_NUMERIC = _unwrapped(base_token._RE_NUMERIC)
        _RE_INITIAL = _unwrapped(base_token._RE_INITIAL)
        _RE_ALPHA = _unwrapped(base_token._RE_ALPHA)

        @property
        def is_non_punct(self) -> Any:
            return non_punct.search(self.type)

    return punkt.PunktSentenceTokenizer(
        load_punkt_parameters(), lang_vars=LanguageVars(), token_cls=Token
    )


def _social_name(text: str, start: int, end: int) -> str | None:
    if end - start > 120:
        return None
    m = _SOCIAL_LINE_RE.fullmatch(text, start, end)
    return m.group(1).casefold() if m else None


def _is_furniture(text: str, start: int, end: int) -> bool:
    if end - start > _MAX_FURNITURE_CHARS:
        return False
    return _FURNITURE_ANY.fullmatch(text, start, end) is not None


def content_blocks(text: str) -> list[Span]:
    """Return the spans of the text's paragraphs, trimmed, with page furniture dropped.

    Blocks are separated by line breaks (``\\n``, ``\\r\\n``, lone ``\\r`` and the other
    Unicode line boundaries), so a headline without a full stop stays apart from the
    paragraph under it. Two lines are joined into one block only when they are one
    hard-wrapped paragraph: a single line break between them, the first not ending in
    sentence or clause punctuation, the second starting with a lower-case letter.

    Args:
        text: The whole text.

    Returns:
        ``(start, end)`` spans into ``text``, in order, non-overlapping; ``text[start:end]``
        has no leading or trailing whitespace.
    """
    lines = [m.span() for m in _LINE_RE.finditer(text)]
    socials = [_social_name(text, s, e) for s, e in lines]
    blocks: list[Span] = []
    prev_line_end = -1  # end of the previous *kept* line, for re-joining wrapped lines
    for i, (start, end) in enumerate(lines):
        name = socials[i]
        if name is not None and (
            (i > 0 and socials[i - 1] == name) or (i + 1 < len(lines) and socials[i + 1] == name)
        ):
            continue
        prefix = _FURNITURE_PREFIX.match(text, start, end)
        if prefix is not None:
            start = prefix.end()
        if _is_furniture(text, start, end):
            continue
        if (
            blocks
            and prev_line_end == blocks[-1][1]
            and text[prev_line_end - 1] not in _LINE_END_PUNCT
            and text[start].islower()
            and _SINGLE_BREAK_RE.fullmatch(text, prev_line_end, start)
        ):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
        prev_line_end = end
    return blocks


def _cap(text: str, start: int, end: int) -> Iterator[Span]:
    """Cut an over-long span at whitespace into pieces of at most MAX_SENTENCE_CHARS."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        if cut < 0:  # no plain space in the second half: any whitespace, else a hard cut
            spaces = [m.start() for m in _SPACE_RE.finditer(text, start, limit)]
            cut = spaces[-1] if spaces and spaces[-1] > start else limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


# Punkt's candidate sentence ends (PunktLanguageVars.sent_end_chars).
_SENTENCE_END_MARKS = (".", "?", "!")


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences and return their spans.

    Furniture blocks are skipped (see :func:`content_blocks`); a leading news dateline such
    as ``WASHINGTON (Reuters) - `` is left out of the block's first sentence; Punkt, with
    the shipped news parameters, splits inside each block; sentences over
    :data:`MAX_SENTENCE_CHARS` are cut at whitespace.

    Args:
        text: The whole text (any line endings).

    Returns:
        ``(start, end)`` spans such that ``text[start:end]`` is a sentence with no
        surrounding whitespace; in order and non-overlapping. ``[]`` for empty text.
    """
    if not text:
        return []
    tokenizer = _tokenizer()
    spans: list[Span] = []
    for start, end in content_blocks(text):
        dateline = _DATELINE_RE.match(text, start, end)
        if dateline is not None:
            start = dateline.end()
            if not _HAS_WORD_RE.search(text, start, end):
                continue
        block = text[start:end]
        first = len(spans)
        # Punkt breaks only at a ".", "?" or "!" with something after it: a block with none
        # before its last character (a one-sentence paragraph, a headline) is one sentence,
        # as Punkt would find after tokenizing and annotating every word of it.
        last = len(block) - 1
        one_sentence = all(block.find(mark, 0, last) < 0 for mark in _SENTENCE_END_MARKS)
        for s, e in ((0, len(block)),) if one_sentence else tokenizer.span_tokenize(block):
            # Punkt's spans are already trimmed except for rare realignment leftovers.
            while s < e and block[s].isspace():
                s += 1
            while e > s and block[e - 1].isspace():
                e -= 1
            if s == e:
                continue
            if len(spans) > first and (
                # "He resigned!!!" at the end of a block: Punkt cuts after the second mark and
                # leaves "!" as a sentence of its own.
                (start + s == spans[-1][1] and not _HAS_WORD_RE.search(block, s, e))
                or (block[s].islower() and _BANG_END_RE.search(text, spans[-1][0], spans[-1][1]))
                or (
                    block[s].isupper()
                    # A title is at most 5 characters ("Msgr."), newline included 6: the search
                    # starts just before them instead of scanning the whole sentence.
                    and _TITLE_END_RE.search(
                        text, max(spans[-1][0], spans[-1][1] - _TITLE_REACH), spans[-1][1]
                    )
                )
            ):
                spans[-1] = (spans[-1][0], start + e)
            else:
                spans.append((start + s, start + e))
        if any(e - s > MAX_SENTENCE_CHARS for s, e in spans[first:]):
            spans[first:] = [piece for s, e in spans[first:] for piece in _cap(text, s, e)]
    return spans
