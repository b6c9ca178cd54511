"""Rebuild ``punkt_news.json``, the Punkt sentence-splitter parameters the package ships.

Run from the checkout (the data lives next to it, never inside the package)::

    python -m scorer.training.build_punkt --data ../shared/data

The trainer reads news text only: the PolNeAR training articles (US election news from seven
publishers) and the ``text`` column of the ISOT ``True.csv`` subset (Reuters wire copy), in a
fixed order. The curated ``abbreviations.txt`` is merged into the learned abbreviations, and
every set is written as a sorted list with sorted keys, so the same data always gives a
byte-identical file (the test suite and reviewers can diff it).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from scorer.analysis.text import (
    _HAS_WORD_RE,
    PUNKT_FORMAT,
    PUNKT_FORMAT_VERSION,
    punkt_module,
)
from scorer.errors import DataError

#: Where the shipped file lives: the package's resources folder.
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
OUTPUT = RESOURCES / "punkt_news.json"
ABBREVIATIONS = RESOURCES / "abbreviations.txt"

# An ellipsis or underscore in a learned "abbreviation" marks a stray token, not an abbreviation.
_JUNK_ABBREV_RE = re.compile(r"[…_]")

#: Training corpora, relative to ``--data``. Only *train* splits: dev and test stay unseen.
POLNEAR_GLOB = "attribution/polnear/train/text/*.txt"
ISOT_TRUE = "articles/isot_subset/True.csv"


def iter_training_texts(data: Path) -> Iterator[str]:
    """Yield the news texts Punkt is trained on, in a deterministic order.

    Args:
        data: The shared data folder (the one holding ``README.md`` and ``attribution/``).

    Yields:
        One article text at a time.

    Raises:
        DataError: If a corpus is missing or has no ``text`` column.
    """
    polnear = sorted(data.glob(POLNEAR_GLOB))
    if not polnear:
        raise DataError(f"no PolNeAR training texts under {data / POLNEAR_GLOB}")
    for path in polnear:
        yield path.read_text(encoding="utf-8")
    isot = data / ISOT_TRUE
    if not isot.is_file():
        raise DataError(f"no such file: {isot}")
    # Wire stories can be long; the csv module's default field limit (128 KiB) is not enough
    # for every row in larger dumps.
    csv.field_size_limit(sys.maxsize)
    with isot.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            raise DataError(f"no column 'text' in {isot}")
        for row in reader:
            text = row["text"]
            if text and text.strip():
                yield text


def read_abbreviations(path: Path = ABBREVIATIONS) -> list[str]:
    """Read the curated abbreviation list (one lowercase abbreviation per line, no period).

    Args:
        path: The list to read.

    Returns:
        The abbreviations, sorted and deduplicated.
    """
    return sorted({line.strip() for line in path.read_text(encoding="utf-8").splitlines()} - {""})


def train_punkt_parameters(texts: Iterable[str], abbreviations: Iterable[str]) -> dict[str, Any]:
    """Train Punkt on ``texts`` and return its parameters in the shipped JSON shape.

    Args:
        texts: Raw training texts (news articles), read once, in order.
        abbreviations: Curated abbreviations, lowercase, without the final period
            (``mr``, ``u.s``); merged into the ones Punkt learns.

    Returns:
        A JSON-serialisable dict with sorted lists, so the same input always gives the same
        file: ``format``, ``version``, ``abbrev_types``, ``collocations``, ``sent_starters``,
        ``ortho_context``.
    """
    trainer = punkt_module().PunktTrainer()
    for text in texts:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    # Punkt also "learns" stray tokens such as '__' or 'to…' (ellipses glued to words);
    # an abbreviation must have a letter and no ellipsis or underscore.
    abbrevs = {
        a for a in params.abbrev_types if _HAS_WORD_RE.search(a) and not _JUNK_ABBREV_RE.search(a)
    }
    abbrevs.update(a.strip().lower().rstrip(".") for a in abbreviations)
    abbrevs.discard("")
    return {
        "format": PUNKT_FORMAT,
        "version": PUNKT_FORMAT_VERSION,
        "abbrev_types": sorted(abbrevs),
        "collocations": sorted([a, b] for a, b in params.collocations),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": {k: int(v) for k, v in sorted(params.ortho_context.items()) if v},
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: train and write ``punkt_news.json``.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The process exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("../shared/data"),
        help="shared data folder (default: ../shared/data)",
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help=f"file to write (default: {OUTPUT})"
    )
    args = parser.parse_args(argv)
    try:
        params = train_punkt_parameters(iter_training_texts(args.data), read_abbreviations())
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(params, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(
        f"wrote {args.output}: {len(params['abbrev_types'])} abbreviations, "
        f"{len(params['collocations'])} collocations, {len(params['sent_starters'])} "
        f"sentence starters, {len(params['ortho_context'])} word types",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
