"""Is this text English? An offline, deterministic language check.

The scorer's cues (hedges, reporting verbs, source phrases) and its models are English: a
German or Arabic article would get confident-looking scores that mean nothing (no English
hedge found reads as "certain"). So every item is checked before it is scored, and items that
are not English are not scored.

How it decides, on a sample of the text (the first :data:`SAMPLE_CHARS` characters):

1. **Script.** If most letters are not Latin, the text is not English; the language is named
   by the identifier (below), or by the script when the identifier is unsure (Cyrillic ->
   ``ru`` or ``uk``, Arabic -> ``ar`` or ``fa``, Han -> ``zh``, kana -> ``ja``, ...).
2. **Plainly English.** At least :data:`MIN_ENGLISH_MARKERS` words, and
   :data:`MIN_ENGLISH_SHARE` of all words, are English function words that no other language
   writes alike ("the", "and", "that", "which", "said", ...). Every article of the PolNeAR,
   ISOT and PTC news corpora but a handful of 27-word ones passes; texts in 33 other
   languages score 0. This step costs a regex pass, where the identifier costs a millisecond.
3. **The identifier** (:mod:`scorer.reading.identifier`, py3langid) gives the most probable language
   and the probability of English, on the first :data:`IDENTIFY_CHARS` characters:

   - English most probable: English.
   - English under :data:`MAX_ENGLISH_PROBABILITY`: not English, named by the identifier.
   - Otherwise the identifier is unsure (some other language is more probable, English is
     not ruled out). That happens to English names, headlines and fragments ("Clinton won
     both states."), seldom to real text in another language: the text counts as English
     if it has one of the English marker words of step 2, else it is undetermined (``""``)
     and scored, its row flagged (``language`` empty; such texts are also short, see
     :data:`scorer.pipeline.scoring.SHORT_TEXT_WORDS`).
    A long text (:data:`MIN_WORDS_UNKNOWN` words)
     with almost no English function words is not English whatever the identifier says.

Fewer than :data:`MIN_WORDS` words is too little to judge: undetermined and scored.

``python benchmarks/language.py`` measures this check against the function-word lists it
replaced, on the samples in ``tests/language_samples.jsonl`` and on English sentences and
articles from the shared corpora; docs/input.md has the figures.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from scorer.reading.identifier import identify

__all__ = ["MIN_WORDS", "SAMPLE_CHARS", "Language", "detect_language"]

#: Characters examined. Function-word shares settle within a few hundred words; a bounded
#: sample keeps the check at about a millisecond on a 20 MB dump.
SAMPLE_CHARS = 20_000
#: Characters given to the identifier: its verdict is settled long before (the samples'
#: 300-character paragraphs get probabilities of 0.99 and more), and it costs 0.5 ms per
#: thousand characters.
IDENTIFY_CHARS = 2_000
#: Fewer words than this (or fewer letters than 4x this, for non-Latin scripts) is too little
#: to judge: left undetermined and scored. On English sentences of one or two words
#: (names, "Endgame.") the identifier names another language more often than English.
MIN_WORDS = 3
#: Plainly English (step 2): at least this many English marker words ...
MIN_ENGLISH_MARKERS = 3
#: ... making up at least this share of the words. News articles measure 0.10-0.20 (1st
#: percentile of PolNeAR 0.09); texts in other languages 0.
MIN_ENGLISH_SHARE = 0.04
#: Below this probability of English, the identifier's verdict stands. Foreign sentences of
#: 5-11 words in the samples get 0.0001 or less; English sentences of five words or more
#: from CoNLL-2010 and PolNeAR stay above it but for 2 in 16,700.
MAX_ENGLISH_PROBABILITY = 0.01
#: A Latin-script text of at least this many words with fewer English function words than
#: :data:`MAX_ENGLISH_SHARE_UNKNOWN` is not English even when the identifier is unsure.
#: English prose measures 0.3-0.5 on the English list.
MIN_WORDS_UNKNOWN = 50
MAX_ENGLISH_SHARE_UNKNOWN = 0.03
#: Share of letters that must be non-Latin before the script decides.
MIN_SCRIPT_SHARE = 0.5
#: Letters to a word, by script, for :data:`MIN_WORDS`: a Han or kana character is about a
#: word or a syllable of one ("部长表示" is "the minister said"), a Hangul block a syllable;
#: alphabets take four letters or more.
_LETTERS_PER_WORD = {"han": 1, "kana": 1, "hangul": 2}

#: The most frequent English function words (the unsure case and long texts).
_ENGLISH_WORDS = frozenset(
    """the of and to a in is that for it was on with as he be by at his are this have from or
    had not but an they which were been has their said who will would its more after there
    about we she her than also when what could should these those""".split()
)
#: English function words that no other language in the identifier's news-writing range
#: writes alike ("a", "in", "is", "to", "at", "we", "was", "also", "for" are left out: Hungarian,
#: Dutch, German, Polish, Tagalog and Danish use them).
_ENGLISH_MARKERS = frozenset(
    """the and that with from this which their they said would who been have has its were
    there about than when what could should these those""".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Unicode blocks of the scripts that name a language (start, end inclusive, script).
_SCRIPT_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)
_BLOCK_STARTS = [start for start, _, _ in _SCRIPT_BLOCKS]
# Runs of characters that :func:`_script_of` calls Latin: everything below U+0250 and Latin
# Extended Additional. Latin letters never name a language, so the script step only needs the
# other characters one by one; cutting these runs out first (in C) leaves English text with a
# few curly quotes and dashes instead of ~5,000 characters to classify in Python.
_LATIN_RUNS_RE = re.compile("[\x00-\u024f\u1e00-\u1eff]+")
_SCRIPT_LANGUAGE = {
    "greek": "el",
    "armenian": "hy",
    "hebrew": "he",
    "devanagari": "hi",
    "bengali": "bn",
    "tamil": "ta",
    "thai": "th",
    "georgian": "ka",
    "hangul": "ko",
}
#: Letters that Ukrainian uses and Russian does not; Persian letters absent from Arabic.
_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
_PERSIAN_LETTERS = frozenset("پچژگ")


@dataclass(frozen=True)
class Language:
    """The outcome of :func:`detect_language`.

    Attributes:
        code: ISO 639 code of the language the text looks like (``"en"``, ``"de"``, ``"zh"``,
            ...), or ``""`` when it cannot be told (too little text, or the identifier unsure
            and no English word to go by).
        english: ``False`` only when the text is confidently not English; undetermined text
            counts as English (it is scored).
        reason: For non-English text, why: ``"looks like: de"``, ``"looks like: ru, Cyrillic
            script"`` or ``"no common English words"``; else ``""``.
        confidence: The identifier's probability for ``code`` (for undetermined text, for
            English); ``None`` when the identifier was not asked (plainly English text, too
            little text, a script it was not needed for). Not part of equality.
    """

    code: str
    english: bool
    reason: str = ""
    confidence: float | None = field(default=None, compare=False)

    @property
    def message(self) -> str:
        """The error put in the report for a non-English item: ``"not English (...)"``."""
        return f"not English ({self.reason})" if not self.english else ""


_ENGLISH = Language("en", True)
_UNDETERMINED = Language("", True)


def _script_of(char: str) -> str:
    code = ord(char)
    if code < 0x0250:  # Basic Latin to Latin Extended-B: every Latin-script language here
        return "latin"
    index = bisect_right(_BLOCK_STARTS, code) - 1
    if index >= 0:
        start, end, script = _SCRIPT_BLOCKS[index]
        if start <= code <= end:
            return script
    # Latin Extended Additional (Vietnamese) and anything unlisted: not a script that names
    # a language here, so it counts with the Latin letters.
    return "latin" if 0x1E00 <= code <= 0x1EFF else "other"


def _script_language(script: str, letters: Counter[str], sample: str) -> Language:
    """Not English, and named: by the identifier when it is sure, else by the script."""
    guess = identify(sample[:IDENTIFY_CHARS])
    if guess.code != "en" and guess.probability >= 0.5:
        named = _script_language_by_letters(script, letters, sample)
        suffix = named.reason.partition(", ")[2]
        reason = f"looks like: {guess.code}" + (f", {suffix}" if suffix else "")
        return Language(guess.code, False, reason, guess.probability)
    return _script_language_by_letters(script, letters, sample)


def _script_language_by_letters(script: str, letters: Counter[str], sample: str) -> Language:
    if script == "cyrillic":
        code = "uk" if any(c in _UKRAINIAN_LETTERS for c in sample) else "ru"
        return Language(code, False, f"looks like: {code}, Cyrillic script")
    if script == "arabic":
        code = "fa" if any(c in _PERSIAN_LETTERS for c in sample) else "ar"
        return Language(code, False, f"looks like: {code}, Arabic script")
    if script in ("han", "kana"):
        # Japanese mixes kana with Han characters; Chinese has no kana.
        code = "ja" if letters["kana"] >= 0.1 * (letters["kana"] + letters["han"]) else "zh"
        return Language(code, False, f"looks like: {code}")
    if script in _SCRIPT_LANGUAGE:
        code = _SCRIPT_LANGUAGE[script]
        return Language(code, False, f"looks like: {code}")
    return Language("", False, "non-Latin script")


def detect_language(text: str) -> Language:
    """Tell whether ``text`` is English, and if not what it looks like.

    Args:
        text: Any text; only its first :data:`SAMPLE_CHARS` characters are examined.

    Returns:
        A :class:`Language`. ``english`` is ``False`` only when the text is confidently not
        English; text too short to judge, or that the identifier is unsure about and that
        has no English word, is undetermined (``code=""``, ``english=True``): scored, not lost.

    Examples:
        >>> detect_language("The minister said on Monday that the talks would resume.").code
        'en'
        >>> german = "Der Minister sagte am Montag, die Gespräche würden fortgesetzt."
        >>> detect_language(german).message
        'not English (looks like: de)'
    """
    sample = text[:SAMPLE_CHARS]
    # Letters of the scripts that may name a language, in order of first appearance (ties go
    # to the script seen first). Latin letters only count towards the total, which is needed
    # only when some other script is present at all.
    letters: Counter[str] = Counter(
        _script_of(c) for c in _LATIN_RUNS_RE.sub("", sample) if c.isalpha()
    )
    if letters:
        n_letters = sum(map(str.isalpha, sample))
        script, count = max(letters.items(), key=lambda pair: pair[1])
        enough = n_letters >= _LETTERS_PER_WORD.get(script, 4) * MIN_WORDS
        if enough and count > MIN_SCRIPT_SHARE * n_letters:
            return _script_language(script, letters, sample)
    words = list(map(str.lower, _WORD_RE.findall(sample)))
    markers = sum(map(_ENGLISH_MARKERS.__contains__, words))
    if markers >= MIN_ENGLISH_MARKERS and markers >= MIN_ENGLISH_SHARE * len(words):
        return _ENGLISH
    if len(words) < MIN_WORDS:
        return _UNDETERMINED
    guess = identify(sample[:IDENTIFY_CHARS])
    if guess.code == "en":
        return Language("en", True, "", guess.english)
    english_words = sum(map(_ENGLISH_WORDS.__contains__, words))
    if len(words) >= MIN_WORDS_UNKNOWN and english_words < MAX_ENGLISH_SHARE_UNKNOWN * len(words):
        if guess.english < MAX_ENGLISH_PROBABILITY:
            return Language(guess.code, False, f"looks like: {guess.code}", guess.probability)
        return Language("", False, "no common English words", guess.english)
    if guess.english < MAX_ENGLISH_PROBABILITY:
        return Language(guess.code, False, f"looks like: {guess.code}", guess.probability)
    if markers:
        return Language("en", True, "", guess.english)
    return Language("", True, "", guess.english)
