"""Outlet profiles: article reports grouped by a column (an outlet, a domain), with uncertainty.

:func:`profile_reports` reads article reports written by ``scorer score`` (CSV or JSONL, one or
many, of any size) and :func:`profile` takes the same report as a DataFrame; both return one
row per group:

- ``n_articles``, ``n_scored`` (status ``ok``), ``n_errors`` and ``median_words`` (of the
  scored articles);
- ``certainty``, ``sourcing`` and, where the reports have it, ``reliability``: the mean over the
  group's scored articles, with a 95% bootstrap percentile interval (``*_low``, ``*_high``):
  where the mean would fall for another sample of the outlet's articles like this one;
- the attribution mix over all the group's sentences: ``attr_{named,media,document,anonymous,
  vague,none}_share``, each sentence counted once by its main source, so the six add up to 1;
  ``hedge_hearsay_rate`` (the author's hearsay hedges per sentence: "reportedly", "claimed"),
  ``punct_exclaim_rate`` (the author's "!" per sentence) and ``quote_share`` (sentences with a
  direct quotation). Each is pooled over sentences, the article report's rate times its
  ``n_sentences``, so a long article weighs more than a short one, as it does in the data;
- ``top_cues``: the cues listed most often in the articles' own ``top_cues`` (each article lists
  its four most frequent hedges, five sources per type, three boosters and loaded words), so the
  counts are lower bounds of the cues in the whole text;
- ``flag``: why a row needs care: fewer scored articles than ``min_articles`` (kept, not
  dropped), none at all, or rows without a value in the ``by`` column (grouped under ``""``).

Rows are ordered by ``n_articles`` (largest first), then by name.

Bounded memory: reports are read in chunks of :data:`CHUNK_ROWS` rows, and only the columns the
profile needs; what is kept per article is its group number, scores and word count (about 32
bytes). The cue counts of a group are kept to its most frequent :data:`CUES_KEPT` per kind.

Intervals: a percentile bootstrap of the mean (``resamples`` resamples of the group's scored
articles) up to :data:`BOOTSTRAP_MAX_ARTICLES` articles; above that, the normal interval the
bootstrap converges to (mean ± 1.96 standard deviations of the mean), which agrees with it to
within 0.001 there (tested on skewed and on two-peaked scores) and costs nothing, where
resampling a group of 100,000 articles 2,000 times would take seconds per score.

Determinism: each interval is drawn from a generator seeded by ``seed``, the group's name and
the score, and from the sorted values of the group, so the same articles give the same
interval whatever the order of the rows, the files or the other groups.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from scorer.errors import InputError
from scorer.writing.files import guess_format, open_report, same_file
from scorer.writing.profile_page import write_profile_page
from scorer.writing.report import Format

__all__ = [
    "ATTRIBUTION_KINDS",
    "BOOTSTRAP_MAX_ARTICLES",
    "CHUNK_ROWS",
    "DEFAULT_MIN_ARTICLES",
    "DEFAULT_RESAMPLES",
    "PROFILE_SCORES",
    "bootstrap_interval",
    "profile",
    "profile_columns",
    "profile_reports",
    "registered_domain",
]

#: Attribution types as the article report names them (``attr_{kind}_share``), most to least
#: identifiable; ``none`` is a sentence without attribution.
ATTRIBUTION_KINDS = ("named", "media", "document", "anonymous", "vague")
#: Scores averaged per group, with an interval; ``reliability`` only where the report has it.
PROFILE_SCORES = ("certainty", "sourcing", "reliability")
#: Fewer scored articles than this and a group is flagged: its interval is wide and its mix
#: can hang on one article.
DEFAULT_MIN_ARTICLES = 5
#: Bootstrap resamples per interval: enough that the 2.5th and 97.5th percentiles move by
#: well under the reports' rounding between seeds.
DEFAULT_RESAMPLES = 2000
#: Report rows read at a time: a chunk of article rows with their cue lists is a few MB.
CHUNK_ROWS = 20_000
#: Cues kept per group and kind once a group has seen more distinct ones than twice this: the
#: least frequent half is dropped, so a group's counts stay bounded on any corpus.
CUES_KEPT = 256
#: Cues shown per kind in a group's ``top_cues``.
CUES_SHOWN = 3
#: Confidence level of the intervals.
LEVEL = 0.95
#: Above this many scored articles a group gets the normal interval instead of resampling:
#: at 1,000 articles the two differ by under 0.0005 on skewed and on two-peaked scores, less
#: than the resampling noise of 2,000 resamples (tests/test_profiles.py measures it).
BOOTSTRAP_MAX_ARTICLES = 1000
#: Cells of one block of resampled indices (resamples x articles): 8 MB of int32.
_BLOCK_CELLS = 2_000_000
_Z = NormalDist().inv_cdf(1 - (1 - LEVEL) / 2)

_SCORED_COLUMNS = ("n_words",)
_COUNT_COLUMNS = (
    "n_sentences",
    *(f"attr_{kind}_share" for kind in ATTRIBUTION_KINDS),
    "attr_count",
    "hedge_hearsay_rate",
    "exclaim_count",
    "quote_count",
)
#: Columns every article report of ``scorer score`` has and the profile reads.
REQUIRED_COLUMNS = (
    "status",
    "certainty",
    "sourcing",
    *_SCORED_COLUMNS,
    *_COUNT_COLUMNS,
    "top_cues",
)
_NUMERIC = (*PROFILE_SCORES, *_SCORED_COLUMNS, *_COUNT_COLUMNS)

#: Sentence totals summed per group, in this order.
_TOTALS = (
    "sentences",
    *ATTRIBUTION_KINDS,
    "attributed",
    "hearsay",
    "exclaim",
    "quotes",
)

#: The kinds of cue in a report's ``top_cues``, as it labels them, and as profiles show them.
_CUE_KINDS = (
    "hedges",
    *(f"{kind} sources" for kind in ATTRIBUTION_KINDS),
    "boosters",
    "loaded words",
)
_CUE_KIND_SET = frozenset(_CUE_KINDS)
# A cell's parts are "; "-separated, each a label and its list: a kind of cue above, or
# "hedges in quotes" (the speakers' hedges) and "author's '!'×N", which are skipped. Only a
# "; " before a label splits, so a cue with "; " inside stays whole.
_CUE_PARTS = re.compile(
    r"; (?=(?:hedges in quotes|" + "|".join(map(re.escape, _CUE_KINDS)) + r"|author's) )"
)
# One listed cue: its text in single quotes (which may hold quotes itself), then ×N when it
# was found more than once; the next cue follows ", '".
_CUE_ITEM = re.compile(r"'(.+?)'(?:×(\d+))?(?=, '|$)")


def profile_columns(by: str, *, reliability: bool = False) -> list[str]:
    """The columns of a profile table grouped by ``by``, in order."""
    scores = [s for s in PROFILE_SCORES if reliability or s != "reliability"]
    return [
        by,
        "n_articles",
        "n_scored",
        "n_errors",
        "flag",
        "median_words",
        *(f"{s}{end}" for s in scores for end in ("", "_low", "_high")),
        "n_sentences",
        *(f"attr_{kind}_share" for kind in (*ATTRIBUTION_KINDS, "none")),
        "hedge_hearsay_rate",
        "punct_exclaim_rate",
        "quote_share",
        "top_cues",
    ]


def registered_domain(url: str) -> str:
    """The registered domain of a URL: ``https://edition.cnn.com/2016/x`` -> ``cnn.com``.

    Uses courlan, which reads the Public Suffix List shipped with the ``tld`` package (no
    download), so ``www.bbc.co.uk`` gives ``bbc.co.uk`` and ``a.blogspot.com`` stays itself.
    A bare host (``nytimes.com/a``) is read as a URL. Returns ``""`` for a value that is not a
    URL with a known suffix (an IP address, ``localhost``, free text).
    """
    text = url.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        host = urlsplit(text).hostname
    except ValueError:  # a malformed port or IPv6 address
        return ""
    return _host_domain(host) if host else ""


@functools.lru_cache(maxsize=65_536)
def _host_domain(host: str) -> str:
    # Cached by host, not by URL: a corpus has few sites and a URL per article.
    from courlan import extract_domain

    try:
        domain = extract_domain(f"http://{host}/")
    except ValueError:
        return ""
    return (domain or "").lower()


def bootstrap_interval(
    values: np.ndarray, rng: np.random.Generator, resamples: int = DEFAULT_RESAMPLES
) -> tuple[float, float]:
    """A 95% interval of the mean of ``values``: bootstrap percentile, or normal for many.

    Up to :data:`BOOTSTRAP_MAX_ARTICLES` values, each of ``resamples`` resamples draws
    ``len(values)`` values with replacement (from the sorted values, so the order they come in
    does not matter) and the interval runs from the 2.5th to the 97.5th percentile of the
    resamples' means. Above, it is the mean ± 1.96 standard deviations of the mean, the
    interval the bootstrap converges to.

    Returns:
        ``(low, high)``; ``(nan, nan)`` for no values, ``(x, x)`` when all values are ``x``.
    """
    n = len(values)
    if n == 0:
        return math.nan, math.nan
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    if ordered[0] == ordered[-1]:
        return float(ordered[0]), float(ordered[0])
    if n > BOOTSTRAP_MAX_ARTICLES:
        mean, half = float(ordered.mean()), _Z * float(ordered.std()) / math.sqrt(n)
        return mean - half, mean + half
    means = np.empty(resamples, dtype=np.float64)
    block = max(1, min(resamples, _BLOCK_CELLS // n))
    for start in range(0, resamples, block):
        size = min(block, resamples - start)
        picks = rng.integers(0, n, size=(size, n), dtype=np.int32)
        means[start : start + size] = ordered[picks].mean(axis=1)
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def _rng(seed: int, group: str, score: str) -> np.random.Generator:
    # A stable hash (not Python's salted hash()) of the group and score: the same group gets
    # the same draws in every run and whatever other groups the reports hold.
    digest = hashlib.sha256(f"{score}\0{group}".encode("utf-8", "surrogatepass")).digest()
    return np.random.default_rng([seed, int.from_bytes(digest[:8], "little")])


def _key(value: Any) -> str:
    """A group name from a cell: text stripped, ``7.0`` as ``7``, ``True`` as ``true``,
    missing as ``""``."""
    if value is None or (
        not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def _parse_cues(cell: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, cue, count)`` of each cue listed in a report's ``top_cues`` cell."""
    for part in _CUE_PARTS.split(cell):
        kind, _, listed = part.partition(" '")
        if kind in _CUE_KIND_SET:
            for cue, count in _CUE_ITEM.findall("'" + listed):
                yield kind, cue, int(count) if count else 1


