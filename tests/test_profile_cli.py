"""``scorer profile`` end to end: score a table with --keep, profile the report, write the page;
exact messages and exit codes for bad input."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorer.cli import cli
from scorer.writing.profile_page import render_profiles
from scorer.writing.profiles import ATTRIBUTION_KINDS, profile, profile_columns

from .conftest import REPO

SAMPLE = REPO / "notebooks" / "sample_corpus.jsonl"
OUTLETS = ["Harbour Daily", "Northfield Wire", "Open Column", "The Rumour Mill (blog)"]


def run(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample corpus scored with its outlet kept: the article and the sentence report."""
    work = tmp_path_factory.mktemp("scored")
    report, sentences = work / "report.csv", work / "sentences.csv"
    result = run(
        [
            "score",
            str(SAMPLE),
            "--id-column",
            "id",
            "--keep",
            "outlet,style",
            "-o",
            str(report),
            "--sentences",
            str(sentences),
            "-j",
            "1",
            "-q",
        ]
    )
    assert result.exit_code == 0, result.stderr
    return report, sentences


def test_profile_writes_the_table_and_the_page(scored: tuple[Path, Path], tmp_path: Path) -> None:
    report, _ = scored
    out, page = tmp_path / "outlets.csv", tmp_path / "outlets.html"
    result = run(["profile", str(report), "--by", "outlet", "-o", str(out), "--html", str(page)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (f"wrote {out} (4 groups from 24 articles, 0 flagged)\nwrote {page}\n")
    rows = read_csv(out.read_text(encoding="utf-8"))
    assert list(rows[0]) == profile_columns("outlet", reliability=True)
    assert sorted(r["outlet"] for r in rows) == OUTLETS
    by_name = {r["outlet"]: r for r in rows}
    # The styles the corpus was written in show: the wire names its sources and is sure of
    # them, the blog hedges and exclaims.
    wire, blog = by_name["Northfield Wire"], by_name["The Rumour Mill (blog)"]
    assert float(wire["sourcing_low"]) > float(blog["sourcing_high"])
    assert float(wire["certainty_low"]) > float(blog["certainty_high"])
    assert float(wire["attr_named_share"]) > float(blog["attr_named_share"])
    assert float(blog["punct_exclaim_rate"]) > 0 == float(wire["punct_exclaim_rate"])
    assert float(by_name["Harbour Daily"]["attr_anonymous_share"]) > 0.5
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count('<tr class="flagged"') + html.count("<tr data-n=") == 4
    assert "The Rumour Mill (blog)" in html


def test_mix_from_article_rows_is_the_sentence_reports(scored: tuple[Path, Path]) -> None:
    """The attribution mix, hearsay, '!' and quotes are derived from article columns; the
    sentence report counts them sentence by sentence, and the two must agree."""
    report, sentences = scored
    table = profile(pd.read_csv(report, keep_default_na=False, na_values=[""]), "outlet")
    rows = pd.read_csv(sentences, keep_default_na=False, na_values=[""])
    counted = pd.crosstab(rows["outlet"], rows["attribution"], normalize="index")
    for _, outlet in table.iterrows():
        name = outlet["outlet"]
        mine = rows[rows["outlet"] == name]
        assert outlet["n_sentences"] == len(mine)
        for kind in (*ATTRIBUTION_KINDS, "none"):
            share = counted.loc[name].get(kind, 0.0)
            assert outlet[f"attr_{kind}_share"] == pytest.approx(share, abs=5e-5), (name, kind)
        assert outlet["quote_share"] == pytest.approx(mine["has_quote"].mean(), abs=5e-5)
        exclaim = mine["exclamation"].sum() / len(mine)
        assert outlet["punct_exclaim_rate"] == pytest.approx(exclaim, abs=5e-5)


def test_same_input_same_bytes(scored: tuple[Path, Path], tmp_path: Path) -> None:
    report, _ = scored
    outputs = []
    for name in ("a", "b"):
        out, page = tmp_path / f"{name}.csv", tmp_path / f"{name}.html"
        run(["profile", str(report), "--by", "style", "-o", str(out), "--html", str(page), "-q"])
        outputs.append((out.read_bytes(), page.read_bytes().replace(str(report).encode(), b"")))
    assert outputs[0] == outputs[1]


def test_jsonl_to_stdout(scored: tuple[Path, Path]) -> None:
    report, _ = scored
    result = run(["profile", str(report), "--by", "style", "--format", "jsonl", "--seed", "3"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["style"] for r in records] == ["anonymous", "opinion", "rumour", "wire"]
    assert result.stderr == "scorer: 4 groups from 24 articles, 0 flagged\n"


def test_min_articles_flags(scored: tuple[Path, Path]) -> None:
    report, _ = scored
    result = run(["profile", str(report), "--by", "outlet", "--min-articles", "7", "-q"])
    flags = {r["outlet"]: r["flag"] for r in read_csv(result.stdout)}
    assert set(flags.values()) == {"only 6 scored articles (fewer than 7)"}


def test_by_domain_with_a_url_column(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "url,text\n"
        'https://www.example.co.uk/a,"Officials said the plan may fail."\n'
        'http://news.example.co.uk/b,"The mayor said the bridge would reopen on Monday."\n'
        'https://other.example.org/c,"Sources claimed it was a hoax!"\n',
        encoding="utf-8",
    )
    report = tmp_path / "r.csv"
    assert (
        run(["score", str(table), "--keep", "url", "-o", str(report), "-q", "-j", "1"]).exit_code
        == 0
    )
    result = run(["profile", str(report), "--by", "domain", "--url-column", "url", "-q"])
    rows = read_csv(result.stdout)
    assert [(r["domain"], r["n_articles"]) for r in rows] == [
        ("example.co.uk", "2"),
        ("example.org", "1"),
    ]
    assert rows[1]["flag"] == "only 1 scored article (fewer than 5)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--by", "publisher"],
            "Error: no column 'publisher' in {report}; columns are: id, source, status, error, "
            "n_sentences, n_words, certainty, sourcing, reliability, outlet, style, language, ",
        ),
        (["--by", "domain"], "; give --url-column COLUMN to group by the registered domain"),
        (
            ["--by", "outlet", "--url-column", "url"],
            "Error: a URL column groups by domain: use --by domain with --url-column "
            "(not --by outlet)\n",
        ),
        (["--by", "outlet", "--min-articles", "0"], "Error: Invalid value for '--min-articles'"),
    ],
)
def test_usage_errors(scored: tuple[Path, Path], args: list[str], message: str) -> None:
    report, _ = scored
    result = run(["profile", str(report), *args])
    assert result.exit_code == 2
    assert message.format(report=report) in result.stderr
    assert result.stdout == ""


