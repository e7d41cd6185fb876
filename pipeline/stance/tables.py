"""Rows into tables: one document's stances, corpus-level linking to entities, and the summary."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy as np
import pandas as pd
from pandas.arrays import IntegerArray

from pipeline.tables import typed_array


STANCE_COLUMNS = [
    "doc_id", "sent_id", "start", "end",
    "holder", "holder_start", "holder_end", "holder_kind",
    "target", "target_start", "target_end", "target_kind",
    "target_party", "target_party_start", "target_party_end",
    "stance", "cue", "cue_start", "cue_end",
    "negated", "confidence", "rule", "evidence",
]
RESOLVED_COLUMNS = STANCE_COLUMNS[:4] + [
    "holder", "holder_id", "holder_text", "holder_start", "holder_end", "holder_kind",
    "target", "target_id", "target_text", "target_start", "target_end", "target_kind",
    "target_party", "target_party_start", "target_party_end",
    "stance", "cue", "cue_start", "cue_end", "negated", "confidence", "rule", "evidence",
]
SUMMARY_COLUMNS = ["holder", "target", "favor", "against", "none", "documents"]
QUOTE_COLUMNS = ["doc_id", "sent_id", "start", "end", "quote", "speaker", "speaker_id", "speaker_start", "speaker_end",
                 "cue", "cue_start", "cue_end"]
STANCE_OFFSETS = ["holder_start", "holder_end", "target_start", "target_end",
                  "target_party_start", "target_party_end", "cue_start", "cue_end"]


def resolve(stances_all: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Link holders and targets to entities across the corpus.

    Adds holder_id / target_id (the entity_id of the entity mention that
    overlaps the holder / target span most), keeps the surface text in
    holder_text / target_text and shows the entity's canonical name as
    holder / target when the mention covers most of the span, when a holder
    ends with it ("Interior Minister X"), or when a holder is a phrase around
    a name ("LPS delegation"); a canonical name that does not fit the words
    written (another entity's, by a linking error) is not shown. The party
    inside an event name is canonicalised the same way, and an event gets the
    id "<event>:<participant entity_id>" ("ban:ORG:x"), the same for the same
    event in every document. Works with an empty table.
    """
    table = stances_all.copy()
    table["holder_text"] = table["holder"] if "holder" in table else pd.Series(dtype=str)
    table["target_text"] = table["target"] if "target" in table else pd.Series(dtype=str)
    table["holder_id"] = ""
    table["target_id"] = ""
    needed = {"doc_id", "start", "end", "entity_id", "canonical"}
    if len(table) and len(entities) and needed <= set(entities.columns):
        spans = _entity_spans(entities)
        names, canonicals = _entity_names(entities)
        holder_names, holder_ids, target_names, target_ids = [], [], [], []
        for row in table.to_dict("records"):
            doc_spans = spans.get(row["doc_id"], [])
            # a phrase around a name ("LPS delegation") stands for it, a group of people ("RU supporters") does not
            holder = _link(doc_spans, row["holder_start"], row["holder_end"], row["holder_kind"] == "other", head_last=True,
                           written=str(row["holder"]))
            shown = _shown(row["holder"], holder)
            if holder is None:  # "the party" resolved to a name written elsewhere (kept as written), or the metadata author
                key = str(row["holder"]).strip().lower()
                holder = names.get((row["doc_id"], key))
                shown = row["holder"]
                if holder is None and pd.isna(row["holder_start"]):
                    holder = canonicals.get(key)
                    shown = holder[1] if holder else row["holder"]
            holder_ids.append(holder[0] if holder else "")
            holder_names.append(shown)
            party = _party_link(doc_spans, row)
            name, entity_id = row["target"], ""
            if row["target_kind"] == "event":
                if party is not None and row["target_party"]:
                    name = _replace_party(name, row["target_party"], _shown(row["target_party"], party))
                entity_id = _event_id(name, party)
            else:
                target = _link(doc_spans, row["target_start"], row["target_end"], False)
                if target is None and row["target_party"]:  # a coreferent noun: "the party"
                    target = party
                if target is not None:
                    entity_id, name = target[0], _shown(row["target"], target)
            target_names.append(name)
            target_ids.append(entity_id)
        table["holder"], table["holder_id"] = holder_names, holder_ids
        table["target"], table["target_id"] = target_names, target_ids
    for column in RESOLVED_COLUMNS:
        if column not in table:
            table[column] = pd.Series(dtype=object)
    return table[RESOLVED_COLUMNS].reset_index(drop=True)


