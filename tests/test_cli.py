"""The command line: exact messages, exit codes, stdout and stderr apart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from scorer import __version__
from scorer.cli import cli
from scorer.pipeline.scoring import ARTICLE_COLUMNS, SENTENCE_COLUMNS

from .conftest import BLOG_SEED, REUTERS_SEED


def run(args: list[str], stdin: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_version() -> None:
    result = run(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"scorer, version {__version__}\n"


def test_score_seeds_to_files(tmp_path: Path) -> None:
    report, sentences = tmp_path / "report.csv", tmp_path / "sentences.csv"
    result = run(
        [
            "score",
            str(BLOG_SEED),
            str(REUTERS_SEED),
            "-o",
            str(report),
            "--sentences",
            str(sentences),
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {report} and {sentences}\n")
    rows = read_csv(report.read_text())
    assert [r["id"] for r in rows] == ["000_f2fa5b6b3c4f3a52", "003_a65546bdaa8a16e3"]
    assert list(rows[0]) == ARTICLE_COLUMNS
    sentence_rows = read_csv(sentences.read_text())
    assert list(sentence_rows[0]) == SENTENCE_COLUMNS
    assert len(sentence_rows) == sum(int(r["n_sentences"]) for r in rows)


def test_stdout_and_jsonl(tmp_path: Path) -> None:
    result = run(["score", "-", "--format", "jsonl", "-j", "1"], stdin="Sources said so!\n")
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "stdin"
    assert record["status"] == "ok"
    assert result.stderr == ""


def test_bad_items_get_rows_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("Officials said the vote was held.", encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "d_cp1252.txt").write_bytes("Caf\xe9 owners said \x93no\x94.\r\n".encode("latin-1"))
    (tmp_path / "e_bom.txt").write_bytes("\ufeffIt may rain.".encode())
    (tmp_path / "f_page.html").write_text(
        "<html><body><nav>Home | About</nav><article><p>Officials said the bridge would "
        "reopen on Monday after repairs that took three months.</p><p>Engineers confirmed "
        "that the structure was safe.</p></article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "r.csv"
    result = run(["score", str(tmp_path), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    rows = read_csv(out.read_text())
    assert [r["id"] for r in rows] == [
        "a_good",
        "b_empty",
        "c_binary",
        "d_cp1252",
        "e_bom",
        "f_page",
    ]
    assert [r["status"] for r in rows] == ["ok", "error", "error", "ok", "ok", "ok"]
    assert rows[1]["error"] == "empty file"
    assert rows[2]["error"].startswith("not text")
    assert "scorer: b_empty: empty file\n" in result.stderr
    assert result.stderr.endswith("scorer: 2 item(s) could not be scored\n")
    assert "Traceback" not in result.stderr


def test_table_with_columns(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text('key,body\nk1,"It may rain."\nk2,\n', encoding="utf-8")
    result = run(["score", str(table), "--text-column", "body", "--id-column", "key", "-j", "1"])
    assert result.exit_code == 1
    rows = read_csv(result.stdout)
    assert [(r["id"], r["status"]) for r in rows] == [("k1", "ok"), ("k2", "error")]


def test_missing_column_is_a_usage_error(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,text\n1,hello\n", encoding="utf-8")
    result = run(["score", str(table), "--text-column", "body", "-o", str(tmp_path / "r.csv")])
    assert result.exit_code == 2
    assert result.stderr == "Error: no column 'body' in t.csv; columns are: id, text\n"
    assert not (tmp_path / "r.csv").exists()


def test_missing_file_is_a_usage_error() -> None:
    result = run(["score", "nope.txt"])
    assert result.exit_code == 2
    assert result.stderr == "Error: no such file or directory: nope.txt\n"


def test_bad_option_is_a_usage_error() -> None:
    result = run(["score", str(BLOG_SEED), "--unit", "paragraph"])
    assert result.exit_code == 2
    assert "Invalid value for '--unit'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unit_sentence(tmp_path: Path) -> None:
    table = tmp_path / "s.jsonl"
    table.write_text('{"text": "It may rain. Or not."}\n{"text": "It rained."}\n', encoding="utf-8")
    result = run(["score", str(table), "--unit", "sentence", "-j", "1"])
    assert result.exit_code == 0
    rows = read_csv(result.stdout)
    assert list(rows[0]) == SENTENCE_COLUMNS
    assert [r["text"] for r in rows] == ["It may rain. Or not.", "It rained."]


def test_unit_sentence_refuses_an_article_sized_item(tmp_path: Path) -> None:
    table = tmp_path / "s.jsonl"
    long_text = "The minister said the talks would resume. " * 300
    table.write_text(
        json.dumps({"text": long_text}) + '\n{"text": "It rained."}\n', encoding="utf-8"
    )
    result = run(["score", str(table), "--unit", "sentence", "-j", "1"])
    assert result.exit_code == 1
    rows = read_csv(result.stdout)
    assert [r["status"] for r in rows] == ["error", "ok"]
    assert rows[0]["error"] == (
        "too long for one sentence: 12,599 characters (--unit sentence takes up to 10,000; "
        "score it as an article with --unit article)"
    )


def test_bad_model_dir_exit_3(tmp_path: Path) -> None:
    result = run(["score", str(BLOG_SEED), "--model", str(tmp_path)])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: no model file ")


def test_model_dir_brings_its_own_attribution_cue_model(tmp_path: Path) -> None:
    import shutil

    from scorer.classify.model_set import default_model_dir

    good, copy = tmp_path / "good", tmp_path / "edited"
    shutil.copytree(default_model_dir(), good)
    shutil.copytree(default_model_dir(), copy)
    assert run(["score", str(BLOG_SEED), "--model", str(good), "-j", "1"]).exit_code == 0
    cue_file = copy / "attribution_cue.json"
    cue_file.write_text(cue_file.read_text().replace('"intercept": ', '"intercept": 1+', 1))
    result = run(["score", str(BLOG_SEED), "--model", str(copy), "-j", "1"])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: refusing model file {cue_file}")


# --- report paths that would lose data ----------------------------------------------------


def _refused(args: list[str], message: str) -> None:
    result = run(["score", *args])
    assert result.exit_code == 2, result.stderr
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""


def test_report_over_an_input_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said the plan may fail.", encoding="utf-8")
    _refused(
        [str(article), "-o", str(article), "--format", "csv"],
        f"-o {article} would overwrite the input {article}",
    )
    assert article.read_text(encoding="utf-8") == "Officials said the plan may fail."


def test_two_reports_on_one_file_or_stdout_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    _refused(
        [str(BLOG_SEED), "-o", str(out), "--sentences", str(out)],
        f"-o and --sentences name the same file: {out}",
    )
    _refused(
        [str(BLOG_SEED), "-o", "-", "--sentences", "-"],
        "-o and --sentences cannot both write to stdout",
    )
    assert not out.exists()


def test_report_paths_that_cannot_be_written_are_refused_before_scoring(tmp_path: Path) -> None:
    _refused([str(BLOG_SEED), "-o", str(tmp_path)], f"-o {tmp_path}: is a folder; give a file name")
    _refused(
        [str(BLOG_SEED), "-o", str(tmp_path / "r.parquet")],
        f"-o {tmp_path / 'r.parquet'}: reports are CSV or JSONL; name it .csv or .jsonl "
        "(or give --format)",
    )
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    _refused(
        [str(BLOG_SEED), "-o", str(blocker / "r.csv")],
        f"-o {blocker / 'r.csv'}: cannot write to {blocker}",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_sentences_with_unit_sentence_is_refused(tmp_path: Path) -> None:
    _refused(
        [str(BLOG_SEED), "--unit", "sentence", "--sentences", str(tmp_path / "s.csv")],
        "--sentences goes with --unit article: with --unit sentence the report itself has one "
        "row per sentence",
    )


def test_resume_with_other_inputs_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    assert run(["score", str(BLOG_SEED), "-o", str(report), "-q"]).exit_code == 0
    kept = report.read_text(encoding="utf-8")
    _refused(
        [str(REUTERS_SEED), str(BLOG_SEED), "-o", str(report), "--resume", "-q"],
        f"cannot resume: row 1 of {report} is {str(BLOG_SEED)!r}, but item 1 of these inputs "
        f"is {str(REUTERS_SEED)!r}; run the same command as before, or without --resume",
    )
    assert report.read_text(encoding="utf-8") == kept
    # The same inputs, one more at the end: the kept row is reused and the new one scored.
    result = run(["score", str(BLOG_SEED), str(REUTERS_SEED), "-o", str(report), "--resume"])
    assert result.exit_code == 0, result.stderr
    assert [r["source"] for r in read_csv(report.read_text(encoding="utf-8"))] == [
        str(BLOG_SEED),
        str(REUTERS_SEED),
    ]


def test_a_closed_stdout_ends_the_run_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    corpus = tmp_path / "many.jsonl"
    text = BLOG_SEED.read_text(encoding="utf-8")
    corpus.write_text(
        "".join(json.dumps({"text": text}) + "\n" for _ in range(200)), encoding="utf-8"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "scorer", "score", str(corpus), "-o", "-", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"id,source,")
    process.stdout.close()  # what "| head -1" does
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert stderr == b""


def test_resume_needs_a_report_file(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    _refused(
        [str(BLOG_SEED), "-o", str(fifo), "--format", "csv", "--resume"],
        f"--resume needs a report file (-o FILE), not {fifo}",
    )
