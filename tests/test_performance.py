"""Speed-ups that must not change a single result, and imports that must stay light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from scorer.classify.model_set import load_model_set
from scorer.cli import cli
from scorer.training.fit import ngram_matrix
from tests.conftest import REPO, REUTERS_SEED


@pytest.fixture(scope="module")
def sentences(blog_text: str, reuters_text: str) -> list[str]:
    from scorer.analysis.text import split_sentences

    texts = [blog_text, reuters_text]
    found = [text[s:e] for text in texts for s, e in split_sentences(text)]
    return [*found, "", "   ", "!!!!", "SOURCES SAID IT MAY BE TRUE", "Don’t say it’s over."]


def test_ngram_scores_equal_the_sparse_product_bit_for_bit(sentences: list[str]) -> None:
    model = load_model_set().certainty
    assert model.vocabulary, "the certainty model has n-gram features"
    sparse = ngram_matrix(model, sentences) @ model.ngram_coef
    fast = model.ngram_scores(sentences)
    assert fast.dtype == np.float64
    assert np.array_equal(sparse, fast)
    assert np.count_nonzero(fast) > len(sentences) // 2


def _modules_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout))


def test_help_imports_none_of_the_heavy_libraries() -> None:
    loaded = _modules_after("import scorer.cli")
    for heavy in ("pandas", "numpy", "nltk", "sklearn", "scipy", "dask"):
        assert heavy not in loaded, heavy


def test_scoring_imports_neither_scikit_learn_nor_all_of_nltk() -> None:
    loaded = _modules_after(
        "from scorer.reading.inputs import Item\nfrom scorer.pipeline.scoring import score_items\n"
        "list(score_items([Item('a', 'x', 'Sources said it may rain. It did.')]))"
    )
    for heavy in ("sklearn", "scipy", "nltk", "pandas"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in loaded), heavy


def test_punkt_loaded_privately_leaves_nltk_whole() -> None:
    from scorer.analysis.text import split_sentences

    assert split_sentences("Mr. Smith left. He said so.") == [(0, 15), (16, 27)]
    loaded = _modules_after(
        "from scorer.analysis.text import split_sentences\nsplit_sentences('A b. C d.')\n"
        "import nltk\nfrom nltk.tokenize import punkt\n"
        "assert nltk.tokenize.punkt is punkt and nltk.probability.FreqDist"
    )
    assert "nltk.tokenize.punkt" in loaded


def test_progress_total_is_counted_only_where_cheap(tmp_path: Path) -> None:
    from scorer.writing.files import cheap_total

    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    (tmp_path / "c.csv").write_text('text\n"x\ny"\n', encoding="utf-8")
    assert cheap_total([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")]) == 3
    assert cheap_total([str(tmp_path / "a.txt"), str(tmp_path / "c.csv")]) is None
    assert cheap_total([str(tmp_path)]) is None
    assert cheap_total(["-"]) is None


def test_no_progress_bar_when_stderr_is_not_a_terminal_or_quiet(tmp_path: Path) -> None:
    from scorer.cli import _show_progress

    assert not _show_progress(quiet=False)  # pytest's stderr is not a terminal
    assert not _show_progress(quiet=True)
    result = CliRunner().invoke(
        cli, ["score", str(REUTERS_SEED), "-o", str(tmp_path / "r.csv"), "-j", "1"]
    )
    assert result.exit_code == 0
    assert "it/s" not in result.stderr and "items/s" not in result.stderr
