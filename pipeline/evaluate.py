"""Score a run's tables against a gold folder, and list what went wrong.

In:  the documents' texts (doc_id -> text), the gold tables
       entities.csv  doc_id, text, label, required   mentions in order of appearance
       dates.csv     doc_id, text, value, required   the same
       stances.csv   doc_id, holder, target, stance, required   `|` separates aliases
     and the run's entities.csv, dates.csv and stances.csv.
Out: `score_spans` / `score_stances` give precision, recall and F1 (spans
     relaxed and strict, with and without the label or value) and
     `span_errors` / `stance_errors` one row per miss or false row.

The matching follows the gold's own conventions: a gold mention is found in
its document after the previous mention of that document; each gold and each
predicted span is used once; `required=0` gold is neither needed nor held
against precision. A stance holder or target matches when one of the gold
aliases, normalised, is contained in the predicted name; the gold target
`ban` stands for any word naming a ban, dissolution or court decision; a
predicted NONE is never held against precision.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

# What the gold target "ban" stands for.
BAN_WORDS = (
    "ban", "bans", "banned", "banning", "ban on the party", "dissolution", "dissolve", "dissolved", "dissolving",
    "decision", "decisions", "court decision", "sentence", "sentences", "sentencing", "ruling", "rulings",
    "judgment", "judgement", "verdict", "verdicts", "cancellation", "prohibition", "outlawing", "outlaw",
    "outlawed", "deregistration", "removal from the register", "liquidation", "liquidate", "closure", "close",
    "closed", "close down", "closing down", "designation", "extremist", "suspension", "suspend", "suspended",
    "cancel", "cancelled", "canceled", "order", "resolution",
)
NOT_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, correct: int, predicted: int, required: int) -> "Score":
        precision = correct / predicted if predicted else 0.0
        recall = correct / required if required else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(round(precision, 3), round(recall, 3), round(f1, 3))


def normalise(text: str) -> str:
    """Lower case, one kind of quote and dash, words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text or "").replace("’", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"[^\w'!-]+", " ", text.lower())
    return " " + re.sub(r"\s+", " ", text).strip() + " "


def alias_in(aliases: str, name: str) -> bool:
    """True when one `|`-separated alias is contained in `name`, both normalised."""
    folded = normalise(name)
    return any(normalise(alias) in folded for alias in aliases.split("|") if alias.strip())


