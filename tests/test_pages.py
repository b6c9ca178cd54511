"""Saved web pages of the shapes met in the wild: the article's sentences are read, the
furniture around them (reader comments, "most read" and "related" boxes, cookie banners,
live-blog navigation, advertisements) is not.

The pages are small hand-written files in ``tests/pages/``. Each is read as ``scorer score``
reads it (:func:`scorer.reading.inputs.iter_items`),
split into the sentences that would be scored, and
checked against the sentences expected and the text not expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.analysis.text import split_sentences
from scorer.reading.inputs import iter_items

PAGES = Path(__file__).parent / "pages"

STORY_DIV = [
    "Riverside council approved a £40 million road bridge over the Avon on Tuesday, ending a "
    "decade of argument over how to ease traffic in the town centre.",
    "Councillors voted 31 to 12 in favour of the scheme, according to the minutes of the "
    "meeting published on Wednesday.",
    '"This bridge will cut journey times across town by a third," said Mark Evans, the '
    "council's cabinet member for transport.",
    "Work is expected to start next spring and to take two years, the council's planning "
    "report says.",
]
COMMENTS_DIV = ["waste of money", "corrupt", "potholes", "mate of the leader", "Typical"]
MOST_READ = ["Most read", "feeding pigeons", "Five things to do"]

# page -> (sentences expected, text not expected)
CASES: dict[str, tuple[list[str], list[str]]] = {
    # Plain <div>s throughout, no <article> or comment markup; each comment's author in a
    # <div> of its own.
    "div_layout_comments": (STORY_DIV, COMMENTS_DIV + MOST_READ + ["Reader comments"]),
    # The same page with the authors' names inline ("Bob: ...") under a "Have your say"
    # heading: only the heading tells the comments from the story.
    "div_layout_inline_comments": (STORY_DIV, COMMENTS_DIV + MOST_READ + ["Have your say"]),
    # A WordPress-style comment list and reply form.
    "comment_system": (
        [
            "A drought was declared across Kent, Sussex and Surrey on Monday after the driest "
            "July on record, the Environment Agency said.",
            '"Reservoir levels are at their lowest for thirty years," a spokesperson for the '
            "company told the BBC.",
            "Farmers' leaders warned that the harvest could be the smallest in a generation, "
            "according to the National Farmers' Union.",
        ],
        ["water companies are lying", "worst summer", "Leave a Reply", "email address", "says:"],
    ),
    # "Related stories" inside the story, "Most popular" and a newsletter box after it.
    "related_boxes": (
        [
            "The central bank kept its main interest rate at 5% on Thursday, as most economists "
            "polled by Reuters had expected.",
            "Two of the nine members of the monetary policy committee voted for a cut of a "
            "quarter of a point, the minutes showed.",
            "The bank said in its quarterly report that it expected growth of 0.8% this year.",
        ],
        ["Related stories", "Pound slides", "Most popular", "Billionaire", "morning briefing"],
    ),
    # A cookie-consent dialog before the story.
    "cookie_banner": (
        [
            "The number of people waiting for hospital treatment in England fell in March for "
            "the first time in twelve months, NHS England figures showed on Thursday.",
            "The King's Fund, a health think tank, said the figures should be treated with "
            "caution because one month did not make a trend.",
        ],
        ["cookies", "Accept all", "Manage preferences", "Cookie settings"],
    ),
    # A live blog: timestamped entries, a "Key events" box, share links.
    "live_blog": (
        [
            "Houghton and Sunderland South has declared first, as it has at every election "
            "since 1992.",
            "Turnout appears to be lower than in 2019, according to early figures from several "
            "counts in the north-east.",
            "Polling expert John Curtice told the BBC that exit polls had been accurate at the "
            "last four elections.",
        ],
        ["Key events", "Share on", "Copy link"],
    ),
    # A story cut in three by advertisement slots.
    "split_by_ads": (
        [
            "The firm said in a statement that repairs to the MV Clansman would take at least "
            "six weeks.",
            "Local councillor Iain MacKenzie said islanders had been let down again, and that "
            "shops on Tiree were already running short of fresh food.",
            "Transport Scotland said it was working with the operator to charter a replacement "
            "vessel from Norway, according to a spokesperson.",
            "The Scottish government has promised six new ferries by 2027.",
        ],
        ["Advertisement", "luxury cruise", "Doctors hate", "Sponsored", "continues below"],
    ),
}


def test_every_page_has_a_case() -> None:
    assert sorted(p.stem for p in PAGES.glob("*.html")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_article_sentences_in_furniture_out(name: str) -> None:
    (item,) = iter_items([PAGES / f"{name}.html"])
    assert item.error == "" and item.text is not None
    sentences = [" ".join(item.text[s:e].split()) for s, e in split_sentences(item.text)]
    expected, unexpected = CASES[name]
    for sentence in expected:
        assert sentence in sentences, sentences
    scored = " ".join(sentences)
    for text in unexpected:
        assert text not in scored, (text, sentences)
