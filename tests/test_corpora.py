"""Tests for scorer.training.corpora: tiny hand-made corpora pinned exactly, plus the real data."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from scorer.errors import DataError
from scorer.training import corpora
from scorer.training.corpora import GoldAttribution, PolnearDoc

# -------------------------------------------------------------------------------------------
# fixture builders
# -------------------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


CONLL_CSV = (
    "text,label\n"
    "\"Trump -LRB- R -RRB- said `` it 's fine '' .\n\",0\n"
    '"It may be true that he did n\'t go .\n",1\n'
    '"Costs rose 4 % to $ 400 ; see -LSB- 1 -RSB- .\n",0\n'
    '"\n",0\n'
)

SZEGED_XML = """<?xml version='1.0' encoding='utf-8'?>
<Annotation created="6/9/2011"><DocumentSet> <Document type="Wikipedia_text_weasel">\
<DocID type="WIKIPEDIA_ARTICLE_ID">Poincaré_1</DocID>\
<DocumentPart type="Title"><Sentence id="S1.1">Poincaré conjecture</Sentence></DocumentPart>\
<DocumentPart type="Text"><Sentence id="S1.2">In some cases, \
<ccue type="speculation_hypo_condition _">if</ccue> it \
<ccue type="speculation_modal_probable_">may</ccue> work.</Sentence>\
<Sentence id="S1.3">Officials said 4 people may have died.</Sentence></DocumentPart></Document>\
</DocumentSet></Annotation>
"""

CERTAINTY_JSONL = (
    '{"id": 0, "finding": "Kids get more exercise .", "sentence-level-certainty": 5.0,'
    ' "split": "train"}\n'
    '{"id": 7, "finding": " Screening may reduce deaths.", "sentence-level-certainty": 2.5,'
    ' "split": "val"}\n'
)
ASPECT_JSONL = (
    '{"id": 0, "finding": "Kids get more exercise .", "split": "train", "aspect-level-certainty":'
    ' {"Number": "NotPresent", "Extent": "NotPresent", "Probability": "Certain",'
    ' "Condition": "NotPresent", "Suggestion": "NotPresent", "Framing": "NotPresent"}}\n'
    '{"id": 7, "finding": "Screening may reduce deaths.", "split": "val", "aspect-level-certainty":'
    ' {"Probability": "Uncertain"}}\n'
)

POLNEAR_TEXT = (
    "Clinton wins.\n\n"  # 0-13 headline, then a blank line
    "WASHINGTON (AP) — Voters, she said, “want change.” A poll said it’s close.\n"
)
# "Voters" 33-39, "she" 41-44, "said" 45-49, "want change." 52-64 (inside the curly quotes),
# second "said" 73-77, "it’s close" 78-88.
# Content is discontinuous: "Voters" + "want change."
POLNEAR_ANN = (
    "T1\tSource 41 44\tshe\n"
    "T2\tCue 45 49\tsaid\n"
    "T3\tContent 33 39;52 64\tVoters want change.\n"
    "T4\tAttribution 45 49\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 73 77\tsaid\n"
    "T6\tContent 78 88\tit’s close\n"
    "T7\tAttribution-no-source 73 77\tsaid\n"
    "E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n"
    "T8\tDiscuss 0 7\tClinton\n"
    "#1\tAnnotatorNotes T8\tcheck the headline\n"
)
POLNEAR_META = (
    "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle"
    "\ttrump_count\tclinton_count\tcredit\twire\n"
    "train\tnyt_2016-01-01_clinton-wins\t1\tNone\tnyt\t2016-01-01\tX\tClinton wins\t0\t1"
    "\tNone\tNone\n"
    "train\tbreitbart_2016-01-02_wire-copy\t1\tNone\tbreitbart\t2016-01-02\tAP\tWire\t0\t0"
    "\tNone\tAP\n"
    "dev\twest-journal_2016-10-01_a-dev-story\t16\tNone\twest-journal\t2016-10-01\tY\tDev"
    "\t1\t0\tNone\tNA\n"
)


def make_polnear(root: Path) -> None:
    base = root / "attribution" / "polnear"
    _write(base / "metadata.tsv", POLNEAR_META)
    _write(base / "train" / "text" / "nyt_2016-01-01_clinton-wins.txt", POLNEAR_TEXT)
    _write(base / "train" / "attributions" / "nyt_2016-01-01_clinton-wins_4b22.ann", POLNEAR_ANN)
    # A second annotator of the same article: ignored (first id wins).
    _write(base / "train" / "attributions" / "nyt_2016-01-01_clinton-wins_d473.ann", "")
    wire_text = "Trump leads.\n\nNEW YORK (AP) — Trump leads in a poll.\n"
    _write(base / "train" / "text" / "breitbart_2016-01-02_wire-copy.txt", wire_text)
    _write(base / "train" / "attributions" / "breitbart_2016-01-02_wire-copy_4e07.ann", "")
    # CRLF and a span whose recorded text is wrong: offsets still count every character.
    dev_text = "A dev story.\r\n\r\nHe said no.\r\nFollow Pat on Twitter @pat.\r\n"
    _write(base / "dev" / "text" / "west-journal_2016-10-01_a-dev-story.txt", dev_text)
    _write(
        base / "dev" / "attributions" / "west-journal_2016-10-01_a-dev-story_5fec.ann",
        "T1\tSource 16 18\tHe\nT2\tCue 19 23\tsays\nT3\tAttribution 19 23\tsaid\n"
        "E1\tAttribution:T3 Cue:T2 Source:T1\n",
    )


ISOT_TRUE = (
    "title,text,subject,date\n"
    'A,"(Corrects name in Dec. 1 story) By Jo Doe WASHINGTON (Reuters) - The Senate voted'
    ' on Monday, officials said. ",News,2017\n'
    'B,"LONDON/PARIS (Reuters) - Leaders met; “we agree,” one said. ",News,2017\n'
    'C,"The following statements were posted to the verified Twitter accounts of Trump.",'
    "News,2017\n"
    'D,"WASHINGTON (Reuters) - The Senate voted on Monday, officials said. ",News,2017\n'
)
ISOT_FAKE = (
    "title,text,subject,date\n"
    'X,"Trump s aides couldn t explain it  again . pic.twitter.com/abc  Jo (@jo) July 23, 2017'
    'Featured image via Getty Images",News,2017\n'
    'Y,"   ",News,2017\n'
)
FNC_CSV = (
    "id,domain,type,url,content,title\n"
    '1,www.fake.com,fake,u,"Big News\n% of readers think this story is Fact.\nAliens landed.\n'
    'Source:",Big News\n'
    '2,fake.com,fake,u,"% of readers think this story is Fact.\nIt was a hoax, they said.",T\n'
    '3,fake.com,fake,u,"% of readers think this story is Fact.\nA third text.",T\n'
    '4,good.org,reliable,u,"(GoodNews) Rates rose, the bank said.",T\n'
    '5,mid.com,political,u,"A political text.",T\n'
    '6,unk.com,unknown,u,"An unknown text.",T\n'
)


def make_articles(root: Path) -> None:
    _write(root / "articles" / "isot_subset" / "True.csv", ISOT_TRUE)
    _write(root / "articles" / "isot_subset" / "Fake.csv", ISOT_FAKE)
    _write(root / "articles" / "fakenewscorpus_sample.csv", FNC_CSV)
    make_polnear(root)


# -------------------------------------------------------------------------------------------
# split rule
# -------------------------------------------------------------------------------------------


def test_is_dev_text_pins_the_sha1_rule() -> None:
    assert corpora.is_dev_text("b") is True
    assert corpora.is_dev_text("  b\n") is True  # whitespace around the text is ignored
    assert corpora.is_dev_text("a") is False
    assert corpora.is_dev_text("Officials said 4 people may have died.") is True


# -------------------------------------------------------------------------------------------
# 1. CoNLL
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Trump -LRB- R -RRB- said `` it 's fine '' .", 'Trump (R) said "it\'s fine".'),
        ("He did n't , they 're sure ; 5 % ?", "He didn't, they're sure; 5%?"),
        ("The ` Albatros C.I' flew -LCB- x -RCB- .\n", "The 'Albatros C.I' flew {x}."),
        ("", ""),
    ],
)
def test_detokenize_ptb(raw: str, expected: str) -> None:
    assert corpora.detokenize_ptb(raw) == expected


def test_load_conll_hedging(tmp_path: Path) -> None:
    _write(tmp_path / "hedging" / "conll2010_wiki_train.csv", CONLL_CSV)
    df = corpora.load_conll_hedging(tmp_path, "all")
    assert list(df.columns) == ["id", "text", "uncertain", "split"]
    assert df.to_dict("records") == [
        {
            "id": "conll-0",
            "text": 'Trump (R) said "it\'s fine".',
            "uncertain": 0,
            "split": "train",
        },
        {
            "id": "conll-1",
            "text": "It may be true that he didn't go.",
            "uncertain": 1,
            "split": "train",
        },
        {
            "id": "conll-2",
            "text": "Costs rose 4% to $400; see [1].",
            "uncertain": 0,
            "split": "dev",
        },
    ]
    assert corpora.load_conll_hedging(tmp_path, "dev")["id"].tolist() == ["conll-2"]
    assert corpora.load_conll_hedging(tmp_path, "train")["id"].tolist() == ["conll-0", "conll-1"]


def test_load_conll_hedging_errors(tmp_path: Path) -> None:
    expected = tmp_path / "hedging" / "conll2010_wiki_train.csv"
    with pytest.raises(DataError, match=r"expected .*conll2010_wiki_train\.csv \(see the data"):
        corpora.load_conll_hedging(tmp_path, "train")
    _write(expected, "sentence,label\nx,0\n")
    with pytest.raises(DataError, match="missing column"):
        corpora.load_conll_hedging(tmp_path, "train")
    _write(expected, "text,label\nx,maybe\n")
    with pytest.raises(DataError, match="label must hold 0 or 1"):
        corpora.load_conll_hedging(tmp_path, "train")
    with pytest.raises(ValueError, match="unknown split"):
        corpora.load_conll_hedging(tmp_path, "test")  # type: ignore[arg-type]


# -------------------------------------------------------------------------------------------
# 2. Szeged
# -------------------------------------------------------------------------------------------


def test_load_szeged_cues(tmp_path: Path) -> None:
    _write(tmp_path / "hedging" / "szeged_wiki_train.xml", SZEGED_XML)
    df = corpora.load_szeged_cues(tmp_path, "wiki")
    assert df.to_dict("records") == [
        {
            "doc_id": "Poincaré_1",
            "sent_id": "S1.1",
            "text": "Poincaré conjecture",
            "cues": [],
            "uncertain": 0,
            "section": "Title",
            "part": "wiki",
            "split": "train",
        },
        {
            "doc_id": "Poincaré_1",
            "sent_id": "S1.2",
            "text": "In some cases, if it may work.",
            "cues": [(15, 17, "condition", "if"), (21, 24, "epistemic", "may")],
            "uncertain": 1,
            "section": "Text",
            "part": "wiki",
            "split": "dev",
        },
        {
            "doc_id": "Poincaré_1",
            "sent_id": "S1.3",
            "text": "Officials said 4 people may have died.",
            "cues": [],
            "uncertain": 0,
            "section": "Text",
            "part": "wiki",
            "split": "dev",
        },
    ]
    for text, cues in zip(df["text"], df["cues"], strict=True):
        assert all(text[s:e] == cue for s, e, _, cue in cues)


def test_load_szeged_cues_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"expected .*szeged_bio_bmc\.xml"):
        corpora.load_szeged_cues(tmp_path, "bio")
    path = _write(tmp_path / "hedging" / "szeged_wiki_train.xml", "<Annotation><Document>")
    with pytest.raises(DataError, match="not well-formed XML"):
        corpora.load_szeged_cues(tmp_path, "wiki")
    _write(path, SZEGED_XML.replace("speculation_hypo_condition _", "weasel"))
    with pytest.raises(DataError, match="unknown ccue type 'weasel'"):
        corpora.load_szeged_cues(tmp_path, "wiki")


# -------------------------------------------------------------------------------------------
# 3. certainty
# -------------------------------------------------------------------------------------------


def test_load_certainty(tmp_path: Path) -> None:
    _write(tmp_path / "certainty" / "sentence-level-certainty.jsonl", CERTAINTY_JSONL)
    df = corpora.load_certainty(tmp_path, "all")
    assert df.to_dict("records") == [
        {"id": 0, "text": "Kids get more exercise .", "rating": 5.0, "split": "train"},
        {"id": 7, "text": "Screening may reduce deaths.", "rating": 2.5, "split": "val"},
    ]
    assert df["rating"].dtype == float
    assert corpora.load_certainty(tmp_path, "val")["id"].tolist() == [7]


def test_load_aspect_certainty(tmp_path: Path) -> None:
    _write(tmp_path / "certainty" / "aspect-level-certainty.jsonl", ASPECT_JSONL)
    df = corpora.load_aspect_certainty(tmp_path, "val")
    assert list(df.columns) == ["id", "text", *corpora.ASPECTS, "split"]
    assert df.to_dict("records") == [
        {
            "id": 7,
            "text": "Screening may reduce deaths.",
            "Number": "NotPresent",
            "Extent": "NotPresent",
            "Probability": "Uncertain",
            "Condition": "NotPresent",
            "Suggestion": "NotPresent",
            "Framing": "NotPresent",
            "split": "val",
        }
    ]


def test_load_certainty_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"expected .*sentence-level-certainty\.jsonl"):
        corpora.load_certainty(tmp_path, "train")
    path = _write(tmp_path / "certainty" / "sentence-level-certainty.jsonl", "{oops\n")
    with pytest.raises(DataError, match="line 1 is not JSON"):
        corpora.load_certainty(tmp_path, "train")
    _write(path, CERTAINTY_JSONL.replace("5.0", "9.0"))
    with pytest.raises(DataError, match="from 1 to 6"):
        corpora.load_certainty(tmp_path, "train")
    _write(
        tmp_path / "certainty" / "aspect-level-certainty.jsonl",
        ASPECT_JSONL.replace('"Uncertain"', '"Maybe"'),
    )
    with pytest.raises(DataError, match="aspect Probability of id 7 is 'Maybe'"):
        corpora.load_aspect_certainty(tmp_path, "all")


# -------------------------------------------------------------------------------------------
# 4. PolNeAR
# -------------------------------------------------------------------------------------------


def test_load_polnear_train(tmp_path: Path) -> None:
    make_polnear(tmp_path)
    docs = corpora.load_polnear(tmp_path, "train")
    assert [d.doc_id for d in docs] == [
        "breitbart_2016-01-02_wire-copy",
        "nyt_2016-01-01_clinton-wins",
    ]
    wire, nyt = docs
    assert (wire.publisher, wire.wire, wire.attributions) == ("breitbart", "AP", [])
    assert nyt == PolnearDoc(
        doc_id="nyt_2016-01-01_clinton-wins",
        publisher="nyt",
        text=POLNEAR_TEXT,
        attributions=[
            GoldAttribution(source=[(41, 44)], cue=[(45, 49)], content=[(33, 39), (52, 64)]),
            GoldAttribution(source=[], cue=[(73, 77)], content=[(78, 88)]),
        ],
        wire="",
        split="train",
        annotator="4b22",
        offset_mismatches=0,
    )
    assert nyt.text[52:64] == "want change."


def test_load_polnear_keeps_crlf_and_counts_mismatches(tmp_path: Path) -> None:
    make_polnear(tmp_path)
    (doc,) = corpora.load_polnear(tmp_path, "dev")
    assert doc.text.startswith("A dev story.\r\n\r\nHe said")
    assert doc.text[16:18] == "He"
    assert doc.wire == ""  # "NA" in the metadata means no wire credit
    # T2 records "says" where the text has "said"; T3 records "said" correctly.
    assert doc.offset_mismatches == 1
    assert doc.attributions == [GoldAttribution(source=[(16, 18)], cue=[(19, 23)], content=[])]


def test_load_polnear_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"expected .*polnear.metadata\.tsv"):
        corpora.load_polnear(tmp_path, "train")
    make_polnear(tmp_path)
    txt = tmp_path / "attribution/polnear/dev/text/west-journal_2016-10-01_a-dev-story.txt"
    txt.unlink()
    with pytest.raises(DataError, match=r"expected .*a-dev-story\.txt \(see the data README\)"):
        corpora.load_polnear(tmp_path, "dev")


def test_polnear_sentence_labels(tmp_path: Path) -> None:
    make_polnear(tmp_path)
    doc = corpora.load_polnear(tmp_path, "train")[1]
    sentences = [(0, 13), (15, 65), (66, 89)]
    assert corpora.polnear_sentence_labels(doc, sentences) == [
        {"start": 0, "end": 13, "has_attribution": False, "source_spans": []},
        {"start": 15, "end": 65, "has_attribution": True, "source_spans": [(41, 44)]},
        {"start": 66, "end": 89, "has_attribution": True, "source_spans": []},
    ]
    # Half-open spans: a sentence ending where the cue starts does not contain it.
    assert corpora.polnear_sentence_labels(doc, [(0, 45)])[0]["has_attribution"] is False
    assert corpora.polnear_sentence_labels(doc, []) == []


# -------------------------------------------------------------------------------------------
# 5. articles
# -------------------------------------------------------------------------------------------


def test_load_articles(tmp_path: Path) -> None:
    make_articles(tmp_path)
    df = corpora.load_articles(tmp_path)
    assert list(df.columns) == ["id", "text", "label", "outlet", "corpus", "split"]
    rows = df.drop(columns="split").to_dict("records")
    assert rows == [
        {
            "id": "isot-true-0",
            "text": "The Senate voted on Monday, officials said.",
            "label": 1,
            "outlet": "reuters",
            "corpus": "isot",
        },
        {
            # ISOT True is degraded like Fake.csv: curly quotes gone, contractions repaired.
            "id": "isot-true-1",
            "text": "Leaders met; we agree, one said.",
            "label": 1,
            "outlet": "reuters",
            "corpus": "isot",
        },
        {
            "id": "isot-fake-0",
            "text": "Trump's aides couldn't explain it again . Jo",
            "label": 0,
            "outlet": "isot-fake",
            "corpus": "isot",
        },
        {
            "id": "fnc-1",
            "text": "Aliens landed.",
            "label": 0,
            "outlet": "fake.com",
            "corpus": "fakenewscorpus",
        },
        {
            "id": "fnc-2",
            "text": "It was a hoax, they said.",
            "label": 0,
            "outlet": "fake.com",
            "corpus": "fakenewscorpus",
        },
        {
            "id": "fnc-3",
            "text": "A third text.",
            "label": 0,
            "outlet": "fake.com",
            "corpus": "fakenewscorpus",
        },
        {
            "id": "fnc-4",
            "text": "Rates rose, the bank said.",
            "label": 1,
            "outlet": "good.org",
            "corpus": "fakenewscorpus",
        },
        {
            "id": "polnear-nyt_2016-01-01_clinton-wins",
            "text": 'Voters, she said, "want change." A poll said it\'s close.',
            "label": 1,
            "outlet": "nyt",
            "corpus": "polnear",
        },
        {
            "id": "polnear-west-journal_2016-10-01_a-dev-story",
            "text": "He said no.",
            "label": 0,
            "outlet": "west-journal",
            "corpus": "polnear",
        },
    ]
    splits = dict(zip(df["id"], df["split"], strict=True))
    assert splits["polnear-nyt_2016-01-01_clinton-wins"] == "train"
    assert splits["polnear-west-journal_2016-10-01_a-dev-story"] == "dev"
    for _id, text, split in df.loc[df["corpus"] != "polnear", ["id", "text", "split"]].itertuples(
        index=False
    ):
        assert split == ("dev" if corpora.is_dev_text(text) else "train")


def test_load_articles_missing_file(tmp_path: Path) -> None:
    make_articles(tmp_path)
    (tmp_path / "articles" / "fakenewscorpus_sample.csv").unlink()
    with pytest.raises(DataError, match=r"expected .*fakenewscorpus_sample\.csv"):
        corpora.load_articles(tmp_path)


# -------------------------------------------------------------------------------------------
# 6. outlets
# -------------------------------------------------------------------------------------------


def test_load_outlet_labels(tmp_path: Path) -> None:
    _write(
        tmp_path / "outlets" / "baly2018_media_factuality" / "emnlp18" / "corpus.tsv",
        "source_url\tsource_url_normalized\tref\tfact\tbias\n"
        "http://www.villagevoice.com/\tvillagevoice.com\tr\thigh\tleft\n"
        "http://www.westernjournalism.com/thepoint/\tw\tr\tmixed\tright\n"
        "http://www.fury.news/\tfury.news\tr\tlow\textreme-right\n",
    )
    _write(
        tmp_path / "outlets" / "opensources_websites.csv",
        ",url,type,2nd_type,3rd_type,active\n"
        "0,www.Breitbart.com,political,unreliable,bias,\n"
        "1,16wmpo.com,fake,,,\n"
        "2,nobody.com,unknown,,,\n"
        "3,maybe.com,unknown,satire,,\n",
    )
    df = corpora.load_outlet_labels(tmp_path)
    assert df.to_dict("records") == [
        {"domain": "fury.news", "factuality": "low", "bias": "extreme-right",
         "source": "baly2018", "raw_label": "low"},
        {"domain": "villagevoice.com", "factuality": "high", "bias": "left",
         "source": "baly2018", "raw_label": "high"},
        {"domain": "westernjournalism.com/thepoint", "factuality": "mixed", "bias": "right",
         "source": "baly2018", "raw_label": "mixed"},
        {"domain": "16wmpo.com", "factuality": "low", "bias": "", "source": "opensources",
         "raw_label": "fake"},
        {"domain": "breitbart.com", "factuality": "mixed", "bias": "", "source": "opensources",
         "raw_label": "political|unreliable|bias"},
        {"domain": "maybe.com", "factuality": "low", "bias": "", "source": "opensources",
         "raw_label": "unknown|satire"},
    ]  # fmt: skip


def test_load_outlet_labels_missing(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"expected .*emnlp18.corpus\.tsv"):
        corpora.load_outlet_labels(tmp_path)


# -------------------------------------------------------------------------------------------
# 7. propaganda
# -------------------------------------------------------------------------------------------


def test_load_propaganda(tmp_path: Path) -> None:
    base = tmp_path / "propaganda"
    text = "Title here\n\nThey say it is a total disaster.\n"
    _write(base / "train-articles" / "article123.txt", text)
    _write(base / "train-articles" / "article45.txt", "No labels file.\n")
    _write(
        base / "train-labels-task2-technique-classification" / "article123.task2-TC.labels",
        "123\tLoaded_Language\t29\t43\n123\tAppeal_to_Authority\t12\t20\n",
    )
    df = corpora.load_propaganda(tmp_path)
    assert df.to_dict("records") == [
        {
            "doc_id": "123",
            "text": text,
            "spans": [(12, 20, "Appeal_to_Authority"), (29, 43, "Loaded_Language")],
        },
        {"doc_id": "45", "text": "No labels file.\n", "spans": []},
    ]
    assert text[29:43] == "total disaster"
    _write(
        base / "train-labels-task2-technique-classification" / "article45.task2-TC.labels",
        "45\tDoubt\t3\t99\n",
    )
    with pytest.raises(DataError, match="span 3-99 is out of range"):
        corpora.load_propaganda(tmp_path)


def test_load_propaganda_missing(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"expected .*propaganda.train-articles \(see the data"):
        corpora.load_propaganda(tmp_path)


# -------------------------------------------------------------------------------------------
# the real data (../shared/data)
# -------------------------------------------------------------------------------------------

DATA_DIR = Path(os.environ.get("SCORER_DATA", Path(__file__).parents[2] / "shared" / "data"))


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"no data at {DATA_DIR}")
def test_real_data_sizes() -> None:
    conll = corpora.load_conll_hedging(DATA_DIR, "all")
    # 7,363 rows in the file (2,131 uncertain) minus 20 empty and 13 repeated sentences.
    assert (len(conll), int(conll["uncertain"].sum())) == (7330, 2126)
    assert conll["split"].value_counts().to_dict() == {"train": 5881, "dev": 1449}
    assert not conll["text"].str.contains("-LRB-|-RRB-|``| n't", regex=True).any()

    wiki = corpora.load_szeged_cues(DATA_DIR, "wiki")
    bio = corpora.load_szeged_cues(DATA_DIR, "bio")
    assert (len(wiki), int(wiki["uncertain"].sum()), int(wiki["cues"].map(len).sum())) == (
        11149,
        1804,
        2297,
    )
    assert (len(bio), int(bio["uncertain"].sum()), int(bio["cues"].map(len).sum())) == (
        19475,
        4190,
        5561,
    )
    for df in (wiki, bio):
        assert all(
            t[s:e] == c for t, cs in zip(df["text"], df["cues"], strict=True) for s, e, _, c in cs
        )
    # Where CoNLL and Szeged share a sentence, both loaders put it in the same split.
    both = conll.merge(wiki, on="text", suffixes=("_conll", "_szeged"))
    assert len(both) > 5000
    assert (both["split_conll"] == both["split_szeged"]).all()

    assert len(corpora.load_certainty(DATA_DIR, "train")) == 1084
    assert len(corpora.load_certainty(DATA_DIR, "val")) == 136
    assert len(corpora.load_aspect_certainty(DATA_DIR, "train")) == 1256
    assert len(corpora.load_aspect_certainty(DATA_DIR, "val")) == 157

    train = corpora.load_polnear(DATA_DIR, "train")
    dev = corpora.load_polnear(DATA_DIR, "dev")
    assert (len(train), len(dev)) == (840, 84)
    assert sum(len(d.attributions) for d in train) == 19868
    assert sum(len(d.attributions) for d in dev) == 2193
    assert sum(d.offset_mismatches for d in train + dev) == 0

    articles = corpora.load_articles(DATA_DIR)
    counts = articles.groupby(["corpus", "split"])["label"].agg(["size", "sum"])
    assert counts.to_dict("index") == {
        ("fakenewscorpus", "dev"): {"size": 30, "sum": 0},
        ("fakenewscorpus", "train"): {"size": 168, "sum": 3},
        ("isot", "dev"): {"size": 486, "sum": 199},
        ("isot", "train"): {"size": 1886, "sum": 760},
        ("polnear", "dev"): {"size": 78, "sum": 59},
        ("polnear", "train"): {"size": 770, "sum": 589},
    }
    assert not articles["text"].duplicated().any()
    assert not articles["text"].str.contains(r"\(Reuters\) -|Featured image via", regex=True).any()

    outlets = corpora.load_outlet_labels(DATA_DIR)
    assert outlets["source"].value_counts().to_dict() == {"baly2018": 1066, "opensources": 836}
    assert set(outlets["factuality"]) == {"low", "mixed", "high"}

    propaganda = corpora.load_propaganda(DATA_DIR)
    assert (len(propaganda), int(propaganda["spans"].map(len).sum())) == (371, 6129)
    assert isinstance(propaganda, pd.DataFrame)
