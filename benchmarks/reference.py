"""The least any sentence-level cue scorer must do: the yardstick for ``benchmarks/run.py``.

One process reads JSONL articles line by line, splits each article into sentences with one
regular expression, searches every sentence with one compiled cue regex (all terms of the
scorer's hedge, booster and reporting lexicons in one prefix-trie regex, word-bounded,
ignoring case), and writes one CSV row per article: id, sentences, sentences with a cue, cues found.

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


def _trie(terms: list[list[str]]) -> str:
    """Regex for a prefix trie of ``terms`` (each a list of regex units); longest match wins."""
    ends = any(not term for term in terms)
    branches: dict[str, list[list[str]]] = {}
    for term in terms:
        if term:
            branches.setdefault(term[0], []).append(term[1:])
    if not branches:
        return ""
    body = "|".join(head + _trie(rest) for head, rest in branches.items())
    if len(branches) > 1 or ends:
        body = f"(?:{body})"
    return body + "?" if ends else body


def cue_pattern(lexicon_dir: Path = LEXICON_DIR) -> re.Pattern[str]:
    """Every cue term in one prefix trie, longest match first, word-bounded, case-insensitive.

    The same construction as the scorer's own lexicon patterns (the fastest single regex for
    hundreds of terms in Python's engine: one path per position instead of one try per term),
    so that the ratio measures the scorer's extra work, not a slower regex.
    """
    terms: set[str] = set()
    for name in CUE_LEXICONS:
        with open(lexicon_dir / f"{name}.tsv", encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t")
            next(rows)  # header
            terms.update(row[0].lower() for row in rows if row)
    units = []
    for term in sorted(terms):
        words = [[re.escape(char) for char in word] for word in term.split()]
        units.append(
            [unit for i, word in enumerate(words) for unit in ([r"\s+"] if i else []) + word]
        )
    return re.compile(rf"(?<!\w)(?:{_trie(units)})(?!\w)", re.IGNORECASE)


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
