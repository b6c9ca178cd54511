"""Outlet profiles from article reports: pinned values on hand-made reports, the bootstrap,
determinism, chunked reading, and bad input."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import scorer
from scorer.errors import InputError
from scorer.pipeline.scoring import article_columns
from scorer.writing.profiles import (
    ATTRIBUTION_KINDS,
    BOOTSTRAP_MAX_ARTICLES,
    REQUIRED_COLUMNS,
    _parse_cues,
    bootstrap_interval,
    profile,
    profile_columns,
    profile_reports,
    registered_domain,
)
from scorer.writing.report import ReportWriter

BLOG_CUES = (
    "hedges 'claimed'×3, 'would'×3, 'thought'×2, 'according to experts'; named sources 'asma "
    "stressed', 'he is eager'; anonymous sources 'sources said', 'sources close to the kremlin "
    "(according to sources)'; boosters 'always'; author's '!'×3; hedges in quotes 'may'×2"
)


def article(outlet: Any, **values: Any) -> dict[str, Any]:
    """One scored article row of a report, with every count the profile reads."""
    row: dict[str, Any] = {
        "id": "a",
        "source": "t.csv:1",
        "status": "ok",
        "error": "",
        "n_sentences": 10,
        "n_words": 200,
        "certainty": 0.5,
        "sourcing": 0.5,
        "outlet": outlet,
        **{f"attr_{kind}_share": 0.0 for kind in ATTRIBUTION_KINDS},
        "attr_count": 0,
        "hedge_hearsay_rate": 0.0,
        "exclaim_count": 0,
        "quote_count": 0,
        "top_cues": "",
    }
    row.update(values)
    return row


def failed(outlet: Any) -> dict[str, Any]:
    row = dict.fromkeys(article(outlet))
    row.update(id="b", source="t.csv:2", status="error", error="empty text", outlet=outlet)
    return row


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def write_report(path: Path, rows: list[dict[str, Any]], fmt: str = "csv") -> Path:
    columns = article_columns(["outlet"])
    with ReportWriter(path, columns, fmt) as writer:  # type: ignore[arg-type]
        for row in rows:
            writer.write(row)
    return path


OUTLET_ROWS = [
    # Wire: 3 articles. Sentences 10 + 20 + 10 = 40.
    article(
        "Wire",
        certainty=0.8,
        sourcing=0.9,
        n_words=100,
        attr_named_share=0.5,
        attr_media_share=0.1,
        attr_count=6,
        quote_count=3,
        top_cues="hedges 'may'×2; named sources 'the mayor said'×2",
    ),
    article(
        "Wire",
        certainty=0.7,
        sourcing=0.8,
        n_sentences=20,
        n_words=300,
        attr_named_share=0.25,
        attr_document_share=0.05,
        attr_vague_share=0.05,
        attr_count=7,
        quote_count=4,
        hedge_hearsay_rate=0.1,
        top_cues="hedges 'may', 'could'; named sources 'the mayor said'",
    ),
    article("Wire", certainty=0.6, sourcing=0.7, n_words=200, attr_anonymous_share=0.3,
            attr_count=3, exclaim_count=1),
    failed("Wire"),
    # Blog: 2 articles, flagged.
    article("Blog", certainty=0.2, sourcing=0.1, attr_vague_share=0.5, attr_count=5,
            hedge_hearsay_rate=0.3, exclaim_count=4, top_cues=BLOG_CUES),
    article("Blog", certainty=0.4, sourcing=0.3, n_sentences=5, attr_anonymous_share=0.2,
            attr_count=1, top_cues="hedges 'claimed'"),
    # No outlet, and an outlet whose only article failed.
    article(None, certainty=0.5, sourcing=0.5),
    failed("Gone"),
]  # fmt: skip


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return profile(frame(OUTLET_ROWS), "outlet", min_articles=3)


def test_columns_and_order(table: pd.DataFrame) -> None:
    assert list(table.columns) == profile_columns("outlet")
    # Largest first, then by name; the row without an outlet is named "".
    assert table["outlet"].tolist() == ["Wire", "Blog", "", "Gone"]
    assert table[["n_articles", "n_scored", "n_errors"]].values.tolist() == [
        [4, 3, 1],
        [2, 2, 0],
        [1, 1, 0],
        [1, 0, 1],
    ]


def test_means_words_and_sentence_mix_are_pooled(table: pd.DataFrame) -> None:
    # The table is rounded to 4 decimals, as reports are.
    wire = table.iloc[0]
    assert wire["certainty"] == pytest.approx(0.7, abs=5e-5)
    assert wire["sourcing"] == pytest.approx(0.8, abs=5e-5)
    assert wire["median_words"] == 200
    assert wire["n_sentences"] == 40
    # Sentences by main source: named 5 + 5, media 1, document 1, vague 1, anonymous 3 (of 40);
    # 6 + 7 + 3 attributed, so 24 without.
    assert wire["attr_named_share"] == pytest.approx(10 / 40, abs=5e-5)
    assert wire["attr_media_share"] == pytest.approx(1 / 40, abs=5e-5)
    assert wire["attr_document_share"] == pytest.approx(1 / 40, abs=5e-5)
    assert wire["attr_anonymous_share"] == pytest.approx(3 / 40, abs=5e-5)
    assert wire["attr_vague_share"] == pytest.approx(1 / 40, abs=5e-5)
    assert wire["attr_none_share"] == pytest.approx(24 / 40, abs=5e-5)
    shares = [wire[f"attr_{k}_share"] for k in (*ATTRIBUTION_KINDS, "none")]
    assert sum(shares) == pytest.approx(1, abs=5e-5)
    assert wire["hedge_hearsay_rate"] == pytest.approx(2 / 40, abs=5e-5)
    assert wire["punct_exclaim_rate"] == pytest.approx(1 / 40, abs=5e-5)
    assert wire["quote_share"] == pytest.approx(7 / 40, abs=5e-5)
    blog = table.iloc[1]
    assert blog["hedge_hearsay_rate"] == pytest.approx(3 / 15, abs=5e-5)
    assert blog["punct_exclaim_rate"] == pytest.approx(4 / 15, abs=5e-5)
    assert blog["attr_vague_share"] == pytest.approx(5 / 15, abs=5e-5)
    assert blog["attr_anonymous_share"] == pytest.approx(1 / 15, abs=5e-5)


def test_top_cues_add_up_over_articles(table: pd.DataFrame) -> None:
    assert table.iloc[0]["top_cues"] == (
        "hedges 'may'×3, 'could'; named sources 'the mayor said'×3"
    )
    # Quoted hedges and the '!' count are not the author's cues; a cue with parentheses and
    # quotes inside survives.
    assert table.iloc[1]["top_cues"] == (
        "hedges 'claimed'×4, 'would'×3, 'thought'×2; named sources 'asma stressed', "
        "'he is eager'; anonymous sources 'sources close to the kremlin (according to "
        "sources)', 'sources said'; boosters 'always'"
    )


def test_flags(table: pd.DataFrame) -> None:
    assert table["flag"].tolist() == [
        "",
        "only 2 scored articles (fewer than 3)",
        "rows without a outlet value; only 1 scored article (fewer than 3)",
        "no scored articles",
    ]
    gone = table.iloc[3]
    assert math.isnan(gone["certainty"]) and math.isnan(gone["certainty_low"])
    assert math.isnan(gone["attr_named_share"])
    assert gone["top_cues"] == ""


def test_intervals_hold_the_mean(table: pd.DataFrame) -> None:
    for _, row in table.iloc[:2].iterrows():
        for score in ("certainty", "sourcing"):
            assert row[f"{score}_low"] <= row[score] <= row[f"{score}_high"]
    # One article: no spread to resample.
    single = table.iloc[2]
    assert single["certainty_low"] == single["certainty_high"] == 0.5


def test_parse_cues_of_a_real_cell() -> None:
    cues = list(_parse_cues(BLOG_CUES))
    assert cues[:4] == [
        ("hedges", "claimed", 3),
        ("hedges", "would", 3),
        ("hedges", "thought", 2),
        ("hedges", "according to experts", 1),
    ]
    assert ("anonymous sources", "sources close to the kremlin (according to sources)", 1) in cues
    assert [c for c in cues if c[0] not in ("hedges", "named sources", "anonymous sources")] == [
        ("boosters", "always", 1)
    ]
    assert list(_parse_cues("")) == []
    assert list(_parse_cues("author's '!'×2")) == []


def test_bootstrap_is_the_resampling_distribution() -> None:
    rng = np.random.default_rng(1)
    # Two articles: a resample's mean is 0, 0.5 or 1 with chances 1/4, 1/2, 1/4.
    low, high = bootstrap_interval(np.array([0.0, 1.0]), rng, 4000)
    assert (low, high) == (0.0, 1.0)
    # Against resampling the articles one by one.
    values = np.round(rng.beta(2, 5, size=60), 4)
    fast = bootstrap_interval(values, np.random.default_rng(2), 20_000)
    draws = np.random.default_rng(3).integers(0, len(values), size=(20_000, len(values)))
    naive = np.percentile(values[draws].mean(axis=1), [2.5, 97.5])
    assert fast == pytest.approx(tuple(naive), abs=0.004)
    # The normal approximation agrees too at this size.
    half = 1.96 * values.std(ddof=0) / math.sqrt(len(values))
    assert fast == pytest.approx((values.mean() - half, values.mean() + half), abs=0.01)


def test_bootstrap_edge_cases() -> None:
    rng = np.random.default_rng(0)
    low, high = bootstrap_interval(np.array([]), rng)
    assert math.isnan(low) and math.isnan(high)
    assert bootstrap_interval(np.array([0.3, 0.3, 0.3]), rng) == (0.3, 0.3)


def test_many_articles_get_the_normal_interval() -> None:
    values = np.round(np.random.default_rng(0).random(400_000), 4)
    half = 1.959964 * values.std() / math.sqrt(len(values))
    low, high = bootstrap_interval(values, np.random.default_rng(0))
    assert (low, high) == pytest.approx((values.mean() - half, values.mean() + half), abs=1e-9)


@pytest.mark.parametrize("shape", ["skewed", "two peaks"])
def test_bootstrap_and_normal_agree_where_one_gives_way_to_the_other(shape: str) -> None:
    rng = np.random.default_rng(7)
    n = BOOTSTRAP_MAX_ARTICLES
    # Skewed: the sourcing of an unreliable outlet, most near 0 and a long tail. Two peaks: an
    # outlet that mixes wire copy with its own columns.
    skewed, two_peaks = rng.beta(0.3, 3, n), np.where(rng.random(n) < 0.1, 0.99, 0.01)
    values = np.round(skewed if shape == "skewed" else two_peaks, 4)
    boot = bootstrap_interval(values, np.random.default_rng(1))  # resampled: n is not over
    half = 1.959964 * values.std() / math.sqrt(n)
    assert boot == pytest.approx((values.mean() - half, values.mean() + half), abs=0.001)
    assert half > 0.005  # the agreement is not that of two points


def test_same_rows_same_table_in_any_order_and_company() -> None:
    first = profile(frame(OUTLET_ROWS), "outlet")
    shuffled = profile(frame(OUTLET_ROWS[::-1]), "outlet")
    pd.testing.assert_frame_equal(first, shuffled)
    # Another outlet in the reports does not move Wire's intervals.
    more = profile(frame([*OUTLET_ROWS, article("Zine", certainty=0.1)] * 1), "outlet")
    wire = more[more["outlet"] == "Wire"].reset_index(drop=True)
    pd.testing.assert_frame_equal(wire, first[first["outlet"] == "Wire"].reset_index(drop=True))
    # Another seed draws other intervals around the same means.
    values = np.random.default_rng(0).random(30).round(4)
    rows = frame([article("A", certainty=v) for v in values])
    zero, one = profile(rows, "outlet"), profile(rows, "outlet", seed=1)
    assert zero["certainty_low"][0] != one["certainty_low"][0]
    assert zero["certainty"][0] == one["certainty"][0]


def test_csv_jsonl_and_frame_give_one_table(tmp_path: Path) -> None:
    # A report has every column; these rows leave reliability empty.
    expected = profile(frame(OUTLET_ROWS).assign(reliability=np.nan), "outlet")
    csv_report = write_report(tmp_path / "r.csv", OUTLET_ROWS)
    jsonl_report = write_report(tmp_path / "r.jsonl", OUTLET_ROWS, "jsonl")
    from_csv = profile_reports([csv_report], "outlet", chunk_rows=3)
    from_jsonl = profile_reports([jsonl_report], "outlet", chunk_rows=2)
    pd.testing.assert_frame_equal(from_csv, expected, check_dtype=False)
    pd.testing.assert_frame_equal(from_jsonl, expected, check_dtype=False)
    # Split over two files: the same groups.
    half = len(OUTLET_ROWS) // 2
    a = write_report(tmp_path / "a.csv", OUTLET_ROWS[:half])
    b = write_report(tmp_path / "b.jsonl", OUTLET_ROWS[half:], "jsonl")
    pd.testing.assert_frame_equal(profile_reports([a, b], "outlet"), expected, check_dtype=False)
    assert scorer.profile is profile


def test_names_are_taken_as_written(tmp_path: Path) -> None:
    rows = [article("NA"), article("NA"), article(" 7 "), article("None")]
    table = profile_reports([write_report(tmp_path / "r.csv", rows)], "outlet")
    assert table["outlet"].tolist() == ["NA", "7", "None"]


def test_reliability_when_the_report_has_it() -> None:
    rows = [article("A", reliability=0.9), article("A", reliability=0.7), article("B")]
    table = profile(frame(rows), "outlet")
    assert list(table.columns) == profile_columns("outlet", reliability=True)
    assert table.iloc[0]["reliability"] == pytest.approx(0.8)
    assert math.isnan(table.iloc[1]["reliability"])
    assert "reliability" not in profile(frame(OUTLET_ROWS), "outlet").columns


def test_by_domain_of_a_url_column() -> None:
    urls = [
        "https://www.bbc.co.uk/news/uk-1",
        "http://news.bbc.co.uk/2/hi/2.stm",
        "bbc.co.uk/sport",
        "https://edition.cnn.com/2016/a.html",
        "not a url",
    ]
    rows = [article("x", url=u) for u in urls]
    table = profile(frame(rows), "domain", url_column="url")
    assert table["domain"].tolist() == ["bbc.co.uk", "", "cnn.com"]
    assert table["n_articles"].tolist() == [3, 1, 1]


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.nytimes.com/2016/01/a.html", "nytimes.com"),
        ("WWW.Breitbart.com", "breitbart.com"),
        ("http://politics.example.co.uk:8080/x?y=1", "example.co.uk"),
        ("https://someone.blogspot.com/post", "someone.blogspot.com"),
        ("http://192.168.0.1/x", ""),
        ("", ""),
        ("hello world", ""),
    ],
)
def test_registered_domain(url: str, domain: str) -> None:
    assert registered_domain(url) == domain


def test_missing_by_column_names_the_columns(tmp_path: Path) -> None:
    report = write_report(tmp_path / "r.csv", OUTLET_ROWS)
    with pytest.raises(InputError) as raised:
        profile_reports([report], "publisher")
    message = str(raised.value)
    assert message.startswith(f"no column 'publisher' in {report}; columns are: id, source, ")
    assert message.endswith(" (carry it into the report with scorer score --keep publisher)")
    with pytest.raises(InputError, match="give --url-column COLUMN"):
        profile_reports([report], "domain")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,score\nA,1\n", "is not an article report of scorer score: it has no column status"),
        (
            "id,source,outlet,sentence,start,end,text,certainty\n",
            "is a sentence report; profile the article report (scorer score -o)",
        ),
        ("", "is empty: not a report of scorer score"),
        ('{"a": 1}\n', "is not an article report of scorer score"),
        ("[1, 2]\n", "is not an article report of scorer score"),
    ],
)
def test_reports_of_other_tools_are_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "other.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        profile_reports([path], "outlet")


def test_corrupt_numbers_are_an_input_error(tmp_path: Path) -> None:
    report = write_report(tmp_path / "r.csv", [article("A", certainty="high")])
    with pytest.raises(InputError, match=r"cannot read .* as a report of scorer score"):
        profile_reports([report], "outlet")


def test_a_report_without_rows_gives_an_empty_table(tmp_path: Path) -> None:
    report = write_report(tmp_path / "r.csv", [])
    table = profile_reports([report], "outlet")
    assert table.empty
    assert list(table.columns) == profile_columns("outlet")


def test_option_errors(tmp_path: Path) -> None:
    report = write_report(tmp_path / "r.csv", OUTLET_ROWS)
    with pytest.raises(InputError, match="use --by domain with --url-column"):
        profile_reports([report], "outlet", url_column="url")
    with pytest.raises(InputError, match="no such file"):
        profile_reports([tmp_path / "missing.csv"], "outlet")
    with pytest.raises(InputError, match="is a folder"):
        profile_reports([tmp_path], "outlet")
    with pytest.raises(InputError, match="at least 1"):
        profile(frame(OUTLET_ROWS), "outlet", min_articles=0)


def test_required_columns_are_report_columns() -> None:
    assert set(REQUIRED_COLUMNS) <= set(article_columns())


def test_attribution_kinds_are_the_scorers() -> None:
    from scorer.analysis.attribution import ATTRIBUTION_TYPES

    assert ATTRIBUTION_KINDS == ATTRIBUTION_TYPES


def test_jsonl_report_values_keep_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    rows = [article(3), article(3.0), article(True)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    table = profile_reports([path], "outlet")
    assert table["outlet"].tolist() == ["3", "true"]


def test_registered_domains_need_no_network() -> None:
    # A fresh interpreter in which opening a socket fails: the suffix list must come from disk.
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.socket.connect_ex = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from scorer.writing.profiles import registered_domain\n"
        "print(registered_domain('https://www.bbc.co.uk/news'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout) == (0, "bbc.co.uk\n"), done.stderr
