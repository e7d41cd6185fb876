"""Per-document work and where it runs: in this process, in a pool of
worker processes, or on a Dask cluster.

A `DocumentTask` carries everything one document needs (its text, its
sentences and infobox rows, its metadata); `process_batch` parses a batch
with `nlp.pipe` and runs every per-document step on each result. Workers
load the model once and keep it; results come back in input order whatever
runs them, so the outputs are the same byte for byte.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import pandas as pd
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import collector, dates, doc_inputs, doc_tables, parse, stance
from pipeline.dates.component import Timex
from pipeline.entities.component import PoliticalEntities
from pipeline.stance.component import Stance

BATCH_SIZE = 64  # as many as nlp.pipe batches by default: the model runs faster on full batches


@dataclass(frozen=True)
class DocumentTask:
    doc_id: str
    text: str
    sentence_starts: tuple[int, ...]
    sentences: pd.DataFrame
    infobox: pd.DataFrame
    meta: dict
    parse_key: str
    saved_parse: bytes | None = None  # a cached parse to reuse instead of parsing
    analyse: bool = True  # False: parse only


@dataclass
class DocumentResult:
    doc_id: str
    parse_key: str
    doc_bytes: bytes | None  # the new parse to cache (`parse.saved_payload`); None when it was reused
    tokens: int
    sentences: int
    # Each table as columns of plain values: cheap to send between processes
    # and to cache, and joined into one DataFrame per table at the end.
    tables: dict[str, dict[str, list]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# The per-document steps, the same components a spaCy user adds with
# `nlp.add_pipe`; they run on parses made (or saved) without them.
COMPONENTS = (("entities", PoliticalEntities()), ("dates", Timex()), ("stance", Stance()))


def analyse(
    doc_id: str, doc: Doc, sentences: pd.DataFrame, infobox: pd.DataFrame, meta: dict, seconds: dict | None = None,
    text: str | None = None,
) -> dict[str, dict[str, list]]:
    """Every per-document step on one parsed document, then its tables as
    {table: {column: values}}; nothing here looks at other documents, so the
    result can be cached per document."""
    seconds = {} if seconds is None else seconds
    doc_inputs.set_inputs(doc, doc_id, sentences, infobox, meta, text)
    for step, component in COMPONENTS:
        clock = time.perf_counter()
        doc = component(doc)
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - clock
    clock = time.perf_counter()
    tables = doc_tables.document_tables(doc)
    seconds["tables"] = seconds.get("tables", 0.0) + time.perf_counter() - clock
    return tables


def dates_of(doc_id: str, doc: Doc, sentences: pd.DataFrame, infobox: pd.DataFrame, mentions: pd.DataFrame, meta: dict):
    """The dates stage on one document, with the options its metadata gives,
    for the stage-by-stage commands (they read the mentions from entities.csv
    rather than from a Doc the entities component annotated)."""
    return dates.find_dates(
        doc_id, doc, sentences, infobox, mentions,
        document_date=meta.get("date", "") or "", date_order=meta.get("date_order", "") or "DMY",
    )


def stances_of(doc_id: str, doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, meta: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stance stage on one document (stances, quotations), with the
    author, genre and title its metadata gives, for the stage-by-stage
    commands (see `dates_of`)."""
    return stance.analyse_document(
        doc_id, doc, sentences, mentions,
        author=meta.get("author", "") or "", genre=meta.get("genre", "") or "", title=meta.get("title", "") or "",
    )


_MODELS: dict[str, Language] = {}


def worker_model(name: str) -> Language:
    """The model for this process, loaded on first use and kept."""
    if name not in _MODELS:
        _MODELS[name] = parse.load_model(name)
    return _MODELS[name]


def process_batch(model_name: str, tasks: list[DocumentTask]) -> list[DocumentResult]:
    """Parse (or reload) and analyse a batch of documents."""
    nlp = worker_model(model_name)
    to_parse = [t for t in tasks if t.saved_parse is None]
    clock = time.perf_counter()
    parsed = dict(parse.parse_documents(nlp, ((t.doc_id, t.text, t.sentence_starts) for t in to_parse)))
    parse_seconds = time.perf_counter() - clock
    results = []
    for task in tasks:
        seconds = {"parse": parse_seconds / max(len(to_parse), 1) if task.saved_parse is None else 0.0}
        if task.saved_parse is None:
            doc, doc_bytes = parsed[task.doc_id], None
            clock = time.perf_counter()
            doc_bytes = parse.saved_payload(doc)  # compressed where it is written
            seconds["save"] = time.perf_counter() - clock
        else:
            doc, doc_bytes = parse.doc_from_bytes(task.saved_parse, nlp.vocab), None
        tables = analyse(task.doc_id, doc, task.sentences, task.infobox, task.meta, seconds, task.text) if task.analyse else {}
        results.append(
            DocumentResult(task.doc_id, task.parse_key, doc_bytes, len(doc), sum(1 for _ in doc.sents), tables, seconds)
        )
    return results


def run_tasks(tasks: Iterable[DocumentTask], model_name: str, *, jobs: int = 1, dask_address: str = "") -> Iterator[DocumentResult]:
    """Results of every task, in task order."""
    batches = _batches(tasks, BATCH_SIZE)
    if dask_address:
        yield from _run_on_dask(batches, model_name, dask_address)
    elif jobs > 1:
        yield from _run_in_pool(batches, model_name, jobs)
    else:
        worker_model(model_name)  # loaded before the freeze: the model is alive for the whole run
        with collector.scheduled_full_passes():
            for number, batch in enumerate(batches, 1):
                yield from process_batch(model_name, batch)
                if number % FULL_COLLECTION_BATCHES == 0:
                    gc.collect()


# A full garbage collection after this many batches (about a thousand
# documents): often enough that cyclic garbage stays small.
FULL_COLLECTION_BATCHES = 16


def _batches(tasks: Iterable[DocumentTask], size: int) -> Iterator[list[DocumentTask]]:
    iterator = iter(tasks)
    while batch := list(islice(iterator, size)):
        yield batch


def _run_in_pool(batches: Iterator[list[DocumentTask]], model_name: str, jobs: int) -> Iterator[DocumentResult]:
    # fork shares the already imported libraries with the workers; elsewhere spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(jobs, initializer=worker_model, initargs=(model_name,)) as pool:
        # A few batches in flight per worker: enough to keep every core busy,
        # few enough that memory does not grow with the corpus.
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(process_batch, (model_name, batch)))
            if len(pending) > 2 * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _run_on_dask(batches: Iterator[list[DocumentTask]], model_name: str, address: str) -> Iterator[DocumentResult]:
    """Send batches to a Dask cluster, a bounded number in flight, and yield
    results in order."""
    from distributed import Client

    with Client(address) as client:
        in_flight_limit = max(2 * sum(client.nthreads().values()), 2)
        pending = []
        for batch in batches:
            pending.append(client.submit(process_batch, model_name, batch, pure=False))
            if len(pending) >= in_flight_limit:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def blank_vocab(model_id: str):
    """A vocabulary to read saved parses with, without loading a model."""
    return spacy.blank(model_id.split("_", 1)[0]).vocab
