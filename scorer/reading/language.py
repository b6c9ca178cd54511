"""Is this text English? A small, offline, deterministic language check.

The scorer's cues (hedges, reporting verbs, source phrases) and its models are English: a
German or Arabic article would get confident-looking scores that mean nothing (no English
hedge found reads as "certain"). So every item is checked before it is scored, and items that
are plainly not English are not scored.

How it decides, on a sample of the text (the first :data:`SAMPLE_CHARS` characters):

1. **Script.** If most letters are not Latin, the script names the language (Cyrillic ->
   ``ru`` or ``uk``, Arabic -> ``ar`` or ``fa``, Han -> ``zh``, kana -> ``ja``, ...).
2. **Function words.** Otherwise the words are compared with short lists of the most common
   function words of English and of 16 other Latin-script languages. Function words make up
   roughly a third of the words of any prose, do not depend on the topic, and barely overlap
   between languages, so a few dozen words of text are enough.

The check is deliberately conservative, because scoring an English article is the job and
refusing one is a lost row: text is called non-English only when another language's
function words clearly outnumber the English ones (:data:`DOMINANCE`), or when a long text
has almost no English function words at all. Too little text to judge (fewer than
:data:`MIN_WORDS` words) is left undetermined (``""``) and scored. English articles that quote
a foreign sentence or two, and English text with emoji or right-to-left names, stay English.

Nothing is downloaded and no dependency is added: the word lists below are the profiles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

__all__ = ["MIN_WORDS", "SAMPLE_CHARS", "Language", "detect_language"]

#: Characters examined. Function-word shares settle within a few hundred words; a bounded
#: sample keeps the check at about a millisecond on a 20 MB dump.
SAMPLE_CHARS = 20_000
#: Fewer words than this (or fewer letters than 4x this, for non-Latin scripts) is too little
#: to judge: a headline or a one-line sentence is left undetermined and scored.
MIN_WORDS = 12
#: Another language is named only when its function words outnumber English ones by this
#: factor: a German quote inside an English article must not flag the article.
DOMINANCE = 2.0
#: ... and make up at least this share of the words (real prose: 0.25-0.5).
MIN_SHARE = 0.08
#: A Latin-script text of at least this many words with fewer English function words than
#: :data:`MAX_ENGLISH_SHARE_UNKNOWN` is not English even if its language is not in the lists
#: (Swahili, Tagalog, ...). English prose measures 0.3-0.5 on the English list.
MIN_WORDS_UNKNOWN = 50
MAX_ENGLISH_SHARE_UNKNOWN = 0.03
#: Share of letters that must be non-Latin before the script decides.
MIN_SCRIPT_SHARE = 0.5
#: Letters to a word, by script, for :data:`MIN_WORDS`: a Han or kana character is about a
#: word or a syllable of one (12 Han characters already make a sentence:
#: "部长星期一表示谈判将恢复"), a Hangul block a syllable; alphabets take four letters or more.
_LETTERS_PER_WORD = {"han": 1, "kana": 1, "hangul": 2}

# The most frequent function words of each language, chosen to be distinctive: words that
# are common in several of these languages ("a", "de", "in", "en", "la") are kept only where
# they are most frequent, and English words that are also frequent elsewhere ("a", "in",
# "to") only in the English list. Counts are of word tokens, lower-cased.
_FUNCTION_WORDS: dict[str, str] = {
    "en": "the of and to a in is that for it was on with as he be by at his are this have "
    "from or had not but an they which were been has their said who will would its more "
    "after there about we she her than also when what can could should these those",
    "de": "der die das und ist nicht ein eine einen dem den des mit sich auf für von zu im "
    "auch wird wurde sind war bei nach aus wie noch nur oder aber haben hat werden dass "
    "über vor einer zum zur sie",
    "fr": "le la les et des est un une du que qui dans pour pas sur au avec ce sont il elle "
    "par plus été aux ou mais ses cette leur nous vous être fait comme",
    "es": "el la los las y que del en un una es por con para se no al lo como más pero sus "
    "fue ha este esta son entre cuando también desde sobre muy hay ya",
    "it": "il di che e la per un una non sono del della delle dei gli nel alla con ha anche "
    "come più ma se questo questa dal dalla è stato sua suo loro tra",
    "pt": "o a os as de do da dos das e que em um uma para com não no na por mais se foi ao "
    "pelo pela como mas seu sua também ele ela são está entre",
    "nl": "de het een en van is dat op te zijn niet met voor er maar ook aan als bij door "
    "om nog wordt werd naar dan wel over deze heeft hebben uit",
    "sv": "och att det som en på är av för med till den har inte om ett var men från de så "
    "eller kan vid sig han hon ska också efter när över",
    "da": "og at det som en på er af for med til den har ikke om et var men fra de så eller "
    "kan ved sig han hun skal også efter når over blev været",
    "pl": "i w na z że się nie do to jest jak o co ale po przez od dla tak jego jej przy są "
    "już był była było może oraz tylko ich także",
    "cs": "a v na se že je to s z do o by jako ale i za pro jsou byl byla bylo jeho její "
    "který která které také podle když může už",
    "ro": "și în de la cu a pe că nu se din este o un mai au pentru care sau fost lui "
    "sunt fi după prin acest această dar ca",
    "tr": "ve bir bu da de için ile olarak çok daha gibi olan ama ne kadar sonra her değil "
    "en ya var mı ki göre ancak yani şey",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh "
    "sebagai karena atau bisa mereka kami sudah telah saat para",
    "fi": "ja on ei se että oli ovat hän mutta tai kuin myös mukaan joka jos sen ole kun "
    "niin vain hänen sekä tämä nyt",
    "hu": "a az és hogy nem is egy van de meg volt csak már ez mint még azt kell vagy "
    "pedig lesz után szerint által",
    "vi": "của và là các có được trong những cho không người một này với đã để khi từ "
    "cũng đến theo về như nhiều",
}
_WORD_SETS: dict[str, frozenset[str]] = {
    code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Which languages list each function word, so that counting the hits walks the text's
#: distinct words once instead of looking up every list's words in the text's counts.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(code for code, vocabulary in _WORD_SETS.items() if word in vocabulary)
    for word in set().union(*_WORD_SETS.values())
}

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
        code: ISO 639-1 code of the language the text looks like (``"en"``, ``"de"``,
            ``"zh"``, ...), or ``""`` when there is too little text to tell or the language
            is not one the check knows.
        english: ``False`` only when the text is confidently not English; undetermined text
            counts as English (it is scored).
        reason: For non-English text, why: ``"looks like: de"``, ``"looks like: ru, Cyrillic
            script"`` or ``"no common English words"``; else ``""``.
    """

    code: str
    english: bool
    reason: str = ""

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
        English; short or unrecognisable Latin-script text is undetermined (``code=""``,
        ``english=True``), so it is scored rather than lost.

    Examples:
        >>> detect_language("The minister said on Monday that the talks would resume.").code
        ''
        >>> detect_language("Der Minister sagte am Montag, dass die Gespräche nicht vor "
        ...                 "dem Ende der Woche fortgesetzt werden, weil sich die Parteien "
        ...                 "noch nicht auf einen Termin geeinigt haben.").reason
        'looks like: de'
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
    words = _WORD_RE.findall(sample)
    if len(words) < MIN_WORDS:
        return _UNDETERMINED
    hits = dict.fromkeys(_WORD_SETS, 0)
    counts = Counter(map(str.lower, words))
    # Only the text's function words (the counts are integers: their order does not matter).
    for word in counts.keys() & _LANGUAGES_OF.keys():
        count = counts[word]
        for code in _LANGUAGES_OF[word]:
            hits[code] += count
    english = hits.pop("en")
    # Highest count wins; ties go to the code listed first, so the result is deterministic.
    best = max(hits, key=lambda code: hits[code])
    if hits[best] >= MIN_SHARE * len(words) and hits[best] > DOMINANCE * english:
        return Language(best, False, f"looks like: {best}")
    if english >= MIN_SHARE * len(words):
        return _ENGLISH
    if len(words) >= MIN_WORDS_UNKNOWN and english < MAX_ENGLISH_SHARE_UNKNOWN * len(words):
        return Language("", False, "no common English words")
    return _UNDETERMINED
