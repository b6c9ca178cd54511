"""The Dask engine gives the local engine's rows, scores and report bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

import dask.dataframe as dd
import pandas as pd
from click.testing import CliRunner
from distributed import Client, LocalCluster

from scorer.cli import cli
from scorer.errors import InputError
from scorer.pipeline.dask import report_dtypes, score_dask
from scorer.pipeline.scoring import ARTICLE_COLUMNS, SENTENCE_COLUMNS, score_frame
from tests.conftest import BLOG_SEED, REUTERS_SEED

# Small hand-made articles: named and quoted sources, hearsay, vague crowds, '!', an empty
# text and a missing one (error rows must come through the engine too).
ARTICLES = [
    'The minister said on Tuesday that the budget would pass. "We have the votes," she told '
    "reporters. Analysts at Moody's expect a surplus.",
    "Sources claimed the deal may collapse! According to experts, it was allegedly signed in "
    "secret. Some people say the talks could fail.",
    "Reuters reported that the company filed a lawsuit. The filing, seen by Reuters, names "
    "three directors. A spokesman declined to comment.",
    "SHOCKING!!! They don't want you to know this. Many believe it is a cover-up.",
    "",
    None,
]


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def frame(blog_text: str, reuters_text: str) -> pd.DataFrame:
    texts = [blog_text, reuters_text, *ARTICLES]
    return pd.DataFrame(
        {"doc": [f"d{i}" for i in range(len(texts))], "body": texts},
        index=pd.RangeIndex(100, 100 + len(texts)),
    )


def _local(frame: pd.DataFrame, **options: object) -> pd.DataFrame:
    sentences = bool(options.get("sentences"))
    local = score_frame(frame, text_column="body", id_column="doc", **options)  # type: ignore[arg-type]
    return local.astype(report_dtypes(sentences=sentences))


def test_dtypes_follow_the_value_types_of_real_rows() -> None:
    dtypes = report_dtypes()
    assert list(dtypes) == ARTICLE_COLUMNS
    assert dtypes["id"] == dtypes["top_cues"] == "string[pyarrow]"
    assert dtypes["certainty"] == dtypes["attr_rate"] == "float64"
    assert dtypes["n_sentences"] == dtypes["hedge_count"] == "Int64"
    sentence_dtypes = report_dtypes(sentences=True)
    assert list(sentence_dtypes) == SENTENCE_COLUMNS
    assert sentence_dtypes["in_quote"] == "boolean"
    assert sentence_dtypes["start"] == "Int64"


@pytest.mark.slow
def test_score_dask_equals_the_local_engine(client: Client, frame: pd.DataFrame) -> None:
    ddf = dd.from_pandas(frame, npartitions=3)
    scored = score_dask(ddf, text_column="body", id_column="doc")
    expected_dtypes = {c: pd.api.types.pandas_dtype(t) for c, t in report_dtypes().items()}
    assert dict(scored.dtypes) == expected_dtypes
    assert scored.divisions == ddf.divisions
    result = scored.compute()
    expected = _local(frame)
    expected.index = frame.index
    pd.testing.assert_frame_equal(result, expected)
    assert list(result["status"]) == ["ok"] * 6 + ["error"] * 2
    assert list(result["error"].iloc[-2:]) == ["empty text", "empty text"]  # "" and missing
    reuters, blog = result.loc[101], result.loc[100]
    assert reuters["sourcing"] > blog["sourcing"]
    assert reuters["certainty"] > blog["certainty"]


@pytest.mark.slow
def test_score_dask_sentence_rows_equal_the_local_engine(
    client: Client, frame: pd.DataFrame
) -> None:
    ddf = dd.from_pandas(frame, npartitions=2)
    scored = score_dask(ddf, text_column="body", id_column="doc", sentences=True)
    result = scored.compute()
    pd.testing.assert_frame_equal(result, _local(frame, sentences=True))
    assert result.index[0] == 100 and result.index[-1] == 107  # each its input row's label


@pytest.mark.slow
def test_parquet_in_parquet_out(client: Client, frame: pd.DataFrame, tmp_path: Path) -> None:
    frame.to_parquet(tmp_path / "articles.parquet")
    ddf = dd.read_parquet(tmp_path / "articles.parquet")
    score_dask(ddf, text_column="body", id_column="doc").to_parquet(tmp_path / "report")
    result = pd.read_parquet(tmp_path / "report")
    expected = _local(frame)
    assert list(result["id"]) == list(expected["id"])
    pd.testing.assert_series_equal(
        result["sourcing"].reset_index(drop=True), expected["sourcing"].reset_index(drop=True)
    )
    assert list(result["n_sentences"].astype("Int64")) == list(expected["n_sentences"])


@pytest.mark.slow
@pytest.mark.parametrize("sentences", [False, True])
def test_score_dask_keeps_input_columns_as_the_local_engine_does(
    client: Client, frame: pd.DataFrame, sentences: bool
) -> None:
    with_columns = frame.assign(
        outlet=[f"outlet {i % 3}" for i in range(len(frame))],
        votes=pd.array([None, *range(1, len(frame))], dtype="Int64"),
        flagged=[i % 2 == 0 for i in range(len(frame))],
    )
    keep = ["outlet", "votes", "flagged"]
    scored = score_dask(
        dd.from_pandas(with_columns, npartitions=3),
        text_column="body",
        id_column="doc",
        sentences=sentences,
        keep=keep,
    )
    assert {c: str(t) for c, t in scored.dtypes[keep].items()} == {
        "outlet": "string",
        "votes": "Int64",
        "flagged": "boolean",
    }
    result = scored.compute()
    local = score_frame(
        with_columns, text_column="body", id_column="doc", sentences=sentences, keep=keep
    )
    assert list(result.columns) == list(
        local.columns
    )  # kept columns where the local engine puts them
    assert list(result["outlet"]) == list(local["outlet"])
    assert result["votes"].isna().tolist() == local["votes"].isna().tolist()
    assert list(result["votes"].dropna()) == list(local["votes"].dropna())
    assert list(result["flagged"]) == list(local["flagged"])
    pd.testing.assert_series_equal(result["certainty"], local["certainty"].astype("float64"))


def test_score_dask_refuses_a_kept_column_named_like_a_report_column(
    frame: pd.DataFrame,
) -> None:
    with pytest.raises(InputError, match="sourcing"):
        score_dask(dd.from_pandas(frame.assign(sourcing=1), npartitions=1), keep=["sourcing"])


@pytest.mark.slow
def test_score_dask_names_a_missing_column(client: Client, frame: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="no column 'text'; columns are: doc, body"):
        score_dask(dd.from_pandas(frame, npartitions=1))


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(ARTICLES):
            out.write(json.dumps({"id": f"c{i}", "text": text}) + "\n")
    return path


@pytest.mark.slow
def test_cli_dask_engine_writes_the_local_report(client: Client, tmp_path: Path) -> None:
    inputs = [str(BLOG_SEED), str(REUTERS_SEED), str(_corpus(tmp_path))]
    runner = CliRunner()
    reports = {}
    for engine in ("local", "dask"):
        options = ["--engine", engine]
        if engine == "dask":
            options += ["--scheduler", client.scheduler.address]
        result = runner.invoke(
            cli,
            [
                "score",
                *inputs,
                "-o",
                str(tmp_path / f"{engine}.csv"),
                "--sentences",
                str(tmp_path / f"{engine}_sentences.csv"),
                "-j",
                "1",
                "-q",
                *options,
            ],
        )
        assert result.exit_code == 1, result.output  # the empty and the missing text
        reports[engine] = (
            (tmp_path / f"{engine}.csv").read_bytes(),
            (tmp_path / f"{engine}_sentences.csv").read_bytes(),
        )
    assert reports["dask"] == reports["local"]
    assert reports["dask"][0].count(b"\n") == 1 + 2 + len(ARTICLES)


@pytest.mark.slow
def test_cli_dask_engine_starts_a_local_cluster(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "report.csv"
    result = runner.invoke(
        cli, ["score", str(REUTERS_SEED), "-o", str(out), "-j", "1", "-q", "--engine", "dask"]
    )
    assert result.exit_code == 0, result.output
    local = tmp_path / "local.csv"
    runner.invoke(cli, ["score", str(REUTERS_SEED), "-o", str(local), "-j", "1", "-q"])
    assert out.read_bytes() == local.read_bytes()


def test_cli_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["score", str(BLOG_SEED), "-o", str(tmp_path / "r.csv"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.output
