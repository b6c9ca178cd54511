"""Property tests: any text scores without raising, scores stay in [0, 1], results do not
depend on repetition, batch order, batch size or the number of worker processes."""

from __future__ import annotations

import math
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.classify.model_set import load_model_set
from scorer.cli import cli
from scorer.pipeline.scoring import score_batch, score_items
from scorer.reading.inputs import Item
from scorer.reading.language import detect_language

from .conftest import BLOG_SEED, REUTERS_SEED

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

# News-like pieces: cue words, quotes, sentence punctuation, line breaks, other scripts.
PIECES = [
    "The minister",
    "said",
    "claimed",
    "may",
    "according to sources",
    "officials told Reuters",
    "reportedly",
    "“",
    "”",
    '"',
    "'",
    ".",
    "!",
    "?",
    "!!!",
    ",",
    "\n",
    "\n\n",
    "\r\n",
    "WASHINGTON (Reuters) -",
    "ALL CAPS",
    "1,200",
    "Dr.",
    "U.S.",
    "die Regierung sagte",
    "Правительство",
    "政府",
    "🎉",
    "\u200f",
    "\x00",
    "\t",
    "   ",
]
news_like = st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join)
any_text = st.one_of(st.text(max_size=400), news_like)


def _check_row(row: dict) -> None:
    assert row["status"] in ("ok", "error")
    if row["status"] == "error":
        assert row["error"] and "\n" not in row["error"]
        assert row["certainty"] is None and row["sourcing"] is None
        return
    for score in ("certainty", "sourcing"):
        assert math.isfinite(row[score]) and 0.0 <= row[score] <= 1.0
    assert row["n_sentences"] >= 1


@SETTINGS
@given(text=any_text)
def test_any_text_scores_without_raising_in_range(text: str) -> None:
    models = load_model_set(None)
    for unit in ("article", "sentence"):
        [scored] = score_batch([Item("x", "<test>", text)], models, unit)  # type: ignore[arg-type]
        _check_row(scored.article)
        for sentence in scored.sentences:
            if sentence["status"] == "ok":
                assert 0.0 <= sentence["certainty"] <= 1.0
                assert 0 <= sentence["start"] < sentence["end"] <= len(text)


@SETTINGS
@given(texts=st.lists(any_text, min_size=1, max_size=6), data=st.data())
def test_rows_do_not_depend_on_batch_order_or_size(texts: list[str], data: st.DataObject) -> None:
    models = load_model_set(None)
    items = [Item(str(i), "<test>", t) for i, t in enumerate(texts)]
    together = {s.article["id"]: s for s in score_batch(items, models)}
    order = data.draw(st.permutations(items))
    shuffled = {s.article["id"]: s for s in score_batch(order, models)}
    one_by_one = {s.article["id"]: s for i in items for s in score_batch([i], models)}
    size = data.draw(st.integers(min_value=1, max_value=4))
    batched = {s.article["id"]: s for s in score_items(items, batch_size=size)}
    for key, scored in together.items():
        for other in (shuffled, one_by_one, batched):
            assert other[key].article == scored.article
            assert other[key].sentences == scored.sentences


@SETTINGS
@given(text=any_text)
def test_scoring_and_language_are_deterministic(text: str) -> None:
    models = load_model_set(None)
    item = Item("x", "<test>", text)
    first, second = score_batch([item], models)[0], score_batch([item], models)[0]
    assert first.article == second.article and first.sentences == second.sentences
    assert detect_language(text) == detect_language(text)


TEXTS = [
    "Officials said the bridge would reopen on Monday, according to a statement.",
    "It may rain. Sources claimed it would not!",
    "",
    "Der Stadtrat hat am Dienstag den Haushalt beschlossen, obwohl die Opposition nicht "
    "zugestimmt hat und vor neuen Schulden gewarnt hatte.",
]


def test_jobs_1_and_2_write_identical_reports(tmp_path: Path) -> None:
    inputs = [str(BLOG_SEED), str(REUTERS_SEED)]
    for n, text in enumerate(TEXTS):
        path = tmp_path / f"text{n}.txt"
        path.write_text(text, encoding="utf-8")
        inputs.append(str(path))
    # Many copies, so that with -j 2 batches really go to two worker processes.
    inputs = inputs * 40
    reports = []
    for jobs in ("1", "2"):
        report, sentences = tmp_path / f"r{jobs}.csv", tmp_path / f"s{jobs}.csv"
        result = CliRunner().invoke(
            cli,
            ["score", *inputs, "-o", str(report), "--sentences", str(sentences), "-j", jobs, "-q"],
            catch_exceptions=False,
        )
        assert result.exit_code == 1  # the empty text and the German one are error rows
        reports.append((report.read_bytes(), sentences.read_bytes()))
    assert reports[0] == reports[1]
    assert reports[0][0].count(b"\n") == 1 + len(inputs)
