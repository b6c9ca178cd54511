"""Typed readers for the training and development corpora.

Every loader takes ``data_dir``, the folder laid out as described in the data README
(``../shared/data`` next to a checkout), and returns a pandas DataFrame (or, for PolNeAR, a
list of dataclasses) with documented columns in a deterministic order. A missing or malformed
file raises :class:`scorer.errors.DataError` naming the path that was expected.

Dev splits. Only PolNeAR and the Pei & Jurgens certainty data ship their own dev splits; every
other corpus here is training data whose official test split is sealed elsewhere. For those we
put a text in dev when ``int(sha1(text.strip().encode()).hexdigest(), 16) % 5 == 0`` (about
20 %), see :func:`is_dev_text`. The rule depends only on the text, so a sentence that occurs in
both CoNLL-2010 and the Szeged corpus (after undoing CoNLL's Penn-Treebank tokenisation) and
an article duplicated across files always land in the same split.

Loaders cache nothing; reading every corpus takes a few seconds.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import pandas as pd
from lxml import etree

from scorer.errors import DataError

__all__ = [
    "ASPECTS",
    "SZEGED_CUE_TYPES",
    "GoldAttribution",
    "MultiAnnotatedDoc",
    "PolnearDoc",
    "detokenize_ptb",
    "is_dev_text",
    "load_articles",
    "load_aspect_certainty",
    "load_certainty",
    "load_conll_hedging",
    "load_outlet_labels",
    "load_polnear",
    "load_polnear_agreement",
    "load_propaganda",
    "load_szeged_cues",
    "overlaps",
    "polnear_sentence_labels",
]

Span = tuple[int, int]

# -------------------------------------------------------------------------------------------
# shared helpers
# -------------------------------------------------------------------------------------------


def is_dev_text(text: str) -> bool:
    """Tell whether a text belongs to our dev split (for corpora without an official one).

    Args:
        text: The sentence or article text; surrounding whitespace is ignored.

    Returns:
        True for about one text in five, decided by the SHA-1 of the stripped UTF-8 text, so the
        split is stable across runs, machines and corpora.
    """
    return int(hashlib.sha1(text.strip().encode("utf-8")).hexdigest(), 16) % 5 == 0


def _split_of(text: str) -> str:
    return "dev" if is_dev_text(text) else "train"


def _missing(path: Path) -> DataError:
    return DataError(f"missing data file: expected {path} (see the data README)")


def _malformed(path: Path, what: str) -> DataError:
    return DataError(f"malformed data file {path}: {what}; expected the format in the data README")


def _require(path: Path) -> Path:
    if not path.is_file():
        raise _missing(path)
    return path


def _require_dir(path: Path) -> Path:
    if not path.is_dir():
        raise DataError(f"missing data folder: expected {path} (see the data README)")
    return path


def _read_csv(path: Path, columns: Sequence[str], **kwargs: object) -> pd.DataFrame:
    """Read a CSV/TSV, checking it has ``columns``; errors name the file."""
    _require(path)
    try:
        df = pd.read_csv(path, **kwargs)  # type: ignore[call-overload]
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _malformed(path, detail) from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise _malformed(path, f"missing column(s) {', '.join(missing)}")
    return df


def _check_split(split: str, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if split not in allowed:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(allowed)}")


# -------------------------------------------------------------------------------------------
# 1. CoNLL-2010 hedging (Wikipedia, task 1)
# -------------------------------------------------------------------------------------------

_PTB_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
}
_PTB_RULES: list[tuple[re.Pattern[str], str]] = [
    # `` and '' are PTB's opening/closing double quotes; the space inside them is a token gap.
    (re.compile(r"``\s*"), '"'),
    (re.compile(r"\s*''"), '"'),
    # A lone backtick is an opening single quote (the closing one is already a plain ').
    (re.compile(r"`\s*"), "'"),
    (re.compile(r"([(\[{])\s+"), r"\1"),
    (re.compile(r"\s+([)\]}])"), r"\1"),
    # Clitics split off by the tokenizer: "Trump 's", "do n't", "they 're".
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m|'em)\b", re.IGNORECASE), r"\1"),
    # (?!\d): ".338" and " .5" are numbers, not sentence punctuation.
    (re.compile(r"\s+([,.;:!?%])(?!\d)"), r"\1"),
    (re.compile(r"\$\s+(?=\d)"), "$"),
]


def detokenize_ptb(text: str) -> str:
    """Undo Penn-Treebank tokenisation so that a sentence reads like ordinary prose.

    Brackets (``-LRB-`` ...), PTB quotes (`````` ``''``), clitics (`` 's`` `` n't``), spaces
    before punctuation and after ``$`` are restored. ``--`` dashes and Wikipedia's literal
    ``\\ n`` markup are left alone: neither can be restored without guessing.

    Args:
        text: A PTB-tokenised sentence.

    Returns:
        The detokenised sentence, stripped.
    """
    text = text.strip()
    for token, char in _PTB_BRACKETS.items():
        text = text.replace(token, char)
    for pattern, repl in _PTB_RULES:
        text = pattern.sub(repl, text)
    return text


def load_conll_hedging(data_dir: Path, split: Literal["train", "dev", "all"]) -> pd.DataFrame:
    """Load the CoNLL-2010 Wikipedia hedge-detection sentences.

    The file holds CoNLL-2010 *training* sentences only (the official test set is sealed), so
    dev is our SHA-1 rule (:func:`is_dev_text`) applied to the detokenised text.

    Cleaning: Penn-Treebank artefacts are undone (:func:`detokenize_ptb`), the trailing newline
    is stripped, empty sentences (20 in the shipped file, all labelled certain) are dropped, and
    of repeated sentences only the first is kept (same text, same split, so they cannot leak).

    Args:
        data_dir: The data folder; reads ``hedging/conll2010_wiki_train.csv``.
        split: ``"train"``, ``"dev"`` or ``"all"``.

    Returns:
        Columns ``id`` (``conll-<row>``, the 0-based row in the file), ``text``, ``uncertain``
        (int 0/1: 1 when the sentence has a hedge or weasel cue), ``split`` (train/dev), in
        file order.

    Raises:
        DataError: The file is missing or lacks the ``text``/``label`` columns.
    """
    _check_split(split, ("train", "dev", "all"))
    path = Path(data_dir) / "hedging" / "conll2010_wiki_train.csv"
    raw = _read_csv(path, ("text", "label"), dtype={"text": str}, keep_default_na=False)
    labels = pd.to_numeric(raw["label"], errors="coerce")
    if labels.isna().any() or not labels.isin([0, 1]).all():
        raise _malformed(path, "column label must hold 0 or 1")
    df = pd.DataFrame(
        {
            "id": [f"conll-{i}" for i in range(len(raw))],
            "text": raw["text"].map(detokenize_ptb),
            "uncertain": labels.astype(int),
        }
    )
    df = df[df["text"] != ""]
    df = df.drop_duplicates("text", keep="first")
    df["split"] = df["text"].map(_split_of)
    if split != "all":
        df = df[df["split"] == split]
    return df.reset_index(drop=True)


# -------------------------------------------------------------------------------------------
# 2. Szeged Uncertainty Corpus (inline cue markup)
# -------------------------------------------------------------------------------------------

#: Raw ``<ccue type=...>`` values -> our short names. The corpus spells them with stray spaces
#: and underscores ("speculation_hypo_condition _"); epistemic = the corpus's modal/probable.
SZEGED_CUE_TYPES: dict[str, str] = {
    "speculation_modal_probable": "epistemic",
    "speculation_hypo_doxastic": "doxastic",
    "speculation_hypo_condition": "condition",
    "speculation_hypo_investigation": "investigation",
}
_SZEGED_FILES = {
    "wiki": ("szeged_wiki_train.xml",),
    "bio": ("szeged_bio_bmc.xml", "szeged_bio_fly.xml", "szeged_bio_hbc.xml"),
}


def _szeged_cue_type(raw: str | None, path: Path) -> str:
    key = re.sub(r"[\s_]+", "_", raw or "").strip("_")
    if key not in SZEGED_CUE_TYPES:
        raise _malformed(
            path, f"unknown ccue type {raw!r} (known: {', '.join(sorted(SZEGED_CUE_TYPES))})"
        )
    return SZEGED_CUE_TYPES[key]


def _szeged_rows(path: Path, part: str) -> list[dict[str, object]]:
    try:
        # The DTD (hedging/Uncertainty.dtd) says <sentence>, the files say <Sentence>; the files
        # are what we parse, without DTD validation. No entity resolution or network access.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise _malformed(path, f"not well-formed XML ({exc})") from exc
    rows: list[dict[str, object]] = []
    for doc in root.iter("Document"):
        doc_id = (doc.findtext("DocID") or "").strip()
        if not doc_id:
            raise _malformed(path, "a <Document> has no <DocID>")
        for doc_part in doc.iter("DocumentPart"):
            section = doc_part.get("type") or ""
            for sent in doc_part.iter("Sentence"):
                pieces: list[str] = [sent.text or ""]
                cues: list[tuple[int, int, str, str]] = []
                offset = len(pieces[0])
                for child in sent:
                    if child.tag != "ccue":
                        raise _malformed(path, f"unexpected <{child.tag}> inside <Sentence>")
                    cue_text = "".join(child.itertext())
                    ctype = _szeged_cue_type(child.get("type"), path)
                    cues.append((offset, offset + len(cue_text), ctype, cue_text))
                    pieces += [cue_text, child.tail or ""]
                    offset += len(cue_text) + len(child.tail or "")
                full = "".join(pieces)
                # Strip surrounding whitespace and shift the offsets with it.
                lead = len(full) - len(full.lstrip())
                text = full.strip()
                cues = [(s - lead, e - lead, t, c) for s, e, t, c in cues]
                rows.append(
                    {
                        "doc_id": doc_id,
                        "sent_id": sent.get("id") or "",
                        "text": text,
                        "cues": cues,
                        "uncertain": int(bool(cues)),
                        "section": section,
                        "part": part,
                        "split": _split_of(text),
                    }
                )
    return rows


def load_szeged_cues(data_dir: Path, part: Literal["wiki", "bio", "all"]) -> pd.DataFrame:
    """Load the Szeged Uncertainty Corpus with its cue spans as character offsets.

    Cue types are normalised with :data:`SZEGED_CUE_TYPES` (``epistemic``, ``doxastic``,
    ``condition``, ``investigation``); an unknown type is a DataError rather than a silent new
    class. Every sentence is kept, including titles (see ``section``). ``split`` applies the
    SHA-1 rule to the sentence text, so a Wikipedia sentence that also occurs in CoNLL-2010 is
    in the same split in both loaders; for the biomedical part it is the same rule.

    Args:
        data_dir: The data folder; reads ``hedging/szeged_wiki_train.xml`` and/or
            ``hedging/szeged_bio_{bmc,fly,hbc}.xml``.
        part: ``"wiki"``, ``"bio"`` or ``"all"`` (wiki first).

    Returns:
        One row per sentence, in file order: ``doc_id``, ``sent_id`` (ids restart per
        document), ``text``, ``cues`` (list of ``(start, end, type, cue_text)`` with
        ``text[start:end] == cue_text``), ``uncertain`` (int, 1 if any cue), ``section`` (the
        DocumentPart type: Title, Text, SectionTitle, ...), ``part`` (wiki/bio), ``split``.

    Raises:
        DataError: A file is missing, is not well-formed XML or has an unknown cue type.
    """
    if part not in ("wiki", "bio", "all"):
        raise ValueError(f"unknown part {part!r}; expected one of wiki, bio, all")
    parts = ("wiki", "bio") if part == "all" else (part,)
    rows: list[dict[str, object]] = []
    for name in parts:
        for filename in _SZEGED_FILES[name]:
            rows += _szeged_rows(_require(Path(data_dir) / "hedging" / filename), name)
    columns = ["doc_id", "sent_id", "text", "cues", "uncertain", "section", "part", "split"]
    return pd.DataFrame(rows, columns=columns)


# -------------------------------------------------------------------------------------------
# 3. Pei & Jurgens 2021 certainty in science findings
# -------------------------------------------------------------------------------------------

#: Aspect names of the aspect-level file, in the order of the paper.
ASPECTS = ("Number", "Extent", "Probability", "Condition", "Suggestion", "Framing")
_ASPECT_VALUES = frozenset({"Certain", "Uncertain", "NotPresent"})


def _read_jsonl(path: Path, keys: Sequence[str]) -> list[dict[str, object]]:
    _require(path)
    records: list[dict[str, object]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _malformed(path, f"line {lineno} is not JSON ({exc.msg})") from exc
            if not isinstance(rec, dict) or any(k not in rec for k in keys):
                raise _malformed(path, f"line {lineno} lacks one of {', '.join(keys)}")
            records.append(rec)
    return records


def _filter_split(df: pd.DataFrame, split: str) -> pd.DataFrame:
    if split != "all":
        df = df[df["split"] == split]
    return df.reset_index(drop=True)


def load_certainty(data_dir: Path, split: Literal["train", "val", "all"]) -> pd.DataFrame:
    """Load the sentence-level certainty ratings of Pei & Jurgens (2021).

    Args:
        data_dir: The data folder; reads ``certainty/sentence-level-certainty.jsonl``.
        split: The file's own ``split`` field: ``"train"``, ``"val"`` (our dev split) or
            ``"all"``.

    Returns:
        Columns ``id`` (the file's integer id), ``text`` (the finding, stripped), ``rating``
        (float in [1, 6], higher = more certain; a mean of annotators), ``split``; file order.

    Raises:
        DataError: The file is missing, a line is not JSON, or a rating is outside [1, 6].
    """
    _check_split(split, ("train", "val", "all"))
    path = Path(data_dir) / "certainty" / "sentence-level-certainty.jsonl"
    recs = _read_jsonl(path, ("id", "finding", "sentence-level-certainty", "split"))
    df = pd.DataFrame(
        {
            "id": [int(r["id"]) for r in recs],  # type: ignore[call-overload]
            "text": [str(r["finding"]).strip() for r in recs],
            "rating": pd.to_numeric(
                pd.Series([r["sentence-level-certainty"] for r in recs], dtype=object),
                errors="coerce",
            ).astype(float),
            "split": [str(r["split"]) for r in recs],
        }
    )
    if not df["rating"].between(1.0, 6.0).all():
        raise _malformed(path, "sentence-level-certainty must be a number from 1 to 6")
    return _filter_split(df, split)


def load_aspect_certainty(data_dir: Path, split: Literal["train", "val", "all"]) -> pd.DataFrame:
    """Load the aspect-level certainty labels of Pei & Jurgens (2021).

    Args:
        data_dir: The data folder; reads ``certainty/aspect-level-certainty.jsonl``.
        split: ``"train"``, ``"val"`` (our dev split) or ``"all"``.

    Returns:
        Columns ``id``, ``text``, one column per aspect in :data:`ASPECTS` holding
        ``Certain``/``Uncertain``/``NotPresent`` (an aspect missing from a record is
        ``NotPresent``), then ``split``; file order.

    Raises:
        DataError: The file is missing, a line is not JSON, or an aspect has another value.
    """
    _check_split(split, ("train", "val", "all"))
    path = Path(data_dir) / "certainty" / "aspect-level-certainty.jsonl"
    recs = _read_jsonl(path, ("id", "finding", "aspect-level-certainty", "split"))
    rows = []
    for rec in recs:
        aspects = rec["aspect-level-certainty"]
        if not isinstance(aspects, dict):
            raise _malformed(path, f"aspect-level-certainty of id {rec['id']} is not an object")
        row: dict[str, object] = {"id": int(rec["id"]), "text": str(rec["finding"]).strip()}  # type: ignore[call-overload]
        for aspect in ASPECTS:
            value = aspects.get(aspect, "NotPresent")
            if value not in _ASPECT_VALUES:
                raise _malformed(path, f"aspect {aspect} of id {rec['id']} is {value!r}")
            row[aspect] = value
        row["split"] = str(rec["split"])
        rows.append(row)
    df = pd.DataFrame(rows, columns=["id", "text", *ASPECTS, "split"])
    return _filter_split(df, split)


# -------------------------------------------------------------------------------------------
# 4. PolNeAR attribution relations (brat standoff)
# -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldAttribution:
    """One attribution relation; spans are ``(start, end)`` character offsets into the text.

    Attributes:
        source: Who is cited; empty for attributions without a source ("Attribution-no-source")
            and possibly several fragments (discontinuous spans).
        cue: The words that signal the attribution ("said", "according to").
        content: What is attributed (may be several fragments, e.g. around a cue).
    """

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


@dataclass
class PolnearDoc:
    """A PolNeAR article with its gold attributions.

    Attributes:
        doc_id: The metadata ``filename`` (publisher_date_slug).
        publisher: Publisher code (breitbart, huff-post, nyt, politico, usa-today, wash-post,
            west-journal).
        text: The ``.txt`` contents decoded as UTF-8, newlines untouched, so the offsets of
            ``attributions`` index into it directly.
        attributions: Gold attributions in ``.ann`` order (E1, E2, ...).
        wire: Wire service credited for the article (AP, AFP, UPI, Reuters), or ``""``.
        split: ``"train"`` or ``"dev"`` (PolNeAR's own compartments).
        annotator: Id of the annotator whose ``.ann`` file was read.
        offset_mismatches: Number of spans whose ``text[start:end]`` differs from the span text
            recorded in the ``.ann`` (0 for every document of the shipped corpus).
    """

    doc_id: str
    publisher: str
    text: str
    attributions: list[GoldAttribution]
    wire: str = ""
    split: str = ""
    annotator: str = ""
    offset_mismatches: int = 0


# Metadata writes "no wire credit" in three ways depending on the publisher.
_NO_WIRE = frozenset({"", "None", "NA"})
_WIRE_NAMES = {"reuters": "Reuters"}
_ROLE_RE = re.compile(r"^(Source|Cue|Content)\d*$")


def _read_polnear_metadata(data_dir: Path) -> pd.DataFrame:
    path = Path(data_dir) / "attribution" / "polnear" / "metadata.tsv"
    meta = _read_csv(
        path,
        ("compartment", "filename", "publisher", "wire"),
        sep="\t",
        dtype=str,
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
    )
    return meta


def _parse_spans(spec: str, path: Path, lineno: int) -> list[Span]:
    spans: list[Span] = []
    for frag in spec.split(";"):
        try:
            start, end = (int(x) for x in frag.split())
        except ValueError as exc:
            raise _malformed(path, f"line {lineno}: bad span {frag!r}") from exc
        spans.append((start, end))
    return spans


def _parse_ann(path: Path, text: str) -> tuple[list[GoldAttribution], int]:
    """Parse a brat ``.ann`` file; returns attributions and the number of offset mismatches."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise _malformed(path, f"unreadable ({exc})") from exc
    spans: dict[str, list[Span]] = {}
    span_text: dict[str, list[str]] = {}
    events: list[tuple[int, str]] = []
    last_t: str | None = None
    for lineno, line in enumerate(lines, 1):
        head = line.split("\t", 1)[0]
        if re.fullmatch(r"T\d+", head):
            parts = line.split("\t", 2)
            if len(parts) < 2:
                raise _malformed(path, f"line {lineno}: text-bound annotation without span")
            _, _, spec = parts[1].partition(" ")
            spans[head] = _parse_spans(spec, path, lineno)
            span_text[head] = [parts[2] if len(parts) > 2 else ""]
            last_t = head
        elif re.fullmatch(r"E\d+", head):
            events.append((lineno, line))
            last_t = None
        elif re.fullmatch(r"[#ARMN*]\d*", head):
            last_t = None  # notes, attributes, relations: nothing we use
        elif last_t is not None:
            # A span whose text contains a newline continues on the next line(s).
            span_text[last_t].append(line)
    mismatches = 0
    for tid, frags in spans.items():
        recorded = "\n".join(span_text[tid])
        # brat joins discontinuous fragments with a single space.
        actual = " ".join(text[s:e] for s, e in frags)
        if recorded.rstrip("\n") != actual and recorded != actual:
            mismatches += 1
    attributions: list[GoldAttribution] = []
    for lineno, line in events:
        roles: dict[str, list[Span]] = {"Source": [], "Cue": [], "Content": []}
        args = line.split("\t")[1].split() if "\t" in line else []
        for arg in args[1:]:  # args[0] is the trigger, e.g. Attribution:T4
            role, _, ref = arg.partition(":")
            match = _ROLE_RE.match(role)
            if match is None:
                continue
            if ref not in spans:
                raise _malformed(path, f"line {lineno}: {arg} refers to an unknown annotation")
            roles[match.group(1)] += spans[ref]
        attributions.append(
            GoldAttribution(
                source=sorted(roles["Source"]),
                cue=sorted(roles["Cue"]),
                content=sorted(roles["Content"]),
            )
        )
    return attributions, mismatches


def load_polnear(data_dir: Path, split: Literal["train", "dev"]) -> list[PolnearDoc]:
    """Load PolNeAR articles with their gold attribution relations.

    Attributions come from the brat standoff: ``E`` lines tie a trigger (``Attribution`` or
    ``Attribution-no-source``) to ``Source``, ``Cue`` and ``Content`` (also ``Content2``, ...)
    text-bound annotations; fragments of a role are merged and sorted. ``Discard``/``Discuss``
    annotations (annotators' working notes, not linked to any relation) are ignored. Every span
    is checked against the span text stored in the ``.ann``; the count is in
    ``offset_mismatches``.

    A few articles were annotated by every annotator (quality control); for those the
    ``.ann`` of the alphabetically first annotator id is read, so each article counts once.

    Args:
        data_dir: The data folder; reads ``attribution/polnear/metadata.tsv`` and
            ``attribution/polnear/<split>/{text,attributions}/``.
        split: ``"train"`` (months 1-10 of the campaign) or ``"dev"`` (month 11).

    Returns:
        Documents sorted by ``doc_id``.

    Raises:
        DataError: metadata.tsv, the split folder, or an article's ``.txt``/``.ann`` is missing
            or malformed.
    """
    _check_split(split, ("train", "dev"))
    base = Path(data_dir) / "attribution" / "polnear"
    meta = _read_polnear_metadata(data_dir)
    meta = meta[meta["compartment"] == split].sort_values("filename")
    text_dir = _require_dir(base / split / "text")
    ann_dir = _require_dir(base / split / "attributions")
    ann_files: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        ann_files.setdefault(stem, []).append(ann)
    docs: list[PolnearDoc] = []
    for rec in meta.itertuples(index=False):
        name = str(rec.filename)
        txt = _require(text_dir / f"{name}.txt")
        if name not in ann_files:
            raise _missing(ann_dir / f"{name}_<annotator>.ann")
        ann = ann_files[name][0]
        try:
            # Bytes -> str without newline translation: brat offsets count every character.
            text = txt.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _malformed(txt, f"not UTF-8 ({exc.reason})") from exc
        attributions, mismatches = _parse_ann(ann, text)
        wire = str(rec.wire).strip()
        docs.append(
            PolnearDoc(
                doc_id=name,
                publisher=str(rec.publisher),
                text=text,
                attributions=attributions,
                wire="" if wire in _NO_WIRE else _WIRE_NAMES.get(wire, wire),
                split=split,
                annotator=ann.stem.rpartition("_")[2],
                offset_mismatches=mismatches,
            )
        )
    return docs


@dataclass(frozen=True)
class MultiAnnotatedDoc:
    """A PolNeAR article that several annotators annotated independently.

    Attributes:
        doc_id: The metadata ``filename``.
        compartment: ``"train"``, ``"dev"`` or ``"annotator-training"``.
        text: The ``.txt`` contents (offsets index into it, as in :class:`PolnearDoc`).
        annotations: Annotator id -> that annotator's attributions, for every annotator whose
            ``.ann`` file is present.
    """

    doc_id: str
    compartment: str
    text: str
    annotations: dict[str, list[GoldAttribution]]


#: The compartments whose multi-annotated articles measure annotator agreement. (The PARC3
#: replication compartment ships without its texts: they are the Wall Street Journal's.)
AGREEMENT_COMPARTMENTS = ("annotator-training", "train", "dev")


def load_polnear_agreement(data_dir: Path) -> list[MultiAnnotatedDoc]:
    """The PolNeAR articles annotated by more than one annotator, with every annotation.

    PolNeAR's quality control had all six annotators annotate the same articles: four right
    after their training (``annotator-training``), then two a week during the annotation
    (16 in ``train``, 2 in ``dev``). They measure how far two trained annotators agree, the
    ceiling for any system scored against one annotator's labels.

    Args:
        data_dir: The data folder; reads ``attribution/polnear/metadata.tsv`` and the
            compartments' ``text`` and ``attributions`` folders. A compartment whose folder is
            absent is skipped.

    Returns:
        Documents with at least two annotations, sorted by compartment then ``doc_id``.

    Raises:
        DataError: metadata.tsv is missing, or an article's ``.txt``/``.ann`` is malformed.
    """
    base = Path(data_dir) / "attribution" / "polnear"
    meta = _read_polnear_metadata(data_dir)
    if "annotators" not in meta.columns:
        return []  # a metadata file without the column lists no multi-annotated articles
    docs: list[MultiAnnotatedDoc] = []
    for compartment in AGREEMENT_COMPARTMENTS:
        text_dir, ann_dir = base / compartment / "text", base / compartment / "attributions"
        if not (text_dir.is_dir() and ann_dir.is_dir()):
            continue
        rows = meta[
            (meta["compartment"] == compartment) & meta["annotators"].str.contains("|", regex=False)
        ]
        for name in sorted(str(n) for n in rows["filename"]):
            txt = _require(text_dir / f"{name}.txt")
            try:
                text = txt.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _malformed(txt, f"not UTF-8 ({exc.reason})") from exc
            annotations = {
                ann.stem.rpartition("_")[2]: _parse_ann(ann, text)[0]
                for ann in sorted(ann_dir.glob(f"{glob.escape(name)}_*.ann"))
                # The glob also matches a longer file name that starts with this one.
                if ann.stem.rpartition("_")[0] == name
            }
            if len(annotations) >= 2:
                docs.append(MultiAnnotatedDoc(name, compartment, text, annotations))
    return docs


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def polnear_sentence_labels(doc: PolnearDoc, sentence_spans: list[Span]) -> list[dict[str, object]]:
    """Project a document's gold attributions onto sentences from our own splitter.

    Spans are half-open ``[start, end)``; a gold span counts for every sentence it overlaps
    by at least one character, so an attribution across a sentence boundary marks both.

    Args:
        doc: A document from :func:`load_polnear`.
        sentence_spans: ``(start, end)`` offsets of each sentence in ``doc.text``.

    Returns:
        One dict per sentence, in the order given: ``start``, ``end``, ``has_attribution``
        (bool: some gold Cue fragment overlaps the sentence), ``source_spans`` (sorted list of
        gold Source fragments overlapping the sentence, possibly extending beyond it).
    """
    cues = [c for att in doc.attributions for c in att.cue]
    sources = sorted({s for att in doc.attributions for s in att.source})
    out: list[dict[str, object]] = []
    for start, end in sentence_spans:
        sent = (start, end)
        out.append(
            {
                "start": start,
                "end": end,
                "has_attribution": any(overlaps(c, sent) for c in cues),
                "source_spans": [s for s in sources if overlaps(s, sent)],
            }
        )
    return out


# -------------------------------------------------------------------------------------------
# 5. Articles with weak, outlet-level reliability labels
# -------------------------------------------------------------------------------------------

#: OpenSources type -> article label. 0 = the outlet is judged unreliable. "political" (a
#: point of view, "generally verifiable information") and "unknown" are not a reliability
#: judgement, so such articles are dropped rather than guessed.
FNC_TYPE_LABELS: dict[str, int] = {
    "reliable": 1,
    "fake": 0,
    "conspiracy": 0,
    "junksci": 0,
    "hate": 0,
    "unreliable": 0,
    "bias": 0,
    "satire": 0,
    "clickbait": 0,
    "rumor": 0,
    "state": 0,
}
#: PolNeAR publisher -> label. Breitbart and Western Journalism are "mixed" factuality in Baly
#: et al. 2018 (MBFC) and unreliable/bias/clickbait in OpenSources; Politico, USA Today and
#: HuffPost are "high" in Baly et al.; NYT and the Washington Post are absent from both lists
#: here but rated high by MBFC.
POLNEAR_PUBLISHER_LABELS: dict[str, int] = {
    "breitbart": 0,
    "west-journal": 0,
    "nyt": 1,
    "wash-post": 1,
    "politico": 1,
    "usa-today": 1,
    "huff-post": 1,
}

# Reuters dateline ("WASHINGTON (Reuters) - ", "LONDON/PARIS (Reuters) -") and whatever precedes
# it: a byline ("By Marc Frank HAVANA (Reuters) -") or a correction notice ("(Corrects spelling
# of ... in this Dec. 19 story.) By ..."), which can run to ~300 characters.
_REUTERS_DATELINE = re.compile(r"^.{0,600}?\(Reuters\)\s*[-–—]\s*", re.DOTALL)
# Other wire/outlet datelines opening a body: "DALLAS (AP) — ", "WASHINGTON ― ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.,'/ -]{1,60}?(?:,\s*[A-Z][A-Za-z.]{1,15}\.?)?\s*"
    r"(?:\([A-Za-z]{2,10}\)\s*)?[-–—―]\s+"
)
# Reuters' preamble to its daily dumps of Trump tweets: those items are not articles.
_REUTERS_TWEET_DUMP = "The following statements were posted to the verified Twitter accounts"
# Image credits that close ISOT Fake.csv articles ("Featured image via Getty Images").
_IMAGE_CREDIT = re.compile(
    r" ?(?:Featured [Ii]mage|Featured Photo|Photo by|Image via|Image credit|Photo credit|"
    r"Header image)\b[^\n]{0,150}$"
)
_CREDIT_TAIL = 250
# A line found verbatim in this many FakeNewsCorpus articles is boilerplate, not reporting.
_FNC_FURNITURE_MIN_DOCS = 3
# Embedded-tweet furniture: "pic.twitter.com/x  Name (@handle) July 23, 2017".
_TWEET_SIGNATURE = re.compile(
    r"\(@\w{1,20}\)\s*(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{1,2},\s+\d{4}"
)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|bit\.ly/)\S+")
# Breitbart signs off "Follow John Nolte on Twitter @NolteNC."
_FOLLOW_ON_TWITTER = re.compile(r"\s*Follow [^\n]{0,80}? on Twitter[^\n]{0,60}$")
# NYT archive copies carry an "ABSTRACT." paragraph header.
_ABSTRACT = re.compile(r"^ABSTRACT\.\s*")
# "(NaturalNews) If you thought..." opens many FakeNewsCorpus articles.
_OUTLET_TAG = re.compile(r"^\([A-Z][A-Za-z.]{2,30}\)\s*")
# beforeitsnews closes with "read more Source:" once the link is gone.
_SOURCE_TAIL = re.compile(r"\s*(?:read more\s*)?Source:$", re.IGNORECASE)
_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
# ISOT Fake.csv lost every curly quote/apostrophe (each replaced by a space: "Trump s").
_ISOT_CURLY_TO_SPACE = str.maketrans({"“": " ", "”": " ", "‘": " ", "’": " "})
# One pass over the text; the word before the gap decides (see _repair_contraction).
_CONTRACTION_GAP = re.compile(r"(?<=\w) (s|t|re|ve|ll|d|m)\b")
_WORD_BEFORE = re.compile(r"\w+$")
_CONTRACTION_HOSTS: dict[str, frozenset[str]] = {
    "re": frozenset({"you", "we", "they", "who", "what"}),
    "ve": frozenset({"i", "you", "we", "they", "who", "would", "could", "should", "might", "must"}),
    "ll": frozenset({"i", "you", "he", "she", "it", "we", "they", "that", "there", "who"}),
    "d": frozenset({"i", "you", "he", "she", "we", "they", "who"}),
    "m": frozenset({"i"}),
}


