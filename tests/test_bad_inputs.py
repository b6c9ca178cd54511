"""A corpus of bad input through every reader: one row per item, a plain error, no traceback.

The small hand-written files are in ``tests/bad_inputs/``; binary, big and table inputs are
generated here in ``tmp_path`` (nothing of megabytes is committed). Every item's outcome is
pinned: status, exact error, language. The same corpus goes through the library
(``iter_items`` + ``score_items``) and through ``scorer score`` with CliRunner.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import shutil
import struct
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scorer.cli import cli
from scorer.pipeline.scoring import ARTICLE_COLUMNS, score_items
from scorer.reading.inputs import DEFAULT_MAX_BYTES, Item, iter_items, parse_size
from scorer.writing.report import read_rows

COMMITTED = Path(__file__).parent / "bad_inputs"

ENGLISH = (
    "The council approved the budget on Tuesday, officials said. According to the clerk, the "
    "vote was seven to two. Critics claimed the plan may raise taxes for most families."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag den Haushalt beschlossen. Die Mehrheit stimmte für den "
    "Entwurf, obwohl die Opposition vor neuen Schulden gewarnt hatte und nicht zustimmte."
)
TWENTY_MB = 20_000_000

# id -> (status, error, language) for every item of the corpus, in report order.
EXPECTED_DOCS: dict[str, tuple[str, str, str]] = {
    "article_ar": ("error", "not English (looks like: ar, Arabic script)", "ar"),
    "article_de": ("error", "not English (looks like: de)", "de"),
    "article_es": ("error", "not English (looks like: es)", "es"),
    "article_fr": ("error", "not English (looks like: fr)", "fr"),
    "article_ru": ("error", "not English (looks like: ru, Cyrillic script)", "ru"),
    "article_zh": ("error", "not English (looks like: zh)", "zh"),
    "emoji_rtl": ("ok", "", "en"),
    "empty": ("error", "empty file", ""),
    "gzip": ("error", "not text: looks like a gzip archive", ""),
    "high_bytes": (
        "error",
        "cannot decode: not UTF-8, and no other encoding gives readable text",
        "",
    ),
    "latin1": ("ok", "", "en"),
    "long_line": ("ok", "", "en"),
    "newlines_mixed": ("ok", "", "en"),
    "no_punctuation": ("ok", "", "en"),
    "nul_bytes": ("error", "not text: contains NUL bytes (binary data)", ""),
    "pdf": (
        "error",
        "not text: looks like a PDF document; convert it to text first, e.g. pdftotext "
        "FILE.pdf FILE.txt",
        "",
    ),
    "png": ("error", "not text: looks like a PNG image", ""),
    "random_bytes": ("error", "not text: contains NUL bytes (binary data)", ""),
    "soup": ("ok", "", "en"),
    "twenty_mb": ("error", "too large: 20.0 MB (limit 10 MB; --max-bytes to raise)", ""),
    "unclosed_title": ("error", "no text found in the HTML", ""),
    "utf16_bom": ("ok", "", "en"),
    "whitespace": ("error", "empty text", ""),
}
# The CSV's rows (ids from --id-column id; a row that cannot be parsed gets FILE:ROW).
EXPECTED_CSV: list[tuple[str, str, str, str]] = [
    ("c1", "ok", "", "en"),  # two lines and doubled quotes: short, but the identifier knows
    ("c2", "error", "empty text", ""),
    ("c1", "ok", "", "en"),  # a duplicate id is kept, not merged
    ("c3", "error", "empty text", ""),
    ("c4", "ok", "", "en"),  # the 200 KB cell
    ("table:6", "error", "row 6 (line 8) has 4 cells, the header has 2", ""),
    ("c6", "ok", "", "en"),
]
# The JSONL's lines; the blank line 3 is not an item.
EXPECTED_JSONL: list[tuple[str, str, str, str]] = [
    ("j1", "ok", "", "en"),
    ("lines:2", "error", "malformed JSON on line 2: Unterminated string starting at column 22", ""),
    ("j3", "error", "no 'text' field on this line", ""),  # its id is kept
    ("j4", "error", "text is not a string (int)", ""),
    ("j5", "error", "empty text", ""),
    ("j6", "error", "not English (looks like: de)", "de"),
    ("j7", "error", "text is not a string (list)", ""),
]


def _build_corpus(root: Path) -> tuple[Path, Path, Path]:
    """Write the corpus under ``root``: a folder of documents, a CSV and a JSONL file."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    for path in COMMITTED.iterdir():
        shutil.copy(path, docs / path.name)
    rng = random.Random(6)
    words = ENGLISH.replace(".", "").replace(",", "").split()
    seed_text = ENGLISH + "\n\n"
    generated: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t \r\n   \n",
        "random_bytes.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "high_bytes.txt": bytes(rng.randrange(0x80, 0x100) for _ in range(4096)),
        "nul_bytes.txt": b"The minister said\x00\x00\x00 the talks had failed.",
        "gzip.txt": gzip.compress(ENGLISH.encode(), mtime=0),
        "pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "png.txt": b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(17),
        "latin1.txt": ("The café in Zürich was closed, the owner said. " * 3).encode("latin-1"),
        "utf16_bom.txt": (ENGLISH + "\r\n").encode("utf-16"),
        "no_punctuation.txt": " ".join(rng.choice(words) for _ in range(60_000)).encode(),
        "long_line.txt": ((ENGLISH + " ") * (600_000 // (len(ENGLISH) + 1))).encode(),
        "twenty_mb.txt": (seed_text * (TWENTY_MB // len(seed_text) + 1)).encode()[:TWENTY_MB],
    }
    for name, data in generated.items():
        (docs / name).write_bytes(data)
    table = root / "table.csv"
    big_cell = " ".join([ENGLISH] * (200_000 // len(ENGLISH) + 1))
    table.write_text(
        "id,text\n"
        'c1,"First line\nsecond line, with ""quotes"" inside."\n'
        "c2,\n"
        'c1,"Duplicate id, said the clerk."\n'
        'c3,"   "\n'
        f'c4,"{big_cell}"\n'
        'c5,"Too",many,cells\n'
        f'c6,"{ENGLISH}"\n',
        encoding="utf-8",
    )
    lines = root / "lines.jsonl"
    lines.write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": ENGLISH}),
                '{"id": "j2", "text": "unterminated',
                "",
                json.dumps({"id": "j3", "body": "no text field"}),
                json.dumps({"id": "j4", "text": 42}),
                json.dumps({"id": "j5", "text": None}),
                json.dumps({"id": "j6", "text": GERMAN}),
                json.dumps({"id": "j7", "text": ["a", "list"]}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return docs, table, lines


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return _build_corpus(tmp_path_factory.mktemp("bad_inputs"))


def _expected() -> list[tuple[str, str, str, str]]:
    docs = [(i, status, error, lang) for i, (status, error, lang) in EXPECTED_DOCS.items()]
    return docs + EXPECTED_CSV + EXPECTED_JSONL


def _outcomes(rows: list[dict]) -> list[tuple[str, str, str, str]]:
    return [(r["id"], r["status"], r["error"] or "", r["language"] or "") for r in rows]


def test_corpus_has_one_file_per_expected_document(corpus: tuple[Path, Path, Path]) -> None:
    docs, _, _ = corpus
    assert sorted(p.stem for p in docs.iterdir()) == sorted(EXPECTED_DOCS)
    assert (docs / "twenty_mb.txt").stat().st_size == TWENTY_MB


@pytest.mark.slow
def test_library_one_row_per_item_with_plain_errors(corpus: tuple[Path, Path, Path]) -> None:
    docs, table, lines = corpus
    items = list(iter_items([docs, table, lines], id_column="id"))
    rows = [scored.article for scored in score_items(items, jobs=1)]
    assert _outcomes(rows) == _expected()
    for row in rows:
        assert "\n" not in row["error"] and "Traceback" not in row["error"]
        if row["status"] == "ok":
            assert 0.0 <= row["certainty"] <= 1.0 and 0.0 <= row["sourcing"] <= 1.0
        else:
            assert row["certainty"] is None and row["sourcing"] is None


def test_rows_name_the_encoding_their_text_was_decoded_from(
    corpus: tuple[Path, Path, Path],
) -> None:
    docs, table, lines = corpus
    wanted = {"utf16_bom.txt", "latin1.txt", "emoji_rtl.txt", "table.csv:7", "lines.jsonl:1"}
    wanted |= {"png.txt", "empty.txt", "table.csv:2"}
    items = [
        item
        for item in iter_items([docs, table, lines], id_column="id")
        if Path(item.source).name in wanted
    ]
    rows = [scored.article for scored in score_items(items, jobs=1)]
    encodings = {Path(row["source"]).name: row["encoding"] for row in rows}
    assert encodings["utf16_bom.txt"] == "utf-16-le"
    assert encodings["latin1.txt"] == "cp1252"
    assert encodings["emoji_rtl.txt"] == "utf-8"
    assert encodings["table.csv:7"] == "utf-8" and encodings["lines.jsonl:1"] == "utf-8"
    # No text was decoded: no encoding.
    assert encodings["png.txt"] == encodings["empty.txt"] == encodings["table.csv:2"] == ""


def test_scored_bad_inputs_keep_their_text(corpus: tuple[Path, Path, Path]) -> None:
    docs, _, _ = corpus
    by_id = {item.id: item for item in iter_items([docs])}
    assert by_id["newlines_mixed"].text == (
        "Council approves budget\nThe city council approved the budget on Tuesday, officials "
        "said.\nThe vote was 7 to 2, according to the clerk.\nMembers said the plan may change "
        "next year.\n\nThe mayor was not available for comment.\n"
    )
    soup = by_id["soup"].text
    assert soup is not None and soup.startswith("Officials said the old bridge would reopen")
    assert "SCRIPT" not in soup and "Advert" not in soup and "Home" not in soup
    assert by_id["latin1"].text == "The café in Zürich was closed, the owner said. " * 3
    assert by_id["utf16_bom"].text == ENGLISH + "\n"
    emoji = by_id["emoji_rtl"].text
    assert emoji is not None and "🏆" in emoji and "يوسف حداد" in emoji


@pytest.mark.slow
def test_cli_one_row_per_item_no_traceback(corpus: tuple[Path, Path, Path], tmp_path: Path) -> None:
    docs, table, lines = corpus
    report, sentences = tmp_path / "report.csv", tmp_path / "sentences.csv"
    args = [str(docs), str(table), str(lines), "--id-column", "id", "-o", str(report)]
    result = CliRunner().invoke(
        cli, ["score", *args, "--sentences", str(sentences), "-j", "1"], catch_exceptions=False
    )
    failed = [e for e in _expected() if e[1] == "error"]
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    error_lines = [f"scorer: {i}: {error}" for i, _, error, _ in failed]
    assert result.stderr.splitlines()[: len(failed)] == error_lines
    assert result.stderr.endswith(f"scorer: {len(failed)} item(s) could not be scored\n")
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ARTICLE_COLUMNS
    assert _outcomes(rows) == _expected()
    sentence_rows = list(csv.DictReader(io.StringIO(sentences.read_text(encoding="utf-8"))))
    assert len(sentence_rows) == sum(int(r["n_sentences"] or 0) for r in rows)
    assert {p.name for p in tmp_path.iterdir()} == {"report.csv", "sentences.csv"}


def test_too_large_file_is_refused_without_reading_it(corpus: tuple[Path, Path, Path]) -> None:
    big = corpus[0] / "twenty_mb.txt"
    tracemalloc.start()
    started = time.perf_counter()
    [item] = iter_items([big])
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert item == Item(
        "twenty_mb", str(big), None, "too large: 20.0 MB (limit 10 MB; --max-bytes to raise)"
    )
    assert elapsed < 1.0
    assert peak < 1_000_000  # the 20 MB were never read into memory


def test_max_bytes_limits_every_reader(tmp_path: Path) -> None:
    text = "Officials said the bridge would reopen on Monday. " * 40  # 2,000 bytes
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text(f'text\n"{text}"\nShort text.\n', encoding="utf-8")
    lines = tmp_path / "l.jsonl"
    lines.write_text(json.dumps({"text": text}) + "\n" + '{"text": "Short."}\n', encoding="utf-8")
    stdin = io.BytesIO(text.encode())
    got = list(iter_items([doc, table, lines, "-"], stdin=stdin, max_bytes=1_500))
    assert [(i.id, i.error) for i in got] == [
        ("doc", "too large: 2.0 KB (limit 1.5 KB; --max-bytes to raise)"),
        ("t:1", "too large: 2.0 KB (limit 1.5 KB; --max-bytes to raise)"),
        ("t:2", ""),
        ("l:1", "too large: 2.0 KB (limit 1.5 KB; --max-bytes to raise)"),
        ("l:2", ""),
        ("stdin", "too large: over 1.5 KB (--max-bytes to raise)"),
    ]
    unlimited = list(iter_items([doc], max_bytes=0))
    assert unlimited[0].text == text
    assert DEFAULT_MAX_BYTES == parse_size("10MB") == 10_000_000


def test_cli_max_bytes_option(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Officials said the bridge would reopen on Monday. " * 40, encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli, ["score", str(doc), "--max-bytes", "1k", "-q"])
    assert refused.exit_code == 1
    assert "too large: 2.0 KB (limit 1.0 KB; --max-bytes to raise)" in refused.stdout
    raised = runner.invoke(cli, ["score", str(doc), "--max-bytes", "1MB", "-q", "-j", "1"])
    assert raised.exit_code == 0
    bad = runner.invoke(cli, ["score", str(doc), "--max-bytes", "lots"])
    assert bad.exit_code == 2
    assert "not a size: 'lots'" in bad.stderr


@pytest.mark.parametrize(
    ("text", "size"),
    [("0", 0), ("2000", 2_000), ("1.5k", 1_500), ("10MB", 10_000_000), (" 2 GB ", 2 * 10**9)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_items_stream_lazily_over_a_large_table(tmp_path: Path) -> None:
    """Tables are streamed: the first row comes out without the table being held in memory."""
    table = tmp_path / "big.csv"
    with table.open("w", encoding="utf-8") as handle:
        handle.write("text\n")
        for n in range(50_000):
            handle.write(f'"Row {n}: {ENGLISH}"\n')
    stream: Iterator[Item] = iter_items([table])
    tracemalloc.start()
    first = next(stream)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert first.source == f"{table}:1"
    assert peak < table.stat().st_size / 2  # 3.2 MB measured for a 9.5 MB table
    assert sum(1 for _ in stream) == 49_999


# --- interruption and --resume ---------------------------------------------------------


def _small_corpus(root: Path, n: int = 100) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for i in range(n):
        # Different texts, so a row copied from the wrong item would show.
        hedge = "may" if i % 3 else "will"
        (docs / f"{i:03d}.txt").write_text(
            f"Officials said on day {i} that the plan {hedge} change. Critics claimed it was "
            f"{'late' if i % 2 else 'costly'}, according to sources.",
            encoding="utf-8",
        )
    (docs / "050.txt").write_bytes(b"")  # an error row in the middle
    return docs


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, k: int) -> None:
    """Make the CLI's item stream raise KeyboardInterrupt (as Ctrl-C would) after k items."""
    import scorer.writing.files

    real = scorer.writing.files.iter_items

    def interrupted(*args: object, **kwargs: object) -> Iterator[Item]:
        for n, item in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if n == k:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(scorer.writing.files, "iter_items", interrupted)


def _score(*args: str) -> Result:
    return CliRunner().invoke(cli, ["score", *args, "-j", "1", "-q"], catch_exceptions=False)


@pytest.fixture(scope="module")
def small_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The small corpus and its uninterrupted report and sentence report."""
    root = tmp_path_factory.mktemp("resume")
    docs = _small_corpus(root)
    report, sentences = root / "full.csv", root / "full_sentences.csv"
    result = _score(str(docs), "-o", str(report), "--sentences", str(sentences))
    assert result.exit_code == 1  # 050 is empty
    return docs, report.read_text(encoding="utf-8"), sentences.read_text(encoding="utf-8")


def test_interrupted_run_keeps_its_rows_and_resume_completes_the_report(
    small_reference: tuple[Path, str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, full, full_sentences = small_reference
    report, sentences = tmp_path / "report.csv", tmp_path / "sentences.csv"
    args = [str(docs), "-o", str(report), "--sentences", str(sentences)]
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 70)
        result = CliRunner().invoke(cli, ["score", *args, "-j", "1"], catch_exceptions=False)
    assert result.exit_code == 130
    partial = tmp_path / "report.csv.partial"
    # Items are scored in batches of 64: the interruption came while the second was read.
    assert result.stderr.splitlines()[-1] == (
        f"scorer: interrupted; no report written; the first 64 rows are kept in {partial} "
        "(run the same command with --resume to continue)"
    )
    assert "Traceback" not in result.stderr
    assert not report.exists() and not sentences.exists()
    assert {p.name for p in tmp_path.iterdir()} == {"report.csv.partial", "sentences.csv.partial"}
    assert partial.read_text(encoding="utf-8").splitlines() == full.splitlines()[:65]

    resumed = CliRunner().invoke(cli, ["score", *args, "-j", "1", "--resume"])
    assert resumed.exit_code == 1  # the empty item is in the kept rows and still counts
    assert resumed.stderr.startswith(f"scorer: resuming after 64 items ({partial})\n")
    assert resumed.stderr.endswith("scorer: 1 item(s) could not be scored\n")
    assert report.read_text(encoding="utf-8") == full
    assert sentences.read_text(encoding="utf-8") == full_sentences
    assert {p.name for p in tmp_path.iterdir()} == {"report.csv", "sentences.csv"}


def test_resume_drops_a_row_cut_off_mid_write(
    small_reference: tuple[Path, str, str], tmp_path: Path
) -> None:
    """A kill can land in the middle of a row; that row is dropped and scored again."""
    docs, full, full_sentences = small_reference
    report, sentences = tmp_path / "report.csv", tmp_path / "sentences.csv"
    lines = full.splitlines(keepends=True)
    cut = "".join(lines[:31]) + lines[31][:40]  # 30 rows, then half of the 31st
    (tmp_path / "report.csv.partial").write_text(cut, encoding="utf-8")
    # The sentence report stops short of row 30's sentences: rows 29-30 must be redone too.
    sentence_lines = full_sentences.splitlines(keepends=True)
    (tmp_path / "sentences.csv.partial").write_text(
        "".join(sentence_lines[: 1 + 2 * 27 + 1]), encoding="utf-8"
    )
    result = _score(str(docs), "-o", str(report), "--sentences", str(sentences), "--resume")
    assert result.exit_code == 1
    assert report.read_text(encoding="utf-8") == full
    assert sentences.read_text(encoding="utf-8") == full_sentences


def test_resume_from_a_complete_report_and_jsonl(tmp_path: Path) -> None:
    docs = _small_corpus(tmp_path, 10)
    report = tmp_path / "r.jsonl"
    assert _score(str(docs), "-o", str(report)).exit_code == 1
    full = report.read_text(encoding="utf-8")
    # Keep 4 rows and half of the fifth, as an interrupted JSONL run would.
    lines = full.splitlines(keepends=True)
    (tmp_path / "r.jsonl.partial").write_text("".join(lines[:4]) + lines[4][:25])
    assert _score(str(docs), "-o", str(report), "--resume").exit_code == 1
    assert report.read_text(encoding="utf-8") == full
    # With no .partial, --resume reads the finished report itself and rewrites it unchanged.
    assert _score(str(docs), "-o", str(report), "--resume").exit_code == 1
    assert report.read_text(encoding="utf-8") == full


def test_resume_refuses_a_file_with_other_columns_and_stdout(tmp_path: Path) -> None:
    docs = _small_corpus(tmp_path, 3)
    report = tmp_path / "r.csv"
    (tmp_path / "r.csv.partial").write_text("id,score\na,1\n", encoding="utf-8")
    result = _score(str(docs), "-o", str(report), "--resume")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot resume: r.csv.partial does not have this report's columns (written by "
        "another version or with other options); delete it or run without --resume\n"
    )
    to_stdout = _score(str(docs), "--resume")
    assert to_stdout.exit_code == 2
    assert to_stdout.stderr == ("Error: --resume needs a report file (-o FILE), not stdout\n")


def test_sigterm_stops_a_run_like_ctrl_c(tmp_path: Path) -> None:
    """A real process sent SIGTERM mid-run: exit 130, no report, progress kept, resumable."""
    import os
    import signal
    import subprocess
    import sys

    # 999 items (the most three-digit names allow): the run must outlast the first batch's write
    # by far more than the signal takes to arrive, or it may finish before it.
    docs = _small_corpus(tmp_path, 999)
    report = tmp_path / "r.csv"
    command = [sys.executable, "-m", "scorer", "score", str(docs), "-o", str(report), "-j", "1"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    # Wait until the first batch of rows is on disk (the .partial file grows past its header).
    deadline = time.monotonic() + 60
    partial = tmp_path / "r.csv.partial"
    while time.monotonic() < deadline and process.poll() is None:
        if partial.exists() and partial.stat().st_size > 2_000:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1].startswith(
        "scorer: interrupted; no report written; the first "
    ), stderr
    assert not report.exists()
    assert not list(tmp_path.glob(".r.csv.*"))  # no temporary file left behind
    # The signal can land in the middle of writing a row; read_rows drops that row.
    kept = sum(1 for _ in read_rows(partial, ARTICLE_COLUMNS))
    assert 0 < kept < 999, stderr
    assert f"the first {kept} rows are kept in {partial} " in stderr
    resumed = _score(str(docs), "-o", str(report), "--resume")
    assert resumed.exit_code == 1, resumed.stderr
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [f"{i:03d}" for i in range(999)]
    assert not partial.exists()


def test_report_writer_interrupt_keeps_rows_only_when_there_are_some(tmp_path: Path) -> None:
    from scorer.writing.report import ReportWriter

    target = tmp_path / "r.csv"
    with pytest.raises(KeyboardInterrupt), ReportWriter(target, ["id", "n"]):
        raise KeyboardInterrupt  # before any row: nothing worth keeping
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(KeyboardInterrupt), ReportWriter(target, ["id", "n"]) as report:
        report.write({"id": "a", "n": 1})
        report.write({"id": "b,c", "n": 2})
        raise KeyboardInterrupt
    partial = tmp_path / "r.csv.partial"
    assert report.partial == partial and not target.exists()
    assert list(read_rows(partial, ["id", "n"])) == [{"id": "a", "n": "1"}, {"id": "b,c", "n": "2"}]
    # A run stopped before its first row leaves an earlier run's rows as they were.
    before = partial.read_bytes()
    with pytest.raises(KeyboardInterrupt), ReportWriter(target, ["id", "n"]) as report:
        raise KeyboardInterrupt
    assert partial.read_bytes() == before and report.partial == partial
    # Resuming keeps the rows asked for, in place, and stopping again keeps them.
    with (
        pytest.raises(KeyboardInterrupt),
        ReportWriter(target, ["id", "n"], resume_from=partial, keep=1) as report,
    ):
        assert report.rows == 1
        raise KeyboardInterrupt
    assert partial.read_bytes() == b"id,n\na,1\n"
    assert {p.name for p in tmp_path.iterdir()} == {"r.csv.partial"}
