"""The edges: reading corpus files and metadata, writing outputs atomically.

Everything that touches the file system lives here or in the CLI, so that
stage modules stay pure functions over tables and parsed documents.
"""

from __future__ import annotations

import csv
import io
import os
import queue
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.config import ALIAS_COLUMNS, ALIASES_FILE, METADATA_COLUMNS, METADATA_FILE


class InputError(Exception):
    """Input the pipeline cannot work with; the message names the file."""


@dataclass(frozen=True)
class SourceFile:
    """One file of a corpus folder, undecoded."""

    doc_id: str
    path: Path
    raw: bytes


def list_corpus(corpus_dir: Path) -> list[Path]:
    """The document files of a corpus folder, sorted by name.

    Every regular, non-hidden file counts except CSV files (metadata and
    tables live beside the texts).
    """
    corpus_dir = Path(corpus_dir)
    if corpus_dir.is_file():
        raise InputError(f"{corpus_dir}: is a file, not a folder; give the folder that holds the documents")
    if not corpus_dir.is_dir():
        raise InputError(f"{corpus_dir}: corpus folder not found (looked for a folder of documents)")
    files = sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() != ".csv"
    )
    if not files:
        raise InputError(f"{corpus_dir}: no text files found (looked for any non-hidden, non-CSV file)")
    return files


def doc_id_for(path: Path) -> str:
    """A document's id is its file name without the extension."""
    return Path(path).stem


def read_corpus(corpus_dir: Path) -> list[SourceFile]:
    """Read every document file's bytes; refuse two files with one doc_id."""
    sources: dict[str, SourceFile] = {}
    for path in list_corpus(corpus_dir):
        doc_id = doc_id_for(path)
        if doc_id in sources:
            raise InputError(
                f"{path}: same doc_id {doc_id!r} as {sources[doc_id].path.name}; rename one of them"
            )
        sources[doc_id] = SourceFile(doc_id=doc_id, path=path, raw=path.read_bytes())
    return list(sources.values())


def read_metadata(corpus_dir: Path, known_doc_ids: set[str] | None = None) -> pd.DataFrame:
    """Read `metadata.csv` if present: one row per doc_id, all values strings.

    Problems are reported as warnings naming the row, and the bad value is
    ignored: metadata helps, it never stops a run.
    """
    path = Path(corpus_dir) / METADATA_FILE
    columns = list(METADATA_COLUMNS)
    if not path.exists():
        return pd.DataFrame(columns=columns, dtype=str)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        warnings.warn(f"{path}: unreadable, ignored ({error})", stacklevel=2)
        return pd.DataFrame(columns=columns, dtype=str)
    if "doc_id" not in table.columns:
        warnings.warn(f"{path}: no doc_id column, metadata ignored", stacklevel=2)
        return pd.DataFrame(columns=columns, dtype=str)
    for column in columns:
        if column not in table.columns:
            table[column] = ""
    table = table[columns].copy()
    table["doc_id"] = table["doc_id"].str.strip()
    days, encodings = [], []
    for row_number, (doc_id, date, encoding) in enumerate(zip(table["doc_id"], table["date"], table["encoding"])):
        line = row_number + 2  # header is line 1
        if known_doc_ids is not None and doc_id not in known_doc_ids:
            warnings.warn(f"{path}, line {line}: unknown doc_id {doc_id!r}, row ignored", stacklevel=2)
        day = _iso_day(date.strip()) if date.strip() else ""
        if day is None:
            warnings.warn(
                f"{path}, line {line}: date {date!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), ignored",
                stacklevel=2,
            )
        days.append(day or "")
        if encoding.strip() and not _known_encoding(encoding.strip()):
            warnings.warn(f"{path}, line {line}: unknown encoding {encoding!r}, ignored (the file's encoding is detected)", stacklevel=2)
            encoding = ""
        encodings.append(encoding)
    table["date"], table["encoding"] = days, encodings
    duplicated = table["doc_id"].duplicated(keep="first")
    for row_number in table.index[duplicated]:
        warnings.warn(
            f"{path}, line {row_number + 2}: duplicate doc_id {table.at[row_number, 'doc_id']!r}, first row kept",
            stacklevel=2,
        )
    table = table[~duplicated]
    if known_doc_ids is not None:
        table = table[table["doc_id"].isin(known_doc_ids)]
    return table.reset_index(drop=True)


