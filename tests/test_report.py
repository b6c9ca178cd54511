"""Report writing: column order, value formatting, atomic replace, abort."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scorer.writing.report import ReportWriter


def test_csv_fixed_columns_and_values(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    with ReportWriter(path, ["id", "score", "flag", "missing"]) as report:
        report.write({"id": "a", "score": 0.5, "flag": True, "extra": "dropped"})
        report.write({"id": "b,c", "score": float("nan"), "flag": False})
    assert path.read_text() == 'id,score,flag,missing\na,0.5,true,\n"b,c",,false,\n'
    assert report.rows == 2


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    with ReportWriter(path, ["id", "score"], "jsonl") as report:
        report.write({"id": "é", "score": float("inf")})
    assert [json.loads(line) for line in path.read_text().splitlines()] == [
        {"id": "é", "score": None}
    ]


def test_nothing_at_target_until_closed(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    report = ReportWriter(path, ["id"])
    report.write({"id": "x"})
    assert not path.exists()
    report.close()
    assert path.read_text() == "id\nx\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_error_inside_context_keeps_old_report(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("old\n")
    with pytest.raises(RuntimeError), ReportWriter(path, ["id"]) as report:
        report.write({"id": "x"})
        raise RuntimeError("interrupted")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_a_pipe_is_written_to_directly_not_replaced(tmp_path: Path) -> None:
    # "-o /dev/null", "-o /dev/stderr" or a FIFO: renaming a finished temporary file over it
    # would replace the device or pipe with a plain file.
    import stat
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    with ReportWriter(fifo, ["id"], "csv") as report:
        report.write({"id": "a"})
    reader.join(timeout=10)
    assert received == ["id\na\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


# --- crash safety ------------------------------------------------------------------------


def test_each_row_is_in_the_partial_file_as_soon_as_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    report = ReportWriter(path, ["id", "n"])
    assert not path.exists()
    report.write({"id": "a", "n": 1})
    # Another process (or one reading after a kill -9) sees the row without a flush or close.
    assert (tmp_path / "r.csv.partial").read_bytes() == b"id,n\na,1\n"
    report.write({"id": "b", "n": 2})
    assert (tmp_path / "r.csv.partial").read_bytes() == b"id,n\na,1\nb,2\n"
    report.close()
    assert path.read_bytes() == b"id,n\na,1\nb,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_two_runs_cannot_write_one_report(tmp_path: Path) -> None:
    from scorer.writing.report import ReportBusyError

    path = tmp_path / "r.csv"
    with ReportWriter(path, ["id"]) as first:
        first.write({"id": "a"})
        with pytest.raises(ReportBusyError) as info:
            ReportWriter(path, ["id"])
        assert info.value.strerror == "another scorer run is writing r.csv.partial"
    assert path.read_text() == "id\na\n"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_resume_cuts_a_torn_last_row_and_writes_on(tmp_path: Path, fmt: str) -> None:
    from scorer.writing.report import read_rows, rows_end

    path = tmp_path / f"r.{fmt}"
    with ReportWriter(path, ["id", "text"], fmt) as report:  # type: ignore[arg-type]
        for i in range(3):
            report.write({"id": str(i), "text": f"line one\nline {i}"})
    whole = path.read_bytes()
    partial = tmp_path / f"r.{fmt}.partial"
    partial.write_bytes(whole[:-7])  # the third row cut off mid-write
    assert [r["id"] for r in read_rows(partial, ["id", "text"], fmt)] == ["0", "1"]  # type: ignore[arg-type]
    end = rows_end(partial, ["id", "text"], fmt, 2)  # type: ignore[arg-type]
    assert whole[:end].count(b"line 1") == 1 and b"line 2" not in whole[:end]
    with ReportWriter(path, ["id", "text"], fmt, resume_from=partial, keep=2) as report:  # type: ignore[arg-type]
        assert report.rows == 2
        report.write({"id": "2", "text": "line one\nline 2"})
    assert path.read_bytes() == whole
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_resume_from_a_finished_report_copies_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id\na\nb\nc\n")
    with ReportWriter(path, ["id"], resume_from=path, keep=2) as report:
        assert (tmp_path / "r.csv.partial").read_text() == "id\na\nb\n"
        report.write({"id": "z"})
    assert path.read_text() == "id\na\nb\nz\n"


def test_an_error_after_resuming_keeps_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    partial = tmp_path / "r.csv.partial"
    partial.write_text("id\na\nb\n")
    with (
        pytest.raises(RuntimeError),
        ReportWriter(path, ["id"], resume_from=partial, keep=1) as report,
    ):
        report.write({"id": "c"})
        raise RuntimeError("a table further on has no text column")
    assert partial.read_text() == "id\na\nc\n" and not path.exists()
