"""Wiring: which files each stage reads and writes, and the whole run.

Each `run_<stage>` function reads its inputs from the output folder (or the
corpus), calls the stage's pure functions and writes its tables atomically.
`run_all` does the same work in one pass, streaming documents: each is
parsed once and goes through every per-document step before the next, so
memory does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import spacy
from spacy.tokens import Doc

from pipeline import charts, dates, entities, ingest, parse, stance
from pipeline.config import CACHE_SUBDIR
from pipeline.progress import progress
from pipeline.storage import InputError, read_corpus, read_csv, read_metadata, write_atomic, write_csv

# Which files each stage writes, by name; the Makefile uses the same names.
STAGE_OUTPUTS = {
    "ingest": ["documents.csv", "sentences.csv", "infobox.csv"],
    "parse": ["parse.csv"],
    "entities": ["entities.csv", "entity_index.csv"],
    "dates": ["dates.csv", "events.csv"],
    "stance": ["stances.csv", "stance_summary.csv"],
    "charts": [f"charts/{name}.png" for name in charts.CHART_NAMES],
}


@dataclass(frozen=True)
class DocumentInput:
    """What the per-document steps need about one parsed document."""

    doc_id: str
    doc: Doc
    sentences: pd.DataFrame
    infobox: pd.DataFrame
    meta: dict


def run_ingest(corpus_dir: Path, out_dir: Path) -> pd.DataFrame:
    sources = read_corpus(corpus_dir)
    metadata = read_metadata(corpus_dir, {source.doc_id for source in sources})
    documents, sentences, infobox = ingest.ingest(sources, metadata)
    _write(out_dir, {"documents.csv": documents, "sentences.csv": sentences, "infobox.csv": infobox})
    return documents


def run_parse(out_dir: Path, model: str, *, jobs: int = 1) -> None:
    documents, sentences, _ = _read_ingest(out_dir)
    nlp = parse.load_model(model)
    cache = ParseCache(out_dir)
    rows = []
    documents_of = _ByDocument(documents)
    for doc_id, text, key, doc in _parsed(nlp, documents, sentences, cache):
        rows.append(_parse_row(nlp, documents_of, doc_id, key, doc))
    _write(out_dir, {"parse.csv": pd.DataFrame(rows, columns=parse.PARSE_COLUMNS)})


def run_entities(out_dir: Path) -> None:
    mentions = [
        entities.find_mentions(item.doc_id, item.doc, item.sentences, item.infobox)
        for item in _load_parsed(out_dir)
    ]
    entity_table, entity_index = entities.link_mentions(_concat(mentions))
    _write(out_dir, {"entities.csv": entity_table, "entity_index.csv": entity_index})


def run_dates(out_dir: Path) -> None:
    entity_table = read_csv(out_dir / "entities.csv", "make entities")
    entities_of = _ByDocument(entity_table)
    found = [_find_dates(item, entities_of[item.doc_id]) for item in _load_parsed(out_dir)]
    date_table = _concat([d for d, _ in found])
    events = dates.attach_participants(_concat([e for _, e in found]), entity_table)
    _write(out_dir, {"dates.csv": date_table, "events.csv": events})


def run_stance(out_dir: Path) -> None:
    entity_table = read_csv(out_dir / "entities.csv", "make entities")
    entities_of = _ByDocument(entity_table)
    found = [_find_stances(item, entities_of[item.doc_id]) for item in _load_parsed(out_dir)]
    stances = stance.resolve(_concat(found), entity_table)
    _write(out_dir, {"stances.csv": stances, "stance_summary.csv": stance.summarise(stances)})


def run_charts(out_dir: Path) -> list[Path]:
    tables = {
        name: read_csv(out_dir / f"{name}.csv", f"make {stage}")
        for name, stage in (("entities", "entities"), ("events", "dates"), ("stances", "stance"))
    }
    figures = charts.all_charts(tables["entities"], tables["events"], tables["stances"])
    written = []
    for name, figure in figures.items():
        path = out_dir / "charts" / f"{name}.png"
        write_atomic(path, charts.png_bytes(figure))
        written.append(path)
    return written


def run_all(corpus_dir: Path, out_dir: Path, model: str, *, jobs: int = 1) -> None:
    """Every stage, each document parsed once and streamed through the
    per-document steps; corpus-level linking at the end."""
    documents = run_ingest(corpus_dir, out_dir)
    _, sentences, infobox = _read_ingest(out_dir)
    by_doc = [_ByDocument(table) for table in (sentences, infobox, documents)]
    nlp = parse.load_model(model)
    cache = ParseCache(out_dir)
    parse_rows, mentions, found_dates, found_events, found_stances = [], [], [], [], []
    for doc_id, text, key, doc in _parsed(nlp, documents, sentences, cache):
        parse_rows.append(_parse_row(nlp, by_doc[2], doc_id, key, doc))
        item = _document_input(doc_id, doc, *by_doc)
        doc_mentions = entities.find_mentions(item.doc_id, item.doc, item.sentences, item.infobox)
        doc_dates, doc_events = _find_dates(item, doc_mentions)
        mentions.append(doc_mentions)
        found_dates.append(doc_dates)
        found_events.append(doc_events)
        found_stances.append(_find_stances(item, doc_mentions))
    entity_table, entity_index = entities.link_mentions(_concat(mentions))
    events = dates.attach_participants(_concat(found_events), entity_table)
    stances = stance.resolve(_concat(found_stances), entity_table)
    _write(
        out_dir,
        {
            "parse.csv": pd.DataFrame(parse_rows, columns=parse.PARSE_COLUMNS),
            "entities.csv": entity_table,
            "entity_index.csv": entity_index,
            "dates.csv": _concat(found_dates),
            "events.csv": events,
            "stances.csv": stances,
            "stance_summary.csv": stance.summarise(stances),
        },
    )
    run_charts(out_dir)


class ParseCache:
    """Saved parses, one file per document, named by what the parse depends
    on (text, model, format): an unchanged document is never parsed again."""

    def __init__(self, out_dir: Path):
        self.folder = Path(out_dir) / CACHE_SUBDIR / "parse"

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.spacy"

    def load(self, key: str, vocab) -> Doc | None:
        path = self.path(key)
        if not path.exists():
            return None
        return parse.doc_from_bytes(path.read_bytes(), vocab)

    def save(self, key: str, doc: Doc) -> None:
        write_atomic(self.path(key), parse.doc_to_bytes(doc))


def _parsed(nlp, documents: pd.DataFrame, sentences: pd.DataFrame, cache: ParseCache) -> Iterator[tuple[str, str, str, Doc]]:
    """(doc_id, text, cache key, Doc) for every readable document, in
    documents order; cached parses are reused, the rest parsed in batches."""
    readable = documents[documents["status"] == "ok"]
    starts = sentences.groupby("doc_id", sort=False)["start"].apply(list).to_dict()
    pending: list[tuple[str, str, str]] = []
    order: list[tuple[str, str, str, Doc | None]] = []
    for doc_id, path in zip(readable["doc_id"], readable["path"]):
        text = ingest.read_document_text(Path(path))
        key = parse.cache_key(text, nlp)
        doc = cache.load(key, nlp.vocab)
        order.append((doc_id, text, key, doc))
        if doc is None:
            pending.append((doc_id, text, key))
    fresh = parse.parse_documents(nlp, ((d, t, [int(s) for s in starts.get(d, [])]) for d, t, _ in pending))
    fresh = iter(fresh)
    for doc_id, text, key, doc in progress(order, desc="documents", unit="doc"):
        if doc is None:
            parsed_id, doc = next(fresh)
            assert parsed_id == doc_id
            cache.save(key, doc)
        yield doc_id, text, key, doc


def _parse_row(nlp, documents: _ByDocument, doc_id: str, key: str, doc: Doc) -> dict:
    name, version = parse.model_id(nlp)
    return dict(
        doc_id=doc_id, sha256=documents[doc_id]["sha256"].iloc[0], model=name, model_version=version,
        tokens=len(doc), sentences=sum(1 for _ in doc.sents), cache_key=key,
    )


def _load_parsed(out_dir: Path) -> Iterator[DocumentInput]:
    """Stream the saved parses with each document's tables."""
    documents, sentences, infobox = _read_ingest(out_dir)
    manifest = read_csv(out_dir / "parse.csv", "make parse")
    cache = ParseCache(out_dir)
    by_doc = [_ByDocument(table) for table in (sentences, infobox, documents)]
    vocabularies: dict[str, object] = {}
    for doc_id, model, key in zip(manifest["doc_id"], manifest["model"], manifest["cache_key"]):
        lang = model.split("_", 1)[0]
        vocab = vocabularies.setdefault(lang, spacy.blank(lang).vocab)
        doc = cache.load(key, vocab)
        if doc is None:
            raise InputError(f"{cache.path(key)}: saved parse of {doc_id!r} is missing; run `make parse` again")
        yield _document_input(doc_id, doc, *by_doc)


