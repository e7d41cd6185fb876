"""One id per real event across a document's mentions.

A mention whose words name who undergoes the event has its id
("ban:ORG:x"). One that names nobody ("the ruling was read on ...", "the
ban") or only "the party" takes its document's: the id the document gives
that kind of event most often, else, for what happens to organisations (a
ban, a founding: `[organisation_event_kinds]`), that kind of event of what
the document is about (its title's entity, else the entity its named events
happen to most, else the organisation it mentions most).

In:  per mention its doc_id, kind, id ("" when its words name nobody) and
     whether it may take its document's (`fillable`); entities.csv rows.
Out: the ids, in the same order.
"""

from __future__ import annotations

import pandas as pd

from pipeline.dates.lexicon import lexicon, word_set


def document_event_ids(
    doc_ids: list[str], kinds: list[str], ids: list[str], fillable: list[bool],
    entities: pd.DataFrame | None, subjects: dict[str, str] | None = None,
) -> list[str]:
    """Each mention's id; an unnamed, fillable one takes its document's (see the module)."""
    ids = _with_document_events(doc_ids, kinds, ids, fillable)
    about = top_organisations(entities) | _main_participants(doc_ids, ids) | (subjects or {})
    of_organisations = word_set("organisation_event_kinds")
    ids = [
        event_id or (f"{kind}:{about[doc_id]}" if fill and kind in of_organisations and doc_id in about else "")
        for doc_id, kind, event_id, fill in zip(doc_ids, kinds, ids, fillable)
    ]
    return _with_document_events(doc_ids, kinds, ids, fillable)


def _with_document_events(doc_ids: list[str], kinds: list[str], ids: list[str], fillable: list[bool]) -> list[str]:
    """Mentions without an id take the id their document gives that kind of event most often."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for doc_id, kind, event_id in zip(doc_ids, kinds, ids):
        if event_id:
            per_id = counts.setdefault((doc_id, kind), {})
            per_id[event_id] = per_id.get(event_id, 0) + 1
    main = {key: max(sorted(per_id), key=per_id.get) for key, per_id in counts.items()}
    return [
        event_id or (main.get((doc_id, kind), "") if fill else "")
        for doc_id, kind, event_id, fill in zip(doc_ids, kinds, ids, fillable)
    ]


def _main_participants(doc_ids: list[str], ids: list[str]) -> dict[str, str]:
    """doc_id -> the entity its named events happen to most often."""
    counts: dict[str, dict[str, int]] = {}
    for doc_id, event_id in zip(doc_ids, ids):
        if event_id:
            participant = event_id.partition(":")[2]
            counts.setdefault(doc_id, {})[participant] = counts.get(doc_id, {}).get(participant, 0) + 1
    return {doc_id: max(sorted(per), key=per.get) for doc_id, per in counts.items()}


def top_organisations(entities: pd.DataFrame | None) -> dict[str, str]:
    """doc_id -> the organisation it is most likely about: of those named like
    what can be banned ("... Party", "... Union": `[subject_nouns]` of the dates
    lexicon) the one it names first (a lead names its subject), else the one
    it mentions most; ties go to the first in id order."""
    if entities is None or not len(entities) or not {"label", "doc_id", "entity_id"} <= set(entities.columns):
        return {}
    nouns = word_set("subject_nouns")
    organisations = entities[entities["label"] == "ORG"]
    if "start" in organisations:
        organisations = organisations.assign(start=pd.to_numeric(organisations["start"], errors="coerce"))
    else:
        organisations = organisations.assign(start=0)
    counts = organisations.groupby(["doc_id", "entity_id"]).agg(n=("label", "size"), first=("start", "min")).reset_index()
    counts["named_so"] = [bool(nouns & set(eid.partition(":")[2].split("-"))) for eid in counts["entity_id"]]
    counts["first"] = counts["first"].where(counts["named_so"], 0)
    counts = counts.sort_values(
        ["doc_id", "named_so", "first", "n", "entity_id"], ascending=[True, False, True, False, True], kind="stable",
    )
    return dict(counts.drop_duplicates("doc_id")[["doc_id", "entity_id"]].itertuples(index=False, name=None))