@dataclass
class _Group:
    #: Kind of cue -> cue -> how often the group's articles list it.
    cues: dict[str, dict[str, int]] = field(default_factory=dict)

    def add_cues(self, cell: str) -> None:
        """Count the cues of one article's ``top_cues`` cell (what :func:`_parse_cues` reads,
        inlined: this runs for every article of every report)."""
        cues = self.cues
        for part in _CUE_PARTS.split(cell):
            kind, _, listed = part.partition(" '")
            if kind not in _CUE_KIND_SET:
                continue
            counter = cues.get(kind)
            if counter is None:
                counter = cues[kind] = {}
            for cue, count in _CUE_ITEM.findall("'" + listed):
                counter[cue] = counter.get(cue, 0) + (int(count) if count else 1)
            if len(counter) > 2 * CUES_KEPT:
                kept = sorted(counter.items(), key=lambda kv: -kv[1])[:CUES_KEPT]
                cues[kind] = dict(kept)

    def top_cues(self) -> str:
        parts = []
        for kind in _CUE_KINDS:
            counter = self.cues.get(kind)
            if not counter:
                continue
            ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:CUES_SHOWN]
            listed = ", ".join(f"'{cue}'×{n}" if n > 1 else f"'{cue}'" for cue, n in ranked)
            parts.append(f"{kind} {listed}")
        return "; ".join(parts)