class _ByDocument:
    """A table split by doc_id once, so per-document lookups do not rescan it."""

    def __init__(self, table: pd.DataFrame):
        self.empty = table.iloc[0:0]
        self.groups = {doc_id: rows.reset_index(drop=True) for doc_id, rows in table.groupby("doc_id", sort=False)} if len(table) else {}

    def __getitem__(self, doc_id: str) -> pd.DataFrame:
        return self.groups.get(doc_id, self.empty)


def _document_input(doc_id, doc, sentences: _ByDocument, infobox: _ByDocument, documents: _ByDocument) -> DocumentInput:
    meta = documents[doc_id].iloc[0].to_dict()
    return DocumentInput(doc_id, doc, sentences[doc_id], infobox[doc_id], meta)


def _find_dates(item: DocumentInput, mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return dates.find_dates(
        item.doc_id, item.doc, item.sentences, item.infobox, mentions,
        document_date=item.meta.get("date", ""), date_order=item.meta.get("date_order", "") or "DMY",
    )


def _find_stances(item: DocumentInput, mentions: pd.DataFrame) -> pd.DataFrame:
    return stance.find_stances(
        item.doc_id, item.doc, item.sentences, mentions,
        author=item.meta.get("author", ""), genre=item.meta.get("genre", ""), title=item.meta.get("title", ""),
    )


def _read_ingest(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return tuple(read_csv(out_dir / name, "make ingest") for name in STAGE_OUTPUTS["ingest"])


def _concat(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    tables = [t for t in tables if t is not None]
    if not tables:
        return pd.DataFrame()
    non_empty = [t for t in tables if len(t)]
    return pd.concat(non_empty or tables[:1], ignore_index=True)


def _write(out_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    for name, table in tables.items():
        write_csv(Path(out_dir) / name, table)
