"""The scoring pipeline: rows, columns, errors, offsets, the Python API."""

from __future__ import annotations

import pandas as pd
import pytest

import scorer
from scorer.errors import InputError
from scorer.pipeline.scoring import (
    ARTICLE_COLUMNS,
    SENTENCE_COLUMNS,
    article_certainty,
    score_items,
    score_text,
)
from scorer.reading.inputs import Item

FIRST_COLUMNS = [
    "id",
    "source",
    "status",
    "error",
    "n_sentences",
    "n_words",
    "certainty",
    "sourcing",
]


def test_article_columns_start_with_the_contract() -> None:
    assert ARTICLE_COLUMNS[:8] == FIRST_COLUMNS
    assert len(set(ARTICLE_COLUMNS)) == len(ARTICLE_COLUMNS)
    required = ["id", "sentence", "start", "end", "text", "certainty", "hedge_cues", "attribution"]
    required += ["source_text", "source_start", "source_end", "in_quote", "exclamation"]
    assert all(c in SENTENCE_COLUMNS for c in required)


def test_score_text_returns_one_article_row() -> None:
    frame = score_text("Sources said the plane may have crashed! Officials denied it.")
    assert list(frame.columns) == ARTICLE_COLUMNS
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["status"] == "ok"
    assert row["n_sentences"] == 2
    assert 0 <= row["certainty"] <= 1 and 0 <= row["sourcing"] <= 1
    assert "sources said" in row["top_cues"]


def test_sentence_offsets_index_the_original_text() -> None:
    text = "Headline here\r\n\r\nSources said it may rain. “It will,” she said.\n"
    rows = score_text(text, sentences=True)
    assert list(rows.columns) == SENTENCE_COLUMNS
    normalised = text  # score_text takes the text as given
    for row in rows.itertuples():
        assert normalised[row.start : row.end] == row.text
    sourced = rows[rows["source_text"] != ""]
    for row in sourced.itertuples():
        assert normalised[int(row.source_start) : int(row.source_end)] == row.source_text


def test_error_items_keep_their_row_and_order() -> None:
    items = [
        Item("a", "a.txt", "It rained."),
        Item("b", "b.txt", None, "empty file"),
        Item("c", "c.txt", "   \n "),
        Item("d", "d.txt", "!!!!"),
        Item("e", "e.txt", "It may rain."),
    ]
    scored = list(score_items(items))
    assert [s.article["id"] for s in scored] == ["a", "b", "c", "d", "e"]
    assert [s.article["status"] for s in scored] == ["ok", "error", "error", "error", "ok"]
    assert scored[1].article["error"] == "empty file"
    assert scored[2].article["error"] == "empty text"
    assert scored[3].article["error"] == "no sentences found (only page furniture or punctuation)"
    assert scored[1].article["certainty"] is None


def test_sentence_unit_does_not_split() -> None:
    items = [Item("s1", "t", "One. Two. Three."), Item("s2", "t", "It may rain.")]
    scored = list(score_items(items, unit="sentence"))
    assert [len(s.sentences) for s in scored] == [1, 1]
    assert scored[0].sentences[0]["text"] == "One. Two. Three."


def test_batches_and_jobs_do_not_change_results() -> None:
    texts = ["Sources said it may rain!", "Reuters reported the vote.", "It is clear.", "x y z."]
    items = [Item(str(i), "t", t) for i, t in enumerate(texts * 3)]
    one = [s.article for s in score_items(items, batch_size=1)]
    big = [s.article for s in score_items(items, batch_size=64)]
    assert one == big


def test_article_rows_do_not_depend_on_building_sentence_rows() -> None:
    texts = ["Sources said it may rain! Officials denied it.", "", "It is clear."]
    items = [Item(str(i), "t", t) for i, t in enumerate(texts)]
    full = list(score_items(items))
    lean = list(score_items(items, sentences=False))
    assert [s.article for s in lean] == [s.article for s in full]
    assert [len(s.sentences) for s in full] == [2, 1, 1]
    # Scored items come without sentence rows; a failed item keeps its error row.
    assert [len(s.sentences) for s in lean] == [0, 1, 0]
    sentence_unit = list(score_items(items[:1], unit="sentence", sentences=False))
    assert len(sentence_unit[0].sentences) == 1


def test_article_certainty_leaves_out_quoted_sentences() -> None:
    from scorer.analysis.features import analyze_standalone
    from scorer.classify.model_set import load_model_set

    cues = load_model_set().attribution
    own = analyze_standalone("It rained in the city today.", cues)
    quoted = analyze_standalone('"It may perhaps rain," he said.', cues)
    quoted_all = analyze_standalone('"It may perhaps rain tomorrow."', cues)
    assert article_certainty([own, quoted_all], [0.8, 0.1]) == pytest.approx(0.8)
    assert 0.1 < article_certainty([own, quoted], [0.8, 0.1]) < 0.8
    assert article_certainty([quoted_all], [0.3]) == pytest.approx(0.3)


