"""score_files and annotate_files: what the score and annotate commands do, called from Python."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import scorer
import scorer.writing.files
from scorer.cli import cli
from scorer.errors import InputError
from scorer.reading.inputs import Item
from scorer.writing.files import (
    ScoreFilesResult,
    ScoringInterrupted,
    annotate_files,
    guess_format,
    score_files,
)

from .conftest import BLOG_SEED, REUTERS_SEED, SEEDS


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_package_exports_them() -> None:
    assert scorer.score_files is score_files
    assert scorer.annotate_files is annotate_files
    assert {"score_files", "annotate_files"} <= set(scorer.__all__)


def test_score_files_writes_what_the_command_writes(tmp_path: Path) -> None:
    result = score_files(
        [SEEDS], tmp_path / "lib.csv", sentences=tmp_path / "lib_sentences.csv", jobs=1
    )
    assert result == ScoreFilesResult(
        report=str(tmp_path / "lib.csv"),
        sentences=str(tmp_path / "lib_sentences.csv"),
        items=2,
        failed=0,
        resumed=0,
        first_rows=result.first_rows,
    )
    assert [row["id"] for row in result.first_rows] == [BLOG_SEED.stem, REUTERS_SEED.stem]
    command = CliRunner().invoke(
        cli,
        [
            *("score", str(SEEDS), "-o", str(tmp_path / "cli.csv")),
            *("--sentences", str(tmp_path / "cli_sentences.csv"), "-j", "1", "-q"),
        ],
        catch_exceptions=False,
    )
    assert command.exit_code == 0, command.output
    for name in ("", "_sentences"):
        lib = (tmp_path / f"lib{name}.csv").read_bytes()
        assert lib == (tmp_path / f"cli{name}.csv").read_bytes()
    assert len(_rows(tmp_path / "lib_sentences.csv")) > 20


def test_score_files_in_jsonl_by_sentence(tmp_path: Path) -> None:
    sentences = tmp_path / "s.txt"
    sentences.write_text("Officials said it may rain.", encoding="utf-8")
    result = score_files([sentences], tmp_path / "r.jsonl", unit="sentence")
    assert guess_format(str(tmp_path / "r.jsonl")) == "jsonl"
    (row,) = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert (result.items, row["sentence"], row["attribution"]) == (1, 1, "anonymous")


def test_score_files_notifies_each_failed_item(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Sources said the talks failed.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    notes: list[str] = []
    result = score_files([tmp_path], tmp_path / "out" / "r.csv", notify=notes.append)
    assert (result.items, result.failed) == (2, 1)
    assert notes == ["b: empty file"]
    assert [row["status"] for row in _rows(tmp_path / "out" / "r.csv")] == ["ok", "error"]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (["missing.txt"], {}, "no such file or directory: missing.txt"),
        ([str(REUTERS_SEED)], {"report": str(REUTERS_SEED), "fmt": "csv"}, "would overwrite"),
        ([str(REUTERS_SEED)], {"scheduler": "tcp://x:1"}, "--scheduler needs --engine dask"),
        ([str(REUTERS_SEED)], {"report": "r.parquet"}, "reports are CSV or JSONL"),
        ([str(REUTERS_SEED)], {"resume": True}, "--resume needs a report file"),
    ],
)
def test_score_files_refuses_bad_options_before_scoring(
    tmp_path: Path, args: list[str], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        score_files(args, **kwargs)  # type: ignore[arg-type]


def test_score_files_resumes_after_the_rows_already_written(tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    score_files([SEEDS], report)
    written = report.read_bytes()
    notes: list[str] = []
    result = score_files([SEEDS], report, resume=True, notify=notes.append)
    assert (result.items, result.resumed, result.first_rows) == (2, 2, [])
    assert notes == [f"resuming after 2 items ({report})"]
    assert report.read_bytes() == written
    with pytest.raises(InputError, match="cannot resume: row 1 of"):
        score_files([REUTERS_SEED], report, resume=True)


def test_an_interrupted_run_keeps_its_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    # More items than a batch (64): the rows of the first batch are written before the stop.
    for n in range(70):
        (docs / f"{n:02}.txt").write_text(f"Officials said plan {n} may fail.", encoding="utf-8")
    real = scorer.writing.files.iter_items

    def stopped_after_66(*args: object, **kwargs: object) -> Iterator[Item]:
        for n, item in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if n == 66:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(scorer.writing.files, "iter_items", stopped_after_66)
    report = tmp_path / "r.csv"
    with pytest.raises(ScoringInterrupted) as stopped:
        score_files([docs], report)
    assert isinstance(stopped.value, KeyboardInterrupt)
    assert (stopped.value.partial, stopped.value.rows) == (tmp_path / "r.csv.partial", 64)
    assert not report.exists()
    monkeypatch.setattr(scorer.writing.files, "iter_items", real)
    result = score_files([docs], report, resume=True)
    assert (result.items, result.resumed) == (70, 64)
    assert [row["id"] for row in _rows(report)] == [f"{n:02}" for n in range(70)]


def test_annotate_files_writes_a_page_per_article(tmp_path: Path) -> None:
    result = annotate_files([SEEDS], tmp_path / "pages")
    assert len(result.pages) == 2 and result.failed == []
    assert result.index == tmp_path / "pages" / "index.html"
    assert 'class="m ' in result.pages[0].read_text(encoding="utf-8")
    with pytest.raises(InputError, match="no such file or directory: nowhere"):
        annotate_files(["nowhere"], tmp_path / "p.html")
