"""Annotated article pages: the text with every cue marked, the two scores and why.

:func:`annotate_text` returns one self-contained HTML page (inline CSS and a few lines of inline
JavaScript, no network: no CDN scripts, fonts or images) for an article; :func:`write_annotated`
writes one page, or a folder of pages with an ``index.html`` linking them.

What a page shows, all taken from the scoring pipeline's own sentence analyses, at their
original offsets:

- hedges and boosters (author's, or inside a quotation and so the speaker's), with their type
  and lexicon weight;
- attributions: the source span coloured by source type (named, media, document, anonymous,
  vague) and the reporting cue underlined in the same colour;
- quotations, and the author's "!" and "?";
- text that was not scored (page furniture, datelines) in grey;
- the certainty, sourcing and reliability scores with their explanations, the features that
  moved the sourcing score, and the sentences in a table that sorts by certainty.

Article text is always HTML-escaped, and a Content-Security-Policy allows only the page's own
script (by hash), so a ``<script>`` in an article is shown, never run.
"""

from __future__ import annotations

import html
import itertools
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import numpy as np

from scorer.analysis.attribution import ATTRIBUTION_TYPES
from scorer.analysis.features import ArticleContext, SentenceAnalysis, article_feature_vector
from scorer.analysis.quotes import MIN_SPEECH_CHARS, QuoteIndex, quote_spans
from scorer.classify.model_set import load_model_set
from scorer.errors import InputError, ItemError
from scorer.pipeline.scoring import FEATURE_LABELS, ScoredItem, score_with_analyses
from scorer.reading.inputs import Item
from scorer.version import __version__
from scorer.writing.display import clip
from scorer.writing.html_page import escape as _e
from scorer.writing.html_page import self_contained_page

__all__ = [
    "MARK_KINDS",
    "AnnotateResult",
    "AnnotatedArticle",
    "Mark",
    "annotate_items",
    "annotate_text",
    "article_marks",
    "page_filename",
    "render_article",
    "render_index",
    "write_annotated",
]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


MARK_KINDS: dict[str, str] = {
    "hedge": "hedge (author's)",
    "hedge-q": "hedge inside a quotation (the speaker's)",
    "booster": "booster (author's)",
    "booster-q": "booster inside a quotation",
    "loaded": "loaded word (author's)",
    "loaded-q": "loaded word inside a quotation",
    **{f"src-{kind}": f"{kind} source" for kind in ATTRIBUTION_TYPES},
    **{
        f"cue-{kind}": f"reporting cue of {_article(kind)} {kind} source"
        for kind in ATTRIBUTION_TYPES
    },
    "quote": "quotation",
    "exclaim": "author's '!'",
    "exclaim-q": "'!' inside a quotation",
    "question": "author's '?'",
    "skip": "not scored (page furniture, dateline)",
}
"""CSS class of each kind of mark -> its legend text."""

# How many features the "what moved the sourcing score" chart lists: past the first eight the
# bars are too short to read.
TOP_CONTRIBUTIONS = 8
# Sentences at or below this certainty get a red number in the text, the same threshold the
# certainty explanation uses to name the least certain sentence.
LOW_CERTAINTY = 0.5
# How many of the least certain sentences the certainty card lists.
LEAST_CERTAIN_SHOWN = 3
# Longest headline taken from the first sentence; longer first sentences are not headlines.
MAX_TITLE_CHARS = 120


@dataclass(frozen=True)
class Mark:
    """One highlighted span of the article. Offsets are into the article text.

    Attributes:
        start: first character.
        end: one past the last character.
        kind: a key of :data:`MARK_KINDS` (the CSS class).
        why: one line saying what the span is and how it counts.
    """

    start: int
    end: int
    kind: str
    why: str


@dataclass
class AnnotatedArticle:
    """One item's page, or the reason it has none."""

    item: Item
    scored: ScoredItem
    html: str | None

    @property
    def ok(self) -> bool:
        return self.html is not None


@dataclass
class AnnotateResult:
    """What :func:`write_annotated` wrote."""

    pages: list[Path] = field(default_factory=list)
    index: Path | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)


def _q(text: str) -> str:
    """A span of article text as it appears in an explanation: whitespace folded, quoted."""
    return "“" + " ".join(text.split()) + "”"


# What a loaded word's lexicon weight is, said on its mark.
_LOADED_WEIGHT = (
    " (how often annotators of propaganda in news marked it as loaded language, name-calling or "
    "exaggeration, smoothed)"
)


