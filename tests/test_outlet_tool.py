"""benchmarks/outlet_profiles.py: its label lookup, ranking and docs update (the full run, which
scores 3,400 articles, is the command in docs/outlets.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

TOOL = Path(__file__).resolve().parent.parent / "benchmarks" / "outlet_profiles.py"


@pytest.fixture(scope="module")
def tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("outlet_profiles_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["outlet_profiles_tool"] = module
    spec.loader.exec_module(module)
    return module


def _table(rows: list[tuple[str, int, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"outlet": o, "n_scored": n, "certainty": c, "sourcing": s, "flag": ""}
            for o, n, c, s in rows
        ]
    )


def test_ranking_against_labels(tool) -> None:  # type: ignore[no-untyped-def]
    table = _table(
        [
            ("wire", 50, 0.7, 0.9),
            ("paper", 20, 0.6, 0.6),
            ("blog", 30, 0.65, 0.2),
            ("zine", 9, 0.5, 0.4),
            ("tiny", 2, 0.9, 0.95),  # too few articles: left out
            ("nolabel", 40, 0.5, 0.5),  # no label: left out
        ]
    )
    labels = {
        "wire": ("high", "Baly 2018"),
        "paper": ("mixed", "Baly 2018"),
        "blog": ("low", "OpenSources"),
        "zine": ("low", "OpenSources"),
        "tiny": ("low", "OpenSources"),
    }
    text = tool.ranking(table, labels, 5)
    assert text.startswith(
        "4 labelled outlets with at least 5 scored articles: wire (high), paper (mixed), "
        "blog (low), zine (low)."
    )
    # sourcing: 0.2, 0.4 (low) < 0.6 (mixed) < 0.9 (high): a perfect order.
    assert "| sourcing | +0.95 | 2 of 2 | 0.30 / 0.60 / 0.90 |" in text
    assert "| certainty | +0.63 | 2 of 2 | 0.57 / 0.60 / 0.70 |" in text
    assert tool.ranking(table.iloc[:1], labels, 5).endswith("Too few to rank.")


def test_update_docs_replaces_only_the_block(tool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "outlets.md"
    page.write_text(f"intro\n{tool.BEGIN}\nold\n{tool.END}\nreading\n", encoding="utf-8")
    tool.update_docs(page, "new table")
    assert page.read_text(encoding="utf-8") == (
        f"intro\n{tool.BEGIN}\nnew table\n{tool.END}\nreading\n"
    )


@pytest.mark.data
def test_outlet_labels_from_the_data_files(tool, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    labels = tool.outlet_labels(data_dir)
    assert labels["breitbart.com"] == ("mixed", "Baly 2018")
    assert labels["huffingtonpost.com"] == ("high", "Baly 2020")  # not in the 2018 file
    assert labels["beforeitsnews.com"] == ("low", "OpenSources")
    assert "nytimes.com" not in labels
    assert all(domain == domain.lower() and "/" not in domain for domain in labels)
