"""Profile the real outlets of ../shared/data and compare them with their factuality labels.

One command makes the table, the page and the comparison that docs/outlets.md shows:

    python benchmarks/outlet_profiles.py ../shared/data --update-docs docs/outlets.md \\
        --screenshot docs/outlets.png

What it does:

1. Builds a table of articles with :func:`scorer.training.corpora.load_articles` (the texts the
   sourcing model is trained and evaluated on, cleaned the same way): the seven PolNeAR
   publishers (their own articles; wire copy by AP, Reuters and others is left out), the
   FakeNewsCorpus sample by domain (its ``political`` and ``unknown`` types are left out), and
   ISOT's ``True.csv`` (Reuters) and ``Fake.csv`` (sites flagged as unreliable, one group: the
   file does not say which site).
2. Labels each outlet with its factuality as the data files give it: Baly et al. 2018
   (``emnlp18``), then Baly et al. 2020 (``acl2020``) for a domain the first lacks, then
   OpenSources through :data:`scorer.training.corpora.OPENSOURCES_FACTUALITY`; ISOT's Fake file is
   ``low`` by its construction. An outlet none of them lists stays unlabelled (the New York
   Times and the Washington Post are in neither Baly file here).
3. Runs ``scorer score articles.csv --id-column id --keep outlet,label,label_source,corpus,split``
   and ``scorer profile report.csv --by outlet --html outlets.html``.
4. Prints the profile as Markdown, and how the outlets' mean scores rank against the labels
   (Spearman's rho over labelled outlets with at least ``--min-articles`` scored articles; the
   share of high/low outlet pairs in the right order), on all articles and on the dev split
   alone: the sourcing model was fitted on the train split of these same articles with
   labels taken from their outlets, so only the dev figures are out of sample for it (the
   certainty model never saw them).

Options write the Markdown into docs (between the ``<!-- outlets:begin -->`` and
``<!-- outlets:end -->`` lines of ``--update-docs``) and a screenshot of the page made with
headless Chromium (``--screenshot``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from scorer.training.corpora import OPENSOURCES_FACTUALITY, load_articles

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
BEGIN, END = "<!-- outlets:begin -->", "<!-- outlets:end -->"
#: PolNeAR's publisher codes and ISOT's Reuters file -> the outlet's domain in the label lists.
DOMAINS = {
    "breitbart": "breitbart.com",
    "huff-post": "huffingtonpost.com",
    "nyt": "nytimes.com",
    "politico": "politico.com",
    "usa-today": "usatoday.com",
    "wash-post": "washingtonpost.com",
    "west-journal": "westernjournalism.com",
    "reuters": "reuters.com",
}
FACT_ORDER = {"low": 0, "mixed": 1, "high": 2}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]


def _baly(path: Path) -> dict[str, str]:
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    hosts = table["source_url"].str.lower().str.extract(r"^(?:https?://)?(?:www\.)?([^/]+)")[0]
    # A sub-site (westernjournalism.com/thepoint) is not the site: only bare hosts count.
    bare = table["source_url"].str.rstrip("/").str.count("/") <= 2
    return dict(zip(hosts[bare], table["fact"][bare], strict=True))


def outlet_labels(data: Path) -> dict[str, tuple[str, str]]:
    """Domain -> (factuality, where the label comes from)."""
    labels: dict[str, tuple[str, str]] = {}
    opensources = pd.read_csv(
        data / "outlets" / "opensources_websites.csv", dtype=str, keep_default_na=False
    )
    for record in opensources.to_dict("records"):
        types = [str(record.get(c, "")).strip().lower() for c in ("type", "2nd_type", "3rd_type")]
        fact = next((OPENSOURCES_FACTUALITY[t] for t in types if t in OPENSOURCES_FACTUALITY), "")
        domain = str(record["url"]).strip().lower().removeprefix("www.").rstrip("/")
        if fact and "/" not in domain:
            labels[domain] = (fact, "OpenSources")
    baly = data / "outlets" / "baly2018_media_factuality"
    for name, source in (("acl2020", "Baly 2020"), ("emnlp18", "Baly 2018")):
        for domain, fact in _baly(baly / name / "corpus.tsv").items():
            labels[domain] = (fact, source)  # the earlier paper wins: it is read last
    return labels


def articles_table(data: Path) -> pd.DataFrame:
    """The articles with their outlet, its label, corpus and split."""
    articles = load_articles(data)
    labels = outlet_labels(data)
    rows = []
    for record in articles.to_dict("records"):
        outlet = str(record["outlet"])
        if outlet == "isot-fake":
            fact, source = "low", "ISOT"
        else:
            fact, source = labels.get(DOMAINS.get(outlet, outlet), ("", ""))
        rows.append(
            {
                "id": record["id"],
                "outlet": outlet,
                "label": fact,
                "label_source": source,
                "corpus": record["corpus"],
                "split": record["split"],
                "text": record["text"],
            }
        )
    return pd.DataFrame(rows)


def _scorer(*args: str) -> None:
    command = [sys.executable, "-m", "scorer", *args]
    done = subprocess.run(command, cwd=ROOT, check=False)
    # Exit 1 means some articles could not be scored: they are rows with an error, counted.
    if done.returncode not in (0, 1):
        sys.exit(f"outlet_profiles: {' '.join(command)} exited {done.returncode}")


def _interval(row: Any, score: str) -> str:
    return f"{row[score]:.2f} ({row[f'{score}_low']:.2f}–{row[f'{score}_high']:.2f})"


def profile_markdown(table: pd.DataFrame, labels: dict[str, tuple[str, str]]) -> str:
    """The profile as a Markdown table, largest outlet first."""
    lines = [
        "| outlet | label (source) | articles | certainty (95% CI) | sourcing (95% CI) "
        "| named | media | document | anonymous | vague | none | hearsay / sentence "
        "| author's ! / sentence | quotes |",
        "|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for _, row in table.iterrows():
        fact, source = labels.get(row["outlet"], ("", ""))
        label = f"{fact} ({source})" if fact else "none in the data"
        flag = " ⚑" if row["flag"] else ""
        shares = " | ".join(
            f"{row[f'attr_{k}_share']:.0%}"
            for k in ("named", "media", "document", "anonymous", "vague", "none")
        )
        lines.append(
            f"| {row['outlet']}{flag} | {label} | {row['n_scored']} "
            f"| {_interval(row, 'certainty')} | {_interval(row, 'sourcing')} | {shares} "
            f"| {row['hedge_hearsay_rate']:.3f} "
            f"| {row['punct_exclaim_rate']:.3f} | {row['quote_share']:.0%} |"
        )
    return "\n".join(lines)


def dev_markdown(table: pd.DataFrame, labels: dict[str, tuple[str, str]], min_articles: int) -> str:
    """The outlets with enough dev articles: their means and intervals, by mean sourcing."""
    rows = table[table["n_scored"] >= min_articles].sort_values("sourcing", ascending=False)
    lines = [
        "| outlet | label | dev articles | certainty (95% CI) | sourcing (95% CI) |",
        "|---|---|---:|---|---|",
    ]
    for _, row in rows.iterrows():
        fact = labels.get(row["outlet"], ("", ""))[0] or "none in the data"
        lines.append(
            f"| {row['outlet']} | {fact} | {row['n_scored']} | {_interval(row, 'certainty')} "
            f"| {_interval(row, 'sourcing')} |"
        )
    return "\n".join(lines)


def ranking(table: pd.DataFrame, labels: dict[str, tuple[str, str]], min_articles: int) -> str:
    """How the outlets' mean scores rank against their labels, in Markdown."""
    rows = table[table["n_scored"] >= min_articles].copy()
    rows["fact"] = rows["outlet"].map(lambda o: labels.get(o, ("", ""))[0])
    rows = rows[rows["fact"] != ""]
    rows["order"] = rows["fact"].map(FACT_ORDER)
    lines = [f"{len(rows)} labelled outlets with at least {min_articles} scored articles: "
             + ", ".join(f"{o} ({f})" for o, f in zip(rows["outlet"], rows["fact"], strict=True))
             + "."]  # fmt: skip
    if len(rows) < 3 or rows["order"].nunique() < 2:
        return lines[0] + " Too few to rank."
    lines.append("")
    lines.append("| score | Spearman's rho with low < mixed < high | high above low, of the pairs "
                 "| mean of outlet means: low / mixed / high |")  # fmt: skip
    lines.append("|---|---:|---:|---|")
    for score in ("certainty", "sourcing"):
        rho = rows[score].corr(rows["order"], method="spearman")
        high = rows.loc[rows["fact"] == "high", score].tolist()
        low = rows.loc[rows["fact"] == "low", score].tolist()
        pairs = [(h, lo) for h in high for lo in low]
        right = sum((h > lo) + 0.5 * (h == lo) for h, lo in pairs)
        concord = f"{right:g} of {len(pairs)}" if pairs else "no pairs"
        means = " / ".join(
            f"{rows.loc[rows['fact'] == f, score].mean():.2f}" if (rows["fact"] == f).any() else "–"
            for f in FACT_ORDER
        )
        lines.append(f"| {score} | {rho:+.2f} | {concord} | {means} |")
    return "\n".join(lines)


