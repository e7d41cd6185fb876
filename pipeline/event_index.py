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

from pipeline.dates.happenings import kind_of_word
from pipeline.dates.lexicon import lexicon

INDEX_COLUMNS = [
    "event_id", "kind", "participant_id", "participant", "documents", "doc_ids", "mentions",
    "dates", "earliest", "latest", "agreement",
]


def index_events(events: pd.DataFrame, stances: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """One row per event told in the corpus, sorted by documents then event_id.

    A mention whose participant was not named ("the ban", "the suspension
    of the union") is counted with its document's event of the same kind, or,
    when it names only "the party" or nobody, with that kind of event of what
    the document is about: the entity its named events happen to most, else
    the organisation it mentions most (one named "... Party", "... Union"
    first)."""
    mentions = _mentions(events, stances)
    mentions["event_id"] = _fill_ids(mentions, entities)
    dated = mentions[(mentions["source"] == "date") & (mentions["event_id"] != "")]
    toward = mentions[(mentions["source"] == "stance") & (mentions["event_id"] != "")]
    canonical = _canonical_names(entities)
    rows = []
    for event_id in sorted(set(dated["event_id"]) | set(toward["event_id"])):
        told = dated[dated["event_id"] == event_id]
        cited = toward[toward["event_id"] == event_id]
        rows.append(_row(event_id, told, cited, canonical))
    table = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    return table.sort_values(["documents", "mentions", "event_id"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


MAIN_EVENT_COLUMNS = ["doc_id", "main_id", "source", "kind", "written_id", "event_id", "position", "words", "evidence"]


def main_events(events: pd.DataFrame, stances: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Every mention of the kinds a document's main event can be (`[main_event_kinds]`
    of the dates lexicon: a ban, a suspension), with the id it carries in
    events.csv / stances.csv (`written_id`), the id the index counts it under
    (`event_id`) and its document's main event (`main_id`): the id most of
    those mentions carry, the earliest told on a tie. Sorted by document and position."""
    mentions = _mentions(events, stances)
    mentions["written_id"] = mentions["event_id"]
    mentions["event_id"] = _fill_ids(mentions, entities)
    mentions = mentions[mentions["kind"].isin(_main_kinds())]
    mentions = mentions.sort_values(["doc_id", "position", "source"], kind="stable")
    main: dict[str, str] = {}
    for doc_id, told in mentions[mentions["event_id"] != ""].groupby("doc_id", sort=True):
        counts = told["event_id"].value_counts(sort=False)
        first = told.drop_duplicates("event_id").set_index("event_id")["position"]
        main[doc_id] = min(counts.index, key=lambda event_id: (-counts[event_id], first[event_id], event_id))
    mentions["main_id"] = [main.get(doc_id, "") for doc_id in mentions["doc_id"]]
    return mentions[MAIN_EVENT_COLUMNS].reset_index(drop=True)


def _main_kinds() -> frozenset[str]:
    return frozenset(lexicon()["main_event_kinds"]["words"])


# `fillable`: a mention whose participant is unknown or only "the party";
# `position`, `words` and `evidence` say where it is, for `main_events`.
_MENTION_COLUMNS = [
    "doc_id", "source", "kind", "event_id", "fillable", "value", "earliest", "latest", "position", "words", "evidence",
]


def _mentions(events: pd.DataFrame, stances: pd.DataFrame) -> pd.DataFrame:
    """Every mention of an event: dated events with a kind, stances toward events."""
    frames = []
    if events is not None and len(events) and "event_kind" in events:
        told = events[events["event_kind"].fillna("") != ""]
        frames.append(pd.DataFrame({
            "doc_id": told["doc_id"], "source": "date", "kind": told["event_kind"],
            "event_id": _text(told, "event_id"), "fillable": True,
            "value": _text(told, "value"), "earliest": _text(told, "earliest"), "latest": _text(told, "latest"),
            "position": _number(told, "start"), "words": _text(told, "event"), "evidence": _text(told, "evidence"),
        }))
    if stances is not None and len(stances) and "target_kind" in stances:
        cited = stances[stances["target_kind"] == "event"]
        party = _text(cited, "target_party").str.strip().str.lower().str.replace(r"^the\s+", "", regex=True)
        frames.append(pd.DataFrame({
            "doc_id": cited["doc_id"], "source": "stance", "kind": [_kind(t) for t in _text(cited, "target")],
            "event_id": _text(cited, "target_id"), "fillable": (party == "") | party.isin(_subject_nouns()),
            "value": "", "earliest": "", "latest": "",
            "position": _number(cited, "cue_start"), "words": _text(cited, "target_text"), "evidence": _text(cited, "evidence"),
        }))
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True)[_MENTION_COLUMNS] if frames else pd.DataFrame(columns=_MENTION_COLUMNS)


def _subject_nouns() -> frozenset[str]:
    """Nouns that, alone, mean what the document is about ("the party")."""
    return frozenset(lexicon()["subject_nouns"]["words"])


def _kind(target: str) -> str:
    head = target.split(" of ", 1)[0].strip()
    return kind_of_word(head) or head


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    return table[column].fillna("").astype(str) if column in table else pd.Series([""] * len(table), index=table.index)


def _number(table: pd.DataFrame, column: str) -> pd.Series:
    values = table[column] if column in table else pd.Series([-1] * len(table), index=table.index)
    return pd.to_numeric(values, errors="coerce").fillna(-1).astype(int)


def _fill_ids(mentions: pd.DataFrame, entities: pd.DataFrame) -> list[str]:
    """Each mention's event id; an unnamed one takes its document's (see `index_events`)."""
    ids = _with_document_events(mentions, list(mentions["event_id"]))
    subject = _top_organisations(entities) | _main_participants(mentions["doc_id"], ids)
    for i, (doc_id, kind, fillable) in enumerate(zip(mentions["doc_id"], mentions["kind"], mentions["fillable"])):
        if not ids[i] and fillable and doc_id in subject:
            ids[i] = f"{kind}:{subject[doc_id]}"
    return _with_document_events(mentions, ids)


def _main_participants(doc_ids: pd.Series, ids: list[str]) -> dict[str, str]:
    """doc_id -> the entity its named events happen to most often."""
    counts: dict[str, dict[str, int]] = {}
    for doc_id, event_id in zip(doc_ids, ids):
        if event_id:
            participant = event_id.partition(":")[2]
            counts.setdefault(doc_id, {})[participant] = counts.get(doc_id, {}).get(participant, 0) + 1
    return {doc_id: max(sorted(per), key=per.get) for doc_id, per in counts.items()}


def _with_document_events(mentions: pd.DataFrame, ids: list[str]) -> list[str]:
    """Mentions without a participant take the id their document gives that kind of event most often."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for doc_id, kind, event_id in zip(mentions["doc_id"], mentions["kind"], ids):
        if event_id:
            per_id = counts.setdefault((doc_id, kind), {})
            per_id[event_id] = per_id.get(event_id, 0) + 1
    main = {key: max(sorted(per_id), key=per_id.get) for key, per_id in counts.items()}
    return [
        event_id or (main.get((doc_id, kind), "") if fillable else "")
        for doc_id, kind, event_id, fillable in zip(mentions["doc_id"], mentions["kind"], ids, mentions["fillable"])
    ]


def _top_organisations(entities: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the organisation it mentions most, one named like what can be
    banned first ("... Party", "... Union": `[subject_nouns]` of the dates
    lexicon); ties go to the first in id order."""
    if entities is None or not len(entities) or "label" not in entities:
        return {}
    nouns = _subject_nouns()
    organisations = entities[entities["label"] == "ORG"]
    counts = organisations.groupby(["doc_id", "entity_id"]).size().reset_index(name="n")
    counts["named_so"] = [bool(nouns & set(eid.partition(":")[2].split("-"))) for eid in counts["entity_id"]]
    counts = counts.sort_values(["doc_id", "named_so", "n", "entity_id"], ascending=[True, False, False, True], kind="stable")
    return dict(counts.drop_duplicates("doc_id")[["doc_id", "entity_id"]].itertuples(index=False, name=None))


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
        if not first:
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
