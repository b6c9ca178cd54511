"""Model files: the shipped ones load; edited, corrupted or foreign ones are refused, by name.

A model file is JSON with a SHA-256 checksum over its content; loading never unpickles and
refuses any mismatch with one message naming the file. The checksum guards against edits and
corruption; a hand-made file with a recomputed checksum is still checked field by field.
"""

from __future__ import annotations

import json
import math
import pickle
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from scorer.analysis.features import ARTICLE_FEATURES, SENTENCE_FEATURES
from scorer.classify.logistic import FORMAT_VERSION, checksum, load_model, save_model
from scorer.classify.model_set import (
    CERTAINTY_MODEL_FILE,
    SOURCING_MODEL_FILE,
    default_model_dir,
    load_model_set,
)
from scorer.cli import cli
from scorer.errors import ModelError

from .conftest import BLOG_SEED, REUTERS_SEED

SHIPPED = default_model_dir()


def _payload(name: str = CERTAINTY_MODEL_FILE) -> dict[str, Any]:
    return json.loads((SHIPPED / name).read_text(encoding="utf-8"))


def _write(path: Path, payload: dict[str, Any], *, reseal: bool) -> Path:
    """Write a payload; ``reseal`` recomputes its checksum, as a deliberate forger would."""
    if reseal:
        payload["checksum"] = checksum(payload)
    path.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return path


def _load_certainty(path: Path) -> None:
    load_model(path, known_features=list(SENTENCE_FEATURES))


def test_shipped_models_load_and_are_sealed() -> None:
    models = load_model_set(None)
    assert models.certainty.features and set(models.certainty.features) <= set(SENTENCE_FEATURES)
    assert models.sourcing.features and set(models.sourcing.features) <= set(ARTICLE_FEATURES)
    for name in (CERTAINTY_MODEL_FILE, SOURCING_MODEL_FILE):
        payload = _payload(name)
        assert payload["format_version"] == FORMAT_VERSION
        assert payload["checksum"] == checksum(payload)
        assert math.isfinite(payload["intercept"])


def test_saving_a_loaded_model_gives_the_same_bytes(tmp_path: Path) -> None:
    """Loading is lossless: nothing in the file is ignored or rounded."""
    for name, known in (
        (CERTAINTY_MODEL_FILE, SENTENCE_FEATURES),
        (SOURCING_MODEL_FILE, ARTICLE_FEATURES),
    ):
        model = load_model(SHIPPED / name, known_features=list(known))
        saved = save_model(model, tmp_path / name)
        assert saved.read_bytes() == (SHIPPED / name).read_bytes()


def _edit_coefficient(payload: dict[str, Any]) -> None:
    payload["coef"][0] = payload["coef"][0] + 0.5


def _rename_feature(payload: dict[str, Any]) -> None:
    payload["features"][0] = "hedge_count_v2"


def _drop_coefficient(payload: dict[str, Any]) -> None:
    payload["coef"].pop()


def _nan_intercept(payload: dict[str, Any]) -> None:
    payload["intercept"] = float("nan")


def _zero_scale(payload: dict[str, Any]) -> None:
    payload["scale"][0] = 0.0


def _other_version(payload: dict[str, Any]) -> None:
    payload["format_version"] = FORMAT_VERSION + 1


def _stale_lexicon(payload: dict[str, Any]) -> None:
    payload["lexicons"]["hedges"] = "sha256:" + "0" * 64


def _missing_field(payload: dict[str, Any]) -> None:
    del payload["mean"]


@pytest.mark.parametrize(
    ("edit", "reseal", "reason"),
    [
        (_edit_coefficient, False, "checksum mismatch: the file was edited or corrupted"),
        (_rename_feature, False, "checksum mismatch: the file was edited or corrupted"),
        (
            _other_version,
            False,
            f"format version {FORMAT_VERSION + 1}, this scorer reads version "
            f"{FORMAT_VERSION}; retrain with 'scorer train'",
        ),
        (_rename_feature, True, "unknown feature names ['hedge_count_v2']; this scorer computes"),
        (_drop_coefficient, True, "feature names and coefficient lengths differ"),
        (_nan_intercept, True, "non-finite coefficients or non-positive scales"),
        (_zero_scale, True, "non-finite coefficients or non-positive scales"),
        (
            _stale_lexicon,
            True,
            "it was trained with other lexicons (hedges); retrain with 'scorer train'",
        ),
        (_missing_field, True, "missing or malformed field ('mean')"),
    ],
)
def test_edited_model_is_refused_naming_the_file(
    tmp_path: Path, edit: Any, reseal: bool, reason: str
) -> None:
    payload = _payload()
    edit(payload)
    path = _write(tmp_path / CERTAINTY_MODEL_FILE, payload, reseal=reseal)
    with pytest.raises(ModelError) as info:
        _load_certainty(path)
    assert str(info.value).startswith(f"refusing model file {path}: {reason}")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "scorer-logistic-model", "coef": [0.1, ', "not readable JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not readable JSON"),
        (b"", "not readable JSON"),
        (b"[1, 2, 3]", "not a scorer-logistic-model file"),
        (b'{"format": "onnx"}', "not a scorer-logistic-model file"),
    ],
)
def test_corrupted_or_foreign_file_is_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / CERTAINTY_MODEL_FILE
    path.write_bytes(content)
    with pytest.raises(ModelError) as info:
        _load_certainty(path)
    assert str(info.value).startswith(f"refusing model file {path}: {reason}")