def _screenshot(page: Path, out: Path, size: str) -> None:
    chromium = next(
        (
            shutil.which(n)
            for n in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(n)
        ),
        None,
    )
    if chromium is None:
        sys.exit(
            "outlet_profiles: no Chromium found for --screenshot (apt-get install -y chromium)"
        )
    with tempfile.TemporaryDirectory() as profile:
        shot = Path(profile) / "shot.png"
        subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
             f"--screenshot={shot}", page.as_uri()],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
        # A 256-colour palette keeps the PNG small (flat colours and text lose nothing visible).
        from PIL import Image

        with Image.open(shot) as image:
            quantized = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
            quantized.save(out, optimize=True)


def update_docs(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        sys.exit(f"outlet_profiles: {path} has no {BEGIN} ... {END} block to replace")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, nargs="?", default=DEFAULT_DATA)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the files here")
    parser.add_argument("--jobs", type=int, default=0, help="scorer score --jobs (0: all cores)")
    parser.add_argument("--min-articles", type=int, default=5)
    parser.add_argument("--update-docs", type=Path, default=None, help="e.g. docs/outlets.md")
    parser.add_argument("--screenshot", type=Path, default=None, help="e.g. docs/outlets.png")
    parser.add_argument("--size", default="1200,1250", help="screenshot window, WIDTH,HEIGHT")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="scorer-outlets-") as tmp:
        work = (args.workdir or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        table_path, report = work / "articles.csv", work / "report.csv"
        articles = articles_table(args.data)
        articles.to_csv(table_path, index=False)
        keep = "outlet,label,label_source,corpus,split"
        _scorer("score", str(table_path), "--id-column", "id", "--keep", keep, "-o", str(report),
                "--jobs", str(args.jobs), "--quiet")  # fmt: skip
        outlets, page = work / "outlets.csv", work / "outlets.html"
        _scorer("profile", str(report), "--by", "outlet", "--min-articles", str(args.min_articles),
                "-o", str(outlets), "--html", str(page), "--quiet")  # fmt: skip
        table = pd.read_csv(outlets, keep_default_na=False, na_values=[""])
        table[["outlet", "flag"]] = table[["outlet", "flag"]].fillna("")
        first = articles.drop_duplicates("outlet").set_index("outlet")
        labels = {
            o: (str(first.loc[o, "label"]), str(first.loc[o, "label_source"]))
            for o in first.index
            if first.loc[o, "label"]
        }
        import scorer

        scored = pd.read_csv(report, keep_default_na=False, na_values=[""])
        dev = scorer.profile(scored[scored["split"] == "dev"], by="outlet")
        counts = scored.groupby("corpus")["status"].value_counts().unstack(fill_value=0)
        by_corpus = ", ".join(f"{c} {int(r.sum()):,}" for c, r in counts.iterrows())
        block = "\n".join(
            [
                f"{len(scored):,} articles ({by_corpus}), "
                f"{int((scored['status'] == 'ok').sum()):,} scored; {len(table)} outlets, "
                f"{int((table['flag'] != '').sum())} flagged ⚑ (fewer than {args.min_articles} "
                "scored articles).",
                "",
                profile_markdown(table, labels),
                "",
                "**All articles** (the sourcing model was fitted on the train part of them):",
                "",
                ranking(table, labels, args.min_articles),
                "",
                "**Dev split only** (out of sample for both models):",
                "",
                dev_markdown(dev, labels, args.min_articles),
                "",
                ranking(dev, labels, args.min_articles),
            ]
        )
        print(block)
        if args.update_docs:
            update_docs(args.update_docs, block)
            print(f"\nupdated {args.update_docs}", file=sys.stderr)
        if args.screenshot:
            _screenshot(page, args.screenshot.resolve(), args.size)
            print(f"wrote {args.screenshot}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
