"""Events: the verb or event noun a date dates, the entities taking part,
and (at corpus level) those entities' ids and canonical names."""

from __future__ import annotations


import pandas as pd
from spacy.tokens import Doc, Token

from pipeline.dates.anchoring import token_at
from pipeline.dates.happenings import OTHER, SUBJECT, is_field_key, kind_and_patient, kind_of_word, main_event
from pipeline.dates.identity import document_event_ids
from pipeline.dates.lexicon import word_set
from pipeline.tables import own_rows


# The events table as written: spans replaced by entity ids.
OUTPUT_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "value", "earliest", "latest", "range_id", "event",
    "event_start", "event_end", "event_kind", "event_id", "participants", "participant_ids", "evidence",
]


def event_for(doc: Doc, start: int, end: int) -> tuple[str, int, int, Token | None]:
    """The verb or event noun governing a date: walk up the dependency tree."""
    event_nouns = word_set("event_nouns")
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "", -1, -1, None
    key = _field_key_before(span)
    if key is not None:
        return key.text, key.idx, key.idx + len(key), key
    token = span.root
    steps = 0
    while token.head.i != token.i and steps < 8:
        token, steps = token.head, steps + 1
        if token.i >= span.start and token.i < span.end:
            continue
        if token.lower_ in event_nouns or token.lemma_.lower() in event_nouns:
            return token.text, token.idx, token.idx + len(token), token
        if token.pos_ == "VERB":
            if token.dep_ == "acl" and (token.head.lemma_.lower() in event_nouns or token.head.lemma_.lower() in word_set("event_anaphors")):
                token = token.head  # "the decision of the court taken on 3 August", "the resolution dated ...": the decision
            return token.text, token.idx, token.idx + len(token), token
    # The date is the root, or its chain holds no verb: look at its own children.
    for child in span.root.children:
        if child.pos_ == "VERB" or child.lower_ in event_nouns:
            return child.text, child.idx, child.idx + len(child), child
    return "", -1, -1, None


def _field_key_before(span) -> Token | None:
    """The key of a "Key: Value" line whose value the date is ("Outlawed: 3 May 2001")."""
    if span.start < 2 or span.doc[span.start - 1].text != ":":
        return None
    key = span.doc[span.start - 2]
    return key if is_field_key(key) and kind_of_word(key.text) else None


def event_rows(doc_id: str, doc: Doc, text: str, dates: list[dict], sentence_rows, mentions: pd.DataFrame) -> list[dict]:
    sentence_text = {sent_id: text[s:e] for s, e, sent_id in sentence_rows}
    mention_spans = sorted((int(s), int(e), str(t)) for s, e, t in own_rows(mentions, doc_id, "start", "end", "text"))
    rows = []
    document_event = None
    for row in dates:
        if row["type"] not in ("DATE", "TIME") or not row["earliest"]:
            continue
        participants = _participants(doc, row["event_start"], mention_spans)
        if document_event is None:
            document_event = main_event(doc, mention_spans, _mention_names(mentions, doc_id))
        kind, patient = _kind_and_patient(doc, row, mention_spans, document_event)
        rows.append(dict(
            doc_id=doc_id, sent_id=row["sent_id"], start=row["start"], end=row["end"], text=row["text"],
            value=row["value"], earliest=row["earliest"], latest=row["latest"], range_id=row["range_id"], event=row["event"],
            event_start=row["event_start"], event_end=row["event_end"],
            participants="; ".join(t for _, _, t in participants),
            participant_spans=";".join(f"{s}:{e}" for s, e, _ in participants),
            event_kind=kind, patient_span=f"{patient[0]}:{patient[1]}" if isinstance(patient, tuple) else (patient or ""),
            evidence=sentence_text.get(row["sent_id"], ""),
        ))
    return rows


def _mention_names(mentions: pd.DataFrame, doc_id: str) -> dict[tuple[int, int], str]:
    """A mention's span -> its name, a short form's being the long form it was defined with."""
    long_form_column = "short_form_of" if mentions is not None and "short_form_of" in mentions else "text"
    return {
        (int(s), int(e)): str(long_form if isinstance(long_form, str) and long_form else text).casefold()
        for s, e, text, long_form in own_rows(mentions, doc_id, "start", "end", "text", long_form_column)
    }


def _kind_and_patient(doc: Doc, row: dict, mention_spans: list, document_event) -> tuple[str, object]:
    """An infobox key ('Banned') names its kind and is about the article's subject."""
    if row["event_start"] < 0:
        kind = kind_of_word(row["event"]) if row["event"] else ""
        return kind, (SUBJECT if kind else None)
    return kind_and_patient(token_at(doc, row["event_start"]), mention_spans, document_event)


