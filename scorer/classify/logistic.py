"""Logistic models as JSON: scoring, explaining, saving, and loading that verifies what it loads.

A model file holds everything needed to score and nothing that runs: feature names, their
standardisation, coefficients, an optional n-gram vocabulary, the hashes of the lexicons the
features were computed with, the training data's hashes and sizes, dev metrics, and a SHA-256
checksum over all of it. Loading refuses a file whose checksum, format version, feature names or
lexicon hashes do not match, with a message naming the file. Pickle is never used: pickles run
code when loaded and are tied to library versions. Fitting is training's
(:mod:`scorer.training.fit`); nothing here needs scikit-learn or scipy.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from scorer.analysis.lexicon import lexicon_hashes
from scorer.errors import ModelError

FORMAT = "scorer-logistic-model"
FORMAT_VERSION = 1

# n-grams are taken from lowercased word tokens; one pattern shared by training and scoring.
NGRAM_TOKEN_PATTERN = r"(?u)\b\w+(?:['’]\w+)?\b"
# NGRAM_TOKEN_PATTERN without its word boundaries, which findall never needs: a token starts
# at the first word character after the previous token (where a boundary is) and ends where
# the word characters do. The same tokens (a test checks), found without testing both sides
# of every position for a boundary.
_NGRAM_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)?")


class _NgramIndex(NamedTuple):
    """A vocabulary's terms -> index, and its bigrams as pairs of tokens -> index."""

    terms: dict[str, int]
    pairs: dict[tuple[str, str], int]


@dataclass
class LogisticModel:
    """A binary logistic model over named dense features plus an optional n-gram vocabulary.

    ``P(y=1) = sigmoid(intercept + coef . (x - mean) / scale + ngram_coef . ngrams(text))``.
    """

    name: str
    target: str
    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    ngram_range: tuple[int, int] = (1, 1)
    vocabulary: list[str] = field(default_factory=list)
    ngram_coef: np.ndarray = field(default_factory=lambda: np.zeros(0))
    info: dict[str, Any] = field(default_factory=dict)
    # (vocabulary, ngram_coef, _NgramIndex, coefficients as floats): see _ngram_lookup.
    _ngram_cache: tuple[list[str], np.ndarray, _NgramIndex, list[float]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def standardize(self, X: np.ndarray) -> np.ndarray:
        """Dense features minus their training mean, over their training scale."""
        return (np.asarray(X, dtype=np.float64) - self.mean) / self.scale

    def ngram_scores(self, texts: Sequence[str]) -> np.ndarray:
        """``ngram_matrix(model, texts) @ ngram_coef`` (:func:`scorer.training.fit.ngram_matrix`,
        scikit-learn's vectoriser), without building the matrix.

        The same tokens and n-grams as that matrix (lowercased text, the shared token
        pattern, n-grams joined by one space), and the same summation as the sparse product
        (the coefficients of the n-grams present, added in vocabulary order, starting from
        0.0), so the result is bit-for-bit identical. Scoring uses this: it needs neither
        scikit-learn nor scipy (about 1.5 s and 150 MB per process to import) nor a vectoriser
        per batch.
        """
        index, coef = self._ngram_lookup()
        scores = np.zeros(len(texts), dtype=np.float64)
        for row, text in enumerate(texts):
            total = 0.0
            for j in sorted(self._present_ngrams(text, index)):
                total += coef[j]
            scores[row] = total
        return scores

    def ngram_terms(self, text: str) -> list[tuple[str, float]]:
        """The model's n-grams present in ``text`` with their coefficients, in vocabulary order
        (the terms :meth:`ngram_scores` sums for that text)."""
        index, coef = self._ngram_lookup()
        return [(self.vocabulary[j], coef[j]) for j in sorted(self._present_ngrams(text, index))]

    def _present_ngrams(self, text: str, index: _NgramIndex) -> set[int]:
        """Vocabulary indices of the n-grams of ``text`` (lowercased, the shared tokens)."""
        tokens = _NGRAM_TOKEN_RE.findall(text.lower())
        get = index.terms.get
        low, high = self.ngram_range
        if (low, high) == (1, 2):
            # The common case in bulk: the same unigrams and bigrams as the loop below, the
            # bigrams looked up as pairs of tokens (no string built per pair).
            found = set(map(get, tokens))
            found.update(map(index.pairs.get, itertools.pairwise(tokens)))
            found.discard(None)
            return found  # type: ignore[return-value]  # None was discarded
        present: set[int] = set()
        for n in range(low, min(high, len(tokens)) + 1):
            for i in range(len(tokens) - n + 1):
                j = get(tokens[i] if n == 1 else " ".join(tokens[i : i + n]))
                if j is not None:
                    present.add(j)
        return present

    def _ngram_lookup(self) -> tuple[_NgramIndex, list[float]]:
        """The vocabulary as term -> index and the n-gram coefficients as floats, kept until
        the vocabulary or coefficients are replaced (building them per batch costs more than
        scoring a small batch's n-grams)."""
        held = self._ngram_cache
        if (
            held is not None
            and held[0] is self.vocabulary
            and held[1] is self.ngram_coef
            and len(held[2].terms) == len(self.vocabulary)
        ):
            return held[2], held[3]
        terms = {term: i for i, term in enumerate(self.vocabulary)}
        # Tokens hold no space, so a bigram term splits into exactly its two tokens.
        pairs = {tuple(t.split(" ")): i for t, i in terms.items() if t.count(" ") == 1}
        index = _NgramIndex(terms, pairs)  # type: ignore[arg-type]  # 2-tuples, by the count
        coef = self.ngram_coef.tolist()
        self._ngram_cache = (self.vocabulary, self.ngram_coef, index, coef)
        return index, coef

    def decision(self, X: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        """The linear score (log-odds) of each row."""
        score = self.standardize(X) @ self.coef + self.intercept
        if self.vocabulary:
            if texts is None:
                raise ValueError(f"model {self.name} needs the texts for its n-gram features")
            score = score + self.ngram_scores(texts)
        return np.asarray(score, dtype=np.float64)

    def predict_proba(self, X: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
        """P(y=1) for each row."""
        return _sigmoid(self.decision(X, texts))

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-feature contributions to the log-odds of each row (dense features only)."""
        return self.standardize(X) * self.coef

    def to_dict(self) -> dict[str, Any]:
        """The JSON payload, without its checksum."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "target": self.target,
            "features": list(self.features),
            "mean": _floats(self.mean),
            "scale": _floats(self.scale),
            "coef": _floats(self.coef),
            "intercept": float(self.intercept),
            "ngram_range": list(self.ngram_range),
            "vocabulary": list(self.vocabulary),
            "ngram_coef": _floats(self.ngram_coef),
            "lexicons": lexicon_hashes(),
            "info": self.info,
        }


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -500, 500))), dtype=np.float64)


