"""Annotated pages: escaping, marks at the right offsets, the seeds' cues, the index, the CLI."""

from __future__ import annotations

import base64
import hashlib
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorer.classify.model_set import load_model_set
from scorer.cli import cli
from scorer.errors import InputError, ItemError
from scorer.pipeline.scoring import score_with_analyses
from scorer.reading.inputs import Item, iter_items
from scorer.writing.annotate import (
    MARK_KINDS,
    annotate_text,
    article_marks,
    page_filename,
    render_index,
    write_annotated,
)

from .conftest import BLOG_SEED, REUTERS_SEED

TINY = (
    'Officials said the plan may fail! "It could be worse than anyone thinks," '
    "John Smith told Reuters.\nSources claimed that AT&T <b>was</b> involved."
)


class _Collector(HTMLParser):
    """The article's text as a browser shows it (minus sentence numbers) and its marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.text: list[str] = []
        self.marks: list[tuple[list[str], str, str]] = []  # (classes, title, text)
        self._open: list[tuple[list[str], str] | None] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "article" and "text" in classes:
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "a" and "sn" in classes:
            self.skip += 1
        self._open.append((classes, attributes.get("title") or "") if tag == "span" else None)

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "article":
            self.depth = 0
            return
        if tag == "a" and self.skip:
            self.skip -= 1
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self.depth or self.skip:
            return
        self.text.append(data)
        top = self._open[-1] if self._open else None
        if top is not None:
            self.marks.append((top[0], top[1], data))


def _collect(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def _analysed(text: str) -> tuple:
    ((scored, analyses),) = score_with_analyses([Item(id="t", source="<test>", text=text)])
    return scored, analyses


def test_page_shows_the_exact_text_escaped_and_runs_no_article_script() -> None:
    text = 'He said <script>alert("x")</script> & it may rain.\n<img src=x onerror=alert(1)>'
    page = annotate_text(text)
    collector = _collect(page)
    assert "".join(collector.text) == text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert collector.scripts == 1  # the page's own
    assert page.count("<script>") == 1


def test_the_policy_allows_only_the_pages_own_script_and_no_network() -> None:
    page = annotate_text(TINY)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert f"script-src 'sha256-{digest}'" in policy.group(1)
    assert "default-src 'none'" in policy.group(1)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_tiny_article_marks_at_their_offsets() -> None:
    _, analyses = _analysed(TINY)
    found = {(TINY[m.start : m.end], m.kind) for m in article_marks(TINY, analyses)}
    assert found == {
        ("Officials", "src-anonymous"),
        ("said", "cue-anonymous"),
        ("may", "hedge"),
        ("!", "exclaim"),
        ('"It could be worse than anyone thinks,"', "quote"),
        ("could", "hedge-q"),
        ("thinks", "hedge-q"),
        # A loaded word inside the quotation is the speaker's: shown, not counted.
        ("worse", "loaded-q"),
        ("John Smith", "src-named"),
        ("told", "cue-named"),
        ("Sources claimed", "hedge"),
        ("Sources", "src-anonymous"),
        ("claimed", "cue-anonymous"),
    }
    hedge = next(m for m in article_marks(TINY, analyses) if m.kind == "hedge")
    assert (hedge.start, hedge.end) == (24, 27)
    assert hedge.why == (
        "hedge (epistemic) “may”, lexicon weight 0.86; author's voice: counts in this "
        "sentence's certainty"
    )


def test_every_cue_of_the_blog_seed_is_marked_at_its_original_offset(blog_text: str) -> None:
    _, analyses = _analysed(blog_text)
    marks = {(m.start, m.end, m.kind) for m in article_marks(blog_text, analyses)}
    expected = set()
    for s in analyses:
        assert blog_text[s.start : s.end] == s.text
        for c in s.hedges:
            expected.add((s.start + c.start, s.start + c.end, "hedge-q" if c.in_quote else "hedge"))
            assert blog_text[s.start + c.start : s.start + c.end] == c.text
        for a in s.attributions:
            expected.add((s.start + a.cue_start, s.start + a.cue_end, f"cue-{a.type}"))
            assert blog_text[s.start + a.cue_start : s.start + a.cue_end] == a.cue
            if a.source:
                expected.add((s.start + a.source_start, s.start + a.source_end, f"src-{a.type}"))
                assert blog_text[s.start + a.source_start : s.start + a.source_end] == a.source
    assert expected <= marks
    kinds = [kind for _, _, kind in marks]
    assert kinds.count("exclaim") == 3
    spans = {(blog_text[start:end], kind) for start, end, kind in marks}
    assert ("claimed", "cue-anonymous") in spans
    assert ("According to experts", "hedge") in spans
    assert ("experts", "src-vague") in spans
    assert ("Reuters", "src-media") in spans
    assert ("Skip to content", "skip") in spans


def test_blog_page_round_trips_the_text_and_titles_each_mark(blog_text: str) -> None:
    page = annotate_text(blog_text, item_id="blog")
    collector = _collect(page)
    assert "".join(collector.text) == blog_text
    marked = [(classes, title, text) for classes, title, text in collector.marks if "m" in classes]
    assert marked
    for classes, title, _ in marked:
        assert set(classes) - {"m"} <= set(MARK_KINDS)
        assert title
    exclaims = [text for classes, _, text in marked if "exclaim" in classes]
    assert exclaims == ["!", "!", "!"]
    # Sentence numbers and table rows match the sentence report.
    assert page.count('class="sn') == 34
    assert len(re.findall(r'<tr id="r\d+"', page)) == 34


def test_page_shows_both_scores_and_explanations(blog_text: str) -> None:
    scored, _ = _analysed(blog_text)
    page = annotate_text(blog_text)
    article = scored.article
    assert f'<b class="num">{article["certainty"]:.2f}</b>' in page
    assert f'<b class="num">{article["sourcing"]:.2f}</b>' in page
    assert article["certainty_explanation"].replace("'", "&#x27;") in page
    assert article["sourcing_explanation"].replace("'", "&#x27;") in page


def test_contribution_chart_adds_up_to_the_sourcing_score(reuters_text: str) -> None:
    scored, _ = _analysed(reuters_text)
    page = annotate_text(reuters_text)
    chart = re.search(r'<ol class="chart">(.*?)</ol>', page, re.S)
    assert chart is not None
    pushes = [float(v) for v in re.findall(r"; ([+-]\d+\.\d+) log-odds", chart.group(1))]
    assert len(pushes) == 8
    assert pushes == sorted(pushes, key=abs, reverse=True)
    # All the model's contributions plus its intercept give back the reported score.
    model = load_model_set().sourcing
    row = scored.article
    vector = [[float(row[name]) for name in model.features]]
    logit = model.intercept + float(model.contributions(vector).sum())
    assert 1 / (1 + math.exp(-logit)) == pytest.approx(row["sourcing"], abs=1e-3)


def test_annotate_text_refuses_what_cannot_be_scored() -> None:
    with pytest.raises(ItemError, match="empty text"):
        annotate_text("   \n ")


def test_page_filename_is_safe_and_unique() -> None:
    used: set[str] = set()
    assert page_filename("data.csv:3", used) == "data.csv_3.html"
    assert page_filename("../../etc/passwd", used) == "etc_passwd.html"
    assert page_filename("index", used) == "index-2.html"
    assert page_filename("Data.csv:3", used) == "Data.csv_3-2.html"
    assert page_filename("<>", used) == "article.html"


def test_folder_output_writes_a_page_per_article_and_an_index(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("The minister said the plan may fail.", encoding="utf-8")
    (inputs / "b <odd>.txt").write_text("Reuters reported the deal.", encoding="utf-8")
    (inputs / "c.txt").write_text("", encoding="utf-8")
    result = write_annotated(iter_items([inputs]), tmp_path / "out")
    assert [p.name for p in result.pages] == ["a.html", "b_odd.html"]
    assert result.failed == [("c", "empty file")]
    assert result.index == tmp_path / "out" / "index.html"
    index = result.index.read_text(encoding="utf-8")
    assert '<a href="a.html">a</a>' in index
    assert '<a href="b_odd.html">b &lt;odd&gt;</a>' in index
    assert "error: empty file" in index
    page = (tmp_path / "out" / "a.html").read_text(encoding="utf-8")
    assert '<a href="index.html">← all articles</a>' in page
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "a.html",
        "b_odd.html",
        "index.html",
    ]


def test_index_escapes_ids_and_errors() -> None:
    page = render_index([({"id": "<x>", "status": "error", "error": "<bad>"}, None)])
    assert "&lt;x&gt;" in page and "&lt;bad&gt;" in page and "<bad>" not in page


def test_single_page_output_refuses_several_articles(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="more than one article"):
        write_annotated(iter_items([BLOG_SEED, REUTERS_SEED]), tmp_path / "p.html")
    assert not (tmp_path / "p.html").exists()
    with pytest.raises(InputError, match="no articles"):
        write_annotated(iter(()), tmp_path / "p.html")


def test_cli_writes_one_page(tmp_path: Path) -> None:
    out = tmp_path / "blog.html"
    result = CliRunner().invoke(
        cli, ["annotate", str(BLOG_SEED), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_folder_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(
        cli, ["annotate", str(BLOG_SEED), str(empty), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "scorer: empty: empty file\n"
        f"wrote 1 page(s) and {out / 'index.html'}\n"
        "scorer: 1 item(s) could not be annotated\n"
    )
    assert (out / "000_f2fa5b6b3c4f3a52.html").exists()

    result = runner.invoke(
        cli, ["annotate", str(BLOG_SEED), str(REUTERS_SEED), "-o", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: the inputs hold more than one article; give a folder with -o (not "
        f"{tmp_path / 'x.html'}) to get one page per article and an index.html\n"
    )
    result = runner.invoke(cli, ["annotate", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: no such file or directory: {tmp_path / 'missing.txt'}\n"
    result = runner.invoke(cli, ["annotate", str(BLOG_SEED), "-o", str(empty)])
    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_authors_loaded_word_is_marked_and_explained() -> None:
    text = 'The reckless plan failed, "a sham," critics said.'
    _, analyses = _analysed(text)
    marks = [m for m in article_marks(text, analyses) if m.kind.startswith("loaded")]
    assert [(text[m.start : m.end], m.kind) for m in marks] == [
        ("reckless", "loaded"),
        ("sham", "loaded-q"),
    ]
    assert marks[0].why.startswith("loaded word “reckless”, lexicon weight 0.66")
    assert "counts in the article's reliability score" in marks[0].why
    page = annotate_text(text)
    assert '<span class="m loaded">1</span> loaded words' in page
