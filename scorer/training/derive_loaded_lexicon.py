"""Write ``scorer/lexicons/loaded.tsv``: words that propaganda annotators mark as loaded language.

Reads the SemEval-2020 Task 11 (PTC) training articles and their technique spans
(``../shared/data/propaganda``). For every word, the share of its occurrences that lie inside
a span of one of :data:`TECHNIQUES` is smoothed like the other corpus-derived weights of
the scorer's lexicons, ``(in_span + 0.5) / (occurrences + 5)``, so that a word seen in a span
once out of once gets 0.25, not 1.0. A word is kept when

- it lies in such a span at least :data:`MIN_IN_SPAN` times, in at least :data:`MIN_ARTICLES`
  different articles (one article's pet phrase, or a topic one outlet writes about, is not
  loaded language), and
- its smoothed rate is at least :data:`MIN_RATE` (common words, "the" or "said", occur in
  spans but far more often outside them), and
- it is not already a hedge or a booster (those have their own lexicons and features), has
  at least three letters, and is not in :data:`NOT_LOADED`: words that name a group of people
  or a subject rather than judge it, which annotators marked inside loaded phrases ("Black
  Lives Matter thugs", "a donation scandal") but which a sober report uses plainly.

Occurrences are counted as the scorer matches them
(:func:`scorer.analysis.features.in_name_or_compound`): a capitalised word after the first word of
its sentence, outside a title-case headline, is a name ("Black voters", "the Vichy regime") and is
not counted, in or out of a span. Sentences are approximated by splitting each line after ".", "!"
or "?".

    python -m scorer.training.derive_loaded_lexicon ../shared/data
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from scorer.analysis.features import in_name_or_compound
from scorer.analysis.lexicon import HEADER, load_lexicon
from scorer.training.corpora import load_propaganda

TECHNIQUES = frozenset({"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation"})
MIN_IN_SPAN = 4
MIN_ARTICLES = 3
MIN_RATE = 0.3
OUT = Path(__file__).resolve().parents[1] / "lexicons" / "loaded.tsv"

# Words of letters, with inner apostrophes or hyphens ("record-breaking", "pro-life").
_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'’-]*[A-Za-z])?")
# Sentence-like pieces of a line: split after a full stop, "!" or "?".
_PIECE = re.compile(r"[^.!?\n]*[.!?]*")
MIN_LETTERS = 3
NOT_LOADED = frozenset(
    {
        # Groups of people, by race, religion or politics: naming them is not loaded.
        "black", "extremists", "infidels", "jihadists", "leftist",
        # Subjects and things a report may simply be about.
        "advantage", "beauty", "blow", "classic", "devoted", "donation", "empty", "extinction",
        "forever", "grave", "journalism", "machine", "masters", "non-partisan", "personality",
        "poor", "porn", "record-breaking", "sanctity", "serial", "spies", "spy", "tapestry",
    }
)  # fmt: skip


def loaded_rows(data: Path) -> list[tuple[str, str, float, str, str]]:
    """Rows ``(term, "loaded", weight, "word", source)``, highest weight first."""
    ptc = load_propaganda(data)
    in_span: Counter[str] = Counter()
    total: Counter[str] = Counter()
    articles: defaultdict[str, set[str]] = defaultdict(set)
    for doc_id, text, spans in zip(ptc["doc_id"], ptc["text"], ptc["spans"], strict=True):
        marked = sorted((s, e) for s, e, technique in spans if technique in TECHNIQUES)
        for piece in _PIECE.finditer(text):
            sentence = piece.group()
            for match in _WORD.finditer(sentence):
                if in_name_or_compound(sentence, match.start(), match.end()):
                    continue
                word = match.group().lower().replace("’", "'")
                at = piece.start() + match.start()
                total[word] += 1
                if any(s <= at < e for s, e in marked):
                    in_span[word] += 1
                    articles[word].add(doc_id)
    taken = {e.term for name in ("hedges", "boosters") for e in load_lexicon(name).entries}
    rows = []
    for word, hits in in_span.items():
        rate = (hits + 0.5) / (total[word] + 5.0)
        if (
            hits >= MIN_IN_SPAN
            and len(articles[word]) >= MIN_ARTICLES
            and rate >= MIN_RATE
            and word not in taken
            and len(word) >= MIN_LETTERS
            and word not in NOT_LOADED
        ):
            source = f"ptc-train:in-span {hits}/{total[word]}, {len(articles[word])} articles"
            rows.append((word, "loaded", round(rate, 3), "word", source))
    rows.sort(key=lambda row: (-row[2], row[0]))
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m scorer.training.derive_loaded_lexicon DATA_DIR", file=sys.stderr)
        return 2
    rows = loaded_rows(Path(argv[0]))
    lines = ["\t".join(HEADER)]
    lines += [f"{t}\t{k}\t{w:.3f}\t{m}\t{s}" for t, k, w, m, s in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} terms)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
