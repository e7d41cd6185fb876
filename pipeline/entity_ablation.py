"""What each entity rule earns: labeled F1 on a gold folder with each rule
family switched off in turn, and the wrong rows each family makes.

In:  a gold folder's texts and its gold `entities.csv` (see `evaluate`).
Out: `ablate` returns (scores: one row per ablation with relaxed and strict
     labeled F1 and their change against all rules on; wrong: the false rows
     of the full run, one per rule family named in their `source`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from pipeline import entities, evaluate, workflow

FULL = "(all rules on)"


def rule_families() -> list[str]:
    """Every switchable family: the named rules and one per pattern id."""
    patterns = [f"pattern:{entry['id']}" for entry in entities.pattern_entries()]
    return list(entities.RULE_FAMILIES) + sorted(set(patterns))


def ablate(texts_dir: Path, gold_dir: Path, model: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the entity stage on the parsed texts once per ablation and score it."""
    work = Path(tempfile.mkdtemp(prefix="pipeline-entity-bench-"))
    try:
        workflow.run_all(texts_dir, work / "out", model, with_charts=False)
        documents = workflow.parsed_documents(work / "out")
        aliases = workflow.read_passed_aliases(work / "out")
        texts = workflow.document_texts(work / "out")
        gold_table = pd.read_csv(gold_dir / "entities.csv", dtype=str, keep_default_na=False)
        gold, _ = evaluate.locate_gold(gold_table, texts)
        rows, full_predicted = [], None
        for family in [FULL] + rule_families():
            off = frozenset() if family == FULL else frozenset({family})
            mentions = [entities.find_mentions(d.doc_id, d.doc, d.sentences, d.infobox, disabled_sources=off) for d in documents]
            table, _ = entities.link_mentions(pd.concat(mentions, ignore_index=True), aliases)
            predicted, _ = evaluate.spans_for_scoring(table, texts, "label")
            scores = evaluate.score_spans(gold, predicted, "label")
            rows.append({"switched_off": family, "relaxed_label": scores["relaxed_label"].f1, "strict_label": scores["strict_label"].f1})
            full_predicted = predicted if family == FULL else full_predicted
        return _with_gains(pd.DataFrame(rows)), _wrong_rows(gold, full_predicted)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _with_gains(scores: pd.DataFrame) -> pd.DataFrame:
    """Add what each family earns: the full run's F1 minus the F1 without it."""
    full = scores.iloc[0]
    for measure in ("relaxed_label", "strict_label"):
        earns = (full[measure] - scores[measure]).round(3)
        scores[f"earns_{measure}"] = ["" if row == 0 else f"{value:+.3f}" for row, value in enumerate(earns)]
    return scores


def _wrong_rows(gold: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    """The full run's false rows (relaxed, labeled), listed under each rule
    family their `source` names ("model+place" under model and place)."""
    errors = evaluate.span_errors(gold, predicted, "label")
    false_rows = errors[errors["kind"] == "false"]
    listed = []
    for row in false_rows.to_dict("records"):
        for family in str(row["source"]).split("+"):
            listed.append({"family": family, "doc_id": row["doc_id"], "start": row["start"], "text": row["text"], "label": row["label"], "source": row["source"]})
    table = pd.DataFrame(listed, columns=["family", "doc_id", "start", "text", "label", "source"])
    return table.sort_values(["family", "doc_id", "start"], kind="stable").reset_index(drop=True)
