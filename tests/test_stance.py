"""Stance: holders, targets and polarity from cue words and the parse."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import stance

NAMED_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}


def _mentions(doc, doc_id: str) -> pd.DataFrame:
    """Entity mentions straight from the model's named entities."""
    rows = [
        dict(doc_id=doc_id, sent_id=0, start=e.start_char, end=e.end_char, text=e.text, label=e.label_)
        for e in doc.ents
        if e.label_ in NAMED_LABELS
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text", "label"])


@pytest.fixture(scope="module")
def stances_of(parse_text):
    def _run(text: str, **metadata) -> pd.DataFrame:
        doc, sentences = parse_text(text, doc_id="doc")
        return stance.find_stances("doc", doc, sentences, _mentions(doc, "doc"), **metadata)

    return _run


def _triples(table: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(table["holder"], table["target"], table["stance"]))


@pytest.mark.parametrize(
    "text, expected",
    [
        # active
        ("The Green League condemned the ban on the Workers Union.",
         ("Green League", "ban of Workers Union", "AGAINST")),
        # passive with a by-agent
        ("The ban on the Workers Union was denounced by Amnesty International.",
         ("Amnesty International", "ban of Workers Union", "AGAINST")),
        # preposition carries the target
        ("The Harbour Workers Federation protested against the dissolution of the Workers Union.",
         ("Harbour Workers Federation", "ban of Workers Union", "AGAINST")),
        # accuse X of ...
        ("The Green League accused the Labour Front of electoral fraud.",
         ("Green League", "Labour Front", "AGAINST")),
        # support for a candidate
        ("The Workers Union supported Maria Lopez as presidential candidate.",
         ("Workers Union", "Maria Lopez", "FAVOR")),
        # the stance passes through "the legality of"
        ("The dissolution of the Workers Union was ordered in May. The legality of the ruling was defended by the Order Party.",
         ("Order Party", "ban of Workers Union", "FAVOR")),
        # demand to undo: against what is to be undone
        ("The Labour Front demands that the Supreme Court cancel the ban on the Workers Union.",
         ("Labour Front", "ban of Workers Union", "AGAINST")),
        # reported speech with an evaluative noun
        ("Amnesty International said the ban on the Workers Union is a flagrant violation of human rights.",
         ("Amnesty International", "ban of Workers Union", "AGAINST")),
        # reported speech with an evaluative adjective
        ("The Green League said that the ban on the Workers Union was unjust.",
         ("Green League", "ban of Workers Union", "AGAINST")),
    ],
)
def test_single_constructions(stances_of, text, expected):
    assert expected in _triples(stances_of(text))


def test_solidarity_with_the_struggle_of_y_targets_y(stances_of):
    table = stances_of("The Dockers Union stands in solidarity with the struggle of the Asturian miners.")
    rows = table[table["stance"] == "FAVOR"]
    assert len(rows) == 1
    assert rows.iloc[0]["holder"] == "Dockers Union"
    assert "miners" in rows.iloc[0]["target"] and "struggle" not in rows.iloc[0]["target"]


def test_solidarity_and_against_gives_two_targets(stances_of):
    table = stances_of("The Dockers Union stands in solidarity with the striking miners and against the repression by the police.")
    stances = dict(zip(table["target"], table["stance"]))
    assert stances.get("striking miners") == "FAVOR"
    assert any(stance_ == "AGAINST" for target, stance_ in stances.items() if "repression" in target or "police" in target)


def test_coordinated_passive_agents_give_one_row_each(stances_of):
    table = stances_of("The verdict was criticised by the Socialist Alliance, the Labour Front and the Peasant Union.")
    holders = set(table.loc[table["stance"] == "AGAINST", "holder"])
    assert {"Socialist Alliance", "Labour Front", "Peasant Union"} <= holders


def test_abbreviation_in_parentheses_is_the_same_holder(stances_of):
    table = stances_of(
        "The ban was condemned by the Socialist Party of Chile (PSCh) and the Labour Party of Malta (LPM)."
    )
    holders = set(table["holder"])
    assert holders == {"Socialist Party of Chile", "Labour Party of Malta"}


def test_list_not_closed_by_and_is_not_read_as_holders(stances_of):
    table = stances_of("The plan was praised by the Green League, the minister said.")
    assert set(table["holder"]) == {"Green League"}


@pytest.mark.parametrize(
    "text, target",
    [
        ("The Socialist Alliance did not support the decision of the court.", "decision of the court"),
        ("The Socialist Alliance refused to condemn the ban.", "ban"),
        ("The Green League released no statement on the arrests.", "arrests"),
        ("The Green League declined to comment on the verdict.", "verdict"),
    ],
)
def test_negation_gives_none(stances_of, text, target):
    table = stances_of(text)
    assert len(table)
    assert set(table["stance"]) == {"NONE"}
    assert table["negated"].all()
    assert any(target in t for t in table["target"])


STATEMENT = dict(author="Central Committee of the Labour Front", genre="statement")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hands off the Peasant Union!", ("Central Committee of the Labour Front", "Peasant Union", "FAVOR")),
        ("Down with the military junta!", ("Central Committee of the Labour Front", "military junta", "AGAINST")),
        ("We condemn the arrest of the trade unionists.",
         ("Central Committee of the Labour Front", "arrest of trade unionists", "AGAINST")),
        ("We express our full support for the Peasant Union.",
         ("Central Committee of the Labour Front", "Peasant Union", "FAVOR")),
        ("Lift the ban on the Peasant Union!", ("Central Committee of the Labour Front", "ban of Peasant Union", "AGAINST")),
        ("The government has issued an illegal decree against the Peasant Union.",
         ("Central Committee of the Labour Front", "decree", "AGAINST")),
    ],
)
def test_author_voice_in_a_statement(stances_of, text, expected):
    assert expected in _triples(stances_of(text, **STATEMENT))


