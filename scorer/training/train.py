"""Training the shipped models from the public corpora or a user's labelled data (``scorer train``).

The models are fitted deterministically (same data, config and code give byte-identical
files), each with a Markdown model card beside it: the attribution cue classifier (see
:mod:`scorer.training.train_cues`) and

- ``certainty_sentence.json``: P(a sentence asserts without hedging). Trained on the CoNLL-2010
  Wikipedia sentences (hedge/weasel labels), the Pei & Jurgens 2021 certainty ratings (the 1-6
  rating becomes a soft label: each finding counts as "certain" with weight (rating - 1) / 5 and
  as "uncertain" with the rest) and any labelled sentences the user adds. Features: the lexicon
  cue features of :data:`scorer.analysis.features.SENTENCE_FEATURES` plus word 1-2-grams. C is
  chosen by K-fold cross-validation on the training rows; the out-of-fold scores of that C fit a
  Platt scaling ``sigmoid(a * z + b)``, folded into the coefficients (``a`` and ``b`` are
  recorded).
- ``sourcing_article.json``: P(an article is well sourced), from the article's sourcing evidence
  only (:mod:`scorer.analysis.sources`), and ``reliability_article.json``: P(the article comes
  from a reliable outlet), from sourcing evidence, certainty, tone and length. Both are trained
  on article labels that come from the outlet (reliable vs unreliable) and any labelled articles
  the user adds, on aggregated features of :data:`scorer.analysis.features.ARTICLE_FEATURES` (no
  raw n-grams, which learn topics and outlet fingerprints such as "(Reuters)"), with sign
  constraints and least effects (priors), because outlet labels are weak and a free fit learns
  their confounds. C and the weight of ISOT's articles are chosen on outlets the model never
  saw (:mod:`scorer.training.outlets`), and the Platt scaling is fitted on those held-out
  scores.

Dev metrics come from splits never used for fitting.

The training corpora and hyper-parameters come from a JSON config (the package's
``scorer/training/train_config.json`` by default, see :func:`load_config`). The attribution cue
classifier both models' attribution features depend on is fitted first
(:mod:`scorer.training.train_cues`) and passed to them.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scorer.analysis.attribution_cues import CUE_FEATURES, CueModel
from scorer.analysis.features import (
    ARTICLE_FEATURES,
    SENTENCE_FEATURES,
    ArticleContext,
    SentenceAnalysis,
    analyze_sentences,
    analyze_standalone,
    article_feature_vector,
    sentence_feature_matrix,
)
from scorer.analysis.text import split_sentences
from scorer.classify.logistic import NGRAM_TOKEN_PATTERN, LogisticModel, load_model, save_model
from scorer.classify.model_set import (
    CERTAINTY_MODEL_FILE,
    CUE_MODEL_FILE,
    RELIABILITY_MODEL_FILE,
    SOURCING_MODEL_FILE,
    default_model_dir,
)
from scorer.errors import DataError, InputError
from scorer.training.evaluate import (
    balanced_weights,
    brier,
    f1_uncertain,
    load_labelled,
    roc_auc,
    sentence_certainty,
)
from scorer.training.fit import fit_logistic
from scorer.training.outlets import (
    available_checks,
    check_description,
    held_out_aucs,
    held_out_logits,
    mean_auc,
    outlet_groups,
)
from scorer.training.train_cues import CueConfig, candidate_scores, train_attribution
from scorer.version import __version__
from scorer.writing.display import clip

DEFAULT_CONFIG = Path(__file__).resolve().parent / "train_config.json"
#: The corpora folder of a source checkout, relative to the checkout.
CHECKOUT_DATA = Path("..") / "shared" / "data"
SENTENCE_CORPORA = ("conll2010_wiki", "pei_jurgens")
ARTICLE_CORPORA = ("isot", "fakenewscorpus", "polnear")


@dataclass(frozen=True)
class CertaintyConfig:
    """Training data and hyper-parameters of the sentence certainty model.

    Attributes:
        corpora: which of :data:`SENTENCE_CORPORA` to train on (may be empty when the user
            gives their own sentences).
        C_grid: candidate inverse L2 strengths; the best by cross-validated log loss is used.
        cv_folds: folds of that cross-validation (and of the calibration scores).
        ngram_range: word n-gram sizes.
        min_df: an n-gram must occur in this many training sentences.
        ngram_C_scale: n-grams are penalised 1/scale^2 times more than the cue features, so that
            thousands of n-grams do not drown a dozen well-founded cues.
        rating_weight: weight of a Pei & Jurgens finding relative to a CoNLL sentence (fewer,
            graded and closer to news findings than Wikipedia prose).
        uncertain_weight: weight of an uncertain CoNLL/user sentence while fitting (recall of the
            minority class); calibration then undoes the shift in base rate.
        calibrate: fit Platt scaling on out-of-fold scores.
        calibration_prior: ``"balanced"`` fits Platt scaling with both classes of the binary
            corpora weighted equally, so that 0.5 means "as likely certain as not" whatever the
            training corpus's share of uncertain sentences; ``"data"`` calibrates to that share.
        rating_spread: how the 1-6 ratings become soft targets: 0 rescales them linearly to
            [0, 1]; a positive value takes ``sigmoid(spread * z)`` of the rating's z-score, so
            that findings rated apart also get targets apart (linear targets sit in 0.5-0.9,
            where the log loss barely tells them apart).
        raises: cue features whose coefficient must be >= 0 (boosters).
        lowers: cue features whose coefficient must be <= 0 (hedges, "?", the author's "!",
            unnamed and vague sources): a cue the training data has too few examples of to
            learn its direction from (CoNLL train has eight sentences with a "!", mostly titles
            such as "Oklahoma!") gets no weight rather than the wrong sign.
    """

    corpora: tuple[str, ...] = SENTENCE_CORPORA
    C_grid: tuple[float, ...] = (0.25, 0.5, 1.0)
    cv_folds: int = 3
    ngram_range: tuple[int, int] = (1, 2)
    min_df: int = 2
    ngram_C_scale: float = 0.3
    rating_weight: float = 10.0
    uncertain_weight: float = 2.0
    calibrate: bool = True
    calibration_prior: str = "balanced"
    rating_spread: float = 0.0
    raises: tuple[str, ...] = ()
    lowers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleModelConfig:
    """Features, constraints and hyper-parameters of an article model (sourcing, reliability).

    Attributes:
        features: the article features the model reads (report columns are all of them).
        raises: features whose coefficient must be >= 0.
        lowers: features whose coefficient must be <= 0.
        min_effects: feature -> the least size of its coefficient, per unit of the feature, for
            constrained features: a prior the weak labels cannot overrule (see
            :func:`fit_signed_logistic`).
        C_grid: candidate inverse L2 strengths.
        isot_weights: candidate weights of the ISOT articles while fitting (0 leaves them out;
            they stay held-out test articles). With outlet groups to hold out, C and this weight
            are chosen by the mean held-out-outlet ROC AUC (:mod:`scorer.training.outlets`);
            otherwise C is chosen by cross-validated log loss.
        cv_folds: folds of that cross-validation.
        calibrate: fit Platt scaling on the held-out scores.
    """

    features: tuple[str, ...] = ()
    raises: tuple[str, ...] = ()
    lowers: tuple[str, ...] = ()
    min_effects: dict[str, float] = field(default_factory=dict)
    C_grid: tuple[float, ...] = (0.03, 0.1, 0.3, 1.0)
    isot_weights: tuple[float, ...] = (1.0,)
    cv_folds: int = 5
    calibrate: bool = True


@dataclass(frozen=True)
class SourcingConfig(ArticleModelConfig):
    """Training data and hyper-parameters of the article sourcing model.

    Attributes:
        corpora: which of :data:`ARTICLE_CORPORA` to train the article models on (may be empty
            when the user gives their own articles); the reliability model uses the same.
    """

    corpora: tuple[str, ...] = ARTICLE_CORPORA


@dataclass(frozen=True)
class ReliabilityConfig(ArticleModelConfig):
    """Features and hyper-parameters of the article reliability model (trained on the articles
    of :attr:`SourcingConfig.corpora`)."""


@dataclass(frozen=True)
class TrainConfig:
    """What ``scorer train`` fits: see :func:`load_config`."""

    certainty: CertaintyConfig = field(default_factory=CertaintyConfig)
    sourcing: SourcingConfig = field(default_factory=SourcingConfig)
    attribution: CueConfig = field(default_factory=CueConfig)
    reliability: ReliabilityConfig = field(default_factory=ReliabilityConfig)


def _section(cls: type, raw: Any, where: str) -> Any:
    if not isinstance(raw, dict):
        raise DataError(f"{where} must be a JSON object")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise DataError(f"{where}: unknown keys {unknown}; valid keys: {', '.join(known)}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        default = getattr(cls(), key)
        if isinstance(default, tuple):
            if not isinstance(value, list):
                raise DataError(f"{where}.{key} must be a list")
            value = tuple(value)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise DataError(f"{where}.{key} must be true or false")
        elif isinstance(default, int | float) and not isinstance(value, int | float):
            raise DataError(f"{where}.{key} must be a number")
        elif isinstance(default, dict) and not (
            isinstance(value, dict)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values())
        ):
            raise DataError(f"{where}.{key} must be an object of numbers")
        values[key] = value
    return cls(**values)


def load_config(path: str | Path | None = None) -> TrainConfig:
    """Read a training config (JSON).

    The file has four optional objects, ``attribution``, ``certainty``, ``sourcing`` and
    ``reliability``, whose keys are the fields of
    :class:`~scorer.training.train_cues.CueConfig`, :class:`CertaintyConfig`,
    :class:`SourcingConfig` and :class:`ReliabilityConfig`; missing keys keep their defaults.
    ``"corpora": []`` trains on the user's own labelled files only. The default config ships
    inside the package (``scorer/training/train_config.json``).

    Raises:
        DataError: the file is missing, not JSON, or has unknown keys, corpora or features.
    """
    path = Path(path) if path is not None else DEFAULT_CONFIG
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"no training config {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"training config {path} is not readable JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise DataError(f"training config {path} must be a JSON object")
    unknown = sorted(set(raw) - {"attribution", "certainty", "sourcing", "reliability", "comment"})
    if unknown:
        raise DataError(
            f"{path}: unknown sections {unknown}; "
            "valid: attribution, certainty, sourcing, reliability"
        )
    attribution = _section(CueConfig, raw.get("attribution", {}), f"{path}: attribution")
    if attribution.cv_folds < 2 or not attribution.thresholds:
        raise DataError(f"{path}: attribution needs cv_folds >= 2 and at least one threshold")
    certainty = _section(CertaintyConfig, raw.get("certainty", {}), f"{path}: certainty")
    sourcing = _section(SourcingConfig, raw.get("sourcing", {}), f"{path}: sourcing")
    reliability = _section(ReliabilityConfig, raw.get("reliability", {}), f"{path}: reliability")
    for name, corpora, valid in (
        ("certainty", certainty.corpora, SENTENCE_CORPORA),
        ("sourcing", sourcing.corpora, ARTICLE_CORPORA),
    ):
        bad = [c for c in corpora if c not in valid]
        if bad:
            raise DataError(f"{path}: {name}.corpora {bad} unknown; valid: {', '.join(valid)}")
    for name, article in (("sourcing", sourcing), ("reliability", reliability)):
        for key in ("features", "raises", "lowers", "min_effects"):
            bad = [f for f in getattr(article, key) if f not in ARTICLE_FEATURES]
            if bad:
                raise DataError(
                    f"{path}: {name}.{key} {bad} unknown; valid: {', '.join(ARTICLE_FEATURES)}"
                )
        unbounded = sorted(set(article.min_effects) - set(article.raises) - set(article.lowers))
        if unbounded:
            raise DataError(
                f"{path}: {name}.min_effects {unbounded} need a sign: list them in raises or lowers"
            )
        if not article.C_grid or not article.isot_weights:
            raise DataError(f"{path}: {name}.C_grid and {name}.isot_weights must not be empty")
    for key in ("raises", "lowers"):
        bad = [f for f in getattr(certainty, key) if f not in SENTENCE_FEATURES]
        if bad:
            raise DataError(
                f"{path}: certainty.{key} {bad} unknown; valid: {', '.join(SENTENCE_FEATURES)}"
            )
    if certainty.calibration_prior not in ("balanced", "data"):
        raise DataError(f'{path}: certainty.calibration_prior must be "balanced" or "data"')
    if len(certainty.ngram_range) != 2:
        raise DataError(f"{path}: certainty.ngram_range must be [low, high]")
    certainty = CertaintyConfig(
        **{**certainty.__dict__, "ngram_range": tuple(int(n) for n in certainty.ngram_range)}
    )
    return TrainConfig(
        certainty=certainty, sourcing=sourcing, reliability=reliability, attribution=attribution
    )


def checkout_root() -> Path | None:
    """The source checkout scorer runs from, or None for an installed package.

    A checkout has the package's ``setup.cfg`` and the shipped ``models/`` beside the package
    folder; an installed package sits in site-packages, where neither is.
    """
    root = Path(__file__).resolve().parents[2]
    if (root / "setup.cfg").is_file() and (root / "models").is_dir():
        return root
    return None


def train_paths(
    data_dir: str | Path | None, out_dir: str | Path | None, config: TrainConfig
) -> tuple[Path | None, Path]:
    """Where ``scorer train`` reads corpora and writes models, defaults filled in.

    In a source checkout the defaults are ``../shared/data`` beside it and its ``models/``.
    Installed, nothing is written unasked: ``out_dir`` is required, and so is ``data_dir``
    when the config trains on corpora.

    Returns:
        ``(data_dir or None, out_dir)``: no data folder when none is given or found and the
        config lists no corpora (training on the user's files only).

    Raises:
        InputError: no ``out_dir`` outside a checkout, or no data folder for a config that
            trains on corpora.
    """
    checkout = checkout_root()
    if out_dir is not None:
        out = Path(out_dir)
    elif checkout is not None:
        out = checkout / "models"
    else:
        raise InputError(
            "--out DIR is needed: where to write the model files and cards (outside a source "
            "checkout there is no default)"
        )
    if data_dir is not None:
        data: Path | None = Path(data_dir)
    else:
        data = (checkout / CHECKOUT_DATA).resolve() if checkout is not None else None
    corpora = [*config.certainty.corpora, *config.sourcing.corpora]
    if corpora and (data is None or not data.is_dir()):
        where = f"no training data at {data}" if data is not None else "no training data"
        raise InputError(
            f"{where}; pass --data DIR (the corpora folder: the config trains on "
            f"{', '.join(dict.fromkeys(corpora))}), or train on your own files with a --config "
            'whose "corpora" are [] and --sentences / --articles'
        )
    return (data if data is not None and data.is_dir() else None), out


def _config_dict(config: CertaintyConfig | ArticleModelConfig) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in config.__dict__.items()}


def _data_hash(texts: Iterable[str], labels: Iterable[float]) -> str:
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(text.encode("utf-8", "replace"))
        digest.update(f"\t{label}\n".encode())
    return "sha256:" + digest.hexdigest()


def _versions() -> dict[str, str]:
    import sklearn

    return {
        "scorer": __version__,
        "scikit-learn": sklearn.__version__,
        "python": platform.python_version(),
    }


def _vocabulary(texts: Sequence[str], ngram_range: tuple[int, int], min_df: int) -> list[str]:
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(
        ngram_range=ngram_range, token_pattern=NGRAM_TOKEN_PATTERN, min_df=min_df, binary=True
    )
    try:
        vectorizer.fit(texts)
    except ValueError:  # no n-gram reaches min_df (a tiny user set): cue features only
        return []
    return sorted(vectorizer.vocabulary_)


def _analyses(texts: Sequence[str], cue_model: CueModel) -> list[SentenceAnalysis]:
    return [analyze_standalone(text, cue_model) for text in texts]


def _folds(n: int, k: int, strata: np.ndarray | None = None) -> np.ndarray:
    """A fold number per row: shuffled with a fixed seed, stratified when ``strata`` is given."""
    rng = np.random.default_rng(0)
    folds = np.zeros(n, dtype=int)
    groups = np.zeros(n, dtype=int) if strata is None else strata
    for value in np.unique(groups):
        rows = np.flatnonzero(groups == value)
        rows = rows[rng.permutation(len(rows))]
        folds[rows] = np.arange(len(rows)) % k
    return folds


def _log_loss(z: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    # log(1 + e^z) - y z, the negative log-likelihood of a logit z, stable for any z.
    return float(np.sum(w * (np.logaddexp(0.0, z) - y * z)) / np.sum(w))


def platt(z: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Platt scaling: the ``(a, b)`` of ``P = sigmoid(a * z + b)`` that best fits ``y``.

    Fitted by weighted maximum likelihood on held-out logits ``z`` (no penalty: two numbers
    from thousands of rows).
    """
    from scipy.optimize import minimize

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = theta
        s = a * z + b
        p = 1.0 / (1.0 + np.exp(-s))
        g = w * (p - y)
        return float(np.sum(w * (np.logaddexp(0.0, s) - y * s))), np.array(
            [np.sum(g * z), np.sum(g)]
        )

    result = minimize(objective, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    a, b = (float(v) for v in result.x)
    return round(a, 6), round(b, 6)


def _apply_platt(model: LogisticModel, a: float, b: float) -> None:
    """Fold ``sigmoid(a * z + b)`` into the model: scale every coefficient, shift the intercept."""
    model.coef = model.coef * a
    model.ngram_coef = model.ngram_coef * a
    model.intercept = float(model.intercept * a + b)


# --- Sentence certainty -------------------------------------------------------------------------


@dataclass
class SentenceData:
    """Sentences with targets: ``y`` is P(certain) (0/1 or soft).

    ``weight`` is the fitting weight of each row; ``calibration_weight`` the weight in the
    Platt fit: without the extra weight of uncertain sentences (so that calibration sees the
    real class balance) and zero for rated findings when binary labels exist.
    """

    texts: list[str]
    y: np.ndarray
    weight: np.ndarray
    calibration_weight: np.ndarray


def _sentence_training_data(
    data_dir: Path | None, config: CertaintyConfig, user: pd.DataFrame | None
) -> tuple[SentenceData, dict[str, Any]]:
    from scorer.training.corpora import load_certainty, load_conll_hedging

    texts: list[str] = []
    ys: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    calibration: list[np.ndarray] = []
    described: dict[str, Any] = {}

    def add_binary(name: str, frame_texts: list[str], uncertain: np.ndarray) -> None:
        texts.extend(frame_texts)
        ys.append(1.0 - uncertain)
        weights.append(np.where(uncertain == 1, config.uncertain_weight, 1.0))
        calibration.append(_prior_weights(uncertain, config.calibration_prior))
        described[name] = {
            "sentences": len(frame_texts),
            "uncertain": int(uncertain.sum()),
            "hash": _data_hash(frame_texts, uncertain),
        }

    if "conll2010_wiki" in config.corpora:
        conll = load_conll_hedging(_need(data_dir), "train")
        add_binary("conll2010_wiki_train", list(conll["text"]), conll["uncertain"].to_numpy())
    binary_rows = "conll2010_wiki" in config.corpora or user is not None
    if "pei_jurgens" in config.corpora:
        ratings = load_certainty(_need(data_dir), "train")
        soft = _rating_targets(ratings["rating"].to_numpy(dtype=float), config.rating_spread)
        # Each finding twice: once "certain" with weight soft, once "uncertain" with the rest.
        # Both copies of a finding are one group for cross-validation (see _sentence_folds).
        for target, w in ((1.0, soft), (0.0, 1 - soft)):
            texts.extend(ratings["text"])
            ys.append(np.full(len(ratings), target))
            weights.append(config.rating_weight * w)
            # Ratings are judgements, not outcomes: "certain" is only an event in the binary
            # corpora, so calibration fits on those alone when there are any.
            calibration.append(np.zeros(len(ratings)) if binary_rows else config.rating_weight * w)
        described["pei_jurgens_train"] = {
            "sentences": len(ratings),
            "mean_rating": round(float(ratings["rating"].mean()), 3),
            "hash": _data_hash(ratings["text"], ratings["rating"]),
        }
    if user is not None:
        train = user[user["split"] == "train"]
        add_binary("user_sentences_train", list(train["text"]), train["label"].to_numpy())
    if not texts:
        raise DataError("no training sentences: the config lists no corpora and none were given")
    data = SentenceData(
        texts, np.concatenate(ys), np.concatenate(weights), np.concatenate(calibration)
    )
    return data, described


def _prior_weights(uncertain: np.ndarray, prior: str) -> np.ndarray:
    """Calibration weights of binary rows: all 1 (``data``), or class-balanced (``balanced``)."""
    return np.ones(len(uncertain)) if prior == "data" else balanced_weights(uncertain)


def _rating_targets(rating: np.ndarray, spread: float) -> np.ndarray:
    """Soft P(certain) targets of 1-6 ratings (see ``CertaintyConfig.rating_spread``)."""
    if spread <= 0 or len(rating) < 2 or not np.std(rating):
        return ((rating - 1.0) / 5.0).clip(0, 1)
    z = (rating - np.mean(rating)) / np.std(rating)
    return 1.0 / (1.0 + np.exp(-spread * z))


def _need(data_dir: Path | None) -> Path:
    if data_dir is None or not Path(data_dir).is_dir():
        raise DataError(
            f'no training data at {data_dir}; pass --data DIR, or a config with "corpora": []'
        )
    return Path(data_dir)


def _sentence_folds(texts: Sequence[str], k: int) -> np.ndarray:
    # Folds by text, so the two soft-label copies of a rated finding stay together.
    unique = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    per_text = _folds(len(unique), k)
    return np.array([per_text[unique[t]] for t in texts])


def _fit_certainty(
    X: np.ndarray,
    data: SentenceData,
    author: list[str],
    vocabulary: list[str],
    config: CertaintyConfig,
    C: float,
    rows: np.ndarray | None = None,
) -> LogisticModel:
    rows = np.arange(len(data.y)) if rows is None else rows
    return fit_logistic(
        X[rows],
        data.y[rows],
        name="certainty_sentence",
        target="P(the sentence asserts without hedging)",
        features=list(SENTENCE_FEATURES),
        C=C,
        sample_weight=data.weight[rows],
        texts=[author[i] for i in rows],
        vocabulary=vocabulary,
        ngram_range=config.ngram_range,
        ngram_C_scale=config.ngram_C_scale,
        raises=config.raises,
        lowers=config.lowers,
    )


def _cross_validate(
    fit: Callable[[float, np.ndarray], Callable[[np.ndarray], np.ndarray]],
    y: np.ndarray,
    w: np.ndarray,
    folds: np.ndarray,
    grid: Sequence[float],
) -> tuple[float, dict[str, float], np.ndarray]:
    """The C of ``grid`` with the lowest held-out log loss, the losses, and its held-out logits.

    ``fit(C, train_rows)`` returns a function of row indices giving logits.
    """
    losses: dict[str, float] = {}
    held_out: dict[float, np.ndarray] = {}
    for C in grid:
        z = np.zeros(len(y))
        for fold in np.unique(folds):
            test = np.flatnonzero(folds == fold)
            z[test] = fit(C, np.flatnonzero(folds != fold))(test)
        losses[f"{C:g}"] = round(_log_loss(z, y, w), 5)
        held_out[C] = z
    best = min(grid, key=lambda C: (losses[f"{C:g}"], C))
    return best, losses, held_out[best]


def train_certainty(
    data_dir: Path | None,
    config: CertaintyConfig | None = None,
    user_sentences: pd.DataFrame | None = None,
    *,
    cue_model: CueModel,
) -> LogisticModel:
    """Fit the sentence certainty model and measure it on the dev splits.

    Args:
        data_dir: the corpora folder (unused when ``config.corpora`` is empty).
        config: training data and hyper-parameters (defaults: :class:`CertaintyConfig`).
        user_sentences: labelled sentences from :func:`scorer.training.evaluate.load_labelled`
            (``label`` 1 = uncertain); their ``split`` column decides train and dev rows.
        cue_model: the cue classifier whose attributions feed the attribution features.
    """
    config = config or CertaintyConfig()
    data, described = _sentence_training_data(data_dir, config, user_sentences)
    # Analyse each distinct text once (the rated findings appear twice).
    unique = list(dict.fromkeys(data.texts))
    analysed = dict(zip(unique, _analyses(unique, cue_model), strict=True))
    analyses = [analysed[t] for t in data.texts]
    X = sentence_feature_matrix(analyses, list(SENTENCE_FEATURES))
    author = [a.author_text for a in analyses]
    vocabulary = _vocabulary(
        [analysed[t].author_text for t in unique], config.ngram_range, config.min_df
    )
    # Calibrate towards the real class balance: the uncertain_weight used while fitting is
    # for ranking, not for the probability the user reads.
    calibration_w = data.calibration_weight

    def fit(C: float, rows: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        model = _fit_certainty(X, data, author, vocabulary, config, C, rows)
        return lambda test: model.decision(X[test], [author[i] for i in test])

    folds = _sentence_folds(data.texts, config.cv_folds)
    best_C, losses, z = _cross_validate(fit, data.y, data.weight, folds, config.C_grid)
    model = _fit_certainty(X, data, author, vocabulary, config, best_C)
    a, b = platt(z, data.y, calibration_w) if config.calibrate else (1.0, 0.0)
    _apply_platt(model, a, b)
    model.info = {
        "training_data": described,
        "config": _config_dict(config),
        "selection": {"C": best_C, "cv_log_loss": losses, "cv_folds": config.cv_folds},
        "calibration": {"method": "platt", "a": a, "b": b},
        "metrics": evaluate_certainty_model(
            model, data_dir, config.corpora, user_sentences, cue_model=cue_model
        ),
        "versions": _versions(),
    }
    return model


def evaluate_certainty_model(
    model: LogisticModel,
    data_dir: Path | None,
    corpora: Sequence[str] = SENTENCE_CORPORA,
    user_sentences: pd.DataFrame | None = None,
    *,
    cue_model: CueModel,
) -> dict[str, Any]:
    """Dev metrics of a sentence certainty model: CoNLL F1, Pei & Jurgens Pearson r, Brier.

    Only the dev splits of the corpora trained on are measured, plus the user's dev rows.
    """
    from scorer.training.evaluate import evaluate_certainty, evaluate_hedge

    metrics: dict[str, Any] = {}
    if "conll2010_wiki" in corpora:
        metrics["conll2010_dev"] = evaluate_hedge(model, _need(data_dir), cue_model)
    if "pei_jurgens" in corpora:
        metrics["pei_jurgens_val"] = evaluate_certainty(model, _need(data_dir), cue_model)
    if user_sentences is not None:
        dev = user_sentences[user_sentences["split"] == "dev"]
        if len(dev) and dev["label"].nunique() == 2:
            p = sentence_certainty(model, list(dev["text"]), cue_model)
            uncertain = dev["label"].to_numpy()
            metrics["user_sentences_dev"] = {
                "sentences": len(dev),
                **f1_uncertain(p, uncertain),
                "brier": brier(p, 1 - uncertain),
            }
    return metrics


# --- Article sourcing ---------------------------------------------------------------------------


def article_vectors(
    texts: Sequence[str],
    certainty_model: LogisticModel,
    features: Sequence[str],
    cue_model: CueModel,
) -> np.ndarray:
    """Article feature vectors of raw texts, with sentence certainty from ``certainty_model``
    and attributions from ``cue_model``."""
    rows = []
    for text in texts:
        analyses = analyze_sentences(text, split_sentences(text), cue_model)
        if analyses:
            scores = certainty_model.predict_proba(
                sentence_feature_matrix(analyses, certainty_model.features),
                [a.author_text for a in analyses],
            )
        else:
            scores = np.zeros(0)
        rows.append(article_feature_vector(ArticleContext(analyses, scores), features))
    return np.vstack(rows) if rows else np.zeros((0, len(features)))


def fit_signed_logistic(
    X: np.ndarray,
    y: np.ndarray,
    *,
    name: str,
    target: str,
    features: Sequence[str],
    C: float,
    raises: Iterable[str] = (),
    lowers: Iterable[str] = (),
    balanced: bool = True,
    sample_weight: np.ndarray | None = None,
    min_effects: dict[str, float] | None = None,
) -> LogisticModel:
    """L2 logistic regression on standardised features with sign constraints on coefficients.

    Solved with L-BFGS-B (a convex problem with box constraints, so the optimum is unique and
    the result deterministic). ``raises`` features get coefficients >= 0, ``lowers`` <= 0.
    ``balanced`` weights each class by n / (2 n_class) (of the summed ``sample_weight``).
    ``min_effects`` sets a least size to the coefficient of a constrained feature, per unit of
    the feature (not per SD): a prior that the weak labels do not override (``{"vague": 0.5}``
    with ``vague`` in ``lowers``: each unit of it lowers the log-odds by at least 0.5).
    """
    from scipy.optimize import minimize

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    rows = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, np.float64)
    positives = float(rows[y == 1].sum())
    total = float(rows.sum())
    if balanced and 0 < positives < total:
        w = rows * np.where(y == 1, total / (2 * positives), total / (2 * (total - positives)))
    else:
        w = rows
    up, down = set(raises), set(lowers)
    least = {f: abs(v) * float(scale[features.index(f)]) for f, v in (min_effects or {}).items()}
    unbounded = sorted(set(least) - up - down)
    if unbounded:
        raise ValueError(f"min_effects on features without a sign constraint: {unbounded}")

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b, c = theta[0], theta[1:]
        z = Z @ c + b
        p = 1.0 / (1.0 + np.exp(-z))
        g = w * (p - y)
        loss = np.sum(w * (np.logaddexp(0.0, z) - y * z)) + 0.5 / C * np.sum(c * c)
        return float(loss), np.concatenate([[np.sum(g)], Z.T @ g + c / C])

    bounds = [(None, None)] + [
        (least.get(f, 0.0), None)
        if f in up
        else (None, -least.get(f, 0.0))
        if f in down
        else (None, None)
        for f in features
    ]
    # The start is the zero model moved inside the bounds (a least effect is a bound).
    start = np.array(
        [
            lo if lo is not None and lo > 0 else hi if hi is not None and hi < 0 else 0.0
            for lo, hi in bounds
        ]
    )
    result = minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 5000},
    )
    return LogisticModel(
        name=name,
        target=target,
        features=list(features),
        mean=mean,
        scale=scale,
        coef=np.asarray(result.x[1:], dtype=np.float64),
        intercept=float(result.x[0]),
    )


