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

import bisect
import hashlib
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

PARSE_COLUMNS = ["doc_id", "sha256", "model", "model_version", "tokens", "sentences", "cache_key"]

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
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}", nlp.meta.get("version", "0")


def cache_key(text: str, sentence_starts: Iterable[int], nlp: Language) -> str:
    """What a parse depends on: the text, its sentence boundaries, the model
    and this module's format."""
    name, version = model_id(nlp)
    digest = hashlib.sha256()
    for part in (PARSE_FORMAT, name, version, ",".join(map(str, sentence_starts)), text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def make_doc(nlp: Language, text: str, sentence_starts: Iterable[int]) -> Doc:
    """Tokenise `text` and fix its sentence boundaries at the given offsets."""
    doc = nlp.make_doc(text)
    starts = sorted(set(sentence_starts))
    token_starts = [token.idx for token in doc]
    first_tokens = {bisect.bisect_left(token_starts, start) for start in starts}
    for token in doc:
        token.is_sent_start = token.i == 0 or token.i in first_tokens
    return doc


def parse_documents(
    nlp: Language,
    documents: Iterable[tuple[str, str, list[int]]],
    *,
    batch_size: int = 64,
) -> Iterator[tuple[str, Doc]]:
    """Run the pipeline over (doc_id, text, sentence_starts); yield (doc_id, Doc) in input order."""
    prepared = ((make_doc(nlp, text, starts), doc_id) for doc_id, text, starts in documents)
    for doc, doc_id in nlp.pipe(prepared, as_tuples=True, batch_size=batch_size):
        yield doc_id, doc


def doc_to_bytes(doc: Doc) -> bytes:
    doc_bin = DocBin(store_user_data=False)
    doc_bin.add(doc)
    return doc_bin.to_bytes()


def doc_from_bytes(data: bytes, vocab) -> Doc:
    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))
