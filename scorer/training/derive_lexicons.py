"""Corpus statistics behind the weights in ``scorer/lexicons/*.tsv``.

Reads only TRAIN splits (Szeged Wikipedia train, CoNLL-2010 Wikipedia train, PolNeAR train;
never PolNeAR dev, the evaluation split) and writes candidate tables::

    python -m scorer.training.derive_lexicons --data ../shared/data --out /tmp/lexicon-stats

Output tables (TSV, one row per candidate term):

- ``szeged_cues.tsv``: ``term, szeged_type, in_cue, in_any_cue, occurrences, precision,
  smoothed``; ``in_cue`` counts the occurrences of the term that lie inside a ``<ccue>`` span
  of that type, ``in_any_cue`` inside a cue span of any type, ``occurrences`` all whole-word
  occurrences in the Szeged Wikipedia train sentences. The lexicons use ``in_any_cue``
  (their types regroup Szeged's), smoothed as below.
- ``conll_terms.tsv``: ``term, uncertain, sentences, residual_uncertain, residual_sentences,
  ...``; CoNLL has sentence labels only, so this is the share of sentences containing the term
  that are labelled uncertain, overall and among "residual" sentences that contain no
  Szeged speculation cue term (which isolates weasel-type uncertainty).
- ``polnear_cues.tsv``: ``term, in_cue, exact_cue, occurrences, precision, smoothed``; an
  occurrence is "in cue" when it lies inside an annotated ``Cue`` span.
- ``polnear_source_terms.tsv``: the same for ``Source`` spans (terms that type a source).
- ``polnear_source_heads.tsv``: heuristic head word of each Source span, with counts.
- ``coverage.tsv`` and ``uncovered_heads.tsv`` (only if ``scorer`` is importable): the share
  of PolNeAR train Source spans containing a ``sources`` term of each type, and the most
  frequent heads of spans no term covers.

Occurrences are counted on tokens (runs of letters and digits with inner apostrophes, both
apostrophe forms equal, case folded), i.e. whole words across any whitespace, like the runtime
matcher; ``smoothed = (in_cue + 1) / (occurrences + 2)`` (Laplace) is the ``weight`` written
in the lexicons for corpus-derived rows. Only the first annotation of PolNeAR articles that
were annotated several times (quality control) is used.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from scorer.analysis.lexicon import LEXICON_NAMES, load_lexicon, term_regex

# Szeged <ccue type="speculation_modal_probable_"> etc. -> short type name.
SZEGED_TYPES = {
    "speculation_modal_probable_": "probable",
    "speculation_hypo_doxastic _": "doxastic",
    "speculation_hypo_condition _": "condition",
    "speculation_hypo_investigation _": "investigation",
}
# A term needs this many annotated occurrences to be listed as a corpus candidate; rarer cue
# strings are mostly one-off phrasings ("casts similar doubts") that a lexicon cannot reuse.
MIN_CUE_COUNT = 2
# PolNeAR n-grams (1-4 words) taken from inside Cue/Source spans need this in-span support.
MIN_NGRAM_IN_SPAN = 5
# CoNLL n-gram scan for weasel discovery: minimum number of sentences containing the n-gram.
MIN_CONLL_SENTENCES = 15
# Extra terms to always measure, even when the corpora never annotate them as cues (so that the
# curated rows can cite a number, or be shown to have none).
EXTRA_HEDGE_TERMS = (
    "some",
    "many",
    "several",
    "various",
    "numerous",
    "widely",
    "often",
    "generally",
    "commonly",
    "usually",
    "typically",
    "arguably",
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "rumoured",
    "rumored",
    "claimed",
    "claims",
    "claim",
    "claiming",
    "some people",
    "many people",
    "some say",
    "critics",
    "experts",
    "observers",
    "analysts",
    "scholars",
    "historians",
    "researchers",
    "it is believed",
    "it is thought",
    "it is said",
    "is said to",
    "is believed to",
    "is thought to",
    "is considered",
    "it is possible",
    "it is likely",
    "there is a possibility",
    "it has been suggested",
    "it is claimed",
    "it is reported",
    "it is rumored",
    "according to",
    "according to some",
    "clearly",
    "certainly",
    "definitely",
    "undoubtedly",
    "confirmed",
    "proved",
    "proven",
    "in fact",
    "of course",
    "obviously",
    "indeed",
    "without doubt",
    "no doubt",
    "verified",
    "unclear",
    "uncertain",
    "perhaps",
    "maybe",
    "apparently",
    "seemingly",
    "presumably",
)
PRONOUNS = frozenset(
    {
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "who",
        "which",
        "that",
        "this",
        "these",
        "those",
        "one",
    }
)
# Cut a Source span at the first of these to find its head ("a spokesman for the campaign"
# -> "a spokesman"); the head is then the last word of what is left.
_HEAD_CUT = re.compile(
    r",|\(|\s(?:who|which|that|of|for|from|at|in|with|on|to|and|close|familiar|"
    r"speaking|according)\s",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'’.-]+")


def smoothed(hits: int, total: int) -> float:
    """Laplace-smoothed precision (hits + 1) / (total + 2), rounded to 3 decimals."""
    return round((hits + 1) / (total + 2), 3)


def normalise(text: str) -> str:
    """Lowercase, one space between words, ASCII apostrophes, no edge punctuation."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = " ".join(text.split())
    return text.strip(' .,;:!?"“”()')