def _cue_marks(s: SentenceAnalysis) -> Iterator[Mark]:
    # Hedges, boosters and loaded words are marked alike; a quoted one is the speaker's, not
    # the author's. Each kind: its cues, what its weight means, and what it counts in.
    kinds = (
        ("hedge", s.hedges, "", "this sentence's certainty"),
        ("booster", s.boosters, "", "this sentence's certainty"),
        ("loaded", s.loaded, _LOADED_WEIGHT, "the article's reliability score"),
    )
    for kind, cues, weight_means, counts_in in kinds:
        for c in cues:
            voice = (
                "inside a quotation: the speaker's, not counted against the author"
                if c.in_quote
                else f"author's voice: counts in {counts_in}"
            )
            label = {"hedge": f"hedge ({c.type})", "loaded": "loaded word"}.get(kind, kind)
            yield Mark(
                s.start + c.start,
                s.start + c.end,
                f"{kind}-q" if c.in_quote else kind,
                f"{label} {_q(c.text)}, lexicon weight {c.weight:.2f}{weight_means}; {voice}",
            )
    for a in s.attributions:
        source = f"source {_q(a.source)}" if a.source else "no source named"
        if a.source:
            yield Mark(
                s.start + a.source_start,
                s.start + a.source_end,
                f"src-{a.type}",
                f"{a.type} source {_q(a.source)}, cited with {_q(a.cue)}",
            )
        yield Mark(
            s.start + a.cue_start,
            s.start + a.cue_end,
            f"cue-{a.type}",
            f"reporting cue {_q(a.cue)}, lexicon weight {a.weight:.2f}; "
            f"attribution to {_article(a.type)} {a.type} source ({source})",
        )


def _punctuation_marks(s: SentenceAnalysis, quotes: QuoteIndex) -> Iterator[Mark]:
    # The same rule as the features' counts: a mark inside a quotation is the speaker's.
    for i, char in enumerate(s.text):
        if char not in "!?":
            continue
        at = s.start + i
        quoted = quotes.contains(at)
        if char == "!":
            if quoted:
                yield Mark(at, at + 1, "exclaim-q", "'!' inside a quotation: the speaker's")
            else:
                yield Mark(
                    at,
                    at + 1,
                    "exclaim",
                    "the author's '!': counts in the article's exclamation rate",
                )
        elif not quoted:
            yield Mark(
                at, at + 1, "question", "the author's '?': counts in the article's question rate"
            )


def _unscored(text: str, start: int, end: int) -> Iterator[Mark]:
    """One mark per line of text between sentences that was left out (page furniture)."""
    for line in re.finditer(r"\S(?:.*\S)?", text[start:end]):
        yield Mark(start + line.start(), start + line.end(), "skip", MARK_KINDS["skip"])


def article_marks(text: str, analyses: Sequence[SentenceAnalysis]) -> list[Mark]:
    """Every mark of an article, sorted by position.

    Args:
        text: the article text the analyses were made from.
        analyses: its sentence analyses (:func:`scorer.pipeline.scoring.score_with_analyses`).

    Returns:
        Marks for cues, sources, quotations, "!" and "?", and for the text between sentences
        that was not scored. Marks may overlap (a hedge inside a quotation).
    """
    quotes = QuoteIndex(quote_spans(text))
    marks: list[Mark] = []
    for start, end in quotes.spans:
        why = (
            "quotation: the speaker's words; cues inside do not count against the author"
            if end - start >= MIN_SPEECH_CHARS
            else "short quotation (a title or scare quotes): cues inside do not count"
        )
        marks.append(Mark(start, end, "quote", why))
    position = 0
    for s in analyses:
        marks.extend(_cue_marks(s))
        marks.extend(_punctuation_marks(s, quotes))
        marks.extend(_unscored(text, position, s.start))
        position = s.end
    marks.extend(_unscored(text, position, len(text)))
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    return sorted(marks, key=lambda m: (m.start, -m.end, m.kind))


