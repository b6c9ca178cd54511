"""Tests for scorer.analysis.lexicon: the packaged TSV lexicons, their validation and matching."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from scorer.analysis.lexicon import (
    ALLOWED_TYPES,
    HEADER,
    LEXICON_NAMES,
    Lexicon,
    _alternation,
    _lexicon_from_path,
    _parse_lexicon,
    lexicon_hashes,
    load_lexicon,
)
from scorer.errors import ModelError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BLOG = SEEDS / "000_f2fa5b6b3c4f3a52.txt"
GOOD_HEADER = "\t".join(HEADER)


def matches(lexicon: Lexicon, text: str) -> list[str]:
    return [m.group(0) for m in lexicon.pattern().finditer(text)]


@pytest.mark.parametrize("name", LEXICON_NAMES)
def test_every_lexicon_loads_and_validates(name: str) -> None:
    lexicon = load_lexicon(name)
    assert lexicon.name == name
    assert len(lexicon.entries) >= 40
    assert {e.type for e in lexicon.entries} == set(ALLOWED_TYPES[name])
    for entry in lexicon.entries:
        assert 0.0 <= entry.weight <= 1.0
        assert entry.term == entry.term.strip() and entry.term
        assert entry.source
        # every term is found by its own lexicon's pattern, and maps back to an entry
        assert lexicon.pattern().fullmatch(entry.term), entry.term
        assert lexicon.lookup(entry.term) is not None


def test_load_is_cached_and_hashes_are_stable() -> None:
    assert load_lexicon("hedges") is load_lexicon("hedges")
    hashes = lexicon_hashes()
    assert set(hashes) == set(LEXICON_NAMES)
    assert all(len(h) == 64 for h in hashes.values())


@pytest.mark.parametrize(
    ("name", "text", "type_"),
    [
        ("hedges", "claimed", "hearsay"),
        ("hedges", "Allegedly", "hearsay"),
        ("hedges", "may", "epistemic"),
        ("hedges", "believed", "doxastic"),
        ("hedges", "some people", "weasel"),
        ("hedges", "unless", "conditional"),
        ("hedges", "It  may\nbe noted", "epistemic"),
        ("boosters", "undoubtedly", "booster"),
        ("reporting", "according to", "phrase"),
        ("reporting", "According\tto", "phrase"),
        ("reporting", "said", "verb"),
        ("reporting", "statement", "noun"),
        ("sources", "sources", "anonymous"),
        ("sources", "experts", "vague"),
        ("sources", "court documents", "document"),
        ("sources", "Reuters", "media"),
        ("sources", "The Hill", "media"),
        ("sources", "state media", "media"),
    ],
)
def test_pinned_lookups(name: str, text: str, type_: str) -> None:
    entry = load_lexicon(name).lookup(text)
    assert entry is not None and entry.type == type_


def test_case_entries_are_case_sensitive() -> None:
    sources = load_lexicon("sources")
    assert sources.lookup("reuters") is None
    assert sources.lookup("the hill") is None
    assert matches(sources, "as reuters said") == []
    assert matches(sources, "as Reuters said") == ["Reuters"]
    assert matches(sources, "We climbed the hill.") == []


def test_apostrophes_match_both_forms() -> None:
    sources = load_lexicon("sources")
    assert matches(sources, "according to People’s Daily") == ["People’s Daily"]
    entry = sources.lookup("People’s Daily")
    assert entry is not None and entry.term == "People's Daily"


def test_pattern_prefers_longest_and_respects_word_boundaries() -> None:
    hedges = load_lexicon("hedges")
    assert matches(hedges, "It may be noted that") == ["It may be noted"]
    assert matches(hedges, "mayor, maybe") == ["maybe"]
    assert matches(hedges, "unclearly") == []
    reporting = load_lexicon("reporting")
    assert matches(reporting, "He said in a statement.") == ["said in a statement"]


def test_blog_seed_cues_are_found() -> None:
    text = BLOG.read_text(encoding="utf-8")
    hedges = matches(load_lexicon("hedges"), text)
    assert "According to experts" in hedges
    assert "It may be noted" in hedges
    assert "claimed" in hedges
    sources = load_lexicon("sources")
    found = {
        (m.group(0), sources.lookup(m.group(0)).type)  # type: ignore[union-attr]
        for m in sources.pattern().finditer(text)
    }
    assert ("Sources", "anonymous") in found
    assert ("experts", "vague") in found
    assert ("Wall Street Journal", "media") in found
    reporting = matches(load_lexicon("reporting"), text)
    assert "According to" in reporting
    assert "said" in reporting
    assert "Sources said" in matches(load_lexicon("hedges"), text)


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(ValueError, match="hedges, boosters, reporting, sources"):
        load_lexicon("nope")


def row(*cells: str) -> str:
    return "\t".join(cells)


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        (row("may", "epistemic", "0.5", "word", "curated") + "\n\n", 3, "blank line"),
        ("# comment\n", 2, "comment"),
        (row("", "epistemic", "0.5", "word", "curated"), 2, "empty term"),
        (row(" may", "epistemic", "0.5", "word", "curated"), 2, "surrounding whitespace"),
        (row("may", "booster", "0.5", "word", "curated"), 2, "type 'booster' not allowed"),
        (row("may", "epistemic", "high", "word", "curated"), 2, "not a number"),
        (row("may", "epistemic", "1.5", "word", "curated"), 2, "not in [0, 1]"),
        (row("may", "epistemic", "0.5", "regex", "curated"), 2, "match 'regex'"),
        (row("May", "epistemic", "0.5", "word", "curated"), 2, "must be lowercase"),
        (row("don’t", "epistemic", "0.5", "word", "curated"), 2, "ASCII"),
        (row("may", "epistemic", "0.5", "word"), 2, "expected 5"),
        (
            row("may", "epistemic", "0.5", "word", "curated")
            + "\n"
            + row("may", "epistemic", "0.6", "word", "curated"),
            3,
            "duplicate term 'may'",
        ),
    ],
)
def test_broken_lexicon_is_refused_naming_the_line(body: str, line: int, fragment: str) -> None:
    text = GOOD_HEADER + "\n" + body + "\n"
    with pytest.raises(ModelError) as info:
        _parse_lexicon(text, name="hedges", origin="hedges.tsv")
    assert f"hedges.tsv, line {line}:" in str(info.value)
    assert fragment in str(info.value)


def test_bad_header_and_file_path(tmp_path: Path) -> None:
    path = tmp_path / "hedges.tsv"
    path.write_text("term\ttype\tweight\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"hedges\.tsv, line 1: header"):
        _lexicon_from_path(path)
    path.write_text(
        GOOD_HEADER + "\n" + row("may", "epistemic", "2", "word", "x") + "\n", encoding="utf-8"
    )
    with pytest.raises(ModelError, match="line 2"):
        _lexicon_from_path(path)
    path.write_text(
        GOOD_HEADER
        + "\n"
        + row("may", "epistemic", "0.5", "word", "x")
        + "\n"
        + row("AP", "epistemic", "0.5", "case", "x")
        + "\n",
        encoding="utf-8",
    )
    lexicon = _lexicon_from_path(path)
    assert [e.term for e in lexicon.entries] == ["may", "AP"]
    assert lexicon.lookup("MAY") is not None and lexicon.lookup("ap") is None


def test_same_term_two_types_maps_to_highest_weight() -> None:
    text = (
        "\n".join(
            [
                GOOD_HEADER,
                row("claims", "weasel", "0.3", "word", "x"),
                row("claims", "hearsay", "0.6", "word", "x"),
            ]
        )
        + "\n"
    )
    lexicon = _parse_lexicon(text, name="hedges", origin="t.tsv")
    entry = lexicon.lookup("Claims")
    assert entry is not None and entry.type == "hearsay"
    assert matches(lexicon, "he claims") == ["claims"]


# --- The trie pattern matches what the longest-first alternation matches ----------------------


def _spans(pattern: re.Pattern[str], texts: list[str]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in pattern.finditer(text)] for text in texts]


def _term_texts(lexicon: Lexicon) -> list[str]:
    """Every term alone, in other cases and spacings, glued to its neighbours and to letters."""
    terms = [e.term for e in lexicon.entries]
    variants = []
    for term in terms:
        variants += [term, term.upper(), term.title(), term.replace(" ", " \n "), f"x{term}"]
        variants += [f"{term}s", f"({term}).", term.replace("'", "’"), term[:-1]]
    variants += [" ".join(terms[i : i + 3]) for i in range(len(terms))]
    return variants


def _polnear_sentences(data_dir: Path, n: int) -> list[str]:
    from scorer.analysis.text import split_sentences

    found: list[str] = []
    for path in sorted((data_dir / "attribution" / "polnear").glob("*/text/*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [text[s:e] for s, e in split_sentences(text)]
        if len(found) >= n:
            break
    return found[:n]


@pytest.mark.parametrize("name", LEXICON_NAMES)
def test_trie_pattern_matches_the_alternation_span_for_span(
    name: str, blog_text: str, reuters_text: str, data_dir: Path
) -> None:
    lexicon = load_lexicon(name)
    trie, alternation = lexicon.pattern(), _alternation(lexicon.entries)
    assert trie.pattern != alternation.pattern  # the trie is what is in use
    texts = [blog_text, reuters_text, *_term_texts(lexicon), *_polnear_sentences(data_dir, 3000)]
    expected = _spans(alternation, texts)
    assert _spans(trie, texts) == expected
    assert sum(map(len, expected)) > 500  # the texts do contain terms


def _lexicon(*rows: tuple[str, str]) -> Lexicon:
    lines = [GOOD_HEADER] + [row(term, "media", "0.5", match, "x") for term, match in rows]
    return _parse_lexicon("\n".join(lines) + "\n", name="sources", origin="t.tsv")


def test_trie_keeps_case_terms_and_case_blind_terms_apart() -> None:
    lexicon = _lexicon(
        ("AP", "case"),
        ("ap news", "word"),
        ("apple", "word"),
        ("The Hill", "case"),
        ("the hills", "word"),
        ("the", "word"),
        ("People's Daily", "case"),
        ("people's", "word"),
    )
    texts = [
        "AP news and ap news, AP, ap, Apple, APPLE, The Hill, the hill, THE HILLS, The Hills.",
        "People’s Daily, people's daily, PEOPLE'S, The  Hill\nwas there; the\thills",
    ]
    assert _spans(lexicon.pattern(), texts) == _spans(_alternation(lexicon.entries), texts)
    assert matches(lexicon, texts[0]) == [
        "AP news",
        "ap news",
        "AP",
        "Apple",
        "APPLE",
        "The Hill",
        "the",
        "THE HILLS",
        "The Hills",
    ]


def test_non_ascii_case_blind_terms_fall_back_to_the_alternation() -> None:
    # "ſ" (long s) and "s" both match "S" ignoring case: trie branches would compete.
    lexicon = _lexicon(("ſtate", "word"), ("state media", "word"))
    assert lexicon.pattern().pattern == _alternation(lexicon.entries).pattern
    assert matches(lexicon, "STATE MEDIA, State") == ["STATE MEDIA", "State"]


def test_loaded_lexicon_derivation_keeps_words_marked_in_several_articles(
    tmp_path: Path,
) -> None:
    """scorer.training.derive_loaded_lexicon on a tiny PTC-shaped folder: the rule, not the
    corpus."""
    from scorer.training import derive_loaded_lexicon as tool

    articles = tmp_path / "propaganda" / "train-articles"
    labels = tmp_path / "propaganda" / "train-labels-task2-technique-classification"
    articles.mkdir(parents=True)
    labels.mkdir(parents=True)
    for n in range(4):
        # "vile" is loaded in every article; "plan" lies in a span as often but is far more
        # often outside one; "clearly" is a booster, loaded every time; "odious" is loaded four
        # times but in two articles only; "Vile" inside a sentence would be a name.
        odious = " An odious, odious act." if n < 2 else ""
        text = "A vile plan. Clearly, the plan, the plan." + odious + " We met Vile Bodies."
        (articles / f"article{n}.txt").write_text(text, encoding="utf-8")
        spans = [f"{n}\tLoaded_Language\t2\t11", f"{n}\tExaggeration,Minimisation\t13\t20"]
        if odious:
            spans.append(f"{n}\tName_Calling,Labeling\t45\t59")
        (labels / f"article{n}.task2-TC.labels").write_text("\n".join(spans), encoding="utf-8")
    rows = tool.loaded_rows(tmp_path)
    # vile: 4 of 4 occurrences in spans, 4 articles: (4 + 0.5) / (4 + 5) = 0.5.
    assert rows == [("vile", "loaded", 0.5, "word", "ptc-train:in-span 4/4, 4 articles")]


# --- Lexicon.finditer: the pattern's matches, trying only words that start a term ------------


@pytest.mark.parametrize("name", LEXICON_NAMES)
def test_finditer_finds_what_the_pattern_finds(
    name: str, blog_text: str, reuters_text: str, data_dir: Path
) -> None:
    lexicon = load_lexicon(name)
    texts = [blog_text, reuters_text, *_term_texts(lexicon), *_polnear_sentences(data_dir, 3000)]
    # Words glued to terms by apostrophes, hyphens and dots; a term right after another.
    texts += [f"{a}'{b} {a}-{b} {a}.{b} {a}{b} _{a} {a}_" for a, b in itertools.pairwise(texts)]
    expected = _spans(lexicon.pattern(), texts)
    assert [[m.span() for m in lexicon.finditer(text)] for text in texts] == expected
    assert sum(map(len, expected)) > 500


def test_finditer_scans_non_ascii_text_and_terms() -> None:
    # "ſ" (long s) and the Kelvin sign match "s" and "k" ignoring case: lowercasing the text
    # would miss them, so non-ASCII text is scanned.
    lexicon = _lexicon(("state media", "word"), ("kremlin", "word"), ("AP", "case"))
    texts = ["ſtate media said", "the \u212aremlin said", "AP and ap", "Ünited AP"]
    assert [[m.span() for m in lexicon.finditer(t)] for t in texts] == _spans(
        lexicon.pattern(), texts
    )
    assert [m.group() for m in lexicon.finditer(texts[0])] == ["ſtate media"]
    # A term that does not start with an ASCII word: every text is scanned.
    odd = _lexicon(("Süddeutsche Zeitung", "case"), ("state", "word"))
    assert [m.group() for m in odd.finditer("the Süddeutsche Zeitung and state")] == [
        "Süddeutsche Zeitung",
        "state",
    ]
