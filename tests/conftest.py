"""Shared fixtures: the repository's paths and the seeds."""

from __future__ import annotations

import os
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
