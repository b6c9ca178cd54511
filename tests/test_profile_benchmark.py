"""The profile memory benchmark runs end to end (tiny size: its figures are not checked here)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from scorer.pipeline.scoring import article_columns

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "profile_memory.py"


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scorer_profile_memory", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scorer_profile_memory"] = module
    spec.loader.exec_module(module)
    return module


def test_synthetic_report_is_a_report(tmp_path: Path) -> None:
    bench = _module()
    path = tmp_path / "r.csv"
    bench.write_report(path, 3000, "csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == article_columns(["outlet", "url"])
    assert len(rows) == 3000
    ok = [r for r in rows if r["status"] == "ok"]
    assert 0 < len(rows) - len(ok) < 100  # about one in a hundred is an error row
    for row in ok[:200]:
        n = int(row["n_sentences"])
        kinds = [round(float(row[f"attr_{k}_share"]) * n) for k in bench.KINDS]
        assert sum(kinds) == int(row["attr_count"]) <= n


def test_benchmark_prints_its_measurement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _module().main(["--rows", "2000", "--workdir", str(tmp_path), "--by", "domain"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "### Profile memory: 2,000-row article report (csv)" in out
    assert "peak RSS under the limit" in out
    with (tmp_path / "outlets.csv").open(encoding="utf-8") as handle:
        header, *groups = handle.readlines()
    assert header.startswith("domain,n_articles,")
    # Each outlet has a site of its own: the domains are as many as the outlets drawn.
    assert len(groups) > 100
