"""The outlet profiles page in a real browser: headless Chromium renders it at phone width without
overflowing, makes no network request, sorts it, and runs nothing from an outlet's name.

Skipped where no Chromium is installed, except in CI (``$CI`` set), where it fails instead.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from scorer.writing.profile_page import MIX_COLOURS, write_profile_page
from scorer.writing.profiles import ATTRIBUTION_KINDS, profile

from .conftest import run_chromium

pytestmark = pytest.mark.slow

HOSTILE = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">"


def _article(outlet: str, sourcing: float, **shares: float) -> dict[str, Any]:
    row: dict[str, Any] = {
        "status": "ok",
        "n_sentences": 20,
        "n_words": 400,
        "certainty": round(0.3 + sourcing / 2, 4),
        "sourcing": sourcing,
        "outlet": outlet,
        **{f"attr_{kind}_share": shares.get(kind, 0.0) for kind in ATTRIBUTION_KINDS},
        "hedge_hearsay_rate": 0.05,
        "exclaim_count": int(sourcing < 0.3),
        "quote_count": 4,
        "top_cues": "hedges 'may'×2; named sources 'the minister said'",
    }
    row["attr_count"] = round(sum(row[f"attr_{k}_share"] for k in ATTRIBUTION_KINDS) * 20)
    return row


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = []
    for i in range(12):
        rows.append(_article("Northfield Wire", 0.8 + i / 100, named=0.5, media=0.1, document=0.1))
        rows.append(_article("Harbour Daily", 0.5 + i / 100, named=0.2, anonymous=0.4))
    for i in range(3):
        rows.append(_article("The Rumour Mill (blog)", 0.1 + i / 10, vague=0.5, anonymous=0.1))
    rows.append(_article(HOSTILE, 0.4, named=0.2))
    table = profile(pd.DataFrame(rows), "outlet")
    out = tmp_path_factory.mktemp("profiles") / "outlets.html"
    write_profile_page(table, out, "outlet", reports=["report.csv"], min_articles=5)
    return out


def _dom(chromium: str, tmp_path: Path, url: str, *flags: str) -> str:
    done = run_chromium(chromium, tmp_path / "profile", *flags, "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _page_requests(chromium: str, tmp_path: Path, page: Path) -> list[str]:
    """URLs the page asked for while loading, from Chromium's network log (the browser's own
    background requests are marked "not an origin" and left out)."""
    log = tmp_path / f"{page.stem}-net.json"
    _dom(chromium, tmp_path, page.as_uri(), f"--log-net-log={log}")
    events = json.loads(log.read_text(encoding="utf-8"))["events"]
    return sorted(
        {
            e["params"]["url"]
            for e in events
            if "url" in e.get("params", {})
            and "initiator" in e["params"]
            and e["params"]["initiator"] != "not an origin"
        }
    )


def test_page_makes_no_network_request(chromium: str, page: Path, tmp_path: Path) -> None:
    assert _page_requests(chromium, tmp_path, page) == []
    # The check sees a page's request when there is one.
    control = tmp_path / "control.html"
    control.write_text('<img src="http://example.invalid/x.png">', encoding="utf-8")
    assert _page_requests(chromium, tmp_path, control) == ["http://example.invalid/x.png"]


def test_page_fits_a_phone(chromium: str, page: Path, tmp_path: Path) -> None:
    # A copy without the policy, with a script that records how wide the page and the table
    # (which could scroll sideways in its box) are laid out.
    html = page.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    measure = (
        "<script>var d=document.documentElement,t=document.getElementById('profiles');"
        "d.setAttribute('data-width',Math.max(d.scrollWidth,t.scrollWidth)+' '+window.innerWidth)"
        "</script></body>"
    )
    probe.write_text(html.replace("</body>", measure), encoding="utf-8")
    # Headless Chromium lays out --dump-dom at least 500 pixels wide: narrower than the 44rem
    # (704 px) where the table becomes cards, which is what a phone gets.
    dom = _dom(chromium, tmp_path, probe.as_uri(), "--window-size=390,1400")
    found = re.search(r'data-width="(\d+) (\d+)"', dom)
    assert found is not None
    content, window = int(found.group(1)), int(found.group(2))
    assert window < 704
    assert content <= window


def test_page_renders_bars_and_dots_at_phone_width(
    chromium: str, page: Path, tmp_path: Path
) -> None:
    from PIL import Image

    png = tmp_path / "phone.png"
    done = run_chromium(
        chromium,
        tmp_path / "profile",
        "--window-size=390,1600",
        f"--screenshot={png}",
        page.as_uri(),
    )
    assert png.exists(), done.stderr[-2000:]
    with Image.open(png) as image:
        data = image.convert("RGB").tobytes()
    pixels = Counter(tuple(data[i : i + 3]) for i in range(0, len(data), 3))
    assert sum(pixels.values()) == 390 * 1600
    assert pixels[(255, 255, 255)] / (390 * 1600) < 0.95

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    # The first card's mix bar (named, media, document of the wire) and the interval dots.
    for kind in ("named", "media", "document"):
        assert pixels[rgb(MIX_COLOURS[kind])] > 100, kind
    assert pixels[(0x1E, 0x3A, 0x8A)] > 20  # the dots


def test_sorts_by_a_column_from_the_link(chromium: str, page: Path, tmp_path: Path) -> None:
    dom = _dom(chromium, tmp_path, page.as_uri() + "#sort=sourcing")
    assert re.search(r"<html[^>]*data-ready=\"1\"", dom)
    values = [float(v) for v in re.findall(r'<tr[^>]* data-sourcing="([-\d.]+)"', dom)]
    assert len(values) == 4
    assert values == sorted(values)
    dom = _dom(chromium, tmp_path, page.as_uri() + "#sort=identified-desc")
    shares = [float(v) for v in re.findall(r'<tr[^>]* data-identified="([-\d.]+)"', dom)]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1]


def test_outlet_names_are_shown_notrun_chromium(chromium: str, page: Path, tmp_path: Path) -> None:
    dom = _dom(chromium, tmp_path, page.as_uri())
    assert re.search(r"<html[^>]*data-ready=\"1\"", dom)
    assert "data-pwned" not in dom.split("<body", 1)[0]
    assert "&lt;img src=x onerror=" in dom
    assert "<img" not in dom
