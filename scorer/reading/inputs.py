"""Reading inputs (files, directories, tables, HTML, stdin) into :class:`Item` objects.

Every input becomes a stream of items, in input order and lazily, so an archive of millions
of articles is read with flat memory. An item that cannot be read still comes out, with
``text=None`` and a one-line ``error``: a batch never dies for one bad item. Only problems
with a whole input (a missing path, a table without the text column) raise
:class:`~scorer.errors.InputError`.

Text is decoded by :func:`decode_bytes` (the rules are in :mod:`scorer.reading.decoding`; each item
records the encoding used) and its line endings normalised: ``"\\r\\n"`` and lone ``"\\r"``
become ``"\\n"``. All character offsets computed downstream are offsets into
this normalised text (``Item.text``), not into the bytes on disk.

No single item may exceed ``max_bytes`` (:data:`DEFAULT_MAX_BYTES`, 10 MB): a file, a table
cell, a JSONL line or standard input over the limit becomes an error item (``"too large: 20.0
MB (limit 10 MB; --max-bytes to raise)"``) without being read into memory where that can be
avoided. A news article is 2-50 KB and a very long feature a few hundred KB; 10 MB of text is
a book shelf or a scrape gone wrong, which would cost about half a minute and a few hundred MB
to score as one meaningless "article" (a 20 MB file took 63 s and 470 MB).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from io import TextIOWrapper
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from scorer.errors import InputError, ItemError
from scorer.reading.decoding import REPLACED, binary_kind, decode

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DOCUMENT_SUFFIXES",
    "STDIN_FORMATS",
    "Item",
    "decode_bytes",
    "format_size",
    "html_to_text",
    "iter_items",
    "kept_value",
    "parse_size",
    "read_text_file",
]

#: Largest item read by default, in bytes (see the module docstring for why 10 MB).
DEFAULT_MAX_BYTES = 10_000_000

#: File types picked up when a directory is given (tables are only read when named).
DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_CSV_SEPARATORS = {".csv": ",", ".tsv": "\t"}

#: Rows per pandas chunk: large enough to amortise pandas' per-chunk overhead, small enough
#: that a chunk of long articles stays at a few tens of MB.
CHUNK_ROWS = 2_000
#: Bytes read per step when checking a table's encoding (constant memory on any size).
_SNIFF_BYTES = 1 << 20

_NEWLINE_RE = re.compile(r"\r\n?")
_SIZE_RE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def format_size(n_bytes: int) -> str:
    """``20000000`` -> ``"20.0 MB"``; decimal units, as file managers show them."""
    if n_bytes < 1_000_000:
        return f"{n_bytes / 1_000:.1f} KB"
    if n_bytes < 1_000_000_000:
        return f"{n_bytes / 1_000_000:.1f} MB"
    return f"{n_bytes / 1_000_000_000:.1f} GB"


def parse_size(text: str) -> int:
    """Parse a size such as ``"50MB"``, ``"200k"``, ``"1.5G"`` or ``"10000000"`` into bytes.

    Raises:
        ValueError: If ``text`` is not a number with an optional k/M/G (B) suffix.
    """
    match = _SIZE_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (examples: 50MB, 200KB, 1GB, 0 for no limit)")
    return int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])


def _too_large(n_bytes: int, max_bytes: int) -> str:
    limit = f"{max_bytes // 1_000_000} MB" if max_bytes % 1_000_000 == 0 else format_size(max_bytes)
    return f"too large: {format_size(n_bytes)} (limit {limit}; --max-bytes to raise)"


def _over(n_bytes: int, max_bytes: int | None) -> bool:
    return bool(max_bytes) and n_bytes > max_bytes  # type: ignore[operator]


@dataclass(frozen=True)
class Item:
    """One article to score.

    Attributes:
        id: The article's identifier (not necessarily unique).
        source: Where it came from: the file path, ``"path:ROW"`` for a table row (ROW is
            the 1-based data row; for JSONL the line number), or ``"<stdin>"``.
        text: The text, line endings normalised to ``"\\n"``; ``None`` if it cannot be read.
        error: A plain one-line reason when ``text`` is ``None``, else ``""``.
        encoding: The encoding the text was decoded from (``"utf-8"``, ``"cp1251"``, ...; see
            :mod:`scorer.reading.decoding`); ``""`` when it was given as text (a DataFrame, a
            string) or could not be read. Not part of equality: the same text is the same item.
        kept: ``(column, value)`` pairs of the table's columns that the caller asked to keep
            (``iter_items(keep=...)``), carried into the item's report rows; empty otherwise.
    """

    id: str
    source: str
    text: str | None
    error: str = ""
    encoding: str = field(default="", compare=False)
    kept: tuple[tuple[str, Any], ...] = field(default=(), compare=False)


def _normalise_newlines(text: str) -> str:
    return _NEWLINE_RE.sub("\n", text) if "\r" in text else text


def _binary_kind(head: bytes) -> str | None:
    return binary_kind(head)


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a file's bytes: :func:`decode_bytes` with the encoding used."""
    decoded = decode(data)
    if not decoded.text.strip():
        raise ItemError("empty text")
    return _normalise_newlines(decoded.text), decoded.encoding