def _article_training_data(
    data_dir: Path | None, config: SourcingConfig, user: pd.DataFrame | None
) -> pd.DataFrame:
    frames = []
    if config.corpora:
        from scorer.training.corpora import load_articles

        articles = load_articles(_need(data_dir))
        frames.append(articles[articles["corpus"].isin(config.corpora)])
    if user is not None:
        frames.append(user.assign(corpus="user", outlet="user"))
    if not frames:
        raise DataError("no training articles: the config lists no corpora and none were given")
    return pd.concat(frames, ignore_index=True)[["text", "label", "corpus", "outlet", "split"]]


def train_sourcing(
    data_dir: Path | None,
    certainty_model: LogisticModel,
    config: SourcingConfig | None = None,
    user_articles: pd.DataFrame | None = None,
    *,
    cue_model: CueModel,
) -> LogisticModel:
    """Fit the article sourcing model on the train articles and measure it on dev.

    Args:
        data_dir: the corpora folder (unused when ``config.corpora`` is empty).
        certainty_model: the sentence model whose scores feed certainty features.
        config: training data, features, sign constraints, hyper-parameters.
        user_articles: labelled articles (``label`` 1 = well sourced) from
            :func:`scorer.training.evaluate.load_labelled`.
        cue_model: the cue classifier whose attributions feed the attribution features.
    """
    config = config or SourcingConfig()
    articles = _article_training_data(data_dir, config, user_articles)
    return _train_article_model("sourcing", articles, certainty_model, config, cue_model)


