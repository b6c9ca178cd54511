"""How well the article text is taken out of saved web pages, measured on a public benchmark.

The pages are ``../shared/data/pages``: 88 saved news and blog pages (``html/*.html.gz``) with
the article body a person marked on each (``ground-truth.json``), half of the
scrapinghub/article-extraction-benchmark set. The measure is that benchmark's: each text is cut
into 4-word shingles (``\\w+`` tokens); per page, the shingles both share (true positives),
those only the extraction has (false positives) and those only the marked body has (false
negatives) are counted with multiplicity and normalised to sum to 1; precision and recall are
averaged over the pages (a page with no shingle on the relevant side is left out of that
average) and F1 is computed from the two averages.

Extractions measured:

- ``scorer``: what ``scorer score page.html`` scores: the page's bytes decoded by
  :func:`scorer.reading.inputs.decode_bytes`, then
  :func:`scorer.reading.inputs.html_to_text` (with its fallback).
- ``recall``, ``default``, ``precision``: ``trafilatura.extract`` in each of its modes
  (``favor_recall=True``, neither, ``favor_precision=True``), with the options the scorer
  uses (no comments, tables or images; no deduplication), on the same decoded page.

Usage::

    python benchmarks/pages.py                       # every extraction, a Markdown table
    python benchmarks/pages.py --only scorer --worst 5
    python benchmarks/pages.py --data /path/to/shared/data
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

_TOKEN_RE = re.compile(r"\w+")
#: Shingle length of the benchmark.
SHINGLE = 4

Counts = tuple[float, float, float]


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The text's ``n``-token shingles with their counts (one shingle for a shorter text)."""
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(true: str, pred: str) -> Counts:
    """(tp, fp, fn) of one page's shingles, normalised to sum to 1 (all 0 if both are empty)."""
    expected, got = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in expected.keys() | got.keys():
        a, b = expected.get(key, 0), got.get(key, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summary(counts: list[Counts]) -> dict[str, float]:
    """Precision and recall averaged over pages, and F1 from the two averages."""
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_pages(data_dir: Path) -> list[tuple[str, str, str]]:
    """(page id, decoded HTML, marked article body) for every page, in name order."""
    from scorer.reading.inputs import decode_bytes

    folder = data_dir / "pages"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        html = decode_bytes(gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
        pages.append((key, html, truth[key].get("articleBody", "")))
    if not pages:
        sys.exit(f"pages: no pages under {folder}; pass --data DIR")
    return pages


def _trafilatura(**mode: bool) -> Callable[[str], str]:
    def extract(html: str) -> str:
        import trafilatura

        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
            **mode,
        )
        return text or ""

    return extract


def _scorer(html: str) -> str:
    from scorer.errors import ItemError
    from scorer.reading.inputs import html_to_text

    try:
        return html_to_text(html)
    except ItemError:
        return ""


EXTRACTIONS: dict[str, Callable[[str], str]] = {
    "scorer": _scorer,
    "recall": _trafilatura(favor_recall=True),
    "default": _trafilatura(),
    "precision": _trafilatura(favor_precision=True),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument(
        "--only", choices=sorted(EXTRACTIONS), action="append", help="measure only these"
    )
    parser.add_argument("--worst", type=int, default=0, help="list the N pages with lowest F1")
    args = parser.parse_args(argv)
    pages = load_pages(args.data)
    names = args.only or list(EXTRACTIONS)
    print(f"### Article text of {len(pages)} saved pages ({args.data / 'pages'})\n")
    print("| extraction | F1 | precision | recall | seconds |")
    print("|---|---|---|---|---|")
    worst: dict[str, list[tuple[float, str]]] = {}
    for name in names:
        extract = EXTRACTIONS[name]
        started = time.perf_counter()
        counts = [page_counts(body, extract(html)) for _, html, body in pages]
        seconds = time.perf_counter() - started
        result = summary(counts)
        print(
            f"| {name} | {result['f1']:.3f} | {result['precision']:.3f} | "
            f"{result['recall']:.3f} | {seconds:.1f} |"
        )
        worst[name] = sorted(
            (2 * c[0] / (2 * c[0] + c[1] + c[2]) if c[0] else 0.0, key)
            for c, (key, _, _) in zip(counts, pages, strict=True)
        )
    for name in names if args.worst else []:
        shown = ", ".join(f"{key[:12]} {f1:.2f}" for f1, key in worst[name][: args.worst])
        print(f"\n{name}: lowest page F1: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