def locate_gold(gold: pd.DataFrame, texts: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give each gold mention its offsets; return (located, not located)."""
    position: dict[str, int] = {}
    located, missing = [], []
    for row in gold.to_dict("records"):
        text = texts.get(row["doc_id"])
        found = -1 if text is None else text.find(row["text"], position.get(row["doc_id"], 0))
        if found < 0:
            missing.append(row)
            continue
        position[row["doc_id"]] = found + len(row["text"])
        located.append({**row, "start": found, "end": found + len(row["text"])})
    columns = list(gold.columns) + ["start", "end"]
    return pd.DataFrame(located, columns=columns), pd.DataFrame(missing, columns=list(gold.columns))


def _match(gold: list[dict], predicted: list[dict], field: str | None, strict: bool) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in gold order: (gold index, predicted index)."""
    used: set[int] = set()
    pairs = []
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(predicted):
            if p_index in used or p["doc_id"] != g["doc_id"]:
                continue
            if strict:
                spans_match = (p["start"], p["end"]) == (g["start"], g["end"])
            else:
                spans_match = p["start"] < g["end"] and g["start"] < p["end"]
            if spans_match and (field is None or _same_value(field, g, p)):
                used.add(p_index)
                pairs.append((g_index, p_index))
                break
    return pairs


def _same_value(field: str, gold: dict, predicted: dict) -> bool:
    value = str(predicted.get(field) or "").strip()
    return value in str(gold[field]).split("|") if field == "label" else value == str(gold[field])


def _split_required(gold: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    rows = gold.to_dict("records")
    required = [row for row in rows if str(row["required"]) == "1"]
    optional = [row for row in rows if str(row["required"]) != "1"]
    return required, optional


def _span_outcome(gold: pd.DataFrame, predicted: pd.DataFrame, field: str | None, strict: bool):
    """(score, gold rows missed, predicted rows counted as false)."""
    required, optional = _split_required(gold)
    predicted_rows = predicted.to_dict("records")
    pairs = _match(required, predicted_rows, field, strict)
    matched = {p for _, p in pairs}
    rest = [p for i, p in enumerate(predicted_rows) if i not in matched]
    excused = {p for _, p in _match(optional, rest, None, False)}
    false_rows = [p for i, p in enumerate(rest) if i not in excused]
    found = {g for g, _ in pairs}
    missed = [g for i, g in enumerate(required) if i not in found]
    score = Score.of(len(pairs), len(predicted_rows) - len(excused), len(required))
    return score, missed, false_rows


def score_spans(gold: pd.DataFrame, predicted: pd.DataFrame, field: str) -> dict[str, Score]:
    """Relaxed and strict span scores, each with and without `field` (label or value).

    `gold` has located offsets (see `locate_gold`); `predicted` has doc_id,
    start, end and `field`."""
    scores = {}
    for strict in (False, True):
        for typed in (False, True):
            name = ("strict" if strict else "relaxed") + (f"_{field}" if typed else "")
            scores[name] = _span_outcome(gold, predicted, field if typed else None, strict)[0]
    return scores


def span_errors(gold: pd.DataFrame, predicted: pd.DataFrame, field: str) -> pd.DataFrame:
    """The relaxed labelled errors: gold mentions missed and predicted rows that
    match no gold, one row each (kind `missed` / `false`)."""
    _, missed, false_rows = _span_outcome(gold, predicted, field, strict=False)
    rows = [{"doc_id": g["doc_id"], "kind": "missed", "start": g["start"], "text": g["text"], field: g[field],
             "source": ""} for g in missed]
    rows += [{"doc_id": p["doc_id"], "kind": "false", "start": p["start"], "text": p.get("text", ""),
              field: p.get(field, ""), "source": p.get("source", p.get("rule", ""))} for p in false_rows]
    table = pd.DataFrame(rows, columns=["doc_id", "kind", "start", "text", field, "source"])
    return table.sort_values(["doc_id", "start", "kind"], kind="stable").reset_index(drop=True)


def _triples(predicted: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    if predicted.empty:
        return []
    table = predicted[["doc_id", "holder", "target", "stance"]].fillna("").astype(str)
    table["stance"] = table["stance"].str.upper()
    return sorted(set(map(tuple, table.to_numpy().tolist())))


def _hits(gold: dict, triple: tuple[str, str, str, str]) -> bool:
    target = "|".join(BAN_WORDS) if gold["target"] == "ban" else gold["target"]
    return (triple[0] == gold["doc_id"] and triple[3] == gold["stance"]
            and alias_in(gold["holder"], triple[1]) and alias_in(target, triple[2]))


def _stance_outcome(gold: pd.DataFrame, predicted: pd.DataFrame):
    rows = gold.to_dict("records")
    required = [row for row in rows if str(row["required"]) == "1"]
    triples = _triples(predicted)
    missed = [g for g in required if not any(_hits(g, t) for t in triples)]
    stated = [t for t in triples if t[3] != "NONE"]
    false_triples = [t for t in stated if not any(_hits(g, t) for g in rows)]
    precision = (len(stated) - len(false_triples)) / len(stated) if stated else 0.0
    recall = (len(required) - len(missed)) / len(required) if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(precision, 3), round(recall, 3), round(f1, 3)), missed, false_triples


def score_stances(gold: pd.DataFrame, predicted: pd.DataFrame) -> Score:
    """Precision over the distinct non-NONE (doc, holder, target, stance)
    triples, recall over the required gold rows."""
    return _stance_outcome(gold, predicted)[0]


def stance_errors(gold: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    """Required gold stances missed and predicted triples matching no gold row."""
    _, missed, false_triples = _stance_outcome(gold, predicted)
    rows = [{"doc_id": g["doc_id"], "kind": "missed", "holder": g["holder"].split("|")[0],
             "target": g["target"].split("|")[0], "stance": g["stance"]} for g in missed]
    rows += [{"doc_id": t[0], "kind": "false", "holder": t[1], "target": t[2], "stance": t[3]} for t in false_triples]
    return pd.DataFrame(rows, columns=["doc_id", "kind", "holder", "target", "stance"])


def spans_for_scoring(table: pd.DataFrame, texts: dict[str, str], field: str) -> tuple[pd.DataFrame, int]:
    """A run's span table with integer offsets, without non-entity labels;
    also the number of rows whose text is not the document's text at their offsets."""
    table = table.dropna(subset=["start", "end"]).copy()
    table["start"] = table["start"].astype(int)
    table["end"] = table["end"].astype(int)
    if field == "label":
        table = table[~table["label"].isin(NOT_ENTITIES)]
    mismatched = sum(
        texts.get(doc_id, "")[start:end] != text
        for doc_id, start, end, text in zip(table["doc_id"], table["start"], table["end"], table["text"].fillna(""))
    )
    return table.reset_index(drop=True), int(mismatched)
