"""The ``scorer`` command: a thin click layer over the library.

Exit codes: 0 every item scored; 1 some items could not be scored (their rows say why);
2 usage error (bad option, missing file or column, a report that cannot be written); 3 model or
data error (missing, edited or stale model file; missing training data); 130 interrupted; 141
the reader of stdout went away (``scorer score ... -o - | head``).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scorer import __version__
from scorer.errors import DataError, InputError, ModelError, ScorerError
from scorer.report import Format, ReportWriter

if TYPE_CHECKING:
    from scorer.io import Item

EXIT_OK, EXIT_ITEMS_FAILED, EXIT_USAGE, EXIT_MODEL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
# 128 + SIGPIPE, what a program killed by a closed pipe exits with ("yes | head").
EXIT_BROKEN_PIPE = 141


class CommandError(click.ClickException):
    """One plain line on stderr, with the exit code the error's kind calls for."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares a class default


def _fail(error: ScorerError) -> CommandError:
    if isinstance(error, InputError):
        return CommandError(str(error), EXIT_USAGE)
    if isinstance(error, ModelError | DataError):
        return CommandError(str(error), EXIT_MODEL)
    return CommandError(str(error), EXIT_ITEMS_FAILED)


_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
# Report names whose extension promises a format the report is not written in.
_OTHER_FORMATS = (".parquet", ".xlsx", ".xls", ".ods", ".tsv", ".html", ".htm", ".txt", ".md")


def _guess_format(path: str | None, fmt: str | None) -> Format:
    if fmt in ("csv", "jsonl"):
        return fmt  # type: ignore[return-value]
    if path and path.lower().endswith(_JSONL_SUFFIXES):
        return "jsonl"
    return "csv"


def _same_file(a: str, b: str) -> bool:
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
        raise CommandError(
            "--sentences goes with --unit article: with --unit sentence the report itself has "
            "one row per sentence",
            EXIT_USAGE,
        )
    reports = [("-o", output)] + ([("--sentences", sentences_path)] if sentences_path else [])
    if output == "-" and sentences_path == "-":
        raise CommandError("-o and --sentences cannot both write to stdout", EXIT_USAGE)
    if sentences_path and output != "-" and _same_file(output, sentences_path):
        raise CommandError(f"-o and --sentences name the same file: {output}", EXIT_USAGE)
    for option, path in reports:
        if path == "-":
            continue
        if os.path.isdir(path):
            raise CommandError(f"{option} {path}: is a folder; give a file name", EXIT_USAGE)
        suffix = os.path.splitext(path)[1].lower()
        if fmt is None and option == "-o" and suffix in _OTHER_FORMATS:
            raise CommandError(
                f"-o {path}: reports are CSV or JSONL; name it .csv or .jsonl (or give --format)",
                EXIT_USAGE,
            )
        for name in inputs:
            if name != "-" and os.path.isfile(name) and _same_file(name, path):
                raise CommandError(f"{option} {path} would overwrite the input {name}", EXIT_USAGE)
        parent = os.path.dirname(os.path.abspath(path))
        existing = parent
        while not os.path.exists(existing):
            existing = os.path.dirname(existing)
        if not os.path.isdir(existing) or not os.access(existing, os.W_OK | os.X_OK):
            raise CommandError(f"{option} {path}: cannot write to {existing}", EXIT_USAGE)


def _open_report(path: str, columns: Sequence[str], fmt: Format) -> ReportWriter:
    try:
        return ReportWriter(path, columns, fmt)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}", EXIT_USAGE) from None


def _cheap_total(inputs: Sequence[str]) -> int | None:
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


def _progress(
    items: Iterator[Any], quiet: bool, inputs: Sequence[str] = (), skipped: int = 0
) -> Iterator[Any]:
    # A bar only where a person watches: stderr is a terminal and --quiet was not given. Only
    # then are the inputs counted for the bar's total.
    if quiet or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    total = _cheap_total(inputs)
    total = total - skipped if total is not None else None
    return iter(tqdm(items, total=total, unit=" items", file=sys.stderr, dynamic_ncols=True))


