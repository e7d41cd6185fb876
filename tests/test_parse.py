"""Parse: sentence boundaries survive the parser; saved parses round-trip."""

import spacy

from pipeline.parse import cache_key, doc_from_bytes, doc_to_bytes, make_doc, parse_documents


def test_preset_sentence_boundaries_are_respected(nlp):
    text = "The council met on Monday and the mayor spoke. Nobody listened to him"
    starts = [0, text.index("and")]
    [(doc_id, doc)] = parse_documents(nlp, [("d", text, starts)])
    assert doc_id == "d"
    assert [s.start_char for s in doc.sents] == starts


def test_doc_offsets_are_document_offsets(nlp):
    text = "Heading\n\n- Key: Value\nA sentence here."
    doc = make_doc(nlp, text, [0, 9, 22])
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_saved_parse_round_trips_with_a_blank_vocabulary(nlp):
    [(_, doc)] = parse_documents(nlp, [("d", "Maria Lopez joined the Labour Party in Leeds.", [0])])
    loaded = doc_from_bytes(doc_to_bytes(doc), spacy.blank("en").vocab)
    assert loaded.text == doc.text
    assert [(e.text, e.label_) for e in loaded.ents] == [(e.text, e.label_) for e in doc.ents]
    assert [t.dep_ for t in loaded] == [t.dep_ for t in doc]
    assert [t.lemma_ for t in loaded] == [t.lemma_ for t in doc]


def test_cache_key_changes_with_the_text_and_its_sentences(nlp):
    assert cache_key("one text", [0], nlp) == cache_key("one text", [0], nlp)
    assert cache_key("one text", [0], nlp) != cache_key("another text", [0], nlp)
    assert cache_key("one text", [0], nlp) != cache_key("one text", [0, 4], nlp)
