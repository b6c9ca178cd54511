"""Input columns carried into the reports: ``scorer score --keep`` and ``score_frame(keep=)``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import scorer
from scorer.cli import cli
from scorer.errors import InputError
from scorer.pipeline.scoring import (
    ARTICLE_COLUMNS,
    SENTENCE_COLUMNS,
    article_columns,
    check_keep,
    sentence_columns,
)
from scorer.reading.inputs import iter_items
from scorer.writing.report import partial_path

from .conftest import BLOG_SEED

TEXT_A = "Officials said the plan may fail."
TEXT_B = "The council voted 9 to 3 on Tuesday, Mayor Ruth Okafor told reporters."


def run(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "articles.csv"
    path.write_text(
        "id,outlet,text,url\n"
        f'a1,Harbour Daily,"{TEXT_A}",https://www.harbour.example/a1\n'
        "a2,Open Column,,https://open.example/a2\n"
        f'a3,"Wire, The","{TEXT_B}"\n',
        encoding="utf-8",
    )
    return path


def test_kept_columns_sit_after_the_scores_and_after_source() -> None:
    columns = article_columns(["outlet", "url"])
    assert columns[:11] == [
        "id",
        "source",
        "status",
        "error",
        "n_sentences",
        "n_words",
        "certainty",
        "sourcing",
        "reliability",
        "outlet",
        "url",
    ]
    assert columns[11] == "language"
    assert [c for c in columns if c not in ("outlet", "url")] == ARTICLE_COLUMNS
    assert sentence_columns(["outlet"])[:4] == ["id", "source", "outlet", "sentence"]
    assert article_columns() == ARTICLE_COLUMNS
    assert sentence_columns() == SENTENCE_COLUMNS


@pytest.mark.parametrize(
    ("keep", "message"),
    [
        (["language"], "cannot keep the column 'language': the reports have a column of that"),
        (["sentence"], "cannot keep the column 'sentence': the reports have a column of that"),
        (["outlet", "outlet"], "the column 'outlet' is named twice among the columns to keep"),
        ([""], "an empty name among the columns to keep"),
    ],
)
def test_check_keep_refuses_clashes(keep: list[str], message: str) -> None:
    with pytest.raises(InputError, match="^" + message):
        check_keep(keep)


def test_csv_rows_carry_their_kept_cells(table: Path) -> None:
    items = list(iter_items([table], id_column="id", keep=["url", "outlet"]))
    assert [item.kept for item in items] == [
        (("url", "https://www.harbour.example/a1"), ("outlet", "Harbour Daily")),
        (("url", "https://open.example/a2"), ("outlet", "Open Column")),
        # A short row: its missing cells are empty, as spreadsheets write them.
        (("url", ""), ("outlet", "Wire, The")),
    ]
    assert items[1].error == "empty text"


def test_jsonl_values_keep_their_types(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        {"text": TEXT_A, "outlet": "A", "n": 3, "tags": ["x", "y"]},
        {"text": TEXT_B, "n": None, "tags": {"k": 1}},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    items = list(iter_items([path], keep=["outlet", "n", "tags"]))
    assert items[0].kept == (("outlet", "A"), ("n", 3), ("tags", '["x", "y"]'))
    # A line without the key has no value for it.
    assert items[1].kept == (("outlet", None), ("n", None), ("tags", '{"k": 1}'))


def test_parquet_kept_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    frame = pd.DataFrame(
        {"text": [TEXT_A, TEXT_B], "outlet": ["A", None], "day": pd.to_datetime(["2016-03-01"] * 2)}
    )
    frame.to_parquet(path)
    items = list(iter_items([path], keep=["outlet", "day"]))
    assert items[0].kept == (("outlet", "A"), ("day", "2016-03-01 00:00:00"))
    assert items[1].kept[0] == ("outlet", None)


def test_missing_kept_column_names_the_tables_columns(table: Path) -> None:
    with pytest.raises(InputError) as raised:
        list(iter_items([table], keep=["outlet", "date"]))
    assert str(raised.value) == (
        "no column 'date' in articles.csv; columns are: id, outlet, text, url"
    )


def test_keep_needs_tables(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        list(iter_items([BLOG_SEED], keep=["outlet"]))
    assert str(raised.value) == (
        f"cannot keep columns of {BLOG_SEED}: only tables (.csv, .tsv, .jsonl, .parquet) have "
        "columns to keep"
    )


def test_score_frame_keeps_columns_in_every_row() -> None:
    frame = pd.DataFrame(
        {"text": [TEXT_A, None, TEXT_B], "outlet": ["A", "B", "C"], "n": [1, 2, 3]},
        index=[10, 11, 12],
    )
    articles = scorer.score_frame(frame, keep=["outlet", "n"])
    assert list(articles.columns) == article_columns(["outlet", "n"])
    assert articles["outlet"].tolist() == ["A", "B", "C"]
    assert articles["n"].tolist() == [1, 2, 3]
    assert articles["status"].tolist() == ["ok", "error", "ok"]
    sentences = scorer.score_frame(frame, keep=["outlet"], sentences=True)
    assert list(sentences.columns) == sentence_columns(["outlet"])
    # ids keep the dtype of the index they come from (integers here).
    assert sentences.groupby("id")["outlet"].first().to_dict() == {10: "A", 11: "B", 12: "C"}
    # Kept values do not change a score.
    plain = scorer.score_frame(frame)
    assert articles[ARTICLE_COLUMNS].equals(plain)


def test_score_frame_refuses_unknown_and_clashing_columns() -> None:
    frame = pd.DataFrame({"text": [TEXT_A], "outlet": ["A"], "status": ["x"]})
    with pytest.raises(InputError, match=r"^no column 'url'; columns are: text, outlet, status$"):
        scorer.score_frame(frame, keep=["url"])
    with pytest.raises(InputError, match=r"^cannot keep the column 'status'"):
        scorer.score_frame(frame, keep=["status"])


def test_cli_keep_in_both_reports(table: Path, tmp_path: Path) -> None:
    report, sentences = tmp_path / "r.csv", tmp_path / "s.csv"
    result = run(
        [
            "score",
            str(table),
            "--id-column",
            "id",
            "--keep",
            "outlet, url",
            "-o",
            str(report),
            "--sentences",
            str(sentences),
            "-j",
            "1",
        ]
    )
    assert result.exit_code == 1  # the empty row
    rows = read_csv(report.read_text(encoding="utf-8"))
    assert list(rows[0]) == article_columns(["outlet", "url"])
    assert [(r["id"], r["outlet"], r["url"], r["status"]) for r in rows] == [
        ("a1", "Harbour Daily", "https://www.harbour.example/a1", "ok"),
        ("a2", "Open Column", "https://open.example/a2", "error"),
        ("a3", "Wire, The", "", "ok"),
    ]
    sentence_rows = read_csv(sentences.read_text(encoding="utf-8"))
    assert list(sentence_rows[0])[:4] == ["id", "source", "outlet", "url"]
    assert {r["outlet"] for r in sentence_rows} == {"Harbour Daily", "Wire, The"}


def test_cli_keep_jsonl_report(table: Path) -> None:
    result = run(["score", str(table), "--keep", "outlet", "--format", "jsonl", "-j", "1", "-q"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(records[0])[7:11] == ["sourcing", "reliability", "outlet", "language"]
    assert [r["outlet"] for r in records] == ["Harbour Daily", "Open Column", "Wire, The"]


@pytest.mark.parametrize(
    ("keep", "message"),
    [
        ("outlet,date", "Error: no column 'date' in articles.csv; columns are: id, outlet, text, "
         "url\n"),
        ("certainty", "Error: cannot keep the column 'certainty': the reports have a column of "
         "that name; rename it in the input\n"),
    ],
)  # fmt: skip
def test_cli_keep_usage_errors(table: Path, tmp_path: Path, keep: str, message: str) -> None:
    out = tmp_path / "r.csv"
    result = run(["score", str(table), "--keep", keep, "-o", str(out), "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr == message
    assert not out.exists()


def test_cli_keep_resumes_with_the_same_columns(table: Path, tmp_path: Path) -> None:
    report, sentences = tmp_path / "r.csv", tmp_path / "s.csv"
    args = ["score", str(table), "--keep", "outlet", "-o", str(report), "-j", "1", "-q"]
    run([*args, "--sentences", str(sentences)])
    whole = report.read_text(encoding="utf-8")
    whole_sentences = sentences.read_text(encoding="utf-8")
    # An interrupted run kept its first row.
    partial_path(report).write_text("".join(whole.splitlines(True)[:2]), encoding="utf-8")
    partial_path(sentences).write_text(
        "".join(whole_sentences.splitlines(True)[:2]), encoding="utf-8"
    )
    report.unlink()
    sentences.unlink()
    result = run([*args, "--sentences", str(sentences), "--resume"])
    assert result.exit_code == 1
    assert report.read_text(encoding="utf-8") == whole
    assert sentences.read_text(encoding="utf-8") == whole_sentences


@pytest.mark.slow
def test_cli_keep_on_the_dask_engine(table: Path) -> None:
    pytest.importorskip("distributed")
    result = run(
        ["score", str(table), "--keep", "outlet", "--engine", "dask", "-j", "1", "-q", "-o", "-"]
    )
    rows = read_csv(result.stdout)
    assert [r["outlet"] for r in rows] == ["Harbour Daily", "Open Column", "Wire, The"]