class _Payload:
    """An object whose unpickling writes a file: proof of whether pickle.load ran."""

    marker = ""

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (Path.write_text, (Path(self.marker), "pickle ran"))  # type: ignore[return-value]


def test_a_pickle_is_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    payload = _Payload()
    payload.marker = str(marker)
    path = tmp_path / CERTAINTY_MODEL_FILE
    path.write_bytes(pickle.dumps(payload))
    with pytest.raises(ModelError, match="not readable JSON"):
        _load_certainty(path)
    assert not marker.exists()


def test_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        _load_certainty(tmp_path / CERTAINTY_MODEL_FILE)
    assert str(info.value) == (
        f"no model file {tmp_path / CERTAINTY_MODEL_FILE}; run 'scorer train' or pass --model"
    )


def _copy_models(tmp_path: Path) -> Path:
    copy = tmp_path / "models"
    shutil.copytree(SHIPPED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_cli_refuses_an_edited_copy_of_models_with_exit_3(tmp_path: Path) -> None:
    models = _copy_models(tmp_path)
    target = models / SOURCING_MODEL_FILE
    # A one-character edit of one coefficient, as a hand "tweak" would be.
    text = target.read_text(encoding="utf-8")
    payload = json.loads(text)
    old = json.dumps(payload["coef"][1])
    new = json.dumps(round(payload["coef"][1] + 0.25, 6))
    assert text.count(old) >= 1
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(
        cli,
        ["score", str(BLOG_SEED), "--model", str(models), "-o", str(report)],
        catch_exceptions=False,
    )
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: refusing model file {target}: checksum mismatch: the file was edited or "
        "corrupted\n"
    )
    assert not report.exists()


def test_cli_loads_an_unedited_copy_of_models(tmp_path: Path) -> None:
    models = _copy_models(tmp_path)
    report = tmp_path / "report.csv"
    args = ["score", str(BLOG_SEED), str(REUTERS_SEED), "-o", str(report), "-j", "1", "-q"]
    shipped = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert shipped.exit_code == 0, shipped.stderr
    expected = report.read_text(encoding="utf-8")
    copied = CliRunner().invoke(cli, [*args, "--model", str(models)], catch_exceptions=False)
    assert copied.exit_code == 0, copied.stderr
    assert report.read_text(encoding="utf-8") == expected


def test_scoring_finds_the_ngram_tokens_of_the_shared_pattern(
    blog_text: str, reuters_text: str
) -> None:
    import re

    from scorer.classify.logistic import _NGRAM_TOKEN_RE, NGRAM_TOKEN_PATTERN

    texts = [blog_text, reuters_text, blog_text.lower(), reuters_text.upper()]
    texts += ["don't rock'n'roll 'quoted' it’s o’neill’s__x 3.5 1,000 _a_ a'", "'''x'' y’", ""]
    texts += ["Straße İstanbul ǅ x²y ٣٤ a\u0301b e-mail U.S.A. l'été", "x'", "'x", "x' y"]
    shared = re.compile(NGRAM_TOKEN_PATTERN)
    for text in texts:
        assert _NGRAM_TOKEN_RE.findall(text) == shared.findall(text)


def test_ngram_scores_equal_the_sum_over_the_present_terms_and_reuse_their_index() -> None:
    from scorer.classify.logistic import LogisticModel

    model = LogisticModel(
        name="t",
        target="t",
        features=[],
        mean=np.zeros(0),
        scale=np.ones(0),
        coef=np.zeros(0),
        intercept=0.0,
        ngram_range=(1, 2),
        vocabulary=["said", "sources said", "may", "it may", "officials"],
        ngram_coef=np.array([0.5, 0.25, -1.0, -0.125, 2.0]),
    )
    texts = ["Sources said it may rain.", "Officials said, it may.", "nothing here", ""]
    # Present terms in vocabulary order: "said", "sources said", "may", "it may"; then
    # "said", "may", "it may", "officials" (punctuation is no token: "said it" is a bigram,
    # but not one of the vocabulary's).
    assert model.ngram_scores(texts).tolist() == [
        0.5 + 0.25 - 1.0 - 0.125,
        0.5 - 1.0 - 0.125 + 2.0,
        0.0,
        0.0,
    ]
    first = model._ngram_lookup()
    assert model._ngram_lookup()[0] is first[0]  # built once, not per batch
    model.ngram_coef = np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    assert model._ngram_lookup()[0] is not first[0]  # rebuilt for new coefficients
    assert model.ngram_scores(["He said so."]).tolist() == [1.0]