def _marked_text(
    text: str, marks: Sequence[Mark], analyses: Sequence[SentenceAnalysis], certainty: list[float]
) -> str:
    """The article as HTML: cut at every mark and sentence boundary, each piece one span.

    Overlapping marks cannot nest in general (a quotation can start in one attribution and end
    in another), so the text is cut into pieces at every boundary and each piece carries the
    classes of all marks covering it.
    """
    sentence_at = {s.start: n for n, s in enumerate(analyses, start=1)}
    cuts = sorted({0, len(text), *sentence_at, *(m.start for m in marks), *(m.end for m in marks)})
    by_start = sorted(marks, key=lambda m: m.start)
    active: list[Mark] = []
    next_mark = 0
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        if a in sentence_at:
            n = sentence_at[a]
            low = " low" if certainty[n - 1] <= LOW_CERTAINTY else ""
            out.append(
                f'<a class="sn{low}" id="s{n}" href="#r{n}" aria-label="sentence {n}, certainty '
                f'{certainty[n - 1]:.2f}" title="sentence {n}: certainty {certainty[n - 1]:.2f}">'
                f"{n}</a>"
            )
        while next_mark < len(by_start) and by_start[next_mark].start <= a:
            active.append(by_start[next_mark])
            next_mark += 1
        active = [m for m in active if m.end > a]
        piece = html.escape(text[a:b], quote=False)
        if not active:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(m.kind for m in active))
        why = "\n".join(dict.fromkeys(m.why for m in active))
        focus = "" if classes == "skip" else ' tabindex="0"'
        out.append(f'<span class="m {classes}"{focus} title="{_e(why)}">{piece}</span>')
    return "".join(out)


def _contributions(
    analyses: Sequence[SentenceAnalysis], certainty: Sequence[float], model_dir: str | None
) -> list[tuple[str, float, float]]:
    """(feature, value, contribution to the sourcing log-odds), largest push first."""
    model = load_model_set(model_dir).sourcing
    vector = article_feature_vector(
        ArticleContext(list(analyses), np.asarray(certainty, dtype=np.float64)), model.features
    )
    pushes = model.contributions(vector[None, :])[0]
    order = np.argsort(-np.abs(pushes), kind="stable")
    return [(model.features[i], float(vector[i]), float(pushes[i])) for i in order]


def _score_card(name: str, value: float, meaning: str, explanation: str, extra: str = "") -> str:
    percent = max(0.0, min(1.0, value)) * 100
    return (
        f'<div class="card"><h2>{name} <b class="num">{value:.2f}</b></h2>'
        f'<div class="gauge" role="img" aria-label="{name} {value:.2f} of 1">'
        f'<span style="width:{percent:.1f}%"></span></div>'
        f'<p class="meaning">{meaning}</p><p class="explain">{_e(explanation)}</p>{extra}</div>'
    )


def _cue_counts(article: dict[str, Any]) -> str:
    counts = [
        ("hedge", "hedges", article["hedge_count"]),
        ("booster", "boosters", article["booster_count"]),
        ("loaded", "loaded words", article["loaded_count"]),
        ("exclaim", "'!'", article["exclaim_count"]),
        ("hedge-q", "hedges in quotes", article["hedge_quoted_count"]),
    ]
    chips = " ".join(f'<span class="m {kind}">{int(n)}</span> {label}' for kind, label, n in counts)
    return f'<p class="counts">In the author\'s voice: {chips}</p>'


def _least_certain(analyses: Sequence[SentenceAnalysis], certainty: Sequence[float]) -> str:
    own = [
        (p, n)
        for n, (s, p) in enumerate(zip(analyses, certainty, strict=True), start=1)
        if not s.in_quote
    ]
    worst = sorted(own)[:LEAST_CERTAIN_SHOWN]
    if not worst:
        return ""
    items = "".join(
        f'<li><a href="#s{n}">{n}</a> <b class="num">{p:.2f}</b> '
        f"{_e(clip(analyses[n - 1].text, 90))}</li>"
        for p, n in worst
    )
    return f'<h3>Least certain sentences</h3><ol class="worst">{items}</ol>'


def _source_mix(analyses: Sequence[SentenceAnalysis]) -> str:
    """A bar of the sentences by the type of their main source, in the marks' colours."""
    total = max(len(analyses), 1)
    parts, labels = [], []
    for kind in (*ATTRIBUTION_TYPES, "none"):
        n = sum(s.attribution_type == kind for s in analyses)
        if not n:
            continue
        parts.append(
            f'<span class="src-{kind}" style="width:{100 * n / total:.2f}%" '
            f'title="{kind}: {n} sentence(s)"></span>'
        )
        labels.append(f'<span class="m src-{kind}">{kind}</span> {n}')
    return (
        '<h3>Sentences by main source</h3><div class="mix" role="img" '
        f'aria-label="sentences by main source">{"".join(parts)}</div>'
        f'<p class="counts">{" ".join(labels)}</p>'
    )


