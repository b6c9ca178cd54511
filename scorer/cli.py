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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from scorer.errors import DataError, InputError, ModelError, ScorerError
from scorer.version import __version__
from scorer.writing.display import clip

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


def _show_progress(quiet: bool) -> bool:
    """A progress bar only where a person watches: stderr is a terminal and --quiet was not
    given."""
    return not quiet and sys.stderr.isatty()


_TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet")


def _check_stdin_options(
    ctx: click.Context, inputs: Sequence[str], input_format: str | None
) -> None:
    """Refuse stdin options that would be ignored: --input-format without '-', and
    --text-column or --id-column when '-' is read as plain text and no other input is a table
    (``cat articles.csv | scorer score - --text-column body`` would score the whole CSV as one
    article)."""
    if input_format is not None and "-" not in inputs:
        raise CommandError(
            "--input-format says what standard input holds; give '-' as an input", EXIT_USAGE
        )
    if "-" not in inputs or input_format not in (None, "text"):
        return
    if any(name.lower().endswith(_TABLE_SUFFIXES) for name in inputs if name != "-"):
        return
    for option, name in (("--text-column", "text_column"), ("--id-column", "id_column")):
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE:
            raise CommandError(
                f"{option} picks a column of a table, but standard input is read as one text; "
                "for a table give --input-format csv (or tsv, jsonl)",
                EXIT_USAGE,
            )


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
            f"  {shown}  {clip(cues, 110, at_word=True)}",
            err=True,
        )


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
    from scorer.reading.inputs import parse_size

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


def _report_interrupted(partial: Path | None, rows: int) -> None:
    if partial is None:
        click.echo("scorer: interrupted; no report written", err=True)
        return
    click.echo(
        f"scorer: interrupted; no report written; the first {rows} rows are kept in "
        f"{partial} (run the same command with --resume to continue)",
        err=True,
    )


def _note(message: str) -> None:
    click.echo(f"scorer: {message}", err=True)


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
    "--input-format",
    type=click.Choice(["text", "csv", "tsv", "jsonl"]),
    default=None,
    help="What standard input ('-') holds: one text (the default; a web page is recognised), "
    "or a table with one article per row.",
)
@click.option(
    "--keep",
    "keep_spec",
    metavar="COLUMN[,COLUMN...]",
    default="",
    help="Copy these table columns (outlet, url, date, ...) into the reports: after "
    "'sourcing' in the article report, after 'source' in the sentence report.",
)
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
    input_format: str | None,
    keep_spec: str,
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
    from scorer.writing.files import ScoringInterrupted, score_files

    _check_stdin_options(click.get_current_context(), inputs, input_format)
    restore_signals = _terminate_as_interrupt()
    try:
        result = score_files(
            inputs,
            output,
            sentences=sentences_path,
            unit="sentence" if unit == "sentence" else "article",
            text_column=text_column,
            id_column=id_column,
            max_bytes=max_bytes,
            input_format=input_format or "text",
            keep=[name.strip() for name in keep_spec.split(",") if name.strip()],
            resume=resume,
            model_dir=model_dir,
            jobs=jobs,
            fmt="jsonl" if fmt == "jsonl" else "csv" if fmt == "csv" else None,
            engine="dask" if engine == "dask" else "local",
            scheduler=scheduler,
            progress=_show_progress(quiet),
            notify=None if quiet else _note,
        )
    except ScorerError as error:
        raise _fail(error) from None
    except ScoringInterrupted as stop:
        _report_interrupted(stop.partial, stop.rows)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        _report_interrupted(None, 0)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _stdout_gone()
        sys.exit(EXIT_BROKEN_PIPE)
    finally:
        restore_signals()
    if output != "-" and not quiet:
        _print_summary(result.first_rows, output, sentences_path)
    if result.failed:
        click.echo(f"scorer: {result.failed} item(s) could not be scored", err=True)
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
    from scorer.writing.files import annotate_files

    try:
        result = annotate_files(
            inputs, output, text_column=text_column, id_column=id_column, model_dir=model_dir
        )
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
@click.argument("reports", nargs=-1, required=True)
@click.option(
    "--by",
    required=True,
    help="Group by this column of the reports (kept with scorer score --keep), or 'domain' "
    "with --url-column.",
)
@click.option(
    "--url-column",
    default=None,
    help="With --by domain: group by the registered domain of this column's URLs.",
)
@click.option(
    "--min-articles",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Flag groups with fewer scored articles (they are kept).",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Profile table (.csv or .jsonl); '-' writes to stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default=None,
    help="Table format (default: from the -o extension, else csv).",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write a self-contained page of the profiles to this file.",
)
@click.option(
    "--resamples",
    type=click.IntRange(min=100),
    default=2000,
    show_default=True,
    help="Bootstrap resamples per 95% interval.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("-q", "--quiet", is_flag=True, help="No 'wrote' lines.")
def profile(
    reports: tuple[str, ...],
    by: str,
    url_column: str | None,
    min_articles: int,
    output: str,
    fmt: str | None,
    html_path: str | None,
    resamples: int,
    seed: int,
    quiet: bool,
) -> None:
    """Profile groups of articles (outlets, domains) from article REPORTS of scorer score.

    Reads the reports (CSV or JSONL, any size, in chunks) and writes one row per group: article
    counts, the mean certainty and sourcing with 95% bootstrap intervals, the mix of sources
    over the group's sentences, the authors' hearsay and '!' rates, the share of quotations and
    the most frequent cues. Groups with fewer than --min-articles scored articles are flagged.
    """
    from scorer.writing.profiles import profile_files

    try:
        result = profile_files(
            reports,
            by,
            output,
            html=html_path,
            url_column=url_column,
            min_articles=min_articles,
            resamples=resamples,
            seed=seed,
            fmt="jsonl" if fmt == "jsonl" else "csv" if fmt == "csv" else None,
        )
    except ScorerError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        click.echo("scorer: interrupted; nothing written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _stdout_gone()
        sys.exit(EXIT_BROKEN_PIPE)
    if not quiet:
        what = f"{result.groups} groups from {result.articles} articles, {result.flagged} flagged"
        if output != "-":
            click.echo(f"wrote {output} ({what})", err=True)
        else:
            click.echo(f"scorer: {what}", err=True)
        if html_path:
            click.echo(f"wrote {html_path}", err=True)


@cli.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="The corpora folder (default in a source checkout: ../shared/data beside it).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Where to write the model files and cards (default in a source checkout: its "
    "models/; required otherwise).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Training config (JSON; default: the one shipped in scorer/training/).",
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

    from scorer.training.train import load_config, train_all, train_paths

    try:
        config = load_config(config_path)
        data, out = train_paths(data_dir, out_dir, config)
        metrics = train_all(data, out, config, sentences=sentences_path, articles=articles_path)
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

    from scorer.training.evaluate import evaluate as run_evaluation

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
