"""The dates stage as a spaCy component in a pipeline of one's own."""

import spacy
from spacy.tokens import DocBin

from pipeline.config import DEFAULT_MODEL


def test_add_pipe_timex_gives_spans_with_timex3_values():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("timex", config={"document_date": "2015-08-20"})  # found through the package's entry point
    doc = nlp("The council was dissolved last Friday. It was founded in the 1990s and met every week.")
    found = [(span.text, span.label_, span._.timex) for span in doc.spans["timex"]]
    assert found == [("last Friday", "DATE", "2015-08-14"), ("1990s", "DATE", "199"), ("every week", "SET", "P1W")]


def test_a_documents_own_date_overrides_the_configured_one_and_survives_a_docbin():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("timex", config={"document_date": "2015-08-20"})
    doc = nlp.make_doc("The council met yesterday.")
    doc._.document_date = "2001-02-03"
    for _, component in nlp.pipeline:
        doc = component(doc)
    saved = DocBin(store_user_data=True)
    saved.add(doc)
    [restored] = DocBin().from_bytes(saved.to_bytes()).get_docs(nlp.vocab)
    assert [(span.text, span._.timex) for span in restored.spans["timex"]] == [("yesterday", "2001-02-02")]


def test_text_without_time_gives_no_spans():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("timex")
    assert list(nlp("The council met in the old hall.").spans["timex"]) == []
