"""Invented news articles built from templates, for the behavioural tests of the article scores.

Every person, place, outlet, body and event here is made up, so that the tests measure what
the scores promise (sourcing evidence, tone) and not what the training corpora happen to hold.
An article is a list of claims; each claim is rendered with a source of one kind (a named
person, an outlet, an anonymous source, a vague crowd, or none) and the variants of one article
differ only in that.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import scorer


@dataclass(frozen=True)
class Topic:
    """Eight claims about one invented event, written to follow "said" ("that" clause form)."""

    name: str
    claims: tuple[str, ...]


TOPICS = (
    Topic(
        "bridge",
        (
            "the Harrow Street bridge in {place} will close for repairs on Monday",
            "the repairs will cost about 4 million euros",
            "two of its support pillars cracked in March",
            "ferries will carry commuters across the river during the works",
            "the work is planned to last eleven weeks",
            "traffic on the ring road will double during the works",
            "the bridge carried 30,000 vehicles a day last year",
            "a temporary footbridge will open in April",
        ),
    ),
    Topic(
        "harvest",
        (
            "the grain harvest around {place} fell by a fifth this year",
            "a dry spring left the wheat fields short of water",
            "farmers sold most of the crop to two mills",
            "bread prices in the region rose 6 percent in October",
            "the cooperative will buy new irrigation equipment",
            "the barley yield held steady",
            "storage silos at the port are half empty",
            "more seed has been sold for next season than last year",
        ),
    ),
    Topic(
        "strike",
        (
            "tram drivers in {place} will strike for 48 hours from Thursday",
            "the union's pay target is a 9 percent rise",
            "the city offered 4 percent last week",
            "buses will run a reduced timetable during the strike",
            "the last tram strike in the city was in 2019",
            "talks will resume after the weekend",
            "about 1,200 drivers are union members",
            "schools will open an hour later on both days",
        ),
    ),
)

PLACES = ("Port Orvin", "Kessaly", "Drumlow", "Vessenburg")

# Named people with roles: each claim of an article gets a different one.
PEOPLE = (
    ("Talia Brennock", "the city's transport director"),
    ("Oskar Veltman", "a spokesman for the regional council"),
    ("Ines Marlow", "the mayor"),
    ("Dario Fenwick", "an engineer at Velmar Rail"),
    ("Hedda Solberg", "the chair of the residents' association"),
    ("Yusuf Karamov", "a harbour official"),
    ("Lena Aubrecht", "the finance councillor"),
    ("Piet Vandersloot", "a union negotiator"),
)
OTHER_PEOPLE = (
    ("Marisol Quenby", "the city's works director"),
    ("Anders Lyle", "a spokeswoman for the district"),
    ("Renata Osk", "the deputy mayor"),
    ("Felix Tamberg", "an inspector at Norrow Freight"),
    ("Cora Inglewood", "the head of the tenants' board"),
    ("Bashir Eltan", "a port manager"),
    ("Greta Vollmer", "the budget officer"),
    ("Jonah Pell", "a shop steward"),
)
OUTLETS = (
    "The Orvin Herald",
    "Kessaly Radio",
    "The Drumlow Courier",
    "Meridian Wire",
    "The Vessen Daily",
    "Northgate Television",
    "The Harbour Gazette",
    "Lantern News Agency",
)
ANONYMOUS = (
    "Sources",
    "A senior official",
    "Two people familiar with the plans",
    "An official who asked not to be named",
    "Sources close to the council",
    "A person with knowledge of the talks",
    "Officials",
    "A source",
)
VAGUE = (
    "Experts",
    "Some people",
    "Critics",
    "Observers",
    "Many residents",
    "Some analysts",
    "Commentators",
    "Others",
)

KINDS = ("named", "media", "anonymous", "vague", "none")


def _sentence(claim: str, source: str, kind: str) -> str:
    if kind == "none":
        return claim[0].upper() + claim[1:] + "."
    verb = "say" if kind == "vague" else "said"
    if kind == "media":
        verb = "reported"
    return f"{source} {verb} that {claim}."


def article(
    topic: Topic,
    place: str,
    kind: str,
    *,
    people: tuple[tuple[str, str], ...] = PEOPLE,
    one_person: bool = False,
) -> str:
    """The topic's claims, each attributed to a source of ``kind`` (see :data:`KINDS`).

    Named sources are "Name, role," on first mention; ``one_person`` gives every claim to the
    first person (by surname after the first claim), so the article cites one source instead
    of eight at about the same length.
    """
    sentences = []
    for i, template in enumerate(topic.claims):
        claim = template.format(place=place)
        if kind == "named":
            name, role = people[0] if one_person else people[i]
            surname = name.split()[-1]
            source = f"{name}, {role}," if not (one_person and i) else surname
            if one_person and i:
                source = f"{surname}, {role},"
        elif kind == "media":
            source = OUTLETS[i]
        elif kind == "anonymous":
            source = ANONYMOUS[i]
        elif kind == "vague":
            source = VAGUE[i]
        else:
            source = ""
        sentences.append(_sentence(claim, source, kind))
    return " ".join(sentences)


def with_tone(text: str) -> str:
    """The same article with the author's tone added: "!" for a full stop, a rhetorical
    question, the reader addressed, a word in capitals and boosters; the claims and their
    sources untouched."""
    sentences = text.split(". ")
    sentences[1] = "Clearly, " + sentences[1]
    sentences[3] = sentences[3] + "!"
    sentences[5] = "As you can see, " + sentences[5]
    sentences[6] = sentences[6].replace(" that ", " that, without any doubt, ", 1)
    out = ". ".join(sentences).replace("!.", "!")
    out = out.replace(" will ", " will REALLY ", 1)
    return out + " What happens next?"


def scores(texts: list[str]) -> pd.DataFrame:
    """The article rows of ``texts``, scored with the shipped models, in order."""
    frame = pd.DataFrame({"text": texts})
    out = scorer.score_frame(frame)
    assert list(out["status"]) == ["ok"] * len(texts), out["error"].tolist()
    return out


def score_rows(texts: list[str]) -> list[pd.Series]:
    """:func:`scores` as one row per text."""
    out = scores(texts)
    return [out.iloc[i] for i in range(len(out))]
