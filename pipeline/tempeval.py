"""TempEval-3 benchmark: TimeML files in, scores of the dates stage out.

In:  TimeML (.tml) files: the document creation time in <DCT>, the text in
     <TEXT>, gold TIMEX3 elements (type, value) inside it.
Out: `read_timeml` -> TimeMLDocument(doc_id, dct, text, gold) with gold columns
       doc_id, start, end, text, type, value
     `score` -> dict of relaxed_p/r/f, strict_p/r/f, value_accuracy, value_f1,
       type_f1, gold, predicted
     `run_tempeval_benchmark` -> one row per folder and type (and "ALL"):
       folder, type, relaxed_p, relaxed_r, relaxed_f, strict_p, strict_r,
       strict_f, value_accuracy, value_f1, type_f1, gold, predicted

Scoring follows TempEval-3 Task A: a relaxed match is any overlap, a strict
match the identical extent; each gold and each predicted span is used once;
value accuracy is taken over relaxed matches, value F1 = accuracy x relaxed F1,
type F1 likewise. Per-type rows keep the gold and predicted expressions of that
type only.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

GOLD_COLUMNS = ["doc_id", "start", "end", "text", "type", "value"]
SCORE_COLUMNS = [
    "folder", "type", "relaxed_p", "relaxed_r", "relaxed_f", "strict_p", "strict_r", "strict_f",
    "value_accuracy", "value_f1", "type_f1", "gold", "predicted",
]
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class TimeMLDocument:
    doc_id: str
    dct: str
    text: str
    gold: pd.DataFrame


def read_timeml(source: str | bytes, doc_id: str) -> TimeMLDocument:
    """Read one TimeML document's text, creation time and gold TIMEX3 spans.

    Args:
        source: The file's content.
        doc_id: The id to give the document.
    """
    root = ET.fromstring(source)
    dct_timex = root.find("DCT/TIMEX3")
    dct = dct_timex.get("value", "") if dct_timex is not None else ""
    text_element = root.find("TEXT")
    parts: list[str] = []
    gold: list[dict] = []
    length = 0

    def emit(piece: str | None) -> None:
        nonlocal length
        if piece:
            parts.append(piece)
            length += len(piece)

    def walk(element: ET.Element) -> None:
        if element.tag == "TIMEX3":
            content = "".join(element.itertext())
            gold.append(dict(doc_id=doc_id, start=length, end=length + len(content), text=content,
                             type=element.get("type", ""), value=element.get("value", "")))
            emit(content)
            return
        emit(element.text)
        for child in element:
            walk(child)
            emit(child.tail)

    if text_element is not None:
        walk(text_element)
    return TimeMLDocument(doc_id, dct, "".join(parts), pd.DataFrame(gold, columns=GOLD_COLUMNS))


def doc_id_for(path: Path) -> str:
    """A file name as a document id (what `timeml.py export` names it too)."""
    return re.sub(r"\W", "_", Path(path).stem)


def score(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict:
    """TempEval-3 scores of predicted TIMEX3 rows against gold rows.

    Both tables need doc_id, start, end, type, value.
    """
    gold_rows = list(gold[["doc_id", "start", "end", "type", "value"]].itertuples(index=False, name=None))
    pred_rows = list(predicted[["doc_id", "start", "end", "type", "value"]].itertuples(index=False, name=None))
    by_doc: dict[str, list[int]] = {}
    for i, row in enumerate(pred_rows):
        by_doc.setdefault(row[0], []).append(i)
    result: dict = {}
    for strict in (False, True):
        used: set[int] = set()
        pairs = []
        for g in gold_rows:
            for i in by_doc.get(g[0], []):
                if i in used:
                    continue
                p = pred_rows[i]
                hit = (p[1], p[2]) == (g[1], g[2]) if strict else p[1] < g[2] and g[1] < p[2]
                if hit:
                    used.add(i)
                    pairs.append((g, p))
                    break
        precision = len(pairs) / len(pred_rows) if pred_rows else 0.0
        recall = len(pairs) / len(gold_rows) if gold_rows else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        name = "strict" if strict else "relaxed"
        result.update({f"{name}_p": precision, f"{name}_r": recall, f"{name}_f": f1})
        if not strict:
            value_accuracy = sum(g[4] == str(p[4]).strip() for g, p in pairs) / len(pairs) if pairs else 0.0
            type_accuracy = sum(g[3] == p[3] for g, p in pairs) / len(pairs) if pairs else 0.0
            result.update(value_accuracy=value_accuracy, value_f1=value_accuracy * f1, type_f1=type_accuracy * f1)
    result.update(gold=len(gold_rows), predicted=len(pred_rows))
    return {key: round(v, 4) if isinstance(v, float) else v for key, v in result.items()}


def score_table(gold: pd.DataFrame, predicted: pd.DataFrame, folder: str) -> pd.DataFrame:
    """Scores of one folder: all types together, then each type on its own."""
    rows = [dict(folder=folder, type="ALL", **score(gold, predicted))]
    for timex_type in TIMEX_TYPES:
        rows.append(dict(folder=folder, type=timex_type, **score(
            gold[gold["type"] == timex_type], predicted[predicted["type"] == timex_type]
        )))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def predict(documents: list[TimeMLDocument], nlp) -> pd.DataFrame:
    """Run ingest, parse and the dates stage over TimeML documents, each with its DCT as document date."""
    from pipeline.dates import DATE_COLUMNS, find_dates
    from pipeline.ingest import ingest
    from pipeline.parse import parse_documents
    from pipeline.storage import SourceFile

    sources = [SourceFile(d.doc_id, Path(f"{d.doc_id}.txt"), d.text.encode("utf-8")) for d in documents]
    _, sentences, infobox = ingest(sources, pd.DataFrame(columns=["doc_id"]))
    sentences_by_doc = dict(tuple(sentences.groupby("doc_id", sort=False)))
    infobox_by_doc = dict(tuple(infobox.groupby("doc_id", sort=False)))
    dct_by_doc = {d.doc_id: d.dct for d in documents}
    empty_sentences, empty_infobox = sentences.iloc[:0], infobox.iloc[:0]
    inputs = [
        (d.doc_id, d.text, sentences_by_doc.get(d.doc_id, empty_sentences)["start"].tolist()) for d in documents
    ]
    empty_mentions = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "text", "label"])
    tables = []
    for doc_id, doc in parse_documents(nlp, inputs):
        dates, _ = find_dates(
            doc_id, doc, sentences_by_doc.get(doc_id, empty_sentences), infobox_by_doc.get(doc_id, empty_infobox),
            empty_mentions, document_date=dct_by_doc[doc_id][:10],
        )
        tables.append(dates)
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=DATE_COLUMNS)


def read_folder(folder: Path) -> list[TimeMLDocument]:
    """Every .tml file of a folder (recursively), sorted by name."""
    return [read_timeml(path.read_bytes(), doc_id_for(path)) for path in sorted(Path(folder).rglob("*.tml"))]


def run_tempeval_benchmark(dirs: list[Path], nlp) -> pd.DataFrame:
    """Score the dates stage on TimeML folders: rows per folder and type.

    A folder holding no .tml files of its own but sub-folders that do (such as
    TBAQ-cleaned) is scored per sub-folder and as a whole.
    """
    tables = []
    for directory in dirs:
        directory = Path(directory)
        subfolders = sorted(p for p in directory.iterdir() if p.is_dir() and any(p.glob("*.tml"))) if directory.is_dir() else []
        groups = [(p.name, p) for p in subfolders] if subfolders and not any(directory.glob("*.tml")) else [(directory.name, directory)]
        all_gold, all_pred = [], []
        for name, folder in groups:
            documents = read_folder(folder)
            if not documents:
                continue
            gold = pd.concat([d.gold for d in documents], ignore_index=True)
            predicted = predict(documents, nlp)
            tables.append(score_table(gold, predicted, name))
            all_gold.append(gold)
            all_pred.append(predicted)
        if len(groups) > 1 and all_gold:
            tables.append(score_table(pd.concat(all_gold, ignore_index=True), pd.concat(all_pred, ignore_index=True), directory.name))
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=SCORE_COLUMNS)
