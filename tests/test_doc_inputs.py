"""What the components read besides the text, taken from the Doc."""

import spacy

from pipeline import doc_inputs

TEXT = "Title Line\n\nThe first sentence here. The second one."


def _doc():
    doc = spacy.blank("en")(TEXT)
    doc._.document_meta = {"doc_id": "memo"}
    return doc


def test_the_sentence_table_follows_the_blocks_set_on_the_doc():
    doc = _doc()
    doc._.sentence_blocks = [[0, 10, "title"], [12, 36, "paragraph"], [37, 52, "paragraph"]]
    first = doc_inputs.sentence_table(doc)
    assert first["text"].tolist() == ["Title Line", "The first sentence here.", "The second one."]
    assert first["block_kind"].tolist() == ["title", "paragraph", "paragraph"]
    doc._.sentence_blocks = [[0, 10, "heading"], [12, 52, "paragraph"]]
    second = doc_inputs.sentence_table(doc)
    assert second["text"].tolist() == ["Title Line", "The first sentence here. The second one."]
    assert second["sent_id"].tolist() == [0, 1] and set(second["doc_id"]) == {"memo"}


def test_a_table_kept_for_one_doc_is_not_given_for_another():
    doc, other = _doc(), _doc()
    doc._.sentence_blocks = [[0, 10, "title"]]
    other._.sentence_blocks = [[12, 36, "paragraph"]]
    assert doc_inputs.sentence_table(doc)["text"].tolist() == ["Title Line"]
    assert doc_inputs.sentence_table(other)["text"].tolist() == ["The first sentence here."]


def test_the_text_read_from_token_arrays_is_the_docs_text():
    doc = _doc()
    assert doc_inputs.document_text(doc) == doc.text == TEXT
    assert doc_inputs.document_text(spacy.blank("en")("")) == ""


def test_metadata_fields_default_to_empty_and_the_id_to_doc():
    doc = spacy.blank("en")("Plain words.")
    assert doc_inputs.meta_value(doc, "author") == "" and doc_inputs.document_id(doc) == doc_inputs.DEFAULT_DOC_ID
    doc._.document_meta = {"author": "Fenland Growers Union", "genre": None}
    assert doc_inputs.meta_value(doc, "author") == "Fenland Growers Union" and doc_inputs.meta_value(doc, "genre") == ""


def test_the_document_text_is_the_docs_own_or_the_text_it_was_parsed_from():
    doc, other = _doc(), _doc()
    assert doc_inputs.document_text(doc) == doc.text == TEXT
    doc._.sentence_blocks = [[0, 10, "title"], [12, 52, "paragraph"]]
    sentences = doc_inputs.sentence_table(doc)
    doc_inputs.set_inputs(other, "memo", sentences, sentences.iloc[0:0], {}, text=TEXT)
    assert doc_inputs.document_text(other) is TEXT  # given, not joined again from the tokens
    assert doc_inputs.document_text(doc) == TEXT  # each Doc its own
