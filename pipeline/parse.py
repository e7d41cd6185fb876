"""Parse: each document through the spaCy pipeline, once.

In:  (doc_id, text, sentence start offsets) per document, from ingest.
Out: (doc_id, Doc) pairs, and `parse.csv`
       doc_id, sha256, model, model_version, tokens, sentences, cache_key

The whole document is one `Doc`, so token offsets are document offsets. The
sentence boundaries found by ingest are set on the tokens before the parser
runs, and spaCy's parser respects them: no sentence crosses a block. Later
stages read the saved parse (`DocBin`) with a blank vocabulary and never
load the model again.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

import spacy
import srsly
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, IDX, LEMMA, MORPH, NORM, ORTH, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, DocBin

PARSE_COLUMNS = ["doc_id", "sha256", "model", "model_version", "model_name", "tokens", "sentences", "cache_key"]

# Bump when the way a Doc is built changes, so cached parses are not reused.
PARSE_FORMAT = "1"


def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name, with a clear error."""
    try:
        return spacy.load(name)
    except OSError as error:
        raise OSError(
            f"spaCy pipeline {name!r} is not installed; install its package or pass --model with an installed one"
        ) from error


def model_id(nlp: Language) -> tuple[str, str]:
    """The pipeline's name as loaded and its version, for cache keys and manifests."""
    return _identity(nlp.meta)


def model_identity(name: str) -> tuple[str, str]:
    """`model_id` of an installed pipeline (package name or folder), read
    from its meta.json without loading its weights."""
    try:
        path = Path(name) if Path(name).is_dir() else spacy.util.get_package_path(name)
        return _identity(spacy.util.get_model_meta(path))
    except (OSError, ValueError, ModuleNotFoundError):
        return model_id(load_model(name))


def _identity(meta: dict) -> tuple[str, str]:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", meta.get("version", "0")


def cache_key(text: str, sentence_starts: Iterable[int], model: tuple[str, str]) -> str:
    """What a parse depends on: the text, its sentence boundaries, the model
    (`model_id`) and this module's format."""
    name, version = model
    digest = hashlib.sha256()
    for part in (PARSE_FORMAT, name, version, ",".join(map(str, sentence_starts)), text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def make_doc(nlp: Language, text: str, sentence_starts: Iterable[int]) -> Doc:
    """Tokenise `text` and fix its sentence boundaries at the given offsets."""
    doc = nlp.make_doc(text)
    if not len(doc):
        return doc
    token_starts = doc.to_array([IDX])
    first_tokens = np.searchsorted(token_starts, np.asarray(sorted(set(sentence_starts)), dtype=token_starts.dtype))
    marks = np.full((len(doc), 1), -1, dtype=np.int32)  # 1 starts a sentence, -1 does not
    marks[first_tokens[first_tokens < len(doc)], 0] = 1
    marks[0, 0] = 1
    doc.from_array([SENT_START], marks.astype(np.uint64))  # spaCy's array type; -1 wraps and back
    return doc


def parse_documents(
    nlp: Language,
    documents: Iterable[tuple[str, str, list[int]]],
    *,
    batch_size: int = 64,
) -> Iterator[tuple[str, Doc]]:
    """Run the pipeline over (doc_id, text, sentence_starts); yield (doc_id, Doc) in input order.

    A long document is parsed in pieces cut at sentence starts and joined
    back into one Doc, so spaCy's length limit and memory stay bounded
    without raising `max_length`."""
    pieces = (
        (make_doc(nlp, text[start:end], [s - start for s in starts if start <= s < end]), (doc_id, index, count))
        for doc_id, text, starts in documents
        for index, (start, end, count) in enumerate(_pieces(text, starts))
    )
    parts: list[Doc] = []
    for doc, (doc_id, index, count) in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
        if count == 1:
            yield doc_id, doc
            continue
        parts.append(doc)
        if index == count - 1:
            yield doc_id, Doc.from_docs(parts, ensure_whitespace=False)
            parts = []


# Texts longer than this are parsed in pieces of about this size.
PIECE_CHARS = 100_000


def _pieces(text: str, sentence_starts: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, number of pieces) covering the text, cut only at sentence starts."""
    if len(text) <= PIECE_CHARS:
        return [(0, len(text), 1)]
    cuts = [0]
    for start in sorted(sentence_starts):
        if start - cuts[-1] >= PIECE_CHARS:
            cuts.append(start)
    bounds = list(zip(cuts, cuts[1:] + [len(text)]))
    return [(start, end, len(bounds)) for start, end in bounds]


# The attributes a saved parse keeps (DocBin's defaults), and those among
# them whose values are string hashes.
_SAVED_ATTRS = DocBin().attrs
_STRING_ATTRS = [_SAVED_ATTRS.index(attr) for attr in (ORTH, NORM, LEMMA, TAG, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID)]
_MORPH_ATTR = _SAVED_ATTRS.index(MORPH)


def doc_to_bytes(doc: Doc) -> bytes:
    """A parse as DocBin bytes (user data left out): `compress_saved` of
    `saved_payload`."""
    return compress_saved(saved_payload(doc))


def compress_saved(payload: bytes) -> bytes:
    """DocBin bytes from a `saved_payload`."""
    return zlib.compress(payload, 1)  # fast; a cache, read back by any zlib level


def saved_payload(doc: Doc) -> bytes:
    """What DocBin compresses for a parse, made without DocBin's walk over
    every token: the strings a parse needs are the distinct hashes in its
    string columns, looked up once each."""
    array = doc.to_array(_SAVED_ATTRS).reshape((len(doc), len(_SAVED_ATTRS)))
    strings = doc.vocab.strings
    names = {strings[int(key)] for key in np.unique(array[:, _STRING_ATTRS]) if key}
    # An empty analysis is stored as "_" and written as "" by DocBin.
    names.update(_morph_string(strings[int(key)]) for key in np.unique(array[:, _MORPH_ATTR]) if key)
    msg = {
        "version": "0.1",
        "attrs": _SAVED_ATTRS,
        "tokens": array.tobytes("C"),
        "spaces": np.asarray(doc.to_array(SPACY), dtype=bool).tobytes("C"),
        "lengths": np.asarray([len(doc)], dtype="int32").tobytes("C"),
        # DocBin keeps the empty string of unset values too, so the bytes are the same.
        "strings": sorted(names | {""}),
        "cats": [doc.cats],
        "flags": [{"has_unknown_spaces": doc.has_unknown_spaces}],
        "span_groups": [doc.spans.to_bytes()],
    }
    return _packer().pack(msg)


def _morph_string(features: str) -> str:
    return "" if features == "_" else features


@lru_cache(maxsize=1)
def _packer():
    """One msgpack packer, set up as srsly's, reused: setting one up costs
    more than packing a document."""
    return srsly.msgpack.Packer(use_bin_type=True)


def doc_from_bytes(data: bytes, vocab) -> Doc:
    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))
