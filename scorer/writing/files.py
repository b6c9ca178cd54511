"""What the ``scorer score`` and ``scorer annotate`` commands do, as library calls.

:func:`score_files` reads files, folders, tables or stdin, scores every item and writes the
report (and the sentence report) row by row, with the CLI's output checks, ``--resume``,
formats, worker processes and engines; :func:`annotate_files` writes the annotated pages. The
command line only parses options, calls these and turns their exceptions into messages and
exit codes, so whatever it does can be done and tested from Python.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from scorer.classify.model_set import load_model_set
from scorer.errors import InputError
from scorer.pipeline.dask import score_items_on_cluster
from scorer.pipeline.scoring import (
    SENTENCE_COLUMNS,
    ScoredItem,
    Unit,
    article_columns,
    check_keep,
    score_items,
    sentence_columns,
)
from scorer.reading.inputs import DEFAULT_MAX_BYTES, Item, iter_items
from scorer.writing.annotate import AnnotateResult, write_annotated
from scorer.writing.report import (
    Format,
    ReportFormatError,
    ReportWriter,
    partial_path,
    read_rows,
)

__all__ = [
    "SUMMARY_ROWS",
    "ScoreFilesResult",
    "ScoringInterrupted",
    "annotate_files",
    "cheap_total",
    "guess_format",
    "score_files",
]

Engine = Literal["local", "dask"]

#: Article rows kept in :attr:`ScoreFilesResult.first_rows`, for a summary of the run.
SUMMARY_ROWS = 20

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
# Report names whose extension promises a format the report is not written in.
_OTHER_FORMATS = (".parquet", ".xlsx", ".xls", ".ods", ".tsv", ".html", ".htm", ".txt", ".md")


@dataclass
class ScoreFilesResult:
    """What a :func:`score_files` run wrote.

    Attributes:
        report: the report's path (``"-"``: stdout).
        sentences: the sentence report's path, if one was written.
        items: report rows for input items, those kept by ``resume`` included (with
            ``unit="sentence"``: input sentences).
        failed: items that could not be scored (their rows say why), kept ones included.
        resumed: items kept from an earlier run's rows.
        first_rows: the first :data:`SUMMARY_ROWS` article rows scored by this run.
    """

    report: str
    sentences: str | None = None
    items: int = 0
    failed: int = 0
    resumed: int = 0
    first_rows: list[dict[str, Any]] = field(default_factory=list)


class ScoringInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped :func:`score_files`; the rows written so far are kept.

    Attributes:
        partial: where they are kept (``REPORT.partial``), or None when nothing was kept
            (no row written yet, or the report went to stdout).
        rows: how many report rows were written.
    """

    def __init__(self, partial: Path | None, rows: int) -> None:
        super().__init__()
        self.partial = partial
        self.rows = rows


def guess_format(path: str | None, fmt: str | None = None) -> Format:
    """The report format: ``fmt`` when given, else JSONL for a ``.jsonl``, ``.ndjson`` or
    ``.json`` name, else CSV."""
    if fmt in ("csv", "jsonl"):
        return fmt  # type: ignore[return-value]
    if path and path.lower().endswith(_JSONL_SUFFIXES):
        return "jsonl"
    return "csv"


def same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (existing or not)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _check_outputs(
    inputs: Sequence[str], output: str, sentences_path: str | None, unit: str, fmt: str | None
) -> None:
    """Refuse, before anything is scored, report paths that would lose data or fail at the end:
    a report over an input or over the other report, both on stdout, a folder, a name whose
    extension says another format, a folder that cannot be written to."""
    if sentences_path and unit == "sentence":
        raise InputError(
            "--sentences goes with --unit article: with --unit sentence the report itself has "
            "one row per sentence"
        )
    reports = [("-o", output)] + ([("--sentences", sentences_path)] if sentences_path else [])
    if output == "-" and sentences_path == "-":
        raise InputError("-o and --sentences cannot both write to stdout")
    if sentences_path and output != "-" and same_file(output, sentences_path):
        raise InputError(f"-o and --sentences name the same file: {output}")
    for option, path in reports:
        if path == "-":
            continue
        if os.path.isdir(path):
            raise InputError(f"{option} {path}: is a folder; give a file name")
        suffix = os.path.splitext(path)[1].lower()
        if fmt is None and option == "-o" and suffix in _OTHER_FORMATS:
            raise InputError(
                f"-o {path}: reports are CSV or JSONL; name it .csv or .jsonl (or give --format)"
            )
        for name in inputs:
            if name != "-" and os.path.isfile(name) and same_file(name, path):
                raise InputError(f"{option} {path} would overwrite the input {name}")
        parent = os.path.dirname(os.path.abspath(path))
        existing = parent
        while not os.path.exists(existing):
            existing = os.path.dirname(existing)
        if not os.path.isdir(existing) or not os.access(existing, os.W_OK | os.X_OK):
            raise InputError(f"{option} {path}: cannot write to {existing}")


