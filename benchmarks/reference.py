"""The least any sentence-level cue scorer must do: the yardstick for ``benchmarks/run.py``.

One process reads JSONL articles line by line, splits each article into sentences with one
regular expression, searches every sentence with one compiled cue regex (all terms of the
scorer's hedge, booster and reporting lexicons in one alternation, word-bounded, ignoring
case), and writes one CSV row per article: id, sentences, sentences with a cue, cues found.

It deliberately uses nothing but the standard library and imports nothing from ``scorer``,
so its time is the cost of reading, splitting, one regex pass and writing, and nothing else.

Usage: ``python benchmarks/reference.py CORPUS.jsonl REPORT.csv``
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "scorer" / "lexicons"
CUE_LEXICONS = ("hedges", "boosters", "reporting")

# A sentence ends at '.', '!' or '?' (plus closing quotes/brackets) followed by white space,
# or at a line break: the cheapest split that still gives sentence-sized pieces.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")


def cue_pattern(lexicon_dir: Path = LEXICON_DIR) -> re.Pattern[str]:
    """One alternation of every cue term, longest first, word-bounded, case-insensitive."""
    terms: set[str] = set()
    for name in CUE_LEXICONS:
        with open(lexicon_dir / f"{name}.tsv", encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t")
            next(rows)  # header
            terms.update(row[0] for row in rows if row)
    body = "|".join(
        r"\s+".join(re.escape(word) for word in term.split())
        for term in sorted(terms, key=lambda t: (-len(t), t))
    )
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def main(argv: list[str]) -> int:
    """Score ``argv[0]`` (JSONL with ``id`` and ``text``) into ``argv[1]`` (CSV)."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = argv
    cues = cue_pattern()
    split = SENTENCE_END.split
    findall = cues.findall
    with (
        open(source, encoding="utf-8") as lines,
        open(target, "w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "n_sentences", "cue_sentences", "cues"])
        for line in lines:
            record = json.loads(line)
            sentences = [s for s in split(record["text"]) if s]
            n_cue_sentences = n_cues = 0
            for sentence in sentences:
                found = findall(sentence)
                if found:
                    n_cue_sentences += 1
                    n_cues += len(found)
            writer.writerow([record["id"], len(sentences), n_cue_sentences, n_cues])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
