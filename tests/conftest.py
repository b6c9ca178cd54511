"""Shared fixtures: the repository's paths and the seeds."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scorer.analysis.attribution_cues import CueModel
from scorer.classify.model_set import load_model_set

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
BLOG_SEED = SEEDS / "000_f2fa5b6b3c4f3a52.txt"
REUTERS_SEED = SEEDS / "003_a65546bdaa8a16e3.txt"


def cue_model() -> CueModel:
    """The shipped attribution cue classifier (loaded and verified once per process)."""
    return load_model_set().attribution


def shared_data_dir() -> Path | None:
    """The public corpora (../shared/data beside the checkout, or $SCORER_DATA), if present."""
    candidate = Path(os.environ.get("SCORER_DATA", REPO.parent / "shared" / "data"))
    return candidate if candidate.is_dir() else None


@pytest.fixture
def data_dir() -> Path:
    found = shared_data_dir()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("../shared/data is missing in CI: the accuracy gate must run there")
        pytest.skip("../shared/data is not available")
    return found


@pytest.fixture(scope="session")
def blog_text() -> str:
    return BLOG_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def reuters_text() -> str:
    return REUTERS_SEED.read_text(encoding="utf-8")


# Browser tests (annotated pages, outlet profiles). Without the background-networking flags
# Chromium waits on network services that a closed network never answers.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]
BROWSER_TIMEOUT = 90


@pytest.fixture(scope="module")
def chromium() -> str:
    """The Chromium to drive: skipped where none is installed, a failure in CI."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("no Chromium in CI; .ci/run installs Debian's chromium package")
    pytest.skip("no Chromium installed (apt-get install -y chromium)")


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a profile folder of its own."""
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=False,
    )
