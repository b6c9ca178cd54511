"""The ``scorer`` command: a thin click layer over the library.

Exit codes: 0 every item scored; 1 some items could not be scored (their rows say why);
2 usage error (bad option, missing file or column); 3 model or data error (missing, edited or
stale model file; missing training data); 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from scorer import __version__
from scorer.errors import DataError, InputError, ModelError, ScorerError
from scorer.report import Format

EXIT_OK, EXIT_ITEMS_FAILED, EXIT_USAGE, EXIT_MODEL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


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


def _guess_format(path: str | None, fmt: str | None) -> Format:
    if fmt in ("csv", "jsonl"):
        return fmt  # type: ignore[return-value]
    if path and path.lower().endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"


def _progress(items: Iterator[Any], quiet: bool) -> Iterator[Any]:
    # A bar only where a person watches: stderr is a terminal and --quiet was not given.
    if quiet or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return iter(tqdm(items, unit=" items", file=sys.stderr, dynamic_ncols=True))


SUMMARY_ROWS = 20


def _print_summary(rows: list[dict[str, Any]], output: str) -> None:
    """A short table of the first articles on stderr, so a run shows its result at once."""
    click.echo(f"wrote {output}", err=True)
    if not rows:
        return
    width = min(max(len(str(r["id"])) for r in rows), 32)
    click.echo(f"{'id':<{width}}  certainty  sourcing  cues", err=True)
    for row in rows:
        if row["status"] != "ok":
            click.echo(f"{str(row['id'])[:width]:<{width}}  error: {row['error']}", err=True)
            continue
        cues = str(row.get("top_cues") or "")
        click.echo(
            f"{str(row['id'])[:width]:<{width}}  {row['certainty']:>9.2f}  {row['sourcing']:>8.2f}"
            f"  {cues[:110]}",
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
    from scorer.report import ReportWriter
    from scorer.scoring import ARTICLE_COLUMNS, SENTENCE_COLUMNS, score_items

    for path in inputs:
        if path != "-" and not os.path.exists(path):
            raise CommandError(f"no such file or directory: {path}", EXIT_USAGE)
    if scheduler and engine != "dask":
        raise CommandError("--scheduler needs --engine dask", EXIT_USAGE)
    report_format = _guess_format(output, fmt)
    workers = jobs or os.cpu_count() or 1
    try:
        load_models(model_dir)
        items = iter_items(
            inputs,
            text_column=text_column,
            id_column=id_column,
            stdin=sys.stdin.buffer if "-" in inputs else None,
        )
        main_columns = SENTENCE_COLUMNS if unit == "sentence" else ARTICLE_COLUMNS
        failed = 0
        shown: list[dict[str, Any]] = []
        with ReportWriter(output, main_columns, report_format) as report:
            sentence_report = (
                ReportWriter(sentences_path, SENTENCE_COLUMNS, _guess_format(sentences_path, None))
                if sentences_path and unit == "article"
                else None
            )
            try:
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
                    )
                for scored in _progress(scored_items, quiet):
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
            except BaseException:
                if sentence_report is not None:
                    sentence_report.abort()
                raise
            if sentence_report is not None:
                sentence_report.close()
    except ScorerError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:
        click.echo("scorer: interrupted; no report written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if output != "-" and not quiet:
        _print_summary(shown, output)
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

    Each page is self-contained (no network) and shows the text with hedges, boosters, sources
    by type, quotations and '!' marked, the two scores with what moved them, and the sentences
    sortable by certainty. Articles that cannot be scored get no page; the exit code is then 1.
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
    help="Where to write the model files (default: the repository's models/).",
)
def train(data_dir: str | None, out_dir: str | None) -> None:
    """Train the certainty and sourcing models from the public corpora.

    The same data and code give byte-identical model files.
    """
    import json

    from scorer.train import train_all

    root = _repo_root()
    data = Path(data_dir) if data_dir else root.parent / "shared" / "data"
    out = Path(out_dir) if out_dir else root / "models"
    if not data.is_dir():
        raise CommandError(f"no training data at {data}; pass --data DIR", EXIT_USAGE)
    try:
        metrics = train_all(data, out)
    except ScorerError as error:
        raise _fail(error) from None
    click.echo(json.dumps(metrics, indent=1))
    click.echo(f"models written to {out}", err=True)


def main() -> None:
    """Entry point of the ``scorer`` command and ``python -m scorer``."""
    cli(prog_name="scorer")


__all__ = ["cli", "main"]


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