def _known_encoding(name: str) -> bool:
    from pipeline.ingest.decoding import check_encoding  # here: ingest reads through this module

    try:
        check_encoding(name)
    except ValueError:
        return False
    return True


def _iso_day(value: str) -> str | None:
    """The ISO date in `value` (YYYY, YYYY-MM, YYYY-MM-DD; a time of day
    after it is dropped), or None when it is not one."""
    from datetime import date

    value = value.split("T", 1)[0] if "T" in value else value
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
    try:
        date(year, month, day)
    except ValueError:
        return None
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """Serialise a table the one way every output is written: UTF-8, minimal
    quoting and CRLF line ends as RFC 4180 has them. With CRLF, a field
    holding a lone carriage return (documents with old Mac line ends) is
    quoted; with LF alone it would not be, and readers would split the row."""
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files are created private; the final file gets the usual permissions.
_FILE_MODE = 0o666 & ~_current_umask()


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, then move it into place, so a
    reader never sees a half-written file and an interrupted run leaves the
    previous version intact. `durable=False` skips the flush to disk, for
    cache files that can be made again."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, _FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class BackgroundWriter:
    """Writes files (`write_atomic`, not flushed to disk: for caches) on a
    thread of its own, in the order given, so that creating many small
    files overlaps the caller's work. Leaving the `with` block waits for
    every file; the first error is raised there."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="cache-writer", daemon=True)

    def __enter__(self) -> "BackgroundWriter":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc_info[0] is None:
            raise self._error

    def write(self, path: Path, data: bytes, encode=None) -> None:
        """Queue `data` for `path`; `encode(data)` is what is written, when
        given (zlib, say, gives up the interpreter lock while it works)."""
        if self._error is not None:
            raise self._error
        self._queue.put((path, data, encode))

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                path, data, encode = item
                try:
                    write_atomic(path, encode(data) if encode else data, durable=False)
                except BaseException as error:  # raised in the caller's thread
                    self._error = error


def write_texts(folder: Path, texts: dict[str, str]) -> None:
    """Write each document's text as `<doc_id>.txt` (UTF-8, line ends as they
    are) and remove the texts of documents no longer in the corpus."""
    folder = Path(folder)
    for doc_id, text in texts.items():
        path = folder / f"{doc_id}.txt"
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            write_atomic(path, data, durable=False)
    if folder.is_dir():
        for path in folder.glob("*.txt"):
            if path.stem not in texts:
                path.unlink(missing_ok=True)


def read_text(path: Path) -> str:
    """A text written by `write_texts`, exactly (no line-end translation)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: document text not found; run the ingest stage again")
    return path.read_bytes().decode("utf-8")


def write_csv(path: Path, table: pd.DataFrame) -> None:
    write_atomic(path, csv_bytes(table))


def read_aliases(corpus_dir: Path) -> pd.DataFrame:
    """Read the corpus folder's optional `aliases.csv` (alias, canonical,
    label): names the user declares to be one entity. A row without an alias
    or a canonical name is reported as a warning naming its line and ignored."""
    path = Path(corpus_dir) / ALIASES_FILE
    empty = pd.DataFrame(columns=ALIAS_COLUMNS, dtype=str)
    if not path.exists():
        return empty
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        warnings.warn(f"{path}: unreadable, ignored ({error})", stacklevel=2)
        return empty
    if not {"alias", "canonical"} <= set(table.columns):
        warnings.warn(f"{path}: needs the columns alias and canonical, aliases ignored", stacklevel=2)
        return empty
    if "label" not in table.columns:
        table["label"] = ""
    table = table[ALIAS_COLUMNS].apply(lambda column: column.str.strip())
    incomplete = (table["alias"] == "") | (table["canonical"] == "")
    for row_number in table.index[incomplete]:
        warnings.warn(f"{path}, line {row_number + 2}: alias or canonical name missing, row ignored", stacklevel=2)
    return table[~incomplete].reset_index(drop=True)


def read_csv(path: Path, stage_hint: str = "") -> pd.DataFrame:
    """Read an output table written by an earlier stage, all columns as strings
    except the offset columns."""
    path = Path(path)
    if not path.exists():
        hint = f"; run `{stage_hint}` first" if stage_hint else ""
        raise InputError(f"{path}: not found{hint}")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("start", "end", "sent_id", "chars", "tokens"):
        if column in table.columns:
            table[column] = pd.to_numeric(table[column], errors="coerce").astype("Int64")
    return table