def _contribution_chart(rows: Sequence[tuple[str, float, float]]) -> str:
    top = rows[:TOP_CONTRIBUTIONS]
    if not top:
        return ""
    scale = max(abs(c) for _, _, c in top) or 1.0
    lines = []
    for name, value, push in top:
        width = abs(push) / scale * 50
        side = "pos" if push >= 0 else "neg"
        label = FEATURE_LABELS.get(name, name)
        lines.append(
            f'<li title="{_e(name)} = {value:.3g}; {push:+.2f} log-odds">'
            f'<span class="lab">{_e(label)} <small>{value:.3g}</small></span>'
            f'<span class="bar"><span class="{side}" style="width:{width:.1f}%"></span></span>'
            f'<span class="val">{push:+.2f}</span></li>'
        )
    return (
        '<details class="why-src" open><summary>What moved the sourcing score</summary>'
        '<p class="note">Each feature\'s push on the log-odds against the average training '
        "article: green raises the score, red lowers it.</p>"
        f'<ol class="chart">{"".join(lines)}</ol></details>'
    )


def _legend() -> str:
    items = [
        ("hedge", "hedge"),
        ("hedge-q", "hedge in a quotation"),
        ("booster", "booster"),
        ("loaded", "loaded word"),
        ("loaded-q", "loaded word in a quotation"),
        *((f"src-{k}", f"{k} source") for k in ATTRIBUTION_TYPES),
        ("cue-named", "reporting cue (underlined in its source's colour)"),
        ("quote", "quotation"),
        ("exclaim", "author's !"),
        ("question", "author's ?"),
        ("skip", "not scored"),
    ]
    chips = "".join(
        f'<li><span class="m {kind}">{_e(_sample_text(kind))}</span> {_e(label)}</li>'
        for kind, label in items
    )
    return (
        f'<section class="legend" aria-label="legend"><h2>Legend</h2><ul>{chips}</ul>'
        '<p class="note">Hover over or tap a mark to see why it counts. Red sentence numbers '
        f"are sentences with certainty {LOW_CERTAINTY:.1f} or less.</p></section>"
    )


def _sample_text(kind: str) -> str:
    """The short sample shown in the legend's swatch for a kind of mark."""
    samples = {"exclaim": "!", "question": "?", "quote": "“…”", "skip": "Share"}
    if kind.startswith("cue-"):
        return "said"
    if kind.startswith("src-"):
        return {"named": "Peskov", "media": "Reuters", "document": "a report"}.get(
            kind[4:], {"anonymous": "sources", "vague": "experts"}.get(kind[4:], kind[4:])
        )
    words = {
        "hedge": "may",
        "hedge-q": "may",
        "booster": "clearly",
        "loaded": "reckless",
        "loaded-q": "reckless",
    }
    return samples.get(kind, words.get(kind, ""))


def _sentence_table(
    analyses: Sequence[SentenceAnalysis], rows: Sequence[dict[str, Any]], item_id: str
) -> str:
    body = []
    for n, (s, row) in enumerate(zip(analyses, rows, strict=True), start=1):
        certainty = float(row["certainty"])
        attribution = str(row["attribution"])
        cues = []
        if row["hedge_cues"]:
            cues.append(f'<span class="m hedge">{_e(row["hedge_cues"])}</span>')
        if row["booster_cues"]:
            cues.append(f'<span class="m booster">{_e(row["booster_cues"])}</span>')
        if row["loaded_cues"]:
            cues.append(f'<span class="m loaded">{_e(row["loaded_cues"])}</span>')
        if row["quoted_hedge_cues"]:
            cues.append(f'<span class="m hedge-q">{_e(row["quoted_hedge_cues"])}</span>')
        if s.exclaim_author:
            cues.append('<span class="m exclaim">!</span>' * s.exclaim_author)
        source = (
            f'<span class="m src-{attribution}">{_e(row["source_text"] or row["attribution_cue"])}'
            f"</span><br><small>{attribution}</small>"
            if attribution != "none"
            else "<small>none</small>"
        )
        voice = ' <small class="qv">quoted</small>' if s.in_quote else ""
        why = row.get("certainty_explanation") or ""
        if why:
            voice += f'<small class="why">{_e(why)}</small>'
        low = " low" if certainty <= LOW_CERTAINTY else ""
        body.append(
            f'<tr id="r{n}" data-n="{n}" data-certainty="{certainty:.4f}" '
            f'data-source="{_e(attribution)}">'
            f'<td><a href="#s{n}">{n}</a></td>'
            f'<td class="c{low}"><span class="num">{certainty:.2f}</span>'
            f'<span class="mini"><span style="width:{certainty * 100:.0f}%"></span></span></td>'
            f"<td>{source}</td><td>{' '.join(cues)}</td>"
            f'<td class="t">{_e(" ".join(s.text.split()))}{voice}</td></tr>'
        )
    return (
        '<section class="sentences"><h2>Sentences</h2>'
        '<p class="note">Sort by a column with its button; the number links to the sentence in '
        "the text.</p>"
        f'<div class="scroll"><table class="sortable" id="sentences" data-id="{_e(item_id)}">'
        "<thead><tr>"
        '<th aria-sort="ascending"><button type="button" data-key="n">#</button></th>'
        '<th><button type="button" data-key="certainty">certainty</button></th>'
        '<th><button type="button" data-key="source">source</button></th>'
        "<th>cues</th><th>sentence</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div></section>"
    )


