"""Writing reports: CSV or JSONL, fixed column order, row by row, atomically.

Rows are written as they are scored, so memory stays flat on any corpus size. A report file is
written to a temporary file beside it and renamed into place only when the run finishes, so an
interrupted run never leaves a half-written report under the requested name.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

Format = Literal["csv", "jsonl"]


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
        self._target = None if path is None or str(path) == "-" else Path(path)
        self._tmp: Path | None = None
        if self._target is None:
            self._stream: IO[str] = sys.stdout
        else:
            directory = self._target.parent
            directory.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{self._target.name}.", suffix=".part", dir=directory
            )
            self._tmp = Path(name)
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

    def close(self) -> None:
        """Finish the report: flush, and move the temporary file into place."""
        if self._tmp is None:
            self._stream.flush()
            return
        self._stream.close()
        assert self._target is not None
        os.replace(self._tmp, self._target)
        self._tmp = None

    def abort(self) -> None:
        """Drop the unfinished report (the target file is left as it was)."""
        if self._tmp is None:
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
        else:
            self.abort()
