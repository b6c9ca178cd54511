"""Training the shipped models from the public corpora (``scorer train``).

Two logistic models are fitted, deterministically (same data and code give byte-identical
files):

- ``certainty_sentence.json``: P(a sentence asserts without hedging). Trained on the CoNLL-2010
  Wikipedia sentences (hedge/weasel labels) and on the Pei & Jurgens 2021 certainty ratings,
  whose 1-6 rating becomes a soft label: each finding counts as "certain" with weight
  (rating - 1) / 5 and as "uncertain" with the rest, so the model's probability follows the
  graded rating instead of a threshold on it. Features: the lexicon cue features of
  :data:`scorer.features.SENTENCE_FEATURES` plus word 1-2-grams seen in enough sentences.
- ``sourcing_article.json``: P(an article is well sourced). Trained on article-level labels
  that come from the outlet (reliable vs unreliable), using only the aggregated sourcing and tone
  features of :data:`scorer.features.ARTICLE_FEATURES` (no raw n-grams, which would learn
  topics and outlet fingerprints such as "(Reuters)").

Dev metrics are computed on splits never used for fitting and stored in the model files.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scorer import __version__
from scorer.attribution_model import CUE_MODEL_FILE, train_attribution, use_cue_model
from scorer.features import (
    ARTICLE_FEATURES,
    SENTENCE_FEATURES,
    ArticleContext,
    SentenceAnalysis,
    analyze_sentences,
    analyze_standalone,
    article_feature_vector,
    sentence_feature_matrix,
)
from scorer.model import (
    CERTAINTY_MODEL_FILE,
    NGRAM_TOKEN_PATTERN,
    SOURCING_MODEL_FILE,
    LogisticModel,
    fit_logistic,
    save_model,
)
from scorer.text import split_sentences


@dataclass(frozen=True)
class CertaintyConfig:
    """Hyper-parameters of the sentence certainty model (chosen on the dev splits)."""

    C: float = 0.5
    ngram_range: tuple[int, int] = (1, 2)
    min_df: int = 4
    ngram_C_scale: float = 0.6
    certainty_weight: float = 3.0  # Pei & Jurgens is smaller than CoNLL but closer to news


@dataclass(frozen=True)
class SourcingConfig:
    """Hyper-parameters of the article sourcing model."""

    C: float = 0.3


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
    vectorizer.fit(texts)
    return sorted(vectorizer.vocabulary_)


def _analyses(texts: Sequence[str]) -> list[SentenceAnalysis]:
    return [analyze_standalone(text) for text in texts]


def f1_uncertain(certainty: np.ndarray, uncertain: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of the uncertain class, predicted as ``certainty < 0.5``."""
    predicted = certainty < 0.5
    gold = uncertain.astype(bool)
    tp = float(np.sum(predicted & gold))
    precision = tp / max(float(np.sum(predicted)), 1.0)
    recall = tp / max(float(np.sum(gold)), 1.0)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def brier(probabilities: np.ndarray, outcomes: np.ndarray) -> float:
    """Mean squared error of probabilities against 0/1 (or soft) outcomes."""
    return round(float(np.mean((probabilities - outcomes) ** 2)), 4)


def train_certainty(data_dir: Path, config: CertaintyConfig = CertaintyConfig()) -> LogisticModel:
    """Fit the sentence certainty model and measure it on the dev splits."""
    from scorer.corpora import load_certainty, load_conll_hedging

    conll = load_conll_hedging(data_dir, "train")
    ratings = load_certainty(data_dir, "train")
    texts = list(conll["text"]) + list(ratings["text"]) * 2
    soft = ((ratings["rating"].to_numpy(dtype=float) - 1.0) / 5.0).clip(0, 1)
    y = np.concatenate(
        [1 - conll["uncertain"].to_numpy(), np.ones(len(ratings)), np.zeros(len(ratings))]
    )
    weights = np.concatenate(
        [np.ones(len(conll)), config.certainty_weight * soft, config.certainty_weight * (1 - soft)]
    )
    features = list(SENTENCE_FEATURES)
    unique = list(conll["text"]) + list(ratings["text"])
    analyses = _analyses(unique)
    X_unique = sentence_feature_matrix(analyses, features)
    author = [a.author_text for a in analyses]
    X = np.vstack([X_unique, X_unique[len(conll) :]])
    author_texts = author + author[len(conll) :]
    vocabulary = _vocabulary(author, config.ngram_range, config.min_df)
    model = fit_logistic(
        X,
        y,
        name="certainty_sentence",
        target="P(the sentence asserts without hedging)",
        features=features,
        C=config.C,
        sample_weight=weights,
        texts=author_texts,
        vocabulary=vocabulary,
        ngram_range=config.ngram_range,
        ngram_C_scale=config.ngram_C_scale,
    )
    model.info = {
        "training_data": {
            "conll2010_wiki_train": {
                "sentences": len(conll),
                "hash": _data_hash(conll["text"], conll["uncertain"]),
            },
            "pei_jurgens_train": {
                "sentences": len(ratings),
                "hash": _data_hash(ratings["text"], ratings["rating"]),
            },
        },
        "config": {**config.__dict__, "ngram_range": list(config.ngram_range)},
        "metrics": evaluate_certainty(model, data_dir),
        "versions": _versions(),
    }
    del texts
    return model


