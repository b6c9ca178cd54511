"""The models of one model directory, loaded and verified together.

A model directory (the shipped ``models/``, or what ``scorer train --out DIR`` writes) holds
four model files: the attribution cue classifier, the sentence certainty model and the article
sourcing and reliability models. They belong together: the other models were trained on the
attributions of that directory's cue model, so a directory is always loaded whole.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scorer.analysis.attribution_cues import CUE_FEATURES, CueModel
from scorer.analysis.features import ARTICLE_FEATURES, SENTENCE_FEATURES
from scorer.classify.logistic import LogisticModel, load_model
from scorer.errors import ModelError

CUE_MODEL_FILE = "attribution_cue.json"
CERTAINTY_MODEL_FILE = "certainty_sentence.json"
SOURCING_MODEL_FILE = "sourcing_article.json"
RELIABILITY_MODEL_FILE = "reliability_article.json"


@dataclass(frozen=True)
class ModelSet:
    """The models of one model directory: attribution cues, sentence certainty, sourcing,
    reliability."""

    certainty: LogisticModel
    sourcing: LogisticModel
    attribution: CueModel
    directory: str
    reliability: LogisticModel | None = None


def default_model_dir() -> Path:
    """Where the shipped models are: inside the installed package, else the repo's models/."""
    try:
        packaged = Path(str(importlib.resources.files("scorer.models")))
        if (packaged / CERTAINTY_MODEL_FILE).exists():
            return packaged
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "models"


def load_cue_model(path: str | Path) -> CueModel:
    """Load and verify a cue model file.

    Raises:
        ModelError: missing, edited, stale, or without a threshold and stem counts.
    """
    return CueModel(load_model(path, known_features=CUE_FEATURES))


@cache
def load_model_set(model_dir: str | None = None) -> ModelSet:
    """Load and verify the models of a model directory (cached per directory).

    Args:
        model_dir: a directory shaped like ``models/``; the shipped models by default.

    Raises:
        ModelError: the directory or one of its files is missing, edited, or not for this
            version of scorer.
    """
    directory = Path(model_dir) if model_dir else default_model_dir()
    if not directory.is_dir():
        raise ModelError(f"no model directory {directory}")
    # The cue model decides which sentences attribute, so a model directory brings its own:
    # the certainty and sourcing models were trained on that cue model's attributions.
    attribution = load_cue_model(directory / CUE_MODEL_FILE)
    certainty = load_model(directory / CERTAINTY_MODEL_FILE, known_features=list(SENTENCE_FEATURES))
    sourcing = load_model(directory / SOURCING_MODEL_FILE, known_features=list(ARTICLE_FEATURES))
    reliability = load_model(
        directory / RELIABILITY_MODEL_FILE, known_features=list(ARTICLE_FEATURES)
    )
    return ModelSet(
        certainty=certainty,
        sourcing=sourcing,
        attribution=attribution,
        directory=str(directory),
        reliability=reliability,
    )
