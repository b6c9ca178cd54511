"""The benchmark script runs end to end (tiny sizes: its figures are not checked here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def _benchmark_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scorer_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scorer_benchmark"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.data
@pytest.mark.slow
def test_long_mode_prints_each_engine_and_the_reference(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _benchmark_module()
    bench.main(
        ["--mode", "long", "--long-sizes", "0.01,0.02", "--data", str(data_dir), "--workdir",
         str(tmp_path)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "### Long text: one item of 0.01 and 0.02 MB" in out
    for run in ("scorer, local", "minimal reference"):
        assert out.count(f"| {run} |") == 2
    assert "local seconds per MB, largest / smallest:" in out
    # The report of the long item has its one row.
    report = (tmp_path / "long_0.02_local.csv").read_text(encoding="utf-8").splitlines()
    assert len(report) == 2 and report[1].startswith("long_0.02,")


def _instructions_module():  # type: ignore[no-untyped-def]
    path = BENCHMARK.parent / "instructions.py"
    spec = importlib.util.spec_from_file_location("scorer_instructions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_instruction_counts_need_two_sizes_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        _instructions_module().main(["--small", "40", "--large", "10"])
    assert stopped.value.code == 2
    assert "--small must be smaller than --large" in capsys.readouterr().err


def test_instruction_counts_say_when_valgrind_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _instructions_module()
    monkeypatch.setattr(module.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit) as stopped:
        module.main([])
    message = "instructions: valgrind is not installed (apt-get install valgrind)"
    assert stopped.value.code == message
