"""End to end: every stage on a small corpus in tmp_path, and the output contract."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline import workflow
from pipeline.config import DEFAULT_MODEL

ARTICLE = """= Green Union =

Green Union
- Abbreviation: GU
- Founded: 2 March 1990
- Leader: Anna Berg

The Green Union (GU) is a political party in Freedonia. It was founded by Anna Berg in Sylvania in 1990.

== History ==
The party won 12 seats in the 1994 elections. In 2019 the Supreme Court of Freedonia banned the party.
The ban was condemned by the Labour Party of Sylvania and defended by the National Front.

== Leaders ==
1. Anna Berg (1990 – 2001)
2. Tom Ode (2001 – 2019)
"""

STATEMENT = """Workers' League

Statement of the Central Council of the Workers' League

The Workers' League protests against the ruling of the Supreme Court of Freedonia of 12.05.2019. We support the Green Union and its members.

Hands off the Green Union!

Central Council of the Workers' League
"""

CONTRACT = {
    "documents.csv": ["doc_id", "path", "title", "date", "genre", "chars", "sha256", "status"],
    "sentences.csv": ["doc_id", "sent_id", "start", "end", "section", "text"],
    "infobox.csv": ["doc_id", "key", "value", "start", "end"],
    "parse.csv": ["doc_id", "model", "model_version", "tokens"],
    "entities.csv": ["doc_id", "sent_id", "start", "end", "text", "label", "entity_id", "canonical"],
    "entity_index.csv": ["entity_id", "canonical", "label"],
    "dates.csv": ["doc_id", "sent_id", "start", "end", "text", "type", "value", "earliest", "latest", "granularity"],
    "events.csv": ["doc_id", "value", "earliest", "latest", "event", "participants", "evidence"],
    "stances.csv": ["doc_id", "sent_id", "holder", "target", "stance", "cue", "evidence"],
    "stance_summary.csv": ["holder", "target", "favor", "against", "none", "documents"],
}


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "green_union.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "league_statement.txt").write_text(STATEMENT, encoding="utf-8")
    (folder / "metadata.csv").write_text(
        "doc_id,title,date,genre,author\nleague_statement,,2019-05-20,statement,\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def run_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    corpus = make_corpus(root / "corpus")
    workflow.run_all(corpus, root / "out", DEFAULT_MODEL)
    return corpus, root / "out"


def _texts(corpus: Path) -> dict[str, str]:
    return {p.stem: p.read_bytes().decode("utf-8") for p in corpus.iterdir() if p.suffix == ".txt"}


@pytest.mark.slow
@pytest.mark.parametrize("name, columns", CONTRACT.items())
def test_every_output_has_its_columns(run_once, name, columns):
    _, out = run_once
    table = pd.read_csv(out / name, dtype=str, keep_default_na=False)
    assert set(columns) <= set(table.columns), f"{name} lacks {set(columns) - set(table.columns)}"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sentences.csv", "infobox.csv", "entities.csv", "dates.csv"])
def test_offsets_index_the_document_text(run_once, name):
    corpus, out = run_once
    texts = _texts(corpus)
    table = pd.read_csv(out / name, dtype=str, keep_default_na=False)
    assert len(table) > 0
    text_column = "value" if name == "infobox.csv" else "text"
    for row in table.to_dict("records"):
        assert texts[row["doc_id"]][int(row["start"]) : int(row["end"])] == row[text_column]


@pytest.mark.slow
def test_one_row_per_entity_mention_and_none_crosses_a_line(run_once):
    _, out = run_once
    entities = pd.read_csv(out / "entities.csv", dtype=str, keep_default_na=False)
    assert not entities.duplicated(["doc_id", "start", "end"]).any()
    assert not entities["text"].str.contains("\n").any()
    assert entities["entity_id"].ne("").all() and entities["canonical"].ne("").all()


@pytest.mark.slow
def test_stances_of_the_small_corpus_are_found_with_valid_labels(run_once):
    _, out = run_once
    stances = pd.read_csv(out / "stances.csv", dtype=str, keep_default_na=False)
    assert set(stances["stance"]) <= {"FAVOR", "AGAINST", "NONE"}
    triples = set(zip(stances["holder"], stances["target"], stances["stance"]))
    # "The ban was condemned by the Labour Party of Sylvania": holder, target and stance all checked.
    assert any("Labour Party of Sylvania" in h and t.startswith("ban") and s == "AGAINST" for h, t, s in triples), triples
    assert any("Green Union" in t and s == "FAVOR" for _, t, s in triples), triples


@pytest.mark.slow
def test_charts_are_written(run_once):
    _, out = run_once
    for name in ("entities", "timeline", "stances"):
        assert (out / "charts" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_two_runs_give_byte_identical_csvs(run_once, tmp_path):
    corpus, first = run_once
    second = tmp_path / "second"
    workflow.run_all(corpus, second, DEFAULT_MODEL)
    names = sorted(p.name for p in first.glob("*.csv"))
    assert names == sorted(p.name for p in second.glob("*.csv"))
    for name in names:
        if name == "documents.csv":
            continue  # holds each run's own corpus path; compared without it below
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert pd.read_csv(first / "documents.csv").drop(columns="path").equals(
        pd.read_csv(second / "documents.csv").drop(columns="path")
    )


@pytest.mark.slow
def test_stage_by_stage_equals_the_single_pass(run_once, tmp_path):
    corpus, single_pass = run_once
    staged = tmp_path / "staged"
    workflow.run_ingest(corpus, staged)
    workflow.run_parse(staged, DEFAULT_MODEL)
    workflow.run_entities(staged)
    workflow.run_dates(staged)
    workflow.run_stance(staged)
    for name in ("sentences.csv", "entities.csv", "entity_index.csv", "dates.csv", "events.csv", "stances.csv"):
        assert (staged / name).read_bytes() == (single_pass / name).read_bytes(), name


@pytest.mark.slow
def test_unchanged_documents_are_not_parsed_again(run_once, tmp_path, monkeypatch):
    corpus, _ = run_once
    out = tmp_path / "cached"
    workflow.run_all(corpus, out, DEFAULT_MODEL)
    parsed = []
    original = workflow.parse.parse_documents

    def counting(nlp, documents, **options):
        for doc_id, doc in original(nlp, documents, **options):
            parsed.append(doc_id)
            yield doc_id, doc

    monkeypatch.setattr(workflow.parse, "parse_documents", counting)
    (corpus / "league_statement.txt").write_text(STATEMENT + "\nA new closing line.\n", encoding="utf-8")
    try:
        workflow.run_all(corpus, out, DEFAULT_MODEL)
    finally:
        (corpus / "league_statement.txt").write_text(STATEMENT, encoding="utf-8")
    assert parsed == ["league_statement"]


def test_a_stage_without_its_input_says_what_to_run_first(tmp_path):
    with pytest.raises(workflow.InputError, match=f"run `make ingest CORPUS=.* OUT={tmp_path}` first"):
        workflow.run_parse(tmp_path, DEFAULT_MODEL)


@pytest.mark.slow
def test_documents_with_the_same_text_keep_their_own_ids_and_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "The council met on Friday and the Labour Party of Sylvania condemned the ban."
    for name in ("copy_a", "copy_b"):
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    (corpus / "metadata.csv").write_text("doc_id,date\ncopy_a,2019-05-20\ncopy_b,2020-01-15\n", encoding="utf-8")
    for _ in range(2):  # the second run reads every result from the cache
        workflow.run_all(corpus, tmp_path / "out", DEFAULT_MODEL, with_charts=False)
        found = pd.read_csv(tmp_path / "out" / "dates.csv", dtype=str).set_index("doc_id")["value"].to_dict()
        assert found == {"copy_a": "2019-05-17", "copy_b": "2020-01-10"}
        stances = pd.read_csv(tmp_path / "out" / "stances.csv", dtype=str)
        assert sorted(stances["doc_id"]) == ["copy_a", "copy_b"]


@pytest.mark.slow
def test_a_cleared_parse_cache_is_filled_again_by_the_next_stage(tmp_path):
    import shutil

    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    workflow.run_ingest(corpus, out)
    workflow.run_parse(out, DEFAULT_MODEL)
    workflow.run_entities(out)
    before = (out / "entities.csv").read_bytes()
    shutil.rmtree(out / "cache")
    workflow.run_entities(out)
    assert (out / "entities.csv").read_bytes() == before