def train_reliability(
    data_dir: Path | None,
    certainty_model: LogisticModel,
    config: ReliabilityConfig | None = None,
    user_articles: pd.DataFrame | None = None,
    corpora: Sequence[str] = ARTICLE_CORPORA,
    *,
    cue_model: CueModel,
) -> LogisticModel:
    """Fit the article reliability model (P(the article comes from a reliable outlet)) on the
    train articles of ``corpora`` and the user's, and measure it on dev."""
    config = config or ReliabilityConfig()
    source = SourcingConfig(corpora=tuple(corpora))
    articles = _article_training_data(data_dir, source, user_articles)
    return _train_article_model("reliability", articles, certainty_model, config, cue_model)


#: What each article model is, for its file and card.
ARTICLE_MODELS = {
    "sourcing": ("sourcing_article", "P(the article is well sourced)"),
    "reliability": ("reliability_article", "P(the article comes from a reliable outlet)"),
}


def _train_article_model(
    kind: str,
    articles: pd.DataFrame,
    certainty_model: LogisticModel,
    config: ArticleModelConfig,
    cue_model: CueModel,
    vectors: dict[str, np.ndarray] | None = None,
) -> LogisticModel:
    """Fit one article model (``kind``: a key of :data:`ARTICLE_MODELS`), choose its C and ISOT
    weight on held-out outlets, calibrate it on the held-out scores and measure it on dev.

    ``vectors`` maps a split to the article feature vectors (all of ARTICLE_FEATURES, in order)
    of ``articles``' rows of that split, when already computed.
    """
    name, target = ARTICLE_MODELS[kind]
    features = list(config.features or ARTICLE_FEATURES)
    columns = [list(ARTICLE_FEATURES).index(f) for f in features]
    train = articles[articles["split"] == "train"].reset_index(drop=True)
    dev = articles[articles["split"] == "dev"].reset_index(drop=True)
    y = train["label"].to_numpy().astype(float)
    if len(set(y)) < 2:
        raise DataError("the training articles need both labels (0 and 1)")
    vectors = vectors or {}
    X_all = vectors.get("train")
    if X_all is None:
        X_all = article_vectors(
            list(train["text"]), certainty_model, list(ARTICLE_FEATURES), cue_model
        )
    X = X_all[:, columns]
    corpus = train["corpus"].to_numpy()
    groups = outlet_groups(list(corpus), list(train["outlet"]))
    balanced = _balanced(y)

    def fitter(
        C: float, isot_weight: float, signed: bool = True, priors: bool = True
    ) -> Callable[[np.ndarray], Callable[[np.ndarray], np.ndarray]]:
        def fit(rows: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
            weight = np.where(corpus[rows] == "isot", isot_weight, 1.0)
            rows, weight = rows[weight > 0], weight[weight > 0]
            model = fit_signed_logistic(
                X[rows],
                y[rows],
                name=name,
                target=target,
                features=features,
                C=C,
                raises=config.raises if signed else (),
                lowers=config.lowers if signed else (),
                min_effects=config.min_effects if signed and priors else None,
                sample_weight=weight,
            )
            return lambda test: model.decision(X[test])

        return fit

    selection: dict[str, Any]
    # Hold out outlets when there are several groups to hold out and a check to measure.
    outlet_checks = len(set(groups.tolist())) > 1 and available_checks(y, corpus)
    if outlet_checks:
        grid: dict[str, dict[str, Any]] = {}
        best: tuple[float, float, float] | None = None
        best_z = np.zeros(len(y))
        for isot_weight in config.isot_weights:
            for C in config.C_grid:
                z = held_out_logits(fitter(C, isot_weight), groups)
                aucs = held_out_aucs(z, y, corpus)
                mean = mean_auc(aucs) or 0.0
                grid[f"C={C:g}, isot_weight={isot_weight:g}"] = {"mean_roc_auc": mean} | {
                    check: d["roc_auc"] for check, d in aucs.items()
                }
                # The highest mean; among equals the strongest penalty and the most ISOT.
                rank = (mean, -C, isot_weight)
                if best is None or rank > best:
                    best, best_z = rank, z
        assert best is not None
        best_C, best_weight = -best[1], best[2]
        z = best_z
        held_out = held_out_aucs(z, y, corpus)
        # Each alternative at its own best C of the grid: what ISOT's weight, the priors and
        # the sign constraints each do to the held-out outlets.
        comparisons: dict[str, dict[str, float]] = {}
        for label, weight, signed, priors in (
            ("isot_weight=1", 1.0, True, True),
            ("isot_weight=0", 0.0, True, True),
            ("signs only, no priors", best_weight, True, False),
            ("free", best_weight, False, False),
        ):
            if (signed, priors) == (True, True) and weight == best_weight:
                continue
            if (signed, priors) == (True, False) and not config.min_effects:
                continue
            runs = []
            for C in config.C_grid:
                other = held_out_aucs(
                    held_out_logits(fitter(C, weight, signed, priors), groups), y, corpus
                )
                runs.append((mean_auc(other) or 0.0, -C, other))
            mean, minus_C, other = max(runs, key=lambda run: run[:2])
            comparisons[label] = {"C": -minus_C, "mean_roc_auc": mean} | {
                check: d["roc_auc"] for check, d in other.items()
            }
        selection = {
            "method": "held-out outlets",
            "C": best_C,
            "isot_weight": best_weight,
            "mean_held_out_roc_auc": mean_auc(held_out),
            "grid": grid,
            "comparisons": comparisons,
        }
    else:

        def fit_cv(C: float, rows: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
            return fitter(C, 1.0)(rows)

        # Stratified by corpus and label, so every fold sees every outlet group.
        strata = pd.factorize(train["corpus"] + ":" + train["label"].astype(str))[0]
        folds = _folds(len(train), config.cv_folds, strata)
        best_C, losses, z = _cross_validate(fit_cv, y, np.ones(len(y)), folds, config.C_grid)
        best_weight = 1.0
        held_out = {}
        selection = {
            "method": "cross-validation",
            "C": best_C,
            "cv_log_loss": losses,
            "cv_folds": config.cv_folds,
        }
    fit_weight = np.where(corpus == "isot", best_weight, 1.0)
    rows = np.flatnonzero(fit_weight > 0)
    final = fit_signed_logistic(
        X[rows],
        y[rows],
        name=name,
        target=target,
        features=features,
        C=best_C,
        raises=config.raises,
        lowers=config.lowers,
        min_effects=config.min_effects,
        sample_weight=fit_weight[rows],
    )
    # Calibrated on the held-out scores, both classes weighted alike: 0.5 means as likely
    # reliable as not, whatever share of reliable articles the training corpora happen to have.
    a, b = platt(z, y, balanced) if config.calibrate else (1.0, 0.0)
    _apply_platt(final, a, b)
    dev_metrics = _article_dev_metrics(final, certainty_model, dev, cue_model, vectors.get("dev"))
    if held_out:
        dev_metrics["held_out_outlets"] = held_out
    final.info = {
        "training_data": {
            c: {
                "articles": int((train["corpus"] == c).sum()),
                "reliable": int(train[train["corpus"] == c]["label"].sum()),
                "outlets": int(train[train["corpus"] == c]["outlet"].nunique()),
            }
            for c in sorted(train["corpus"].unique())
        }
        | {"hash": _data_hash(list(train["text"]), list(train["label"]))},
        "config": _config_dict(config),
        "selection": selection,
        "feature_roc_auc": _feature_aucs(X, y, corpus, features),
        "calibration": {"method": "platt", "a": a, "b": b, "weights": "balanced classes"},
        "metrics": dev_metrics,
        "versions": _versions(),
    }
    return final


# A corpus needs this many articles of each label for its own column of single-feature AUCs.
_MIN_PER_LABEL = 10


def _feature_aucs(
    X: np.ndarray, y: np.ndarray, corpus: np.ndarray, features: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Each feature's ROC AUC on its own over the training articles, in all and per corpus:
    which way the labels pull it before any constraint."""
    parts = {"all": np.ones(len(y), dtype=bool)}
    for name in sorted(set(corpus.tolist())):
        mask = corpus == name
        if min(int(y[mask].sum()), int((1 - y[mask]).sum())) >= _MIN_PER_LABEL:
            parts[name] = mask
    if len(parts) == 2:
        del parts[next(k for k in parts if k != "all")]  # one corpus: "all" says it
    return {
        f: {part: roc_auc(X[mask, j], y[mask]) for part, mask in parts.items()}
        for j, f in enumerate(features)
    }


def _balanced(y: np.ndarray) -> np.ndarray:
    """Weights that give both classes the same total weight (each summing to n / 2)."""
    positives = float(y.sum())
    if not 0 < positives < len(y):
        return np.ones(len(y))
    return np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * (len(y) - positives)))


def _article_dev_metrics(
    model: LogisticModel,
    certainty_model: LogisticModel,
    dev: pd.DataFrame,
    cue_model: CueModel,
    vectors: np.ndarray | None = None,
) -> dict[str, Any]:
    if not len(dev):
        return {}
    if vectors is None:
        X = article_vectors(list(dev["text"]), certainty_model, model.features, cue_model)
    else:
        X = vectors[:, [list(ARTICLE_FEATURES).index(f) for f in model.features]]
    p = model.predict_proba(X)
    y = dev["label"].to_numpy()
    by_corpus = {}
    for corpus in sorted(dev["corpus"].unique()):
        mask = (dev["corpus"] == corpus).to_numpy()
        if len(set(y[mask])) == 2:
            by_corpus[corpus] = {
                "articles": int(mask.sum()),
                "roc_auc": roc_auc(p[mask], y[mask]),
            }
    overall: dict[str, Any] = {"articles": len(dev), "brier": brier(p, y)}
    if len(set(y)) == 2:
        overall["roc_auc"] = roc_auc(p, y)
    return {"dev": overall, "dev_by_corpus": by_corpus}


# --- Everything ---------------------------------------------------------------------------------


def train_all(
    data_dir: Path | None,
    out_dir: Path,
    config: TrainConfig | None = None,
    *,
    sentences: str | Path | None = None,
    articles: str | Path | None = None,
    cards: bool = True,
) -> dict[str, Any]:
    """Train the models and write them (and their model cards) to ``out_dir``: attribution
    cues (when PolNeAR is there), sentence certainty, article sourcing and reliability.

    Args:
        data_dir: the corpora folder (``../shared/data``); may be ``None`` when the config lists
            no corpora.
        out_dir: where the model files go.
        config: what to train on and how (default: the shipped ``train_config.json``).
        sentences: a user's labelled sentences (CSV/TSV/JSONL with ``text`` and ``label``,
            1 = uncertain), added to the certainty training data; a fifth of them (by text hash)
            are held out as dev.
        articles: a user's labelled articles (``label`` 1 = well sourced), likewise.
        cards: also write the Markdown model cards (needs the dev splits).

    Returns:
        The dev metrics of the certainty and article models.
    """
    config = config or load_config()
    user_sentences = load_labelled(sentences, "binary") if sentences else None
    user_articles = load_labelled(articles, "binary") if articles else None
    if not config.certainty.corpora and user_sentences is None:
        raise DataError("no training sentences: the config lists no corpora and none were given")
    if not config.sourcing.corpora and user_articles is None:
        raise DataError("no training articles: the config lists no corpora and none were given")
    uses_corpora = bool(config.certainty.corpora or config.sourcing.corpora)
    if (
        uses_corpora
        and data_dir is not None
        and (Path(data_dir) / "attribution" / "polnear").is_dir()
    ):
        # Both models' attribution features come from the cue model: fit it first.
        cue = train_attribution(Path(data_dir), config.attribution)
    else:
        # Training on a user's files only (or without PolNeAR) keeps the shipped cue model.
        cue = load_model(default_model_dir() / CUE_MODEL_FILE, known_features=CUE_FEATURES)
    cue_model = CueModel(cue)
    # A model directory carries its own cue model: the one the new models are trained with,
    # so that --model OUT_DIR scores exactly as training measured.
    save_model(cue, out_dir / CUE_MODEL_FILE)
    certainty = train_certainty(data_dir, config.certainty, user_sentences, cue_model=cue_model)
    save_model(certainty, out_dir / CERTAINTY_MODEL_FILE)
    articles_frame = _article_training_data(data_dir, config.sourcing, user_articles)
    # Both article models read the same articles: analysed once, every feature computed.
    vectors = {
        split: article_vectors(
            list(articles_frame[articles_frame["split"] == split]["text"]),
            certainty,
            list(ARTICLE_FEATURES),
            cue_model,
        )
        for split in ("train", "dev")
    }
    sourcing = _train_article_model(
        "sourcing", articles_frame, certainty, config.sourcing, cue_model, vectors
    )
    save_model(sourcing, out_dir / SOURCING_MODEL_FILE)
    reliability = _train_article_model(
        "reliability", articles_frame, certainty, config.reliability, cue_model, vectors
    )
    save_model(reliability, out_dir / RELIABILITY_MODEL_FILE)
    if cards:
        write_model_cards(
            certainty,
            sourcing,
            data_dir,
            out_dir,
            config,
            user_articles,
            cue,
            reliability,
        )
    return {
        "certainty_sentence": certainty.info["metrics"],
        "sourcing_article": sourcing.info["metrics"],
        "reliability_article": reliability.info["metrics"],
    }


#: Failure modes found by reading the worst dev errors (the cards list those errors too).
CERTAINTY_FAILURE_MODES = (
    'Weasel and peacock phrasing without a lexicon cue scores as certain: "conventional '
    'wisdom holds", "no one knows", "considerably better", "a plethora of", "not necessarily" '
    "(CoNLL marks all of these uncertain).",
    'Quantifiers used plainly ("many other reasons", "some kind of") still push certain '
    "sentences below 0.5: the weasel cue features tell vague crowds from counts only where a "
    'number or a unit of time follows ("some 1,500", "for many years") or "how", "so", "too" '
    'or "as" comes before, and those are not counted as hedges.',
    'Some hedge n-grams carry positive weights ("likely", "possible", "claims"): they '
    "correct the lexicon features for the same words (collinear), so read cue features and "
    "n-grams together, not one by one.",
    "hedge_conll_rate takes a hedge's uncertain rate from CoNLL-2010 Wikipedia train sentences "
    '(hedge_rates.tsv): it marks Wikipedia weasels ("in some", "some people") more than '
    'epistemic modals ("may" 0.24, "could" 0.29, "if" 0.21), so it pulls the scores towards '
    "CoNLL's notion of uncertainty and slightly away from the Pei & Jurgens ratings.",
    "Calibrated to a balanced prior (both classes weighted alike in the Platt fit), not to "
    "CoNLL's 28% of uncertain sentences: 0.5 means as likely certain as not, which puts the cut "
    "near the F1-optimal one (recall 0.74, precision 0.58). Read against CoNLL's own mix the "
    "scores are too low (expected calibration error 0.16; 0.03 with the classes balanced); a "
    "corpus with another share of hedged sentences shifts the odds by its prior.",
    "Platt scaling is fitted on the binary CoNLL outcomes only (a rating is a judgement, not an "
    "event), so the scores are less well matched to the Pei & Jurgens ratings rescaled to [0, 1] "
    "(soft Brier 0.047) than to CoNLL outcomes.",
    "Science findings with no hedge word are rated by readers on other grounds (sample sizes, "
    "associations); the model sees cue words and n-grams only, which caps the Pearson r.",
)
SOURCING_FAILURE_MODES = (
    "Sourcing is not reliability: partisan outlets and aggregators that quote and cite as much "
    "as mainstream papers (Western Journal, Breitbart, beforeitsnews reposts that open 'According "
    "to a new report by Politico') score high, and fill the worst dev errors below, because the "
    "label is the outlet's reliability.",
    "Volumes are counts: a short wire brief that cites two people scores below a long article "
    "that cites ten, however solid the two are (the Reuters briefs among the worst errors).",
    "The evidence is only as good as the attributions: a verb of doing taken for a cue "
    "('al-Assad adopted reform programmes', 'Some countries had offered shelter') adds a "
    "source; people speaking in a narrative ('a voice shouted', 'shouting with joy') count as "
    "vague attributions; a source named in an earlier sentence is missed.",
    "Distinct sources are approximate, without a parser: two people with one surname merge "
    "unless both are given in full, a role ('the minister') is its own source even when the "
    "article named the minister, and unnamed sources are told apart by their head noun only "
    "('a senior official' and 'another official' are one source).",
    "ISOT lost its quote marks, so its articles have no direct quotes on either side.",
    "Which evidence counts and how much is a design decision (the priors): weights fitted to "
    "the outlet labels ranked held-out outlets worse (the grid above); the labels agree on the "
    "direction of the volumes in every corpus and contradict the shares within PolNeAR.",
    "Calibrated with both classes weighted alike over held-out outlets: on the dev mix (57% of "
    "the articles from unreliable outlets, most of them ISOT's) scores of 0.4-0.6 are too high.",
)
RELIABILITY_FAILURE_MODES = (
    "Not a fact check: a false story written like wire copy scores high, and a true one written "
    "as a letter or an opinion column of a reliable paper (USA Today 'Letters', among the worst "
    "errors below) scores low.",
    "It learned the styles of the PolNeAR publishers and FakeNewsCorpus domains it was fitted "
    "on (with the ISOT weight above), and reacts to what set those outlets apart: hedges raise "
    "it because PolNeAR's reliable papers hedge more than Breitbart or Western Journal do.",
    "Certainty has no weight: the data would have given more certain writing a lower "
    "reliability (within PolNeAR the unreliable outlets write more assertively), which the "
    "constraint does not allow.",
    "Reuters briefs that relay a president's tweets lose on tone: ISOT's texts lost their quote "
    "marks, so the quoted 'great' and '!' count as the author's.",
    "The tone lexicons are English news lexicons (loaded words come from propaganda-annotated "
    "articles): a sober report on a grim subject can lose a little.",
    "Outlet labels are not article labels: a reliable outlet's weak piece and an unreliable "
    "outlet's careful one get their outlet's label in training and in the dev figures.",
)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _constraints(config: dict[str, Any]) -> dict[str, str]:
    """Feature -> its sign constraint as the model cards print it, from a config's
    ``raises`` and ``lowers``."""
    constraints = {f: ">= 0" for f in config.get("raises", [])}
    return constraints | {f: "<= 0" for f in config.get("lowers", [])}


def _coef_table(model: LogisticModel, constraints: dict[str, str] | None = None) -> list[str]:
    lines = [
        "| feature | coefficient (per SD) | training mean | constraint |",
        "|---|---:|---:|---|",
    ]
    order = np.argsort(-np.abs(model.coef), kind="stable")
    for i in order:
        name = model.features[i]
        kind = (constraints or {}).get(name, "free")
        lines.append(f"| `{name}` | {model.coef[i]:+.3f} | {model.mean[i]:.3f} | {kind} |")
    return lines


def _reliability_lines(table: list[dict[str, Any]]) -> list[str]:
    lines = ["| bin | sentences or articles | mean predicted | observed |", "|---|---:|---:|---:|"]
    for row in table:
        lines.append(
            f"| {row['low']:.1f}-{row['high']:.1f} | {row['count']} | "
            f"{_fmt(row['mean_predicted'])} | {_fmt(row['observed'])} |"
        )
    return lines


def _short(text: str, limit: int = 160) -> str:
    """``text`` clipped for a Markdown table cell (a "|" would end the cell)."""
    return clip(text.replace("|", "/"), limit, mark="...")


def _baseline_text(key: str) -> str:
    from scorer.training.evaluate import BASELINES

    return "; ".join(f"{name} {value:.2f}" for name, value in BASELINES[key].items())


def certainty_card(model: LogisticModel, data_dir: Path | None, cue_model: CueModel) -> str:
    """The Markdown model card of a sentence certainty model (dev analysis needs ``data_dir``;
    ``cue_model`` is the cue classifier it was trained with)."""
    from scorer.training.corpora import load_conll_hedging
    from scorer.training.evaluate import reliability_table

    info = model.info
    metrics = info.get("metrics", {})
    lines = [
        "# Model card: sentence certainty (`certainty_sentence.json`)",
        "",
        "Generated by `scorer train`; do not edit by hand.",
        "",
        f"**Output**: {model.target}, a calibrated probability. A sentence counts as uncertain "
        "when its certainty is below 0.5. The model reads the author's words only (quotations "
        "masked unless the sentence is all quotation). Article certainty is the word-weighted "
        "mean over the sentences in the author's voice.",
        "",
        "**Model**: logistic regression on standardised cue features plus binary word "
        f"{model.ngram_range[0]}-{model.ngram_range[1]}-grams ({len(model.vocabulary)} terms, "
        f"penalised {1 / info['config']['ngram_C_scale'] ** 2:.0f}x more than the cue features). "
        f"C = {info['selection']['C']} chosen by {info['selection']['cv_folds']}-fold "
        f"cross-validated log loss on train ({info['selection']['cv_log_loss']}). Platt scaling "
        "fitted on the out-of-fold scores of the sentences with a binary label (CoNLL and the "
        f"user's): a = {info['calibration']['a']}, "
        f"b = {info['calibration']['b']}, folded into the coefficients below.",
        "",
        "## Training data",
        "",
        "| corpus | sentences | details |",
        "|---|---:|---|",
    ]
    for name, d in sorted(info["training_data"].items()):
        detail = ", ".join(f"{k} {v}" for k, v in d.items() if k not in ("sentences", "hash"))
        lines.append(f"| {name} | {d['sentences']} | {detail} |")
    lines += ["", "## Dev metrics", "", "| data | metric | this model | published / baseline |"]
    lines.append("|---|---|---:|---|")
    conll = metrics.get("conll2010_dev")
    if conll:
        lines.append(
            f"| CoNLL-2010 Wikipedia dev ({conll['sentences']} sentences) | F1 uncertain "
            f"(P {conll['precision']:.3f}, R {conll['recall']:.3f}) | {conll['f1']:.3f} | "
            f"{_baseline_text('hedge_f1')} |"
        )
        lines.append(
            f"| CoNLL-2010 Wikipedia dev | Brier (ECE) | {conll['brier']:.3f} "
            f"({conll['ece']:.3f}) | |"
        )
        if "brier_balanced" in conll:
            lines.append(
                f"| CoNLL-2010 Wikipedia dev, classes balanced | Brier (ECE) | "
                f"{conll['brier_balanced']:.3f} ({conll['ece_balanced']:.3f}) | |"
            )
    pj = metrics.get("pei_jurgens_val")
    if pj:
        lines.append(
            f"| Pei & Jurgens val ({pj['sentences']} findings) | Pearson r with the 1-6 rating "
            f"(Spearman {pj['spearman_rho']:.3f}) | {pj['pearson_r']:.3f} | "
            f"{_baseline_text('certainty_r')} |"
        )
    user = metrics.get("user_sentences_dev")
    if user:
        lines.append(f"| user sentences, dev fifth | F1 uncertain | {user['f1']:.3f} | |")
    lines += ["", "## Features and coefficients", ""]
    constraints = _constraints(info.get("config", {}))
    lines += _coef_table(model, constraints)
    if constraints:
        lines += [
            "",
            "Features marked `>= 0` can only raise certainty and `<= 0` only lower it (the "
            "config's `raises` and `lowers`): a cue's direction is not left to a handful of "
            "training sentences. A constrained coefficient of exactly 0 is one that the data "
            "would have given the other sign; the model was fitted again without it.",
        ]
    if len(model.vocabulary):
        top = np.argsort(model.ngram_coef, kind="stable")
        lower = ", ".join(f"`{model.vocabulary[i]}`" for i in top[:15])
        higher = ", ".join(f"`{model.vocabulary[i]}`" for i in top[::-1][:10])
        lines += ["", f"n-grams that lower certainty most: {lower}.", ""]
        lines += [f"n-grams that raise it most: {higher}."]
    if conll and data_dir is not None:
        dev = load_conll_hedging(Path(data_dir), "dev")
        p = sentence_certainty(model, list(dev["text"]), cue_model)
        uncertain = dev["uncertain"].to_numpy()
        lines += [
            "",
            "## Calibration (CoNLL-2010 dev, outcome = certain)",
            "",
            f"Brier score {brier(p, 1 - uncertain):.4f}. Reliability, 10 equal-width bins:",
            "",
        ]
        lines += _reliability_lines(reliability_table(p, 1 - uncertain))
        balanced = balanced_weights(uncertain)
        lines += [
            "",
            "The same with both classes weighted alike (the prior the model is calibrated to): "
            f"Brier score {brier(p, 1 - uncertain, balanced):.4f}.",
            "",
        ]
        lines += _reliability_lines(reliability_table(p, 1 - uncertain, weights=balanced))
        error = np.abs(p - (1 - uncertain))
        worst = np.argsort(-error, kind="stable")[:10]
        lines += ["", "## Worst dev errors (CoNLL-2010 dev)", "", "| gold | certainty | sentence |"]
        lines.append("|---|---:|---|")
        for i in worst:
            gold = "uncertain" if uncertain[i] else "certain"
            lines.append(f"| {gold} | {p[i]:.3f} | {_short(str(dev['text'].iloc[i]))} |")
    lines += ["", "## Known failure modes", ""]
    lines += [f"- {mode}" for mode in CERTAINTY_FAILURE_MODES]
    lines += ["", f"Versions: {json.dumps(info['versions'], sort_keys=True)}.", ""]
    return "\n".join(lines)


def sourcing_card(
    model: LogisticModel,
    certainty_model: LogisticModel,
    dev: pd.DataFrame | None,
    cue_model: CueModel,
) -> str:
    """The Markdown model card of an article sourcing model (``dev``: its dev articles)."""
    return article_card("sourcing", model, certainty_model, dev, cue_model)


def reliability_card(
    model: LogisticModel,
    certainty_model: LogisticModel,
    dev: pd.DataFrame | None,
    cue_model: CueModel,
) -> str:
    """The Markdown model card of an article reliability model (``dev``: its dev articles)."""
    return article_card("reliability", model, certainty_model, dev, cue_model)


#: What each article model's card says it is: its output, then what it is not.
ARTICLE_CARD_TEXT = {
    "sourcing": (
        "a calibrated probability read from the article's sourcing evidence only: how many "
        "of its claims it attributes, to how many distinct sources, how many of those a reader "
        "can identify (named people and bodies, outlets, documents), how many direct "
        "quotations it carries, and how many of its claims rest on anonymous or vague sources, "
        "on the author's hearsay, or on nothing. The volumes enter as log(1 + n): the tenth "
        "source adds less than the second.",
        'Tone is not an input: "!", "?", "you", ALL-CAPS, boosters, loaded words and first '
        "person stay report columns and feed `reliability`, not `sourcing`. The weak labels "
        "are the outlets' reliability, so the weights say which sourcing evidence goes with "
        "reliable outlets; the priors and constraints below say which way each may go.",
    ),
    "reliability": (
        "a calibrated probability over sourcing evidence, sentence certainty, tone and length: "
        "a style-and-sourcing prior learned from outlets' reliability labels.",
        "It is not a fact check: it says how much an article reads like the articles of "
        "reliable outlets in the training corpora, not whether what it says is true. A false "
        "story written in wire style scores high; a true one written as an angry blog post "
        "scores low.",
    ),
}
#: Why the sourcing priors are there (printed in the card when the model has them).
SOURCING_PRIOR_NOTE = (
    "The weak labels do not support the order identified > anonymous > vague by themselves: "
    "reliable outlets cite unnamed officials more often than unreliable ones do, so a free fit "
    "gives anonymous attribution a positive weight (see the AUC of "
    "`unidentified_claim_share` alone below). The order is a prior here: each unit of "
    "`unidentified_claim_share` (anonymous or vague claims among the attributed) and of "
    "`vague_claim_share` lowers the log-odds by at least the least effect below, and so does "
    "each unit of `unattributed_claim_share`. With the volumes (only identified sources raise "
    "`log_identified_sources`) this makes the same claims score lower when their sources are "
    "made anonymous, and lower still when they are made vague."
)


def article_card(
    kind: str,
    model: LogisticModel,
    certainty_model: LogisticModel,
    dev: pd.DataFrame | None,
    cue_model: CueModel,
) -> str:
    """The Markdown model card of an article model (``kind``: sourcing or reliability)."""
    from scorer.training.evaluate import reliability_table

    info = model.info
    config = info["config"]
    constraints = _constraints(config)
    # In feature order: the saved JSON sorts its keys, and the card must not depend on that.
    given = config.get("min_effects", {})
    least = {f: float(given[f]) for f in model.features if f in given}
    metrics = info.get("metrics", {})
    selection = info["selection"]
    name = ARTICLE_MODELS[kind][0]
    output, limits = ARTICLE_CARD_TEXT[kind]
    if selection.get("method") == "held-out outlets":
        chosen = (
            f"C = {selection['C']} and ISOT weight {selection['isot_weight']} chosen by the mean "
            "held-out-outlet ROC AUC (see below)"
        )
    else:
        chosen = (
            f"C = {selection['C']} chosen by {selection.get('cv_folds')}-fold cross-validated "
            f"log loss on train ({selection.get('cv_log_loss')}), no outlet groups to hold out"
        )
    lines = [
        f"# Model card: article {kind} (`{name}.json`)",
        "",
        "Generated by `scorer train`; do not edit by hand.",
        "",
        f"**Output**: {model.target}, {output}",
        "",
        limits,
        "",
        "**Model**: logistic regression on standardised article features (no raw n-grams), "
        "classes weighted alike, with sign constraints: features marked >= 0 may only raise "
        f"the score and <= 0 only lower it. {chosen}; Platt scaling a = "
        f"{info['calibration']['a']}, b = {info['calibration']['b']} fitted on the held-out "
        "scores with both classes weighted alike (0.5: as likely reliable as not), folded "
        "into the coefficients.",
    ]
    if least:
        lines += [
            "",
            "**Priors**: "
            + ", ".join(f"`{f}` at least {v:g} per unit" for f, v in least.items())
            + " (in the direction of its constraint).",
        ]
        if kind == "sourcing":
            lines += ["", SOURCING_PRIOR_NOTE]
    lines += [
        "",
        "## Training data (weak, outlet-level labels)",
        "",
        "| corpus | articles | outlets | from a reliable outlet |",
        "|---|---:|---:|---:|",
    ]
    for corpus, d in sorted(info["training_data"].items()):
        if isinstance(d, dict):
            lines.append(
                f"| {corpus} | {d['articles']} | {d.get('outlets', '-')} | "
                f"{d.get('reliable', d.get('well_sourced'))} |"
            )
    held = metrics.get("held_out_outlets")
    if held:
        lines += [
            "",
            "## Held-out outlets",
            "",
            "Every training article belongs to an outlet group (a PolNeAR publisher, a "
            "FakeNewsCorpus domain, ISOT as a whole, the user's articles) and is scored by a "
            "model fitted without its group; the checks compare those held-out scores within "
            "corpora. C and the weight of ISOT's articles were chosen by the mean of the "
            "checks' ROC AUCs. Command: `python -m scorer train` (the figures are in "
            f"`models/{name}.json` under `info.metrics.held_out_outlets`).",
            "",
            "| held-out check | articles | ROC AUC |",
            "|---|---:|---:|",
        ]
        for check, d in held.items():
            lines.append(f"| {check_description(check)} | {d['articles']} | {d['roc_auc']:.3f} |")
        lines.append(f"| mean | | {selection['mean_held_out_roc_auc']:.3f} |")
        checks = list(held)
        header = "| fit | mean | " + " | ".join(checks) + " |"
        lines += [
            "",
            "Selection grid (held-out ROC AUC):",
            "",
            header.replace("| fit |", "| C, ISOT weight |"),
            "|---|---:|" + "---:|" * len(checks),
        ]
        for setting, d in selection["grid"].items():
            values = " | ".join(_fmt(d.get(c)) for c in checks)
            lines.append(f"| {setting} | {d['mean_roc_auc']:.3f} | {values} |")
        comparisons = selection.get("comparisons", {})
        if comparisons:
            lines += [
                "",
                "The chosen fit against others, each at its best C of the grid (held-out ROC "
                "AUC). `isot_weight=1` trusts ISOT like any corpus: its reliable half is all "
                "Reuters, so the model learns Reuters' house style, which ranks the held-out "
                "publishers of PolNeAR (and FakeNewsCorpus against them) differently. `signs "
                "only, no priors` drops the least effects, `free` the sign constraints too.",
                "",
                header,
                "|---|---:|" + "---:|" * len(checks),
                f"| chosen (C = {selection['C']}, ISOT weight {selection['isot_weight']}) | "
                f"{selection['mean_held_out_roc_auc']:.3f} | "
                + " | ".join(f"{held[c]['roc_auc']:.3f}" for c in checks)
                + " |",
            ]
            for label, d in comparisons.items():
                values = " | ".join(_fmt(d.get(c)) for c in checks)
                at = f" (C = {d['C']:g})" if "C" in d else ""
                lines.append(f"| {label}{at} | {d['mean_roc_auc']:.3f} | {values} |")
    lines += [
        "",
        "## Dev metrics (outlets seen in training)",
        "",
        "| data | articles | ROC AUC | published / baseline |",
        "|---|---:|---:|---|",
    ]
    overall = metrics.get("dev")
    if overall:
        lines.append(
            f"| all dev articles | {overall['articles']} | {_fmt(overall.get('roc_auc'))} | "
            f"{_baseline_text('article_auc')} |"
        )
    for corpus, d in metrics.get("dev_by_corpus", {}).items():
        lines.append(f"| {corpus} dev | {d['articles']} | {d['roc_auc']:.3f} | |")
    lines += ["", "## Features and coefficients", ""]
    alone = info.get("feature_roc_auc", {})
    corpora = sorted({c for d in alone.values() for c in d})
    lines += [
        "| feature | coefficient (per SD) | per unit | training mean | constraint | "
        + " | ".join(f"ROC AUC alone, {c}" for c in corpora)
        + (" |" if corpora else "|"),
        "|---|---:|---:|---:|---|" + "---:|" * len(corpora),
    ]
    per_unit = (model.coef / model.scale).tolist()
    a = float(info["calibration"]["a"]) or 1.0
    at_least = 0
    for i in np.argsort(-np.abs(model.coef), kind="stable"):
        feature = model.features[i]
        kind_of = constraints.get(feature, "free")
        if feature in least:
            kind_of += f", at least {least[feature]:g} per unit"
            # The least effect bounds the fit; the Platt slope a then scales every weight.
            at_least += abs(abs(per_unit[i]) / a - least[feature]) < 1e-6
        values = "".join(f" {_fmt(alone.get(feature, {}).get(c))} |" for c in corpora)
        lines.append(
            f"| `{feature}` | {model.coef[i]:+.3f} | {per_unit[i]:+.3f} | {model.mean[i]:.3f} | "
            f"{kind_of} |{values}"
        )
    lines += [
        "",
        "A constrained coefficient of exactly 0 is one the data would have given the other "
        "sign. Per unit: the coefficient per unit of the feature, after calibration (the least "
        f"effects hold before it; the Platt slope a = {a:g} scales every weight). 'ROC AUC "
        "alone': the feature's own ranking of the training articles (above 0.5: higher values "
        "go with reliable outlets).",
    ]
    if least:
        lines += [
            "",
            f"{at_least} of the {len(least)} coefficients with a least effect sit at it"
            + (
                ": the weights are the priors; the data set the intercept and the calibration."
                if at_least == len(least)
                else " (the data asked for no more there)."
            ),
        ]
    if dev is not None and len(dev) and metrics.get("dev"):
        articles = dev.reset_index(drop=True)
        p = model.predict_proba(
            article_vectors(list(articles["text"]), certainty_model, model.features, cue_model)
        )
        y = articles["label"].to_numpy()
        lines += [
            "",
            "## Calibration (all dev articles, outcome = reliable outlet)",
            "",
            f"Brier score {brier(p, y):.4f}. Reliability, 10 equal-width bins:",
            "",
        ]
        lines += _reliability_lines(reliability_table(p, y))
        worst = np.argsort(-np.abs(p - y), kind="stable")[:10]
        lines += ["", "## Worst dev errors", "", f"| corpus | outlet | label | {kind} | opening |"]
        lines.append("|---|---|---:|---:|---|")
        for i in worst:
            row = articles.iloc[i]
            lines.append(
                f"| {row['corpus']} | {row['outlet']} | {row['label']} | {p[i]:.3f} | "
                f"{_short(str(row['text']), 120)} |"
            )
    lines += ["", "## Known failure modes", ""]
    modes = SOURCING_FAILURE_MODES if kind == "sourcing" else RELIABILITY_FAILURE_MODES
    lines += [f"- {mode}" for mode in modes]
    lines += ["", f"Versions: {json.dumps(info['versions'], sort_keys=True)}.", ""]
    return "\n".join(lines)


#: Failure modes found by reading the dev errors of the attribution pipeline.
ATTRIBUTION_FAILURE_MODES = (
    "PolNeAR annotates beliefs, intentions and stances as attributions as well as speech: "
    '"backed", "advocates for", "has been investigating", "Clinton\'s plan", "is a staunch '
    'opponent of". Such words attribute in some sentences and not in others ("He backed out"), '
    "and most missed attributions are of this kind: sentences in which the classifier accepts "
    "no word at all.",
    "Verbs of what people did rather than said are taken as cues when the context looks like "
    'reporting: "Trump made the comments Friday", "Obama unveiled the plan", "He went to see '
    'the ice". The sentence then has a named source but no attributed content.',
    "The gold labels have gaps: most of the most confident false positives below are "
    'attributions the annotator left out ("Figueroa said Stein complied with police orders", '
    '"Trump also claimed Clinton had helped Machado", "..., the group said"); PolNeAR\'s own '
    "estimate is about 1,060 missing attributions in the corpus (pseudo-recall 94%).",
    'An inverted attribution inside a sentence ("Assad, reports Interfax, has arrived in '
    'Moscow") is left to the classifier, which reads "reports" as a noun more often than not '
    'and misses it; only one that ends the sentence (", reports Russian media") is taken by '
    "rule.",
    "A cue's source is found by phrase rules around the cue (subject before it, inverted "
    'subject after it, "according to" objects, passive "by" agents); long appositions and '
    "sources in an earlier sentence are missed, so a sentence can attribute with no source "
    "span (typed vague).",
    "Two annotators agree at about 0.91 sentence F1 (see the annotator agreement above): "
    "figures near that level measure the annotation as much as the model.",
)


def attribution_card(model: LogisticModel, data_dir: Path | None) -> str:
    """The Markdown model card of the attribution cue classifier.

    The dev analysis (end-to-end metrics, annotator agreement, calibration, errors) needs the
    PolNeAR folder under ``data_dir``; without it the card shows the metrics stored in the model.
    """
    from scorer.training.corpora import load_polnear
    from scorer.training.evaluate import (
        BASELINES,
        annotator_agreement,
        attribution_sentences,
        evaluate_attribution,
        reliability_table,
    )

    info = model.info
    config = info.get("config", {})
    metrics = info.get("metrics", {})
    stems = info.get("cue_stems", {})
    lines = [
        "# Model card: attribution cues (`attribution_cue.json`)",
        "",
        "Generated by `scorer train`; do not edit by hand.",
        "",
        f"**Output**: {model.target}, for each candidate word outside quotations. A sentence "
        f"attributes when one of its candidates reaches {info.get('threshold')}; the scorer "
        "then finds each cue's source by phrase rules and types it (named, media, document, "
        "anonymous, vague). The `confidence` of an attribution in the reports is its cue's "
        "probability.",
        "",
        f"**Model**: logistic regression on {len(model.features)} standardised dense features "
        f"plus {len(model.vocabulary)} sparse context terms (the word, its stem, two words "
        f"either side, stem bigrams; min_df {config.get('min_df')}), C = {config.get('C')}. "
        f"Candidates: words whose crude stem was part of a gold cue at least "
        f"{config.get('min_stem_hits')} times in training ({len(stems)} stems). The threshold "
        f"maximises the sentence F1 of out-of-fold scores ({config.get('threshold_cv')}).",
        "",
        "## Training data",
        "",
        "| corpus | articles | sentences | candidate words |",
        "|---|---:|---:|---:|",
    ]
    for name, d in sorted(info.get("training_data", {}).items()):
        lines.append(f"| {name} | {d['articles']} | {d['sentences']} | {d['candidates']} |")
    curve = info.get("threshold_curve", {})
    if curve:
        lines += ["", "Cross-validated sentence F1 by threshold:", ""]
        lines += ["| threshold | " + " | ".join(curve) + " |"]
        lines += ["|---|" + "---:|" * len(curve)]
        lines += ["| F1 | " + " | ".join(f"{v:.4f}" for v in curve.values()) + " |"]
    lines += ["", "## Dev metrics", "", "| data | metric | this model | published / baseline |"]
    lines.append("|---|---|---:|---|")
    for key, label in (
        ("polnear_train_cv_sentence", "PolNeAR train, 5-fold cross-validation, cue model alone"),
        ("polnear_dev_sentence", "PolNeAR dev, cue model alone"),
    ):
        m = metrics.get(key)
        if m:
            lines.append(
                f"| {label} | sentence F1 (P {m['precision']:.3f}, R {m['recall']:.3f}) | "
                f"{m['f1']:.3f} | |"
            )
    data = Path(data_dir) if data_dir is not None else None
    if data is None or not (data / "attribution" / "polnear").is_dir():
        lines += ["", "## Known failure modes", ""]
        lines += [f"- {mode}" for mode in ATTRIBUTION_FAILURE_MODES]
        return "\n".join([*lines, ""])
    cue_model = CueModel(model)
    end_to_end = evaluate_attribution(data, cue_model)
    agreement = annotator_agreement(data, cue_model)
    human = agreement.get("human", {})
    att, src = end_to_end["attribution"], end_to_end["source_span"]
    for name, m, key in (
        ("attribution F1", att, "attribution"),
        ("source-span F1", src, "source_span"),
    ):
        baseline = "; ".join(f"{n} {v:.2f}" for n, v in BASELINES[f"{key}_f1"].items())
        if human:
            baseline += f"; two PolNeAR annotators {human[f'{key}_f1']:.3f}"
        lines.append(
            f"| PolNeAR dev ({end_to_end['articles']} articles, {end_to_end['sentences']} "
            f"sentences), the scorer (cue model, layout rules, source finder) | {name} "
            f"(P {m['precision']:.3f}, R {m['recall']:.3f}) | {m['f1']:.3f} | {baseline} |"
        )
    held = agreement.get("held_out")
    if held:
        for key, name in (("attribution", "attribution F1"), ("source_span", "source-span F1")):
            lines.append(
                f"| PolNeAR articles all annotators annotated, outside train ({held['articles']} "
                f"articles, {held['sentences']} sentences) | {name} against each annotator | "
                f"{held['scorer'][f'{key}_f1']:.3f} | annotators against each other "
                f"{held['human'][f'{key}_f1']:.3f} |"
            )
    lines += [
        "",
        "Sentences by the type of their main source, and how many of them really attribute "
        "(PolNeAR dev):",
        "",
        "| type | sentences | attributing | precision |",
        "|---|---:|---:|---:|",
    ]
    for kind, counts in end_to_end["by_type"].items():
        lines.append(
            f"| {kind} | {counts['predicted']} | {counts['correct']} | "
            f"{counts['correct'] / max(counts['predicted'], 1):.3f} |"
        )
    if agreement:
        lines += [
            "",
            f"Annotator agreement: {agreement['articles']} articles ({agreement['sentences']} "
            f"sentences) were annotated by all {agreement['annotators']} PolNeAR annotators; "
            "each annotator is scored against every other with the metrics above, counts "
            "pooled over the ordered pairs ("
            + ", ".join(
                f"{name} {c['articles']} articles, attribution F1 {c['human_attribution_f1']:.3f}"
                for name, c in agreement["by_compartment"].items()
            )
            + "). The scorer is compared only on the articles outside train: it was fitted "
            "on one annotator's labels of the others.",
        ]
    lines += ["", "## Features and coefficients", "", *_coef_table(model)]
    if len(model.vocabulary):
        top = np.argsort(model.ngram_coef, kind="stable")
        raise_ = ", ".join(f"`{model.vocabulary[i]}`" for i in top[::-1][:15])
        lower = ", ".join(f"`{model.vocabulary[i]}`" for i in top[:15])
        lines += [
            "",
            "Sparse terms: `w_` the word, `s_` its stem, `p1_`/`p2_` the words before, "
            "`n1_`/`n2_` after, `sn_`/`ps_` stem bigrams.",
            "",
            f"Terms that make a cue most likely: {raise_}.",
            "",
            f"Terms that make it least likely: {lower}.",
        ]
    dev_docs = load_polnear(data, "dev")
    probabilities, labels = candidate_scores(cue_model, dev_docs)
    lines += [
        "",
        "## Calibration (PolNeAR dev candidate words, outcome = part of a gold cue)",
        "",
        f"{len(labels)} candidate words, {int(labels.sum())} of them in a gold cue; Brier "
        f"score {brier(probabilities, labels):.4f}. Reliability, 10 equal-width bins:",
        "",
    ]
    lines += _reliability_lines(reliability_table(probabilities, labels))
    false_positives: list[tuple[float, str, str, str]] = []
    missed: list[tuple[str, str]] = []
    for doc, analysis, gold in attribution_sentences(dev_docs, cue_model):
        text = doc.text[analysis.start : analysis.end]
        primary = analysis.primary
        if primary is not None and not gold["has_attribution"]:
            false_positives.append(
                (primary.confidence, primary.cue, analysis.attribution_type, text)
            )
        elif primary is None and gold["has_attribution"]:
            cues = [
                doc.text[a:b]
                for att in doc.attributions
                for a, b in att.cue
                if a < analysis.end and b > analysis.start
            ]
            missed.append(("; ".join(cues), text))
    false_positives.sort(key=lambda row: -row[0])
    lines += [
        "",
        "## Dev errors",
        "",
        f"{len(false_positives)} false positives; the 10 with the most confident cue:",
        "",
        "| cue | confidence | type | sentence |",
        "|---|---:|---|---|",
    ]
    for confidence, cue, kind, text in false_positives[:10]:
        lines.append(f"| {_short(cue, 40)} | {confidence:.3f} | {kind} | {_short(text, 140)} |")
    step = max(len(missed) // 10, 1)
    lines += [
        "",
        f"{len(missed)} missed attributions; every {step}th, in article order:",
        "",
        "| gold cue | sentence |",
        "|---|---|",
    ]
    for cue, text in missed[::step][:10]:
        lines.append(f"| {_short(cue, 40)} | {_short(text, 140)} |")
    lines += ["", "## Known failure modes", ""]
    lines += [f"- {mode}" for mode in ATTRIBUTION_FAILURE_MODES]
    return "\n".join([*lines, ""])


def write_model_cards(
    certainty: LogisticModel,
    sourcing: LogisticModel,
    data_dir: Path | None,
    out_dir: Path,
    config: TrainConfig | None = None,
    user_articles: pd.DataFrame | None = None,
    cue: LogisticModel | None = None,
    reliability: LogisticModel | None = None,
) -> None:
    """Write ``attribution_cue.md``, ``certainty_sentence.md``, ``sourcing_article.md`` and
    (given ``reliability``) ``reliability_article.md`` next to the model files.

    The dev analyses use the same data as training: the config's corpora and the user's rows.
    ``cue`` is the attribution cue model the other two were trained with (default: the shipped
    one).
    """
    config = config or load_config()
    conll_dir = (
        Path(data_dir)
        if data_dir is not None and "conll2010_wiki" in config.certainty.corpora
        else None
    )
    articles = _article_training_data(data_dir, config.sourcing, user_articles)
    if cue is None:
        cue = load_model(default_model_dir() / CUE_MODEL_FILE, known_features=CUE_FEATURES)
    cue_model = CueModel(cue)
    cards = {
        "attribution_cue.md": attribution_card(cue, data_dir),
        "certainty_sentence.md": certainty_card(certainty, conll_dir, cue_model),
        "sourcing_article.md": sourcing_card(
            sourcing, certainty, articles[articles["split"] == "dev"], cue_model
        ),
    }
    if reliability is not None:
        cards["reliability_article.md"] = reliability_card(
            reliability, certainty, articles[articles["split"] == "dev"], cue_model
        )
    for name, text in cards.items():
        (out_dir / name).write_text(text, encoding="utf-8")


__all__ = [
    "ArticleModelConfig",
    "CertaintyConfig",
    "ReliabilityConfig",
    "SourcingConfig",
    "TrainConfig",
    "article_card",
    "article_vectors",
    "evaluate_certainty_model",
    "fit_signed_logistic",
    "load_config",
    "platt",
    "train_all",
    "train_certainty",
    "train_reliability",
    "train_sourcing",
    "write_model_cards",
]
