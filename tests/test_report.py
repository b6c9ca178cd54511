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
