"""Wiring: which files each stage reads and writes, and the whole run.

Each `run_<stage>` function reads its inputs from the output folder (or the
corpus), calls the stage's pure functions and writes its tables atomically.
`run_all` does the same work in one pass, streaming documents: each is
parsed once and goes through every per-document step before the next, so
memory does not grow with the corpus. Two caches under `<out>/cache/` make
re-runs cheap: saved parses keyed by text, sentences and model, and
per-document results keyed by the parse and the code of the steps.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shlex
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc

from pipeline import charts, collector, dates, entities, event_index, execution, ingest, parse, report, result_codec, stance
from pipeline.config import ALIAS_COLUMNS, ALIASES_FILE, CACHE_SUBDIR, CORPUS_DIR, OUTPUT_DIR
from pipeline.progress import progress
from pipeline.stages import STAGE_NAMES, per_document_files, per_document_metadata, stage, stage_writing
from pipeline.storage import (
    BackgroundWriter, InputError, read_aliases, read_corpus, read_csv, read_metadata, read_text, write_atomic, write_csv,
    write_texts,
)

@dataclass(frozen=True)
class DocumentInput:
    """What the per-document steps need about one parsed document."""

    doc_id: str
    doc: Doc
    sentences: pd.DataFrame
    infobox: pd.DataFrame
    meta: dict


@dataclass
class RunReport:
    """What a run did: documents, tokens, and seconds per step."""

    documents: int = 0
    tokens: int = 0
    parsed: int = 0
    wall_seconds: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, step: str, seconds: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + seconds


def run_ingest(
    corpus_dir: Path, out_dir: Path, *, max_chars: int = ingest.MAX_DOCUMENT_CHARS, encoding: str = ""
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    sources = read_corpus(corpus_dir)
    metadata = read_metadata(corpus_dir, {source.doc_id for source in sources})
    documents, sentences, infobox, texts = ingest.ingest_documents(sources, metadata, max_chars=max_chars, encoding=encoding)
    write_texts(Path(out_dir) / ingest.TEXTS_FOLDER, texts)
    # The user's aliases travel with the ingested tables to the entity linking.
    aliases = read_aliases(corpus_dir)
    _write(out_dir, {"documents.csv": documents, "sentences.csv": sentences, "infobox.csv": infobox, ALIASES_FILE: aliases})
    return documents, sentences, infobox


def document_text(out_dir: Path, meta: dict) -> str:
    """A document's text as ingest wrote it: every offset indexes it."""
    return read_text(Path(out_dir) / meta["text_path"])


def document_texts(out_dir: Path, documents: pd.DataFrame | None = None) -> dict[str, str]:
    """Every readable document's text as ingest wrote it, by doc_id (from
    `documents`, else documents.csv); a text file removed since is left out."""
    documents = _read_output(out_dir, "documents.csv") if documents is None else documents
    return {
        meta["doc_id"]: document_text(out_dir, meta)
        for meta in documents.to_dict("records")
        if meta["status"] == "ok" and (Path(out_dir) / meta["text_path"]).is_file()
    }


def _parser_inputs(text: str, meta: dict, sentences: pd.DataFrame, infobox: pd.DataFrame):
    """What the later stages read of a document: the text with any markup
    blanked, and the sentence and infobox texts cut from that."""
    parsed = ingest.parser_text(text, meta.get("format", ""))
    if parsed is text:
        return parsed, sentences, infobox
    return (parsed, *_cut_from(parsed, sentences, infobox))


def _document_fit(out_dir: Path, meta: dict):
    """For a document parsed through a masked copy, a function that fits a
    table's spans to the document: blanked characters and link brackets at a
    span's edges are left out, and `text` is cut from the document, so `text ==
    document[start:end]` holds. Any other document's tables pass as they are."""
    if meta.get("format") != ingest.WIKI_IN_TEXT:
        return lambda table: table
    document = document_text(out_dir, meta)
    parsed = ingest.parser_text(document, meta["format"])

    def fit(table):
        columns = table.to_dict("list") if isinstance(table, pd.DataFrame) else dict(table)
        starts, ends = list(columns["start"]), list(columns["end"])
        for i, (start, end) in enumerate(zip(starts, ends)):
            while start < end and (parsed[start].isspace() or parsed[start] in "[]"):
                start += 1
            while end > start and (parsed[end - 1].isspace() or parsed[end - 1] in "[]"):
                end -= 1
            starts[i], ends[i] = start, end
        columns.update(start=starts, end=ends, text=[document[a:b] for a, b in zip(starts, ends)])
        return pd.DataFrame(columns, columns=list(table.columns)) if isinstance(table, pd.DataFrame) else columns

    return fit


