"""The scikit-learn transformer over the sentence features (for training and notebooks).

Kept apart from :mod:`scorer.analysis.features` so that scoring never imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from scorer.analysis.attribution_cues import CueModel
from scorer.analysis.features import (
    analyze_standalone,
    get_sentence_features,
    sentence_feature_matrix,
)
from scorer.classify.model_set import load_model_set

__all__ = ["SentenceFeaturizer"]


class SentenceFeaturizer(TransformerMixin, BaseEstimator):
    """scikit-learn transformer: standalone sentences -> the sentence feature matrix.

    Args:
        features: names from :data:`~scorer.analysis.features.SENTENCE_FEATURES` (all by
            default).
        cue_model: the attribution cue classifier behind the attribution features (the shipped
            one by default, loaded at :meth:`fit`).
    """

    def __init__(
        self, features: Sequence[str] | None = None, cue_model: CueModel | None = None
    ) -> None:
        self.features = features
        self.cue_model = cue_model

    def fit(self, X: Sequence[str], y: object = None) -> SentenceFeaturizer:
        self.feature_names_out_ = np.array(list(get_sentence_features(self.features)))
        self.cue_model_ = (
            self.cue_model if self.cue_model is not None else load_model_set().attribution
        )
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        analyses = [analyze_standalone(text, self.cue_model_) for text in X]
        return sentence_feature_matrix(analyses, list(self.feature_names_out_))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return self.feature_names_out_