def decode_bytes(data: bytes) -> str:
    """Decode a text file's bytes, normalise line endings, and reject non-text.

    Order (details in :mod:`scorer.reading.decoding`): binary magic numbers, byte-order marks,
    UTF-16
    without one, strict UTF-8, UTF-8 with a few bad bytes replaced, then the encoding
    charset-normalizer finds; the result must read as text.

    Args:
        data: The raw bytes.

    Returns:
        The text with ``"\\r\\n"`` and ``"\\r"`` turned into ``"\\n"``.

    Raises:
        ItemError: ``"empty file"``, ``"empty text"`` (whitespace only), ``"not text: looks
            like a PNG image"`` and the like, or ``"cannot decode: not UTF-8, and no other
            encoding gives readable text"``.
    """
    return _decode(data)[0]


def read_text_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> str:
    """Read a text file with :func:`decode_bytes`' rules.

    Args:
        path: The file.
        max_bytes: Refuse files larger than this (checked before reading); ``None`` or 0
            for no limit.

    Returns:
        Its text, line endings normalised to ``"\\n"``: offsets are into this text.

    Raises:
        ItemError: If the file cannot be read, is too large, empty, binary or undecodable.
    """
    return _read_file(path, max_bytes)[0]


def _read_file(path: str | os.PathLike[str], max_bytes: int | None) -> tuple[str, str]:
    """(text, encoding) of a text file, by :func:`read_text_file`'s rules."""
    try:
        with Path(path).open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if _over(size, max_bytes):
                raise ItemError(_too_large(size, max_bytes or 0))
            data = handle.read()
    except OSError as exc:
        raise ItemError(f"cannot read: {exc.strerror or exc}") from exc
    return _decode(data)


#: Elements whose text is never article text, for the fallback extractor.
_HTML_DROP = (
    "head",
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "template",
    "iframe",
    "svg",
    "button",
)
#: Block-level elements: the fallback puts a line break after each so paragraphs stay apart.
_HTML_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "table",
        "dd",
        "dt",
        "figcaption",
        "main",
    }
)
_BLANK_LINES_RE = re.compile(r"\n\s*\n\s*")
_INLINE_SPACE_RE = re.compile(r"[^\S\n]+")


