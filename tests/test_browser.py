"""The annotated page in a real browser: headless Chromium renders the marks, runs the page's
script (sorting), and runs nothing from the article.

Skipped where no Chromium is installed, except in CI (``$CI`` set), where it fails instead.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from scorer.reading.inputs import iter_items
from scorer.writing.annotate import annotate_text, write_annotated

from .conftest import BLOG_SEED, run_chromium

pytestmark = pytest.mark.slow


# The marks' background colours in the page's CSS.
COLOURS = {
    "hedge": (0xFD, 0xE6, 0x8A),
    "src-named": (0xBB, 0xF7, 0xD0),
    "src-media": (0xA5, 0xF3, 0xFC),
    "src-anonymous": (0xFE, 0xD7, 0xAA),
    "src-vague": (0xFE, 0xCA, 0xCA),
    "exclaim": (0xDC, 0x26, 0x26),
}


def _screenshot(chromium: str, tmp_path: Path, page: Path, size: str) -> list[tuple[int, ...]]:
    from PIL import Image

    png = tmp_path / f"{page.stem}-{size}.png"
    done = run_chromium(
        chromium,
        tmp_path / "profile",
        f"--window-size={size}",
        f"--screenshot={png}",
        page.as_uri(),
    )
    assert png.exists(), done.stderr[-2000:]
    with Image.open(png) as image:
        data = image.convert("RGB").tobytes()
    return [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]


def _dom(chromium: str, tmp_path: Path, url: str) -> str:
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def blog_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "blog.html"
    write_annotated(iter_items([BLOG_SEED]), out)
    return out


def test_article_marks_are_painted_in_their_colours(
    chromium: str, blog_page: Path, tmp_path: Path
) -> None:
    # Hide everything but the article text, so the legend's swatches cannot pass for marks.
    page = blog_page.read_text(encoding="utf-8")
    only_text = tmp_path / "text-only.html"
    hide = "<style>header,.cards,.legend,.sentences,footer{display:none}</style></head>"
    only_text.write_text(page.replace("</head>", hide, 1), encoding="utf-8")
    pixels = Counter(_screenshot(chromium, tmp_path, only_text, "1000,2600"))
    painted = {kind: pixels[colour] for kind, colour in COLOURS.items()}
    # Each kind covers at least a word's worth of pixels (a short word is ~600 at this size).
    assert all(n > 300 for n in painted.values()), painted
    # Hedges ("claimed" x3, "would" x3, ...) cover more than the three "!".
    assert painted["hedge"] > painted["exclaim"]


def test_page_is_not_blank_at_phone_width(chromium: str, blog_page: Path, tmp_path: Path) -> None:
    pixels = _screenshot(chromium, tmp_path, blog_page, "390,1400")
    assert len(pixels) == 390 * 1400
    white = sum(p == (255, 255, 255) for p in pixels)
    assert white / len(pixels) < 0.95
    assert len(set(pixels)) > 200  # text, cards, bars and marks; a blank page has one colour


def test_script_runs_and_sorts_by_certainty(chromium: str, blog_page: Path, tmp_path: Path) -> None:
    dom = _dom(chromium, tmp_path, blog_page.as_uri() + "#sort=certainty")
    assert re.search(r"<html[^>]*data-ready=\"1\"", dom)
    table = dom[dom.index('id="sentences"') :]
    values = [
        float(v) for v in re.findall(r'<tr id="r\d+" data-n="\d+" data-certainty="([\d.]+)"', table)
    ]
    assert len(values) == 34
    assert values == sorted(values)
    assert re.search(r'<th aria-sort="ascending"><button type="button" data-key="certainty">', dom)


def test_article_script_is_shown_notrun_chromium(chromium: str, tmp_path: Path) -> None:
    text = (
        "The minister said the plan may fail.\n"
        "<script>document.documentElement.setAttribute('data-pwned','1')</script>\n"
        "<img src=\"x\" onerror=\"document.documentElement.setAttribute('data-pwned','2')\">"
    )
    page = tmp_path / "hostile.html"
    page.write_text(annotate_text(text), encoding="utf-8")
    dom = _dom(chromium, tmp_path, page.as_uri())
    assert re.search(r"<html[^>]*data-ready=\"1\"", dom)
    assert "data-pwned" not in dom.split("<body", 1)[0]
    assert 'data-pwned="' not in dom
    assert "&lt;script&gt;document.documentElement.setAttribute" in dom
    assert "<img" not in dom
