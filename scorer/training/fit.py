"""Fitting logistic models: the n-gram matrix and sign-constrained logistic regression.

What :mod:`scorer.classify.logistic` scores at run time without scikit-learn is fitted here with
it: the n-gram presence matrix comes from scikit-learn's vectoriser with the token pattern the
run-time scorer uses, and the fit is scikit-learn's L2 logistic regression.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight

from scorer.classify.logistic import NGRAM_TOKEN_PATTERN, LogisticModel


def ngram_matrix(model: LogisticModel, texts: Sequence[str]) -> sp.csr_matrix:
    """Binary n-gram presence of ``texts`` over ``model``'s vocabulary (what
    :meth:`LogisticModel.ngram_scores` multiplies by the n-gram coefficients)."""
    vectorizer = CountVectorizer(
        vocabulary={term: i for i, term in enumerate(model.vocabulary)},
        ngram_range=model.ngram_range,
        token_pattern=NGRAM_TOKEN_PATTERN,
        binary=True,
        dtype=np.float64,
    )
    return vectorizer.transform(texts).tocsr()


def fit_logistic(
    X: np.ndarray,
    y: np.ndarray,
    *,
    name: str,
    target: str,
    features: Sequence[str],
    C: float = 1.0,
    sample_weight: np.ndarray | None = None,
    texts: Sequence[str] | None = None,
    vocabulary: Sequence[str] = (),
    ngram_range: tuple[int, int] = (1, 1),
    ngram_C_scale: float = 1.0,
    class_weight: str | None = None,
    raises: Iterable[str] = (),
    lowers: Iterable[str] = (),
) -> LogisticModel:
    """Fit a standardised logistic regression and return it as a :class:`LogisticModel`.

    Dense features are standardised (mean 0, unit variance); n-gram presence features are left
    as 0/1 and share the same L2 penalty, scaled by ``ngram_C_scale`` so that thousands of
    n-grams do not drown a dozen well-founded cue features.

    ``raises`` features may only get a coefficient >= 0 and ``lowers`` features <= 0 (an
    active-set method over scikit-learn's solver): a coefficient of the wrong sign is fixed at 0
    and the model refitted; a fixed feature whose loss gradient then points into its allowed
    sign is freed again; this repeats until neither happens, which is the optimality condition
    of the box-constrained problem.

    Raises:
        ValueError: a constrained name is not one of ``features``, or n-grams lack texts.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    model = LogisticModel(
        name=name,
        target=target,
        features=list(features),
        mean=mean,
        scale=scale,
        coef=np.zeros(len(features)),
        intercept=0.0,
        ngram_range=ngram_range,
        vocabulary=list(vocabulary),
    )
    ngrams = (
        ngram_matrix(model, texts) * ngram_C_scale if vocabulary and texts is not None else None
    )
    if vocabulary and ngrams is None:
        raise ValueError("n-gram features need the training texts")
    up, down = set(raises), set(lowers)
    unknown = sorted((up | down) - set(features))
    if unknown:
        raise ValueError(f"sign constraints on unknown features {unknown}")
    # The effective weight of each row in scikit-learn's loss, for the gradient check below.
    row_weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    if class_weight is not None:
        row_weight = row_weight * compute_sample_weight(class_weight, y)
    fixed: set[int] = set()
    # Each round fixes or frees at least one feature; the bound only guards against cycling.
    for _ in range(4 * len(features) + 2):
        dense = Z.copy()
        dense[:, sorted(fixed)] = 0.0  # an all-zero column gets a zero coefficient under L2
        design: np.ndarray | sp.csr_matrix = dense
        if ngrams is not None:
            # Scaling a column by s is the same as relaxing its L2 penalty by s^2.
            design = sp.hstack([sp.csr_matrix(dense), ngrams]).tocsr()
        clf = LogisticRegression(C=C, max_iter=5000, class_weight=class_weight, solver="lbfgs")
        clf.fit(design, y, sample_weight=sample_weight)
        weights = clf.coef_.ravel()
        wrong = {
            i
            for i, f in enumerate(features)
            if i not in fixed
            and ((f in up and weights[i] < 0.0) or (f in down and weights[i] > 0.0))
        }
        if wrong:
            fixed |= wrong
            continue
        if not fixed:
            break
        # d(loss)/d(coefficient) of each fixed feature at 0: negative means the loss falls
        # as the coefficient rises.
        p = clf.predict_proba(design)[:, 1]
        gradient = Z[:, sorted(fixed)].T @ (row_weight * (p - (y == clf.classes_[1])))
        freed = {
            i
            for i, g in zip(sorted(fixed), gradient.tolist(), strict=True)
            if (features[i] in up and g < 0.0) or (features[i] in down and g > 0.0)
        }
        if not freed:
            break
        fixed -= freed
    model.coef = weights[: len(features)].copy()
    model.coef[sorted(fixed)] = 0.0
    model.ngram_coef = weights[len(features) :] * ngram_C_scale
    model.intercept = float(clf.intercept_[0])
    return model
