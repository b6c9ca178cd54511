"""Writing reports: CSV or JSONL, fixed column order, row by row, atomically, resumably.

Rows are written as they are scored, so memory stays flat on any corpus size. A report file is
written to a temporary file beside it and renamed into place only when the run finishes, so an
interrupted run never leaves a half-written report under the requested name.

Interruption keeps the progress: on Ctrl-C or SIGTERM (:meth:`ReportWriter.interrupt`) the rows
written so far are kept beside the target as ``report.csv.partial``. A later run can read its
complete rows back with :func:`read_rows` (a row cut off by the interruption is dropped) and
copy them into its own report with :meth:`ReportWriter.copy_rows`, then carry on with the items
after them: items come out of the readers in a fixed order, so "the first N rows" are "the
first N items". A run that finishes removes the ``.partial`` file it supersedes.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

Format = Literal["csv", "jsonl"]

#: Appended to the report's name for the progress kept by an interrupted run.
PARTIAL_SUFFIX = ".partial"


class ReportFormatError(ValueError):
    """A report file cannot be resumed from: other columns, or not a report at all."""


def partial_path(path: str | Path) -> Path:
    """Where an interrupted run keeps its rows: ``report.csv`` -> ``report.csv.partial``."""
    path = Path(path)
    return path.with_name(path.name + PARTIAL_SUFFIX)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() == 0:
            return False
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def read_rows(path: str | Path, columns: Sequence[str], fmt: Format = "csv") -> Iterator[dict]:
    """Yield the complete rows of a report written by :class:`ReportWriter`, lazily.

    The writer ends every row with a newline, so an interrupted write leaves at most one
    incomplete row, at the very end: it is recognised (no final newline, a cell short, a quote
    never closed, a JSON line cut off) and dropped, as is anything after the first bad row.

    Args:
        path: The report, or the ``.partial`` file an interrupted run left.
        columns: The columns the report must have, in order.
        fmt: ``csv`` (values come back as strings, as written) or ``jsonl`` (JSON values).

    Yields:
        One dict per complete row, keyed by column.

    Raises:
        ReportFormatError: The file's header (CSV) or first record's keys (JSONL) are not
            ``columns``: it was written by another version or with other options.
    """
    path = Path(path)
    columns = list(columns)
    complete_end = _ends_with_newline(path)
    with path.open(encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            reader = csv.reader(handle, strict=True)
            try:
                header = next(reader, None)
            except csv.Error:
                header = None
            if header != columns:
                raise ReportFormatError(f"{path.name} does not have this report's columns")
            rows: Iterator[dict] = _csv_rows(reader, columns)
        else:
            rows = _jsonl_rows(handle, columns, path)
        # Hold each row back until the next one parses: the last row counts only if the
        # file ends with its newline.
        previous = None
        for row in rows:
            if previous is not None:
                yield previous
            previous = row
        if previous is not None and complete_end:
            yield previous


def _csv_rows(reader: Any, columns: list[str]) -> Iterator[dict]:
    while True:
        try:
            cells = next(reader)
        except (StopIteration, csv.Error):
            return
        if len(cells) != len(columns):
            return
        yield dict(zip(columns, cells, strict=True))


def _jsonl_rows(handle: IO[str], columns: list[str], path: Path) -> Iterator[dict]:
    for number, line in enumerate(handle):
        try:
            record = json.loads(line)
        except ValueError:
            if number == 0:
                raise ReportFormatError(f"{path.name} is not a JSONL report") from None
            return
        if not isinstance(record, dict) or list(record) != columns:
            if number == 0:
                raise ReportFormatError(f"{path.name} does not have this report's columns")
            return
        yield record


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class ReportWriter:
    """Writes report rows with a fixed column order to a file (atomically) or to stdout.

    Args:
        path: the report file; ``None`` or ``"-"`` writes to stdout.
        columns: the column order; every row is written with exactly these columns.
        fmt: ``csv`` or ``jsonl``.
    """

    def __init__(self, path: str | Path | None, columns: Sequence[str], fmt: Format = "csv"):
        self.columns = list(columns)
        self.fmt = fmt
        self.rows = 0
        #: Where :meth:`interrupt` kept the rows written so far, once it has been called.
        self.partial: Path | None = None
        self._target = None if path is None or str(path) == "-" else Path(path)
        self._tmp: Path | None = None
        # A device or pipe ("-o /dev/null", "-o /dev/stderr", a FIFO) is written to directly:
        # renaming a finished file over it would replace the device with a plain file.
        self._special: IO[str] | None = None
        self._stream: IO[str]
        if self._target is not None and self._target.exists() and not self._target.is_file():
            if self._target.is_dir():
                raise IsADirectoryError(21, "Is a directory", str(self._target))
            self._special = open(self._target, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._stream = self._special
            self._target = None
        elif self._target is None:
            self._stream = sys.stdout
        else:
            directory = self._target.parent
            directory.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{self._target.name}.", suffix=".part", dir=directory
            )
            self._tmp = Path(name)
            # mkstemp makes the file private (0600); a report is an ordinary file, so give it
            # the mode a plain open() would: 0666 less the umask.
            os.chmod(name, 0o666 & ~_umask())
            self._stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._stream, lineterminator="\n") if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(self.columns)

    def write(self, row: dict[str, Any]) -> None:
        """Write one row; keys missing from ``row`` are written empty."""
        if self._csv is not None:
            self._csv.writerow([_csv_value(row.get(c)) for c in self.columns])
        else:
            record = {c: _json_value(row.get(c)) for c in self.columns}
            self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.rows += 1

    def copy_rows(self, rows: Iterable[dict[str, Any]], limit: int | None = None) -> int:
        """Write rows read back with :func:`read_rows` (at most ``limit``); returns how many.

        Rows round-trip unchanged: CSV cells are the strings the writer wrote, JSON values
        re-serialise to the same text.
        """
        copied = 0
        for row in rows:
            if limit is not None and copied >= limit:
                break
            self.write(row)
            copied += 1
        return copied

    def close(self) -> None:
        """Finish the report: flush, and move the temporary file into place.

        A ``.partial`` file left for the target by an interrupted run is removed: this
        report supersedes it.
        """
        if self._tmp is None:
            self._stream.flush()
            self._close_special()
            return
        self._stream.close()
        assert self._target is not None
        os.replace(self._tmp, self._target)
        self._tmp = None
        partial_path(self._target).unlink(missing_ok=True)

    def _close_special(self) -> None:
        if self._special is not None and not self._special.closed:
            self._special.close()

    def interrupt(self) -> Path | None:
        """Stop, keeping the rows written so far as ``<target>.partial``; returns that path.

        The target itself is left as it was. Nothing is kept (``None``) when writing to stdout
        or when no row was written. An existing ``.partial`` that is larger than this run's
        rows is left in place: this run was stopped while copying it (``--resume``), so its
        rows are a prefix of that file's.
        """
        if self._tmp is None:
            self._stream.flush()
            self._close_special()
            return None
        assert self._target is not None
        kept = partial_path(self._target)
        self._stream.close()
        size = self._tmp.stat().st_size
        if self.rows == 0 or (kept.is_file() and kept.stat().st_size > size):
            self._tmp.unlink(missing_ok=True)
            self._tmp = None
            self.partial = kept if self.rows and kept.is_file() else None
            return self.partial
        os.replace(self._tmp, kept)
        self._tmp = None
        self.partial = kept
        return kept

    def abort(self) -> None:
        """Drop the unfinished report (the target file is left as it was)."""
        if self._tmp is None:
            self._close_special()
            return
        self._stream.close()
        self._tmp.unlink(missing_ok=True)
        self._tmp = None

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        elif issubclass(exc_type, KeyboardInterrupt):
            self.interrupt()
        else:
            self.abort()
