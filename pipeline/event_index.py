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

import re
from functools import lru_cache

import pandas as pd

from pipeline.dates.happenings import kind_of_word
from pipeline.dates.identity import document_event_ids
from pipeline.dates.lexicon import lexicon, word_set

INDEX_COLUMNS = [
    "event_id", "kind", "participant_id", "participant", "documents", "doc_ids", "mentions",
    "dates", "earliest", "latest", "agreement",
]


def index_events(events: pd.DataFrame, stances: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """One row per event told in the corpus, sorted by documents then event_id.

    Dated events count under their id in events.csv (the dates stage gives
    an unnamed one its document's, see `pipeline.dates.identity`); a stance
    toward an event whose participant was not named the same way (see
    `settle_stance_events`)."""
    mentions = _mentions(events, stances, entities)
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
    """Every mention of the kinds a document's main event can be (`[decided_kinds]`
    of the dates lexicon: a ban, a suspension), with the id it carries in
    events.csv / stances.csv (`written_id`), the id the index counts it under
    (`event_id`) and its document's main event (`main_id`): the id most of
    those mentions carry, the earliest told on a tie. Sorted by document and position."""
    mentions = _mentions(events, stances, entities)
    mentions["written_id"] = _written_ids(events, stances)
    mentions["event_id"] = _fill_ids(mentions, entities)
    mentions = mentions[mentions["kind"].isin(word_set("decided_kinds"))]
    mentions = mentions.sort_values(["doc_id", "position", "source"], kind="stable")
    main: dict[str, str] = {}
    for doc_id, told in mentions[mentions["event_id"] != ""].groupby("doc_id", sort=True):
        counts = told["event_id"].value_counts(sort=False)
        first = told.drop_duplicates("event_id").set_index("event_id")["position"]
        main[doc_id] = min(counts.index, key=lambda event_id: (-counts[event_id], first[event_id], event_id))
    mentions["main_id"] = [main.get(doc_id, "") for doc_id in mentions["doc_id"]]
    return mentions[MAIN_EVENT_COLUMNS].reset_index(drop=True)


# `fillable`: a mention whose participant is unknown or only "the party";
# `position`, `words` and `evidence` say where it is, for `main_events`.
_MENTION_COLUMNS = [
    "doc_id", "source", "kind", "event_id", "fillable", "value", "earliest", "latest", "position", "words", "evidence",
]


def settle_stance_events(stances: pd.DataFrame, events: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Stances whose event targets carry the id the index counts them under:
    a participant written as a phrase around a name ("Restore X") is that
    name's; one that is no name ("the party", "one of the largest unions",
    nobody) takes its document's event of that kind (`pipeline.dates.identity`)."""
    if stances is None or not len(stances) or "target_kind" not in stances:
        return stances
    mentions = _mentions(events, stances, entities)
    settled = _fill_ids(mentions, entities)[len(mentions) - int((stances["target_kind"] == "event").sum()):]
    out = stances.copy()
    out.loc[out["target_kind"] == "event", "target_id"] = settled
    return out


def _written_ids(events: pd.DataFrame, stances: pd.DataFrame) -> list[str]:
    """The ids as events.csv and stances.csv carry them, in `_mentions` order."""
    mentions = _mentions(events, stances)
    return list(mentions["event_id"]) if len(mentions) else []


def _mentions(events: pd.DataFrame, stances: pd.DataFrame, entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every mention of an event: dated events with a kind, stances toward
    events (with `entities`, a participant phrase around a name is that name's)."""
    frames = []
    if events is not None and len(events) and "event_kind" in events:
        told = events[events["event_kind"].fillna("") != ""]
        frames.append(pd.DataFrame({
            "doc_id": told["doc_id"], "source": "date", "kind": told["event_kind"],
            "event_id": _text(told, "event_id"), "fillable": False,
            "value": _text(told, "value"), "earliest": _text(told, "earliest"), "latest": _text(told, "latest"),
            "position": _number(told, "start"), "words": _text(told, "event"), "evidence": _text(told, "evidence"),
        }))
    if stances is not None and len(stances) and "target_kind" in stances:
        cited = stances[stances["target_kind"] == "event"]
        frames.append(pd.DataFrame({
            "doc_id": cited["doc_id"], "source": "stance", "kind": [_kind(t) for t in _text(cited, "target")],
            "event_id": _named_inside(cited, entities), "fillable": [_stands_for_subject(p) for p in _text(cited, "target_party")],
            "value": "", "earliest": "", "latest": "",
            "position": _number(cited, "cue_start"), "words": _text(cited, "target_text"), "evidence": _text(cited, "evidence"),
        }))
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True)[_MENTION_COLUMNS] if frames else pd.DataFrame(columns=_MENTION_COLUMNS)


def _kind(target: str) -> str:
    head = target.split(" of ", 1)[0].strip()
    return kind_of_word(head) or head


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    return table[column].fillna("").astype(str) if column in table else pd.Series([""] * len(table), index=table.index)


def _number(table: pd.DataFrame, column: str) -> pd.Series:
    values = table[column] if column in table else pd.Series([-1] * len(table), index=table.index)
    return pd.to_numeric(values, errors="coerce").fillna(-1).astype(int)


def _fill_ids(mentions: pd.DataFrame, entities: pd.DataFrame) -> list[str]:
    """Each mention's event id; an unnamed one takes its document's (see `pipeline.dates.identity`)."""
    return document_event_ids(
        [str(d) for d in mentions["doc_id"]], [str(k) for k in mentions["kind"]], [str(i) for i in mentions["event_id"]],
        [bool(f) for f in mentions["fillable"]], entities,
    )


def _named_inside(cited: pd.DataFrame, entities: pd.DataFrame | None) -> list[str]:
    """Each stance's event id; an unlinked participant phrase written all in
    capitalised words around a name ("Restore X", a slogan the parser read
    as one name) takes the last name inside it ("the X camp" stays unlinked)."""
    ids = list(_text(cited, "target_id"))
    if entities is None or not len(entities) or not {"doc_id", "start", "end", "entity_id"} <= set(entities.columns):
        return ids
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, entity_id in zip(entities["doc_id"], entities["start"], entities["end"], entities["entity_id"]):
        spans.setdefault(str(doc_id), []).append((int(start), int(end), str(entity_id)))
    starts, ends = _number(cited, "target_party_start"), _number(cited, "target_party_end")
    parties = _text(cited, "target_party")
    for i, (doc_id, target, party, first, last) in enumerate(zip(cited["doc_id"], _text(cited, "target"), parties, starts, ends)):
        if ids[i] or first < 0 or not all(word[0].isupper() for word in re.findall(r"\w+", party)):
            continue
        inside = sorted(span for span in spans.get(str(doc_id), []) if first <= span[0] and span[1] <= last)
        if inside:
            ids[i] = f"{_kind(target)}:{inside[-1][2]}"
    return ids


def _stands_for_subject(party: str) -> bool:
    """Whether an event's participant, as written, is no name but what the
    document is about: nobody, "the party", "their union", a partitive "one of
    the largest unions"."""
    words = re.findall(r"[\w'’-]+", party)
    if not words:
        return True
    if any(word[0].isupper() for word in words if word.lower() not in word_set("determiners")):
        return False
    head = party.lower().split(" of ")
    noun = head[0].split()[-1] if head[0].split() else ""
    if noun in _partitives() and len(head) > 1:
        noun = head[-1].split()[-1]
    return any(form in word_set("subject_nouns") for form in (noun, noun[:-1], noun[:-3] + "y"))


@lru_cache(maxsize=1)
def _partitives() -> frozenset[str]:
    """Words that count what follows their "of" ("one of the unions")."""
    return word_set("partitive_words") | frozenset(lexicon()["numbers"])


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