_CSS = """
:root{--ink:#1f2937;--dim:#64748b;--line:#e2e8f0;--bg:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:52rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.2rem 0}
h2{font-size:1.05rem;margin:.2rem 0}
.sub,.note,footer{color:var(--dim);font-size:.85rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.8rem;
margin:1rem 0}
.card{border:1px solid var(--line);border-radius:.5rem;padding:.7rem .9rem}
.card h2{display:flex;justify-content:space-between;align-items:baseline}
.card h2 b{font-size:1.6rem}
.gauge,.mini{display:block;background:#e5e7eb;border-radius:1rem;overflow:hidden}
.gauge{height:.55rem}.gauge span,.mini span{display:block;height:100%;background:#475569}
.mini{height:.3rem;width:3.2rem;margin-top:.2rem}
.meaning{font-size:.85rem;color:var(--dim);margin:.4rem 0 .2rem}
.explain{margin:.2rem 0;font-size:.92rem}
.card h3{font-size:.92rem;margin:.6rem 0 .2rem}
.counts{font-size:.85rem;margin:.3rem 0}
.counts .m{padding:0 .3rem;font-weight:600}
.worst{margin:.2rem 0;padding-left:0;list-style:none;font-size:.85rem}
.worst li{margin:.15rem 0}.worst b{color:#dc2626}
.mix{display:flex;height:.9rem;border-radius:.2rem;overflow:hidden;background:#f1f5f9}
.src-none{background:#e5e7eb}
.num{font-variant-numeric:tabular-nums}
details summary{cursor:pointer;font-weight:600;font-size:.92rem;margin-top:.5rem}
.chart{list-style:none;padding:0;margin:.3rem 0;font-size:.82rem}
.chart li{display:grid;grid-template-columns:minmax(0,11rem) 1fr 3rem;gap:.4rem;
align-items:center;padding:.1rem 0}
.chart .lab{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.chart .bar{position:relative;height:.8rem;background:linear-gradient(90deg,transparent
calc(50% - 1px),#94a3b8 calc(50% - 1px),#94a3b8 calc(50% + 1px),transparent calc(50% + 1px))}
.chart .pos,.chart .neg{position:absolute;top:0;bottom:0}
.chart .pos{left:50%;background:#16a34a}.chart .neg{right:50%;background:#dc2626}
.chart .val{text-align:right;font-variant-numeric:tabular-nums}
.legend ul{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;
gap:.3rem 1rem;font-size:.85rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:1.05rem;line-height:1.75;
border-top:1px solid var(--line);padding-top:.8rem;margin-top:.8rem}
.sn{font-size:.62rem;vertical-align:super;color:var(--dim);text-decoration:none;
border:1px solid var(--line);border-radius:.5rem;padding:0 .25rem;margin-right:.15rem;
user-select:none}
.sn.low{color:#fff;background:#dc2626;border-color:#dc2626}
.sn:target{outline:3px solid #2563eb}
.m{border-radius:.2rem;cursor:help}
.m:focus{outline:2px solid #2563eb}
.quote{font-style:italic;background:#eef2f7;color:#334155}
.hedge{background:#fde68a}
.hedge-q{box-shadow:inset 0 -2px #ca8a04}
.booster{background:#bfdbfe}
.booster-q{box-shadow:inset 0 -2px #3b82f6}
.why{display:block;color:var(--dim);margin-top:.15rem}
.loaded{text-decoration:underline wavy #be123c;text-underline-offset:.2em}
.loaded-q{text-decoration:underline dotted #be123c;text-underline-offset:.2em}
.src-named{background:#bbf7d0}
.src-media{background:#a5f3fc}
.src-document{background:#e9d5ff}
.src-anonymous{background:#fed7aa}
.src-vague{background:#fecaca}
.cue-named,.cue-media,.cue-document,.cue-anonymous,.cue-vague{font-weight:600}
.cue-named{box-shadow:inset 0 -3px #15803d}
.cue-media{box-shadow:inset 0 -3px #0e7490}
.cue-document{box-shadow:inset 0 -3px #7e22ce}
.cue-anonymous{box-shadow:inset 0 -3px #c2410c}
.cue-vague{box-shadow:inset 0 -3px #b91c1c}
.exclaim{background:#dc2626;color:#fff;font-weight:700;padding:0 .12em}
.exclaim-q{color:#dc2626;font-weight:700}
.question{background:#7c3aed;color:#fff;font-weight:700;padding:0 .12em}
.skip{color:#94a3b8;cursor:default}
#why{position:sticky;bottom:0;background:#0f172a;color:#f8fafc;padding:.6rem .9rem;
border-radius:.5rem;font-size:.9rem;white-space:pre-line;margin:.5rem 0;z-index:2}
#why[hidden]{display:none}
.scroll{overflow-x:auto}
.sentences{margin-top:1.5rem;border-top:1px solid var(--line);padding-top:.5rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .4rem;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;
color:#1d4ed8}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
td.c.low .num{color:#dc2626;font-weight:700}
td.t{min-width:14rem}
.qv{color:var(--dim)}
tr:target{background:#fef9c3}
@media (max-width:30rem){main{padding:.6rem}.text{font-size:1rem}
.chart li{grid-template-columns:minmax(0,8rem) 1fr 2.6rem}}
"""

