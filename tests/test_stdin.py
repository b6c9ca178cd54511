"""Standard input: one text, or a table of them with --input-format csv|tsv|jsonl."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorer.cli import cli
from scorer.reading.inputs import Item, iter_items

ROWS = [
    ("a1", "Officials said the bridge may reopen on Monday, according to the council."),
    ("a2", 'The mayor told reporters: "It will reopen."'),
]
CSV = "id,body\n" + "".join(f'{i},"{t.replace(chr(34), chr(34) * 2)}"\n' for i, t in ROWS)
TSV = "id\tbody\n" + "".join(f"{i}\t{t}\n" for i, t in ROWS)
JSONL = "".join(json.dumps({"id": i, "body": t}) + "\n" for i, t in ROWS)


def _items(data: str | bytes, fmt: str, **options: object) -> list[Item]:
    stream: io.BytesIO | io.StringIO = (
        io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    )
    return list(
        iter_items(["-"], stdin=stream, input_format=fmt, text_column="body", **options)  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("data", "fmt"), [(CSV, "csv"), (TSV, "tsv"), (JSONL, "jsonl")])
def test_a_table_on_stdin_is_one_item_per_row(data: str, fmt: str) -> None:
    for given in (data, data.encode()):
        assert _items(given, fmt) == [
            Item("stdin:1", "<stdin>:1", ROWS[0][1]),
            Item("stdin:2", "<stdin>:2", ROWS[1][1]),
        ]
        assert [i.id for i in _items(given, fmt, id_column="id")] == ["a1", "a2"]


def test_a_table_on_stdin_gets_the_decoding_rules_of_files() -> None:
    russian = "Министр заявил в понедельник, что переговоры возобновятся после праздников."
    data = f'id,body\n1,"{russian}"\n'.encode("cp1251")
    (item,) = _items(data, "csv")
    assert (item.text, item.encoding) == (russian, "cp1251")


def test_a_missing_column_on_stdin_names_stdin() -> None:
    from scorer.errors import InputError

    with pytest.raises(InputError) as info:
        list(iter_items(["-"], stdin=io.StringIO(CSV), input_format="csv", text_column="text"))
    assert str(info.value) == "no column 'text' in <stdin>; columns are: id, body"


def test_a_web_page_piped_in_is_read_as_a_page() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<article><p>Officials said the plan may fail, according to the minutes.</p>"
        "</article></body></html>"
    )
    (item,) = list(iter_items(["-"], stdin=io.BytesIO(page.encode())))
    assert item.text == "Officials said the plan may fail, according to the minutes."
    assert item.encoding == "utf-8"


def test_cli_scores_a_csv_from_stdin() -> None:
    result = CliRunner().invoke(
        cli,
        ["score", "-", "--input-format", "csv", "--text-column", "body", "--id-column", "id"],
        input=CSV,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["source"], r["status"]) for r in rows] == [
        ("a1", "<stdin>:1", "ok"),
        ("a2", "<stdin>:2", "ok"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--text-column", "body"],
            "--text-column picks a column of a table, but standard input is read as one text; "
            "for a table give --input-format csv (or tsv, jsonl)",
        ),
        (
            ["--input-format", "text", "--id-column", "id"],
            "--id-column picks a column of a table, but standard input is read as one text; "
            "for a table give --input-format csv (or tsv, jsonl)",
        ),
    ],
)
def test_cli_table_options_with_plain_text_stdin_are_usage_errors(
    args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["score", "-", *args], input=CSV)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


def test_cli_input_format_needs_stdin(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(CSV, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(table), "--input-format", "csv"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --input-format says what standard input holds; give '-' as an input\n"
    )
