"""Turning a file's bytes into text, and naming the encoding that was used.

Files come in whatever encoding the program that saved them used, usually without saying
which. The rules, in order:

1. Nothing, or a known binary format (PDF, images, archives, Office and RTF documents): an
   error that says what the file looks like and, for documents, how to convert it.
2. A byte-order mark names the encoding (UTF-8, UTF-16, UTF-32).
3. NUL bytes: UTF-16 without a byte-order mark puts a NUL beside every ASCII character, all on
   the same side (odd offsets for little-endian, even for big-endian). Such text is decoded as
   UTF-16; any other NUL is binary data.
4. Strict UTF-8, the web's and modern editors' encoding.
5. UTF-8 with a few bad bytes (a stray cp1252 quote pasted into a UTF-8 file): decoded as
   UTF-8, each bad byte becoming U+FFFD, when the correctly decoded non-ASCII characters
   outnumber the bad bytes.
6. cp1252 (Windows' code page for English and Western Europe), when it reads the bytes as
   Western text: most letters ASCII (a Cyrillic or Greek code page read as cp1252 gives
   nothing but accented letters), no symbol inside a word ("w³aœnie" is Polish cp1250) and
   none of the Icelandic letters that Turkish cp1254 turns into. charset-normalizer, which
   would otherwise decide, tells cp1252 from its neighbours poorly when few bytes are not
   ASCII: on cp1252 excerpts of English news it chose another code page (cp775, cp850,
   Big5, ...) for a third of 40-character excerpts and 2% of 1,000-character ones.
7. Otherwise charset-normalizer picks the encoding (cp1251, KOI8-R, cp932, GB18030, UTF-16
   without NULs, ...) by decoding the bytes with each candidate and measuring how chaotic
   and how language-like the results are; an encoding the file declares itself
   (``<meta charset>``, ``encoding="..."``) is tried first.
8. The text must then read as text: almost no control characters, and, over 20 characters,
   some spaces or punctuation (binary data decoded as a double-byte code page is a run of
   random ideographs without either). Otherwise the file is refused: its text would be
   mojibake, which the scorer would score as if it were words.

The encoding is named as Python spells it, with hyphens: ``utf-8``, ``utf-8-sig`` (UTF-8 with
a byte-order mark), ``utf-16-le``, ``cp1252``, ``cp1251``, ``koi8-r``, ``cp932``; UTF-8 with
replaced bytes is ``utf-8 (bad bytes replaced)``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from scorer.errors import ItemError

__all__ = ["REPLACED", "Decoded", "binary_kind", "decode"]

#: The encoding reported for UTF-8 read with some bad bytes replaced.
REPLACED = "utf-8 (bad bytes replaced)"

#: How to turn the document formats most often given instead of text into text.
_CONVERT_PDF = "convert it to text first, e.g. pdftotext FILE.pdf FILE.txt"
_CONVERT_OFFICE = "convert it to text first, e.g. pandoc FILE -t plain -o FILE.txt"
_CONVERT_OLD_OFFICE = "convert it to text first, e.g. soffice --headless --convert-to txt FILE"

#: Magic numbers of the binary formats most often misnamed as text, with the wording used in
#: the error ("not text: looks like a PDF document").
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", f"a PDF document; {_CONVERT_PDF}"),
    (b"{\\rtf", f"an RTF document; {_CONVERT_OFFICE}"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", f"a zip archive (or an Office document: {_CONVERT_OFFICE})"),
    (b"PK\x05\x06", f"a zip archive (or an Office document: {_CONVERT_OFFICE})"),
    # The OLE2 container of .doc, .xls and .ppt files from before 2007.
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", f"an old Office document; {_CONVERT_OLD_OFFICE}"),
    (b"\x7fELF", "an executable"),
    (b"PAR1", "a Parquet table"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: C0/C1 control characters other than whitespace: real text has (almost) none, binary
#: data decoded as a single-byte code page has many.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Share of control characters above which a decoding is rejected as not text.
_MAX_CONTROL_SHARE = 0.01
#: Texts at least this long must have some whitespace or punctuation ...
_MIN_CHARS_FOR_SPACING = 20
#: ... at least this share of their characters. Prose in any script is well above it
#: (English about 20%, Chinese and Japanese 5-10% from their commas and full stops); random
#: bytes decoded as a double-byte code page are near 0.
_MIN_SPACING_SHARE = 0.02
#: Candidates within this much of the best one's coherence count as a tie (see _pick).
_COHERENCE_TIE = 0.01
#: Above this share of non-ASCII letters, text is not Western European (see _western).
#: French and Hungarian, the most accented, stay under 15%.
_MAX_ACCENTED_SHARE = 0.3
#: Non-letters that may sit inside a word in real text: apostrophes, hyphens, dashes.
_IN_WORD_MARKS = frozenset("’‘'-‐‑–—·")
#: Icelandic letters: Turkish text in cp1254 read as cp1252 turns ğ, ş, ı into ð, þ, ý.
_ICELANDIC = frozenset("ðþýÐÞÝ")
#: Bytes examined by charset-normalizer: enough for its measures to settle, bounded so that a
#: 10 MB file costs no more than a small one.
_DETECT_BYTES = 200_000


@dataclass(frozen=True)
class Decoded:
    """A decoded text and the encoding it was decoded from."""

    text: str
    encoding: str


def binary_kind(head: bytes) -> str | None:
    """What a known binary format's first bytes say it is ("a PDF document; convert ..."),
    or ``None``."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _readable(text: str) -> bool:
    """Whether ``text`` reads as text rather than as binary data decoded by some code page."""
    if not text:
        return True
    if len(_CONTROL_RE.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        return False
    if len(text) < _MIN_CHARS_FOR_SPACING:
        return True
    sample = text[:_DETECT_BYTES]
    spacing = sum(1 for c in sample if c.isspace() or unicodedata.category(c)[0] == "P")
    return spacing >= _MIN_SPACING_SHARE * len(sample)


def _strict(data: bytes, encoding: str, partial: bool) -> str:
    """``data`` decoded strictly; with ``partial``, a character cut off at the end is left out.

    Raises:
        UnicodeDecodeError: ``data`` is not in ``encoding``.
    """
    if not partial:
        return data.decode(encoding)
    return codecs.getincrementaldecoder(encoding)().decode(data, final=False)


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 side whose NULs ``data`` has: ``utf-16-le`` if every NUL is at an odd
    offset, ``utf-16-be`` if every one is at an even offset, else ``None``."""
    odd = data[1::2].count(0)
    even = data[0::2].count(0)
    if odd and not even:
        return "utf-16-le"
    if even and not odd:
        return "utf-16-be"
    return None


def _utf8_replacing(data: bytes) -> str | None:
    """``data`` as UTF-8 with its bad bytes replaced, if they are few; else ``None``."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    # A cp1252 file read as UTF-8 has (nearly) no well-formed multi-byte sequence; a UTF-8 file
    # with a stray byte has many more of them than bad bytes.
    return text if 0 < bad <= good else None


def _western(data: bytes, partial: bool) -> str | None:
    """``data`` read as cp1252, if that gives Western European text (rule 6); else ``None``."""
    try:
        text = _strict(data, "cp1252", partial)
    except UnicodeDecodeError:
        return None
    letters = accented = 0
    for char in text:
        if char.isalpha():
            letters += 1
            accented += char > "\x7f"
    if accented > _MAX_ACCENTED_SHARE * letters:
        return None
    for index, char in enumerate(text):
        if char <= "\x7f" or char.isspace() or (char.isalpha() and char not in _ICELANDIC):
            continue
        if char in _ICELANDIC:
            return None
        inside = 0 < index < len(text) - 1 and text[index - 1].isalpha()
        if inside and text[index + 1].isalpha() and char not in _IN_WORD_MARKS:
            return None
    return text


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name.replace("_", "-")


def _pick(data: bytes, partial: bool = False) -> tuple[str, str] | None:
    """charset-normalizer's reading of ``data``: (text, encoding), or ``None``."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:_DETECT_BYTES]))
    if not matches:
        return None
    best = matches[0]
    # Western European code pages decode most Latin text alike and tie on every measure;
    # cp1252 is then the likely one (Windows' default for English and Western Europe).
    for match in matches if _western(data, partial) is not None else ():
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence - _COHERENCE_TIE
        ):
            best = match
            break
    encoding = best.encoding
    try:
        text = _strict(data, encoding, partial)
    except UnicodeDecodeError:
        # The sample decoded but the rest does not: not this encoding after all.
        return None
    try:
        # charset-normalizer keeps one of several code pages that give the same text; name it
        # cp1252 when that is one of them.
        if encoding != "cp1252" and _strict(data, "cp1252", partial) == text:
            encoding = "cp1252"
    except UnicodeDecodeError:
        pass
    return text, _codec_name(encoding)


def decode(data: bytes, *, partial: bool = False) -> Decoded:
    """Decode a file's bytes by the rules in the module docstring.

    Args:
        data: The raw bytes.
        partial: ``data`` is the start of a longer file, possibly cut inside a character: a
            character cut off at the end is left out instead of counting against the encoding.

    Returns:
        The text (line endings as in the file) and the encoding used.

    Raises:
        ItemError: ``"empty file"``, ``"not text: looks like a PNG image"`` and the like,
            ``"cannot decode as UTF-16 despite its BOM"``, or ``"cannot decode: not UTF-8,
            and no other encoding gives readable text"``.
    """
    if not data:
        raise ItemError("empty file")
    kind = binary_kind(data)
    if kind is not None:
        raise ItemError(f"not text: looks like {kind}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = _strict(data, encoding, partial).removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                family = encoding.removesuffix("-sig").removesuffix("-le").removesuffix("-be")
                family = family.upper()
                raise ItemError(f"cannot decode as {family} despite its BOM") from exc
            return Decoded(text, encoding)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data[: len(data) // 2 * 2] if partial else data)
        if utf16 is not None:
            try:
                wide: str | None = _strict(data, utf16, partial)
            except UnicodeDecodeError:
                wide = None
            if wide is not None and _readable(wide):
                return Decoded(wide, utf16)
        raise ItemError("not text: contains NUL bytes (binary data)")
    try:
        return Decoded(_strict(data, "utf-8", partial), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = _utf8_replacing(data)
    if replaced is not None:
        return Decoded(replaced, REPLACED)
    western = _western(data, partial)
    if western is not None and _readable(western):
        return Decoded(western, "cp1252")
    picked = _pick(data, partial)
    if picked is not None and _readable(picked[0]):
        return Decoded(*picked)
    raise ItemError("cannot decode: not UTF-8, and no other encoding gives readable text")
