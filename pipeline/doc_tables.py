"""Tables from processed Docs: the one place where what the components put
on a Doc becomes rows.

In:  a Doc that went through `political_entities`, `timex` and `stance`
     (any of them may be missing: its tables are then empty).
Out: per table, columns of plain values (`document_tables`), or a DataFrame
     (`table`): mentions (`entities.MENTION_COLUMNS`), dates and events
     (`dates.DATE_COLUMNS`, `dates.EVENT_COLUMNS`), stances and quotes
     (`stance.STANCE_COLUMNS`, `stance.QUOTE_COLUMNS`); `doc_id` is
     `doc._.document_meta["doc_id"]`.

The components keep rows on the Doc as records without `doc_id` and with
None for a missing offset, so a DocBin can store them; here they are read
back with pandas' NA in the offset columns, as the stages' tables have it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import pandas as pd
from spacy.tokens import Doc

from pipeline.dates import DATE_COLUMNS, EVENT_COLUMNS
from pipeline.doc_inputs import derived, document_id, held, sentence_blocks
from pipeline.entities import MENTION_COLUMNS
from pipeline.stance import QUOTE_COLUMNS, STANCE_COLUMNS
from pipeline.tables import frame

ENTITY_SPAN_KEY = "entities"
TABLE_COLUMNS = {
    "mentions": MENTION_COLUMNS, "dates": DATE_COLUMNS, "events": EVENT_COLUMNS,
    "stances": STANCE_COLUMNS, "quotes": QUOTE_COLUMNS,
}
# Which Doc extension holds each table's records (mentions are spans).
RECORD_EXTENSIONS = {"dates": "dates", "events": "dated_events", "stances": "stances", "quotes": "quotes"}


def plain_records(table: pd.DataFrame) -> list[dict]:
    """A stage's table as records a DocBin can store: plain Python values,
    NA as None, no doc_id (the Doc knows its own)."""
    if not len(table):
        return []
    names = list(table.columns)
    rows = table.to_numpy(dtype=object).tolist()  # one pass: much cheaper than a column at a time
    kept = [i for i, name in enumerate(names) if name != "doc_id"]
    return [{names[i]: (None if row[i] is pd.NA else row[i]) for i in kept} for row in rows]


_PLAIN_TYPES = frozenset({str, int, float, bool})


def direct_records(columns: dict[str, list], nullable: frozenset[str] = frozenset()) -> list[dict] | None:
    """The records `plain_records` would read back from a table made of
    these columns, made without the table; None when a column mixes types
    (pandas would convert it, ints and None to floats), so the caller
    builds the table. `nullable` columns may hold ints and None."""
    for name, values in columns.items():
        kinds = {type(value) for value in values}
        plain = kinds <= {int, type(None)} if name in nullable else len(kinds) <= 1 and kinds <= _PLAIN_TYPES
        if not plain:
            return None
    kept = [name for name in columns if name != "doc_id"]
    size = len(next(iter(columns.values()), []))
    return [{name: columns[name][i] for name in kept} for i in range(size)]


def records(columns: dict[str, list], table: Callable[[], pd.DataFrame], nullable: frozenset[str] = frozenset()) -> list[dict]:
    """Columns as a Doc keeps them (`direct_records`); through `table()`
    and `plain_records` when a column mixes types, so they read back as
    the table would give them."""
    direct = direct_records(columns, nullable)
    return direct if direct is not None else plain_records(table())


def document_tables(doc: Doc) -> dict[str, dict[str, list]]:
    """Every table of one processed Doc, as {table: {column: values}}."""
    tables = {"mentions": _held_mention_columns(doc) or mention_columns(doc)}
    for name, extension in RECORD_EXTENSIONS.items():
        tables[name] = record_columns(doc, extension, TABLE_COLUMNS[name])
    return tables


def table(doc: Doc, name: str) -> pd.DataFrame:
    """One table of a processed Doc as a DataFrame (`name` as in TABLE_COLUMNS)."""
    if name == "mentions":
        spans = doc.spans.get(ENTITY_SPAN_KEY)
        return derived(doc, "mentions", spans, lambda: frame(mention_columns(doc), MENTION_COLUMNS))
    return pd.DataFrame(record_columns(doc, RECORD_EXTENSIONS[name], TABLE_COLUMNS[name]), columns=TABLE_COLUMNS[name])


def record_columns(doc: Doc, extension: str, columns: list[str]) -> dict[str, list]:
    """The records a component left in `doc._.<extension>`, as columns."""
    records = (Doc.has_extension(extension) and getattr(doc._, extension)) or ()
    doc_id = document_id(doc)
    out: dict[str, list] = {}
    for column in columns:
        if column == "doc_id":
            out[column] = [doc_id] * len(records)
        elif column.endswith(("_start", "_end")):
            out[column] = [pd.NA if record[column] is None else record[column] for record in records]
        else:
            out[column] = [record[column] for record in records]
    return out


def _held_mention_columns(doc: Doc) -> dict[str, list] | None:
    """The columns of the mentions table the entities component left with
    the Doc for these spans (reading them back from the spans costs more)."""
    frame = held(doc, "mentions", doc.spans.get(ENTITY_SPAN_KEY))
    return {column: frame[column].tolist() for column in MENTION_COLUMNS} if frame is not None else None


def mention_columns(doc: Doc) -> dict[str, list]:
    """The entity mentions of `doc.spans["entities"]`, in span order."""
    spans = list(doc.spans[ENTITY_SPAN_KEY]) if ENTITY_SPAN_KEY in doc.spans else []
    sentence_of = _sentence_lookup(doc) if spans else None
    doc_id = document_id(doc)
    return {
        "doc_id": [doc_id] * len(spans),
        "sent_id": [sentence_of(span.start_char) for span in spans],
        "start": [span.start_char for span in spans],
        "end": [span.end_char for span in spans],
        "text": [span.text for span in spans],
        "label": [span.label_ for span in spans],
        "source": [span._.entity_source for span in spans],
        "short_form_of": [span._.short_form_of for span in spans],
        "title": [span._.entity_title for span in spans],
    }


def _sentence_lookup(doc: Doc):
    """A function from a character offset to the id of the sentence it lies
    in (-1 between sentences)."""
    # Without sentences the entities stage numbers spaCy's own.
    blocks = sentence_blocks(doc) or [(sent.start_char, sent.end_char, "") for sent in doc.sents]
    rows = sorted((start, end, sent_id) for sent_id, (start, end, _) in enumerate(blocks))
    starts = [start for start, _, _ in rows]

    def sentence_of(char: int) -> int:
        at = bisect.bisect_right(starts, char) - 1
        return rows[at][2] if at >= 0 and char < rows[at][1] else -1

    return sentence_of
