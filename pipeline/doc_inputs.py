"""What the per-document components read besides the text: Doc extensions
set before they run, and the tables the stages take, made from the Doc.

In (all optional, plain values that a `DocBin(store_user_data=True)` keeps):
    doc._.document_meta    {"doc_id", "date", "date_order", "author", "genre", "title"}
    doc._.sentence_blocks  [[start, end, block_kind], ...] one per sentence as
                           ingest cut it (block_kind: title, heading,
                           paragraph, list_item, infobox); empty: `doc.sents`
    doc._.infobox          [{"key", "value", "start", "end"}, ...]
Out: `sentence_table`, `infobox_table` (the ingest tables' columns, for this
document only) and `meta_value` (a metadata field, "" when unset).
"""

from __future__ import annotations

import pandas as pd
from spacy.tokens import Doc

DEFAULT_DOC_ID = "doc"
SENTENCE_TABLE_COLUMNS = ["doc_id", "sent_id", "start", "end", "block_kind", "text"]
INFOBOX_TABLE_COLUMNS = ["doc_id", "key", "value", "start", "end"]

for _name, _default in (("document_meta", None), ("sentence_blocks", None), ("infobox", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def set_inputs(doc: Doc, doc_id: str, sentences: pd.DataFrame, infobox: pd.DataFrame, meta: dict) -> Doc:
    """Put a document's ingest tables and metadata on its Doc (plain values only)."""
    doc._.document_meta = {
        "doc_id": doc_id, **{key: meta.get(key, "") or "" for key in ("date", "date_order", "author", "genre", "title")}
    }
    kinds = sentences["block_kind"].tolist() if "block_kind" in sentences else [""] * len(sentences)
    doc._.sentence_blocks = [list(row) for row in zip(sentences["start"].tolist(), sentences["end"].tolist(), kinds)]
    doc._.infobox = infobox[["key", "value", "start", "end"]].to_dict("records") if len(infobox) else []
    return doc


def meta_value(doc: Doc, key: str) -> str:
    """A field of `doc._.document_meta`, "" when unset."""
    return (doc._.document_meta or {}).get(key, "") or ""


def document_id(doc: Doc) -> str:
    return meta_value(doc, "doc_id") or DEFAULT_DOC_ID


def sentence_blocks(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, block_kind) per sentence: ingest's when set on the Doc,
    else `doc.sents` (kind "")."""
    if doc._.sentence_blocks is not None:
        return [(start, end, kind) for start, end, kind in doc._.sentence_blocks]
    return [(sent.start_char, sent.end_char, "") for sent in doc.sents] if len(doc) else []


def sentence_table(doc: Doc) -> pd.DataFrame:
    """The document's sentences, as ingest's sentences table has them."""
    doc_id, text = document_id(doc), doc.text
    rows = [(doc_id, i, start, end, kind, text[start:end]) for i, (start, end, kind) in enumerate(sentence_blocks(doc))]
    return pd.DataFrame(rows, columns=SENTENCE_TABLE_COLUMNS)


def infobox_table(doc: Doc) -> pd.DataFrame:
    doc_id = document_id(doc)
    rows = [(doc_id, row["key"], row["value"], row["start"], row["end"]) for row in doc._.infobox or ()]
    return pd.DataFrame(rows, columns=INFOBOX_TABLE_COLUMNS)
