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

The components run one after another on the same Doc and read the same
tables: the tables of the Doc read last are kept (`derived`) while what they
come from is unchanged, so each is made once per document.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

DEFAULT_DOC_ID = "doc"
SENTENCE_TABLE_COLUMNS = ["doc_id", "sent_id", "start", "end", "block_kind", "text"]
INFOBOX_TABLE_COLUMNS = ["doc_id", "key", "value", "start", "end"]

for _name, _default in (("document_meta", None), ("sentence_blocks", None), ("infobox", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def set_inputs(doc: Doc, doc_id: str, sentences: pd.DataFrame, infobox: pd.DataFrame, meta: dict, text: str | None = None) -> Doc:
    """Put a document's ingest tables and metadata on its Doc (plain values
    only); `text`, when given, is the text the Doc was parsed from."""
    doc._.document_meta = {
        "doc_id": doc_id, **{key: meta.get(key, "") or "" for key in ("date", "date_order", "author", "genre", "title")}
    }
    kinds = sentences["block_kind"].tolist() if "block_kind" in sentences else [""] * len(sentences)
    doc._.sentence_blocks = [list(row) for row in zip(sentences["start"].tolist(), sentences["end"].tolist(), kinds)]
    doc._.infobox = infobox[["key", "value", "start", "end"]].to_dict("records") if len(infobox) else []
    # The tables given hold what the Doc now does: the components read them as they are.
    keep(doc, "sentences", doc._.sentence_blocks, sentences)
    keep(doc, "infobox", doc._.infobox, infobox)
    if text is not None:
        keep(doc, "text", doc, text)
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
    return derived(doc, "sentences", doc._.sentence_blocks, lambda: _sentence_table(doc))


def _sentence_table(doc: Doc) -> pd.DataFrame:
    blocks, text = sentence_blocks(doc), document_text(doc)
    return pd.DataFrame({
        "doc_id": [document_id(doc)] * len(blocks), "sent_id": list(range(len(blocks))),
        "start": [start for start, _, _ in blocks], "end": [end for _, end, _ in blocks],
        "block_kind": [kind for _, _, kind in blocks], "text": [text[start:end] for start, end, _ in blocks],
    }, columns=SENTENCE_TABLE_COLUMNS)


def infobox_table(doc: Doc) -> pd.DataFrame:
    return derived(doc, "infobox", doc._.infobox, lambda: _infobox_table(doc))


def _infobox_table(doc: Doc) -> pd.DataFrame:
    doc_id = document_id(doc)
    rows = [(doc_id, row["key"], row["value"], row["start"], row["end"]) for row in doc._.infobox or ()]
    return pd.DataFrame(rows, columns=INFOBOX_TABLE_COLUMNS)


def document_text(doc: Doc) -> str:
    """`doc.text`, made once per Doc (or the text it was parsed from, when
    `set_inputs` was given it)."""
    return derived(doc, "text", doc, lambda: _joined_tokens(doc))


def _joined_tokens(doc: Doc) -> str:
    """`doc.text` read from the token arrays: Doc.text makes a Token object per token."""
    if not len(doc):
        return ""
    strings = doc.vocab.strings
    return "".join(strings[orth] + (" " if space else "") for orth, space in doc.to_array([ORTH, SPACY]).tolist())


_DERIVED: dict[str, tuple] = {}


def keep(doc: Doc, name: str, source: object, value: object) -> None:
    """Have `derived` give `value` for this Doc while `source` is unchanged:
    for a table a component holds already, equal to the one made from the Doc."""
    _DERIVED[name] = (doc, source, value)


def held(doc: Doc, name: str, source: object) -> object | None:
    """What `keep` or `derived` holds for this Doc and `source`, or None."""
    entry = _DERIVED.get(name)
    return entry[2] if entry is not None and entry[0] is doc and entry[1] is source else None


def derived(doc: Doc, name: str, source: object, make: Callable[[], object]) -> object:
    """`make()`, or what it gave for this Doc last time when `source` (what
    it is made from) is still the same object. Callers must not change it."""
    value = held(doc, name, source)
    if value is None:
        value = make()
        keep(doc, name, source, value)
    return value
