"""The statistical language identifier behind :mod:`scorer.reading.language`: py3langid.

py3langid is a maintained fork of langid.py (Lui and Baldwin 2012): a naive Bayes model over
byte n-grams for 142 languages, shipped inside the package as arrays (``model.npz.xz``, read
with ``allow_pickle=False``), so it runs offline. Loading it takes about 0.7 s and 80 MB, so
it is loaded once per process, on first use: a run whose texts are all plainly English (see
:mod:`scorer.reading.language`) never loads it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

__all__ = ["Guess", "identify"]


@dataclass(frozen=True)
class Guess:
    """The identifier's verdict on a text.

    Attributes:
        code: The most probable language (ISO 639 code as py3langid spells it: ``"en"``,
            ``"et"``, ``"no"``, ``"zh"``, ...).
        probability: Its probability, between 0 and 1.
        english: The probability of English.
    """

    code: str
    probability: float
    english: float


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Probabilities rather than raw log-likelihoods: the decision rules compare them with
    # fixed thresholds, whatever the length of the text.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Guess:
    """The most probable language of ``text`` and how probable English is.

    Args:
        text: Any text; the caller bounds its length (the identifier reads all of it).
    """
    identifier = _identifier()
    ranked = identifier.rank(text)
    code, probability = ranked[0]
    english = next(p for c, p in ranked if c == "en")
    return Guess(str(code), float(probability), float(english))
