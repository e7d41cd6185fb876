"""Entity spans, labels and identity, on small texts written for these tests."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.entities import (
    INDEX_COLUMNS,
    MENTION_COLUMNS,
    find_mentions,
    fold_name,
    link_mentions,
    schwartz_hearst_long_form,
)
from pipeline.ingest import ingest
from pipeline.storage import SourceFile


@pytest.fixture(scope="session")
def mentions_of(parse_text):
    """Run find_mentions on an inline text: returns the mentions table."""

    def _mentions(text: str, doc_id: str = "doc") -> pd.DataFrame:
        doc, sentences = parse_text(text, doc_id)
        source = SourceFile(doc_id=doc_id, path=None, raw=text.encode("utf-8"))
        _, _, infobox = ingest([source], pd.DataFrame(columns=["doc_id"]))
        return find_mentions(doc_id, doc, sentences, infobox)

    return _mentions


def _spans(table: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(table["text"], table["label"]))


# ---------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    ("short", "candidate", "expected"),
    [
        ("WHO", "the World Health Organization", "World Health Organization"),
        ("NLP", "advances in natural language processing", "natural language processing"),
        ("HMM", "a hidden Markov model", "hidden Markov model"),
        ("XYZ", "the Labour Party", None),
    ],
)
def test_schwartz_hearst_long_form(short, candidate, expected):
    assert schwartz_hearst_long_form(short, candidate) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Jürgen Müller", "Jurgen Muller"),
        ("Yıldırım Akbulut", "Yildirim Akbulut"),
        ("Workers’ Party", "Workers' Party"),
        ("Workers Party", "Workers' Party"),
        ("the Green League", "Green League"),
        ("ALPHA–BETA", "alpha-beta"),
    ],
)
def test_fold_name_treats_variants_as_one_name(left, right):
    assert fold_name(left) == fold_name(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Socialist Party of Freedonia", "Socialist People's Party of Freedonia"),
        ("Green League", "Green Union"),
    ],
)
def test_fold_name_keeps_different_names_apart(left, right):
    assert fold_name(left) != fold_name(right)


# ---------------------------------------------------------------- spans


def test_output_columns_offsets_and_sentence_ids(mentions_of):
    text = "Title line here\n\nThe Liberal Party of Ruritania met in Strelsau. Anna Berg spoke.\n"
    table = mentions_of(text)
    assert list(table.columns) == MENTION_COLUMNS
    for row in table.itertuples():
        assert text[row.start : row.end] == row.text
    berg = table[table["text"] == "Anna Berg"]
    assert len(berg) == 1 and int(berg["sent_id"].iloc[0]) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday the Socialist Party of Ruritania held a vote.", ("Socialist Party of Ruritania", "ORG")),
        ("He joined the Communist Party of the Freedonian Republic in 1950.", ("Communist Party of the Freedonian Republic", "ORG")),
        ("Delegates of the Green Party in Sweden spoke first.", ("Green Party in Sweden", "ORG")),
        ("The appeal went to the Strelsau city court last week.", ("Strelsau city court", "ORG")),
        ("A ruling of the court of Zenda city was published.", ("court of Zenda city", "ORG")),
        ("A letter reached the Presidential Administration of Ruritania today.", ("Presidential Administration of Ruritania", "ORG")),
        ("The law “On public assemblies” was passed in spring.", ("On public assemblies", "LAW")),
        ("In 2003 they founded the movement \"Free Voices Alliance\" together.", ("Free Voices Alliance", "ORG")),
    ],
)
def test_patterns_recover_whole_names(mentions_of, text, expected):
    assert expected in _spans(mentions_of(text))


def test_no_span_crosses_an_infobox_line(mentions_of):
    text = (
        "Freedonia Workers League\n"
        "- Leader Name: Rufus Firefly\n"
        "- Country: Freedonia\n\n"
        "The Freedonia Workers League was led by Rufus Firefly in Freedonia.\n"
    )
    table = mentions_of(text)
    assert not any("\n" in t for t in table["text"])
    assert list(table["text"]).count("Rufus Firefly") == 2


def test_leading_determiner_and_possessive_are_trimmed(mentions_of):
    table = mentions_of("The National Union of Miners (NUM) met. The NUM’s leaders agreed.")
    texts = list(table["text"])
    assert "National Union of Miners" in texts
    assert not any(t.lower().startswith("the ") for t in texts)
    assert texts.count("NUM") == 2


# ---------------------------------------------------------------- short forms


def test_short_form_takes_the_long_forms_label_and_link(mentions_of):
    table = mentions_of(
        "The strike was backed by the Socialist Workers Union of Freedonia (SWUF). "
        "Later the SWUF called for new elections, and SWUF's members marched."
    )
    short = table[table["text"] == "SWUF"]
    assert len(short) == 3
    assert set(short["label"]) == {"ORG"}
    assert set(short["short_form_of"]) == {"Socialist Workers Union of Freedonia"}


def test_short_form_from_another_language_is_still_defined(mentions_of):
    """A transliterated short form does not share the English name's letters."""
    table = mentions_of("The statement was signed by the Freedonian Labour Party (SDPF) in May. The SDPF won.")
    short = table[table["text"] == "SDPF"]
    assert len(short) == 2 and set(short["label"]) == {"ORG"}


def test_infobox_abbreviation_is_an_org_short_form_of_the_title(mentions_of):
    text = (
        "= Freedonia Farmers League =\n\n"
        "Freedonia Farmers League\n"
        "- Abbreviation: FFL\n"
        "- Founded: 1950\n\n"
        "The FFL won three seats.\n"
    )
    table = mentions_of(text)
    short = table[table["text"] == "FFL"]
    assert len(short) == 2
    assert set(short["label"]) == {"ORG"}
    assert set(short["short_form_of"]) == {"Freedonia Farmers League"}