def _repair_contraction(match: re.Match[str]) -> str:
    """Turn "don t", "Trump s", "you re" back into "don't", "Trump's", "you're"."""
    suffix = match.group(1)
    word_match = _WORD_BEFORE.search(match.string, max(0, match.start() - 30), match.start())
    word = word_match.group(0) if word_match else ""
    if suffix == "t":
        ok = word.endswith("n")
    elif suffix == "s":
        ok = word[-1:].isalpha()
    else:
        ok = word.lower() in _CONTRACTION_HOSTS[suffix]
    return f"'{suffix}" if ok else match.group(0)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _clean_common(text: str) -> str:
    """Outlet-neutral surface: straight quotes, no URLs or tweet stamps, one space."""
    text = text.translate(_CURLY).replace("''", '"')
    text = _URL.sub(" ", text)
    text = _TWEET_SIGNATURE.sub(" ", text)
    text = _squash(text)
    # Credits close the article: searching only the tail keeps this linear and cheap.
    text = text[:-_CREDIT_TAIL] + _IMAGE_CREDIT.sub("", text[-_CREDIT_TAIL:])
    text = _DATELINE.sub("", text)
    text = _OUTLET_TAG.sub("", text)
    text = _SOURCE_TAIL.sub("", text)
    return text.strip()