SUMMARY_ROWS = 20


def _print_summary(rows: list[dict[str, Any]], output: str, sentences: str | None = None) -> None:
    """A short table of the first articles on stderr, so a run shows its result at once."""
    also = f" and {sentences}" if sentences and sentences != "-" else ""
    click.echo(f"wrote {output}{also}", err=True)
    if not rows:
        return
    width = min(max(len(str(r["id"])) for r in rows), 32)
    click.echo(f"{'id':<{width}}  certainty  sourcing  reliability  cues", err=True)
    for row in rows:
        if row["status"] != "ok":
            click.echo(f"{str(row['id'])[:width]:<{width}}  error: {row['error']}", err=True)
            continue
        cues = str(row.get("top_cues") or "")
        reliability = row.get("reliability")
        shown = f"{reliability:>11.2f}" if reliability is not None else f"{'-':>11}"
        click.echo(
            f"{str(row['id'])[:width]:<{width}}  {row['certainty']:>9.2f}  {row['sourcing']:>8.2f}"
            f"  {shown}  {_clip(cues, 110)}",
            err=True,
        )


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(",;") + "…"


def _stdout_gone() -> None:
    """The reader of stdout closed it (``| head``): stop quietly. Python would complain again
    when it flushes stdout at exit, and joblib about results nobody read."""
    import warnings

    warnings.filterwarnings("ignore", message=".*tasks have been successfully executed")
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a file descriptor (CliRunner): nothing will be flushed to it