def evaluate_certainty(model: LogisticModel, data_dir: Path) -> dict[str, Any]:
    """Dev metrics of a sentence certainty model: CoNLL F1, Pei & Jurgens Pearson r, Brier."""
    from scipy.stats import pearsonr

    from scorer.corpora import load_certainty, load_conll_hedging

    conll = load_conll_hedging(data_dir, "dev")
    analyses = _analyses(list(conll["text"]))
    p = model.predict_proba(
        sentence_feature_matrix(analyses, model.features), [a.author_text for a in analyses]
    )
    uncertain = conll["uncertain"].to_numpy()
    ratings = load_certainty(data_dir, "val")
    r_analyses = _analyses(list(ratings["text"]))
    q = model.predict_proba(
        sentence_feature_matrix(r_analyses, model.features), [a.author_text for a in r_analyses]
    )
    rating = ratings["rating"].to_numpy(dtype=float)
    return {
        "conll2010_dev": {
            "sentences": len(conll),
            **f1_uncertain(p, uncertain),
            "brier": brier(p, 1 - uncertain),
        },
        "pei_jurgens_val": {
            "sentences": len(ratings),
            "pearson_r": round(float(pearsonr(q, rating)[0]), 4),
            "brier_soft": brier(q, (rating - 1) / 5),
        },
    }


def article_vectors(
    texts: Sequence[str], certainty_model: LogisticModel, features: Sequence[str]
) -> np.ndarray:
    """Article feature vectors of raw texts, with sentence certainty from ``certainty_model``."""
    rows = []
    for text in texts:
        spans = split_sentences(text)
        analyses = analyze_sentences(text, spans)
        if analyses:
            scores = certainty_model.predict_proba(
                sentence_feature_matrix(analyses, certainty_model.features),
                [a.author_text for a in analyses],
            )
        else:
            scores = np.zeros(0)
        rows.append(article_feature_vector(ArticleContext(analyses, scores), features))
    return np.vstack(rows) if rows else np.zeros((0, len(features)))


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC (0.5 = chance)."""
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 4)


def train_sourcing(
    data_dir: Path, certainty_model: LogisticModel, config: SourcingConfig = SourcingConfig()
) -> LogisticModel:
    """Fit the article sourcing model on the train articles and measure it on dev."""
    from scorer.corpora import load_articles

    articles = load_articles(data_dir)
    features = list(ARTICLE_FEATURES)
    train = articles[articles["split"] == "train"]
    dev = articles[articles["split"] == "dev"]
    X = article_vectors(list(train["text"]), certainty_model, features)
    y = train["label"].to_numpy()
    model = fit_logistic(
        X,
        y,
        name="sourcing_article",
        target="P(the article is well sourced)",
        features=features,
        C=config.C,
        class_weight="balanced",
    )
    X_dev = article_vectors(list(dev["text"]), certainty_model, features)
    p_dev = model.predict_proba(X_dev)
    y_dev = dev["label"].to_numpy()
    by_corpus = {}
    for corpus in sorted(dev["corpus"].unique()):
        mask = (dev["corpus"] == corpus).to_numpy()
        if len(set(y_dev[mask])) == 2:
            by_corpus[corpus] = {
                "articles": int(mask.sum()),
                "roc_auc": roc_auc(p_dev[mask], y_dev[mask]),
            }
    model.info = {
        "training_data": {
            corpus: {
                "articles": int((train["corpus"] == corpus).sum()),
                "well_sourced": int(train[train["corpus"] == corpus]["label"].sum()),
            }
            for corpus in sorted(train["corpus"].unique())
        }
        | {"hash": _data_hash(list(train["text"]), list(train["label"]))},
        "config": dict(config.__dict__),
        "metrics": {
            "dev": {
                "articles": len(dev),
                "roc_auc": roc_auc(p_dev, y_dev),
                "brier": brier(p_dev, y_dev),
            },
            "dev_by_corpus": by_corpus,
        },
        "versions": _versions(),
    }
    return model


def train_all(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Train both models from ``data_dir`` and write them to ``out_dir``; returns their metrics."""
    if (Path(data_dir) / "attribution" / "polnear").is_dir():
        # Both models' attribution features come from the cue model: fit and use it first.
        # Without PolNeAR (training on a user's files only) the shipped cue model is kept.
        cue = train_attribution(Path(data_dir))
        save_model(cue, out_dir / CUE_MODEL_FILE)
        use_cue_model(cue)
    certainty = train_certainty(data_dir)
    save_model(certainty, out_dir / CERTAINTY_MODEL_FILE)
    sourcing = train_sourcing(data_dir, certainty)
    save_model(sourcing, out_dir / SOURCING_MODEL_FILE)
    return {
        "certainty_sentence": certainty.info["metrics"],
        "sourcing_article": sourcing.info["metrics"],
    }


if __name__ == "__main__":  # pragma: no cover - convenience for development
    import sys

    print(json.dumps(train_all(Path(sys.argv[1]), Path(sys.argv[2])), indent=1))