def _clean_isot(text: str) -> str:
    """ISOT True and Fake alike: degrade quotes the way Fake.csv was, then repair apostrophes."""
    if text.lstrip().startswith(_REUTERS_TWEET_DUMP):
        return ""
    text = _REUTERS_DATELINE.sub("", text.strip(), count=1)
    text = text.translate(_ISOT_CURLY_TO_SPACE)
    text = _CONTRACTION_GAP.sub(_repair_contraction, text)
    return _clean_common(text)


def _clean_polnear(text: str) -> str:
    # The first paragraph is the headline; ISOT and FakeNewsCorpus keep titles apart.
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    body = "\n\n".join(p for p in paragraphs[1:] if p)
    body = _ABSTRACT.sub("", body)
    body = _FOLLOW_ON_TWITTER.sub("", body.rstrip())
    return _clean_common(body)


def _isot_frame(data_dir: Path) -> pd.DataFrame:
    base = Path(data_dir) / "articles" / "isot_subset"
    frames = []
    for filename, label, outlet, prefix in (
        ("True.csv", 1, "reuters", "isot-true"),
        ("Fake.csv", 0, "isot-fake", "isot-fake"),
    ):
        raw = _read_csv(base / filename, ("text",), dtype=str, keep_default_na=False)
        frames.append(
            pd.DataFrame(
                {
                    "id": [f"{prefix}-{i}" for i in range(len(raw))],
                    "text": raw["text"].map(_clean_isot),
                    "label": label,
                    "outlet": outlet,
                    "corpus": "isot",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _fnc_frame(data_dir: Path) -> pd.DataFrame:
    path = Path(data_dir) / "articles" / "fakenewscorpus_sample.csv"
    raw = _read_csv(path, ("id", "domain", "type", "content"), dtype=str, keep_default_na=False)
    raw = raw[raw["type"].str.strip().isin(FNC_TYPE_LABELS)]
    titles = raw["title"] if "title" in raw.columns else pd.Series("", index=raw.index)
    # Site furniture ("% of readers think this story is Fact. Add your two cents.", "Subscribe
    # to Canada Free Press for FREE") is a line that recurs verbatim across articles.
    docs = [[ln.strip() for ln in str(c).split("\n")] for c in raw["content"]]
    line_docs = Counter(ln for lines in docs for ln in set(lines) if ln)
    texts = []
    for lines, title in zip(docs, titles, strict=True):
        kept = [ln for ln in lines if ln and line_docs[ln] < _FNC_FURNITURE_MIN_DOCS]
        # beforeitsnews repeats the headline as the first line; titles are a separate column.
        if kept and kept[0] == str(title).strip():
            kept = kept[1:]
        texts.append(_clean_common("\n".join(kept)))
    domains = raw["domain"].str.strip().str.lower().str.removeprefix("www.")
    return pd.DataFrame(
        {
            "id": "fnc-" + raw["id"].str.strip(),
            "text": texts,
            "label": raw["type"].str.strip().map(FNC_TYPE_LABELS).astype(int),
            "outlet": domains,
            "corpus": "fakenewscorpus",
        }
    )


def _polnear_frame(data_dir: Path) -> pd.DataFrame:
    rows = []
    for split in ("train", "dev"):
        for doc in load_polnear(data_dir, split):
            # Wire copy (AP, UPI, AFP, Reuters) was written by the agency, not the publisher;
            # labelling it with the publisher's reliability would be wrong for 64 of
            # Breitbart's 136 articles.
            if doc.wire or doc.publisher not in POLNEAR_PUBLISHER_LABELS:
                continue
            rows.append(
                {
                    "id": f"polnear-{doc.doc_id}",
                    "text": _clean_polnear(doc.text),
                    "label": POLNEAR_PUBLISHER_LABELS[doc.publisher],
                    "outlet": doc.publisher,
                    "corpus": "polnear",
                    "split": split,
                }
            )
    return pd.DataFrame(rows, columns=["id", "text", "label", "outlet", "corpus", "split"])


def load_articles(data_dir: Path) -> pd.DataFrame:
    """Load whole articles with a weak reliability label taken from their outlet.

    Sources and labels:

    * ISOT subset: ``True.csv`` (Reuters) -> 1, outlet ``reuters``; ``Fake.csv`` -> 0, outlet
      ``isot-fake`` (its ``subject`` column is a topic, not an outlet).
    * FakeNewsCorpus sample: label from the domain's OpenSources type via
      :data:`FNC_TYPE_LABELS` (only ``reliable`` -> 1); types ``political`` and ``unknown`` are
      dropped; outlet = domain without ``www.``.
    * PolNeAR train and dev: label from :data:`POLNEAR_PUBLISHER_LABELS`; wire-service copy is
      dropped (written by AP/UPI/AFP/Reuters, not the publisher); the headline paragraph is
      removed because the other corpora keep titles in a separate column.

    Outlet fingerprints removed so that a model learns sourcing rather than the outlet:
    Reuters datelines (with any byline or correction notice before them) and other wire
    datelines (``DALLAS (AP) —``, ``WASHINGTON ―``); Reuters' tweet-dump items (dropped);
    closing image credits (``Featured image via ...``); URLs and ``pic.twitter.com`` links;
    embedded-tweet date stamps (``(@handle) July 23, 2017``); Breitbart's "Follow ... on
    Twitter" sign-off; NYT's ``ABSTRACT.`` header; FakeNewsCorpus lines repeated verbatim in
    3+ articles (site furniture), leading ``(NaturalNews)`` tags, trailing ``Source:`` and
    headlines repeated as the first line. All texts get straight quotes and single spaces
    (FakeNewsCorpus alone kept newlines, another corpus tell).

    ISOT caveat: ``Fake.csv`` lost every curly quote and apostrophe (``Trump s``, quotations
    reduced to double spaces), while ``True.csv`` kept them, so quote marks alone would separate
    the classes. Both ISOT files are therefore degraded the same way (curly marks -> space) and
    common contractions are repaired (``don t`` -> ``don't``). Direct quotations thus carry no
    quote marks in ISOT rows: quote-based features are uninformative there (filter on
    ``corpus`` to exclude ISOT when fitting them).

    Known residue: ISOT Fake texts still embed tweets with ``@handles`` and say "Watch:"; a few
    USA Today texts in PolNeAR carry mojibake (``PeÃ±a``); Reuters articles say "told Reuters".

    After cleaning, empty texts are dropped, and of identical texts only the first is kept
    (all copies are dropped if their labels disagree).

    Args:
        data_dir: The data folder; reads ``articles/isot_subset/{True,Fake}.csv``,
            ``articles/fakenewscorpus_sample.csv`` and PolNeAR (see :func:`load_polnear`).

    Returns:
        Columns ``id``, ``text``, ``label`` (int: 1 = reliable outlet, 0 = unreliable),
        ``outlet``, ``corpus`` (isot, fakenewscorpus, polnear), ``split`` (PolNeAR's own
        split; SHA-1 rule for the others), ordered ISOT, FakeNewsCorpus, PolNeAR, each in file
        order.

    Raises:
        DataError: One of the files is missing or lacks its text column.
    """
    others = pd.concat([_isot_frame(data_dir), _fnc_frame(data_dir)], ignore_index=True)
    others["split"] = others["text"].map(_split_of)
    df = pd.concat([others, _polnear_frame(data_dir)], ignore_index=True)
    df = df[df["text"].str.strip() != ""]
    conflicting = df.groupby("text")["label"].transform("nunique") > 1
    df = df[~conflicting].drop_duplicates("text", keep="first")
    df["label"] = df["label"].astype(int)
    return df.reset_index(drop=True)


# -------------------------------------------------------------------------------------------
# 6. Outlet labels
# -------------------------------------------------------------------------------------------

#: OpenSources type -> factuality on Baly et al.'s scale. Types whose OpenSources definition
#: says the content is generally verifiable/credible ("political", "clickbait") are "mixed";
#: reliable is "high"; every type that describes unreliable content is "low".
OPENSOURCES_FACTUALITY: dict[str, str] = {
    "reliable": "high",
    "political": "mixed",
    "clickbait": "mixed",
    "bias": "low",
    "fake": "low",
    "conspiracy": "low",
    "junksci": "low",
    "hate": "low",
    "unreliable": "low",
    "satire": "low",
    "rumor": "low",
    "state": "low",
}
_FACT_ORDER = {"low": 0, "mixed": 1, "high": 2}


def _domain(url: str) -> str:
    url = url.strip().lower()
    host = urlparse(url if "//" in url else f"//{url}").netloc or url
    return host.removeprefix("www.").rstrip("/")


def load_outlet_labels(data_dir: Path) -> pd.DataFrame:
    """Load outlet-level factuality labels from Baly et al. 2018 and OpenSources.

    For OpenSources, the primary type decides ``factuality`` through
    :data:`OPENSOURCES_FACTUALITY`; when it is ``unknown`` or unmapped the 2nd/3rd types are
    tried, and a domain with none mapped is left out. ``bias`` is the political lean
    (extreme-left .. extreme-right) in Baly et al. and empty for OpenSources, which has none.

    Args:
        data_dir: The data folder; reads ``outlets/baly2018_media_factuality/emnlp18/corpus.tsv``
            and ``outlets/opensources_websites.csv``.

    Returns:
        Columns ``domain`` (lower case, no ``www.``, path kept for sub-sites such as
        ``westernjournalism.com/thepoint``), ``factuality`` (low/mixed/high), ``bias``,
        ``source`` (``baly2018`` or ``opensources``), ``raw_label`` (the original fact value or
        the OpenSources types joined by ``|``); Baly first, each sorted by domain. A domain
        may appear once per source.

    Raises:
        DataError: A file is missing or lacks its columns, or a Baly fact value is unknown.
    """
    baly_path = Path(data_dir) / "outlets" / "baly2018_media_factuality" / "emnlp18" / "corpus.tsv"
    baly = _read_csv(
        baly_path, ("source_url", "fact", "bias"), sep="\t", dtype=str, keep_default_na=False
    )
    if not baly["fact"].isin(list(_FACT_ORDER)).all():
        raise _malformed(baly_path, "column fact must be low, mixed or high")

    def baly_domain(url: str) -> str:
        parsed = urlparse(url.strip().lower())
        path = parsed.path.strip("/")
        host = parsed.netloc.removeprefix("www.")
        return f"{host}/{path}" if path and "." not in path.split("/")[-1] else host

    baly_df = pd.DataFrame(
        {
            "domain": baly["source_url"].map(baly_domain),
            "factuality": baly["fact"],
            "bias": baly["bias"],
            "source": "baly2018",
            "raw_label": baly["fact"],
        }
    ).sort_values(["domain", "factuality"], kind="stable")

    os_path = Path(data_dir) / "outlets" / "opensources_websites.csv"
    osrc = _read_csv(os_path, ("url", "type"), dtype=str, keep_default_na=False)
    rows = []
    for rec in osrc.to_dict("records"):
        types = [
            str(rec.get(c, "")).strip().lower()
            for c in ("type", "2nd_type", "3rd_type")
            if str(rec.get(c, "")).strip()
        ]
        fact = next((OPENSOURCES_FACTUALITY[t] for t in types if t in OPENSOURCES_FACTUALITY), "")
        if not fact:
            continue
        rows.append(
            {
                "domain": _domain(str(rec["url"])),
                "factuality": fact,
                "bias": "",
                "source": "opensources",
                "raw_label": "|".join(types),
            }
        )
    os_df = pd.DataFrame(rows, columns=list(baly_df.columns)).sort_values("domain", kind="stable")
    return pd.concat([baly_df, os_df], ignore_index=True)


# -------------------------------------------------------------------------------------------
# 7. Propaganda techniques (SemEval-2020 Task 11)
# -------------------------------------------------------------------------------------------


def load_propaganda(data_dir: Path) -> pd.DataFrame:
    """Load the PTC training articles with their propaganda-technique spans.

    Args:
        data_dir: The data folder; reads ``propaganda/train-articles/article<id>.txt`` and
            ``propaganda/train-labels-task2-technique-classification/article<id>.task2-TC.labels``.

    Returns:
        Columns ``doc_id`` (the numeric id as a string), ``text`` (the file decoded as UTF-8,
        newlines untouched, so offsets index into it), ``spans`` (list of
        ``(start, end, technique)``, sorted); sorted by ``doc_id``. An article without a
        labels file has no spans.

    Raises:
        DataError: A folder is missing, a label line is malformed or a span falls outside its
            article.
    """
    base = Path(data_dir) / "propaganda"
    art_dir = _require_dir(base / "train-articles")
    lab_dir = _require_dir(base / "train-labels-task2-technique-classification")
    rows = []
    for txt in sorted(art_dir.glob("article*.txt")):
        doc_id = txt.stem.removeprefix("article")
        try:
            text = txt.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _malformed(txt, f"not UTF-8 ({exc.reason})") from exc
        spans: list[tuple[int, int, str]] = []
        labels = lab_dir / f"article{doc_id}.task2-TC.labels"
        if labels.is_file():
            for lineno, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                cols = line.split("\t")
                try:
                    art, technique, start, end = cols[0], cols[1], int(cols[2]), int(cols[3])
                except (IndexError, ValueError) as exc:
                    what = f"line {lineno} is not id, technique, start, end"
                    raise _malformed(labels, what) from exc
                if art != doc_id or not 0 <= start < end <= len(text):
                    raise _malformed(labels, f"line {lineno}: span {start}-{end} is out of range")
                spans.append((start, end, technique))
        rows.append({"doc_id": doc_id, "text": text, "spans": sorted(spans)})
    if not rows:
        raise DataError(
            f"no articles found: expected {art_dir}/article<id>.txt (see the data README)"
        )
    return pd.DataFrame(rows, columns=["doc_id", "text", "spans"])
