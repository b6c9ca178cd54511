"""How well the language check tells English from other languages, and at what cost.

Measured on:

- the multilingual samples in ``tests/language_samples.jsonl``: the same news paragraph
  written in 34 languages, each as one short sentence and as a paragraph of 40-80 words (the
  check should name the language, and refuse every one but English);
- English from the shared corpora (``../shared/data``), which must not be refused: the
  7,363 CoNLL-2010 Wikipedia sentences, the sentences of the first 300 PolNeAR articles as
  the scorer splits them (fragments, bylines and headlines included), and whole articles
  (PolNeAR, ISOT, PTC);
- speed: milliseconds per PolNeAR article, whole articles.

``--against CHECKOUT`` measures another version's ``scorer/language.py`` beside this one
(for example the main branch's function-word lists: ``--against ../main``).

Usage::

    python benchmarks/language.py
    python benchmarks/language.py --against ../main
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SAMPLES = ROOT / "tests" / "language_samples.jsonl"
sys.path.insert(0, str(ROOT))

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Word-count buckets of the English sentences.
BUCKETS = ((1, 2), (3, 4), (5, 9), (10, 10**9))

Detector = Callable[[str], Any]


def _load(checkout: Path) -> Detector:
    candidates = [
        checkout / "scorer" / "language.py",
        checkout / "scorer" / "reading" / "language.py",
    ]
    path = next((c for c in candidates if c.is_file()), candidates[0])
    if not path.is_file():
        sys.exit(f"language: no {path}")
    spec = importlib.util.spec_from_file_location(f"language_{abs(hash(path))}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve the module's annotations through it
    spec.loader.exec_module(module)
    return module.detect_language  # type: ignore[no-any-return]


def english_texts(data: Path) -> dict[str, list[str]]:
    """English sentences and articles from the shared corpora, by source."""
    from scorer.analysis.text import split_sentences

    texts: dict[str, list[str]] = {}
    with open(data / "hedging" / "conll2010_wiki_train.csv", encoding="utf-8") as handle:
        texts["CoNLL-2010 sentences"] = [row["text"] for row in csv.DictReader(handle)]
    polnear = sorted((data / "attribution" / "polnear").glob("*/text/*.txt"))
    articles = [p.read_text(encoding="utf-8") for p in polnear]
    texts["PolNeAR sentences"] = [
        text[s:e] for text in articles[:300] for s, e in split_sentences(text)
    ]
    texts["PolNeAR articles"] = articles
    isot: list[str] = []
    for name in ("True.csv", "Fake.csv"):
        with open(data / "articles" / "isot_subset" / name, encoding="utf-8") as handle:
            isot += [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    texts["ISOT articles"] = isot
    ptc = sorted((data / "propaganda" / "train-articles").glob("*.txt"))
    texts["PTC articles"] = [p.read_text(encoding="utf-8") for p in ptc]
    return texts


def _bucket(text: str) -> str:
    n = len(_WORD_RE.findall(text))
    for low, high in BUCKETS:
        if low <= n <= high:
            return f"{low}+ words" if high > 10**6 else f"{low}-{high} words"
    return "no words"


def samples_table(detectors: dict[str, Detector]) -> None:
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    print(f"### Multilingual samples ({len(rows)} texts, {SAMPLES.relative_to(ROOT)})\n")
    print("| check | length | language named | non-English refused | English kept |")
    print("|---|---|---|---|---|")
    for name, detect in detectors.items():
        for length in ("short", "long"):
            chosen = [r for r in rows if r["length"] == length]
            named = refused = kept = foreign = 0
            missed = []
            for row in chosen:
                result = detect(row["text"])
                expected = row["language"]
                named += result.code == expected
                if expected == "en":
                    kept += bool(result.english)
                else:
                    foreign += 1
                    refused += not result.english
                    if result.english:
                        missed.append(expected)
            english = len(chosen) - foreign
            print(
                f"| {name} | {length} | {named}/{len(chosen)} | {refused}/{foreign} | "
                f"{kept}/{english} |"
                + (f" scored as English: {', '.join(missed)}" if missed else "")
            )
    print()


def english_table(detectors: dict[str, Detector], texts: dict[str, list[str]]) -> None:
    print("### English from the shared corpora: refused (not English) / undetermined\n")
    print("| check | texts | kind | refused | undetermined |")
    print("|---|---|---|---|---|")
    for name, detect in detectors.items():
        for source, items in texts.items():
            groups: dict[str, Counter[str]] = {}
            for text in items:
                key = _bucket(text) if "sentences" in source else "all"
                result = detect(text)
                counts = groups.setdefault(key, Counter())
                counts["n"] += 1
                counts["refused"] += not result.english
                counts["undetermined"] += bool(result.english and not result.code)
            for key in sorted(groups, key=lambda k: (len(k), k)):
                c = groups[key]
                print(
                    f"| {name} | {source} | {key} ({c['n']}) | {c['refused']} "
                    f"({c['refused'] / c['n']:.2%}) | {c['undetermined']} |"
                )
    print()


def speed_table(detectors: dict[str, Detector], articles: list[str]) -> None:
    print(f"### Speed on {len(articles)} PolNeAR articles (whole texts)\n")
    print("| check | ms per article |")
    print("|---|---|")
    for name, detect in detectors.items():
        detect(articles[0])  # loads what the check loads once
        started = time.perf_counter()
        for text in articles:
            detect(text)
        elapsed = time.perf_counter() - started
        print(f"| {name} | {elapsed / len(articles) * 1000:.3f} |")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument(
        "--against", type=Path, default=None, help="another checkout whose check to measure too"
    )
    args = parser.parse_args(argv)
    from scorer.reading.language import detect_language

    detectors: dict[str, Detector] = {"this checkout": detect_language}
    if args.against is not None:
        detectors[f"{args.against}"] = _load(args.against.resolve())
    samples_table(detectors)
    texts = english_texts(args.data)
    english_table(detectors, texts)
    speed_table(detectors, texts["PolNeAR articles"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
