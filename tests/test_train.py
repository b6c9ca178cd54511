"""Training: config, sign-constrained fit, Platt scaling, determinism, user data, model cards,
and the seeds on the shipped models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from scorer import score_text
from scorer.classify.model_set import default_model_dir, load_model_set
from scorer.cli import cli
from scorer.errors import DataError
from scorer.training import train as train_module
from scorer.training.evaluate import load_labelled, sentence_certainty
from scorer.training.fit import fit_logistic
from scorer.training.train import (
    DEFAULT_CONFIG,
    _rating_targets,
    fit_signed_logistic,
    load_config,
    platt,
    write_model_cards,
)

HEDGED = [
    "It may possibly rain tomorrow in {}.",
    "Some experts believe the bridge in {} might be unsafe.",
    "It is unclear whether the plant in {} could reopen.",
    "The results suggest that prices in {} may rise.",
    "Critics claim the mayor of {} allegedly lied.",
]
FIRM = [
    "The bridge in {} closed on Monday.",
    "Prices in {} rose 3 percent in March.",
    "The mayor of {} signed the budget.",
    "The plant in {} employs 400 people.",
    "Rain fell in {} for six hours.",
]
TOWNS = ["Oslo", "Lima", "Pune", "Graz", "Cork", "Nice", "Kobe", "Bern"]

WELL = (
    'Mayor Anna Berg said on Monday that the bridge would close. "We have no choice," Berg '
    "told reporters. The transport ministry said in a statement that repairs cost 4 million "
    "euros. Engineer Lars Dahl of the city council said the cracks were found in {}."
)
POOR = (
    "You won't believe what they are hiding about the bridge in {}! Sources say it is "
    "collapsing. SHOCKING! Experts claim the mayor knew. Why is nobody talking about this? "
    "I think we all know the answer!"
)


def _user_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    sentences = tmp_path / "sentences.csv"
    rows = ["text,label"]
    for town in TOWNS:
        rows += [f'"{t.format(town)}",1' for t in HEDGED]
        rows += [f'"{t.format(town)}",0' for t in FIRM]
    sentences.write_text("\n".join(rows) + "\n", encoding="utf-8")
    articles = tmp_path / "articles.jsonl"
    lines = []
    for town in TOWNS * 2:
        lines.append(json.dumps({"text": WELL.format(town), "label": 1}))
        lines.append(json.dumps({"text": POOR.format(town), "label": 0}))
    articles.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "config.json"
    default = json.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    default["certainty"]["corpora"] = []
    default["sourcing"]["corpora"] = []
    default["sourcing"]["C_grid"] = [0.1, 1.0]
    default["sourcing"]["cv_folds"] = 3
    default["reliability"]["C_grid"] = [0.1, 1.0]
    default["reliability"]["cv_folds"] = 3
    config.write_text(json.dumps(default), encoding="utf-8")
    return sentences, articles, config


def test_default_config_loads() -> None:
    config = load_config()
    assert config.certainty.corpora == ("conll2010_wiki", "pei_jurgens")
    assert "log_identified_sources" in config.sourcing.raises
    assert "vague_claim_share" in config.sourcing.lowers
    assert not set(config.sourcing.raises) & set(config.sourcing.lowers)
    # Sourcing reads sourcing evidence only; tone goes to reliability.
    tone = {"punct_exclaim_rate", "punct_question_rate", "reader_address_per_100_words"}
    tone |= {"caps_per_100_words", "booster_rate", "loaded_per_100_words"}
    tone |= {"first_person_per_100_words"}
    assert not tone & set(config.sourcing.features)
    assert tone <= set(config.reliability.lowers) <= set(config.reliability.features)
    assert not set(config.reliability.raises) & set(config.reliability.lowers)
    assert set(config.sourcing.min_effects) <= set(config.sourcing.raises + config.sourcing.lowers)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"certainty": {"C": 1}}', "certainty: unknown keys \\['C'\\]; valid keys: corpora"),
        ('{"sourcing": {"corpora": ["bbc"]}}', "sourcing.corpora \\['bbc'\\] unknown"),
        ('{"sourcing": {"raises": ["tone"]}}', "sourcing.raises \\['tone'\\] unknown"),
        ('{"reliability": {"lowers": ["tone"]}}', "reliability.lowers \\['tone'\\] unknown"),
        (
            '{"sourcing": {"min_effects": {"log_words": 1}}}',
            "sourcing.min_effects \\['log_words'\\] need a sign",
        ),
        ('{"sourcing": {"min_effects": {"log_words": "a"}}}', "must be an object of numbers"),
        ('{"reliability": {"isot_weights": []}}', "must not be empty"),
        ('{"certainty": {"lowers": ["tone"]}}', "certainty.lowers \\['tone'\\] unknown"),
        ('{"certainty": {"min_df": "two"}}', "certainty.min_df must be a number"),
        ('{"tone": {}}', "unknown sections \\['tone'\\]"),
        ('{"certainty": {"calibration_prior": "even"}}', 'calibration_prior must be "balanced"'),
        ("[1, 2", "is not readable JSON"),
    ],
)
def test_bad_config_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_config(path)


def test_rating_targets_linear_or_spread_by_z_score() -> None:
    ratings = np.array([1.0, 3.5, 6.0])
    assert _rating_targets(ratings, 0.0).tolist() == pytest.approx([0.0, 0.5, 1.0])
    # z-scores -1.2247, 0, 1.2247; sigmoid(2 * z).
    spread = _rating_targets(ratings, 2.0)
    assert spread.tolist() == pytest.approx([0.0794, 0.5, 0.9206], abs=1e-4)
    # A constant rating has no z-score: the linear rescaling is used.
    assert _rating_targets(np.array([4.0, 4.0]), 2.0).tolist() == pytest.approx([0.6, 0.6])


def test_signed_logistic_keeps_the_signs_it_is_given() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 2))
    # The label falls with feature "a": a free fit gives it a negative coefficient.
    y = (X[:, 1] - X[:, 0] + rng.normal(scale=0.5, size=400) > 0).astype(float)
    free = fit_signed_logistic(X, y, name="m", target="t", features=["a", "b"], C=1.0)
    assert free.coef[0] < -1.0 < 1.0 < free.coef[1]
    signed = fit_signed_logistic(
        X, y, name="m", target="t", features=["a", "b"], C=1.0, raises=["a"]
    )
    assert signed.coef[0] == 0.0
    assert signed.coef[1] > 1.0


def test_fit_logistic_with_ngrams_keeps_the_signs_it_is_given() -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(300, 2))
    texts = ["alpha beta" if i % 2 else "gamma" for i in range(300)]
    y = (X[:, 1] - X[:, 0] + rng.normal(scale=0.5, size=300) > 0).astype(float)
    kwargs = {"name": "m", "target": "t", "features": ["a", "b"], "texts": texts}
    kwargs |= {"vocabulary": ["alpha", "beta", "gamma"], "C": 1.0}
    free = fit_logistic(X, y, **kwargs)  # type: ignore[arg-type]
    assert free.coef[0] < -1.0 < 1.0 < free.coef[1]
    # "a" may only raise the score: the data says it lowers it, so it gets no weight and the
    # model is refitted without it ("b" keeps its sign; a constraint that holds changes nothing).
    signed = fit_logistic(X, y, raises=["a"], **kwargs)  # type: ignore[arg-type]
    assert signed.coef[0] == 0.0
    assert signed.coef[1] > 1.0
    assert signed.ngram_coef.shape == (3,)
    unchanged = fit_logistic(X, y, raises=["b"], lowers=["a"], **kwargs)  # type: ignore[arg-type]
    assert unchanged.coef.tolist() == free.coef.tolist()
    # Constraints apply to dense features only: an n-gram name is refused, not ignored.
    with pytest.raises(ValueError, match="unknown features \\['gamma'\\]"):
        fit_logistic(X, y, lowers=["gamma"], **kwargs)  # type: ignore[arg-type]


def test_fit_logistic_constraints_reach_the_box_constrained_optimum() -> None:
    """A feature fixed at 0 in one round is freed when the optimum wants it on its side.

    Here the free fit gives "b" and "c" the forbidden sign; with "c" at 0, "b" is best
    slightly negative, which the bounded solver of fit_signed_logistic finds as well.
    """
    rng = np.random.default_rng(1)
    mixing = rng.normal(size=(4, 4))
    X = rng.normal(size=(400, 4)) @ mixing
    beta = rng.normal(size=4) * 2
    y = (X @ beta + rng.normal(size=400) > 0).astype(float)
    kwargs = {"name": "m", "target": "t", "features": ["a", "b", "c", "d"], "C": 1.0}
    free = fit_logistic(X, y, **kwargs)  # type: ignore[arg-type]
    assert free.coef[1] > 1.0 and free.coef[2] > 1.0
    signed = fit_logistic(X, y, lowers=["a", "b", "c"], **kwargs)  # type: ignore[arg-type]
    bounded = fit_signed_logistic(X, y, lowers=["a", "b", "c"], balanced=False, **kwargs)  # type: ignore[arg-type]
    assert signed.coef[2] == 0.0
    assert signed.coef[1] < 0.0
    assert signed.coef.tolist() == pytest.approx(bounded.coef.tolist(), abs=0.01)


def test_shipped_certainty_model_keeps_its_cue_directions() -> None:
    """The constrained cue features keep their direction: a hedge type's weight, "?", the
    author's "!" and unnamed or vague sources never raise certainty; boosters never lower it.
    (How many hedges a sentence has, hedge_count, is free: see the model card.)"""
    config = load_config().certainty
    model = load_model_set().certainty
    coef = dict(zip(model.features, model.coef.tolist(), strict=True))
    assert "punct_exclaim" in config.lowers
    assert all(coef[f] <= 0.0 for f in config.lowers)
    assert all(coef[f] >= 0.0 for f in config.raises)
    plain = "The plane crashed outside Lebanon."
    cues = load_model_set().attribution
    calm, loud = sentence_certainty(model, [plain, plain.replace(".", "!")], cues)
    assert loud <= calm


def test_platt_recovers_a_known_scaling() -> None:
    z = np.linspace(-4, 4, 2001)
    # Outcomes as probabilities (soft labels) from sigmoid(2 z - 1): the fit must return (2, -1).
    y = 1 / (1 + np.exp(-(2 * z - 1)))
    a, b = platt(z, y, np.ones_like(z))
    assert a == pytest.approx(2.0, abs=1e-3)
    assert b == pytest.approx(-1.0, abs=1e-3)


def test_train_on_user_data_only_is_deterministic_and_writes_cards(tmp_path: Path) -> None:
    sentences, articles, config = _user_files(tmp_path)
    outs = [tmp_path / "m1", tmp_path / "m2"]
    for out in outs:
        result = CliRunner().invoke(
            cli,
            [
                "train",
                "--config",
                str(config),
                "--sentences",
                str(sentences),
                "--articles",
                str(articles),
                "--out",
                str(out),
                "--data",
                str(tmp_path),
            ],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
    for name in ("certainty_sentence.json", "sourcing_article.json", "reliability_article.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()
    model = json.loads((outs[0] / "certainty_sentence.json").read_text(encoding="utf-8"))
    assert model["info"]["training_data"]["user_sentences_train"]["sentences"] > 40
    assert set(model["info"]["calibration"]) == {"method", "a", "b"}
    card = (outs[0] / "sourcing_article.md").read_text(encoding="utf-8")
    assert card.startswith("# Model card: article sourcing")
    assert "| `log_identified_sources` |" in card
    assert "| `punct_exclaim_rate` |" not in card
    assert "## Known failure modes" in card
    # One group of articles (the user's): no outlet to hold out, so C is cross-validated.
    assert "no outlet groups to hold out" in card
    card = (outs[0] / "reliability_article.md").read_text(encoding="utf-8")
    assert card.startswith("# Model card: article reliability")
    assert "| `punct_exclaim_rate` |" in card
    assert "not a fact check" in card
    # Cards rebuilt from the saved files are the cards training wrote (key order of the JSON
    # does not leak into them).
    models = load_model_set(str(outs[0]))
    write_model_cards(
        models.certainty,
        models.sourcing,
        tmp_path,
        outs[1],
        load_config(config),
        load_labelled(articles),
        models.attribution.model,  # type: ignore[arg-type]  # a LogisticModel
        models.reliability,
    )
    # Trained without PolNeAR, the directory carries the shipped cue model and its card
    # (without the dev analysis, which needs PolNeAR).
    cue_card = (outs[0] / "attribution_cue.md").read_text(encoding="utf-8")
    assert cue_card.startswith("# Model card: attribution cues")
    assert "| polnear_train | 840 |" in cue_card
    assert "## Known failure modes" in cue_card
    for name in (
        "attribution_cue.md",
        "certainty_sentence.md",
        "sourcing_article.md",
        "reliability_article.md",
    ):
        assert (outs[0] / name).read_text("utf-8") == (outs[1] / name).read_text("utf-8")
    # The models trained on these files score like their labels.
    well = score_text(WELL.format("Riga"), model_dir=str(outs[0]))
    poor = score_text(POOR.format("Riga"), model_dir=str(outs[0]))
    assert well["sourcing"][0] > 0.5 > poor["sourcing"][0]
    assert well["reliability"][0] > 0.5 > poor["reliability"][0]
    assert well["certainty"][0] > poor["certainty"][0]


def test_train_without_data_or_user_files_says_what_to_do(tmp_path: Path) -> None:
    _, _, config = _user_files(tmp_path)
    result = CliRunner().invoke(cli, ["train", "--config", str(config), "--out", str(tmp_path)])
    assert result.exit_code == 3
    assert "no training sentences: the config lists no corpora and none were given" in (
        result.stderr
    )


def test_a_source_checkout_is_recognised() -> None:
    root = Path(__file__).resolve().parents[1]
    assert train_module.checkout_root() == root
    data, out = train_module.train_paths(None, None, load_config())
    assert out == root / "models"
    assert data is None or data == (root / ".." / "shared" / "data").resolve()


def test_train_and_score_from_an_empty_folder_as_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a user of the installed package does: train on their own files from an empty
    folder, then score with the models written there. Installed, nothing is written unasked
    (no --out: an error) and a config that trains on corpora needs --data."""
    (tmp_path / "mine").mkdir()
    sentences, articles, config = _user_files(tmp_path / "mine")
    work = tmp_path / "empty"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(train_module, "checkout_root", lambda: None)
    user = ["--sentences", str(sentences), "--articles", str(articles)]
    runner = CliRunner()

    no_out = runner.invoke(cli, ["train", "--config", str(config), *user])
    assert no_out.exit_code == 2
    assert "--out DIR is needed" in no_out.stderr
    corpora = runner.invoke(cli, ["train", *user, "--out", "m"])
    assert corpora.exit_code == 2
    assert "no training data; pass --data DIR" in corpora.stderr
    assert not (work / "m").exists()

    trained = runner.invoke(cli, ["train", "--config", str(config), *user, "--out", "m/"])
    assert trained.exit_code == 0, trained.output
    assert sorted(p.name for p in (work / "m").iterdir()) == [
        "attribution_cue.json",
        "attribution_cue.md",
        "certainty_sentence.json",
        "certainty_sentence.md",
        "reliability_article.json",
        "reliability_article.md",
        "sourcing_article.json",
        "sourcing_article.md",
    ]
    # Without PolNeAR the shipped cue model is kept, and travels with the new models.
    shipped = default_model_dir() / "attribution_cue.json"
    assert (work / "m" / "attribution_cue.json").read_bytes() == shipped.read_bytes()
    (work / "doc.txt").write_text(WELL.format("Riga"), encoding="utf-8")
    scored = runner.invoke(
        cli, ["score", "--model", "m/", "doc.txt", "-o", "r.csv", "-j", "1", "-q"]
    )
    assert scored.exit_code == 0, scored.output
    (row,) = pd.read_csv(work / "r.csv").to_dict("records")
    assert row["status"] == "ok" and row["sourcing"] > 0.5