def test_other_files_are_refused(scored: tuple[Path, Path], tmp_path: Path) -> None:
    _, sentences = scored
    result = run(["profile", str(sentences), "--by", "outlet"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {sentences} is a sentence report; profile the article report (scorer score -o)\n"
    )
    result = run(["profile", str(SAMPLE), "--by", "outlet"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: {SAMPLE} is not an article report of scorer score: it has no column status, "
    )
    result = run(["profile", str(tmp_path / "none.csv"), "--by", "outlet"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: no such file: {tmp_path / 'none.csv'} (give the reports scorer score wrote)\n",
    )


def test_outputs_that_would_lose_data(scored: tuple[Path, Path], tmp_path: Path) -> None:
    report, _ = scored
    before = report.read_bytes()
    result = run(["profile", str(report), "--by", "outlet", "-o", str(report)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: -o {report} would overwrite the report {report}\n",
    )
    page = tmp_path / "p.html"
    result = run(["profile", str(report), "--by", "outlet", "-o", str(page)])
    assert (
        result.stderr
        == f"Error: -o {page}: the table is CSV or JSONL; write the page with --html\n"
    )
    assert report.read_bytes() == before


def test_empty_report_gives_an_empty_table(scored: tuple[Path, Path], tmp_path: Path) -> None:
    report, _ = scored
    header_only = tmp_path / "empty.csv"
    header_only.write_text(report.read_text(encoding="utf-8").splitlines()[0] + "\n")
    out, page = tmp_path / "o.csv", tmp_path / "o.html"
    result = run(
        ["profile", str(header_only), "--by", "outlet", "-o", str(out), "--html", str(page)]
    )
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines() == [",".join(profile_columns("outlet"))]
    assert "0 groups by <code>outlet</code> · 0 articles" in page.read_text(encoding="utf-8")


def test_page_escapes_names_and_cues_and_loads_nothing() -> None:
    hostile = "<script>alert(1)</script>"
    table = pd.DataFrame(
        [
            {
                "outlet": hostile,
                "n_articles": 2,
                "n_scored": 1,
                "n_errors": 1,
                "flag": "only 1 scored article (fewer than 5)",
                "median_words": 120.0,
                "certainty": 0.5,
                "certainty_low": 0.5,
                "certainty_high": 0.5,
                "sourcing": 0.25,
                "sourcing_low": 0.25,
                "sourcing_high": 0.25,
                "n_sentences": 4,
                **{f"attr_{k}_share": 0.0 for k in ATTRIBUTION_KINDS},
                "attr_none_share": 1.0,
                "hedge_hearsay_rate": 0.0,
                "punct_exclaim_rate": 0.0,
                "quote_share": 0.0,
                "top_cues": "hedges '<img src=x onerror=alert(2)>'",
            }
        ]
    )
    html = render_profiles(table, "outlet", reports=["<b>r.csv</b>"], min_articles=5)
    assert hostile not in html and "<img" not in html and "<b>r.csv" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "default-src 'none'" in html
    # Nothing to fetch: links are to the page itself, and the CSS names no URL.
    assert all(link.startswith("#") for link in re.findall(r'(?:href|src)="([^"]*)"', html))
    assert "url(" not in html
