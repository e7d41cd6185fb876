"""What a run did, in a few lines for the terminal: documents read, empty
and skipped (with reasons), encodings guessed, rows per table, and where
the report is."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd

# Tables whose row counts the summary gives, in this order.
COUNTED_TABLES = ("sentences.csv", "entities.csv", "dates.csv", "events.csv", "stances.csv", "quotes.csv", "event_index.csv", "infobox.csv")
# At most this many skipped or empty documents are named; documents.csv has all.
MAX_LISTED = 10


def run_summary(corpus_dir: Path, out_dir: Path) -> str:
    """The summary of the outputs in `out_dir`, paths as the user gave them."""
    out_dir = Path(out_dir)
    documents = pd.read_csv(out_dir / "documents.csv", dtype=str, keep_default_na=False)
    status = Counter(documents["status"])
    lines = [
        f"Read {len(documents)} documents from {corpus_dir}: {status['ok']} ok, {status['empty']} empty, {status['skipped']} skipped."
    ]
    formats = Counter(documents.loc[documents["status"] == "ok", "format"])
    if formats:
        lines.append("Formats: " + ", ".join(f"{fmt} {n}" for fmt, n in sorted(formats.items())))
    lines += _listed(documents[documents["status"] != "ok"], lambda row: f"  {row['status']:<8} {Path(row['path']).name}: {row['reason']}")
    guessed = documents[documents["encoding_guessed"] == "True"]
    if len(guessed):
        lines.append("Encodings guessed (check these texts, or name the encoding with --encoding or metadata.csv):")
        lines += _listed(guessed, lambda row: f"  {Path(row['path']).name}: {row['encoding']}")
    counts = [(name, _rows(out_dir / name)) for name in COUNTED_TABLES if (out_dir / name).exists()]
    lines.append("Rows: " + ", ".join(f"{name} {n}" for name, n in counts))
    report = out_dir / "report.html"
    if report.exists():
        lines.append(f"Report: {report}")
    return "\n".join(lines)


def _listed(rows: pd.DataFrame, describe) -> list[str]:
    lines = [describe(row) for row in rows.head(MAX_LISTED).to_dict("records")]
    if len(rows) > MAX_LISTED:
        lines.append(f"  ... and {len(rows) - MAX_LISTED} more (see documents.csv)")
    return lines


def _rows(path: Path) -> int:
    """Records in a CSV file (a quoted field may span lines), header excluded."""
    with open(path, newline="", encoding="utf-8") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
