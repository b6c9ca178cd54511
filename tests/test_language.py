"""The language check at the edges of its script step: which letters count as Latin, which
script names the language, and when a few foreign letters leave English text English."""

from __future__ import annotations

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
        # A script the check has no language for.
        (
            "ሚኒስትሩ ሰኞ እለት እንደተናገሩት ድርድሩ ከበዓሉ በኋላ እንደሚቀጥል ገልጸዋል። ሁለቱም ወገኖች",
            Language("", False, "non-Latin script"),
        ),
        # A Han character is about a word: twelve make a sentence, which the script decides.
        ("部长星期一表示谈判将恢复", Language("zh", False, "looks like: zh")),
        # Too few letters for the script to decide (eleven Han characters; an alphabet counts
        # from 48 letters on), too few words to judge: undetermined.
        ("部长星期一表示谈判将恢", Language("", True)),
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