def _floats(values: np.ndarray) -> list[float]:
    # 17 significant digits round-trip a float64 exactly, so saving is lossless and a rebuilt
    # model file is byte-identical to the old one.
    return [float(f"{v:.17g}") for v in np.asarray(values, dtype=np.float64).ravel()]


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def checksum(payload: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of a payload (without its ``checksum`` key)."""
    body = {k: v for k, v in payload.items() if k != "checksum"}
    return "sha256:" + hashlib.sha256(_canonical(body)).hexdigest()


def save_model(model: LogisticModel, path: str | Path) -> Path:
    """Write a model as pretty, deterministic JSON with its checksum; returns the path."""
    payload = model.to_dict()
    payload["checksum"] = checksum(payload)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def model_from_dict(payload: Any, *, origin: str, known_features: Sequence[str]) -> LogisticModel:
    """Build a model from a parsed JSON payload, verifying everything.

    Args:
        payload: the parsed JSON.
        origin: the file name, for messages.
        known_features: the feature names the current code can compute.

    Raises:
        ModelError: the payload is not a valid, unedited model for this version of scorer.
    """

    def refuse(reason: str) -> ModelError:
        return ModelError(f"refusing model file {origin}: {reason}")

    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise refuse(f"not a {FORMAT} file")
    if payload.get("format_version") != FORMAT_VERSION:
        raise refuse(
            f"format version {payload.get('format_version')!r}, this scorer reads version "
            f"{FORMAT_VERSION}; retrain with 'scorer train'"
        )
    if payload.get("checksum") != checksum(payload):
        raise refuse("checksum mismatch: the file was edited or corrupted")
    try:
        features = [str(f) for f in payload["features"]]
        vectors = {k: np.asarray(payload[k], dtype=np.float64) for k in ("mean", "scale", "coef")}
        ngram_coef = np.asarray(payload["ngram_coef"], dtype=np.float64)
        vocabulary = [str(v) for v in payload["vocabulary"]]
        low, high = (int(n) for n in payload["ngram_range"])
        intercept = float(payload["intercept"])
    except (KeyError, TypeError, ValueError) as exc:
        raise refuse(f"missing or malformed field ({exc})") from None
    unknown = [f for f in features if f not in known_features]
    if unknown:
        raise refuse(
            f"unknown feature names {unknown}; this scorer computes {list(known_features)}"
        )
    if any(len(v) != len(features) for v in vectors.values()) or len(ngram_coef) != len(vocabulary):
        raise refuse("feature names and coefficient lengths differ")
    numbers = [*vectors.values(), ngram_coef, np.array([intercept])]
    if not all(np.all(np.isfinite(v)) for v in numbers) or np.any(vectors["scale"] <= 0):
        raise refuse("non-finite coefficients or non-positive scales")
    current = lexicon_hashes()
    stale = sorted(k for k, v in payload.get("lexicons", {}).items() if current.get(k) != v)
    if stale:
        raise refuse(
            f"it was trained with other lexicons ({', '.join(stale)}); retrain with 'scorer train'"
        )
    return LogisticModel(
        name=str(payload["name"]),
        target=str(payload.get("target", "")),
        features=features,
        mean=vectors["mean"],
        scale=vectors["scale"],
        coef=vectors["coef"],
        intercept=intercept,
        ngram_range=(low, high),
        vocabulary=vocabulary,
        ngram_coef=ngram_coef,
        info=dict(payload.get("info", {})),
    )


def load_model(path: str | Path, *, known_features: Sequence[str]) -> LogisticModel:
    """Load and verify one model file.

    Raises:
        ModelError: missing, unreadable, not JSON, edited, or not for this scorer.
    """
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model file {path}; run 'scorer train' or pass --model") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"refusing model file {path}: not readable JSON ({exc})") from None
    return model_from_dict(payload, origin=str(path), known_features=known_features)
