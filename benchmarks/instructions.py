"""Instructions per article of the in-process pipeline, counted by valgrind's callgrind.

Wall and CPU time on a shared machine move with the neighbours; the number of instructions a
run executes does not. This script scores the first SMALL and the first LARGE articles of the
benchmark corpus (the PolNeAR texts, in the order ``run.py`` uses) with
:func:`scorer.pipeline.scoring.score_items` in one process under ``valgrind --tool=callgrind``, and
prints ``(instructions(LARGE) - instructions(SMALL)) / (LARGE - SMALL)``: the difference
cancels start-up (imports, model loading), so what is left is the cost of one article.

Usage::

    python benchmarks/instructions.py                 # 10 and 40 articles, article report
    python benchmarks/instructions.py --sentences     # with sentence rows and explanations
    PYTHONPATH=/path/to/other/checkout python benchmarks/instructions.py   # another version

Needs valgrind (``apt-get install valgrind``); the two runs go side by side and take a few
minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_DATA, corpus_texts

# Scores the first N articles of a JSONL file in this process. The fallback imports are the
# module paths of checkouts from before the subpackages, so that PYTHONPATH can point at one.
_SCORE = """
import json, sys
try:
    from scorer.reading.inputs import Item
    from scorer.pipeline.scoring import score_items
except ImportError:
    from scorer.io import Item
    from scorer.scoring import score_items
path, n, sentences = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
with open(path, encoding="utf-8") as f:
    items = [Item(id=r["id"], source="bench", text=r["text"])
             for r in (json.loads(line) for _, line in zip(range(n), f))]
for _ in score_items(items, sentences=sentences):
    pass
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(corpus: Path, n: int, sentences: bool, work: Path) -> int:
    """Instructions executed by one process scoring the first ``n`` articles of ``corpus``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={work / f'callgrind.{n}.out'}",
        sys.executable,
        "-c",
        _SCORE,
        str(corpus),
        str(n),
        "1" if sentences else "0",
    ]
    # Run in the work folder: ``python -c`` puts the current folder first on sys.path, so from
    # inside a checkout that checkout's scorer would shadow the one PYTHONPATH names. A fixed
    # hash seed: string hashes decide set and dict collisions, which moved the count by about
    # half a million instructions per article from run to run.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=work, env=env)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"instructions: the run of {n} articles failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10, help="articles in the first run")
    parser.add_argument("--large", type=int, default=40, help="articles in the second run")
    parser.add_argument("--sentences", action="store_true", help="also build sentence rows")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    if not 0 <= args.small < args.large:
        parser.error("--small must be smaller than --large")
    if shutil.which("valgrind") is None:
        sys.exit("instructions: valgrind is not installed (apt-get install valgrind)")
    texts = corpus_texts(args.data)[: args.large]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"a{i:06d}", "text": text}, ensure_ascii=False))
                out.write("\n")
        # The two runs at once: each counts only its own instructions.
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = [
                pool.submit(instructions, corpus, n, args.sentences, work)
                for n in (args.small, args.large)
            ]
            small, large = (run.result() for run in runs)
    per_article = (large - small) / (args.large - args.small)
    print(f"instructions: {args.small} articles {small:,}; {args.large} articles {large:,}")
    print(f"per article: **{per_article / 1e6:.1f} M**")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