def _lxml_text(html: str) -> str:
    """Whole-page text with obvious chrome removed: the fallback when trafilatura gives up."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_HTML_DROP)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _HTML_BLOCKS:
            element.tail = "\n" + (element.tail or "")
    text = _INLINE_SPACE_RE.sub(" ", root.text_content())
    lines = (line.strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()


#: A line that is only the heading of a reader-comment section ("Reader comments", "Comments
#: (3)", "14 thoughts on “...”", "Have your say"). On a page whose comments carry no markup
#: the extractor cannot tell them from the story; their heading can, and comments follow the
#: article, so the article ends at it.
_COMMENTS_HEADING_RE = re.compile(
    r"(?:(?:readers?['’]?|users?['’]?|your|latest|all|show|view)\s+)?comments?"
    r"(?:\s*\(\d+\))?|\d+\s+(?:comments?|responses?|replies|thoughts\s+on\s+.{1,200})|"
    r"have\s+your\s+say(?:\s*\(\d+(?:\s+comments?)?\))?|join\s+the\s+(?:discussion|conversation)|"
    r"leave\s+a\s+(?:comment|reply)|what\s+do\s+you\s+think\??",
    re.IGNORECASE,
)
#: Characters of text that must come before such a heading: one at the top of the text is
#: page furniture above the article, not the end of it.
_MIN_TEXT_BEFORE_COMMENTS = 200


def _cut_comment_section(text: str) -> str:
    """``text`` up to the first line that is only a comment-section heading (see above)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        heading = line.strip().rstrip(":").strip()
        if (
            offset >= _MIN_TEXT_BEFORE_COMMENTS
            and len(heading) <= 240
            and _COMMENTS_HEADING_RE.fullmatch(heading)
        ):
            return text[:offset].rstrip()
        offset += len(line)
    return text


def html_to_text(html: str) -> str:
    """Extract the main article text from an HTML page.

    Uses trafilatura in its precision mode, without comment sections or tables (not prose);
    the text ends at a line that is only a comment-section heading. If trafilatura finds
    nothing, falls back to the page's text without scripts, styles, navigation, headers and
    footers. Precision mode was chosen by measuring: ``python benchmarks/pages.py`` on 88
    saved pages with the article body marked by hand (docs/input.md has the figures).

    Args:
        html: The page.

    Returns:
        The article text, one paragraph per line.

    Raises:
        ItemError: If the page has no text at all.
    """
    import trafilatura

    try:
        text = trafilatura.extract(
            html,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
        )
    except Exception:  # trafilatura raises assorted lxml/parser errors on broken pages
        text = None
    if not text or not text.strip():
        text = _lxml_text(html)
    text = _cut_comment_section(text)
    if not text.strip():
        raise ItemError("no text found in the HTML")
    return _normalise_newlines(text)


#: The name standard input goes by in sources ("<stdin>:3") and messages.
_STDIN = Path("<stdin>")


def _stem(path: Path) -> str:
    if path == _STDIN:
        return "stdin"  # ids of stdin items: "stdin", "stdin:3" for a table row
    return path.stem if path.suffix else path.name


_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL
)


_MD_HEADING = re.compile(r"^[ ]{0,3}#{1,6}(?=[ \t])", re.MULTILINE)


def _read_document(path: Path, max_bytes: int | None) -> Item:
    item_id = _stem(path)
    try:
        text, encoding = _read_file(path, max_bytes)
        if path.suffix.lower() in _HTML_SUFFIXES or _HTML_START.match(text):
            # A saved web page is HTML whatever its name ("page.txt"): scoring its markup
            # and scripts as prose would give nonsense sentences.
            text = html_to_text(text)
        elif path.suffix.lower() == ".md":
            # A Markdown heading's "#" marks are layout, not text; blanked rather than cut, so
            # that offsets still index the file as read.
            text = _MD_HEADING.sub(lambda m: " " * len(m.group()), text)
    except ItemError as exc:
        return Item(item_id, str(path), None, str(exc))
    return Item(item_id, str(path), text, encoding=encoding)