def _participants(doc: Doc, event_start: int, mention_spans: list) -> list[tuple[int, int, str]]:
    """Mentions inside the event's clause (the subtree of its verb or noun)."""
    if not mention_spans or event_start < 0:
        return []
    token = token_at(doc, event_start)
    if token is None:
        return []
    head = token
    if head.pos_ != "VERB":
        while head.head.i != head.i and head.pos_ != "VERB":
            head = head.head
        if head.pos_ != "VERB":
            head = token
    left, right = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    return [(s, e, t) for s, e, t in mention_spans if left <= s and e <= right]


def attach_participants(events: pd.DataFrame, entities: pd.DataFrame, subjects: dict[str, str] | None = None) -> pd.DataFrame:
    """Replace participant spans by the linked entities (corpus level).

    Args:
        events: Events of all documents (EVENT_COLUMNS).
        entities: Linked mentions (doc_id, start, end, entity_id, canonical); may be empty.
        subjects: doc_id -> the entity_id each document is about (see `document_subjects`).

    Returns:
        A new events table whose `participants` hold canonical names ("; ")
        and `participant_ids` the entity ids ("; "), and whose `event_id` is
        "<kind>:<entity id of who undergoes it>" ("ban:ORG:green-league"),
        the same for the same event in every document; without the span columns.
    """
    out = events.copy()
    lookup: dict[tuple[str, int, int], tuple[str, str]] = {}
    if entities is not None and len(entities) and {"entity_id", "canonical"} <= set(entities.columns):
        for doc_id, start, end, entity_id, canonical in zip(
            entities["doc_id"], entities["start"], entities["end"], entities["entity_id"], entities["canonical"]
        ):
            lookup[(str(doc_id), int(start), int(end))] = (str(entity_id), str(canonical))
    ids_column, names_column = [], []
    for doc_id, spans, texts in zip(out["doc_id"], out.get("participant_spans", pd.Series([""] * len(out))), out["participants"]):
        ids, names = [], []
        fallback = [t for t in str(texts or "").split("; ") if t]
        for i, span in enumerate(s for s in str(spans or "").split(";") if s):
            start, _, end = span.partition(":")
            hit = lookup.get((str(doc_id), int(start), int(end)))
            if hit:
                if hit[0] not in ids:
                    ids.append(hit[0])
                    names.append(hit[1])
            elif i < len(fallback) and not lookup:
                names.append(fallback[i])
        ids_column.append("; ".join(ids))
        names_column.append("; ".join(names))
    out["participants"] = names_column
    out["participant_ids"] = ids_column
    out["event_id"] = _event_ids(out, lookup, subjects or {}, entities)
    return out.reindex(columns=OUTPUT_COLUMNS)


def _event_ids(events: pd.DataFrame, lookup: dict, subjects: dict[str, str], entities: pd.DataFrame | None) -> list[str]:
    """Each dated event's id: its own participant's, else (nobody named, or
    "the party") its document's event of that kind (`identity`); one that
    happens to a noun naming neither ("the session was suspended") has none."""
    blank = [""] * len(events)
    doc_ids = [str(doc_id) for doc_id in events["doc_id"]]
    kinds = [str(kind or "") for kind in events.get("event_kind", blank)]
    named, fillable = [], []
    for doc_id, kind, patient in zip(doc_ids, kinds, events.get("patient_span", blank)):
        entity_id = subjects.get(doc_id, "") if patient == SUBJECT else ""
        if isinstance(patient, str) and ":" in patient:
            start, _, end = patient.partition(":")
            entity_id = lookup.get((doc_id, int(start), int(end)), ("", ""))[0]
        named.append(f"{kind}:{entity_id}" if kind and entity_id else "")
        fillable.append(bool(kind) and patient != OTHER)
    return document_event_ids(doc_ids, kinds, named, fillable, entities, subjects)


def document_subjects(documents: pd.DataFrame, entities: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the organisation a document is about: the one its title names
    (a canonical name or any spelling of a mention)."""
    if documents is None or not len(documents) or entities is None or not len(entities):
        return {}
    if "label" in entities:
        entities = entities[entities["label"] == "ORG"]
    spellings = [entities["canonical"]] + ([entities["text"]] if "text" in entities else [])
    by_name: dict[str, str] = {}
    for names in spellings:
        for name, entity_id in zip(names.astype(str).str.casefold().str.strip(), entities["entity_id"]):
            by_name.setdefault(name, entity_id)
    titles = documents.set_index("doc_id")["title"].fillna("").astype(str)
    return {doc_id: by_name[title.casefold().strip()] for doc_id, title in titles.items() if title.casefold().strip() in by_name}
