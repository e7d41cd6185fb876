"""The per-document steps as spaCy components, in a pipeline of one's own,
and the tables built from the Docs they annotate."""

from __future__ import annotations

import contextlib
import io
import re

import pandas as pd
import pytest
import spacy
from spacy.tokens import DocBin

import pipeline.entities.component  # noqa: F401  registers "political_entities" without installing the package
import pipeline.stance.component  # noqa: F401  registers "stance"
from pipeline import dates, doc_inputs, doc_tables, entities, stance
from pipeline.config import DEFAULT_MODEL, PROJECT_ROOT

STATEMENT = "We condemn the ban on the Harbour Workers Union, announced yesterday by the Ministry of Roads."
NEWS = "The Lantern Party on Tuesday condemned the decision to dissolve the Harbour Workers Union, its leader Mara Velt said."


@pytest.fixture(scope="module")
def components_nlp():
    nlp = spacy.load(DEFAULT_MODEL)
    for name in ("political_entities", "timex", "stance"):
        nlp.add_pipe(name)
    return nlp


def _run_components(nlp, doc):
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def _as_objects(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype(object).reset_index(drop=True)


def test_three_components_on_a_pipeline_of_ones_own(components_nlp):
    doc = components_nlp(NEWS)
    assert ("Lantern Party", "ORG") in [(span.text, span.label_) for span in doc.spans["entities"]]
    assert ("Mara Velt", "leader") in [(span.text, span._.entity_title) for span in doc.spans["entities"]]
    assert all(span._.entity_source for span in doc.spans["entities"])
    assert [span.label_ for span in doc.spans["timex"]] == ["DATE"]
    assert ("Lantern Party", "AGAINST") in [(record["holder"], record["stance"]) for record in doc._.stances]


def test_stance_spans_are_where_the_records_say(components_nlp):
    doc = components_nlp(NEWS)
    holders = {(span.start_char, span.end_char, span.label_) for span in doc.spans["stance_holders"]}
    cues = {(span.text, span.label_) for span in doc.spans["stance_cues"]}
    for record in doc._.stances:
        assert (record["holder_start"], record["holder_end"], record["holder_kind"]) in holders
        assert (record["cue"], record["stance"]) in cues


def test_text_without_names_dates_or_stances_gives_empty_tables(components_nlp):
    doc = components_nlp("the water was cold and the path was long.")
    tables = doc_tables.document_tables(doc)
    assert all(not any(columns.values()) for columns in tables.values())
    assert list(tables["stances"]) == stance.STANCE_COLUMNS and list(tables["dates"]) == dates.DATE_COLUMNS


def test_document_metadata_on_the_doc_anchors_dates_and_names_the_author(components_nlp):
    doc = components_nlp.make_doc(STATEMENT)
    doc._.document_meta = {"date": "2019-05-06", "author": "Lantern Party", "genre": "statement"}
    doc = _run_components(components_nlp, doc)
    assert [(span.text, span._.timex) for span in doc.spans["timex"]] == [("yesterday", "2019-05-05")]
    assert ("Lantern Party", "AGAINST") in [(record["holder"], record["stance"]) for record in doc._.stances]


def test_without_metadata_the_configured_date_anchors_and_no_author_is_named():
    own = spacy.load(DEFAULT_MODEL)
    own.add_pipe("timex", config={"document_date": "2001-02-03"})
    own.add_pipe("stance")
    doc = own(STATEMENT)
    assert [(span.text, span._.timex) for span in doc.spans["timex"]] == [("yesterday", "2001-02-02")]
    assert "Lantern Party" not in [record["holder"] for record in doc._.stances]


@pytest.fixture(scope="module")
def statement_doc(parse_text, components_nlp):
    """A statement parsed as the pipeline parses it, with ingest's sentences and metadata on the Doc."""
    doc, sentences = parse_text(STATEMENT + "\n\n" + NEWS, doc_id="note")
    infobox = pd.DataFrame(columns=["doc_id", "key", "value", "start", "end"])
    meta = {"date": "2019-05-06", "author": "Fenland Growers Union", "genre": "statement", "title": ""}
    doc_inputs.set_inputs(doc, "note", sentences, infobox, meta)
    return _run_components(components_nlp, doc), sentences, infobox, meta


def test_tables_from_the_doc_equal_what_the_stages_give(statement_doc):
    doc, sentences, infobox, meta = statement_doc
    mentions = entities.find_mentions("note", doc, sentences, infobox)
    found_dates, events = dates.find_dates("note", doc, sentences, infobox, mentions, document_date=meta["date"])
    stances, quotes = stance.analyse_document("note", doc, sentences, mentions, author=meta["author"], genre=meta["genre"])
    assert stances["holder_start"].isna().any()  # the author named only in metadata: offsets NA
    expected = {"mentions": mentions, "dates": found_dates, "events": events, "stances": stances, "quotes": quotes}
    for name, table in expected.items():
        pd.testing.assert_frame_equal(_as_objects(doc_tables.table(doc, name)), _as_objects(table), obj=name)


def test_everything_on_the_doc_survives_a_docbin(statement_doc, components_nlp):
    doc = statement_doc[0]
    saved = DocBin(store_user_data=True)
    saved.add(doc)
    [restored] = DocBin().from_bytes(saved.to_bytes()).get_docs(components_nlp.vocab)
    for name in doc_tables.TABLE_COLUMNS:
        pd.testing.assert_frame_equal(_as_objects(doc_tables.table(restored, name)), _as_objects(doc_tables.table(doc, name)), obj=name)
    for key in ("entities", "timex", "stance_holders", "stance_targets", "stance_cues"):
        assert [(s.start_char, s.end_char, s.label_) for s in restored.spans[key]] == [(s.start_char, s.end_char, s.label_) for s in doc.spans[key]]
    assert [span._.timex for span in restored.spans["timex"]] == [span._.timex for span in doc.spans["timex"]]
    assert restored._.document_meta == doc._.document_meta


def _readme_example() -> tuple[str, str]:
    """The code of the README's "From spaCy" example and the output shown under it."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use it from spaCy"):]
    code, output = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)[:2]
    return code, output


def test_the_readme_example_prints_what_the_readme_shows():
    code, output = _readme_example()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == output


def test_a_rule_family_switched_off_in_the_config_makes_no_mentions():
    text = "The Orchard Growers Federation (OGF) met in the hall. Later the OGF voted."
    found = {}
    for disabled in ([], ["abbreviation", "acronym"]):
        own = spacy.load(DEFAULT_MODEL)
        own.add_pipe("political_entities", config={"disabled_sources": disabled})
        found[bool(disabled)] = [(span.text, span._.entity_source) for span in own(text).spans["entities"]]
    assert any(text == "OGF" for text, _ in found[False])
    assert not any(source.startswith(("abbreviation", "acronym")) for _, source in found[True])


def test_records_made_without_a_table_read_as_the_table_gives_them():
    columns = {"doc_id": ["d", "d"], "text": ["a", "b"], "start": [3, 7], "score": [0.5, 1.0], "open": [True, False], "cue_start": [4, None]}
    direct = doc_tables.direct_records(columns, frozenset({"cue_start"}))
    through_table = doc_tables.plain_records(stance.tables.table_of_columns(columns, {"cue_start"}))
    assert direct == through_table
    assert [type(record["start"]) for record in direct] == [int, int]


def test_a_column_that_mixes_types_is_left_to_the_table():
    # pandas reads ints and None as floats: the records must come through the table
    assert doc_tables.direct_records({"start": [3, None]}) is None
    assert doc_tables.plain_records(pd.DataFrame({"start": [3, None]}))[0]["start"] == 3.0