# Sorting reads data-* attributes (numbers compare as numbers); a mark's explanation is its
# title (the hover tooltip), copied into the #why panel on tap or Enter, where phones show it.
# A link ending in #sort=certainty (or #sort=certainty-desc) opens the page with the table so
# sorted, which makes a sorted view shareable.
_JS = r"""
(function(){
var why=document.getElementById('why');
function show(el){if(!why)return;why.textContent=el.getAttribute('title');why.hidden=false;}
document.addEventListener('click',function(e){
var m=e.target.closest&&e.target.closest('.text .m:not(.skip)');if(m)show(m);});
document.addEventListener('keydown',function(e){
if(e.key==='Enter'&&e.target.classList&&e.target.classList.contains('m'))show(e.target);});
document.querySelectorAll('table.sortable').forEach(function(table){
var heads=table.querySelectorAll('th');
table.querySelectorAll('th button[data-key]').forEach(function(button){
button.addEventListener('click',function(){
var th=button.parentNode,key=button.getAttribute('data-key');
var asc=th.getAttribute('aria-sort')!=='ascending';
heads.forEach(function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',asc?'ascending':'descending');
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){
var x=a.getAttribute('data-'+key),y=b.getAttribute('data-'+key);
var nx=parseFloat(x),ny=parseFloat(y);
var c=(isNaN(nx)||isNaN(ny))?x.localeCompare(y):nx-ny;
if(c===0)c=parseFloat(a.getAttribute('data-n'))-parseFloat(b.getAttribute('data-n'));
return asc?c:-c;});
rows.forEach(function(r){body.appendChild(r);});});});});
var want=/^#sort=(\w+)(-desc)?$/.exec(location.hash);
if(want){var b=document.querySelector('th button[data-key="'+want[1]+'"]');
if(b){b.parentNode.removeAttribute('aria-sort');b.click();if(want[2])b.click();}}
document.documentElement.setAttribute('data-ready','1');
})();
"""


def _page(title: str, body: str) -> str:
    return self_contained_page(title, body, _CSS, _JS)


def _title(item: Item, analyses: Sequence[SentenceAnalysis]) -> str:
    if analyses and len(analyses[0].text) <= MAX_TITLE_CHARS:
        return " ".join(analyses[0].text.split())
    return item.id


