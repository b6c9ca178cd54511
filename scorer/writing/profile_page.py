"""The outlet profiles page: one self-contained HTML file of a profile table.

:func:`render_profiles` turns the table of :func:`scorer.profiles.profile_reports` into a page
with a row per outlet: each score as a dot on a 0-1 strip with its 95% interval as a bar, the
attribution mix as a stacked bar, the hearsay, "!" and quotation rates, the most frequent cues,
and a legend saying what each of them means. Every column sorts (a button in its header; the
mix sorts by each kind of source). At phone width the table turns into one card per outlet.

Nothing is loaded from the network: CSS and script are inline, and a Content-Security-Policy
allows only the page's own script (by hash) and no loads. Outlet names and cues come from the
reports, that is from the articles and the user's table, so all of them are HTML-escaped.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scorer.version import __version__
from scorer.writing.html_page import escape as _e
from scorer.writing.html_page import self_contained_page

__all__ = ["MIX_COLOURS", "render_profiles", "write_profile_page"]

#: Colour of each kind of source in the mix bars (the colours of the annotated pages' cues).
MIX_COLOURS: dict[str, str] = {
    "named": "#15803d",
    "media": "#0e7490",
    "document": "#7e22ce",
    "anonymous": "#ea580c",
    "vague": "#dc2626",
    "none": "#cbd5e1",
}

#: Kinds of cue (hedges, named sources, ...) shown in a row before "more".
CUE_KINDS_SHOWN = 2

_SCORE_MEANING = {
    "certainty": "How firmly the articles assert, 0 to 1: the mean of the articles' certainty. "
    "Near 1 states flatly; lower hedges (“may”, “reportedly”, “according to sources”). Hedges "
    "inside quotations are the speaker's and do not count.",
    "sourcing": "How well claims are attributed to identifiable sources, 0 to 1: the mean of "
    "the articles' sourcing score. High means named people, outlets and documents; low means "
    "unnamed “sources”, vague “experts”, or no attribution.",
    "reliability": "The articles' reliability score, 0 to 1, as the report gives it: the mean "
    "over the outlet's articles.",
}


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def _fmt(value: float, digits: int = 2) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _data(value: float) -> str:
    # Sorting puts groups without a value (no scored articles) last in ascending order.
    return "-1" if math.isnan(value) else f"{value:.4f}"


def _score_cell(name: str, row: dict[str, Any]) -> str:
    mean = _number(row.get(name))
    low, high = _number(row.get(f"{name}_low")), _number(row.get(f"{name}_high"))
    if math.isnan(mean):
        return f'<td class="score" data-label="{name}"><small>no scored articles</small></td>'
    clamp = lambda x: max(0.0, min(1.0, x)) * 100  # noqa: E731
    interval = (
        f'<span class="ci" style="left:{clamp(low):.1f}%;width:{clamp(high) - clamp(low):.1f}%">'
        "</span>"
        if not math.isnan(low)
        else ""
    )
    label = f"{name} {mean:.2f}, 95% interval {_fmt(low)} to {_fmt(high)}"
    return (
        f'<td class="score" data-label="{name}"><span class="num">{mean:.2f}</span> '
        f'<small class="range">{_fmt(low)}–{_fmt(high)}</small>'
        f'<span class="strip" role="img" aria-label="{_e(label)}">{interval}'
        f'<span class="dot" style="left:{clamp(mean):.1f}%"></span></span></td>'
    )


def _mix_cell(row: dict[str, Any]) -> str:
    parts, words = [], []
    for kind in MIX_COLOURS:
        share = _number(row.get(f"attr_{kind}_share"))
        if math.isnan(share) or share <= 0:
            continue
        parts.append(
            f'<span class="k-{kind}" style="width:{share * 100:.2f}%" '
            f'title="{kind}: {share:.0%} of sentences"></span>'
        )
        words.append(f"{kind} {share:.0%}")
    if not parts:
        return '<td class="mixcell" data-label="sources"><small>no sentences</small></td>'
    text = ", ".join(words)
    return (
        f'<td class="mixcell" data-label="sources"><span class="mix" role="img" '
        f'aria-label="sentences by main source: {_e(text)}">{"".join(parts)}</span>'
        f"<small>{_e(text)}</small></td>"
    )


def _rate_cell(label: str, value: float, digits: int = 2) -> str:
    return (
        f'<td class="rate" data-label="{label}"><span class="num">{_fmt(value, digits)}</span></td>'
    )


def _row(n: int, row: dict[str, Any], by: str, scores: Sequence[str]) -> str:
    name = str(row.get(by) or "")
    shown = _e(name) if name else f"<i>(no {_e(by)})</i>"
    flag = str(row.get("flag") or "")
    n_articles, n_scored = int(row.get("n_articles") or 0), int(row.get("n_scored") or 0)
    errors = int(row.get("n_errors") or 0)
    data = {
        "n": str(n),
        "name": name.lower(),
        "articles": str(n_articles),
        **{s: _data(_number(row.get(s))) for s in scores},
        **{
            kind: _data(_number(row.get(f"attr_{kind}_share")))
            for kind in ("named", "media", "document", "anonymous", "vague", "none")
        },
        "identified": _data(
            sum(_number(row.get(f"attr_{k}_share")) for k in ("named", "media", "document"))
        ),
        "hearsay": _data(_number(row.get("hedge_hearsay_rate"))),
        "exclaim": _data(_number(row.get("punct_exclaim_rate"))),
        "quotes": _data(_number(row.get("quote_share"))),
        "cues": str(row.get("top_cues") or "").lower(),
    }
    attributes = " ".join(f'data-{key}="{_e(value)}"' for key, value in data.items())
    counts = f"{n_scored} scored" + (f", {errors} not" if errors else "")
    words = _number(row.get("median_words"))
    median = f"; median {words:.0f} words" if not math.isnan(words) else ""
    note = f'<small class="flag">⚑ {_e(flag)}</small>' if flag else ""
    cells = [
        f'<th scope="row" class="name" data-label="{_e(by)}">{shown}{note}</th>',
        f'<td class="count" data-label="articles"><span class="num">{n_articles}</span>'
        f"<small>{counts}{median}</small></td>",
        *(_score_cell(s, row) for s in scores),
        _mix_cell(row),
        _rate_cell("hearsay", _number(row.get("hedge_hearsay_rate"))),
        _rate_cell("author's !", _number(row.get("punct_exclaim_rate"))),
        _rate_cell("quotes", _number(row.get("quote_share"))),
        _cues_cell(str(row.get("top_cues") or "")),
    ]
    flagged = ' class="flagged"' if flag else ""
    return f"<tr{flagged} {attributes}>{''.join(cells)}</tr>"


def _cues_cell(cues: str) -> str:
    # The hedges and the first kind of source show; the rest opens on a tap, so that a row
    # stays a few lines high and every cue is still on the page.
    parts = cues.split("; ") if cues else []
    shown = "; ".join(parts[:CUE_KINDS_SHOWN])
    rest = "; ".join(parts[CUE_KINDS_SHOWN:])
    more = (
        f"<details><summary>{len(parts) - CUE_KINDS_SHOWN} more kinds</summary>{_e(rest)}</details>"
        if rest
        else ""
    )
    return f'<td class="cues" data-label="top cues">{_e(shown)}{more}</td>'


def _button(key: str, label: str, direction: str = "") -> str:
    state = f' data-dir="{direction}"' if direction else ""
    return f'<button type="button" data-key="{key}"{state}>{_e(label)}</button>'


def _head(by: str, scores: Sequence[str]) -> str:
    mix_keys = " ".join(
        _button(key, label)
        for key, label in (
            ("identified", "identified"),
            ("anonymous", "anonymous"),
            ("vague", "vague"),
            ("none", "none"),
        )
    )
    cells = [
        f"<th>{_button('name', by)}</th>",
        f'<th aria-sort="descending">{_button("articles", "articles", "descending")}</th>',
        *(f"<th>{_button(s, s)}</th>" for s in scores),
        f'<th class="mixhead">sources: {mix_keys}</th>',
        f"<th>{_button('hearsay', 'hearsay')}</th>",
        f"<th>{_button('exclaim', 'author’s !')}</th>",
        f"<th>{_button('quotes', 'quotes')}</th>",
        f"<th>{_button('cues', 'top cues')}</th>",
    ]
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def _legend(scores: Sequence[str], min_articles: int | None) -> str:
    meanings = "".join(f"<dt>{_e(s)}</dt><dd>{_e(_SCORE_MEANING[s])}</dd>" for s in scores)
    swatches = " ".join(f'<span class="sw k-{kind}"></span>{kind}' for kind in MIX_COLOURS)
    few = (
        f"fewer than {min_articles} scored articles"
        if min_articles is not None
        else "few scored articles"
    )
    return (
        '<section class="legend" id="legend" aria-label="legend"><h2>What the columns mean</h2>'
        "<dl>"
        f"{meanings}"
        "<dt>the strip</dt><dd>The dot is the mean over the outlet's scored articles; the bar "
        "is its 95% bootstrap interval: where the mean would fall for another sample of the "
        "outlet's articles like this one (over 1,000 articles, the normal interval the "
        "bootstrap converges to). Few articles give a wide bar.</dd>"
        f"<dt>sources</dt><dd>Every sentence of the outlet's articles by its main source: "
        f"{swatches}. Named, media and document sources are identifiable.</dd>"
        "<dt>hearsay</dt><dd>The authors' hearsay hedges (“reportedly”, “claimed”, “sources "
        "say”) per sentence.</dd>"
        "<dt>author’s !</dt><dd>Exclamation marks in the authors' own words per sentence "
        "(quoted ones are the speakers').</dd>"
        "<dt>quotes</dt><dd>Share of sentences with a direct quotation.</dd>"
        "<dt>top cues</dt><dd>The cues the outlet's articles list most often.</dd>"
        f"<dt>⚑</dt><dd>A flagged outlet: {_e(few)}, or rows without a name. Read its "
        "scores with its interval.</dd></dl></section>"
    )


_CSS = """
:root{--ink:#1f2937;--dim:#64748b;--line:#e2e8f0}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:80rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.05rem;margin:.2rem 0}
.sub,footer,small{color:var(--dim);font-size:.82rem}
.legend{border:1px solid var(--line);border-radius:.5rem;padding:.5rem .9rem;margin:1rem 0}
.legend dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.3rem 0;
font-size:.86rem}
.legend dt{font-weight:600}.legend dd{margin:0}
.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:.15rem;margin:0 .2rem 0 .5rem;
vertical-align:-.1rem}
.k-named{background:#15803d}.k-media{background:#0e7490}.k-document{background:#7e22ce}
.k-anonymous{background:#ea580c}.k-vague{background:#dc2626}.k-none{background:#cbd5e1}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.45rem .5rem;text-align:left;vertical-align:top}
thead th{white-space:nowrap;font-size:.85rem}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;
color:#1d4ed8}
button[data-dir=ascending]::after{content:" ▲"}
button[data-dir=descending]::after{content:" ▼"}
.mixhead{white-space:normal}
.mixhead button{font-weight:500;margin-right:.3rem}
.name{font-weight:600;min-width:8rem;overflow-wrap:anywhere}
.name small,.count small,.mixcell small{display:block;font-weight:400}
.flag{color:#b45309}
tr.flagged .score{opacity:.75}
.num{font-variant-numeric:tabular-nums;font-weight:600}
.score{min-width:8.5rem}
.range{margin-left:.2rem}
.strip{display:block;position:relative;height:.9rem;margin-top:.25rem;border-radius:.45rem;
background:linear-gradient(90deg,#f1f5f9,#f1f5f9) 0 50%/100% 2px no-repeat,
linear-gradient(90deg,#94a3b8,#94a3b8) 50% 50%/1px 100% no-repeat}
.strip .ci{position:absolute;top:.2rem;bottom:.2rem;background:#93c5fd;border-radius:.3rem;
min-width:2px}
.strip .dot{position:absolute;top:50%;width:.7rem;height:.7rem;margin:-.35rem 0 0 -.35rem;
border-radius:50%;background:#1e3a8a;border:2px solid #fff}
.mixcell{width:12rem;min-width:10rem}
.mix{display:flex;height:.9rem;border-radius:.2rem;overflow:hidden;background:#f1f5f9;
margin-top:.2rem}
.cues{font-size:.8rem;min-width:13rem;overflow-wrap:anywhere}
.cues summary{cursor:pointer;color:#1d4ed8}
.count{min-width:5.5rem}
@media (max-width:44rem){
main{padding:.6rem}
.legend dl{grid-template-columns:1fr}.legend dd{margin-bottom:.3rem}
table,tbody,tr,td,th{display:block;width:100%}
thead tr{display:flex;flex-wrap:wrap;gap:.2rem .7rem;border-bottom:2px solid var(--line)}
thead th{border:0;padding:.2rem 0;width:auto}
tbody tr{display:grid;grid-template-columns:repeat(3,1fr);gap:0 .6rem;
border:1px solid var(--line);border-radius:.5rem;margin:.6rem 0;padding:.3rem .6rem}
tbody tr>.name,tbody tr>.count,tbody tr>.score,tbody tr>.mixcell,tbody tr>.cues{
grid-column:1/-1}
tbody td,tbody th{border:0;padding:.25rem 0}
tbody td::before{content:attr(data-label);display:block;font-size:.75rem;color:var(--dim);
text-transform:uppercase;letter-spacing:.03em}
.name{font-size:1.05rem}.cues,.mixcell,.score,.count{min-width:0;width:auto}}
"""

# Sorting reads the rows' data-* attributes (numbers compare as numbers, others as text). A
# link ending in #sort=sourcing (or #sort=sourcing-desc) opens the page so sorted.
_JS = r"""
(function(){
var table=document.getElementById('profiles');
if(table){
var buttons=table.querySelectorAll('thead button[data-key]');
function sortBy(button,asc){
buttons.forEach(function(b){b.removeAttribute('data-dir');
b.parentNode.removeAttribute('aria-sort');});
var dir=asc?'ascending':'descending';
button.setAttribute('data-dir',dir);button.parentNode.setAttribute('aria-sort',dir);
var key=button.getAttribute('data-key');
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){
var x=a.getAttribute('data-'+key),y=b.getAttribute('data-'+key);
var nx=parseFloat(x),ny=parseFloat(y);
var c=(isNaN(nx)||isNaN(ny))?x.localeCompare(y):nx-ny;
if(c===0)c=parseFloat(a.getAttribute('data-n'))-parseFloat(b.getAttribute('data-n'));
return asc?c:-c;});
rows.forEach(function(r){body.appendChild(r);});}
buttons.forEach(function(button){button.addEventListener('click',function(){
sortBy(button,button.getAttribute('data-dir')!=='ascending');});});
var want=/^#sort=(\w+)(-desc)?$/.exec(location.hash);
if(want){var b=table.querySelector('thead button[data-key="'+want[1]+'"]');
if(b)sortBy(b,!want[2]);}}
document.documentElement.setAttribute('data-ready','1');
})();
"""


def _page(title: str, body: str) -> str:
    return self_contained_page(title, body, _CSS, _JS)


def render_profiles(
    table: Any,
    by: str,
    *,
    reports: Sequence[str] = (),
    min_articles: int | None = None,
    title: str = "Outlet profiles",
) -> str:
    """The profiles page of a profile table.

    Args:
        table: the DataFrame of :func:`scorer.profiles.profile_reports` or
            :func:`scorer.profiles.profile`, in the order to show.
        by: the column the table is grouped by (its first column).
        reports: the report files it was made from, named (without their folders) under the
            title.
        min_articles: the threshold below which groups were flagged, for the legend.
        title: the page's title.

    Returns:
        A self-contained HTML document.
    """
    records: list[dict[str, Any]] = table.to_dict("records")
    scores = [s for s in ("certainty", "sourcing", "reliability") if s in table.columns]
    n_articles = sum(int(r.get("n_articles") or 0) for r in records)
    n_scored = sum(int(r.get("n_scored") or 0) for r in records)
    flagged = sum(bool(r.get("flag")) for r in records)
    # File names only: a page is shared, the folders it was made in are not its business.
    where = f" from {_e(', '.join(Path(r).name for r in reports))}" if reports else ""
    header = (
        f"<header><h1>{_e(title)}</h1>"
        f'<p class="sub">{len(records)} groups by <code>{_e(by)}</code> · {n_articles} articles '
        f"({n_scored} scored) · {flagged} flagged{where}. Sort by any column with its "
        'button; <a href="#legend">what the columns mean</a> is under the table.</p></header>'
    )
    rows = "".join(_row(n, r, by, scores) for n, r in enumerate(records, start=1))
    body = (
        f'{header}<div class="scroll"><table id="profiles">{_head(by, scores)}'
        f"<tbody>{rows}</tbody></table></div>{_legend(scores, min_articles)}"
        f"<footer><p>scorer {_e(__version__)} · scorer profile. Made offline; this page loads "
        "nothing from the network.</p></footer>"
    )
    return _page(f"{title} · scorer", body)


def write_profile_page(
    table: Any,
    path: str | os.PathLike[str],
    by: str,
    *,
    reports: Sequence[str] = (),
    min_articles: int | None = None,
) -> Path:
    """Write :func:`render_profiles` to ``path`` atomically (a temporary file renamed)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    page = render_profiles(table, by, reports=reports, min_articles=min_articles)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return target
