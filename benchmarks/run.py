"""Reproducible speed, memory and start-up measurements of the ``scorer`` command.

Every figure comes from running real processes on a generated corpus, in this invocation:

- ``throughput``: the full CLI pipeline (``scorer score corpus.jsonl -o report.csv``), JSONL
  in, CSV out, next to the minimal reference in ``benchmarks/reference.py`` (one process, one
  sentence regex, one cue regex) on the same corpus. Prints seconds, articles/s, MB/s and the
  peak memory of each, and the ratio of their times.
- ``memory``: the full pipeline on a small and a large corpus (3,000 and 30,000 articles by
  default); peak memory must not grow with the corpus.
- ``long``: one long text (the articles joined, 1 and 5 MB by default), with each engine and
  the reference; the time per MB must not grow with the text.
- ``startup``: ``scorer --help`` against a bare ``python -c pass``, median of several runs.

CPU seconds are the user + system time of the process and every descendant it waited for
(``getrusage(RUSAGE_CHILDREN)``): on a shared machine wall time also counts other jobs, CPU time
counts only the work done.

Peak memory is the largest sum of the resident set sizes of the process and all its
descendants (the worker processes too), sampled every 10 ms with psutil.

The corpus: the PolNeAR news articles in ``../shared/data/attribution/polnear`` (928 texts of
4.6 KB on average: the size of a typical news article), taken in order and repeated until there
are N, one JSON object per line with ``id`` and ``text``.

Usage::

    python benchmarks/run.py                      # throughput on 6,000 articles, all cores
    python benchmarks/run.py --mode memory
    python benchmarks/run.py --mode long
    python benchmarks/run.py --mode startup
    python benchmarks/run.py --mode all --repeat 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
REFERENCE = Path(__file__).resolve().parent / "reference.py"
MB = 1024 * 1024


@dataclass
class Run:
    """One measured process run."""

    seconds: float
    peak_rss: int
    returncode: int
    cpu_seconds: float = 0.0


def corpus_texts(data_dir: Path) -> list[str]:
    """The PolNeAR article texts, in a fixed order."""
    paths = sorted((data_dir / "attribution" / "polnear").glob("*/text/*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts = [t for t in texts if t.strip()]
    if not texts:
        sys.exit(f"benchmark: no PolNeAR texts under {data_dir}; pass --data DIR")
    return texts


def write_corpus(path: Path, n: int, texts: list[str]) -> int:
    """Write ``n`` articles as JSONL (texts repeated in order); returns the file's size."""
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            record = {"id": f"a{i:06d}", "text": texts[i % len(texts)]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def _tree_rss(process: object) -> int:
    import psutil

    assert isinstance(process, psutil.Process)
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):  # a worker that just exited
            total += member.memory_info().rss
    return total


def measure(command: list[str], *, cwd: Path = ROOT, interval: float = 0.01) -> Run:
    """Run ``command``; return its wall time and the peak RSS of its process tree."""
    try:
        import psutil
    except ImportError:
        sys.exit("benchmark: needs psutil (pip install psutil)")
    peak = 0
    done = threading.Event()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    popen = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    process = psutil.Process(popen.pid)

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process))
            done.wait(interval)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, stderr = popen.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    watcher.join()
    if popen.returncode != 0:
        shown = " ".join(command)
        print(f"benchmark: {shown} exited {popen.returncode}:\n{stderr}", file=sys.stderr)
    return Run(seconds, peak, popen.returncode, cpu)


def scorer_command(corpus: Path, report: Path, jobs: int, sentences: Path | None) -> list[str]:
    """The full CLI pipeline: JSONL in, CSV report out, no progress bar."""
    command = [sys.executable, "-m", "scorer", "score", str(corpus), "-o", str(report)]
    command += ["--jobs", str(jobs), "--quiet"]
    if sentences is not None:
        command += ["--sentences", str(sentences)]
    return command


def reference_command(corpus: Path, report: Path) -> list[str]:
    """The minimal reference scorer on the same corpus."""
    return [sys.executable, str(REFERENCE), str(corpus), str(report)]