def test_dateline_is_not_an_abbreviation(mentions_of):
    table = mentions_of("STRELSAU, Ruritania (AP) _ The government resigned on Monday.")
    assert "AP" not in set(table[table["short_form_of"] != ""]["text"])


# ---------------------------------------------------------------- identity


def _mention(doc_id, start, text, label, short_form_of=""):
    return dict(
        doc_id=doc_id, sent_id=0, start=start, end=start + len(text), text=text, label=label,
        source="model", short_form_of=short_form_of,
    )


def _link(rows):
    entities, index = link_mentions(pd.DataFrame(rows))
    return entities, index


def test_identity_across_documents_by_short_form_and_spelling():
    rows = [
        _mention("a", 0, "Freedonian Workers Party", "ORG"),
        _mention("a", 30, "FWP", "ORG", short_form_of="Freedonian Workers Party"),
        _mention("b", 0, "FWP", "ORG"),  # used bare in another document
        _mention("b", 10, "Freedonian Workers’ Party", "ORG"),
        _mention("b", 40, "Freedonian People's Workers Party", "ORG"),
    ]
    entities, index = _link(rows)
    ids = entities["entity_id"].tolist()
    assert ids[0] == ids[1] == ids[2] == ids[3]
    assert ids[4] != ids[0]
    assert list(index.columns) == INDEX_COLUMNS
    top = index[index["entity_id"] == ids[0]].iloc[0]
    assert top["mentions"] == 4 and top["documents"] == 2
    assert top["canonical"] in ("Freedonian Workers Party", "Freedonian Workers’ Party")


def test_ambiguous_short_form_is_not_linked():
    rows = [
        _mention("a", 0, "PPF", "ORG", short_form_of="Progress Party of Freedonia"),
        _mention("b", 0, "PPF", "ORG", short_form_of="Peoples Party of Freedonia"),
        _mention("c", 0, "PPF", "ORG"),
    ]
    entities, _ = _link(rows)
    a, b, c = entities["entity_id"].tolist()
    assert len({a, b, c}) == 3


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (["Yıldırım Öztürk", "Yildirim Ozturk"], True),
        (["Marta Kowalska", "Kowalska"], True),
        (["marta kowalska", "Marta Kowalska"], True),
        (["Marta Kowalska", "Jan Kowalski"], False),
    ],
)
def test_person_identity_within_a_document(names, same):
    rows = [_mention("a", 20 * i, name, "PERSON") for i, name in enumerate(names)]
    entities, _ = _link(rows)
    assert (entities["entity_id"].nunique() == 1) == same


def test_surname_shared_by_two_people_stays_unlinked():
    rows = [
        _mention("a", 0, "Marta Kowalska", "PERSON"),
        _mention("a", 20, "Ewa Kowalska", "PERSON"),
        _mention("a", 40, "Kowalska", "PERSON"),
    ]
    entities, _ = _link(rows)
    assert entities["entity_id"].nunique() == 3


def test_canonical_is_the_most_complete_name():
    rows = [
        _mention("a", 0, "Kowalska", "PERSON"),
        _mention("a", 20, "Marta Kowalska", "PERSON"),
    ]
    entities, _ = _link(rows)
    assert set(entities["canonical"]) == {"Marta Kowalska"}


def test_entity_ids_are_deterministic_and_order_free():
    rows = [
        _mention("a", 0, "Freedonia", "GPE"),
        _mention("b", 5, "Green League", "ORG"),
        _mention("a", 30, "Green League", "ORG"),
    ]
    first, _ = _link(rows)
    second, _ = _link(list(reversed(rows)))
    pd.testing.assert_frame_equal(first, second)
    assert first["entity_id"].tolist() == ["GPE:freedonia", "ORG:green-league", "ORG:green-league"]


def test_empty_input_gives_empty_tables():
    entities, index = link_mentions(pd.DataFrame(columns=MENTION_COLUMNS))
    assert entities.empty and index.empty
    assert list(index.columns) == INDEX_COLUMNS


# ---------------------------------------------------------------- seeds (shared data)


def test_seed_scores_reach_the_goal(shared_dir, nlp, tmp_path):
    """Relaxed and strict labeled F1 on the seeds with the shared scorer."""
    import subprocess
    import sys

    from pipeline import storage
    from pipeline.ingest import ingest as run_ingest
    from pipeline.parse import parse_documents

    corpus = shared_dir / "seeds"
    sources = storage.read_corpus(corpus)
    documents, sentences, infobox = run_ingest(sources, pd.DataFrame(columns=["doc_id"]))
    texts = {s.doc_id: s.raw.decode("utf-8") for s in sources}
    items = [(d, texts[d], sentences[sentences.doc_id == d]["start"].tolist()) for d in documents["doc_id"]]
    frames = [
        find_mentions(d, doc, sentences[sentences.doc_id == d], infobox[infobox.doc_id == d])
        for d, doc in parse_documents(nlp, items)
    ]
    entities, _ = link_mentions(pd.concat(frames, ignore_index=True))
    storage.write_csv(tmp_path / "entities.csv", entities)
    result = subprocess.run(
        [sys.executable, str(shared_dir / "checks" / "score.py"), str(corpus), str(tmp_path), str(shared_dir / "gold"), "--json"],
        capture_output=True, text=True, check=True,
    )
    import json

    scores = json.loads(result.stdout)["entities"]
    assert scores["relaxed_label"]["f"] >= 0.95
    assert scores["strict_label"]["f"] >= 0.90
    assert scores["offset_mismatches"] == 0