def _size_option(ctx: click.Context, param: click.Parameter, value: str) -> int:
    from scorer.io import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _terminate_as_interrupt() -> Callable[[], None]:
    """Make SIGTERM behave like Ctrl-C until the returned function restores the old handler.

    ``kill``, ``timeout`` and batch schedulers stop a run with SIGTERM, whose default is to die
    on the spot; as KeyboardInterrupt it unwinds, so the report's temporary file is kept as
    ``.partial`` progress instead of being left behind half-written.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # signal handlers can only be set from the main thread

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


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
                raise CommandError(
                    f"cannot resume: row {n + 1} of {self.source} is {expected!r}, but item "
                    f"{n + 1} of these inputs is {got!r}; run the same command as before, or "
                    "without --resume",
                    EXIT_USAGE,
                )
        return items

    def copy_into(self, report: ReportWriter, sentence_report: ReportWriter | None) -> None:
        from scorer.report import read_rows

        report.copy_rows(read_rows(self.source, report.columns, report.fmt), self.items)
        if sentence_report is not None and self.sentence_source is not None:
            rows = read_rows(self.sentence_source, sentence_report.columns, sentence_report.fmt)
            sentence_report.copy_rows(rows, self.sentence_rows)


def _resume_source(path: str) -> Path | None:
    from scorer.report import partial_path

    for candidate in (partial_path(path), Path(path)):
        if candidate.is_file():
            return candidate
    return None


def _resume_point(
    output: str, columns: list[str], fmt: Format, sentences_path: str | None
) -> _Resume | None:
    """Read what an earlier run wrote; ``None`` if there is nothing to resume from.

    The rows come from ``OUTPUT.partial`` (left by an interrupted run) or else from OUTPUT
    itself. One report row is one input item, so the first N complete rows stand for the
    first N items. With ``--sentences``, the article rows kept are cut back to those whose
    sentence rows were all written before the interruption.
    """
    from scorer.report import ReportFormatError, read_rows
    from scorer.scoring import SENTENCE_COLUMNS

    if output == "-":
        raise CommandError("--resume needs a report file (-o FILE), not stdout", EXIT_USAGE)
    if os.path.exists(output) and not os.path.isfile(output):
        raise CommandError(f"--resume needs a report file (-o FILE), not {output}", EXIT_USAGE)
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
            sentence_format = _guess_format(sentences_path, None)
            available = sum(
                1 for _ in read_rows(sentence_source, SENTENCE_COLUMNS, sentence_format)
            )
    except ReportFormatError as exc:
        raise CommandError(
            f"cannot resume: {exc} (written by another version or with other options); "
            "delete it or run without --resume",
            EXIT_USAGE,
        ) from None
    kept, needed = len(failed), sum(sentence_counts)
    while sentences_path and kept and needed > available:
        kept -= 1
        needed -= sentence_counts[kept]
    return _Resume(kept, sum(failed[:kept]), source, sentence_source, needed, sources[:kept], key)


def _report_interrupted(report: ReportWriter | None) -> None:
    kept = report.partial if report is not None else None
    if kept is None or report is None:
        click.echo("scorer: interrupted; no report written", err=True)
        return
    click.echo(
        f"scorer: interrupted; no report written; the first {report.rows} rows are kept in "
        f"{kept} (run the same command with --resume to continue)",
        err=True,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="scorer")
def cli() -> None:
    """Score news text for certainty (hedging) and sourcing quality (who is cited)."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Report file (.csv or .jsonl); '-' writes to stdout.",
)
@click.option(
    "--sentences",
    "sentences_path",
    type=click.Path(dir_okay=False),
    help="Also write one row per sentence, with cues, to this file.",
)
@click.option(
    "--unit",
    type=click.Choice(["article", "sentence"]),
    default="article",
    show_default=True,
    help="'sentence': each input item is one sentence, not split; the report has sentence rows.",
)
@click.option("--text-column", default="text", show_default=True, help="Text column of tables.")
@click.option("--id-column", default=None, help="Id column of tables (default: FILE:ROW).")
@click.option(
    "--max-bytes",
    default="10MB",
    show_default=True,
    callback=_size_option,
    help="Largest item (file, table cell, JSONL line), e.g. 50MB; larger ones get an error "
    "row. 0: no limit.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted run: keep the rows of OUTPUT.partial (or OUTPUT) and score "
    "only the items after them.",
)
@click.option(
    "--model",
    "model_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="A model directory shaped like models/ (default: the shipped models).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes; 0 means all cores.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default=None,
    help="Report format (default: from the -o extension, else csv).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="'dask': score on a Dask cluster (a local one of --jobs workers unless --scheduler).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (--engine dask).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-item error lines.")
def score(
    inputs: tuple[str, ...],
    output: str,
    sentences_path: str | None,
    unit: str,
    text_column: str,
    id_column: str | None,
    max_bytes: int,
    resume: bool,
    model_dir: str | None,
    jobs: int,
    fmt: str | None,
    engine: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Score INPUT files, folders, tables (.csv, .jsonl, .parquet) or '-' for stdin.

    Writes one report row per input item, in input order. Items that cannot be scored get a
    row with status 'error' and a message; the exit code is then 1.
    """
    from scorer.io import iter_items
    from scorer.model import load_models
    from scorer.scoring import ARTICLE_COLUMNS, SENTENCE_COLUMNS, score_items

    for path in inputs:
        if path != "-" and not os.path.exists(path):
            raise CommandError(f"no such file or directory: {path}", EXIT_USAGE)
    if scheduler and engine != "dask":
        raise CommandError("--scheduler needs --engine dask", EXIT_USAGE)
    _check_outputs(inputs, output, sentences_path, unit, fmt)
    report_format = _guess_format(output, fmt)
    workers = jobs or os.cpu_count() or 1
    restore_signals = _terminate_as_interrupt()
    report: ReportWriter | None = None
    try:
        load_models(model_dir)
        items = iter_items(
            inputs,
            text_column=text_column,
            id_column=id_column,
            stdin=sys.stdin.buffer if "-" in inputs else None,
            max_bytes=max_bytes,
        )
        main_columns = SENTENCE_COLUMNS if unit == "sentence" else ARTICLE_COLUMNS
        failed = 0
        resumed = (
            _resume_point(
                output, main_columns, report_format, sentences_path if unit == "article" else None
            )
            if resume
            else None
        )
        if resumed is not None:
            # Items come out in a fixed order: the first N are the N rows already written.
            items = resumed.skip(iter(items))
            failed = resumed.failed
            if not quiet:
                click.echo(
                    f"scorer: resuming after {resumed.items} items ({resumed.source})", err=True
                )
        shown: list[dict[str, Any]] = []
        with _open_report(output, main_columns, report_format) as report:
            sentence_report = (
                _open_report(sentences_path, SENTENCE_COLUMNS, _guess_format(sentences_path, None))
                if sentences_path and unit == "article"
                else None
            )
            try:
                if resumed is not None:
                    resumed.copy_into(report, sentence_report)
                if engine == "dask":
                    from scorer.dask import score_items_on_cluster

                    scored_items = score_items_on_cluster(
                        items,
                        scheduler=scheduler,
                        workers=workers,
                        model_dir=model_dir,
                        unit="sentence" if unit == "sentence" else "article",
                    )
                else:
                    scored_items = score_items(
                        items,
                        model_dir=model_dir,
                        unit="sentence" if unit == "sentence" else "article",
                        jobs=workers,
                        # Without --sentences the sentence rows would be built, sent back
                        # from the workers and dropped.
                        sentences=sentence_report is not None,
                    )
                skipped = resumed.items if resumed is not None else 0
                for scored in _progress(scored_items, quiet, inputs, skipped):
                    if unit == "sentence":
                        for row in scored.sentences:
                            report.write(row)
                    else:
                        report.write(scored.article)
                        if sentence_report is not None and scored.ok:
                            for row in scored.sentences:
                                sentence_report.write(row)
                    if len(shown) < SUMMARY_ROWS:
                        shown.append(scored.article)
                    if not scored.ok:
                        failed += 1
                        if not quiet:
                            article = scored.article
                            click.echo(f"scorer: {article['id']}: {article['error']}", err=True)
            except KeyboardInterrupt:
                if sentence_report is not None:
                    sentence_report.interrupt()
                raise
            except BaseException:
                if sentence_report is not None:
                    sentence_report.abort()
                raise
            if sentence_report is not None:
                sentence_report.close()
    except ScorerError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        _report_interrupted(report)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _stdout_gone()
        sys.exit(EXIT_BROKEN_PIPE)
    finally:
        restore_signals()
    if output != "-" and not quiet:
        _print_summary(shown, output, sentences_path)
    if failed:
        click.echo(f"scorer: {failed} item(s) could not be scored", err=True)
        sys.exit(EXIT_ITEMS_FAILED)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="page.html for one article; a folder for one page per article and an index.html.",
)
@click.option("--text-column", default="text", show_default=True, help="Text column of tables.")
@click.option("--id-column", default=None, help="Id column of tables (default: FILE:ROW).")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="A model directory shaped like models/ (default: the shipped models).",
)
@click.option("-q", "--quiet", is_flag=True, help="No 'wrote' line and no per-item error lines.")
def annotate(
    inputs: tuple[str, ...],
    output: str,
    text_column: str,
    id_column: str | None,
    model_dir: str | None,
    quiet: bool,
) -> None:
    """Write annotated HTML pages of INPUT articles: cues marked, scores explained.

    Each page is self-contained (no network) and shows the text with hedges, boosters, loaded
    words, sources by type, quotations and '!' marked, the two scores with what moved them, and
    the sentences sortable by certainty. Articles that cannot be scored get no page; the exit
    code is then 1.
    """
    from scorer.annotate import write_annotated
    from scorer.io import iter_items

    for path in inputs:
        if path != "-" and not os.path.exists(path):
            raise CommandError(f"no such file or directory: {path}", EXIT_USAGE)
    try:
        items = iter_items(
            inputs,
            text_column=text_column,
            id_column=id_column,
            stdin=sys.stdin.buffer if "-" in inputs else None,
        )
        result = write_annotated(items, output, model_dir=model_dir)
    except ScorerError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        click.echo("scorer: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if not quiet:
        for item_id, message in result.failed:
            click.echo(f"scorer: {item_id}: {message}", err=True)
        if result.index is not None:
            click.echo(f"wrote {len(result.pages)} page(s) and {result.index}", err=True)
        elif result.pages:
            click.echo(f"wrote {result.pages[0]}", err=True)
    if result.failed:
        click.echo(f"scorer: {len(result.failed)} item(s) could not be annotated", err=True)
        sys.exit(EXIT_ITEMS_FAILED)


@cli.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="The corpora folder (default: ../shared/data beside the checkout).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Where to write the model files and cards (default: the repository's models/).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Training config (JSON; default: models/train_config.json).",
)
@click.option(
    "--sentences",
    "sentences_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Your labelled sentences (CSV/TSV/JSONL: text,label with 1 = uncertain) to add.",
)
@click.option(
    "--articles",
    "articles_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Your labelled articles (CSV/TSV/JSONL: text,label with 1 = well sourced) to add.",
)
def train(
    data_dir: str | None,
    out_dir: str | None,
    config_path: str | None,
    sentences_path: str | None,
    articles_path: str | None,
) -> None:
    """Train the certainty, sourcing and reliability models and write their model cards.

    Trains on the corpora the config names and on your own labelled files; a config with
    "corpora": [] trains on your files only. The same data and code give byte-identical model
    files. Prints the dev metrics as JSON.
    """
    import json

    from scorer.train import load_config, train_all

    root = _repo_root()
    data = Path(data_dir) if data_dir else root.parent / "shared" / "data"
    out = Path(out_dir) if out_dir else root / "models"
    try:
        config = load_config(config_path)
        if (config.certainty.corpora or config.sourcing.corpora) and not data.is_dir():
            raise CommandError(f"no training data at {data}; pass --data DIR", EXIT_USAGE)
        metrics = train_all(
            data if data.is_dir() else None,
            out,
            config,
            sentences=sentences_path,
            articles=articles_path,
        )
    except ScorerError as error:
        raise _fail(error) from None
    click.echo(json.dumps(metrics, indent=1))
    click.echo(f"models and model cards written to {out}", err=True)


@cli.command()
@click.argument("data", type=click.Path(exists=True))
@click.option(
    "--task",
    type=click.Choice(["hedge", "certainty", "attribution", "article"]),
    required=True,
    help="hedge: F1 of uncertain sentences; certainty: Pearson r with a rating; "
    "attribution: sentence (and source-span) F1; article: ROC AUC of sourcing and reliability.",
)
@click.option(
    "--model",
    "model_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="A model directory shaped like models/ (default: the shipped models).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def evaluate(data: str, task: str, model_dir: str | None, fmt: str) -> None:
    """Measure the scorer on DATA: the corpora folder (dev splits) or a labelled file.

    A labelled file is CSV, TSV or JSONL with the columns text and label: for hedge, label 1 =
    uncertain sentence; for certainty, a rating (higher = more certain); for attribution, 1 =
    the sentence attributes (an optional source column holds the source's words as written);
    for article, 1 = well sourced.
    """
    import json

    from scorer.evaluate import evaluate as run_evaluation

    try:
        result = run_evaluation(data, task, model_dir)
    except ScorerError as error:
        raise _fail(error) from None
    if fmt == "json":
        click.echo(json.dumps(result, indent=1))
        return
    _echo_metrics(result, "")


def _echo_metrics(metrics: dict[str, Any], prefix: str) -> None:
    """One line per metric; a group of plain numbers on one line, nested groups as a.b."""
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            _echo_metrics(value, f"{name}.")
        elif isinstance(value, dict):
            click.echo(f"{name}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
        else:
            click.echo(f"{name}: {value}")


def main() -> None:
    """Entry point of the ``scorer`` command and ``python -m scorer``."""
    cli(prog_name="scorer")


__all__ = ["cli", "main"]


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
