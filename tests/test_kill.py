"""Hard kills: a real ``scorer score`` process killed with SIGKILL (what the out-of-memory
killer and a dead laptop do) loses no row it wrote, leaves no stray file, and ``--resume``
carries on from the last complete row; killing only the main process of a ``--jobs 2`` run
takes its worker processes down with it within seconds."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorer.cli import cli
from scorer.pipeline.scoring import ARTICLE_COLUMNS, PARENT_CHECK_SECONDS
from scorer.reading.inputs import Item
from scorer.writing.report import read_rows

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def _corpus(root: Path, n: int) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for i in range(n):
        hedge = "may" if i % 3 else "will"
        (docs / f"{i:04d}.txt").write_text(
            f"Officials said on day {i} that the plan {hedge} change. Critics claimed it was "
            f"{'late' if i % 2 else 'costly'}, according to sources. " * 3,
            encoding="utf-8",
        )
    return docs


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    # No pipes: orphaned workers would hold them open, and reading them would wait for ever.
    return subprocess.Popen(
        [sys.executable, "-m", "scorer", "score", *args, "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _wait_for_rows(process: subprocess.Popen[str], partial: Path, rows: int) -> None:
    """Wait until ``partial`` holds at least ``rows`` lines after its header."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if partial.exists() and partial.read_bytes().count(b"\n") > rows:
            return
        time.sleep(0.02)
    pytest.fail(f"the run ended or stalled before {rows} rows: {process.poll()}")


def test_sigkill_keeps_the_rows_written_and_resume_scores_only_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 400
    docs = _corpus(tmp_path, n)
    reference = tmp_path / "reference.csv"
    done = CliRunner().invoke(cli, ["score", str(docs), "-o", str(reference), "-j", "1", "-q"])
    assert done.exit_code == 0, done.stderr

    work = tmp_path / "run"
    work.mkdir()
    report, sentences = work / "r.csv", work / "s.csv"
    args = [str(docs), "-o", str(report), "--sentences", str(sentences), "-j", "1"]
    process = _start(args, work)
    partial = work / "r.csv.partial"
    _wait_for_rows(process, partial, 64)  # the first batch has been written
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL

    # The rows written are on disk, in the .partial files, and nothing else was left behind.
    assert sorted(p.name for p in work.iterdir()) == ["r.csv.partial", "s.csv.partial"]
    kept = list(read_rows(partial, ARTICLE_COLUMNS))
    assert 64 <= len(kept) < n
    full = reference.read_text(encoding="utf-8").splitlines(keepends=True)
    assert (
        "".join(full[: len(kept) + 1])
        == partial.read_text(encoding="utf-8")[: len("".join(full[: len(kept) + 1]))]
    )

    # --resume scores only the items after the complete rows (the sentence report may hold
    # fewer of them: then a few more are redone).
    scored: list[str] = []
    import scorer.writing.files

    real = scorer.writing.files.score_items

    def counting(items: Iterator[Item], **options: object) -> Iterator[object]:
        def seen() -> Iterator[Item]:
            for item in items:
                scored.append(item.id)
                yield item

        return real(seen(), **options)  # type: ignore[arg-type]

    monkeypatch.setattr(scorer.writing.files, "score_items", counting)
    resumed = CliRunner().invoke(cli, ["score", *args, "-q", "--resume"], catch_exceptions=False)
    assert resumed.exit_code == 0, resumed.stderr
    assert n - len(kept) <= len(scored) <= n - len(kept) + 1
    assert scored[-1] == f"{n - 1:04d}" and scored[0] in (
        f"{len(kept):04d}",
        f"{len(kept) - 1:04d}",
    )
    assert report.read_text(encoding="utf-8") == "".join(full)
    rows = list(csv.DictReader(io.StringIO(sentences.read_text(encoding="utf-8"))))
    articles = csv.DictReader(io.StringIO("".join(full)))
    assert len(rows) == sum(int(r["n_sentences"]) for r in articles)
    assert sorted(p.name for p in work.iterdir()) == ["r.csv", "s.csv"]


def test_killing_the_main_process_takes_the_workers_down(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    docs = _corpus(tmp_path, 3000)
    process = _start([str(docs), "-o", str(tmp_path / "r.csv"), "-j", "2"], tmp_path)
    main = psutil.Process(process.pid)
    deadline = time.monotonic() + 60
    workers: list[object] = []
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers = [c for c in main.children() if "LokyProcess" in " ".join(c.cmdline())]
        time.sleep(0.05)
    assert len(workers) == 2, "the two workers never started"
    time.sleep(1.0)  # at work (each takes its first batch)
    children = main.children(recursive=True)  # the workers and loky's resource trackers
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    _, alive = psutil.wait_procs(children, timeout=5 * PARENT_CHECK_SECONDS + 5)
    names = [" ".join(child.cmdline()[2:6]) for child in alive]
    for child in alive:  # leave nothing running whatever the outcome
        child.kill()
    assert names == []