@pytest.mark.parametrize("genre", ["news", "encyclopedia"])
def test_no_author_voice_in_reporting_genres(stances_of, genre):
    table = stances_of("Hands off the Peasant Union! We condemn the illegal decree.", author="Daily Courier", genre=genre)
    assert table.empty


def test_author_from_statement_title(stances_of):
    table = stances_of("Hands off the Peasant Union!", title="Statement of the Executive Bureau of the Labour Front")
    assert ("Executive Bureau of the Labour Front", "Peasant Union", "FAVOR") in _triples(table)


def test_author_from_signature_block(stances_of):
    text = "We condemn the arrest of the trade unionists.\n\nExecutive Bureau of the Labour Front"
    table = stances_of(text)
    assert set(table["holder"]) == {"Executive Bureau of the Labour Front"}
    row = table.iloc[0]
    assert text[row["holder_start"]:row["holder_end"]] == "Executive Bureau of the Labour Front"


def test_event_named_after_the_party_from_an_earlier_sentence(stances_of):
    table = stances_of("The court dissolved the Workers Union in May. The Green League condemned the decision.")
    assert ("Green League", "ban of Workers Union", "AGAINST") in _triples(table)
    row = table.iloc[0]
    assert row["target_kind"] == "event" and row["target_party"] == "Workers Union"


def test_the_party_refers_to_the_title_party(stances_of):
    table = stances_of("The party was banned in 2019. The ban was condemned by the Green League.", title="Workers Union")
    assert ("Green League", "ban of Workers Union", "AGAINST") in _triples(table)


def test_stance_on_a_ban_implies_nothing_about_the_party(stances_of):
    table = stances_of("The Green League condemned the ban on the Workers Union.")
    assert set(table["target"]) == {"ban of Workers Union"}


def test_quoted_words_are_not_the_authors_evaluation(stances_of):
    table = stances_of("The new code punishes “illegal strikes” with prison.", **STATEMENT)
    assert table.empty


def test_offsets_point_at_the_text(stances_of, parse_text):
    text = "Amnesty International said the ban on the Workers Union is a flagrant violation of rights."
    table = stances_of(text)
    assert list(table.columns) == stance.STANCE_COLUMNS
    for row in table.to_dict("records"):
        assert text[row["start"]:row["end"]] == row["evidence"]
        assert text[row["cue_start"]:row["cue_end"]] == row["cue"]
        assert text[row["holder_start"]:row["holder_end"]] == row["holder"]
        assert 0 < row["confidence"] <= 1


def test_no_cues_gives_an_empty_table_with_columns(stances_of):
    table = stances_of("The congress met in the capital in October.")
    assert table.empty and list(table.columns) == stance.STANCE_COLUMNS


def test_inputs_are_not_mutated(parse_text):
    doc, sentences = parse_text("The Green League condemned the ban on the Workers Union.")
    mentions = _mentions(doc, "doc")
    before = (sentences.copy(), mentions.copy())
    stance.find_stances("doc", doc, sentences, mentions)
    pd.testing.assert_frame_equal(sentences, before[0])
    pd.testing.assert_frame_equal(mentions, before[1])


def _stance_row(**values) -> dict:
    row = {column: pd.NA for column in stance.STANCE_COLUMNS}
    row.update(doc_id="d", sent_id=0, start=0, end=60, holder_kind="entity", target_kind="entity", target_party="",
               stance="AGAINST", cue="condemned", negated=False, confidence=0.9, rule="verb_active", evidence="")
    row.update(values)
    return row