class _Accumulator:
    """Per-group totals and per-article values, fed chunk by chunk."""

    def __init__(self, by: str) -> None:
        self.by = by
        self.codes: dict[str, int] = {}
        self.groups: list[_Group] = []
        self.counts = np.zeros((0, 3), dtype=np.int64)  # articles, scored, errors
        self.totals = np.zeros((0, len(_TOTALS)), dtype=np.float64)
        self.scored_codes: list[np.ndarray] = []
        self.values: dict[str, list[np.ndarray]] = {s: [] for s in PROFILE_SCORES}
        self.words: list[np.ndarray] = []
        self.reliability = False

    def _code_of(self, keys: pd.Series) -> np.ndarray:
        local, names = pd.factorize(keys, sort=False)
        mapping = np.empty(len(names), dtype=np.int64)
        for i, name in enumerate(names):
            code = self.codes.get(name)
            if code is None:
                code = self.codes[name] = len(self.codes)
                self.groups.append(_Group())
            mapping[i] = code
        grow = len(self.codes) - len(self.counts)
        if grow > 0:
            self.counts = np.vstack([self.counts, np.zeros((grow, 3), dtype=np.int64)])
            self.totals = np.vstack([self.totals, np.zeros((grow, len(_TOTALS)))])
        return mapping[local]

    def add(self, chunk: pd.DataFrame, keys: pd.Series) -> None:
        """Add a chunk of article rows; ``keys`` holds each row's group name."""
        codes = self._code_of(keys)
        size = len(self.codes)
        ok = (chunk["status"].astype(str) == "ok").to_numpy()
        self.counts[:, 0] += np.bincount(codes, minlength=size)
        self.counts[:, 1] += np.bincount(codes[ok], minlength=size)
        self.counts[:, 2] += np.bincount(codes[~ok], minlength=size)
        if not ok.any():
            return
        scored = chunk[ok]
        scored_codes = codes[ok]
        numbers = {
            c: pd.to_numeric(scored[c], errors="coerce").to_numpy(dtype=np.float64)
            for c in _NUMERIC
            if c in scored.columns
        }
        sentences = np.nan_to_num(numbers["n_sentences"])
        # Rates and shares are per sentence, rounded to 4 decimals: times the sentence count
        # and rounded again they are the article's exact counts (for under 5,000 sentences).
        per_article = [
            sentences,
            *(
                np.rint(np.nan_to_num(numbers[f"attr_{k}_share"]) * sentences)
                for k in ATTRIBUTION_KINDS
            ),
            np.nan_to_num(numbers["attr_count"]),
            np.rint(np.nan_to_num(numbers["hedge_hearsay_rate"]) * sentences),
            np.nan_to_num(numbers["exclaim_count"]),
            np.nan_to_num(numbers["quote_count"]),
        ]
        for j, column in enumerate(per_article):
            self.totals[:, j] += np.bincount(scored_codes, weights=column, minlength=size)
        self.scored_codes.append(scored_codes.astype(np.int32))
        for score in PROFILE_SCORES:
            if score in numbers:
                self.values[score].append(numbers[score])
            else:
                self.values[score].append(np.full(len(scored_codes), np.nan))
        self.reliability = self.reliability or "reliability" in numbers
        self.words.append(np.nan_to_num(numbers["n_words"]).astype(np.int32))
        groups = self.groups
        for code, cell in zip(scored_codes.tolist(), scored["top_cues"].tolist(), strict=True):
            if cell and isinstance(cell, str):
                groups[code].add_cues(cell)

    def table(self, min_articles: int, resamples: int, seed: int) -> pd.DataFrame:
        names = list(self.codes)
        columns = profile_columns(self.by, reliability=self.reliability)
        if not names:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        codes = np.concatenate(self.scored_codes) if self.scored_codes else np.zeros(0, np.int32)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        values = {s: np.concatenate(v)[order] if v else np.zeros(0) for s, v in self.values.items()}
        words = np.concatenate(self.words)[order] if self.words else np.zeros(0, np.int32)
        scores = [s for s in PROFILE_SCORES if self.reliability or s != "reliability"]
        rows = []
        for code, name in enumerate(names):
            start, end = bounds[code], bounds[code + 1]
            n_articles, n_scored, n_errors = (int(x) for x in self.counts[code])
            totals = dict(zip(_TOTALS, self.totals[code].tolist(), strict=True))
            row: dict[str, Any] = {
                self.by: name,
                "n_articles": n_articles,
                "n_scored": n_scored,
                "n_errors": n_errors,
                "flag": _flag(name, n_scored, min_articles, self.by),
                "median_words": float(np.median(words[start:end])) if end > start else math.nan,
            }
            for score in scores:
                # Sorted, so that the mean's rounding does not depend on the rows' order either.
                group_values = np.sort(values[score][start:end])
                group_values = group_values[~np.isnan(group_values)]
                mean = float(group_values.mean()) if len(group_values) else math.nan
                low, high = bootstrap_interval(group_values, _rng(seed, name, score), resamples)
                row[score], row[f"{score}_low"], row[f"{score}_high"] = mean, low, high
            sentences = totals["sentences"]
            row["n_sentences"] = int(sentences)
            for kind in ATTRIBUTION_KINDS:
                row[f"attr_{kind}_share"] = _share(totals[kind], sentences)
            row["attr_none_share"] = _share(sentences - totals["attributed"], sentences)
            row["hedge_hearsay_rate"] = _share(totals["hearsay"], sentences)
            row["punct_exclaim_rate"] = _share(totals["exclaim"], sentences)
            row["quote_share"] = _share(totals["quotes"], sentences)
            row["top_cues"] = self.groups[code].top_cues()
            rows.append(row)
        table = pd.DataFrame(rows, columns=columns)
        numeric = [c for c in columns if table[c].dtype.kind == "f"]
        table[numeric] = table[numeric].round(4)
        table = table.sort_values(
            ["n_articles", self.by], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
        return table


def _share(count: float, total: float) -> float:
    return count / total if total else math.nan


def _flag(name: str, n_scored: int, min_articles: int, by: str) -> str:
    notes = []
    if not name:
        notes.append(f"rows without a {by} value")
    if n_scored == 0:
        notes.append("no scored articles")
    elif n_scored < min_articles:
        notes.append(
            f"only {n_scored} scored article{'s' if n_scored > 1 else ''} "
            f"(fewer than {min_articles})"
        )
    return "; ".join(notes)


# --- Reading reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grouping:
    """What to group by: a column as it is, or the registered domain of a URL column."""

    by: str
    url_column: str | None

    @property
    def column(self) -> str:
        return self.url_column or self.by

    def keys(self, cells: pd.Series) -> pd.Series:
        keys = cells.map(_key)
        return keys.map(registered_domain) if self.url_column else keys


def _check_report(name: str, columns: Sequence[str], grouping: _Grouping) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        if "sentence" in columns and "id" in columns:
            raise InputError(
                f"{name} is a sentence report; profile the article report (scorer score -o)"
            )
        raise InputError(
            f"{name} is not an article report of scorer score: it has no column "
            f"{', '.join(missing[:6])}{', ...' if len(missing) > 6 else ''}; profile the report "
            "that scorer score -o wrote"
        )
    if grouping.column not in columns:
        listed = ", ".join(str(c) for c in columns)
        hint = (
            "; give --url-column COLUMN to group by the registered domain of a URL column"
            if grouping.by == "domain" and not grouping.url_column
            else f" (carry it into the report with scorer score --keep {grouping.column})"
        )
        raise InputError(f"no column '{grouping.column}' in {name}; columns are: {listed}{hint}")


def _needed(columns: Sequence[str], grouping: _Grouping) -> list[str]:
    wanted = {grouping.column, *REQUIRED_COLUMNS, "reliability"}
    return [c for c in columns if c in wanted]


def _is_jsonl(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def _csv_chunks(path: Path, grouping: _Grouping, chunk_rows: int) -> Iterator[pd.DataFrame]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle), None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {path} as a CSV report: {exc}") from None
    if header is None:
        raise InputError(f"{path} is empty: not a report of scorer score")
    _check_report(str(path), header, grouping)
    needed = _needed(header, grouping)
    numeric = [c for c in needed if c in _NUMERIC]
    text = [c for c in needed if c not in numeric]
    try:
        reader = pd.read_csv(
            path,
            usecols=needed,
            dtype={**dict.fromkeys(text, str), **dict.fromkeys(numeric, np.float64)},
            # Group names are taken as written ("NA" is an outlet); only empty cells are missing.
            keep_default_na=False,
            na_values={c: [""] for c in numeric},
            chunksize=chunk_rows,
            encoding="utf-8-sig",
        )
        with reader:
            yield from reader
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        message = " ".join(str(exc).split())
        raise InputError(f"cannot read {path} as a report of scorer score: {message}") from None


def _jsonl_chunks(path: Path, grouping: _Grouping, chunk_rows: int) -> Iterator[pd.DataFrame]:
    needed: list[str] | None = None
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                raise InputError(
                    f"cannot read {path} as a JSONL report: line {number} is not JSON"
                ) from None
            if not isinstance(record, dict):
                raise InputError(
                    f"cannot read {path} as a JSONL report: line {number} is not an object"
                )
            if needed is None:
                _check_report(str(path), list(record), grouping)
                needed = _needed(list(record), grouping)
            records.append({c: record.get(c) for c in needed})
            if len(records) == chunk_rows:
                yield pd.DataFrame(records, columns=needed)
                records = []
    if needed is None:
        raise InputError(f"{path} is empty: not a report of scorer score")
    if records:
        yield pd.DataFrame(records, columns=needed)


def _report_chunks(path: Path, grouping: _Grouping, chunk_rows: int) -> Iterator[pd.DataFrame]:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the report files scorer score wrote")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty: not a report of scorer score")
    reader = _jsonl_chunks if _is_jsonl(path) else _csv_chunks
    yield from reader(path, grouping, chunk_rows)


