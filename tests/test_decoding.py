"""Files in the encodings people actually have: each is decoded to the right text, the
encoding used is named, and bytes that are not text are refused with a plain reason."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from scorer.errors import ItemError
from scorer.reading.decoding import REPLACED, decode
from scorer.reading.inputs import iter_items

ENGLISH = (
    "The council approved the budget on Tuesday, officials said. According to the clerk, the "
    "vote was seven to two, and critics claimed the plan may raise taxes.\n"
)
RUSSIAN = (
    "Мэр города заявил во вторник, что новый мост откроется в следующем году. По словам "
    "чиновников, строительство обойдётся в два миллиарда рублей.\n"
)
JAPANESE = (
    "大臣は月曜日に、休暇の後で交渉が再開されると述べました。両国の代表は首都で会う予定です。\n"
)
CHINESE = "市长星期二表示，今年不会提高税收。据议员说，该计划可能在选举后改变，市政府发言人说。\n"
GREEK = (
    "Ο δήμαρχος δήλωσε την Τρίτη ότι η πόλη δεν θα αυξήσει τους φόρους φέτος, σύμφωνα με "
    "τους συμβούλους.\n"
)
WESTERN = (
    "“We will not raise taxes,” the mayor said. Le maire a déclaré que la ville "
    "n’augmenterait pas les impôts.\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # No byte-order mark: UTF-16 puts a NUL beside every ASCII character.
        (ENGLISH, "utf-16-le"),
        (ENGLISH, "utf-16-be"),
        (RUSSIAN, "utf-16-le"),
        # Legacy code pages, found by charset-normalizer.
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (JAPANESE, "cp932"),
        (JAPANESE, "euc-jp"),
        (CHINESE, "gb18030"),
        (GREEK, "cp1253"),
        # Western text with curly quotes and accents: cp1252, however short.
        (WESTERN, "cp1252"),
        ("“cp1252” text", "cp1252"),
        ("It’s done.", "cp1252"),
        ("UTF-8 “as usual”, café.\n", "utf-8"),
    ],
)
def test_text_and_encoding_are_found(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    # Python's canonical spelling: euc-jp is read by its superset, EUC-JIS-2004.
    assert decoded.encoding == {"euc-jp": "euc-jis-2004"}.get(encoding, encoding)


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_a_byte_order_mark_names_the_encoding(bom: bytes, codec: str, name: str) -> None:
    assert decode(bom + RUSSIAN.encode(codec)) == decode(bom + RUSSIAN.encode(codec))
    decoded = decode(bom + RUSSIAN.encode(codec))
    assert (decoded.text, decoded.encoding) == (RUSSIAN, name)


def test_utf8_with_a_stray_cp1252_byte_is_read_as_utf8_with_it_replaced() -> None:
    data = ("“Café” owners said the plan was late. " * 3).encode() + b"It\x92s over.\n"
    decoded = decode(data)
    assert decoded.encoding == REPLACED == "utf-8 (bad bytes replaced)"
    assert decoded.text == "“Café” owners said the plan was late. " * 3 + "It\ufffds over.\n"


def test_ascii_with_a_stray_cp1252_byte_is_cp1252() -> None:
    # No well-formed UTF-8 sequence at all: the byte is cp1252's apostrophe, not a bad byte.
    decoded = decode(b"The mayor\x92s office said so.")
    assert (decoded.text, decoded.encoding) == ("The mayor’s office said so.", "cp1252")


def test_a_page_that_declares_its_encoding() -> None:
    page = b'<html><head><meta charset="windows-1251"></head><body><p>' + RUSSIAN.encode("cp1251")
    assert decode(page + b"</p></body></html>").encoding == "cp1251"


def test_an_undefined_byte_in_western_text_still_decodes_the_rest() -> None:
    # 0x81 is defined in neither UTF-8 nor cp1252; one byte does not make the file binary.
    decoded = decode(b"one\x81 odd byte" + b" in a long enough text" * 5)
    assert decoded.text.startswith("one") and decoded.text.endswith(" in a long enough text")
    assert len(decoded.text) == 13 + 22 * 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"The minister said\x00\x00\x00 the talks.", "not text: contains NUL bytes (binary data)"),
        (
            bytes(range(0x80, 0x100)) * 16,
            "cannot decode: not UTF-8, and no other encoding gives readable text",
        ),
        (
            b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} the mayor said}",
            "not text: looks like an RTF document; convert it to text first, e.g. pandoc FILE "
            "-t plain -o FILE.txt",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
            "not text: looks like an old Office document; convert it to text first, e.g. "
            "soffice --headless --convert-to txt FILE",
        ),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "cannot decode as UTF-16 despite its BOM"),
    ],
)
def test_what_is_not_text_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ItemError) as info:
        decode(data)
    assert str(info.value) == message


def test_items_carry_their_encoding(tmp_path: Path) -> None:
    files = {
        "utf16.txt": ENGLISH.encode("utf-16-le"),
        "russian.txt": RUSSIAN.encode("cp1251"),
        "plain.txt": ENGLISH.encode(),
        "page.html": b'<html><head><meta charset="koi8-r"></head><body><article><p>'
        + RUSSIAN.encode("koi8-r")
        + b"</p></article></body></html>",
        "broken.txt": b"",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    table = tmp_path / "rows.csv"
    table.write_bytes(('id,text\n1,"' + RUSSIAN.strip() + '"\n2,\n').encode("cp1251"))
    got = {(i.id, i.text is not None, i.encoding) for i in iter_items([tmp_path, table])}
    assert got == {
        ("broken", False, ""),
        ("page", True, "koi8-r"),
        ("plain", True, "utf-8"),
        ("russian", True, "cp1251"),
        ("utf16", True, "utf-16-le"),
        ("rows:1", True, "cp1251"),
        ("rows:2", False, ""),  # an empty cell has no text to have an encoding
    }
    texts = {i.id: i.text for i in iter_items([tmp_path, table])}
    assert texts["russian"] == texts["rows:1"] + "\n" == RUSSIAN
    assert texts["utf16"] == ENGLISH


def test_a_table_with_a_bad_byte_after_its_first_megabyte(tmp_path: Path) -> None:
    # The encoding is picked from the first MB and checked on the rest: a bad byte further on
    # is replaced (and said so), not a reason to read the whole table as another encoding.
    row = "Officials said the “plan” may change.\n"
    table = tmp_path / "big.csv"
    table.write_bytes(b"text\n" + (row * 30_000).encode() + b"It\x92s late.\n")
    items = list(iter_items([table]))
    assert len(items) == 30_001
    assert {i.encoding for i in items} == {REPLACED}
    assert items[0].text == row.strip() and items[-1].text == "It\ufffds late."


def test_documents_that_are_not_text_are_refused_with_a_way_to_convert_them(
    tmp_path: Path,
) -> None:
    files = {
        "letter.rtf": b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} the mayor said so.}",
        "report.docx": b"PK\x03\x04\x14\x00\x06\x00" + bytes(40),
        "paper.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    errors = {i.id: i.error for i in iter_items([tmp_path / name for name in files])}
    assert errors == {
        "letter": "not text: looks like an RTF document; convert it to text first, e.g. "
        "pandoc FILE -t plain -o FILE.txt",
        "report": "not text: looks like a zip archive (or an Office document: convert it to "
        "text first, e.g. pandoc FILE -t plain -o FILE.txt)",
        "paper": "not text: looks like a PDF document; convert it to text first, e.g. "
        "pdftotext FILE.pdf FILE.txt",
    }


def test_mojibake_never_reaches_the_scorer_as_english(tmp_path: Path) -> None:
    from scorer.pipeline.scoring import score_items

    (tmp_path / "russian.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (tmp_path / "english.txt").write_bytes(ENGLISH.encode("utf-16-le"))
    rows = {s.article["id"]: s.article for s in score_items(iter_items([tmp_path]), jobs=1)}
    russian, english = rows["russian"], rows["english"]
    # Read as cp1252 (before), the Russian text was "Ìýð ãîðîäà ..." and scored as English.
    assert (russian["status"], russian["encoding"], russian["language"]) == (
        "error",
        "cp1251",
        "ru",
    )
    assert russian["error"] == "not English (looks like: ru, Cyrillic script)"
    # UTF-16 without a byte-order mark was refused as binary (NUL bytes) before.
    assert (english["status"], english["encoding"], english["language"]) == (
        "ok",
        "utf-16-le",
        "en",
    )