def open_report(
    path: str,
    columns: Sequence[str],
    fmt: Format,
    resume_from: Path | None = None,
    keep: int = 0,
) -> ReportWriter:
    try:
        return ReportWriter(path, columns, fmt, resume_from=resume_from, keep=keep)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def cheap_total(inputs: Sequence[str]) -> int | None:
    """How many items the inputs hold, when that is cheap to know; otherwise None.

    A document file is one item; a JSONL file one per non-blank line (one pass over its
    bytes, far faster than scoring them); a Parquet file's row count is in its footer. Folders,
    CSV/TSV tables (a quoted cell may hold line breaks) and stdin are not counted.
    """
    total = 0
    for name in inputs:
        path = Path(name)
        suffix = path.suffix.lower()
        if name == "-" or path.is_dir() or suffix in (".csv", ".tsv"):
            return None
        try:
            if suffix == ".jsonl":
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif suffix == ".parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            else:
                total += 1
        except (OSError, ImportError, ValueError):
            return None  # the reader will report the problem; the bar just has no total
    return total


def _with_progress(
    items: Iterator[ScoredItem], inputs: Sequence[str], skipped: int
) -> Iterator[ScoredItem]:
    """A progress bar on stderr over the scored items, with a total when it is cheap to know."""
    from tqdm import tqdm

    total = cheap_total(inputs)
    total = total - skipped if total is not None else None
    return iter(tqdm(items, total=total, unit=" items", file=sys.stderr, dynamic_ncols=True))


@dataclass
class _Resume:
    """Where an interrupted run left off: rows to copy from its files, items to skip."""

    items: int
    failed: int
    source: Path
    sentence_source: Path | None = None
    sentence_rows: int = 0
    #: The ``source`` column of the rows kept (``id`` for sentence rows, which have no
    #: source), to check that the inputs are the ones the report was made from.
    sources: list[str] = field(default_factory=list)
    key: str = "source"

    def skip(self, items: Iterator[Item]) -> Iterator[Item]:
        """The items after the ones already in the report, having checked that those are the
        same items the report holds (same source, in the same order)."""
        for n, expected in enumerate(self.sources):
            item = next(items, None)
            got = getattr(item, self.key) if item is not None else None
            if got != expected:
                raise InputError(
                    f"cannot resume: row {n + 1} of {self.source} is {expected!r}, but item "
                    f"{n + 1} of these inputs is {got!r}; run the same command as before, or "
                    "without --resume"
                )
        return items


def _resume_source(path: str) -> Path | None:
    for candidate in (partial_path(path), Path(path)):
        if candidate.is_file():
            return candidate
    return None


def _resume_point(
    output: str,
    columns: list[str],
    fmt: Format,
    sentences_path: str | None,
    sentence_columns: list[str] = SENTENCE_COLUMNS,
) -> _Resume | None:
    """Read what an earlier run wrote; ``None`` if there is nothing to resume from.

    The rows come from ``OUTPUT.partial`` (left by an interrupted run) or else from OUTPUT
    itself. One report row is one input item, so the first N complete rows stand for the
    first N items. With ``--sentences``, the article rows kept are cut back to those whose
    sentence rows were all written before the interruption.
    """
    if output == "-":
        raise InputError("--resume needs a report file (-o FILE), not stdout")
    if os.path.exists(output) and not os.path.isfile(output):
        raise InputError(f"--resume needs a report file (-o FILE), not {output}")
    source = _resume_source(output)
    if source is None:
        return None
    key = "source" if "source" in columns else "id"
    failed: list[bool] = []
    sources: list[str] = []
    sentence_counts: list[int] = []
    sentence_source = _resume_source(sentences_path) if sentences_path else None
    try:
        for row in read_rows(source, columns, fmt):
            ok = row["status"] == "ok"
            failed.append(not ok)
            sources.append(str(row.get(key, "")))
            if sentences_path:
                sentence_counts.append(int(row["n_sentences"] or 0) if ok else 0)
        available = 0
        if sentence_source is not None:
            sentence_format = guess_format(sentences_path, None)
            available = sum(
                1 for _ in read_rows(sentence_source, sentence_columns, sentence_format)
            )
    except ReportFormatError as exc:
        raise InputError(
            f"cannot resume: {exc} (written by another version or with other options); "
            "delete it or run without --resume"
        ) from None
    kept, needed = len(failed), sum(sentence_counts)
    while sentences_path and kept and needed > available:
        kept -= 1
        needed -= sentence_counts[kept]
    return _Resume(kept, sum(failed[:kept]), source, sentence_source, needed, sources[:kept], key)


