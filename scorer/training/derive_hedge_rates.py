"""Write ``scorer/lexicons/hedge_rates.tsv``: each hedge's uncertain rate in CoNLL-2010 train.

For every term of ``hedges.tsv``, the share of CoNLL-2010 Wikipedia *training* sentences
(the dev split is never read) whose label is uncertain among those where the term is one of
the author's hedges, smoothed towards the corpus rate with a prior of ``PRIOR`` sentences:
``(uncertain + PRIOR * base) / (sentences + PRIOR)``. The strong prior keeps a rare term near
the base rate and limits how much a training sentence's own label shows in its feature.

    python -m scorer.training.derive_hedge_rates ../shared/data
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from scorer.analysis.features import standalone_author_hedges
from scorer.analysis.lexicon import HEADER, load_lexicon
from scorer.training.corpora import load_conll_hedging

PRIOR = 20.0
OUT = Path(__file__).resolve().parents[1] / "lexicons" / "hedge_rates.tsv"


def hedge_rates(data: Path) -> list[tuple[str, str, float, str, str]]:
    """Rows ``(term, "conll", rate, match, source)`` in ``hedges.tsv`` order."""
    hedges = load_lexicon("hedges")
    train = load_conll_hedging(data, "train")
    labels = train["uncertain"].to_numpy()
    base = float(labels.mean())
    seen: Counter[str] = Counter()
    uncertain: Counter[str] = Counter()
    for text, label in zip(train["text"], labels, strict=True):
        terms = set()
        for cue in standalone_author_hedges(text):
            entry = hedges.lookup(cue.text)
            if entry is not None:
                terms.add(entry.term)
        for term in terms:
            seen[term] += 1
            uncertain[term] += int(label)
    rows = []
    for entry in dict((e.term, e) for e in hedges.entries).values():
        n, u = seen[entry.term], uncertain[entry.term]
        rate = (u + PRIOR * base) / (n + PRIOR)
        rows.append((entry.term, "conll", round(rate, 3), entry.match, f"conll-train {u}/{n}"))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    data = Path(args[0]) if args else Path("../shared/data")
    rows = hedge_rates(data)
    lines = ["\t".join(HEADER)] + [
        "\t".join(f"{v:.3f}" if isinstance(v, float) else v for v in r) for r in rows
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} terms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
