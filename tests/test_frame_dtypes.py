"""The Python API lines up with its input: score_frame keeps the frame's index and the id
column's dtype, and the report columns keep their dtypes whatever rows fail."""

from __future__ import annotations

import pandas as pd
import pytest

import scorer
from scorer.pipeline.scoring import ARTICLE_COLUMNS, SENTENCE_COLUMNS

GOOD = "Officials said the bridge may reopen on Monday, according to the council's minutes."


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"article": [7, 8, 9], "body": [GOOD, "", None], "outlet": ["a", "b", "c"]},
        index=pd.Index(["x", "y", "z"], name="key"),
    )


def test_article_rows_keep_the_index_and_the_id_dtype(frame: pd.DataFrame) -> None:
    out = scorer.score_frame(frame, text_column="body", id_column="article")
    assert out.index.equals(frame.index)
    assert out["id"].dtype == frame["article"].dtype == "int64"
    assert list(out["id"]) == [7, 8, 9]
    assert list(out["status"]) == ["ok", "error", "error"]
    # A merge or a join on them works, and finds every row.
    merged = frame.merge(out[["id", "sourcing"]], left_on="article", right_on="id")
    assert len(merged) == 3
    assert frame.join(out[["certainty"]]).index.equals(frame.index)


def test_without_an_id_column_the_ids_are_the_index_labels(frame: pd.DataFrame) -> None:
    out = scorer.score_frame(frame.set_index("article"), text_column="body")
    assert list(out["id"]) == [7, 8, 9] and out["id"].dtype == "int64"
    assert list(out.index) == [7, 8, 9]


def test_a_nullable_id_column_stays_nullable(frame: pd.DataFrame) -> None:
    ids = frame.assign(article=pd.array([7, None, 9], dtype="Int64"))
    out = scorer.score_frame(ids, text_column="body", id_column="article")
    assert out["id"].dtype == "Int64"
    assert out["id"].iloc[0] == 7 and out["id"].isna().tolist() == [False, True, False]


def test_sentence_rows_carry_the_label_of_their_input_row(frame: pd.DataFrame) -> None:
    out = scorer.score_frame(frame, text_column="body", id_column="article", sentences=True)
    assert list(out.index) == ["x", "y", "z"]  # one sentence, then one error row each
    assert list(out["id"]) == [7, 8, 9] and out["id"].dtype == "int64"
    joined = out.join(frame[["outlet"]])
    assert list(joined["outlet"]) == ["a", "b", "c"]


ARTICLE_DTYPES = {
    "n_sentences": "Int64",
    "n_words": "Int64",
    "hedge_count": "Int64",
    "short_text": "boolean",
    "certainty": "float64",
    "sourcing": "float64",
}
SENTENCE_DTYPES = {
    "sentence": "Int64",
    "start": "Int64",
    "source_start": "Int64",
    "caps_words": "Int64",
    "in_quote": "boolean",
    "has_quote": "boolean",
    "certainty": "float64",
}


@pytest.mark.parametrize(
    "texts",
    [[GOOD, GOOD], [GOOD, None], [None, ""]],
    ids=["all scored", "one error", "all errors"],
)
def test_report_dtypes_do_not_depend_on_which_rows_fail(texts: list[str | None]) -> None:
    frame = pd.DataFrame({"text": texts})
    articles = scorer.score_frame(frame)
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert {c: str(articles[c].dtype) for c in ARTICLE_DTYPES} == ARTICLE_DTYPES
    sentences = scorer.score_frame(frame, sentences=True)
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert {c: str(sentences[c].dtype) for c in SENTENCE_DTYPES} == SENTENCE_DTYPES


def test_score_text_has_the_same_dtypes() -> None:
    for text in (GOOD, ""):
        row = scorer.score_text(text)
        assert {c: str(row[c].dtype) for c in ARTICLE_DTYPES} == ARTICLE_DTYPES


def test_short_texts_are_flagged() -> None:
    from scorer.pipeline.scoring import SHORT_TEXT_WORDS

    two_lines = "Officials said the bridge may reopen.\nCritics claimed it was late."
    long_text = " ".join([GOOD] * 5)  # 65 words as the scorer counts them
    rows = scorer.score_frame(pd.DataFrame({"text": [two_lines, long_text, ""]}))
    assert SHORT_TEXT_WORDS == 50
    assert rows["n_words"].iloc[:2].tolist() == [11, 65]
    assert rows["short_text"].iloc[0] and not rows["short_text"].iloc[1]
    assert pd.isna(rows["short_text"].iloc[2])  # an error row has no text to be short
