"""Per-document results as JSON, for the result cache.

A cache file in an output folder may come from someone else: unlike a
pickle, reading JSON can never run code. Table cells are the plain values
the steps produce (str, int, float, bool, None) plus pandas' NA, written as
a marker object; NaN and the infinities use Python's JSON spelling.
"""

from __future__ import annotations

import json

import pandas as pd

from pipeline.execution import DocumentResult

_NA = {"$na": True}


def encode(result: DocumentResult) -> bytes:
    """The result without its parse (cached apart), as UTF-8 JSON."""
    payload = {
        "doc_id": result.doc_id, "parse_key": result.parse_key, "tokens": result.tokens,
        "sentences": result.sentences, "tables": result.tables, "seconds": result.seconds,
    }
    return json.dumps(payload, default=_plain, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(data: bytes) -> DocumentResult:
    payload = json.loads(data.decode("utf-8"), object_hook=_from_marker)
    return DocumentResult(
        doc_id=payload["doc_id"], parse_key=payload["parse_key"], doc_bytes=None, tokens=payload["tokens"],
        sentences=payload["sentences"], tables=payload["tables"], seconds=payload["seconds"],
    )


def _plain(value):
    if value is pd.NA:
        return _NA
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    raise TypeError(f"a result cell of type {type(value).__name__} cannot be cached")


def _from_marker(obj: dict):
    return pd.NA if obj == _NA else obj
