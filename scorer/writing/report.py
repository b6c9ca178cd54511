"""Writing reports: CSV or JSONL, fixed column order, row by row, atomically, resumably.

Rows are written as they are scored, so memory stays flat on any corpus size. A report file is
written as ``report.csv.partial`` beside it and renamed into place only when the run finishes,
so an interrupted run never leaves a half-written report under the requested name.

Every row reaches the ``.partial`` file as it is written (handed to the operating system at
once, and forced to disk every few seconds), so however a run ends, Ctrl-C, SIGTERM, or
``kill -9`` from the out-of-memory killer, the rows written so far are there, and nothing
else is: no temporary file of another name. A later run finds the complete rows with
:func:`read_rows` (a row cut off by the kill is dropped) and starts its own report with them
(:class:`ReportWriter`'s ``resume_from``), then carries on with the items after them: items
come out of the readers in a fixed order, so "the first N rows" are "the first N items". A
run that resumes from the ``.partial`` file keeps writing into it, cut back to its last
complete row; a run that does not resume starts it afresh at its first row. Two runs cannot
write one report at once: the ``.partial`` file is locked while it is written.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

Format = Literal["csv", "jsonl"]

#: Appended to the report's name for the file written until the run finishes.
PARTIAL_SUFFIX = ".partial"
#: Rows are forced to disk (fsync) at most this often, so that a power cut loses at most a few
#: seconds of them; each row reaches the operating system at once, so a killed process loses
#: none.
SYNC_SECONDS = 5.0


class ReportFormatError(ValueError):
    """A report file cannot be resumed from: other columns, or not a report at all."""


class ReportBusyError(OSError):
    """Another run is writing the same report (its ``.partial`` file is locked)."""


def partial_path(path: str | Path) -> Path:
    """Where an interrupted run keeps its rows: ``report.csv`` -> ``report.csv.partial``."""
    path = Path(path)
    return path.with_name(path.name + PARTIAL_SUFFIX)


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
    for row, _ in _complete_rows(Path(path), list(columns), fmt):
        yield row


def rows_end(path: str | Path, columns: Sequence[str], fmt: Format, rows: int) -> int:
    """The byte offset just after the first ``rows`` complete rows of a report (after its
    header for 0): where a resumed report carries on.

    Raises:
        ReportFormatError: As :func:`read_rows`.
        ValueError: The report has fewer complete rows than ``rows``.
    """
    path = Path(path)
    end = _header_end(path, list(columns), fmt)
    if rows == 0:
        return end
    found = 0
    for found, (_, offset) in enumerate(_complete_rows(path, list(columns), fmt), start=1):
        if found == rows:
            return offset
    raise ValueError(f"{path.name} has {found} complete rows, not {rows}")


def _header_end(path: Path, columns: list[str], fmt: Format) -> int:
    if fmt != "csv":
        return 0
    with path.open("rb") as handle:
        lines = _OffsetLines(handle)
        try:
            header = next(csv.reader(lines, strict=True), None)
        except csv.Error:
            header = None
    if header != columns or not lines.complete:
        raise ReportFormatError(f"{path.name} does not have this report's columns")
    return lines.offset


class _OffsetLines:
    """A binary file's lines, decoded, for :func:`csv.reader`; ``offset`` is the byte offset
    after the lines taken so far, ``complete`` whether the last one ended with a newline."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.offset = 0
        self.complete = True

    def __iter__(self) -> _OffsetLines:
        return self

    def __next__(self) -> str:
        line = self.handle.readline()
        if not line:
            raise StopIteration
        self.offset += len(line)
        self.complete = line.endswith(b"\n")
        return line.decode("utf-8", errors="replace")


def _complete_rows(path: Path, columns: list[str], fmt: Format) -> Iterator[tuple[dict, int]]:
    """(row, byte offset after it) for each complete row, in order; see :func:`read_rows`."""
    with path.open("rb") as handle:
        lines = _OffsetLines(handle)
        if fmt == "csv":
            reader = csv.reader(lines, strict=True)
            try:
                header = next(reader, None)
            except csv.Error:
                header = None
            if header != columns:
                raise ReportFormatError(f"{path.name} does not have this report's columns")
            while True:
                try:
                    cells = next(reader)
                except (StopIteration, csv.Error):
                    return
                # A row counts only if it ends with its newline: the writer's last act.
                if len(cells) != len(columns) or not lines.complete:
                    return
                yield dict(zip(columns, cells, strict=True)), lines.offset
        for number, line in enumerate(lines):
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
            if not lines.complete:
                return
            yield record, lines.offset


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