def _check_inputs(inputs: Sequence[str]) -> None:
    for path in inputs:
        if path != "-" and not os.path.exists(path):
            raise InputError(f"no such file or directory: {path}")


def score_files(
    inputs: Sequence[str | os.PathLike[str]],
    report: str | os.PathLike[str] = "-",
    *,
    sentences: str | os.PathLike[str] | None = None,
    unit: Unit = "article",
    text_column: str = "text",
    id_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    input_format: str = "text",
    keep: Sequence[str] = (),
    resume: bool = False,
    model_dir: str | None = None,
    jobs: int = 1,
    fmt: Format | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    progress: bool = False,
    notify: Callable[[str], None] | None = None,
    stdin: BinaryIO | None = None,
) -> ScoreFilesResult:
    """Score files, folders, tables or stdin and write the report: ``scorer score``.

    One report row per input item, in input order, written as it is scored; items that cannot
    be scored get a row with status ``error`` and a message. The report appears under its name
    only when the run finishes (see :class:`~scorer.writing.report.ReportWriter`).

    Args:
        inputs: files, folders, tables (``.csv``, ``.tsv``, ``.jsonl``, ``.parquet``) or
            ``"-"`` for stdin.
        report: the report file (``.csv`` or ``.jsonl``); ``"-"`` writes to stdout.
        sentences: also write one row per sentence to this file (``unit="article"`` only).
        unit: ``"sentence"``: each item is one sentence, and the report has sentence rows.
        text_column: the text column of tables.
        id_column: the id column of tables (default: FILE:ROW).
        max_bytes: the largest item; larger ones get an error row (0: no limit).
        input_format: what ``"-"`` holds: ``"text"`` (one text; a web page is recognised) or
            a table, ``"csv"``, ``"tsv"`` or ``"jsonl"``, with one article per row.
        keep: table columns (outlet, url, date, ...) to copy into the reports: in the article
            report before ``language``, in the sentence report after ``source``.
        resume: keep the rows of ``REPORT.partial`` (or REPORT) from an interrupted run and
            score only the items after them.
        model_dir: a model directory shaped like ``models/`` (default: the shipped models).
        jobs: worker processes (or local Dask workers); 0 means all cores.
        fmt: ``"csv"`` or ``"jsonl"`` (default: from the report's extension, else CSV).
        engine: ``"dask"`` scores on a Dask cluster: a local one of ``jobs`` workers, or the
            one at ``scheduler``.
        scheduler: the address of an existing Dask scheduler (``engine="dask"``).
        progress: show a progress bar on stderr.
        notify: called with a line for each item that could not be scored
            (``"ID: message"``) and when a run resumes.
        stdin: where ``"-"`` reads from (default: the process's stdin).

    Returns:
        What was written: see :class:`ScoreFilesResult`.

    Raises:
        InputError: a missing input, a report path that would overwrite an input or cannot be
            written, options that do not go together, or a report that cannot be resumed.
        ModelError: the models cannot be loaded.
        ScoringInterrupted: Ctrl-C (or SIGTERM turned into KeyboardInterrupt) stopped the run;
            the rows written so far are kept as ``REPORT.partial``.
    """
    names = [os.fspath(path) for path in inputs]
    output = os.fspath(report)
    sentences_path = os.fspath(sentences) if sentences is not None else None
    _check_inputs(names)
    kept_columns = check_keep(keep)
    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    _check_outputs(names, output, sentences_path, unit, fmt)
    report_format = guess_format(output, fmt)
    workers = jobs or os.cpu_count() or 1
    load_model_set(model_dir)
    if stdin is None and "-" in names:
        stdin = sys.stdin.buffer
    items: Iterator[Item] = iter(
        iter_items(
            names,
            text_column=text_column,
            id_column=id_column,
            stdin=stdin if "-" in names else None,
            max_bytes=max_bytes,
            input_format=input_format,
            keep=kept_columns,
        )
    )
    sentence_report_columns = sentence_columns(kept_columns)
    main_columns = sentence_report_columns if unit == "sentence" else article_columns(kept_columns)
    result = ScoreFilesResult(report=output, sentences=sentences_path)
    resumed = (
        _resume_point(
            output,
            main_columns,
            report_format,
            sentences_path if unit == "article" else None,
            sentence_report_columns,
        )
        if resume
        else None
    )
    if resumed is not None:
        # Items come out in a fixed order: the first N are the N rows already written.
        items = resumed.skip(items)
        result.items = result.resumed = resumed.items
        result.failed = resumed.failed
        if notify is not None:
            notify(f"resuming after {resumed.items} items ({resumed.source})")
    writer: ReportWriter | None = None
    try:
        # A resumed report starts with the rows kept (cut back to the last complete one).
        kept = (resumed.source, resumed.items) if resumed is not None else (None, 0)
        with open_report(output, main_columns, report_format, *kept) as writer:
            sentence_writer = (
                open_report(
                    sentences_path,
                    sentence_report_columns,
                    guess_format(sentences_path),
                    resumed.sentence_source if resumed is not None else None,
                    resumed.sentence_rows if resumed is not None else 0,
                )
                if sentences_path and unit == "article"
                else None
            )
            try:
                scored_items = _scored(
                    items, engine, scheduler, workers, model_dir, unit, sentence_writer is not None
                )
                if progress:
                    scored_items = _with_progress(scored_items, names, result.resumed)
                for scored in scored_items:
                    if unit == "sentence":
                        for row in scored.sentences:
                            writer.write(row)
                    else:
                        writer.write(scored.article)
                        if sentence_writer is not None and scored.ok:
                            for row in scored.sentences:
                                sentence_writer.write(row)
                    result.items += 1
                    if len(result.first_rows) < SUMMARY_ROWS:
                        result.first_rows.append(scored.article)
                    if not scored.ok:
                        result.failed += 1
                        if notify is not None:
                            notify(f"{scored.article['id']}: {scored.article['error']}")
            except KeyboardInterrupt:
                if sentence_writer is not None:
                    sentence_writer.interrupt()
                raise
            except BaseException:
                if sentence_writer is not None:
                    sentence_writer.abort()
                raise
            if sentence_writer is not None:
                sentence_writer.close()
    except KeyboardInterrupt:
        # The writer kept its rows as REPORT.partial on the way out of the with block.
        rows = writer.rows if writer is not None else 0
        raise ScoringInterrupted(writer.partial if writer is not None else None, rows) from None
    return result


