"""Throughput benchmark: the whole pipeline against spaCy's own `nlp.pipe`
on the same texts, in one run, so the ratio does not depend on the machine.
The headline, first in the table, is the run as a user meets it: `python -m
pipeline run` in a fresh process and output folder, charts and report
included, against a fresh process running `nlp.pipe` (both one process).

In:  a folder of TimeML files (text inside <TEXT>, the DCT as the date) or
     of plain text files.
Out: a table of measurements (`measure`), printed by the CLI.
"""

from __future__ import annotations

import csv
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipeline import execution, workflow
from pipeline.storage import list_corpus


def corpus_from(folder: Path, target: Path, *, limit: int = 0) -> list[str]:
    """Write the texts of `folder` as a plain corpus in `target`; return the texts.

    TimeML files give their <TEXT> and their creation time as the date."""
    from pipeline import tempeval

    folder, target = Path(folder), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    paths = sorted(folder.glob("*.tml")) or list_corpus(folder)
    paths = paths[:limit] if limit else paths
    texts, metadata = [], []
    for path in paths:
        if path.suffix == ".tml":
            document = tempeval.read_timeml(path.read_bytes(), tempeval.doc_id_for(path))
            doc_id, text, date = document.doc_id, document.text, document.dct[:10]
        else:
            doc_id, text, date = path.stem, path.read_bytes().decode("utf-8", errors="replace"), ""
        (target / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="")
        metadata.append({"doc_id": doc_id, "date": date})
        texts.append(text)
    with open(target / "metadata.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["doc_id", "date"])
        writer.writeheader()
        writer.writerows(metadata)
    return texts


def measure(folder: Path, model: str, *, jobs: int = 1, limit: int = 0) -> pd.DataFrame:
    """Run raw `nlp.pipe` and the pipeline over the same texts; return one
    row per measurement: what, seconds, tokens per second, ratio."""
    work = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        corpus = work / "corpus"
        texts = corpus_from(folder, corpus, limit=limit)
        nlp = execution.worker_model(model)

        clock = time.perf_counter()
        raw_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
        raw_seconds = time.perf_counter() - clock

        # The headline first: the whole run as a user meets it, a fresh
        # process and output folder, charts and report included.
        rows = _fresh_processes(corpus, work / "out-command", model, raw_tokens)
        rows.append(_row("spaCy nlp.pipe, 1 process", raw_seconds, raw_tokens, raw_seconds, raw_tokens))
        # In this process, after nlp.pipe has warmed the vocabulary.
        single = workflow.run_all(corpus, work / "out-1", model, jobs=1)
        single_seconds = sum(single.seconds.values())
        rows.append(_row("pipeline, 1 process (whole run)", single.wall_seconds, single.tokens, raw_seconds, raw_tokens))
        report = work / "out-1" / "report.html"
        rows.append({"measure": "report.html, MB", "value": round(report.stat().st_size / 2**20, 1)})
        for step, seconds in sorted(single.seconds.items(), key=lambda item: -item[1]):
            rows.append({"measure": f"  step: {step}", "seconds": round(seconds, 2), "share": round(seconds / single_seconds, 3)})

        if jobs > 1:
            parallel = workflow.run_all(corpus, work / f"out-{jobs}", model, jobs=jobs)
            row = _row(f"pipeline, --jobs {jobs} (whole run)", parallel.wall_seconds, parallel.tokens, raw_seconds, raw_tokens)
            row["vs_single_process"] = round(single.wall_seconds / parallel.wall_seconds, 2)
            rows.append(row)

        sample_size = max(len(texts) // 10, 1)
        sample = work / "sample"
        corpus_from(folder, sample, limit=sample_size)
        small = workflow.run_all(sample, work / "out-sample", model, jobs=1, with_charts=False)
        # Per token, and without the charts and report, which the sample run does not draw.
        expected = small.wall_seconds * single.tokens / max(small.tokens, 1)
        full = single.wall_seconds - single.seconds.get("charts", 0.0) - single.seconds.get("report", 0.0)
        rows.append({
            "measure": f"linearity: full run / ({single.tokens} / {small.tokens} tokens x sample run)",
            "seconds": round(small.wall_seconds, 2), "value": round(full / expected, 3),
        })

        again = workflow.run_all(corpus, work / "out-1", model, jobs=1, with_charts=False)
        rows.append({"measure": "re-run, nothing changed", "seconds": round(again.wall_seconds, 2), "share": round(again.wall_seconds / single.wall_seconds, 3)})
        (corpus / "zz_added_document.txt").write_text(texts[0] + "\nOne more line.\n", encoding="utf-8")
        added = workflow.run_all(corpus, work / "out-1", model, jobs=1, with_charts=False)
        rows.append({"measure": "re-run, one document added", "seconds": round(added.wall_seconds, 2), "share": round(added.wall_seconds / single.wall_seconds, 3), "parsed": added.parsed})

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows.append({"measure": "peak RSS, MB (this process)", "seconds": None, "value": round(peak)})
        if jobs > 1:
            rows.append({"measure": "peak RSS, MB (largest worker)", "seconds": None, "value": round(children)})
        rows.append({"measure": "documents", "value": single.documents})
        return pd.DataFrame(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# nlp.pipe over a corpus folder's texts, in a process of its own.
_RAW_PIPE = """
import sys
from pathlib import Path
import spacy
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
nlp = spacy.load(sys.argv[2])
print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=64)))
"""


def _fresh_processes(corpus: Path, out_dir: Path, model: str, tokens: int) -> list[dict]:
    """As a user meets them: `python -m pipeline run` (imports, model, charts
    and report included) against a fresh process running nlp.pipe, back to
    back. In one process the pipeline would find the vocabulary warm."""
    import subprocess
    import sys

    clock = time.perf_counter()
    subprocess.run([sys.executable, "-c", _RAW_PIPE, str(corpus), model], check=True, capture_output=True)
    raw_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    command = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", str(out_dir), "--model", model, "--no-summary"]
    subprocess.run(command, check=True, capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    seconds = time.perf_counter() - clock
    return [
        _row("python -m pipeline run, a fresh process", seconds, tokens, raw_seconds, tokens),
        _row("spaCy nlp.pipe, a fresh process", raw_seconds, tokens, raw_seconds, tokens),
    ]


def _row(what: str, seconds: float, tokens: int, raw_seconds: float, raw_tokens: int) -> dict:
    rate = tokens / seconds if seconds else 0.0
    raw_rate = raw_tokens / raw_seconds if raw_seconds else 0.0
    return {
        "measure": what, "seconds": round(seconds, 2), "tokens": tokens,
        "tokens_per_s": round(rate), "vs_nlp_pipe": round(rate / raw_rate, 3) if raw_rate else None,
    }


def gold_folders(folder: Path | None, texts: Path | None, gold: Path | None) -> tuple[Path, Path]:
    """The texts and gold folders of a gold folder (`texts/`, `gold/`), unless given apart."""
    texts = texts or (folder / "texts" if folder else None)
    gold = gold or (folder / "gold" if folder else None)
    if texts is None or gold is None:
        raise ValueError("give a gold folder, or both --texts and --gold")
    return Path(texts), Path(gold)


def score_gold(texts_dir: Path, gold_dir: Path, model: str, out_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the pipeline on `texts_dir` and score it against the gold in `gold_dir`.

    Returns (scores: task, measure, precision, recall, f1, and a note;
    errors: task, doc_id, kind (missed/false) and what was missed or wrong)."""
    from pipeline import evaluate

    work = None if out_dir else Path(tempfile.mkdtemp(prefix="pipeline-gold-"))
    out_dir = Path(out_dir or work / "out")
    try:
        workflow.run_all(texts_dir, out_dir, model, with_charts=False)
        texts = workflow.document_texts(out_dir)  # the texts every offset of the run indexes
        scores, errors = [], []
        for task, field in (("entities", "label"), ("dates", "value")):
            gold_path = gold_dir / f"{task}.csv"
            if not gold_path.exists():
                continue
            gold, not_located = evaluate.locate_gold(pd.read_csv(gold_path, dtype=str, keep_default_na=False), texts)
            predicted, mismatched = evaluate.spans_for_scoring(pd.read_csv(out_dir / f"{task}.csv", dtype={field: str}), texts, field)
            note = f"offset mismatches {mismatched}, gold not located {len(not_located)}"
            for measure, score in evaluate.score_spans(gold, predicted, field).items():
                scores.append({"task": task, "measure": measure, **vars(score), "note": note})
            errors.append(evaluate.span_errors(gold, predicted, field).assign(task=task))
        gold_path = gold_dir / "stances.csv"
        if gold_path.exists():
            gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
            predicted = pd.read_csv(out_dir / "stances.csv", dtype=str, keep_default_na=False)
            score = evaluate.score_stances(gold, predicted)
            note = f"{int((predicted['stance'] != 'NONE').sum())} stated rows"
            scores.append({"task": "stances", "measure": "triples", **vars(score), "note": note})
            errors.append(evaluate.stance_errors(gold, predicted).assign(task="stances"))
        error_table = pd.concat(errors, ignore_index=True) if errors else pd.DataFrame()
        if "start" in error_table:
            error_table["start"] = error_table["start"].astype("Int64")
        return pd.DataFrame(scores), error_table
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


def event_identity(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How well a run's documents keep one id for their main event.

    Reads events.csv, stances.csv and entities.csv of the output folder
    `out_dir`. Returns (per document: doc_id, main_id, mentions, indexed
    (mentions the index counts under the main id), written (mentions whose id
    in events.csv / stances.csv is the main id); the mentions that differ
    from the main id in either way, with their words and sentence)."""
    from pipeline import event_index

    tables = [pd.read_csv(Path(out_dir) / name, dtype=str, keep_default_na=False) for name in ("events.csv", "stances.csv", "entities.csv")]
    mentions = event_index.main_events(*tables)
    on_main = mentions.assign(
        indexed=mentions["event_id"] == mentions["main_id"], written=mentions["written_id"] == mentions["main_id"],
    )
    per_document = on_main.groupby("doc_id", sort=True).agg(
        main_id=("main_id", "first"), mentions=("kind", "size"), indexed=("indexed", "sum"), written=("written", "sum"),
    ).reset_index()
    others = on_main[~(on_main["indexed"] & on_main["written"])]
    others = others.assign(evidence=others["evidence"].str.replace(r"\s+", " ", regex=True))
    return per_document, others[["doc_id", "source", "kind", "words", "written_id", "event_id", "evidence"]]