def render_article(
    item: Item,
    scored: ScoredItem,
    analyses: Sequence[SentenceAnalysis],
    *,
    model_dir: str | None = None,
    index_href: str | None = None,
) -> str:
    """The annotated page of one scored article.

    Args:
        item: the article (its text must be the one the analyses were made from).
        scored: its report rows (:func:`scorer.pipeline.scoring.score_with_analyses`).
        analyses: its sentence analyses.
        model_dir: the model directory it was scored with (for the sourcing contributions).
        index_href: a link back to an index page, if there is one.

    Raises:
        ItemError: the item could not be scored (its row's error says why).
    """
    if not scored.ok or item.text is None:
        raise ItemError(str(scored.article.get("error") or "cannot be scored"))
    text = item.text
    article = scored.article
    certainty = [float(row["certainty"]) for row in scored.sentences]
    title = _title(item, analyses)
    back = f'<p class="sub"><a href="{_e(index_href)}">← all articles</a></p>' if index_href else ""
    header = (
        f"{back}<h1>{_e(title)}</h1>"
        f'<p class="sub">{_e(item.id)} · {_e(item.source)} · {article["n_sentences"]} sentences'
        f" · {article['n_words']} words</p>"
    )
    cards = (
        '<section class="cards">'
        + _score_card(
            "Certainty",
            float(article["certainty"]),
            "How firmly the author asserts: near 1 states flatly, lower hedges "
            "(“claimed”, “may”, “according to sources”).",
            str(article["certainty_explanation"]),
            _cue_counts(article) + _least_certain(analyses, certainty),
        )
        + _score_card(
            "Sourcing",
            float(article["sourcing"]),
            "How well claims are attributed to identifiable sources: named people, outlets "
            "and documents rather than unnamed sources or “experts”.",
            str(article["sourcing_explanation"]),
            _source_mix(analyses)
            + _contribution_chart(_contributions(analyses, certainty, model_dir)),
        )
        + (
            _score_card(
                "Reliability",
                float(article["reliability"]),
                "How much the article reads like the reliable outlets' articles in the "
                "training corpora (sourcing, tone, length): a prior learned from outlets' "
                "labels, not a fact check.",
                str(article["reliability_explanation"]),
            )
            if article.get("reliability") is not None
            else ""
        )
        + "</section>"
    )
    marks = article_marks(text, analyses)
    body = (
        f"<header>{header}</header>{cards}{_legend()}"
        '<div id="why" role="status" aria-live="polite" hidden></div>'
        f'<article class="text">{_marked_text(text, marks, analyses, certainty)}</article>'
        f"{_sentence_table(analyses, scored.sentences, item.id)}"
        f"<footer><p>scorer {_e(__version__)}: scores from the shipped models; cues from its "
        "lexicons. Made offline; this page loads nothing from the network.</p></footer>"
    )
    return _page(f"{title} · scorer", body)


def annotate_items(
    items: Iterable[Item], *, model_dir: str | None = None, index_href: str | None = None
) -> Iterator[AnnotatedArticle]:
    """Score items and render each one's page, lazily and in order.

    Items that cannot be scored come back with ``html=None``; their article row says why.

    Args:
        items: the articles.
        model_dir: a model directory; the shipped models by default.
        index_href: a link back to an index page, put on every page.

    Raises:
        ModelError: the models cannot be loaded.
    """
    # Pages need each item's text, which the rows do not carry: keep the items the scorer has
    # taken (at most one batch) and pair them with its results, which come in the same order.
    taken: deque[Item] = deque()

    def remember() -> Iterator[Item]:
        for item in items:
            taken.append(item)
            yield item

    for scored, analyses in score_with_analyses(remember(), model_dir=model_dir):
        item = taken.popleft()
        page = (
            render_article(item, scored, analyses, model_dir=model_dir, index_href=index_href)
            if scored.ok
            else None
        )
        yield AnnotatedArticle(item=item, scored=scored, html=page)


def annotate_text(
    text: str, *, item_id: str = "text", source: str = "<text>", model_dir: str | None = None
) -> str:
    """The annotated HTML page of one article.

    Args:
        text: the article text.
        item_id: the id shown on the page.
        source: where the text came from, shown under the title.
        model_dir: a model directory; the shipped models by default.

    Returns:
        A self-contained HTML document.

    Raises:
        ItemError: the text cannot be scored (empty, or nothing but page furniture).
        ModelError: the models cannot be loaded.
    """
    item = Item(id=item_id, source=source, text=text)
    ((scored, analyses),) = score_with_analyses([item], model_dir=model_dir)
    return render_article(item, scored, analyses, model_dir=model_dir)


_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def page_filename(item_id: str, used: set[str]) -> str:
    """A safe, unique ``.html`` file name for an article id; records it in ``used``."""
    stem = _UNSAFE_NAME.sub("_", item_id).strip("._")[:80] or "article"
    name, k = f"{stem}.html", 2
    while name.lower() in used or name.lower() == "index.html":
        name, k = f"{stem}-{k}.html", k + 1
    used.add(name.lower())
    return name