def _scored(
    items: Iterator[Item],
    engine: Engine,
    scheduler: str | None,
    workers: int,
    model_dir: str | None,
    unit: Unit,
    sentences: bool,
) -> Iterator[ScoredItem]:
    if engine == "dask":
        return score_items_on_cluster(
            items, scheduler=scheduler, workers=workers, model_dir=model_dir, unit=unit
        )
    # Without a sentence report the sentence rows would be built, sent back from the workers
    # and dropped.
    return score_items(items, model_dir=model_dir, unit=unit, jobs=workers, sentences=sentences)


def annotate_files(
    inputs: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    text_column: str = "text",
    id_column: str | None = None,
    model_dir: str | None = None,
    stdin: BinaryIO | None = None,
) -> AnnotateResult:
    """Write annotated HTML pages of the input articles: ``scorer annotate``.

    Args:
        inputs: files, folders, tables or ``"-"`` for stdin.
        output: ``page.html`` for one article; a folder for one page per article and an
            ``index.html``.
        text_column: the text column of tables.
        id_column: the id column of tables (default: FILE:ROW).
        model_dir: a model directory shaped like ``models/`` (default: the shipped models).
        stdin: where ``"-"`` reads from (default: the process's stdin).

    Returns:
        The pages written and the items that could not be annotated (they get no page).

    Raises:
        InputError: a missing input, or an output that cannot hold the pages.
        ModelError: the models cannot be loaded.
    """
    names = [os.fspath(path) for path in inputs]
    _check_inputs(names)
    if stdin is None and "-" in names:
        stdin = sys.stdin.buffer
    items = iter_items(
        names,
        text_column=text_column,
        id_column=id_column,
        stdin=stdin if "-" in names else None,
    )
    return write_annotated(items, os.fspath(output), model_dir=model_dir)
