"""Tests for scorer.reading.inputs: every reader, every decoding rule, every error message."""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pytest

from scorer.errors import InputError, ItemError
from scorer.reading.inputs import Item, decode_bytes, html_to_text, iter_items, read_text_file

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><title>Page title</title>
<script>var tracking = "SCRIPT-TEXT";</script>
<style>body { color: red; }</style></head>
<body>
<nav><a href="/">Home</a> <a href="/world">NAV-MENU world news</a></nav>
<article>
<h1>Rebels enter the capital</h1>
<p>Rebel forces entered the capital on Sunday, witnesses told reporters, after a rapid
advance that took the government by surprise.</p>
<p>The president's whereabouts were not immediately known. Officials declined to comment
on the reports when contacted by phone.</p>
<p>"We have been waiting for this day for thirteen years," said one resident, who asked not
to be named for fear of reprisals.</p>
</article>
<script>console.log("SCRIPT-TWO");</script>
</body></html>
"""


PDF_ERROR = (
    "not text: looks like a PDF document; convert it to text first, e.g. pdftotext FILE.pdf "
    "FILE.txt"
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def items(*inputs: Path | str, **options: object) -> list[Item]:
    return list(iter_items([str(i) for i in inputs], **options))  # type: ignore[arg-type]


# --- decoding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café in Zürich.\n".encode(), "Café in Zürich.\n"),
        (codecs.BOM_UTF8 + "Café.".encode(), "Café."),
        (
            "Smart “quotes” – café\r\nline two\r\n".encode("cp1252"),
            "Smart “quotes” – café\nline two\n",
        ),
        (codecs.BOM_UTF16_LE + "Ünïcode\r\ntext".encode("utf-16-le"), "Ünïcode\ntext"),
        (codecs.BOM_UTF16_BE + "Ünïcode text".encode("utf-16-be"), "Ünïcode text"),
        (b"old mac\rline", "old mac\nline"),
    ],
)
def test_decoding(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \r\n\t \n", "empty text"),
        (codecs.BOM_UTF8 + b"  \n", "empty text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", PDF_ERROR),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text: looks like a PNG image"),
        (b"GIF89a\x01\x00", "not text: looks like a GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "not text: looks like a JPEG image"),
        (gzip.compress(b"hello"), "not text: looks like a gzip archive"),
        (
            b"PK\x03\x04\x14\x00",
            "not text: looks like a zip archive (or an Office document: convert it to text "
            "first, e.g. pandoc FILE -t plain -o FILE.txt)",
        ),
        (b"plain start then \x00\x01\x02 binary", "not text: contains NUL bytes (binary data)"),
        (
            b"\x81\x8d\x8f\x90\x9d" * 10,
            "cannot decode: not UTF-8, and no other encoding gives readable text",
        ),
    ],
)
def test_decoding_errors(data: bytes, message: str) -> None:
    with pytest.raises(ItemError) as info:
        decode_bytes(data)
    assert str(info.value) == message


def test_read_text_file_cp1252_crlf(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "“Quoted,” he said.\r\nNext line.".encode("cp1252"))
    assert read_text_file(path) == "“Quoted,” he said.\nNext line."


def test_read_text_file_missing_is_item_error(tmp_path: Path) -> None:
    with pytest.raises(ItemError, match="cannot read"):
        read_text_file(tmp_path / "nope.txt")


# --- files and directories ------------------------------------------------------------


def test_text_files_and_ids(tmp_path: Path) -> None:
    a = write(tmp_path / "first.txt", "Alpha text.")
    b = write(tmp_path / "notes.md", "# Heading\n\nBeta text.")
    c = write(tmp_path / "README", "No extension.")
    d = write(tmp_path / "data.log", "Unknown extension read as text.")
    got = items(a, b, c, d)
    assert got == [
        Item("first", str(a), "Alpha text."),
        # A Markdown heading's marks are blanked, offsets kept.
        Item("notes", str(b), "  Heading\n\nBeta text."),
        Item("README", str(c), "No extension."),
        Item("data", str(d), "Unknown extension read as text."),
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not text: looks like a PNG image"),
        (b"%PDF-1.4\n", PDF_ERROR),
        (gzip.compress(b"text"), "not text: looks like a gzip archive"),
        (b"", "empty file"),
        (b"   \n\n ", "empty text"),
    ],
)
def test_bad_files_become_error_items(tmp_path: Path, data: bytes, error: str) -> None:
    bad = write(tmp_path / "bad.txt", data)
    good = write(tmp_path / "good.txt", "Fine.")
    assert items(bad, good) == [
        Item("bad", str(bad), None, error),
        Item("good", str(good), "Fine."),
    ]


def test_directory_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "B.")
    write(root / "a.md", "A.")
    write(root / "sub" / "c.html", ARTICLE_HTML)
    write(root / "sub" / "deeper" / "d.htm", ARTICLE_HTML)
    write(root / "a-z.txt", "AZ.")
    write(root / ".hidden.txt", "hidden")
    write(root / ".git" / "x.txt", "hidden dir")
    write(root / "table.csv", "text\nrow\n")
    write(root / "image.png", b"\x89PNG\r\n\x1a\n")
    got = items(root)
    assert [Path(i.source).relative_to(root).as_posix() for i in got] == [
        "a-z.txt",
        "a.md",
        "b.txt",
        "sub/c.html",
        "sub/deeper/d.htm",
    ]
    assert [i.id for i in got] == ["a-z", "a", "b", "c", "d"]
    assert all(i.text for i in got)


def test_duplicate_ids_are_kept(tmp_path: Path) -> None:
    a = write(tmp_path / "x" / "same.txt", "One.")
    b = write(tmp_path / "y" / "same.txt", "Two.")
    assert [(i.id, i.text) for i in items(a, b, a)] == [
        ("same", "One."),
        ("same", "Two."),
        ("same", "One."),
    ]


def test_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "ok.txt", "Fine.")
    with pytest.raises(InputError) as info:
        items("ok.txt", "x.txt")
    assert str(info.value) == "no such file or directory: x.txt"


# --- HTML -----------------------------------------------------------------------------


def test_html_main_text_extracted(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", ARTICLE_HTML)
    [item] = items(page)
    assert item.id == "page" and item.error == ""
    assert item.text is not None
    assert "Rebel forces entered the capital on Sunday" in item.text
    assert "said one resident" in item.text
    for furniture in ("SCRIPT-TEXT", "SCRIPT-TWO", "NAV-MENU", "color: red"):
        assert furniture not in item.text


def test_html_fallback_and_errors() -> None:
    assert html_to_text("<html><body><p>Short.</p></body></html>") == "Short."
    with pytest.raises(ItemError, match="no text found in the HTML"):
        html_to_text("<html><body><script>var x = 1;</script></body></html>")
    with pytest.raises(ItemError, match="no text found in the HTML"):
        html_to_text("")


def test_empty_html_file_is_error_item(tmp_path: Path) -> None:
    page = write(tmp_path / "blank.htm", "<html><body><script>var x;</script></body></html>")
    assert items(page) == [Item("blank", str(page), None, "no text found in the HTML")]


# --- tables ---------------------------------------------------------------------------


def test_csv_rows_embedded_newlines_and_empty_cell(tmp_path: Path) -> None:
    table = write(
        tmp_path / "data.csv",
        'id,text\r\n7,"First line.\r\nSecond line."\r\n8,\r\n,"No id, so FILE:ROW."\r\n',
    )
    assert items(table) == [
        Item("data:1", f"{table}:1", "First line.\nSecond line."),
        Item("data:2", f"{table}:2", None, "empty text"),
        Item("data:3", f"{table}:3", "No id, so FILE:ROW."),
    ]
    assert [i.id for i in items(table, id_column="id")] == ["7", "8", "data:3"]


def test_tsv_and_id_kept_as_string(tmp_path: Path) -> None:
    table = write(tmp_path / "t.tsv", "doc\tbody\n007\tHello there.\n")
    assert items(table, text_column="body", id_column="doc") == [
        Item("007", f"{table}:1", "Hello there."),
    ]


def test_csv_cp1252_is_decoded(tmp_path: Path) -> None:
    table = write(tmp_path / "w.csv", "text\n“Smart” café\n".encode("cp1252"))
    assert [i.text for i in items(table)] == ["“Smart” café"]


def test_csv_many_rows_in_chunks(tmp_path: Path) -> None:
    rows = "".join(f"{n},Sentence number {n}.\n" for n in range(5_000))
    table = write(tmp_path / "big.csv", "id,text\n" + rows)
    got = items(table, id_column="id")
    assert len(got) == 5_000
    assert got[-1] == Item("4999", f"{table}:5000", "Sentence number 4999.")


def test_missing_column_message_exact(tmp_path: Path) -> None:
    table = write(tmp_path / "data.csv", "id,text\n1,Hello.\n")
    with pytest.raises(InputError) as info:
        items(table, text_column="body")
    assert str(info.value) == "no column 'body' in data.csv; columns are: id, text"
    with pytest.raises(InputError) as info:
        items(table, id_column="key")
    assert str(info.value) == "no column 'key' in data.csv; columns are: id, text"


def test_missing_column_raises_before_any_row_of_that_table(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", "Fine.")
    table = write(tmp_path / "data.csv", "id,text\n1,Hello.\n")
    stream = iter_items([good, table], text_column="body")
    assert next(stream).id == "a"
    with pytest.raises(InputError):
        next(stream)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00", "not text: looks like a PNG image"),
    ],
)
def test_unparsable_table_is_one_error_item(tmp_path: Path, data: bytes, error: str) -> None:
    table = write(tmp_path / "broken.csv", data)
    assert items(table) == [Item("broken", str(table), None, error)]


def test_csv_unclosed_quote_is_one_error_row(tmp_path: Path) -> None:
    table = write(tmp_path / "ragged.csv", 'text\n"never closed\n')
    assert items(table) == [
        Item(
            "ragged:1",
            f"{table}:1",
            None,
            "cannot parse row 1 (line 2): a quoted cell is never closed before the end of the file",
        )
    ]


def test_csv_bad_rows_do_not_lose_the_rows_after_them(tmp_path: Path) -> None:
    table = write(
        tmp_path / "t.csv",
        'id,text\nr1,"Fine."\nr2,"Too",many,cells\nr3,"Bad"quote\n\nr4\nr5,"Also fine."\n',
    )
    assert items(table, id_column="id") == [
        Item("r1", f"{table}:1", "Fine."),
        Item("t:2", f"{table}:2", None, "row 2 (line 3) has 4 cells, the header has 2"),
        Item("t:3", f"{table}:3", None, "cannot parse row 3 (line 4): ',' expected after '\"'"),
        Item("r4", f"{table}:4", None, "empty text"),
        Item("r5", f"{table}:5", "Also fine."),
    ]


def test_jsonl_malformed_line_and_non_string(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": "First."}),
        "",
        json.dumps({"id": "a2", "text": 5}),
        json.dumps({"id": None, "text": None}),
        json.dumps({"id": 9, "text": "  "}),
        json.dumps(["not", "an", "object"]),
        '{"id": "a7", "text": "unterminated',
        json.dumps({"id": "a8", "text": "Last.\r\nLine."}),
    ]
    table = write(tmp_path / "rows.jsonl", "\n".join(lines) + "\n")
    got = items(table, id_column="id")
    assert [(i.id, i.source.rsplit(":", 1)[1], i.text, i.error) for i in got] == [
        ("a1", "1", "First.", ""),
        ("a2", "3", None, "text is not a string (int)"),
        ("rows:4", "4", None, "empty text"),
        ("9", "5", None, "empty text"),
        ("rows:6", "6", None, "line 6 is not a JSON object (list)"),
        (
            "rows:7",
            "7",
            None,
            "malformed JSON on line 7: Unterminated string starting at column 22",
        ),
        ("a8", "8", "Last.\nLine.", ""),
    ]


def test_jsonl_missing_column_message(tmp_path: Path) -> None:
    table = write(tmp_path / "rows.jsonl", '{bad\n{"id": 1, "body": "x"}\n')
    with pytest.raises(InputError) as info:
        items(table)
    assert str(info.value) == "no column 'text' in rows.jsonl; columns are: id, body"


def test_jsonl_field_missing_on_a_later_line(tmp_path: Path) -> None:
    table = write(tmp_path / "rows.jsonl", '{"text": "A."}\n{"body": "B."}\n')
    assert [i.error for i in items(table)] == ["", "no 'text' field on this line"]


def test_parquet(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    table = tmp_path / "t.parquet"
    pd.DataFrame({"key": ["k1", None], "text": ["Hello.", None]}).to_parquet(table)
    assert items(table, id_column="key") == [
        Item("k1", f"{table}:1", "Hello."),
        Item("t:2", f"{table}:2", None, "empty text"),
    ]
    with pytest.raises(InputError) as info:
        items(table, text_column="body")
    assert str(info.value) == "no column 'body' in t.parquet; columns are: key, text"


def test_parquet_without_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    table = write(tmp_path / "t.parquet", b"PAR1")
    [item] = items(table)
    assert item.text is None and "pyarrow is not installed" in item.error


# --- stdin ----------------------------------------------------------------------------


def test_stdin_text_and_bytes() -> None:
    assert items("-", stdin=io.StringIO("From a pipe.\r\nTwo.")) == [
        Item("stdin", "<stdin>", "From a pipe.\nTwo."),
    ]
    raw = io.BytesIO("“cp1252” text".encode("cp1252"))
    assert items("-", stdin=raw) == [Item("stdin", "<stdin>", "“cp1252” text")]


def test_stdin_uses_buffer_and_reports_errors() -> None:
    wrapper = io.TextIOWrapper(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00"), encoding="utf-8")
    assert items("-", stdin=wrapper) == [
        Item("stdin", "<stdin>", None, "not text: looks like a PNG image"),
    ]
    assert items("-", stdin=io.StringIO("  \n")) == [Item("stdin", "<stdin>", None, "empty text")]


def test_items_are_lazy_and_in_input_order(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "A.")
    table = write(tmp_path / "t.csv", "text\nRow one.\nRow two.\n")
    stream = iter_items([table, "-", a], stdin=io.StringIO("Piped."))
    assert next(stream).text == "Row one."
    assert [i.text for i in stream] == ["Row two.", "Piped.", "A."]


# --- folders, JSONL columns, pages saved under other names -----------------------------------


def test_a_folder_without_documents_is_an_error_item(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / "data.csv", "text\nnot a document of the folder\n")
    assert items(empty) == [
        Item("empty", str(empty), None, "no documents (.htm, .html, .md, .txt) in this folder")
    ]


def test_a_folder_that_cannot_be_listed_is_an_error_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    locked = tmp_path / "top" / "locked"
    locked.mkdir(parents=True)
    first = write(tmp_path / "top" / "a.txt", "Alpha text.")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    assert items(tmp_path / "top") == [
        Item("a", str(first), "Alpha text."),
        Item("locked", str(locked), None, "cannot read folder: Permission denied"),
    ]


def test_jsonl_columns_come_from_the_first_object_with_the_text_field(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.jsonl",
        '{"id": "x", "title": "no body"}\n{"id": "y", "text": "Body text."}\n',
    )
    assert items(path, id_column="id") == [
        Item("x", f"{path}:1", None, "no 'text' field on this line"),
        Item("y", f"{path}:2", "Body text."),
    ]
    wrong = write(tmp_path / "w.jsonl", '{"id": "x", "txt": "a"}\n{"id": "y", "txt": "b"}\n')
    with pytest.raises(InputError) as info:
        items(wrong)
    assert str(info.value) == "no column 'text' in w.jsonl; columns are: id, txt"


def test_a_saved_web_page_is_read_as_html_whatever_its_name(tmp_path: Path) -> None:
    page = write(
        tmp_path / "page.txt",
        "<!DOCTYPE html>\n<html><head><title>T</title><script>var x = 1;</script></head>"
        "<body><article><p>Officials said the plan may fail.</p></article></body></html>",
    )
    (item,) = items(page)
    assert item.text is not None and "Officials said the plan may fail." in item.text
    assert "<" not in item.text and "var x" not in item.text
    # Prose that mentions a tag is not a page.
    prose = write(tmp_path / "prose.txt", "The <html> tag opens a page.")
    assert items(prose) == [Item("prose", str(prose), "The <html> tag opens a page.")]


def test_a_tsv_cell_opening_with_a_quote_mark_loses_no_row(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.tsv",
        'id\ttext\n1\t"Officials said so.\n2\tHe said "fine".\n3\t"A quoted cell"\n',
    )
    assert items(path, id_column="id") == [
        Item("1", f"{path}:1", '"Officials said so.'),
        Item("2", f"{path}:2", 'He said "fine".'),
        Item("3", f"{path}:3", "A quoted cell"),
    ]