def summarise(stances: pd.DataFrame) -> pd.DataFrame:
    """Count stances per (holder, target): favor, against, none, documents.

    A sentence that states the same stance twice (two cues) counts once.
    """
    if not len(stances):
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    unique = stances.drop_duplicates(["doc_id", "sent_id", "holder", "target", "stance"])
    # One grouped sum over 0/1 columns: a loop over thousands of pairs took seconds.
    marks = unique[["holder", "target", "doc_id"]].assign(
        **{column: unique["stance"].eq(column.upper()).astype(int) for column in ("favor", "against", "none")}
    )
    table = marks.groupby(["holder", "target"], sort=True).agg(
        favor=("favor", "sum"), against=("against", "sum"), none=("none", "sum"), documents=("doc_id", "nunique"),
    )
    return table.reset_index()[SUMMARY_COLUMNS]


# tables


def document_table(doc_id: str, rows: list[dict], sentences: pd.DataFrame) -> pd.DataFrame:
    return table_of_columns(stance_columns(doc_id, rows, sentences), set(STANCE_OFFSETS)) if rows else _empty()


def stance_columns(doc_id: str, rows: list[dict], sentences: pd.DataFrame) -> dict[str, list]:
    """The cue rows as the stances table's columns: each placed in its
    sentence, one row per stance a sentence states."""
    records = sorted(
        zip([int(v) for v in sentences["start"].tolist()], [int(v) for v in sentences["end"].tolist()],
            sentences["sent_id"].tolist(), sentences["text"].tolist())
    )
    starts = [record[0] for record in records]
    out = []
    for row in rows:
        at = max(0, bisect.bisect_right(starts, row.pop("sent_start")) - 1)
        start, end, sent_id, text = records[at] if records else (0, 0, -1, "")
        out.append(dict(row, doc_id=doc_id, sent_id=sent_id, start=start, end=end, evidence=text))
    # one row per stated stance: the most reliable cue speaks for the sentence
    out.sort(key=lambda r: (r["start"], -r["confidence"], r["cue_start"]))
    kept, seen = [], set()
    for row in out:
        key = (row["sent_id"], row["holder"], row["holder_start"], row["target"], row["target_start"], row["stance"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    kept.sort(key=lambda r: (r["start"], r["cue_start"], r["holder"], r["target"], r["stance"]))
    return {column: [row[column] for row in kept] for column in STANCE_COLUMNS}


def quote_table(doc_id: str, context, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation: where it is, its words, who says it (empty
    when nobody is said to) and the reporting verb that says so."""
    if not context.quotes:
        return _empty_quotes().copy(deep=False)
    return table_of_columns(quote_columns(doc_id, context, sentences), QUOTE_OFFSETS)


def quote_columns(doc_id: str, context, sentences: pd.DataFrame) -> dict[str, list]:
    """The quotations of `context` as the quotes table's columns."""
    starts = sorted(zip([int(v) for v in sentences["start"].tolist()], sentences["sent_id"].tolist()))
    sentence_starts = [start for start, _ in starts]
    columns: dict[str, list] = {column: [] for column in QUOTE_COLUMNS}
    for quote in context.quotes:
        at = bisect.bisect_right(sentence_starts, quote.start) - 1
        speaker = quote.speaker
        values = dict(
            doc_id=doc_id, sent_id=starts[at][1] if at >= 0 else -1, start=quote.start, end=quote.end,
            quote=context.text[quote.start:quote.end], speaker=speaker.name if speaker else "", speaker_id="",
            speaker_start=speaker.start if speaker else None, speaker_end=speaker.end if speaker else None,
            cue=quote.cue, cue_start=quote.cue_start, cue_end=quote.cue_end,
        )
        for column in QUOTE_COLUMNS:
            columns[column].append(values[column])
    return columns


QUOTE_OFFSETS = frozenset({"speaker_start", "speaker_end", "cue_start", "cue_end"})


def _empty_quotes() -> pd.DataFrame:
    return _empty_table(tuple(QUOTE_COLUMNS), frozenset(QUOTE_OFFSETS))


def resolve_quotes(quotes: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Speakers linked to entities the way holders are (speaker_id, and the
    canonical name when it fits what is written)."""
    table = quotes.copy() if len(quotes.columns) else pd.DataFrame(columns=QUOTE_COLUMNS)
    needed = {"doc_id", "start", "end", "entity_id", "canonical"}
    if len(table) and len(entities) and needed <= set(entities.columns):
        spans = _entity_spans(entities)
        names, ids = [], []
        for row in table.to_dict("records"):
            linked = _link(spans.get(row["doc_id"], []), row["speaker_start"], row["speaker_end"], False, head_last=True)
            ids.append(linked[0] if linked else "")
            names.append(_shown(row["speaker"], linked))
        table["speaker"], table["speaker_id"] = names, ids
    return table[QUOTE_COLUMNS].reset_index(drop=True)


def table_of_columns(columns: dict[str, list], offsets: set[str]) -> pd.DataFrame:
    """A table from its columns, each array made directly: nullable integers
    for the offset columns, the inferred type for the others (pandas infers
    a column of mixed types)."""
    data = {}
    for column, values in columns.items():
        array = _offset_array(values) if column in offsets else typed_array(values)
        data[column] = values if array is None else array
    return pd.DataFrame(data, copy=False)


def _offset_array(values: list):
    """Nullable offsets (None where a span has no place in the text), built
    from a value array and a mask instead of element by element."""
    if not {type(value) for value in values} <= {int, type(None)}:
        return pd.array(values, dtype="Int64")
    missing = np.array([value is None for value in values], dtype=bool)
    return IntegerArray(np.array([0 if value is None else value for value in values], dtype=np.int64), missing)


@lru_cache(maxsize=4)
def _empty_table(columns: tuple[str, ...], offsets: frozenset[str]) -> pd.DataFrame:
    """An empty table with object columns and nullable integer offsets."""
    table = pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    for column in offsets:
        table[column] = table[column].astype("Int64")
    return table


def _empty() -> pd.DataFrame:
    # Copy-on-write makes a shallow copy safe to hand out, and far cheaper.
    return _empty_table(tuple(STANCE_COLUMNS), frozenset(STANCE_OFFSETS)).copy(deep=False)


def _entity_spans(entities: pd.DataFrame) -> dict[str, list[tuple[int, int, str, str, str]]]:
    ordered = entities.sort_values(["doc_id", "start"])
    labels = ordered["label"].tolist() if "label" in ordered.columns else [""] * len(ordered)
    columns = (ordered[name].tolist() for name in ("doc_id", "start", "end", "entity_id", "canonical"))
    spans: dict[str, list] = {}
    # Columns zipped, not rows as dicts: the corpus's mentions are tens of thousands of rows.
    for doc_id, start, end, entity_id, canonical, label in zip(*columns, labels):
        spans.setdefault(doc_id, []).append((int(start), int(end), str(entity_id), str(canonical), str(label)))
    return spans


def _link(spans: list, start, end, phrase: bool, head_last: bool = False, written: str = "") -> tuple[str, str] | None:
    """(entity_id, canonical) of the mention that stands for the span
    [start, end): one containing it, or one covering most of it; for a
    phrase around a name ("LPS delegation", "group led by X") the name
    inside; with `head_last`, a name that ends the span ("Interior Minister X")."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    start, end = int(start), int(end)
    best, best_score = None, 0.0
    for s, e, entity_id, canonical, label in spans:
        if s >= end:
            break
        overlap = min(e, end) - max(s, start)
        if overlap <= 0:
            continue
        share_of_span, share_of_mention = overlap / (end - start), overlap / (e - s)
        contains = s <= start and e >= end
        close = share_of_span >= 0.75 and share_of_mention >= 0.75
        before = written[:max(0, s - start)]
        # "Interior Minister X"; "opposition X": a title or a lower-case description before the name that ends the span
        titled = head_last and e >= end - 1 and " of " not in before and (label == "PERSON" or before == before.lower())
        # "LPS delegation"; not "the Lutheran pastor", nor "the pastor of X"
        around = phrase and label != "NORP" and " of " not in before
        inside = (around or titled) and share_of_mention == 1.0
        if (contains or close or inside) and share_of_span > best_score:
            best, best_score = (entity_id, canonical), share_of_span
    return best


def _party_link(spans: list, row: dict) -> tuple[str, str] | None:
    """The entity an event happens to: the whole span, a name after a
    description ("the newspaper X"), or a possessor ("X's activities")."""
    start, end, written = row["target_party_start"], row["target_party_end"], str(row["target_party"] or "")
    found = _link(spans, start, end, False, head_last=True, written=written)
    if found is None and "'s " in written.replace("’s ", "'s ") and not pd.isna(start):
        owner = written.replace("’s ", "'s ").index("'s ")
        found = _link(spans, int(start), int(start) + owner, False)
    return found


def _shown(written: str, linked: tuple[str, str] | None) -> str:
    """The canonical name when it fits what is written: they share a word,
    or what is written is an abbreviation of it."""
    if linked is None:
        return written
    canonical = linked[1]
    words = {w for w in re.findall(r"\w+", written.lower()) if len(w) > 2}
    if words & {w for w in re.findall(r"\w+", canonical.lower())}:
        return canonical
    initials = "".join(w[0] for w in re.findall(r"\w+", canonical) if w[0].isupper())
    acronyms = [w for w in re.findall(r"\w+", written) if len(w) > 1 and w.isupper()]
    if any(_in_order(acronym, initials) for acronym in acronyms):
        return canonical
    return written


def _in_order(letters: str, initials: str) -> bool:
    rest = iter(initials)
    return all(letter in rest for letter in letters)


def _event_id(name: str, party: tuple[str, str] | None) -> str:
    """"ban:ORG:x" for the ban of the entity ORG:x; no id without a linked participant."""
    event = name.split(" of ", 1)[0].strip()
    return f"{event}:{party[0]}" if party is not None and event else ""


def _entity_names(entities: pd.DataFrame) -> tuple[dict, dict]:
    """(doc_id, written or canonical name) -> (entity_id, canonical), and
    canonical name -> (entity_id, canonical) across the corpus; first seen wins."""
    names: dict = {}
    canonicals: dict = {}
    columns = [entities[c].astype(str).tolist() for c in ("doc_id", "text", "entity_id", "canonical")] \
        if "text" in entities else [entities[c].astype(str).tolist() for c in ("doc_id", "canonical", "entity_id", "canonical")]
    for doc_id, text, entity_id, canonical in zip(*columns):
        linked = (entity_id, canonical)
        names.setdefault((doc_id, text.strip().lower()), linked)
        names.setdefault((doc_id, canonical.strip().lower()), linked)
        canonicals.setdefault(canonical.strip().lower(), linked)
    return names, canonicals


def _replace_party(name: str, party: str, canonical: str) -> str:
    if name.endswith(party):
        return name[: len(name) - len(party)] + canonical
    return name
