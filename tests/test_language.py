"""The language check at the edges of its script step: which letters count as Latin, which
script names the language, and when a few foreign letters leave English text English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorer.reading.language import Language, detect_language

ENGLISH = (
    "The minister said on Monday that the talks would resume after the holiday, and that "
    "both sides had agreed to meet again in the capital before the end of the month."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Curly quotes, dashes, an emoji and a short right-to-left name: still English.
        (f"“{ENGLISH}” — 🏆 يوسف حداد", Language("en", True)),
        # Vietnamese letters (Latin Extended Additional) count as Latin, so the function
        # words decide.
        (
            "Bộ trưởng cho biết các cuộc đàm phán của hai bên đã được nối lại và những người "
            "đứng đầu cũng đến thủ đô để gặp nhau một lần nữa trong tháng này với nhiều hy vọng",
            Language("vi", False, "looks like: vi"),
        ),
        (
            "Министр заявил в понедельник, что переговоры возобновятся после праздников.",
            Language("ru", False, "looks like: ru, Cyrillic script"),
        ),
        (
            "Міністр заявив у понеділок, що переговори відновляться після свят і їхні учасники.",
            Language("uk", False, "looks like: uk, Cyrillic script"),
        ),
        (
            "大臣は月曜日に、休暇の後で交渉が再開されると述べました。両国の代表は首都で会う予定です。"
            "代表団は来週にも新しい提案を示すとみられています。",
            Language("ja", False, "looks like: ja"),
        ),
        (
            "部长星期一表示，谈判将在假期结束后恢复，双方同意在本月底之前在首都再次会面。"
            "代表团预计下周提出新的建议。",
            Language("zh", False, "looks like: zh"),
        ),
        # Greek with a Latin acronym and a number: the Greek letters are the majority.
        (
            "Ο υπουργός είπε τη Δευτέρα ότι οι συνομιλίες με την ΕΕ και το NATO "
            "θα συνεχιστούν 2024.",
            Language("el", False, "looks like: el"),
        ),
        # A script without a language of its own in the table: the identifier names it.
        (
            "ሚኒስትሩ ሰኞ እለት እንደተናገሩት ድርድሩ ከበዓሉ በኋላ እንደሚቀጥል ገልጸዋል። ሁለቱም ወገኖች",
            Language("am", False, "looks like: am"),
        ),
        # A Han character is about a word: three make a phrase, which the script decides.
        ("部长星期一表示谈判将恢复", Language("zh", False, "looks like: zh")),
        ("部长说", Language("zh", False, "looks like: zh")),
        # Too few letters for the script to decide (two Han characters; an alphabet counts
        # from 12 letters on), too few words to judge: undetermined.
        ("部长", Language("", True)),
        ("Привет, мир", Language("", True)),
        # Hangul blocks are syllables: two make a word, so 29 of them decide.
        (
            "장관은 월요일에 휴가가 끝난 뒤 협상이 재개된다고 말했습니다 양측은",
            Language("ko", False, "looks like: ko"),
        ),
    ],
)
def test_script_and_words_decide(text: str, expected: Language) -> None:
    assert detect_language(text) == expected


def test_foreign_letters_under_half_leave_english_text_english() -> None:
    # 40 Cyrillic letters against ~170 Latin ones: the script does not decide.
    text = ENGLISH + " Москва Санкт-Петербург Новосибирск Екатеринбург"
    assert detect_language(text) == Language("en", True)


# --- the identifier, on the multilingual samples -----------------------------------------

SAMPLES = Path(__file__).parent / "language_samples.jsonl"


def _samples() -> list[dict[str, str]]:
    return [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("sample", _samples(), ids=lambda s: f"{s['language']}-{s['length']}")
def test_each_sample_is_named_and_only_english_is_scored(sample: dict[str, str]) -> None:
    result = detect_language(sample["text"])
    assert result.code == sample["language"]
    assert result.english is (sample["language"] == "en")
    if not result.english:
        assert result.message.startswith(f"not English (looks like: {sample['language']}")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Short texts the function-word lists left undetermined (and so scored as English).
        ("Valitsus soovib järgmisel aastal makse langetada.", "et"),
        ("Serikali inataka kupunguza kodi mwaka ujao.", "sw"),
        ("Nais ng pamahalaan na babaan ang buwis.", "tl"),
        ("Vyriausybė nori sumažinti mokesčius.", "lt"),
        # Neighbours the lists confused: Norwegian was 'da', Catalan 'es', Slovak and
        # Croatian 'cs'.
        ("Regjeringen vil senke skattene neste år, sier statsråden.", "no"),
        ("Regeringen vil sænke skatterne næste år, siger ministeren.", "da"),
        ("El govern vol abaixar els impostos l'any que ve.", "ca"),
        ("El gobierno quiere bajar los impuestos el año que viene.", "es"),
        ("Vláda chce budúci rok znížiť dane, povedal minister.", "sk"),
        ("Vlada želi sljedeće godine smanjiti poreze, rekao je ministar.", "hr"),
        ("Vláda chce příští rok snížit daně, řekl ministr.", "cs"),
    ],
)
def test_short_texts_in_languages_the_word_lists_missed(text: str, code: str) -> None:
    result = detect_language(text)
    assert (result.code, result.english) == (code, False)
    assert result.confidence is not None and result.confidence > 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The identifier leans to another language, English is not ruled out: an English
        # marker word ('the') settles it ...
        ("Rebels enter the capital", Language("en", True)),
        # ... and without one the language is undetermined: scored, with an empty language.
        ("Clinton won both states.", Language("", True)),
        # Too few words to judge at all.
        ("et see", Language("", True)),
    ],
)
def test_names_headlines_and_fragments(text: str, expected: Language) -> None:
    assert detect_language(text) == expected


def test_plainly_english_text_does_not_need_the_identifier() -> None:
    result = detect_language(ENGLISH * 3)
    assert result == Language("en", True)
    assert result.confidence is None  # decided by the English marker words
    short = detect_language("The plan may fail, officials said.")
    assert short.code == "en" and short.confidence is not None and short.confidence > 0.5
