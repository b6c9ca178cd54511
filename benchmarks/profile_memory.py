"""Peak memory and time of ``scorer profile`` on a synthetic article report of 1,000,000 rows.

The report has every column ``scorer score --keep outlet,url`` writes, with values shaped like
real ones: 400 outlets of Zipf-like sizes (the largest about a seventh of the rows), one row in
a hundred an error row, sentence counts of 3-80, scores rounded to 4 decimals, attribution
shares that are counts over the sentences, and ``top_cues`` cells (50,000 distinct ones) of
hedges and attribution phrases drawn with Zipf frequencies from about 12,000 phrases, so that
the cue counts of large outlets meet many distinct phrases, as on real news. With the two
explanation columns a row is about 0.9 KB (882 MB of CSV for a million rows); reports of real news
run 1-1.5 KB a row, the difference being in columns the profile does not read.

The profile runs as ``python -m scorer profile REPORT --by outlet -o ... --html ...`` in a
subprocess; its peak memory is the largest resident set size of the process, sampled every 10
ms with psutil (``measure`` of ``benchmarks/run.py``). Target: under 500 MB.

Usage::

    python benchmarks/profile_memory.py                      # 1,000,000 rows, CSV
    python benchmarks/profile_memory.py --format jsonl --by domain
    python benchmarks/profile_memory.py --rows 200000 --workdir /tmp/profile-bench
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MB, ROOT, measure

from scorer.pipeline.scoring import article_columns

#: The memory the profile of a million-row report must stay under.
LIMIT_MB = 500
OUTLETS = 400
#: One row in a hundred is an error row (unreadable or empty input).
ERROR_SHARE = 0.01
KINDS = ("named", "media", "document", "anonymous", "vague")
#: How attributed sentences split by kind of source, on average.
KIND_SHARES = (0.35, 0.1, 0.1, 0.25, 0.2)
HEDGES = (
    (
        "may might could would should reportedly allegedly claimed believed appears seems likely "
        "possibly perhaps suggest suggests unclear unconfirmed rumoured apparently supposedly "
        "estimated expected thought feared according-to-sources many some often"
    )
    .replace("-", " ")
    .split()
)
VERBS = "said told reported claimed added stated noted confirmed wrote announced warned".split()
BOOSTERS = "clearly always never definitely certainly undoubtedly confirmed proven".split()
LOADED = "disgraced reckless radical witch hunt corrupt slammed destroyed shocking".split()
ROWS_PER_WRITE = 10_000


def _phrases(rng: np.random.Generator) -> dict[str, list[str]]:
    """Attribution phrases by kind: a few frequent ones and a long tail, as in real reports."""
    first = "ann bob cruz diaz eve ford gray hale ives jain".split()
    last = "adams baker clark davis evans frank green hill irwin jones".split()
    names = [f"{a} {b}" for a in first for b in last]
    papers = [f"{o} {m}" for o in ("the daily", "the evening") for m in ("post", "times", "news")]
    subjects = {
        "named": names + [f"senator {n}" for n in names] + [f"mayor {n}" for n in names],
        "media": [*papers, "reuters", "the associated press", "local television"],
        "document": [f"according to the {d} {n}" for d in ("court", "audit") for n in range(400)],
        "anonymous": [f"{s} {n}" for s in ("sources", "officials", "aides") for n in range(800)],
        "vague": [f"{s} {n}" for s in ("experts", "critics", "observers") for n in range(800)],
    }
    return {
        kind: [f"{s} {v}" for s in pool for v in rng.choice(VERBS, size=2, replace=False)]
        for kind, pool in subjects.items()
    }


def _zipf_pick(rng: np.random.Generator, pool: list[str], k: int) -> list[str]:
    ranks = (rng.zipf(1.3, size=k) - 1) % len(pool)
    return [pool[i] for i in ranks]


def _listed(items: list[str], counts: np.ndarray) -> str:
    return ", ".join(
        f"'{t}'×{n}" if n > 1 else f"'{t}'" for t, n in zip(items, counts, strict=True)
    )


def _top_cues(rng: np.random.Generator, phrases: dict[str, list[str]]) -> str:
    parts = []
    k = int(rng.integers(0, 5))
    if k:
        parts.append("hedges " + _listed(_zipf_pick(rng, HEDGES, k), rng.integers(1, 4, k)))
    for kind in KINDS:
        k = int(rng.integers(0, 4))
        if k:
            picked = _zipf_pick(rng, phrases[kind], k)
            parts.append(f"{kind} sources " + _listed(picked, rng.integers(1, 3, k)))
    if rng.random() < 0.4:
        parts.append("boosters " + _listed(_zipf_pick(rng, BOOSTERS, 2), np.ones(2, int)))
    if rng.random() < 0.2:
        parts.append("loaded words " + _listed(_zipf_pick(rng, LOADED, 1), np.ones(1, int)))
    return "; ".join(parts)


#: Distinct ``top_cues`` cells drawn up front; rows take them at random.
CELLS = 50_000


def synthetic_chunks(n: int, seed: int = 0, size: int = ROWS_PER_WRITE) -> Iterator[dict[str, Any]]:
    """``n`` article rows with the report's columns (see the module docstring), as dicts of
    column -> list of values, ``size`` rows at a time."""
    rng = np.random.default_rng(seed)
    phrases = _phrases(rng)
    cells = np.array([_top_cues(rng, phrases) for _ in range(min(CELLS, n))], dtype=object)
    weights = 1 / np.arange(1, OUTLETS + 1) ** 1.1
    columns = article_columns(["outlet", "url"])
    explanation = (
        "raised by high named sources +0.61, high numbers +0.22, high direct quotes +0.18; "
        "lowered by high hedges -0.35, high anonymous sources -0.21, high loaded words -0.12 "
        "(log-odds vs the average article)"
    )
    for first in range(0, n, size):
        k = min(size, n - first)
        numbers = np.arange(first, first + k)
        outlet = rng.choice(OUTLETS, size=k, p=weights / weights.sum())
        ok = rng.random(k) >= ERROR_SHARE
        sentences = rng.integers(3, 81, size=k)
        attributed = rng.binomial(sentences, 0.5)
        # Sentences by main source: a multinomial split of the attributed ones, kind by kind.
        counts = np.zeros((len(KINDS), k), dtype=np.int64)
        left, rest = attributed.copy(), 1.0
        for j, share in enumerate(KIND_SHARES[:-1]):
            counts[j] = rng.binomial(left, share / rest)
            left, rest = left - counts[j], rest - share
        counts[-1] = left
        chunk: dict[str, Any] = {}
        chunk["id"] = [f"a{i:07d}" for i in numbers]
        chunk["source"] = [f"corpus.jsonl:{i + 1}" for i in numbers]
        chunk["outlet"] = [f"Outlet {o}" for o in outlet]
        chunk["url"] = [
            f"https://{'www' if o % 3 else 'news'}.outlet{o}.{'com' if o % 3 else 'co.uk'}"
            f"/2024/{i % 12 + 1:02d}/story-{i}.html"
            for o, i in zip(outlet, numbers, strict=True)
        ]
        chunk["status"] = np.where(ok, "ok", "error").tolist()
        chunk["error"] = np.where(ok, "", "empty text").tolist()

        def scored(values: Any, ok: np.ndarray = ok) -> list[Any]:
            # Error rows have no scores, counts or cues: empty cells.
            return [v if good else "" for v, good in zip(values.tolist(), ok, strict=True)]

        chunk["n_sentences"] = scored(sentences)
        chunk["n_words"] = scored(sentences * rng.integers(12, 30, size=k))
        chunk["certainty"] = scored(np.round(rng.beta(5, 3, size=k), 4))
        chunk["sourcing"] = scored(np.round(rng.beta(2, 2, size=k), 4))
        chunk["language"] = scored(np.full(k, "en"))
        chunk["attr_rate"] = scored(np.round(attributed / sentences, 4))
        for j, kind in enumerate(KINDS):
            chunk[f"attr_{kind}_share"] = scored(np.round(counts[j] / sentences, 4))
        identified = counts[:3].sum(axis=0) / np.maximum(attributed, 1)
        chunk["attr_identified_share"] = scored(np.round(identified, 4))
        chunk["hedge_hearsay_rate"] = scored(np.round(rng.integers(0, 4, size=k) / sentences, 4))
        chunk["attr_count"] = scored(attributed)
        chunk["quote_count"] = scored(rng.integers(0, sentences // 2 + 1))
        chunk["exclaim_count"] = scored(rng.poisson(0.3, size=k))
        chunk["top_cues"] = scored(cells[rng.integers(0, len(cells), size=k)])
        chunk["certainty_explanation"] = scored(
            np.array(
                [
                    f"mean of {m} sentences in the author's voice; lowered by hedges 'may'×2, "
                    "'reportedly'; least certain: sentence 4 (0.21)"
                    for m in sentences
                ],
                dtype=object,
            )
        )
        chunk["sourcing_explanation"] = scored(np.full(k, explanation, dtype=object))
        for name in columns:
            if name not in chunk:  # the other rates and counts: plausible small numbers
                chunk[name] = scored(np.round(rng.random(k) / 5, 4))
        yield {name: chunk[name] for name in columns}


def write_report(path: Path, n: int, fmt: str, seed: int = 0) -> int:
    """Write the synthetic report; returns its size in bytes."""
    columns = article_columns(["outlet", "url"])
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        if fmt == "csv":
            writer.writerow(columns)
        for chunk in synthetic_chunks(n, seed):
            rows = zip(*chunk.values(), strict=True)
            if fmt == "csv":
                writer.writerows(rows)
                continue
            for row in rows:
                record = {
                    c: (None if v == "" and c != "error" else v)
                    for c, v in zip(columns, row, strict=True)
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Write the report, profile it, print the measurement; exit 1 over the limit."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    parser.add_argument("--by", choices=["outlet", "domain"], default="outlet")
    parser.add_argument("--limit-mb", type=float, default=LIMIT_MB)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the files here")
    args = parser.parse_args(argv)
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.platform(terse=True)}"
    )
    given = argv if argv is not None else sys.argv[1:]
    print("command: python benchmarks/profile_memory.py " + " ".join(given))
    with tempfile.TemporaryDirectory(prefix="scorer-profile-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        report = work / f"report_{args.rows}.{args.format}"
        size = write_report(report, args.rows, args.format)
        out, page = work / "outlets.csv", work / "outlets.html"
        grouping = (
            ["--by", "outlet"] if args.by == "outlet" else ["--by", "domain", "--url-column", "url"]
        )
        command = [sys.executable, "-m", "scorer", "profile", str(report), *grouping]
        command += ["-o", str(out), "--html", str(page), "--quiet"]
        run = measure(command, cwd=ROOT)
        if run.returncode:
            return 1
        with open(out, encoding="utf-8") as handle:
            groups = sum(1 for _ in handle) - 1
    peak = run.peak_rss / MB
    print(f"\n### Profile memory: {args.rows:,}-row article report ({args.format})\n")
    print("| rows | report (MB) | groups | seconds | CPU seconds | peak RSS (MB) | limit (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.rows:,} | {size / MB:,.0f} | {groups} | {run.seconds:.1f} "
        f"| {run.cpu_seconds:.1f} | {peak:,.0f} | {args.limit_mb:,.0f} |"
    )
    ok = peak < args.limit_mb
    print(f"\npeak RSS {'under' if ok else 'OVER'} the limit: **{peak:,.0f} MB** (--by {args.by})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