@dataclass
class SpanDoc:
    """A text with labelled character spans: (start, end, label)."""

    text: str
    spans: list[tuple[int, int, str]]


_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


def term_tokens(term: str) -> tuple[str, ...]:
    """A term as the token tuple the counters compare (lowercase, ’ as ')."""
    return tuple(t.lower().replace("’", "'") for t in _TOKEN.findall(term))


class SpanIndex:
    """Token n-gram counts over documents, with the span (if any) each token lies in.

    Counting is on tokens (runs of letters and digits, with inner apostrophes), which is the
    runtime matcher's whole-word rule without its punctuation details, and is fast enough to
    measure thousands of candidate terms in one pass.
    """

    def __init__(self, docs: Sequence[SpanDoc]) -> None:
        self.tokens: list[str] = []
        self.span_of: list[int] = []  # index into self.labels, or -1
        self.labels: list[str] = []
        self.doc_break: list[bool] = []  # True on a document's first token
        for doc in docs:
            spans = sorted(doc.spans)
            starts = [s for s, _, _ in spans]
            first = True
            for m in _TOKEN.finditer(doc.text):
                self.tokens.append(m.group(0).lower().replace("’", "'"))
                i = bisect.bisect_right(starts, m.start()) - 1
                span_id = -1
                if i >= 0 and m.end() <= spans[i][1]:
                    span_id = len(self.labels) + i
                self.span_of.append(span_id)
                self.doc_break.append(first)
                first = False
            self.labels.extend(lab for _, _, lab in spans)

    def count(self, terms: Iterable[str]) -> dict[str, tuple[Counter[str], int]]:
        """For each term: (occurrences inside a span, per label; all occurrences)."""
        wanted: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for term in terms:
            toks = term_tokens(term)
            if toks:
                wanted[toks].append(term)
        max_n = max((len(t) for t in wanted), default=0)
        found: dict[tuple[str, ...], tuple[Counter[str], list[int]]] = {
            t: (Counter(), [0]) for t in wanted
        }
        n_tokens = len(self.tokens)
        for i in range(n_tokens):
            for n in range(1, max_n + 1):
                j = i + n
                if j > n_tokens or (n > 1 and self.doc_break[j - 1]):
                    break
                gram = tuple(self.tokens[i:j])
                slot = found.get(gram)
                if slot is None:
                    continue
                slot[1][0] += 1
                span_id = self.span_of[i]
                if span_id >= 0 and all(self.span_of[k] == span_id for k in range(i, j)):
                    slot[0][self.labels[span_id]] += 1
        result: dict[str, tuple[Counter[str], int]] = {}
        for toks, names in wanted.items():
            inside, total = found[toks]
            for name in names:
                result[name] = (inside, total[0])
        return result


# ---------------------------------------------------------------- Szeged / CoNLL


def read_szeged(path: Path) -> list[SpanDoc]:
    """One SpanDoc per <Sentence>, with its <ccue> spans labelled by short type."""
    tree = etree.parse(str(path))
    docs: list[SpanDoc] = []
    for sentence in tree.iter("Sentence"):
        parts: list[str] = [sentence.text or ""]
        spans: list[tuple[int, int, str]] = []
        for child in sentence:
            start = sum(map(len, parts))
            cue_text = "".join(child.itertext())
            parts.append(cue_text)
            if child.tag == "ccue":
                label = SZEGED_TYPES.get(child.get("type", ""), "other")
                spans.append((start, start + len(cue_text), label))
            parts.append(child.tail or "")
        docs.append(SpanDoc("".join(parts), spans))
    return docs