# The per-document tables whose spans index the document (see `_document_fit`).
_FITTED_TABLES = ("mentions", "dates")


def _fitted(out_dir: Path, meta: dict, tables: dict) -> dict:
    """A document's per-document tables with their spans fitted to the document."""
    fit = _document_fit(out_dir, meta)
    return {name: fit(table) if name in _FITTED_TABLES else table for name, table in tables.items()}


def _cut_from(parsed: str, sentences: pd.DataFrame, infobox: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentence texts and infobox values as the parser's text has them."""
    cut = lambda table: [parsed[int(s) : int(e)] for s, e in zip(table["start"], table["end"])]
    return sentences.assign(text=cut(sentences)), infobox.assign(value=cut(infobox))


def run_parse(out_dir: Path, model: str, *, jobs: int = 1, dask_address: str = "") -> None:
    rows = _fill_parse_cache(out_dir, model, jobs=jobs, dask_address=dask_address)
    _write(out_dir, {"parse.csv": pd.DataFrame(rows, columns=parse.PARSE_COLUMNS)})


def _fill_parse_cache(out_dir: Path, model: str, *, jobs: int = 1, dask_address: str = "") -> list[dict]:
    """Parse every document whose parse is not saved yet; return parse.csv's rows."""
    documents, sentences, infobox = _read_ingest(out_dir)
    identity = parse.model_identity(model)
    parse_cache = _Cache(out_dir, "parse", ".spacy", encode=parse.compress_saved)
    plan = list(_plan(out_dir, identity, documents, sentences))
    to_parse = [item for item in plan if not parse_cache.exists(item.parse_key)]
    fresh = execution.run_tasks(_tasks(out_dir, to_parse, sentences, infobox, analyse=False), model, jobs=jobs, dask_address=dask_address)
    waiting = {item.doc_id for item in to_parse}
    vocab = execution.blank_vocab(identity[0])
    rows = []
    for item in progress(plan, desc="parse", unit="doc"):
        if item.doc_id in waiting:
            result = next(fresh)
            parse_cache.write(result.parse_key, result.doc_bytes)
            tokens, sentence_count = result.tokens, result.sentences
        else:
            doc = parse.doc_from_bytes(parse_cache.read(item.parse_key), vocab)
            tokens, sentence_count = len(doc), sum(1 for _ in doc.sents)
        rows.append(_parse_row(model, identity, item, tokens, sentence_count))
    return rows


def run_entities(out_dir: Path) -> None:
    mentions = [
        _document_fit(out_dir, item.meta)(entities.find_mentions(item.doc_id, item.doc, item.sentences, item.infobox))
        for item in _load_parsed(out_dir)
    ]
    entity_table, entity_index = entities.link_mentions(_concat(mentions), read_passed_aliases(out_dir))
    _write(out_dir, {"entities.csv": entity_table, "entity_index.csv": entity_index})


def run_dates(out_dir: Path) -> None:
    entity_table = _read_output(out_dir, "entities.csv")
    entities_of = _ByDocument(entity_table)
    found_dates, found_events = [], []
    for item in _load_parsed(out_dir):
        found, events = execution.dates_of(item.doc_id, item.doc, item.sentences, item.infobox, entities_of[item.doc_id], item.meta)
        found_dates.append(_document_fit(out_dir, item.meta)(found))
        found_events.append(events)
    _write(out_dir, link_dates(found_dates, found_events, _read_output(out_dir, "documents.csv"), entity_table))


def run_stance(out_dir: Path) -> None:
    entity_table = _read_output(out_dir, "entities.csv")
    entities_of = _ByDocument(entity_table)
    found = [
        execution.stances_of(item.doc_id, item.doc, item.sentences, entities_of[item.doc_id], item.meta)
        for item in _load_parsed(out_dir)
    ]
    earlier = {name: _read_output(out_dir, name) for name in ("dates.csv", "events.csv", "documents.csv")}
    _write(out_dir, link_stances(
        [s for s, _ in found], [q for _, q in found], entity_table,
        earlier["dates.csv"], earlier["events.csv"], earlier["documents.csv"],
    ))


def link_dates(found_dates: list, found_events: list, documents: pd.DataFrame, entity_table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """dates.csv and events.csv from the documents' own tables: each event
    gets the entities that take part in it."""
    subjects = dates.document_subjects(documents, entity_table)
    events = dates.attach_participants(_concat(found_events), entity_table, subjects)
    return {"dates.csv": _concat(found_dates), "events.csv": events}


def link_stances(
    found_stances: list, found_quotes: list, entity_table: pd.DataFrame,
    dates_table: pd.DataFrame, events: pd.DataFrame, documents: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """stances.csv, stance_summary.csv and quotes.csv from the documents' own
    tables: holders and targets linked to entities, dated, and their events
    given the ids events.csv settled."""
    stances = stance.resolve(_concat(found_stances), entity_table)
    quotes = stance.add_dates(stance.resolve_quotes(_concat(found_quotes), entity_table), dates_table, documents)
    stances = stance.add_dates(stances, dates_table, documents, quotes)
    stances = event_index.settle_stance_events(stances, events, entity_table)
    return {"stances.csv": stances, "stance_summary.csv": stance.summarise(stances), "quotes.csv": quotes}


def run_event_index(out_dir: Path) -> None:
    tables = [_read_output(out_dir, name) for name in ("events.csv", "stances.csv", "entities.csv")]
    _write(out_dir, {"event_index.csv": event_index.index_events(*tables)})


# The tables the charts are drawn from.
CHART_TABLES = ("entities.csv", "events.csv", "stances.csv")


def run_charts(out_dir: Path, read: dict[str, pd.DataFrame] | None = None) -> None:
    """The charts, from the tables in `out_dir` (or those already `read`, by file name)."""
    read = read or {}
    tables = [read[name] if name in read else _read_output(out_dir, name) for name in CHART_TABLES]
    for name, figure in charts.all_charts(*tables).items():
        write_atomic(Path(out_dir) / "charts" / f"{name}.png", charts.png_bytes(figure))


def run_report(out_dir: Path, read: dict[str, pd.DataFrame] | None = None) -> Path:
    """The HTML report from every table (those already `read` are not read
    again), the documents' texts and the charts."""
    out_dir = Path(out_dir)
    read = read or {}
    tables = {name: read[f"{name}.csv"] if f"{name}.csv" in read else _read_output(out_dir, f"{name}.csv") for name in report.TABLE_NAMES}
    texts = document_texts(out_dir, tables["documents"])
    charts_png = {}
    for name in charts.CHART_NAMES:
        path = out_dir / "charts" / f"{name}.png"
        if not path.exists():
            raise InputError(f"{path}: not found; run `{make_command(out_dir, 'charts')}` first")
        charts_png[name] = path.read_bytes()
    target = out_dir / "report.html"
    write_atomic(target, report.build_report(tables, texts, charts_png).encode("utf-8"))
    return target


def run_stage(name: str, **options) -> None:
    """One stage by its registry name (`run_<name>`), with its command's options."""
    _RUNNERS[name](**options)


def run_all(
    corpus_dir: Path, out_dir: Path, model: str, *, jobs: int = 1, dask_address: str = "", with_charts: bool = True,
    max_chars: int = ingest.MAX_DOCUMENT_CHARS, encoding: str = "",
) -> RunReport:
    """Every stage in one pass; each document parsed at most once and
    streamed through the per-document steps; corpus-level linking at the end."""
    measured = RunReport()
    started = clock = time.perf_counter()
    identity = parse.model_identity(model)  # a missing model stops the run before any output is written
    documents, sentences, infobox = run_ingest(corpus_dir, out_dir, max_chars=max_chars, encoding=encoding)
    measured.add("ingest", time.perf_counter() - clock)

    parse_rows, collected = _run_documents(out_dir, model, identity, documents, sentences, infobox, measured, jobs=jobs, dask_address=dask_address)

    with collector.paused():  # the corpus's tables live until the run ends: a full pass would free nothing
        clock = time.perf_counter()
        entity_table, entity_index = entities.link_mentions(_concat(collected["mentions"]), read_passed_aliases(out_dir))
        dated = link_dates(collected["dates"], collected["events"], documents, entity_table)
        stated = link_stances(collected["stances"], collected["quotes"], entity_table, dated["dates.csv"], dated["events.csv"], documents)
        measured.add("link", time.perf_counter() - clock)
        clock = time.perf_counter()
        _write(
            out_dir,
            {
                "parse.csv": pd.DataFrame(parse_rows, columns=parse.PARSE_COLUMNS),
                "entities.csv": entity_table,
                "entity_index.csv": entity_index,
                **dated,
                **stated,
                "event_index.csv": event_index.index_events(dated["events.csv"], stated["stances.csv"], entity_table),
            },
        )
        measured.add("write", time.perf_counter() - clock)
        if with_charts:
            clock = time.perf_counter()
            # Read back as a later stage would, once for both.
            read = {name: _read_output(out_dir, name) for name in CHART_TABLES}
            run_charts(out_dir, read)
            measured.add("charts", time.perf_counter() - clock)
            clock = time.perf_counter()
            run_report(out_dir, read)
            measured.add("report", time.perf_counter() - clock)
    measured.wall_seconds = time.perf_counter() - started
    return measured


def _run_documents(
    out_dir: Path, model: str, identity: tuple[str, str], documents: pd.DataFrame, sentences: pd.DataFrame,
    infobox: pd.DataFrame, measured: RunReport, *, jobs: int, dask_address: str,
) -> tuple[list[dict], dict[str, list]]:
    """Each document's result, from the cache or made now (and cached), in
    corpus order: the rows of parse.csv and each table's per-document columns."""
    writer = BackgroundWriter()  # cache files are written on a thread of their own, while the next documents are parsed
    parse_cache = _Cache(out_dir, "parse", ".spacy", writer, encode=parse.compress_saved)
    result_cache = _Cache(out_dir, "results", ".json", writer)
    # Decide once, before any work, which documents need it: a cache file
    # written during the run must not change what a later document reads.
    plan = list(_plan(out_dir, identity, documents, sentences))
    waiting = {item.doc_id for item in plan if not result_cache.exists(item.result_key)}
    to_do = [item for item in plan if item.doc_id in waiting]
    reusable_parses = {item.doc_id for item in to_do if parse_cache.exists(item.parse_key)}
    tasks = _tasks(out_dir, to_do, sentences, infobox, saved_parse=lambda item: parse_cache.read(item.parse_key) if item.doc_id in reusable_parses else None)
    fresh = execution.run_tasks(tasks, model, jobs=jobs, dask_address=dask_address)
    parse_rows, collected = [], {name: [] for name in ("mentions", "dates", "events", "stances", "quotes")}
    with writer:
        for item in progress(plan, desc="documents", unit="doc"):
            if item.doc_id in waiting:
                result = _keep_fresh(out_dir, item, next(fresh), parse_cache, result_cache, measured)
            else:
                result = result_codec.decode(result_cache.read(item.result_key))
            measured.documents += 1
            measured.tokens += result.tokens
            parse_rows.append(_parse_row(model, identity, item, result.tokens, result.sentences))
            for name, table in result.tables.items():
                collected[name].append(table)
    return parse_rows, collected


def _keep_fresh(
    out_dir: Path, item: _Planned, result: execution.DocumentResult, parse_cache: _Cache, result_cache: _Cache, measured: RunReport,
) -> execution.DocumentResult:
    """A document's new result, fitted to its metadata and cached (with its
    parse, when it was parsed now); its timings counted."""
    if result.doc_bytes is not None:
        parse_cache.write(result.parse_key, result.doc_bytes)
        measured.parsed += 1
    result.doc_bytes = None
    result.tables = _fitted(out_dir, item.meta, result.tables)  # cached as fitted: a re-run reads them as they are
    clock = time.perf_counter()
    result_cache.write(item.result_key, result_codec.encode(result))
    measured.add("cache", time.perf_counter() - clock)
    for step, seconds in result.seconds.items():
        measured.add(step, seconds)
    return result


_RUNNERS = {name: globals()[f"run_{name}"] for name in STAGE_NAMES}


class _Cache:
    """Files named by a key in `<out>/cache/<kind>/`, written atomically."""

    def __init__(self, out_dir: Path, kind: str, suffix: str, writer: BackgroundWriter | None = None, encode=None):
        self.folder = Path(out_dir) / CACHE_SUBDIR / kind
        self.suffix = suffix
        self.writer = writer
        self.encode = encode  # applied to what is written, on the writer's thread when there is one

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def exists(self, key: str) -> bool:
        return self.path(key).exists()

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def write(self, key: str, data: bytes) -> None:
        if self.writer is not None:
            self.writer.write(self.path(key), data, self.encode)
        else:
            write_atomic(self.path(key), self.encode(data) if self.encode else data, durable=False)


@lru_cache(maxsize=1)
def _steps_version() -> str:
    """A digest of everything that shapes a per-document result: the code and
    data files the stage registry names for the per-document steps and the
    stages they read from, and the versions of the libraries the steps call.
    Results cached under another version are not reused."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in per_document_files():
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}={importlib.metadata.version(library)}".encode())
    return digest.hexdigest()[:16]


# Libraries whose versions can change a result (the model is in the parse key).
_LIBRARIES = ("spacy", "numpy", "pandas")


@dataclass(frozen=True)
class _Planned:
    """One readable document and the keys of what can be cached about it."""

    doc_id: str
    path: str
    sha256: str
    meta: dict
    sentence_starts: tuple[int, ...]
    parse_key: str
    result_key: str


def _plan(out_dir: Path, identity: tuple[str, str], documents: pd.DataFrame, sentences: pd.DataFrame) -> Iterator[_Planned]:
    """Every readable document in order, with its cache keys. Texts are read
    to compute the keys and not kept."""
    starts_of = {doc_id: tuple(int(s) for s in starts) for doc_id, starts in sentences.groupby("doc_id", sort=False)["start"]}
    for meta in documents[documents["status"] == "ok"].to_dict("records"):
        doc_id = meta["doc_id"]
        starts = starts_of.get(doc_id, ())
        parse_key = parse.cache_key(ingest.parser_text(document_text(out_dir, meta), meta["format"]), starts, identity)
        # Two documents may share a text (and so a parse), but their results
        # carry their own doc_id and depend on their own metadata.
        key_parts = [parse_key, _steps_version(), doc_id] + [str(meta.get(c, "")) for c in per_document_metadata()]
        result_key = hashlib.sha256("\x00".join(key_parts).encode("utf-8")).hexdigest()[:32]
        yield _Planned(doc_id, meta["path"], meta["sha256"], meta, starts, parse_key, result_key)



def _tasks(out_dir: Path, items: list[_Planned], sentences, infobox, *, analyse: bool = True, saved_parse=lambda item: None) -> Iterator[execution.DocumentTask]:
    """A task per planned document, its text read only when its turn comes,
    so only the batches in flight hold texts."""
    sentences_of, infobox_of = _ByDocument(sentences), _ByDocument(infobox)
    for item in items:
        text, doc_sentences, doc_infobox = _parser_inputs(document_text(out_dir, item.meta), item.meta, sentences_of[item.doc_id], infobox_of[item.doc_id])
        yield execution.DocumentTask(
            doc_id=item.doc_id,
            text=text,
            sentence_starts=item.sentence_starts,
            sentences=doc_sentences,
            infobox=doc_infobox,
            meta=item.meta,
            parse_key=item.parse_key,
            saved_parse=saved_parse(item),
            analyse=analyse,
        )


def _parse_row(model: str, identity: tuple[str, str], item: _Planned, tokens: int, sentence_count: int) -> dict:
    name, version = identity
    return dict(
        doc_id=item.doc_id, sha256=item.sha256, model=name, model_version=version, model_name=model,
        tokens=tokens, sentences=sentence_count, cache_key=item.parse_key,
    )


def parsed_documents(out_dir: Path) -> list[DocumentInput]:
    """Every saved parse of an output folder with its document's tables."""
    return list(_load_parsed(out_dir))


def _load_parsed(out_dir: Path) -> Iterator[DocumentInput]:
    """Stream the saved parses with each document's tables."""
    documents, sentences, infobox = _read_ingest(out_dir)
    manifest = _read_output(out_dir, "parse.csv")
    parse_cache = _Cache(out_dir, "parse", ".spacy")
    sentences_of, infobox_of = _ByDocument(sentences), _ByDocument(infobox)
    meta_of = {row["doc_id"]: row for row in documents.to_dict("records")}
    missing = [key for key in manifest["cache_key"] if not parse_cache.exists(key)]
    if missing:
        # The cache folder was cleared after parse.csv was written: parse the
        # missing documents again rather than stop (make thinks parse is done).
        _fill_parse_cache(out_dir, manifest["model_name"].iloc[0])
        still_missing = [key for key in missing if not parse_cache.exists(key)]
        if still_missing:
            raise InputError(f"{parse_cache.path(still_missing[0])}: saved parse is missing and the texts changed; run `{make_command(out_dir)}` again")
    vocabularies: dict[str, object] = {}
    for doc_id, model, key in zip(manifest["doc_id"], manifest["model"], manifest["cache_key"]):
        vocab = vocabularies.setdefault(model, execution.blank_vocab(model))
        doc = parse.doc_from_bytes(parse_cache.read(key), vocab)
        doc_sentences, doc_infobox = sentences_of[doc_id], infobox_of[doc_id]
        if meta_of[doc_id].get("format") == ingest.WIKI_IN_TEXT:
            doc_sentences, doc_infobox = _cut_from(doc.text, doc_sentences, doc_infobox)
        yield DocumentInput(doc_id, doc, doc_sentences, doc_infobox, meta_of[doc_id])


class _ByDocument:
    """A table split by doc_id once, so per-document lookups do not rescan it."""

    def __init__(self, table: pd.DataFrame):
        self.empty = table.iloc[0:0]
        self.groups = (
            {doc_id: rows.reset_index(drop=True) for doc_id, rows in table.groupby("doc_id", sort=False)}
            if len(table) else {}
        )

    def __getitem__(self, doc_id: str) -> pd.DataFrame:
        return self.groups.get(doc_id, self.empty)


def _read_ingest(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return tuple(_read_output(out_dir, name) for name in stage("ingest").outputs[:3])


def read_passed_aliases(out_dir: Path) -> pd.DataFrame:
    """The aliases ingest passed on (none from an output folder written before aliases existed)."""
    path = Path(out_dir) / ALIASES_FILE
    return read_csv(path) if path.exists() else pd.DataFrame(columns=ALIAS_COLUMNS)


def _read_output(out_dir: Path, name: str) -> pd.DataFrame:
    """A table an earlier stage wrote; missing, the error names that stage."""
    return read_csv(Path(out_dir) / name, make_command(out_dir, stage_writing(name).name))


def make_command(out_dir: Path, target: str = "") -> str:
    """The `make` command that builds `target` into this output folder, with
    the CORPUS= and OUT= the user must give (the corpus is read from
    documents.csv when there is one)."""
    out_dir = Path(out_dir)
    corpus = _corpus_of(out_dir)
    settings = []
    if corpus is None and out_dir.resolve() != OUTPUT_DIR.resolve():
        settings.append("CORPUS=<your corpus folder>")
    elif corpus is not None and corpus.resolve() != CORPUS_DIR.resolve():
        settings.append(f"CORPUS={shlex.quote(str(corpus))}")
    if out_dir.resolve() != OUTPUT_DIR.resolve():
        settings.append(f"OUT={shlex.quote(str(out_dir))}")
    return " ".join(["make", target, *settings]).replace("  ", " ").strip()


def _corpus_of(out_dir: Path) -> Path | None:
    """The folder the documents in documents.csv were read from, if known."""
    path = Path(out_dir) / "documents.csv"
    if not path.is_file():
        return None
    paths = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["path"])["path"]
    return Path(paths.iloc[0]).parent if len(paths) else None


def _concat(tables: Iterable[pd.DataFrame | dict[str, list]]) -> pd.DataFrame:
    """One table from per-document tables (DataFrames or columns of values).

    Columns keep their first-seen order; a value a table lacks is empty.
    Joining plain lists once is much cheaper than concatenating thousands of
    small DataFrames, and keeps integer columns integers."""
    parts = [t.to_dict("list") if isinstance(t, pd.DataFrame) else t for t in tables if t is not None]
    columns: dict[str, None] = {}
    for part in parts:
        columns.update(dict.fromkeys(part))
    data: dict[str, list] = {column: [] for column in columns}
    for part in parts:
        length = len(next(iter(part.values()), []))
        for column in columns:
            data[column].extend(part.get(column, [None] * length))
    table = pd.DataFrame(data, columns=list(columns))
    for column in table.columns:
        if _is_offset(column) and table[column].dtype.kind in "fO":
            # A document's offsets read as floats when some are missing.
            table[column] = pd.to_numeric(table[column], errors="coerce").astype("Int64")
    return table


def _is_offset(column: str) -> bool:
    return column in ("sent_id", "start", "end") or column.endswith(("_start", "_end"))


def _write(out_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    for name, table in tables.items():
        write_csv(Path(out_dir) / name, table)