def _iter_directory(directory: Path) -> Iterator[Path | Item]:
    """Documents under ``directory``, depth first, each folder's entries sorted by name.

    Equivalent to sorting all paths by their components, but holds one folder listing per
    level instead of the whole tree (archives can hold millions of files). Hidden files and
    folders (``.git``, ``.ipynb_checkpoints``) are skipped, not descended into. A folder that
    cannot be listed is an error item: its documents would otherwise be missing unnoticed.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield Item(
            directory.name, str(directory), None, f"cannot read folder: {exc.strerror or exc}"
        )
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            # Symlinked folders are not followed: a link loop would recurse for ever.
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            yield from _iter_directory(path)
        elif path.suffix.lower() in DOCUMENT_SUFFIXES:
            yield path


def _cell_text(value: object, max_bytes: int | None = None) -> tuple[str | None, str]:
    """Return (text, error) for one table cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, "empty text"
    if not isinstance(value, str):
        return None, f"text is not a string ({type(value).__name__})"
    # A character is at most 4 UTF-8 bytes: encode (a copy) only when the cell may be over.
    if max_bytes and len(value) * 4 > max_bytes:
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            return None, _too_large(size, max_bytes)
    if not value.strip():
        return None, "empty text"
    return _normalise_newlines(value), ""


