"""Held-out outlets: how an article model does on outlets it never saw, for choosing it.

The article labels come from the outlet (reliable or not), so a model fitted and tested on
articles of the same outlets learns their house style: ISOT's reliable half is all Reuters, and
a model that sees it learns Reuters' dateline-free wire prose as "reliable". What matters to a
user is how a model ranks articles of outlets absent from its training data. So every training
article belongs to an **outlet group**, and each group's articles are scored by a model fitted on
all the other groups (leave one group out):

- each PolNeAR publisher is a group (Breitbart, Western Journal, the New York Times, ...);
- each FakeNewsCorpus domain is a group;
- ISOT is one group: its outlets cannot be told apart (``Fake.csv`` has a topic column, not a
  site), and its reliable half is a single outlet;
- a user's labelled articles are one group.

The held-out scores are then compared within corpora (:data:`HELD_OUT_CHECKS`): ISOT's Reuters
articles against its unreliable ones, PolNeAR's reliable publishers against its unreliable
ones, and FakeNewsCorpus against PolNeAR's reliable publishers (real against fake news from
outlets no model in that comparison saw). An outlet has one label, so no AUC exists within one
group: each check pools the scores of several held-out groups, each from its own model.

Nothing here fits a model: training passes the fitting function in (see ``scorer.training.train``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from scorer.training.evaluate import roc_auc

#: (name, description, which rows: a function of the corpus and label arrays).
HELD_OUT_CHECKS: tuple[tuple[str, str, Callable[[np.ndarray, np.ndarray], np.ndarray]], ...] = (
    (
        "isot",
        "ISOT: Reuters against ISOT's unreliable sites (ISOT held out as a whole)",
        lambda corpus, y: corpus == "isot",
    ),
    (
        "polnear",
        "PolNeAR: reliable against unreliable publishers (each publisher held out)",
        lambda corpus, y: corpus == "polnear",
    ),
    (
        "fakenewscorpus vs polnear reliable",
        "FakeNewsCorpus domains against PolNeAR's reliable publishers (each held out)",
        lambda corpus, y: (corpus == "fakenewscorpus") | ((corpus == "polnear") & (y == 1)),
    ),
    (
        "user",
        "the user's labelled articles (held out as one group)",
        lambda corpus, y: corpus == "user",
    ),
)

Predictor = Callable[[np.ndarray], np.ndarray]
"""Logits of the given row indices, from a model fitted on other rows."""


def outlet_groups(corpus: Sequence[str], outlet: Sequence[str]) -> np.ndarray:
    """The outlet group of each article: ``isot`` for any ISOT article, ``user`` for the
    user's, else ``CORPUS:OUTLET``."""
    return np.array(
        [c if c in ("isot", "user") else f"{c}:{o}" for c, o in zip(corpus, outlet, strict=True)]
    )


def held_out_logits(fit: Callable[[np.ndarray], Predictor], groups: np.ndarray) -> np.ndarray:
    """Each row's logit from a model fitted without its outlet group.

    Args:
        fit: fits a model on the given row indices and returns its predictor.
        groups: the outlet group of each row (:func:`outlet_groups`).
    """
    z = np.zeros(len(groups))
    for group in sorted(set(groups.tolist())):
        held = np.flatnonzero(groups == group)
        z[held] = fit(np.flatnonzero(groups != group))(held)
    return z


def available_checks(y: np.ndarray, corpus: np.ndarray) -> list[str]:
    """The checks of :data:`HELD_OUT_CHECKS` whose articles have both labels."""
    return [name for name, _, rows in HELD_OUT_CHECKS if len(set(y[rows(corpus, y)].tolist())) == 2]


def held_out_aucs(z: np.ndarray, y: np.ndarray, corpus: np.ndarray) -> dict[str, dict[str, float]]:
    """ROC AUC of held-out logits in each check of :data:`HELD_OUT_CHECKS` that has both labels:
    ``{name: {"articles": n, "roc_auc": auc}}``."""
    results: dict[str, dict[str, float]] = {}
    for name, _, rows in HELD_OUT_CHECKS:
        mask = rows(corpus, y)
        if len(set(y[mask].tolist())) == 2:
            results[name] = {"articles": int(mask.sum()), "roc_auc": roc_auc(z[mask], y[mask])}
    return results


def mean_auc(aucs: dict[str, dict[str, float]]) -> float | None:
    """The mean of the checks' AUCs: each corpus counts once, whatever its size (None with no
    check)."""
    if not aucs:
        return None
    return round(float(np.mean([d["roc_auc"] for d in aucs.values()])), 4)


def check_description(name: str) -> str:
    """The readable description of a check, for model cards."""
    return next((d for n, d, _ in HELD_OUT_CHECKS if n == name), name)


__all__ = [
    "HELD_OUT_CHECKS",
    "available_checks",
    "check_description",
    "held_out_aucs",
    "held_out_logits",
    "mean_auc",
    "outlet_groups",
]
