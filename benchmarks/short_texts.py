"""How far an article's scores move when only its first few sentences are scored.

The measure behind the report's ``short_text`` flag
(``scorer.pipeline.scoring.SHORT_TEXT_WORDS``): for
each PolNeAR dev article of at least 300 words, the scores of its opening (the first
sentences up to N words) are compared with the scores of the whole article. The mean absolute
difference says how much a text of N words tells about the article it could have been.

Usage::

    python benchmarks/short_texts.py
    python benchmarks/short_texts.py --words 25,50,100,200
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


def openings(text: str, budgets: list[int]) -> list[str]:
    """The text's first sentences, up to each budget of words (whole sentences)."""
    from scorer.analysis.text import split_sentences

    spans = split_sentences(text)
    cuts = []
    for budget in budgets:
        words, end = 0, 0
        for start, stop in spans:
            words += len(text[start:stop].split())
            end = stop
            if words >= budget:
                break
        cuts.append(text[:end])
    return cuts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--words", default="25,50,100,200", help="opening sizes, in words")
    args = parser.parse_args(argv)
    from scorer.pipeline.scoring import score_items
    from scorer.reading.inputs import Item

    budgets = [int(w) for w in args.words.split(",")]
    paths = sorted((args.data / "attribution" / "polnear" / "dev" / "text").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts = [t for t in texts if len(t.split()) >= 300]
    items = []
    for n, text in enumerate(texts):
        items.append(Item(f"{n}:all", "bench", text))
        items += [
            Item(f"{n}:{b}", "bench", cut)
            for b, cut in zip(budgets, openings(text, budgets), strict=True)
        ]
    rows = {s.article["id"]: s.article for s in score_items(items, sentences=False)}
    print(f"### Openings of {len(texts)} PolNeAR dev articles of 300+ words vs the whole\n")
    print("| opening | mean words | mean abs. change, sourcing | certainty |")
    print("|---|---|---|---|")
    for budget in budgets:
        words, sourcing, certainty = [], [], []
        for n in range(len(texts)):
            whole, part = rows[f"{n}:all"], rows[f"{n}:{budget}"]
            if part["status"] != "ok":
                continue
            words.append(part["n_words"])
            sourcing.append(abs(part["sourcing"] - whole["sourcing"]))
            certainty.append(abs(part["certainty"] - whole["certainty"]))
        print(
            f"| {budget} words | {statistics.mean(words):.0f} | {statistics.mean(sourcing):.3f} |"
            f" {statistics.mean(certainty):.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