def test_reuters_seed_scores_above_the_blog(blog_text: str, reuters_text: str) -> None:
    """The shipped models rank the Reuters report above the blog on all three scores, and
    the explanations say why.

    Measured with the models of this commit: certainty 0.696 vs 0.600, sourcing 0.571 vs
    0.553, reliability 0.644 vs 0.314. The certainty margin is modest: no training corpus
    labels news hearsay ("sources said", "claimed") as uncertain, so those sentences score near
    0.5 rather than low. The sourcing margin is thin, and honestly so: the blog cites more
    identified sources (Moscow, Sputnik, Reuters, the Wall Street Journal, Asma) in a longer
    text; the Reuters report wins on its direct quotes and on citing no claim to anonymous
    sources or to the author's hearsay, and loses on the vague attributions of its narrative
    ("a voice shouted", "Loyalists spoke"). The tone that separated them in sourcing before
    (the blog's "!") now counts in reliability only.
    """
    blog = score_text(blog_text).iloc[0]
    reuters = score_text(reuters_text).iloc[0]
    assert reuters["certainty"] - blog["certainty"] > 0.06
    assert reuters["sourcing"] - blog["sourcing"] > 0.01
    assert reuters["reliability"] - blog["reliability"] > 0.2
    # Sourcing names the evidence: the Reuters report's quotes and agencies...
    assert reuters["sourcing_explanation"].startswith(
        "4 distinct identified sources: Russian media, Interfax news agency, video ×2"
    )
    assert "; 4 direct quotes;" in reuters["sourcing_explanation"]
    assert "raised by high direct quotes" in reuters["sourcing_explanation"]
    # ... the blog's claims that rest on anonymous sources and on its own hearsay.
    assert (
        "4 anonymous, 8 vague, 12 unattributed, 5 with the author's hearsay"
        in (blog["sourcing_explanation"])
    )
    assert "lowered by no direct quotes" in blog["sourcing_explanation"]
    # Reliability names the blog's tone and hearsay.
    lowered = blog["reliability_explanation"].split("lowered by ")[1]
    assert "high author's hearsay" in lowered and "high author's '!'" in lowered