def _rows(path: Path) -> int:
    with open(path, encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def _line(name: str, run: Run, n: int, size: int) -> str:
    return (
        f"| {name} | {run.seconds:.2f} | {run.cpu_seconds:.2f} | {n / run.seconds:,.0f} "
        f"| {size / MB / run.seconds:.2f} | {run.peak_rss / MB:,.0f} |"
    )


def throughput(args: argparse.Namespace, work: Path, texts: list[str]) -> bool:
    """Full pipeline against the reference; True when within the target ratio."""
    corpus = work / "corpus.jsonl"
    size = write_corpus(corpus, args.articles, texts)
    report, ref_report = work / "report.csv", work / "reference.csv"
    sentences = work / "sentences.csv" if args.sentences else None
    ours: list[Run] = []
    ref: list[Run] = []
    for _ in range(args.repeat):
        # Alternate the two so that a noisy neighbour slows both alike.
        ref.append(measure(reference_command(corpus, ref_report)))
        ours.append(measure(scorer_command(corpus, report, args.jobs, sentences)))
    if any(r.returncode for r in ours + ref):
        return False
    if _rows(report) != args.articles:
        print(f"benchmark: report has {_rows(report)} rows, expected {args.articles}")
        return False
    best_ours = min(ours, key=lambda r: r.seconds)
    best_ref = min(ref, key=lambda r: r.seconds)
    ratio = best_ours.seconds / best_ref.seconds
    print(
        f"\n### Throughput: {args.articles:,} articles, {size / MB:.1f} MB of JSONL, "
        f"--jobs {args.jobs or os.cpu_count()}, best of {args.repeat}\n"
    )
    print("| run | seconds | CPU seconds | articles/s | MB/s | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    label = "scorer score (report" + (" + sentences" if sentences else "") + ")"
    print(_line(label, best_ours, args.articles, size))
    print(_line("minimal reference", best_ref, args.articles, size))
    all_ours = ", ".join(f"{r.seconds:.2f}" for r in ours)
    all_ref = ", ".join(f"{r.seconds:.2f}" for r in ref)
    print(f"\nscorer / reference time: **{ratio:.2f}x** (target <= {args.target_ratio}x)")
    cpu_ratio = best_ours.cpu_seconds / max(best_ref.cpu_seconds, 1e-9)
    print(f"scorer / reference CPU time: {cpu_ratio:.2f}x")
    print(f"all runs, seconds: scorer {all_ours}; reference {all_ref}")
    return ratio <= args.target_ratio


def memory(args: argparse.Namespace, work: Path, texts: list[str]) -> bool:
    """Peak memory on a small and a large corpus; True when flat and under the cap."""
    peaks = []
    for n in args.memory_sizes:
        corpus = work / f"corpus_{n}.jsonl"
        size = write_corpus(corpus, n, texts)
        run = measure(scorer_command(corpus, work / f"report_{n}.csv", args.jobs, None))
        if run.returncode:
            return False
        peaks.append((n, size, run))
        corpus.unlink()
    print(f"\n### Memory: peak RSS of the process tree, --jobs {args.jobs or os.cpu_count()}\n")
    print("| articles | JSONL (MB) | seconds | CPU seconds | peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for n, size, run in peaks:
        print(
            f"| {n:,} | {size / MB:.0f} | {run.seconds:.1f} | {run.cpu_seconds:.1f} "
            f"| {run.peak_rss / MB:,.0f} |"
        )
    small, large = peaks[0][2].peak_rss, peaks[-1][2].peak_rss
    limit = 1.25 * small + 30 * MB
    print(
        f"\nlarge / small peak: **{large / small:.2f}x**; limit 1.25x + 30 MB = "
        f"{limit / MB:,.0f} MB; cap 500 MB"
    )
    return large <= limit and large < 500 * MB


def long_text(args: argparse.Namespace, work: Path, texts: list[str]) -> bool:
    """One long item (the corpus's articles joined into one text) at two sizes; True when the
    time per MB of the larger stays within 1.5x of the smaller's (the cost grows linearly).

    Archives hold dumps and books as well as articles; a cost that grows faster than the text
    (a step that rescans or copies the whole text per sentence) shows here, not in the
    throughput run of 4.6 KB articles. The reference reads the same text as one JSONL item.
    """
    rows = []
    engines = ["local"]
    try:
        import distributed  # noqa: F401
    except ImportError:
        pass
    else:
        engines.append("dask")
    for mb in args.long_sizes:
        pieces: list[str] = []
        length = 0
        while length < mb * MB:
            pieces.append(texts[len(pieces) % len(texts)])
            length += len(pieces[-1])
        body = "\n\n".join(pieces)
        document = work / f"long_{mb}.txt"
        document.write_text(body, encoding="utf-8")
        corpus = work / f"long_{mb}.jsonl"
        corpus.write_text(json.dumps({"id": "long", "text": body}) + "\n", encoding="utf-8")
        size = len(body.encode("utf-8"))
        for engine in engines:
            command = [sys.executable, "-m", "scorer", "score", str(document)]
            command += ["-o", str(work / f"long_{mb}_{engine}.csv"), "--jobs", "1", "--quiet"]
            command += ["--engine", engine, "--max-bytes", "0"]
            run = measure(command)
            if run.returncode:
                return False
            rows.append((f"scorer, {engine}", size, run))
        rows.append(
            ("minimal reference", size, measure(reference_command(corpus, work / "long_ref.csv")))
        )
    print(f"\n### Long text: one item of {' and '.join(f'{mb:g}' for mb in args.long_sizes)} MB\n")
    print("| run | MB | seconds | CPU seconds | seconds per MB | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, size, run in rows:
        print(
            f"| {name} | {size / MB:.1f} | {run.seconds:.1f} | {run.cpu_seconds:.1f} "
            f"| {run.seconds / (size / MB):.2f} | {run.peak_rss / MB:,.0f} |"
        )
    local = [(size, run) for name, size, run in rows if name == "scorer, local"]
    (small_size, small), (large_size, large) = local[0], local[-1]
    growth = (large.seconds / large_size) / (small.seconds / small_size)
    print(f"\nlocal seconds per MB, largest / smallest: **{growth:.2f}x** (linear: about 1)")
    return growth <= 1.5


def startup(args: argparse.Namespace) -> bool:
    """``scorer --help`` against bare Python; True when within the target ratio."""
    bare = [sys.executable, "-c", "pass"]
    help_ = [sys.executable, "-m", "scorer", "--help"]
    times: dict[str, list[float]] = {"bare": [], "help": []}
    for _ in range(args.startup_runs):
        for key, command in (("bare", bare), ("help", help_)):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
            times[key].append(time.perf_counter() - start)
    bare_s, help_s = statistics.median(times["bare"]), statistics.median(times["help"])
    print(f"\n### Start-up: median of {args.startup_runs} runs\n")
    print("| command | median ms |")
    print("|---|---:|")
    print(f"| python -c pass | {bare_s * 1000:.0f} |")
    print(f"| python -m scorer --help | {help_s * 1000:.0f} |")
    print(f"\nscorer --help / bare python: **{help_s / bare_s:.1f}x** (target <= 8x)")
    return help_s / bare_s <= 8


def main(argv: list[str] | None = None) -> int:
    """Run the chosen measurements; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mode",
        choices=["throughput", "memory", "long", "startup", "all"],
        default="throughput",
    )
    parser.add_argument("--articles", type=int, default=6000, help="corpus size (throughput)")
    parser.add_argument("--jobs", type=int, default=0, help="scorer --jobs (0: all cores)")
    parser.add_argument("--repeat", type=int, default=1, help="throughput runs; best is shown")
    parser.add_argument("--sentences", action="store_true", help="also write the sentence report")
    parser.add_argument("--target-ratio", type=float, default=1.2)
    parser.add_argument(
        "--memory-sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[3000, 30000],
        help="corpus sizes for --mode memory, comma-separated",
    )
    parser.add_argument(
        "--long-sizes",
        type=lambda s: [float(x) for x in s.split(",")],
        default=[1.0, 5.0],
        help="sizes in MB of the one long text for --mode long, comma-separated",
    )
    parser.add_argument("--startup-runs", type=int, default=15)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--workdir", type=Path, default=None, help="keep corpus and reports here")
    args = parser.parse_args(argv)
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.platform(terse=True)}"
    )
    given = argv if argv is not None else sys.argv[1:]
    print("command: python benchmarks/run.py " + " ".join(given))
    ok = True
    modes = ["throughput", "memory", "long", "startup"] if args.mode == "all" else [args.mode]
    with tempfile.TemporaryDirectory(prefix="scorer-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        texts = corpus_texts(args.data) if modes != ["startup"] else []
        for mode in modes:
            if mode == "throughput":
                ok &= throughput(args, work, texts)
            elif mode == "memory":
                ok &= memory(args, work, texts)
            elif mode == "long":
                ok &= long_text(args, work, texts)
            else:
                ok &= startup(args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
