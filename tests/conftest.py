"""Shared fixtures: the spaCy model is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import DEFAULT_MODEL, PROJECT_ROOT
from pipeline.ingest import ingest
from pipeline.parse import load_model, parse_documents
from pipeline.storage import SourceFile
import pandas as pd


@pytest.fixture(scope="session")
def nlp():
    return load_model(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def parse_text(nlp):
    """Ingest and parse an inline text: returns (Doc, sentences table)."""

    def _parse(text: str, doc_id: str = "doc"):
        source = SourceFile(doc_id=doc_id, path=Path(f"{doc_id}.txt"), raw=text.encode("utf-8"))
        _, sentences, _ = ingest([source], pd.DataFrame(columns=["doc_id"]))
        starts = sentences["start"].tolist()
        [(_, doc)] = parse_documents(nlp, [(doc_id, text, starts)])
        return doc, sentences

    return _parse


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    shared = PROJECT_ROOT.parent / "shared"
    if not shared.is_dir():
        pytest.skip(f"shared data not found at {shared}: gold and seeds are read from there")
    return shared