def _lock(fd: int, path: Path) -> None:
    """Lock the open ``.partial`` file for this run, or raise :class:`ReportBusyError`."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, the rest works
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ReportBusyError(11, f"another scorer run is writing {path.name}", str(path)) from None


class ReportWriter:
    """Writes report rows with a fixed column order to a file (atomically) or to stdout.

    Args:
        path: the report file; ``None`` or ``"-"`` writes to stdout.
        columns: the column order; every row is written with exactly these columns.
        fmt: ``csv`` or ``jsonl``.
        resume_from: a report, or the ``.partial`` file of an interrupted run, whose first
            ``keep`` complete rows start this report (an interrupted run's own ``.partial`` is
            cut back to them and written on; another file's rows are copied).
        keep: how many rows of ``resume_from`` to keep.

    Raises:
        ReportBusyError: another run is writing this report.
        OSError: the report cannot be written.
    """

    def __init__(
        self,
        path: str | Path | None,
        columns: Sequence[str],
        fmt: Format = "csv",
        *,
        resume_from: str | Path | None = None,
        keep: int = 0,
    ):
        self.columns = list(columns)
        self.fmt = fmt
        self.rows = 0
        #: Where the rows written so far are kept, once :meth:`interrupt` has been called.
        self.partial: Path | None = None
        self._target = None if path is None or str(path) == "-" else Path(path)
        self._tmp: Path | None = None
        #: Whether this run has taken over the ``.partial`` file (cut it back or started it).
        self._started = False
        self._resumed = False
        self._synced = time.monotonic()
        # A device or pipe ("-o /dev/null", "-o /dev/stderr", a FIFO) is written to directly:
        # renaming a finished file over it would replace the device with a plain file.
        self._special: IO[str] | None = None
        self._stream: IO[str]
        self._csv: Any = None
        if self._target is not None and self._target.exists() and not self._target.is_file():
            if self._target.is_dir():
                raise IsADirectoryError(21, "Is a directory", str(self._target))
            self._special = open(self._target, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._stream = self._special
            self._target = None
        elif self._target is None:
            self._stream = sys.stdout
        else:
            self._target.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = partial_path(self._target)
            # O_CREAT without O_TRUNC: the file may hold an interrupted run's rows, which are
            # only cut once the lock says no other run is writing them.
            fd = os.open(self._tmp, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                _lock(fd, self._tmp)
            except BaseException:
                os.close(fd)
                raise
            self._stream = os.fdopen(fd, "r+", encoding="utf-8", newline="")
            if resume_from is not None:
                self._resume(Path(resume_from), keep)
            return
        self._start()

    def _resume(self, source: Path, keep: int) -> None:
        assert self._tmp is not None
        end = rows_end(source, self.columns, self.fmt, keep)
        handle = self._stream.buffer  # type: ignore[attr-defined]
        if source.exists() and self._tmp.exists() and os.path.samefile(source, self._tmp):
            handle.truncate(end)  # the torn last row, and the rows not kept, go
            handle.seek(end)
        else:
            handle.truncate(0)
            with source.open("rb") as copied:
                remaining = end
                while remaining and (block := copied.read(min(remaining, 1 << 20))):
                    handle.write(block)
                    remaining -= len(block)
            handle.flush()
        self._stream.seek(0, os.SEEK_END)
        self._csv = csv.writer(self._stream, lineterminator="\n") if self.fmt == "csv" else None
        self.rows = keep
        self._started = self._resumed = True

    def _start(self) -> None:
        """Take over the ``.partial`` file (empty it) and write the header: on the first row."""
        self._started = True
        if self._tmp is not None:
            self._stream.seek(0)
            self._stream.truncate()
        self._csv = csv.writer(self._stream, lineterminator="\n") if self.fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(self.columns)

    def write(self, row: dict[str, Any]) -> None:
        """Write one row; keys missing from ``row`` are written empty."""
        if not self._started:
            self._start()
        if self._csv is not None:
            self._csv.writerow([_csv_value(row.get(c)) for c in self.columns])
        else:
            record = {c: _json_value(row.get(c)) for c in self.columns}
            self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.rows += 1
        if self._tmp is not None:
            # To the operating system at once: a killed process loses no row written.
            self._stream.flush()
            if time.monotonic() - self._synced > SYNC_SECONDS:
                self._sync()

    def _sync(self) -> None:
        os.fsync(self._stream.fileno())
        self._synced = time.monotonic()

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
        """Finish the report: flush, and move the ``.partial`` file into place."""
        if not self._started:
            self._start()
        if self._tmp is None:
            self._stream.flush()
            self._close_special()
            return
        self._stream.flush()
        self._sync()
        self._stream.close()  # and with it the lock
        assert self._target is not None
        os.replace(self._tmp, self._target)
        self._tmp = None

    def _close_special(self) -> None:
        if self._special is not None and not self._special.closed:
            self._special.close()

    def interrupt(self) -> Path | None:
        """Stop, keeping the rows written so far in ``<target>.partial``; returns that path.

        The target itself is left as it was. Nothing is kept (``None``) when writing to stdout
        or when no row was written; a ``.partial`` file this run never took over (it stopped
        before its first row) is left as it was, and returned if it holds rows.
        """
        if self._tmp is None:
            self._stream.flush()
            self._close_special()
            return None
        kept = self._tmp
        self._stream.flush()
        if self._started:
            self._sync()
        self._stream.close()
        self._tmp = None
        if self._started and self.rows == 0:
            kept.unlink(missing_ok=True)
            return None
        if not self._started and not _has_rows(kept, self.columns, self.fmt):
            if kept.stat().st_size == 0:
                kept.unlink(missing_ok=True)  # created empty by this run
            return None
        self.partial = kept
        return kept

    def abort(self) -> None:
        """Drop the unfinished report (the target file is left as it was).

        Rows kept from an interrupted run (``resume_from``) stay in the ``.partial`` file, with
        those written since; a ``.partial`` file this run never took over is left as it was.
        """
        if self._tmp is None:
            self._close_special()
            return
        self._stream.close()
        written = self._started and not self._resumed  # only this run's rows: drop them
        created = not self._started and self._tmp.stat().st_size == 0  # created by this run
        if written or created:
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


def _has_rows(path: Path, columns: list[str], fmt: Format) -> bool:
    """Whether a ``.partial`` file holds at least one complete row of this report."""
    try:
        return next(read_rows(path, columns, fmt), None) is not None
    except (OSError, ReportFormatError):
        return False