def _cell_id(value: object, fallback: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fallback
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # pandas turns an int column with gaps into floats: 7.0 -> "7"
    text = str(value).strip()
    return text or fallback


def _row_item(
    path: Path,
    row: int,
    text_value: object,
    id_value: object,
    max_bytes: int | None = None,
    encoding: str = "utf-8",
    kept: tuple[tuple[str, Any], ...] = (),
) -> Item:
    fallback = f"{_stem(path)}:{row}"
    text, error = _cell_text(text_value, max_bytes)
    used = encoding if text is not None else ""
    return Item(_cell_id(id_value, fallback), f"{path}:{row}", text, error, used, kept)


def kept_value(value: object) -> Any:
    """A kept cell as report rows hold it: text, numbers, booleans and empty cells (``None``)
    as they are; lists and objects (JSONL) as JSON text; anything else (dates from Parquet) as
    its string, so that both report formats can write it."""
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if hasattr(value, "item") and hasattr(value, "dtype"):  # numpy scalars (DataFrame cells)
        value = value.item()
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _missing_column(path: Path, column: str, columns: Iterable[object]) -> InputError:
    listed = ", ".join(str(c) for c in columns)
    return InputError(f"no column '{column}' in {path.name}; columns are: {listed}")


def _check_columns(
    path: Path,
    columns: Sequence[object],
    text_column: str,
    id_column: str | None,
    keep: Sequence[str] = (),
) -> None:
    for column in (text_column, id_column, *keep):
        if column is not None and column not in columns:
            raise _missing_column(path, column, columns)


def _table_encoding(handle: BinaryIO) -> tuple[str, str, str]:
    """(codec, error handling, encoding reported) to read a CSV/TSV with.

    The encoding is picked from the first MB by :mod:`scorer.reading.decoding`'s rules, then checked
    by streaming through the whole file (constant memory). A file whose later bytes do not
    decode is read with those bytes replaced, and reported so. ``handle`` is left anywhere.
    """
    head = handle.read(_SNIFF_BYTES)
    if not head:
        raise ItemError("empty file")
    whole = not handle.read(1)
    reported = decode(head, partial=not whole).encoding
    codec = reported
    if reported == REPLACED:
        return "utf-8", "replace", REPLACED
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"  # these two consume the byte-order mark; "utf-16-le" would not
    elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        codec = "utf-32"
    if whole:
        return codec, "strict", reported
    handle.seek(0)
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        while block := handle.read(_SNIFF_BYTES):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        base = reported.removesuffix("-sig")
        return codec, "replace", REPLACED if base == "utf-8" else f"{base} (bad bytes replaced)"
    return codec, "strict", reported


def _iter_csv(
    path: Path,
    sep: str,
    text_column: str,
    id_column: str | None,
    max_bytes: int | None,
    spool: BinaryIO | None = None,
    keep: Sequence[str] = (),
) -> Iterator[Item]:
    """One item per data row, streamed with the standard :mod:`csv` reader.

    Python's reader rather than pandas, because it fails one row at a time: a row that
    cannot be parsed (a stray quote, more cells than the header) becomes one error item and
    the rows after it are still read, where pandas gives up on the rest of the table. Every
    cell is a string ("007" stays "007"); blank lines are not rows. ``spool``, if given, is a
    seekable binary file to read instead of ``path`` (standard input spooled to disk).
    """
    file_id = _stem(path)
    try:
        binary = spool if spool is not None else path.open("rb")
        try:
            codec, errors, encoding = _table_encoding(binary)
        except BaseException:
            binary.close()
            raise
        binary.seek(0)
        handle = TextIOWrapper(binary, encoding=codec, errors=errors, newline="")
    except ItemError as exc:
        yield Item(file_id, str(path), None, str(exc))
        return
    except OSError as exc:
        yield Item(file_id, str(path), None, f"cannot read: {exc.strerror or exc}")
        return
    # The reader refuses cells over 128 KB by default; long articles are bigger. The limit
    # is process-wide, so it is only ever raised; item sizes are checked per cell instead.
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    with handle:
        lines = _LinesTaken(handle)
        # strict: a malformed row raises (and the reader resumes on the next line) instead
        # of being silently merged into a neighbouring cell.
        reader = csv.reader(lines, delimiter=sep, strict=True)
        try:
            header = next(reader, None)
            while header is not None and not header:  # blank lines before the header
                header = next(reader, None)
        except (csv.Error, UnicodeDecodeError, OSError) as exc:
            yield Item(file_id, str(path), None, f"cannot parse the header row: {exc}")
            return
        if header is None:
            yield Item(file_id, str(path), None, "empty table: no header row")
            return
        _check_columns(path, header, text_column, id_column, keep)
        text_index = header.index(text_column)
        id_index = header.index(id_column) if id_column else None
        keep_index = [(name, header.index(name)) for name in keep]
        row = 0

        def table_row(cells: list[str], line: int) -> Item:
            if len(cells) > len(header):
                return Item(
                    f"{file_id}:{row}",
                    f"{path}:{row}",
                    None,
                    f"row {row} (line {line}) has {len(cells)} cells, the header has {len(header)}",
                )
            # Short rows are padded, as spreadsheets write them: the missing cells are empty.
            text = cells[text_index] if text_index < len(cells) else ""
            item_id = cells[id_index] if id_index is not None and id_index < len(cells) else None
            kept = tuple((name, cells[i] if i < len(cells) else "") for name, i in keep_index)
            return _row_item(path, row, text, item_id, max_bytes, encoding, kept)

        while True:
            lines.taken.clear()
            first_line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if sep == "\t":
                    # A TSV cell that merely starts with a quote mark ('"Officials said so.')
                    # is text, not quoting: its lines are read again as plain tab-separated
                    # rows, so that neither it nor the rows the quote ran into are lost.
                    for offset, raw in enumerate(lines.taken):
                        plain = raw.rstrip("\r\n")
                        if plain:
                            row += 1
                            yield table_row(plain.split("\t"), first_line + offset)
                    continue
                row += 1
                yield Item(
                    f"{file_id}:{row}",
                    f"{path}:{row}",
                    None,
                    f"cannot parse row {row} (line {reader.line_num}): {_csv_reason(exc)}",
                )
                continue
            except (UnicodeDecodeError, OSError) as exc:
                # Not recoverable: the decoder or the file failed under the reader.
                message = " ".join(str(exc).split())
                yield Item(
                    file_id, str(path), None, f"cannot read table after row {row}: {message}"
                )
                return
            if not cells:
                continue
            row += 1
            yield table_row(cells, reader.line_num)


class _LinesTaken:
    """A file's lines for :func:`csv.reader`, remembering those taken since ``taken`` was
    cleared: the physical lines of the row being read."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.taken: list[str] = []

    def __iter__(self) -> _LinesTaken:
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.taken.append(line)
        return line


#: Field size limit set on the csv module: above any sane cell, below what exhausts memory.
_CSV_FIELD_LIMIT = 1 << 30


def _csv_reason(exc: csv.Error) -> str:
    reason = str(exc)
    if reason == "unexpected end of data":
        return "a quoted cell is never closed before the end of the file"
    return reason


#: How many lines of a JSONL file may lack the text field before the first one that has it.
_JSONL_LOOKAHEAD = 1000


def _iter_jsonl(
    path: Path,
    text_column: str,
    id_column: str | None,
    max_bytes: int | None,
    lines: Iterable[bytes] | None = None,
    keep: Sequence[str] = (),
) -> Iterator[Item]:
    """One item per line of a JSONL file (or of ``lines``, standard input's)."""
    file_id = _stem(path)
    checked = False
    pending: list[Item] = []  # errors seen before the first object with the text field
    seen_keys: dict[str, None] = {}  # keys of the objects up to it, in order
    try:
        handle: Any = contextlib.nullcontext(lines) if lines is not None else path.open("rb")
    except OSError as exc:
        yield Item(file_id, str(path), None, f"cannot read: {exc.strerror or exc}")
        return
    with handle as opened:
        for line_number, raw in enumerate(opened, start=1):
            source = f"{path}:{line_number}"
            fallback = f"{file_id}:{line_number}"
            if line_number == 1:
                kind = _binary_kind(raw)
                if kind is not None:
                    yield Item(file_id, str(path), None, f"not text: looks like {kind}")
                    return
                raw = raw.removeprefix(codecs.BOM_UTF8)
            raw = raw.strip()
            if not raw:
                continue
            if _over(len(raw), max_bytes):
                # Checked before parsing: the decoded object would be several times bigger.
                error = Item(fallback, source, None, _too_large(len(raw), max_bytes or 0))
                if checked:
                    yield error
                else:
                    pending.append(error)
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                # exc's own "line 1 column 22" is relative to the line, so only the column.
                message = f"{exc.msg.removesuffix(' at')} at column {exc.colno}"
            except (ValueError, UnicodeDecodeError) as exc:
                message = " ".join(str(exc).split())
            else:
                message = ""
            if message:
                error = Item(
                    fallback, source, None, f"malformed JSON on line {line_number}: {message}"
                )
                if checked:
                    yield error
                else:
                    pending.append(error)
                continue
            if not isinstance(record, dict):
                error = Item(
                    fallback,
                    source,
                    None,
                    f"line {line_number} is not a JSON object ({type(record).__name__})",
                )
                if checked:
                    yield error
                else:
                    pending.append(error)
                continue
            if not checked:
                # JSONL has no header: the columns are checked on the first object with the
                # text field, and objects before it are rows without text. No such object in
                # the first lines is a wrong --text-column, not an article.
                seen_keys.update(dict.fromkeys(record))
                if text_column in record:
                    _check_columns(path, list(seen_keys), text_column, id_column, keep)
                    checked = True
                    yield from pending
                    pending.clear()
                elif len(pending) >= _JSONL_LOOKAHEAD:
                    raise _missing_column(path, text_column, seen_keys)
            if text_column not in record:
                missing = Item(
                    _cell_id(record.get(id_column) if id_column else None, fallback),
                    source,
                    None,
                    f"no '{text_column}' field on this line",
                )
                if checked:
                    yield missing
                else:
                    pending.append(missing)
                continue
            item_id = record.get(id_column) if id_column else None
            kept = tuple((name, kept_value(record.get(name))) for name in keep)
            yield _row_item(path, line_number, record[text_column], item_id, max_bytes, kept=kept)
    if seen_keys and not checked:
        raise _missing_column(path, text_column, seen_keys)
    yield from pending


def _iter_parquet(
    path: Path,
    text_column: str,
    id_column: str | None,
    max_bytes: int | None,
    keep: Sequence[str] = (),
) -> Iterator[Item]:
    file_id = _stem(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Item(
            file_id,
            str(path),
            None,
            "cannot read Parquet: pyarrow is not installed (pip install 'scorer[parquet]')",
        )
        return
    try:
        table = pq.ParquetFile(path)
        columns = table.schema_arrow.names
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... on broken files
        message = " ".join(str(exc).split())
        yield Item(file_id, str(path), None, f"cannot parse table: {message}")
        return
    _check_columns(path, columns, text_column, id_column, keep)
    wanted = [text_column] + ([id_column] if id_column and id_column != text_column else [])
    wanted += [name for name in keep if name not in wanted]
    row = 0
    try:
        for batch in table.iter_batches(batch_size=CHUNK_ROWS, columns=wanted):
            data = batch.to_pydict()
            texts = data[text_column]
            ids = data[id_column] if id_column else [None] * len(texts)
            for i, (text, item_id) in enumerate(zip(texts, ids, strict=True)):
                row += 1
                kept = tuple((name, kept_value(data[name][i])) for name in keep)
                yield _row_item(path, row, text, item_id, max_bytes, kept=kept)
    except Exception as exc:  # a corrupt row group half-way through
        message = " ".join(str(exc).split())
        yield Item(file_id, str(path), None, f"cannot parse table after row {row}: {message}")


def _read_stdin(stdin: TextIO | BinaryIO | None, max_bytes: int | None) -> Item:
    stream: Any = sys.stdin if stdin is None else stdin
    try:
        # Prefer the raw bytes, so stdin gets the same decoding rules as files.
        buffer = getattr(stream, "buffer", None)
        source = buffer if buffer is not None else stream
        # One unit past the limit is enough to know it is over, without reading it all.
        data = source.read(max_bytes + 1) if max_bytes else source.read()
        if max_bytes and len(data) > max_bytes:
            raise ItemError(f"too large: over {format_size(max_bytes)} (--max-bytes to raise)")
        encoding = ""
        if isinstance(data, bytes):
            text, encoding = _decode(data)
        else:
            if not data.strip():
                raise ItemError("empty text")
            text = _normalise_newlines(data)
        if _HTML_START.match(text):
            text = html_to_text(text)  # a page piped in (curl URL | scorer score -)
    except ItemError as exc:
        return Item("stdin", "<stdin>", None, str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        return Item("stdin", "<stdin>", None, f"cannot read standard input: {exc}")
    return Item("stdin", "<stdin>", text, encoding=encoding)


#: What standard input may hold (``--input-format``): one text, or a table of them.
STDIN_FORMATS = ("text", "csv", "tsv", "jsonl")


def _iter_stdin(
    stdin: TextIO | BinaryIO | None,
    input_format: str,
    text_column: str,
    id_column: str | None,
    max_bytes: int | None,
) -> Iterator[Item]:
    """The items of standard input: one text, or one per row of a CSV, TSV or JSONL table."""
    if input_format == "text":
        yield _read_stdin(stdin, max_bytes)
        return
    stream: Any = sys.stdin if stdin is None else stdin
    binary = getattr(stream, "buffer", stream)
    if input_format == "jsonl":
        yield from _iter_jsonl(_STDIN, text_column, id_column, max_bytes, _bytes_lines(binary))
        return
    import tempfile

    # The CSV reader checks the encoding on the whole table and then reads it again: the pipe is
    # copied to an anonymous temporary file (no name, so nothing is left behind however the
    # run ends), in blocks, so memory stays flat.
    with tempfile.TemporaryFile() as spool:
        try:
            while block := binary.read(_SNIFF_BYTES):
                spool.write(block.encode("utf-8") if isinstance(block, str) else block)
        except OSError as exc:
            yield Item("stdin", "<stdin>", None, f"cannot read standard input: {exc}")
            return
        spool.seek(0)
        separator = "\t" if input_format == "tsv" else ","
        yield from _iter_csv(_STDIN, separator, text_column, id_column, max_bytes, spool)


def _bytes_lines(stream: Any) -> Iterator[bytes]:
    """Lines of a stream as bytes, for the JSONL reader (a text stream is encoded as UTF-8)."""
    for line in stream:
        yield line.encode("utf-8") if isinstance(line, str) else line


def _iter_path(
    path: Path,
    text_column: str,
    id_column: str | None,
    max_bytes: int | None,
    keep: Sequence[str] = (),
) -> Iterator[Item]:
    if path.is_dir():
        found = False
        for member in _iter_directory(path):
            found = True
            yield member if isinstance(member, Item) else _read_document(member, max_bytes)
        if not found:
            kinds = ", ".join(sorted(DOCUMENT_SUFFIXES))
            yield Item(path.name, str(path), None, f"no documents ({kinds}) in this folder")
        return
    suffix = path.suffix.lower()
    if suffix in _CSV_SEPARATORS:
        sep = _CSV_SEPARATORS[suffix]
        yield from _iter_csv(path, sep, text_column, id_column, max_bytes, keep=keep)
    elif suffix == ".jsonl":
        yield from _iter_jsonl(path, text_column, id_column, max_bytes, keep=keep)
    elif suffix == ".parquet":
        yield from _iter_parquet(path, text_column, id_column, max_bytes, keep=keep)
    else:
        yield _read_document(path, max_bytes)


def iter_items(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    text_column: str = "text",
    id_column: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    input_format: str = "text",
    keep: Sequence[str] = (),
) -> Iterator[Item]:
    """Yield one :class:`Item` per article in ``inputs``, in order, lazily.

    Inputs may be text files (``.txt``, ``.md``, any unknown extension), HTML pages
    (``.html``, ``.htm``: main text extracted), directories (searched recursively, sorted,
    for ``.txt``/``.md``/``.html``/``.htm``, hidden files skipped), tables (``.csv``,
    ``.tsv``, ``.jsonl``, ``.parquet``: one item per row), or ``"-"`` for standard input.

    Ids: the ``id_column`` value where given and not empty, else the file name without
    extension for files, else ``"FILE:ROW"`` for table rows. Duplicate ids are kept.

    Args:
        inputs: Paths, or ``"-"``.
        text_column: The tables' text column.
        id_column: The tables' id column, if any.
        stdin: Stream read for ``"-"`` (default: ``sys.stdin``).
        input_format: What ``"-"`` holds: ``text`` (one item; a web page is recognised and
            its article text taken), or a ``csv``, ``tsv`` or ``jsonl`` table (one item per
            row, with ``text_column`` and ``id_column``; ids ``stdin:ROW`` by default).
        max_bytes: Largest item, in bytes (a file, a table cell, a JSONL line, stdin);
            larger ones become error items ``"too large: ..."``. ``None`` or 0: no limit.
        keep: Table columns whose values each item carries (``Item.kept``), in this order.
            Every input must then be a table that has them.

    Yields:
        Items; unreadable ones have ``text=None`` and an ``error``.

    Raises:
        InputError: Before the first item, if a path does not exist, ``input_format`` is
            unknown, or ``keep`` is given and an input is not a table; when a table is reached,
            if it lacks the text, id or a kept column (before any of its rows).
    """
    if input_format not in STDIN_FORMATS:
        raise InputError(
            f"unknown input format {input_format!r}; choose one of: {', '.join(STDIN_FORMATS)}"
        )
    paths: list[Path | None] = []
    for name in inputs:
        if str(name) == "-":
            paths.append(None)
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"no such file or directory: {name}")
        paths.append(path)
    if keep:
        _check_tables(inputs, paths)
    for maybe_path in paths:
        if maybe_path is None:
            yield from _iter_stdin(stdin, input_format, text_column, id_column, max_bytes)
        else:
            yield from _iter_path(maybe_path, text_column, id_column, max_bytes, keep)


_TABLE_SUFFIXES = (*_CSV_SEPARATORS, ".jsonl", ".parquet")


def _check_tables(inputs: Sequence[str | os.PathLike[str]], paths: Sequence[Path | None]) -> None:
    """Kept columns come from table rows: a document, folder or stdin has none to keep."""
    for name, path in zip(inputs, paths, strict=True):
        if path is None or path.is_dir() or path.suffix.lower() not in _TABLE_SUFFIXES:
            kinds = ", ".join(_TABLE_SUFFIXES)
            raise InputError(
                f"cannot keep columns of {name}: only tables ({kinds}) have columns to keep"
            )