def _grouping(by: str, url_column: str | None) -> _Grouping:
    if not by:
        raise InputError("give the column to group by (--by outlet, or --by domain)")
    if url_column and by != "domain":
        raise InputError(
            f"a URL column groups by domain: use --by domain with --url-column (not --by {by})"
        )
    return _Grouping(by, url_column)


def _check_options(min_articles: int, resamples: int) -> None:
    if min_articles < 1:
        raise InputError(f"min_articles must be at least 1, not {min_articles}")
    if resamples < 100:
        raise InputError(f"resamples must be at least 100 for a 95% interval, not {resamples}")


def profile_reports(
    paths: Iterable[str | Path],
    by: str,
    *,
    url_column: str | None = None,
    min_articles: int = DEFAULT_MIN_ARTICLES,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    chunk_rows: int = CHUNK_ROWS,
) -> pd.DataFrame:
    """Profile the groups of article reports written by ``scorer score``.

    Args:
        paths: Article reports, CSV or JSONL (told apart by their content), read in chunks.
        by: The column to group by (a column kept with ``scorer score --keep``), or
            ``"domain"`` with ``url_column``.
        url_column: A column of URLs: groups are then their registered domains, so
            ``www.`` and sub-paths of one site fall together (``by`` must be ``"domain"``).
        min_articles: Groups with fewer scored articles are kept and flagged.
        resamples: Bootstrap resamples per interval.
        seed: Seed of the bootstrap.
        chunk_rows: Rows read at a time.

    Returns:
        One row per group, with the columns of :func:`profile_columns`.

    Raises:
        InputError: A report is missing, empty, not an article report of ``scorer score`` (a
            sentence report, another tool's table) or lacks the ``by`` column.
    """
    grouping = _grouping(by, url_column)
    _check_options(min_articles, resamples)
    names = [Path(p) for p in paths]
    if not names:
        raise InputError("no reports to profile")
    accumulator = _Accumulator(by)
    for path in names:
        for chunk in _report_chunks(path, grouping, chunk_rows):
            accumulator.add(chunk, grouping.keys(chunk[grouping.column]))
    return accumulator.table(min_articles, resamples, seed)