def render_index(entries: Sequence[tuple[dict[str, Any], str | None]]) -> str:
    """The index page of a folder of annotated pages.

    Args:
        entries: ``(article row, page file name or None)`` per article, in input order.
    """
    body = []
    for n, (row, href) in enumerate(entries, start=1):
        name = _e(row["id"])
        if row.get("status") != "ok" or href is None:
            body.append(
                f'<tr data-n="{n}" data-certainty="-1" data-sourcing="-1">'
                f'<td>{n}</td><td>{name}</td><td colspan="3" class="err">error: '
                f"{_e(row.get('error') or '')}</td></tr>"
            )
            continue
        cells = []
        for key in ("certainty", "sourcing"):
            value = float(row[key])
            cells.append(
                f'<td><span class="num">{value:.2f}</span><span class="mini">'
                f'<span style="width:{value * 100:.0f}%"></span></span></td>'
            )
        body.append(
            f'<tr data-n="{n}" data-certainty="{float(row["certainty"]):.4f}" '
            f'data-sourcing="{float(row["sourcing"]):.4f}"><td>{n}</td>'
            f'<td><a href="{_e(url_quote(href))}">{name}</a></td>{"".join(cells)}'
            f'<td class="t">{_e(row.get("top_cues") or "")}</td></tr>'
        )
    table = (
        '<div class="scroll"><table class="sortable" id="articles"><thead><tr>'
        '<th aria-sort="ascending"><button type="button" data-key="n">#</button></th>'
        "<th>article</th>"
        '<th><button type="button" data-key="certainty">certainty</button></th>'
        '<th><button type="button" data-key="sourcing">sourcing</button></th>'
        f"<th>main cues</th></tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
    content = (
        f'<header><h1>Annotated articles</h1><p class="sub">{len(entries)} article(s); '
        "open one to see its cues marked and its scores explained.</p></header>"
        f"{table}<footer><p>scorer {_e(__version__)}. Made offline; these pages load nothing "
        "from the network.</p></footer>"
    )
    return _page("Annotated articles · scorer", content)


def _write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


def _is_page_path(output: str | os.PathLike[str]) -> bool:
    return str(output).lower().endswith((".html", ".htm"))


def write_annotated(
    items: Iterable[Item], output: str | os.PathLike[str], *, model_dir: str | None = None
) -> AnnotateResult:
    """Write annotated pages: one ``.html`` file, or a folder with a page per article.

    Args:
        items: the articles.
        output: a path ending in ``.html``/``.htm`` for a single article's page; any other path
            is a folder (created if needed) that gets one page per article and ``index.html``.
        model_dir: a model directory; the shipped models by default.

    Returns:
        The pages written, the index (folder output) and the ``(id, error)`` of every article
        that could not be scored (it gets no page; the index lists its error).

    Raises:
        InputError: no articles; several articles for a single ``.html`` output; the output
            folder is a file.
        ModelError: the models cannot be loaded.
    """
    result = AnnotateResult()
    target = Path(output)
    single = _is_page_path(output)
    if not single and target.exists() and not target.is_dir():
        raise InputError(f"output {output} is a file; give a folder, or a path ending in .html")
    iterator = iter(items)
    first = next(iterator, None)
    if first is None:
        raise InputError("no articles found in the inputs")
    if single:
        second = next(iterator, None)
        if second is not None:
            raise InputError(
                f"the inputs hold more than one article; give a folder with -o (not {output}) "
                "to get one page per article and an index.html"
            )
        (annotated,) = annotate_items([first], model_dir=model_dir)
        if annotated.html is None:
            result.failed.append((first.id, str(annotated.scored.article["error"])))
            return result
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(target, annotated.html)
        result.pages.append(target)
        return result
    target.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    entries: list[tuple[dict[str, Any], str | None]] = []
    for annotated in annotate_items(
        itertools.chain([first], iterator), model_dir=model_dir, index_href="index.html"
    ):
        item, article = annotated.item, annotated.scored.article
        if annotated.html is None:
            result.failed.append((item.id, str(article["error"])))
            entries.append((article, None))
            continue
        name = page_filename(item.id, used)
        _write_atomic(target / name, annotated.html)
        result.pages.append(target / name)
        entries.append((article, name))
    result.index = target / "index.html"
    _write_atomic(result.index, render_index(entries))
    return result