_PTB = [
    (re.compile(r"-LRB-"), "("),
    (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["),
    (re.compile(r"-RSB-"), "]"),
    (re.compile(r"``|''"), '"'),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
]


def read_conll(path: Path) -> list[tuple[str, int]]:
    """(detokenised sentence, label) pairs; label 1 = uncertain."""
    rows: list[tuple[str, int]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = " ".join(row["text"].split())
            for regex, repl in _PTB:
                text = regex.sub(repl, text)
            rows.append((text, int(row["label"])))
    return rows


def szeged_table(
    docs: Sequence[SpanDoc], extra_terms: Iterable[str] = ()
) -> list[dict[str, object]]:
    """Per (term, Szeged type): occurrences inside a cue span of that type / all occurrences."""
    cue_counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        for start, end, label in doc.spans:
            term = normalise(doc.text[start:end])
            if term:
                cue_counts[(term, label)] += 1
    terms = {t for (t, _), c in cue_counts.items() if c >= MIN_CUE_COUNT}
    terms |= set(EXTRA_HEDGE_TERMS) | set(extra_terms)
    counts = SpanIndex(docs).count(terms)
    rows: list[dict[str, object]] = []
    for term in sorted(terms):
        inside, total = counts[term]
        labels = sorted(inside) or ["none"]
        for label in labels:
            hits = inside.get(label, 0)
            rows.append(
                {
                    "term": term,
                    "szeged_type": label,
                    "in_cue": hits,
                    "in_any_cue": sum(inside.values()),
                    "occurrences": total,
                    "precision": round(hits / total, 3) if total else 0.0,
                    "smoothed": smoothed(hits, total),
                }
            )
    rows.sort(key=lambda r: (-int(str(r["in_cue"])), str(r["term"])))
    return rows


def conll_table(
    rows: Sequence[tuple[str, int]], hedge_terms: Iterable[str], extra_terms: Iterable[str]
) -> list[dict[str, object]]:
    """Uncertain-sentence rate per term, overall and in sentences without a hedge term."""
    hedge_regex = re.compile(
        r"(?<!\w)(?:"
        + "|".join(term_regex(t) for t in sorted(hedge_terms, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    residual = [not hedge_regex.search(text) for text, _ in rows]
    # Candidates: the given terms plus every frequent unigram and bigram.
    ngram_sentences: Counter[str] = Counter()
    for text, _ in rows:
        words = term_tokens(text)
        grams = set(words) | {" ".join(p) for p in itertools.pairwise(words)}
        ngram_sentences.update(grams)
    candidates = {g for g, n in ngram_sentences.items() if n >= MIN_CONLL_SENTENCES}
    candidates |= set(extra_terms)
    by_tokens: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for term in candidates:
        if term_tokens(term):
            by_tokens[term_tokens(term)].append(term)
    max_n = max(len(t) for t in by_tokens)
    tally: dict[tuple[str, ...], list[int]] = {t: [0, 0, 0, 0] for t in by_tokens}
    for (text, label), is_residual in zip(rows, residual, strict=True):
        toks = term_tokens(text)
        present = {
            toks[i : i + n] for n in range(1, max_n + 1) for i in range(len(toks) - n + 1)
        } & tally.keys()
        for gram in present:
            t = tally[gram]
            t[0] += 1
            t[1] += label
            if is_residual:
                t[2] += 1
                t[3] += label
    out: list[dict[str, object]] = []
    for toks, names in by_tokens.items():
        n, k, rn, rk = tally[toks]
        if n == 0:
            continue
        for term in names:
            out.append(
                {
                    "term": term,
                    "uncertain": k,
                    "sentences": n,
                    "precision": round(k / n, 3),
                    "smoothed": smoothed(k, n),
                    "residual_uncertain": rk,
                    "residual_sentences": rn,
                    "residual_smoothed": smoothed(rk, rn),
                }
            )
    out.sort(key=lambda r: (-float(str(r["residual_smoothed"])), str(r["term"])))
    n_all, k_all = len(rows), sum(label for _, label in rows)
    n_res = sum(residual)
    k_res = sum(label for (_, label), r in zip(rows, residual, strict=True) if r)
    out.insert(
        0,
        {
            "term": "<all sentences>",
            "uncertain": k_all,
            "sentences": n_all,
            "precision": round(k_all / n_all, 3),
            "smoothed": smoothed(k_all, n_all),
            "residual_uncertain": k_res,
            "residual_sentences": n_res,
            "residual_smoothed": smoothed(k_res, n_res),
        },
    )
    return out


# ---------------------------------------------------------------- PolNeAR


def read_polnear(split_dir: Path) -> list[SpanDoc]:
    """One SpanDoc per article: Source/Cue/Content spans from the brat .ann files."""
    docs: list[SpanDoc] = []
    seen: set[str] = set()
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        # annotation files carry a trailing annotator id: <article>_<annotator>.ann; a few
        # articles were annotated by every annotator (quality control): keep the first only,
        # so that no article counts twice.
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in seen:
            continue
        seen.add(stem)
        text_path = split_dir / "text" / f"{stem}.txt"
        if not text_path.exists():
            text_path = split_dir / "text" / f"{ann.stem}.txt"
        text = text_path.read_text(encoding="utf-8")
        spans: list[tuple[int, int, str]] = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) < 3 or not cells[0].startswith("T"):
                continue
            label, _, offsets = cells[1].partition(" ")
            if label not in {"Source", "Cue", "Content"}:
                continue
            for fragment in offsets.split(";"):
                start, end = (int(x) for x in fragment.split())
                spans.append((start, end, label))
        docs.append(SpanDoc(text, spans))
    return docs


def span_texts(docs: Sequence[SpanDoc], label: str) -> list[str]:
    return [doc.text[s:e] for doc in docs for s, e, lab in doc.spans if lab == label]


def ngrams(text: str, max_n: int = 4) -> set[str]:
    words = term_tokens(text)
    return {
        " ".join(words[i : i + n]) for n in range(1, max_n + 1) for i in range(len(words) - n + 1)
    }


def polnear_table(
    docs: Sequence[SpanDoc], label: str, extra_terms: Iterable[str]
) -> list[dict[str, object]]:
    """In-span precision of every frequent span string / n-gram for one span label."""
    exact: Counter[str] = Counter(normalise(t) for t in span_texts(docs, label))
    in_span_grams: Counter[str] = Counter()
    for text in span_texts(docs, label):
        in_span_grams.update(ngrams(text))
    candidates = {t for t, c in exact.items() if c >= MIN_CUE_COUNT and t}
    candidates |= {g for g, c in in_span_grams.items() if c >= MIN_NGRAM_IN_SPAN}
    candidates |= set(extra_terms)
    candidates = {c for c in candidates if re.search(r"\w", c)}
    counts = SpanIndex(docs).count(candidates)
    rows: list[dict[str, object]] = []
    for term in sorted(candidates):
        inside, total = counts[term]
        if total == 0:
            continue
        hits = inside.get(label, 0)
        rows.append(
            {
                "term": term,
                "in_span": hits,
                "exact_span": exact.get(term, 0),
                "occurrences": total,
                "precision": round(hits / total, 3),
                "smoothed": smoothed(hits, total),
            }
        )
    rows.sort(key=lambda r: (-int(str(r["in_span"])), str(r["term"])))
    return rows


def source_head(span: str) -> str:
    """Heuristic head word of a Source span: last word before the first modifier/clause."""
    cut = _HEAD_CUT.split(" " + span + " ", maxsplit=1)[0]
    words = _WORD.findall(cut)
    return words[-1].replace("’", "'").strip(".'") if words else ""


def head_table(docs: Sequence[SpanDoc]) -> list[dict[str, object]]:
    heads: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for span in span_texts(docs, "Source"):
        head = source_head(span)
        if not head:
            continue
        key = head if head[:1].isupper() and head.lower() not in PRONOUNS else head.lower()
        heads[key] += 1
        examples.setdefault(key, " ".join(span.split())[:80])
    return [
        {"head": h, "count": c, "kind": head_kind(h), "example": examples[h]}
        for h, c in heads.most_common()
    ]


def head_kind(head: str) -> str:
    if head.lower() in PRONOUNS:
        return "pronoun"
    return "name" if head[:1].isupper() else "common"


def coverage_tables(
    docs: Sequence[SpanDoc],
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Share of Source spans containing a `sources` term of each type; uncovered heads."""
    lexicon = load_lexicon("sources")
    pattern = lexicon.pattern()
    spans = [" ".join(s.split()) for s in span_texts(docs, "Source")]
    by_type: Counter[str] = Counter()
    uncovered: Counter[str] = Counter()
    examples: dict[str, str] = {}
    any_hit = 0
    common_total = common_hit = 0
    for span in spans:
        types = set()
        for m in pattern.finditer(span):
            entry = lexicon.lookup(m.group(0))
            if entry is not None:
                types.add(entry.type)
        by_type.update(types)
        head = source_head(span)
        key = head if head[:1].isupper() and head.lower() not in PRONOUNS else head.lower()
        if head_kind(key) == "common":
            common_total += 1
            common_hit += bool(types)
        if types:
            any_hit += 1
        else:
            uncovered[key] += 1
            examples.setdefault(key, span[:80])
    total = len(spans)
    coverage = [
        {"type": t, "spans": by_type[t], "total": total, "share": round(by_type[t] / total, 4)}
        for t in sorted(lexicon_types("sources"))
    ]
    coverage.append(
        {"type": "any", "spans": any_hit, "total": total, "share": round(any_hit / total, 4)}
    )
    # Spans headed by a pronoun or a name are typed in code, not by the lexicon: this is the
    # coverage of the rest (spans headed by a lowercase common noun).
    coverage.append(
        {
            "type": "any, common-noun heads",
            "spans": common_hit,
            "total": common_total,
            "share": round(common_hit / max(common_total, 1), 4),
        }
    )
    heads = [
        {"head": h, "count": c, "kind": head_kind(h), "example": examples[h]}
        for h, c in uncovered.most_common(200)
    ]
    return coverage, heads


def lexicon_types(name: str) -> set[str]:
    return {e.type for e in load_lexicon(name).entries}


# ---------------------------------------------------------------- output


def write_table(path: Path, rows: Sequence[dict[str, object]]) -> None:
    if not rows:
        path.write_text("", encoding="utf-8")
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)


def packaged_terms(name: str) -> set[str]:
    """Terms already in a packaged lexicon (so their stats are always measured)."""
    try:
        return {e.term.lower() for e in load_lexicon(name).entries}
    except Exception:  # a missing or broken lexicon must not stop the statistics
        return set()


def run(data: Path, out: Path) -> Iterator[str]:
    out.mkdir(parents=True, exist_ok=True)
    hedging = data / "hedging"
    szeged = read_szeged(hedging / "szeged_wiki_train.xml")
    yield f"szeged wiki train: {len(szeged)} sentences"
    extra_hedges = set(EXTRA_HEDGE_TERMS) | packaged_terms("hedges") | packaged_terms("boosters")
    sz_rows = szeged_table(szeged, extra_hedges)
    for row in sz_rows:
        extra_hedges.add(str(row["term"]))
    write_table(out / "szeged_cues.tsv", sz_rows)
    yield f"szeged_cues.tsv: {len(sz_rows)} rows"

    conll = read_conll(hedging / "conll2010_wiki_train.csv")
    # "Hedge terms" for the residual split: Szeged cues that are cues at least 30% of the time.
    hedge_terms = {
        str(r["term"])
        for r in sz_rows
        if r["szeged_type"] != "none" and float(str(r["precision"])) >= 0.3
    }
    cn_rows = conll_table(conll, hedge_terms, extra_hedges)
    write_table(out / "conll_terms.tsv", cn_rows)
    yield f"conll train: {len(conll)} sentences; conll_terms.tsv: {len(cn_rows)} rows"

    polnear = read_polnear(data / "attribution" / "polnear" / "train")
    yield f"polnear train: {len(polnear)} articles"
    cue_rows = polnear_table(polnear, "Cue", packaged_terms("reporting") | extra_hedges)
    write_table(out / "polnear_cues.tsv", cue_rows)
    yield f"polnear_cues.tsv: {len(cue_rows)} rows"
    src_rows = polnear_table(polnear, "Source", packaged_terms("sources"))
    write_table(out / "polnear_source_terms.tsv", src_rows)
    yield f"polnear_source_terms.tsv: {len(src_rows)} rows"
    write_table(out / "polnear_source_heads.tsv", head_table(polnear))

    try:
        for name in LEXICON_NAMES:
            load_lexicon(name)
    except Exception as exc:  # statistics above stay useful without the lexicons
        yield f"coverage skipped: {exc}"
        return
    coverage, heads = coverage_tables(polnear)
    write_table(out / "coverage.tsv", coverage)
    write_table(out / "uncovered_heads.tsv", heads)
    for row in coverage:
        yield f"coverage {row['type']}: {row['spans']}/{row['total']} = {row['share']:.1%}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for the tables")
    args = parser.parse_args(argv)
    for message in run(args.data, args.out):
        print(message, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
