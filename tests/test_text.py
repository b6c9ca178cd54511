"""Tests for scorer.analysis.text: blocks, furniture, datelines, Punkt sentence spans."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.analysis import text as text_module
from scorer.analysis.text import (
    MAX_SENTENCE_CHARS,
    content_blocks,
    load_punkt_parameters,
    parameters_from_dict,
    split_sentences,
    word_spans,
)
from scorer.errors import ModelError
from scorer.training.build_punkt import train_punkt_parameters

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BLOG = SEEDS / "000_f2fa5b6b3c4f3a52.txt"
REUTERS = SEEDS / "003_a65546bdaa8a16e3.txt"


def sentences(text: str) -> list[str]:
    spans = split_sentences(text)
    # Every call doubles as an invariant check: trimmed, ordered, non-overlapping.
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith said. He left.", ["Mr. Smith said.", "He left."]),
        (
            "U.S. officials said on Monday. They declined to comment.",
            ["U.S. officials said on Monday.", "They declined to comment."],
        ),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ("J. K. Rowling wrote it. Then she left.", ["J. K. Rowling wrote it.", "Then she left."]),
        ("George W. Bush spoke. He left.", ["George W. Bush spoke.", "He left."]),
        (
            "Dr. Jones met Gen. Smith and Sen. Warren on Jan. 5. They talked.",
            ["Dr. Jones met Gen. Smith and Sen. Warren on Jan. 5.", "They talked."],
        ),
        # Titles before names that Punkt learned as sentence openers ('trump', 'cruz').
        (
            "Mr. Trump spoke. Said Sen. Cruz: no. Then Gov. Kasich left.",
            ["Mr. Trump spoke.", "Said Sen. Cruz: no.", "Then Gov. Kasich left."],
        ),
        ("MRS. CLINTON SPOKE. IT ENDED.", ["MRS. CLINTON SPOKE.", "IT ENDED."]),
        # Post-nominal and street abbreviations can end a sentence.
        (
            "He met Martin Luther King Jr. He was tall.",
            ["He met Martin Luther King Jr.", "He was tall."],
        ),
        ("It was on Main St. The end came.", ["It was on Main St.", "The end came."]),
        ('"Go!" he said. Then he ran.', ['"Go!" he said.', "Then he ran."]),
        ("“Why?” she asked. Nobody knew.", ["“Why?” she asked.", "Nobody knew."]),
        ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
        ("Where is it? I don't know.", ["Where is it?", "I don't know."]),
        (
            "He earned $1.5 million. She earned more.",
            ["He earned $1.5 million.", "She earned more."],
        ),
        (
            "THE PRESIDENT SAID IT WAS OVER. HE LEFT THE ROOM.",
            ["THE PRESIDENT SAID IT WAS OVER.", "HE LEFT THE ROOM."],
        ),
        ("ALL CAPS HEADLINE", ["ALL CAPS HEADLINE"]),
    ],
)
def test_pinned_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_pinned_spans() -> None:
    assert split_sentences("Mr. Smith said. He left.") == [(0, 15), (16, 24)]
    assert split_sentences("  One.  Two.  ") == [(2, 6), (8, 12)]


@pytest.mark.parametrize("text", ["", " ", "   \n\t \r\n", "\xa0", "!!!!", "* * *", "—"])
def test_nothing_to_split(text: str) -> None:
    assert split_sentences(text) == []
    assert content_blocks(text) == []


def test_headline_stays_apart_from_paragraph() -> None:
    text = "Prisoners pour out as jails open\nBewildered prisoners poured out. They wept."
    assert sentences(text) == [
        "Prisoners pour out as jails open",
        "Bewildered prisoners poured out.",
        "They wept.",
    ]


def test_hard_wrapped_lines_are_rejoined() -> None:
    text = "The president said that\nthe plan would work. He left."
    assert sentences(text) == ["The president said that\nthe plan would work.", "He left."]


def test_crlf_lone_cr_tabs_and_nbsp() -> None:
    text = "First line.\r\nSecond line.\r\rThird\tline.\rFourth\xa0line.\xa0"
    assert sentences(text) == ["First line.", "Second line.", "Third\tline.", "Fourth\xa0line."]


@pytest.mark.parametrize(
    "dateline",
    [
        "WASHINGTON (Reuters) - ",
        "LONDON, Dec 9 (Reuters) - ",
        "NEW YORK/WASHINGTON (Reuters) - ",
        "BATON ROUGE, La. (Reuters) - ",
        "(Reuters) - ",
        "DES MOINES, Iowa — ",
        "WASHINGTON -- ",
    ],
)
def test_dateline_excluded(dateline: str) -> None:
    text = dateline + "Prices rose on Monday. They fell later.\nSecond paragraph."
    spans = split_sentences(text)
    assert spans[0] == (len(dateline), len(dateline) + len("Prices rose on Monday."))
    assert [text[s:e] for s, e in spans][1:] == ["They fell later.", "Second paragraph."]


def test_dateline_alone_is_not_a_sentence() -> None:
    assert split_sentences("WASHINGTON (Reuters) - ") == []


def test_capitalised_start_is_not_a_dateline() -> None:
    assert sentences("NATO allies met on Monday.") == ["NATO allies met on Monday."]
    assert sentences("UN (United Nations) talks - maybe.") == ["UN (United Nations) talks - maybe."]


@pytest.mark.parametrize(
    "furniture",
    [
        "Skip to content",
        "Share this",
        "COMMENTS",
        "Leave a comment",
        "Replying to X",
        "Comments are moderated and generally will be posted if they are on-topic.",
        "For more information, please see our Comments FAQ",
        "Contact: someone@example.com",
        "Advertisement",
        "Read more: Another story",
        "Sign up for our newsletter",
        "Follow us on Twitter",
        "Click here to subscribe",
        "Copyright 2024 Example Media",
        "© Example Media. All rights reserved.",
        "Reuters December 08, 2024",
        "By Jane Doe and John Roe",
        "Syria's President and his wife plant trees. Picture taken December 30, 2020. "
        "PHOTO: REUTERS",
    ],
)
def test_furniture_blocks_dropped(furniture: str) -> None:
    text = f"{furniture}\nThe article says something.\n{furniture}"
    assert sentences(text) == ["The article says something."]


def test_sentences_mentioning_furniture_words_are_kept() -> None:
    text = (
        "He posted it on Facebook.\n"
        "Trump Attacks Clinton on Twitter\n"
        "Comments from the minister were not available.\n"
        "(c) The Secretary of Commerce shall report."
    )
    assert len(sentences(text)) == 4


def test_social_links_in_a_run_are_dropped() -> None:
    text = (
        "Real text here.\n\nSite Name on Facebook\n\nSite Name on Twitter\n\nSite Name on Linkedin"
    )
    assert sentences(text) == ["Real text here."]


def test_glued_furniture_prefix_dropped_rest_kept() -> None:
    text = "Leave a commentBashar al-Assad granted asylum. He left."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Bashar al-Assad granted asylum.", "He left."]
    assert spans[0][0] == len("Leave a comment")


def test_blog_seed() -> None:
    text = BLOG.read_text(encoding="utf-8")
    got = sentences(text)
    assert len(got) == 34
    assert got[0] == "al-Assad Arrives In Russia, Asylum\xa0Granted"
    assert got[4] == (
        "Reuters reported that the plane, carrying al-Assad, crashed or was shot down "
        "outside Lebanon!"
    )
    assert got[-1] == (
        "An estimated 100,000 people had been held there, most without trial, in the course "
        "of the 14-year civil war."
    )
    joined = "\n".join(got)
    for furniture in ("Skip to content", "on Facebook", "on Linkedin", "Contact:", "Leave a"):
        assert furniture not in joined


def test_reuters_seed() -> None:
    text = REUTERS.read_text(encoding="utf-8")
    got = sentences(text)
    assert len(got) == 20
    assert got[0] == "Bashar al-Assad granted asylum in Russia, reports Russian media"
    assert got[2].startswith("Syria's Bashar al-Assad and his family have arrived in Russia")
    assert got[11] == (
        '"We toppled the regime!" a voice shouted and a prisoner yelled and skipped with '
        "delight in the same video."
    )
    assert got[-1].startswith("In a video uploaded by Step News Agency")
    assert got[-1].endswith("still clutching the freed man's legs.")
    joined = "\n".join(got)
    for furniture in (
        "Reuters December 08",
        "PHOTO",
        "Picture taken",
        "COMMENTS",
        "Replying",
        "moderated",
        "FAQ",
        "plant trees",
    ):
        assert furniture not in joined


def test_seed_blocks_with_crlf_give_same_sentences() -> None:
    text = REUTERS.read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    assert sentences(crlf) == sentences(text)


@pytest.mark.parametrize(
    "line",
    [
        "word " * 120_000,  # 600 KB, no punctuation
        "a" * 600_000,  # 600 KB, no whitespace at all
        ("x" * 50 + ".") * 12_000,  # periods but no whitespace
    ],
)
def test_huge_line_is_fast_and_capped(line: str) -> None:
    started = time.perf_counter()
    spans = split_sentences(line)
    assert time.perf_counter() - started < 3.0
    assert spans
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(line[s:e] == line[s:e].strip() for s, e in spans)
    # Nothing but whitespace is lost between the pieces.
    assert "".join("".join(line[s:e].split()) for s, e in spans) == "".join(line.split())


def test_word_spans() -> None:
    sentence = "Putin’s aides don't say, 100,000 fled."
    assert [sentence[s:e] for s, e in word_spans(sentence)] == [
        "Putin’s",
        "aides",
        "don't",
        "say",
        "100",
        "000",
        "fled",
    ]
    assert word_spans("") == []
    assert word_spans("!!!!") == []


def test_shipped_parameters_load() -> None:
    params = load_punkt_parameters()
    assert {"mr", "u.s", "gen", "jan", "inc"} <= params.abbrev_types
    assert params.sent_starters
    assert load_punkt_parameters() is params  # cached


def test_shipped_json_shape() -> None:
    path = Path(text_module.__file__).parents[1] / "resources" / "punkt_news.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    parameters_from_dict(data)
    assert data["abbrev_types"] == sorted(data["abbrev_types"])


def test_abbreviation_list_is_clean() -> None:
    path = Path(text_module.__file__).parents[1] / "resources" / "abbreviations.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        assert line == line.strip().lower()
        assert line and not line.startswith("#") and not line.endswith(".")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a JSON object"),
        ({"format": "other", "version": 1}, "not a scorer-punkt-parameters file"),
        (
            {
                "format": "scorer-punkt-parameters",
                "version": 1,
                "abbrev_types": "mr",
                "sent_starters": [],
                "collocations": [],
                "ortho_context": {},
            },
            "'abbrev_types' must be a list of strings",
        ),
        (
            {
                "format": "scorer-punkt-parameters",
                "version": 1,
                "abbrev_types": [],
                "sent_starters": [],
                "collocations": [["a"]],
                "ortho_context": {},
            },
            "'collocations' must be a list",
        ),
        (
            {
                "format": "scorer-punkt-parameters",
                "version": 1,
                "abbrev_types": [],
                "sent_starters": [],
                "collocations": [],
                "ortho_context": {"a": "x"},
            },
            "'ortho_context' must map",
        ),
    ],
)
def test_broken_parameters_raise_model_error(data: object, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        parameters_from_dict(data)


def test_training_is_deterministic_and_serialisable() -> None:
    texts = ["Mr. Smith went to Washington. He met Dr. Jones there. They talked."] * 3
    first = train_punkt_parameters(texts, ["gen", "col."])
    second = train_punkt_parameters(list(texts), ["col.", "gen"])
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert {"gen", "col"} <= set(first["abbrev_types"])
    parameters_from_dict(first)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
    | st.lists(
        st.sampled_from(
            [
                "Mr.",
                "U.S.",
                "said",
                "!",
                "?",
                '"',
                "“",
                "”",
                "\n",
                "\r\n",
                "\r",
                " ",
                "\xa0",
                "\t",
                "(Reuters) -",
                "WASHINGTON",
                "Leave a comment",
                "PHOTO: REUTERS",
                "a.",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_any_text_gives_valid_spans(text: str) -> None:
    sentences(text)
    for start, end in content_blocks(text):
        assert text[start:end] == text[start:end].strip() and start < end


def test_repeated_marks_at_the_end_of_a_block_stay_with_their_sentence() -> None:
    # Punkt alone gives "He resigned!!" and "!" for these.
    for text in ["He resigned!!!", "WOW!!!", "Really?!?", "He resigned!!!\n\nAides said so."]:
        first = text.split("\n")[0]
        start, end = split_sentences(text)[0]
        assert text[start:end] == first
    assert [len(split_sentences(t)) for t in ["He resigned!!!", "Really?!", "What?? No."]] == [
        1,
        1,
        2,
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Mr", "U", "S", "said", "'", '"', "(", ")", ",", " ", "  ", "\t", "é"]),
        min_size=1,
        max_size=30,
    ).map("".join),
    st.sampled_from(["", ".", "?", "!"]),
)
def test_a_block_without_a_sentence_end_before_its_last_character_is_what_punkt_finds(
    body: str, end: str
) -> None:
    # split_sentences takes such a block as one sentence without running Punkt on it.
    block = (body + end).strip()
    if not block:
        return
    assert list(text_module._tokenizer().span_tokenize(block)) == [(0, len(block))]
    assert split_sentences(block) in ([(0, len(block))], [])  # [] for furniture ("S")


def test_one_sentence_paragraphs_and_headlines() -> None:
    text = "Kremlin denies report\n\nPeskov said the talks would go on.\n\nWill they? Nobody knows."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Kremlin denies report",
        "Peskov said the talks would go on.",
        "Will they?",
        "Nobody knows.",
    ]