def test_score_frame_api() -> None:
    frame = pd.DataFrame({"key": ["x", "y"], "body": ["It may rain.", 42]})
    out = scorer.score_frame(frame, text_column="body", id_column="key")
    assert list(out["id"]) == ["x", "y"]
    assert list(out["status"]) == ["ok", "error"]
    assert out.iloc[1]["error"] == "text is not a string (int)"
    with pytest.raises(InputError, match="no column 'text'; columns are: key, body"):
        scorer.score_frame(frame)


def test_score_frame_rows_go_by_their_index_label() -> None:
    frame = pd.DataFrame(
        {"key": ["x", None], "body": ["It may rain.", "Officials said so."]}, index=[10, 11]
    )
    out = scorer.score_frame(frame, text_column="body", id_column="key")
    # The ids are the id column's, a missing one included; the row keeps its label.
    assert out["id"].iloc[0] == "x" and pd.isna(out["id"].iloc[1])
    assert list(out.index) == [10, 11]
    assert list(out["source"]) == ["<frame>:10", "<frame>:11"]
    sentences = scorer.score_frame(frame, text_column="body", sentences=True)
    assert list(sentences["source"]) == ["<frame>:10", "<frame>:11"]


def test_blog_seed_explanation_names_its_hedges_and_sources(blog_text: str) -> None:
    row = score_text(blog_text).iloc[0]
    for cue in ("'claimed'×3", "'sources said'", "'according to experts'"):
        assert cue in row["top_cues"]
    assert "'claimed'×3" in row["certainty_explanation"]
    # Sourcing names the evidence (its sources, and the claims that rest on unnamed ones);
    # the author's "!" is tone, which lowers reliability instead.
    assert row["sourcing_explanation"].startswith("6 distinct identified sources: Moscow, ")
    assert "2 anonymous: section, sources" in row["sourcing_explanation"]
    assert "author's '!'" not in row["sourcing_explanation"]
    assert "high author's '!' -0." in row["reliability_explanation"].split("lowered by")[1]


def test_every_article_feature_has_a_readable_label() -> None:
    from scorer.analysis.features import ARTICLE_FEATURES
    from scorer.pipeline.scoring import FEATURE_LABELS

    assert set(ARTICLE_FEATURES) <= set(FEATURE_LABELS)


def test_cue_lists_put_the_most_frequent_then_the_surest_first() -> None:
    from scorer.pipeline.scoring import _format_counter

    counts = {"al-assad adopted": 1, "moscow confirmed": 1, "sources said": 2, "asma said": 1}
    surest = {"moscow confirmed": 0.97, "asma said": 0.91, "al-assad adopted": 0.31}
    assert _format_counter(counts, 3, surest) == (
        "'sources said'×2, 'moscow confirmed', 'asma said'"
    )
    # Without probabilities, ties fall back to alphabetical order.
    assert _format_counter(counts, 3) == "'sources said'×2, 'al-assad adopted', 'asma said'"


def test_blog_seed_lists_its_surest_named_sources_first(blog_text: str) -> None:
    top = score_text(blog_text).iloc[0]["top_cues"]
    named = top.split("named sources ")[1].split(";")[0]
    assert "'al-assad adopted'" not in named  # a one-off 'adopted' is an unsure cue
    assert "'moscow announced'" in named


def test_sentence_certainty_explanation_gives_each_push_in_log_odds() -> None:
    from scorer.analysis.features import analyze_standalone, sentence_feature_matrix
    from scorer.classify.model_set import load_model_set
    from scorer.pipeline.scoring import sentence_certainty_explanation

    text = "Experts say the plan may fail."
    why = score_text(text, sentences=True)["certainty_explanation"][0]
    assert why == (
        "hedges 'Experts say', 'may' -2.28; vague source -0.32; "
        "words -0.27 ('say' -0.29, 'plan' +0.16) (log-odds)"
    )
    # The hedges' push is what the log-odds lose when the sentence's hedge features are zeroed.
    model = load_model_set().certainty
    analysis = analyze_standalone(text, load_model_set().attribution)
    X = sentence_feature_matrix([analysis], model.features)
    without = X.copy()
    without[:, [i for i, f in enumerate(model.features) if f.startswith("hedge_")]] = 0.0
    change = model.decision(X, [text]) - model.decision(without, [text])
    assert float(change[0]) == pytest.approx(-2.28, abs=0.005)
    assert sentence_certainty_explanation(analysis, X[0], model) == why
    # The attribution push names every type the sentence cites: here the anonymous one weighs.
    cited = "Russian news agencies reported the news on Sunday, citing a Kremlin source."
    assert score_text(cited, sentences=True)["certainty_explanation"][0].startswith(
        "media and anonymous sources -0."
    )
    # A plain sentence is explained by its words alone, or not at all.
    plain = score_text("The bridge closed on Monday.", sentences=True)["certainty_explanation"][0]
    assert "hedges" not in plain