def profile(
    frame: pd.DataFrame,
    by: str,
    *,
    url_column: str | None = None,
    min_articles: int = DEFAULT_MIN_ARTICLES,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Profile the groups of an article report held as a DataFrame.

    ``frame`` is what :func:`scorer.score_frame` returns (with ``keep=[by]`` to carry the
    column over) or an article report read back with pandas. The table is the one
    :func:`profile_reports` and ``scorer profile`` give for the same rows.

    Example::

        report = scorer.score_frame(articles, keep=["outlet"])
        outlets = scorer.profile(report, by="outlet")

    Raises:
        InputError: ``frame`` is not an article report or lacks the ``by`` column.
    """
    grouping = _grouping(by, url_column)
    _check_options(min_articles, resamples)
    _check_report("the frame", [str(c) for c in frame.columns], grouping)
    accumulator = _Accumulator(by)
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        accumulator.add(chunk, grouping.keys(chunk[grouping.column].astype(object)))
    return accumulator.table(min_articles, resamples, seed)


@dataclass
class ProfileFilesResult:
    """What :func:`profile_files` wrote."""

    table: str
    html: str | None
    groups: int
    articles: int
    flagged: int


def profile_files(
    reports: Sequence[str | os.PathLike[str]],
    by: str,
    output: str | os.PathLike[str] = "-",
    *,
    html: str | os.PathLike[str] | None = None,
    url_column: str | None = None,
    min_articles: int = DEFAULT_MIN_ARTICLES,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    fmt: Format | None = None,
) -> ProfileFilesResult:
    """Profile groups of articles from article reports and write the table: ``scorer profile``.

    Args:
        reports: article reports written by ``scorer score`` (CSV or JSONL, any size).
        by: the column to group by, or ``"domain"`` with ``url_column``.
        output: the profile table (``.csv`` or ``.jsonl``); ``"-"`` writes to stdout.
        html: also write a self-contained page of the profiles to this file.
        url_column: with ``by="domain"``, the column of URLs whose registered domain groups.
        min_articles: groups with fewer scored articles are flagged (and kept).
        resamples: bootstrap resamples per 95% interval.
        seed: the bootstrap's seed (the same input and seed give the same files).
        fmt: ``"csv"`` or ``"jsonl"`` (default: from the output's extension, else CSV).

    Raises:
        InputError: a report that is not a file, an output over a report, a missing column.
    """
    names = [os.fspath(path) for path in reports]
    table_path = os.fspath(output)
    html_path = os.fspath(html) if html is not None else None
    for path in names:
        if not os.path.isfile(path):
            what = "is a folder" if os.path.isdir(path) else "no such file"
            raise InputError(f"{what}: {path} (give the reports scorer score wrote)")
    outputs = [("-o", table_path)] + ([("--html", html_path)] if html_path else [])
    for option, path in outputs:
        if path == "-":
            continue
        if os.path.isdir(path):
            raise InputError(f"{option} {path}: is a folder; give a file name")
        for name in names:
            if same_file(name, path):
                raise InputError(f"{option} {path} would overwrite the report {name}")
    if html_path and table_path != "-" and same_file(table_path, html_path):
        raise InputError(f"-o and --html name the same file: {table_path}")
    if fmt is None and table_path != "-" and table_path.lower().endswith((".html", ".htm")):
        raise InputError(f"-o {table_path}: the table is CSV or JSONL; write the page with --html")
    table = profile_reports(
        names,
        by,
        url_column=url_column,
        min_articles=min_articles,
        resamples=resamples,
        seed=seed,
    )
    rows: list[dict[str, Any]] = table.to_dict("records")  # type: ignore[assignment]
    with open_report(table_path, list(table.columns), guess_format(table_path, fmt)) as writer:
        for row in rows:
            writer.write(row)
    if html_path:
        try:
            write_profile_page(table, html_path, by, reports=names, min_articles=min_articles)
        except OSError as exc:
            raise InputError(f"cannot write {html_path}: {exc.strerror or exc}") from None
    return ProfileFilesResult(
        table=table_path,
        html=html_path,
        groups=len(rows),
        articles=sum(int(row["n_articles"]) for row in rows),
        flagged=sum(bool(row["flag"]) for row in rows),
    )
