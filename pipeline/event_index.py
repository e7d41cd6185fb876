"""Events across documents: one row per event, the dates each source gives
it, and whether the sources agree.

In:  events (events.csv: doc_id, value, earliest, latest, event_kind,
     event_id, ...), stances (stances.csv: doc_id, target_kind, target_id)
     and entities (entities.csv: entity_id, canonical).
Out: `index_events` -> INDEX_COLUMNS, one row per event_id:
  event_id, kind, participant_id, participant   what happened, to whom
  documents, doc_ids, mentions                  where it is told (dated events
                                                and stances toward it)
  dates                                          each source's most precise date,
                                                 "doc_id: value; ..."
  earliest, latest                               the days any source allows
  agreement                                      same (one value), compatible (one
                                                 source's date lies inside
                                                 another's), differs (two sources
                                                 give days that cannot both be
                                                 true), single (one dated source),
                                                 undated

An event's id is "<kind>:<entity id of who undergoes it>" ("ban:ORG:x"): the
dates stage gives it to dated events and the stance stage to stances toward
events, so the same event gets the same id whatever the wording.
"""

from __future__ import annotations

import pandas as pd

INDEX_COLUMNS = [
    "event_id", "kind", "participant_id", "participant", "documents", "doc_ids", "mentions",
    "dates", "earliest", "latest", "agreement",
]


def index_events(events: pd.DataFrame, stances: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """One row per event told in the corpus, sorted by documents then event_id."""
    dated = _with_ids(events)
    toward = _with_ids(stances, id_column="target_id")
    if "target_kind" in toward:
        toward = toward[toward["target_kind"] == "event"]
    canonical = _canonical_names(entities)
    rows = []
    for event_id in sorted(set(dated["event_id"]) | set(toward["event_id"])):
        told = dated[dated["event_id"] == event_id]
        cited = toward[toward["event_id"] == event_id]
        rows.append(_row(event_id, told, cited, canonical))
    table = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    return table.sort_values(["documents", "mentions", "event_id"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def _with_ids(table: pd.DataFrame, id_column: str = "event_id") -> pd.DataFrame:
    if table is None or not len(table) or id_column not in table:
        return pd.DataFrame(columns=["doc_id", "event_id"])
    table = table.assign(event_id=table[id_column].fillna("").astype(str))
    return table[table["event_id"] != ""]


def _canonical_names(entities: pd.DataFrame) -> dict[str, str]:
    if entities is None or not len(entities) or "canonical" not in entities:
        return {}
    return dict(zip(entities["entity_id"].astype(str), entities["canonical"].astype(str)))


def _row(event_id: str, told: pd.DataFrame, cited: pd.DataFrame, canonical: dict[str, str]) -> dict:
    kind, _, participant_id = event_id.partition(":")
    doc_ids = sorted(set(told["doc_id"]) | set(cited["doc_id"]))
    per_source = _most_precise_dates(told)
    return dict(
        event_id=event_id, kind=kind, participant_id=participant_id,
        participant=canonical.get(participant_id, ""), documents=len(doc_ids), doc_ids="; ".join(doc_ids),
        mentions=len(told) + len(cited),
        dates="; ".join(f"{doc_id}: {value}" for doc_id, (value, _, _) in per_source.items()),
        earliest=min((first for _, first, _ in per_source.values()), default=""),
        latest=max((last for _, _, last in per_source.values()), default=""),
        agreement=agreement(list(per_source.values())),
    )


def _most_precise_dates(told: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """doc_id -> (value, earliest, latest) of the narrowest date each document gives."""
    best: dict[str, tuple[str, str, str]] = {}
    for doc_id, value, first, last in zip(told["doc_id"], told["value"], told["earliest"], told["latest"]):
        if not isinstance(first, str) or not first:
            continue
        current = best.get(doc_id)
        if current is None or (_span(first, last), first) < (_span(current[1], current[2]), current[1]):
            best[doc_id] = (str(value), first, last)
    return dict(sorted(best.items()))


def _span(first: str, last: str) -> int:
    return (pd.Timestamp(last) - pd.Timestamp(first)).days


def agreement(dates: list[tuple[str, str, str]]) -> str:
    """How the sources' (value, earliest, latest) dates of one event relate."""
    if not dates:
        return "undated"
    if len(dates) == 1:
        return "single"
    if len({value for value, _, _ in dates}) == 1:
        return "same"
    for i, (_, first_a, last_a) in enumerate(dates):
        for _, first_b, last_b in dates[i + 1:]:
            if last_a < first_b or last_b < first_a:
                return "differs"
    return "compatible"