def test_resolve_links_holders_and_targets_to_entities():
    stances = pd.DataFrame([
        _stance_row(holder="LPS delegation", holder_start=0, holder_end=14, holder_kind="other",
                    target="Green League", target_start=30, target_end=42),
    ])
    entities = pd.DataFrame([
        dict(doc_id="d", start=0, end=3, entity_id="E1", canonical="Labour Party of Sylvania"),
        dict(doc_id="d", start=30, end=42, entity_id="E2", canonical="Green League"),
    ])
    resolved = stance.resolve(stances, entities)
    row = resolved.iloc[0]
    assert (row["holder"], row["holder_id"], row["holder_text"]) == ("Labour Party of Sylvania", "E1", "LPS delegation")
    assert (row["target"], row["target_id"]) == ("Green League", "E2")


def test_resolve_keeps_a_name_a_partial_mention_does_not_cover():
    stances = pd.DataFrame([
        _stance_row(holder="Green Party in Ruritania", holder_start=0, holder_end=24,
                    target="ban", target_start=40, target_end=43, target_kind="event"),
    ])
    entities = pd.DataFrame([dict(doc_id="d", start=0, end=11, entity_id="E9", canonical="Green Party")])
    row = stance.resolve(stances, entities).iloc[0]
    assert row["holder"] == "Green Party in Ruritania" and row["holder_id"] == ""


def test_resolve_with_no_entities():
    stances = pd.DataFrame([_stance_row(holder="Green League", holder_start=0, holder_end=12,
                                        target="Workers Union", target_start=20, target_end=33)])
    empty = pd.DataFrame(columns=["doc_id", "start", "end", "entity_id", "canonical"])
    resolved = stance.resolve(stances, empty)
    assert resolved.iloc[0]["holder"] == "Green League" and resolved.iloc[0]["holder_id"] == ""
    assert {"holder_text", "target_text", "holder_id", "target_id"} <= set(resolved.columns)


def test_summarise_counts_per_holder_and_target():
    stances = pd.DataFrame([
        dict(doc_id="a", sent_id=1, holder="H", target="T", stance="AGAINST"),
        dict(doc_id="a", sent_id=1, holder="H", target="T", stance="AGAINST"),  # two cues, one sentence
        dict(doc_id="b", sent_id=4, holder="H", target="T", stance="AGAINST"),
        dict(doc_id="b", sent_id=5, holder="H", target="T", stance="NONE"),
        dict(doc_id="b", sent_id=6, holder="G", target="T", stance="FAVOR"),
    ])
    summary = stance.summarise(stances)
    assert list(summary.columns) == stance.SUMMARY_COLUMNS
    h = summary[summary["holder"] == "H"].iloc[0]
    assert (h["favor"], h["against"], h["none"], h["documents"]) == (0, 2, 1, 2)
    assert summary[summary["holder"] == "G"].iloc[0]["favor"] == 1


def test_summarise_empty():
    assert list(stance.summarise(pd.DataFrame()).columns) == stance.SUMMARY_COLUMNS


def test_lexicon_rows_are_well_formed():
    knowledge = stance.load_knowledge()
    for rows in knowledge.cues.values():
        for cue in rows:
            assert cue.polarity in ("FAVOR", "AGAINST", "NONE", "")
            assert 0 < cue.confidence <= 1
    assert any(cue.frame == "slogan" for cue in knowledge.phrases)


def test_seed_stances_score(shared_dir, nlp, tmp_path):
    """The seeds' gold stances are found (holder, target, stance)."""
    from pipeline.ingest import ingest
    from pipeline.parse import parse_documents
    from pipeline.storage import read_corpus, read_metadata

    corpus = shared_dir / "seeds"
    gold_file = shared_dir / "gold" / "stances.csv"
    if not gold_file.exists():
        pytest.skip(f"no gold stances at {gold_file}")
    sources = read_corpus(corpus)
    metadata = read_metadata(corpus) if (corpus / "metadata.csv").exists() else pd.DataFrame(columns=["doc_id"])
    documents, sentences, _ = ingest(sources, metadata)
    texts = {s.doc_id: s.raw.decode("utf-8") for s in sources}
    tables = []
    for doc_id, doc in parse_documents(nlp, [(d, texts[d], sentences[sentences.doc_id == d].start.tolist()) for d in texts]):
        meta = documents[documents.doc_id == doc_id].iloc[0]
        tables.append(stance.find_stances(doc_id, doc, sentences[sentences.doc_id == doc_id], _mentions(doc, doc_id),
                                          author=meta.author, genre=meta.genre, title=meta.title))
    found = pd.concat(tables)
    gold = pd.read_csv(gold_file, dtype=str, keep_default_na=False)
    required = gold[gold["required"] == "1"]
    hits = 0
    for row in required.itertuples():
        aliases = [a.lower() for a in row.holder.replace("’", "'").split("|")]
        mine = found[(found.doc_id == row.doc_id) & (found.stance == row.stance)]
        hits += any(any(a in h.lower().replace("’", "'") for a in aliases) for h in mine["holder"])
    assert hits / len(required) >= 0.8
