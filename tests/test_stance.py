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


# ---------------------------------------------------------------- voices: quotations, turns, pronouns


def _has(table: pd.DataFrame, holder_part: str, target_part: str, polarity: str) -> bool:
    """A row whose holder and target contain the given words, with that polarity."""
    return any(holder_part in h and target_part in t and s == polarity for h, t, s in _triples(table))


@pytest.mark.parametrize("text", [
    '"The verdict is a farce," said Tomas Verhoef, the leader of the Dock Workers Union.',
    'Tomas Verhoef told reporters: "The verdict is a farce."',
    '"We are grateful. The verdict is a farce," Tomas Verhoef told a radio station.',
])
def test_an_evaluation_in_a_quotation_is_its_speakers(stances_of, text):
    assert _has(stances_of(text, genre="news"), "Tomas Verhoef", "verdict", "AGAINST")


def test_a_quotation_nobody_is_said_to_speak_is_nobodys(stances_of):
    table = stances_of('The paper printed a headline: "The verdict is a farce."', genre="news")
    assert not _has(table, "", "verdict", "AGAINST")


def test_a_later_quotation_in_the_paragraph_goes_on_in_the_same_voice(stances_of):
    text = '"We shall fight on," Irma Marten said on Monday. "The ruling is unjust."'
    assert _has(stances_of(text, genre="news"), "Irma Marten", "ruling", "AGAINST")


def test_a_slogan_chanted_in_quotation_marks_is_the_chanters(stances_of):
    text = 'Hundreds of farmers marched through the town, chanting "Hands off the Valley Farmers League!"'
    assert _has(stances_of(text, genre="news"), "farmers", "Valley Farmers League", "FAVOR")
    assert not _has(stances_of(text, genre="news"), "town", "Valley Farmers League", "FAVOR")


def test_quotations_table_names_speaker_and_verb(parse_text):
    text = '"The ban is unjust," said Petra Lind. The page had <ref name="pl"/> markup.'
    doc, sentences = parse_text(text)
    _, quotes = stance.analyse_document("doc", doc, sentences, _mentions(doc, "doc"), genre="news")
    assert list(quotes.columns) == stance.QUOTE_COLUMNS
    assert list(quotes["quote"]) == ["The ban is unjust,"]  # a markup value is no quotation
    row = quotes.iloc[0]
    assert row["speaker"] == "Petra Lind" and row["cue"] == "said"
    assert text[row["start"]:row["end"]] == row["quote"]


TRANSCRIPT = (
    "MS. ILKA DORREN (Lake Ward): Madam Chair, I must oppose this Bill.\n\n"
    "MRS. RITA SALO: I support the Bill.\n"
)


def test_transcript_turns_give_their_speakers_the_first_person(stances_of):
    table = stances_of(TRANSCRIPT, genre="debate")
    assert _has(table, "ILKA DORREN", "Bill", "AGAINST")
    assert _has(table, "RITA SALO", "Bill", "FAVOR")


def test_a_single_label_line_is_not_a_transcript(stances_of):
    table = stances_of("Founded: 1990\n\nI support the Bill.", genre="news")
    assert table.empty


def test_interview_answers_are_the_interviewees(stances_of):
    text = ("Karin Oya, who leads the Coastal Party, gave an interview on local radio.\n\n"
            "Q: What about the ban?\n\nA: We condemn the ban on the Coastal Party.\n")
    table = stances_of(text, genre="interview", author="Jon Bell")
    assert _has(table, "Karin Oya", "ban", "AGAINST")
    assert not _has(table, "Jon Bell", "ban", "AGAINST")


@pytest.mark.parametrize("text, holder", [
    ("Lena Moreau, a lawyer from Lyon, spoke on Monday. She condemned the ban on the Rail Union.", "Lena Moreau"),
    ("The European Union recalls that Ruritania has signed the Convention. It condemns the ban on the Rail Union.",
     "European Union"),
])
def test_pronoun_holders_take_the_fitting_earlier_subject(stances_of, text, holder):
    table = stances_of(text, genre="news")
    assert _has(table, holder, "ban", "AGAINST")
    assert not _has(table, "Ruritania", "ban", "AGAINST")


def test_a_pronoun_with_nothing_fitting_before_it_has_no_holder(stances_of):
    table = stances_of("The weather was cold. She condemned the ban on the Rail Union.", genre="news")
    assert table.empty


@pytest.mark.parametrize("text", [
    "Its chairwoman, Vera Holm, condemned the ban on the Rail Union.",
    "Mr. Speaker, the party's leader, Mr. Arno Kask, condemned the ban on the Rail Union.",
])
def test_a_name_in_apposition_speaks_for_the_title(stances_of, text):
    assert {h for h, _, _ in _triples(stances_of(text, genre="news"))} <= {"Vera Holm", "Mr. Arno Kask", "Arno Kask"}
    assert len(stances_of(text, genre="news"))


# ---------------------------------------------------------------- authors


def test_the_author_named_by_an_apposition_to_we(stances_of):
    text = "We, the signatory unions of the Baltic ports, express our support for the Harbour Pilots Guild."
    assert _has(stances_of(text, genre="statement"), "signatory unions", "Harbour Pilots Guild", "FAVOR")


def test_the_author_named_as_subject_of_the_opening_sentence(stances_of):
    text = "The Alpine Farmers Party expresses its condemnation of the arrest of Jan Kofler. The arrest is unjust."
    table = stances_of(text, genre="statement")
    assert _has(table, "Alpine Farmers Party", "arrest", "AGAINST")
    assert set(table["holder"]) == {"Alpine Farmers Party"}


def test_an_unnamed_author_of_a_statement_is_still_the_author(stances_of):
    table = stances_of("Hands off the Harbour Pilots Guild!", genre="statement")
    assert ("author", "Harbour Pilots Guild", "FAVOR") in _triples(table)


def test_an_opening_in_the_past_tense_names_no_author(stances_of):
    table = stances_of("The Alpine Farmers Party held a congress. The arrest is unjust.")
    assert table.empty


# ---------------------------------------------------------------- frames added to the lexicon


@pytest.mark.parametrize("text, expected", [
    ("The Nordic Council is gravely concerned about the verdict against Ola Berg.", ("Nordic Council", "verdict", "AGAINST")),
    ("The Nordic Council remains grateful for the mediation of the Red Cross.", ("Nordic Council", "mediation", "FAVOR")),
])
def test_attitude_adjectives_with_their_preposition(stances_of, text, expected):
    assert _has(stances_of(text, genre="news"), *expected)


def test_an_attitude_adjective_modifying_a_noun_is_no_stance(stances_of):
    assert stances_of("Concerned citizens gathered in front of the verdict hall.", genre="news").empty


def test_what_is_demanded_is_favoured(stances_of):
    table = stances_of("The Landless Movement demanded the extension of the water reform.", genre="news")
    assert _has(table, "Landless Movement", "water reform", "FAVOR")
    asked = stances_of("The commission asked the ministry for the files.", genre="news")
    assert not _has(asked, "", "ministry", "FAVOR") and not _has(asked, "", "files", "FAVOR")


def test_calling_to_free_a_person_opposes_the_detention(stances_of):
    table = stances_of("The Nordic Council urged the government to free Ola Berg.", genre="news")
    assert _has(table, "Nordic Council", "Ola Berg", "FAVOR")
    assert _has(table, "Nordic Council", "detention of Ola Berg", "AGAINST")
    report = stances_of("The Nordic Council urged the government to free the archive.", genre="news")
    assert not _has(report, "", "detention", "AGAINST")


@pytest.mark.parametrize("text", [
    "The verdict against the Rail Union is cruel, the Green League said.",
    "The Green League called the new verdict cruel.",
])
def test_predicative_evaluations_from_the_published_lexicon(stances_of, text):
    assert _has(stances_of(text, genre="news"), "Green League", "verdict", "AGAINST")


def test_an_attributive_use_of_a_predicative_cue_only_describes(stances_of):
    assert stances_of("The Green League met during a cruel winter.", genre="news").empty


def test_saying_a_decision_violates_the_law_is_against_it(stances_of):
    table = stances_of("The Green League said the dissolution of the Rail Union violated the Constitution.", genre="news")
    assert _has(table, "Green League", "ban of Rail Union", "AGAINST")
    passive = stances_of("The Constitution was violated in 1990, the Green League said.", genre="news")
    assert passive.empty


@pytest.mark.parametrize("text", [
    "If the court upholds the ban, the Green League will condemn the ban.",
    "Will the Green League condemn the ban on the Rail Union?",
    "Perhaps the Green League condemned the ban on the Rail Union.",
])
def test_hypothetical_questions_and_hedges_state_no_stance(stances_of, text):
    assert stances_of(text, genre="news").empty


def test_declining_to_comment_is_about_the_event_just_reported(stances_of):
    table = stances_of("A court dissolved the Rail Union on Monday. The Nordic Council declined to comment.", genre="news")
    assert _has(table, "Nordic Council", "ban of Rail Union", "NONE")
    nothing = stances_of("The Nordic Council declined to comment.", genre="news")
    assert nothing.empty


def test_a_cue_inside_a_name_or_a_longer_phrase_is_not_a_cue(stances_of):
    assert stances_of("The Solidarity Party met the Freedom Union in Riga.", genre="news").empty
    table = stances_of("The Green League called the ban on the Rail Union politically motivated.", genre="news")
    assert set(table["stance"]) == {"AGAINST"}


def test_an_adjective_names_no_event(stances_of):
    table = stances_of("The Green League praised a banned youth movement.", genre="news")
    assert all("ban of" not in target for _, target, _ in _triples(table))


def test_a_described_collective_keeps_its_own_words(stances_of):
    table = stances_of("The Rail Union was dissolved. The ruling alliance defended the court.", genre="news")
    assert _has(table, "ruling alliance", "court", "FAVOR")


def test_a_heading_run_into_a_sentence_is_not_the_holder(stances_of):
    table = stances_of("Reactions of the Court\nThe Government defended the ban on the Rail Union.", genre="court")
    assert {h for h, _, _ in _triples(table)} == {"Government"}


# ---------------------------------------------------------------- linking


def test_a_title_before_a_person_still_links_the_person():
    stances = pd.DataFrame([_stance_row(holder="Interior Minister Goran Vasic", holder_start=0, holder_end=29,
                                        target="Green League", target_start=40, target_end=52)])
    entities = pd.DataFrame([
        dict(doc_id="d", start=18, end=29, entity_id="PERSON:goran-vasic", canonical="Goran Vasic", label="PERSON"),
        dict(doc_id="d", start=40, end=52, entity_id="ORG:green-league", canonical="Green League", label="ORG"),
    ])
    row = stance.resolve(stances, entities).iloc[0]
    assert row["holder_id"] == "PERSON:goran-vasic" and row["holder_text"] == "Interior Minister Goran Vasic"


def test_a_canonical_name_unlike_the_words_written_is_not_shown():
    stances = pd.DataFrame([_stance_row(holder="GLP", holder_start=0, holder_end=3,
                                        target="ROK", target_start=20, target_end=23)])
    entities = pd.DataFrame([
        dict(doc_id="d", start=0, end=3, entity_id="E1", canonical="Green League Party", label="ORG"),
        dict(doc_id="d", start=20, end=23, entity_id="E2", canonical="Harbour Office", label="ORG"),
    ])
    row = stance.resolve(stances, entities).iloc[0]
    assert (row["holder"], row["target"]) == ("Green League Party", "ROK")


def test_the_same_event_gets_the_same_id_in_two_documents():
    rows = [_stance_row(doc_id=doc, holder="Green League", target="ban of Rail Union", target_kind="event", target_start=30, target_end=37,
                        target_party="Rail Union", target_party_start=41, target_party_end=51) for doc in ("a", "b")]
    entities = pd.DataFrame([dict(doc_id=doc, start=41, end=51, entity_id="ORG:rail-union", canonical="Rail Union",
                                  label="ORG") for doc in ("a", "b")])
    resolved = stance.resolve(pd.DataFrame(rows), entities)
    assert list(resolved["target_id"]) == ["ban:ORG:rail-union", "ban:ORG:rail-union"]


def test_a_group_of_people_is_not_the_organisation_it_supports():
    stances = pd.DataFrame([_stance_row(holder="RU supporters", holder_start=0, holder_end=13, holder_kind="group")])
    entities = pd.DataFrame([dict(doc_id="d", start=0, end=2, entity_id="ORG:ru", canonical="Rail Union", label="ORG")])
    row = stance.resolve(stances, entities).iloc[0]
    assert row["holder"] == "RU supporters" and row["holder_id"] == ""


def test_a_dateline_place_is_not_a_holder(stances_of):
    table = stances_of("RIGA, May 2 (Baltic Wire) - The ministry rejected the ruling on the Amber Union.", genre="news")
    assert {h for h, _, _ in _triples(table)} == {"ministry"}
    plain = stances_of("Riga rejected the ruling on the Amber Union.", genre="news")
    assert {h for h, _, _ in _triples(plain)} == {"Riga"}


def test_a_name_with_and_inside_is_one_holder(stances_of):
    table = stances_of("The Union of Fishers and Weavers condemned the arrest of Ivo Dal.", genre="news")
    holders = {h for h, _, _ in _triples(table)}
    assert holders == {"Union of Fishers and Weavers"}
    listed = stances_of("The ban was condemned by the Green League, the Red Union and the Blue Front.", genre="news")
    assert {h for h, _, _ in _triples(listed)} == {"Green League", "Red Union", "Blue Front"}


@pytest.mark.parametrize("text", [
    "The Green League lashed out at the Harbour Office over the ban.",
    "The Green League hit back at the Harbour Office.",
])
def test_a_phrase_cue_in_any_tense(stances_of, text):
    assert _has(stances_of(text, genre="news"), "Green League", "Harbour Office", "AGAINST")


def test_a_phrase_cue_needs_its_preposition(stances_of):
    assert stances_of("The Green League took aim during the practice.", genre="news").empty


def test_an_imperative_parsed_as_a_name_is_still_a_call(stances_of):
    table = stances_of("Reinstate the RPA at once!", genre="statement", author="Dock Federation")
    assert any(h == "Dock Federation" and "RPA" in t and s == "FAVOR" for h, t, s in _triples(table)), _triples(table)
    headline = stances_of("Release of the prisoners delayed", genre="statement", author="Dock Federation")
    assert headline.empty


def test_it_after_a_described_name_is_the_name(stances_of):
    text = ("Baltic Terminals (BT), which runs the harbour cranes, welcomed the decision. "
            "It called the walkout a disgrace.")
    table = stances_of(text, genre="news")
    assert _has(table, "Baltic Terminals", "walkout", "AGAINST")


def test_a_plight_is_not_a_judgement_of_the_person(stances_of):
    table = stances_of("The Green League described Ana Roth as a victim of the regime.", genre="news")
    assert not _has(table, "Green League", "Ana Roth", "AGAINST")


def test_the_bishop_of_a_place_is_not_the_place():
    stances = pd.DataFrame([_stance_row(holder="bishop of Sorn", holder_start=0, holder_end=14, holder_kind="other"),
                            _stance_row(holder="SGL delegation", holder_start=20, holder_end=34, holder_kind="other")])
    entities = pd.DataFrame([
        dict(doc_id="d", start=10, end=14, entity_id="GPE:sorn", canonical="Sorn", label="GPE"),
        dict(doc_id="d", start=20, end=23, entity_id="ORG:sgl", canonical="Sorn Green League", label="ORG"),
    ])
    resolved = stance.resolve(stances, entities)
    assert list(resolved["holder"]) == ["bishop of Sorn", "Sorn Green League"]


def test_a_heading_line_is_not_a_target(stances_of):
    table = stances_of("Assessment\nInvoking Section 14 of the Charter, the Dock Union complained.", genre="court")
    assert not _has(table, "", "Findings", "FAVOR")


@pytest.mark.parametrize("text, expected", [
    ("The senator mocked Irma Varga after the vote.", ("senator", "Irma Varga", "AGAINST")),
    ("Irma Varga was honoured by the Harbour Pilots Guild.", ("Harbour Pilots Guild", "Irma Varga", "FAVOR")),
])
def test_an_act_toward_someone_named(stances_of, text, expected):
    assert _has(stances_of(text, genre="news"), *expected)


def test_an_act_toward_something_unnamed_is_no_stance(stances_of):
    assert stances_of("The senator mocked the weather forecast.", genre="news").empty


@pytest.mark.parametrize("text, expected", [
    ("The new port law drew sharp criticism from the Bar Association.", ("Bar Association", "port law", "AGAINST")),
    ("Jon Berg won praise from the Harbour Guild.", ("Harbour Guild", "Jon Berg", "FAVOR")),
])
def test_a_stance_received_from_someone(stances_of, text, expected):
    assert _has(stances_of(text, genre="news"), *expected)


def test_receiving_something_neutral_is_no_stance(stances_of):
    assert stances_of("The Harbour Guild received a letter from Jon Berg.", genre="news").empty


def test_an_emotion_noun_with_its_preposition(stances_of):
    table = stances_of("The Harbour Guild expressed concern over the arrest of Jon Berg.", genre="news")
    assert _has(table, "Harbour Guild", "arrest of Jon Berg", "AGAINST")
    assert stances_of("The concern of the Harbour Guild is shipping.", genre="news").empty


@pytest.mark.parametrize("text", [
    "According to the Bar Association, the verdict against Jon Berg is politically driven.",
    "The verdict against Jon Berg is disproportionate, according to the Bar Association.",
])
def test_according_to_names_the_holder(stances_of, text):
    assert _has(stances_of(text, genre="news"), "Bar Association", "verdict", "AGAINST")


def test_according_to_a_schedule_is_no_holder(stances_of):
    table = stances_of("According to the schedule, the Bar Association meets in May.", genre="news")
    assert table.empty


def test_a_clause_of_necessity_is_not_its_subjects_stance(stances_of):
    assert stances_of("It is vital that the states respect the Harbour Guild.", genre="news").empty
    assert _has(stances_of("The states respect the Harbour Guild.", genre="news"), "states", "Harbour Guild", "FAVOR")


def test_our_party_and_this_statement_are_the_voice(stances_of):
    for text in ("Our party condemns the ban on the Harbour Guild.",
                 "This statement condemns the ban on the Harbour Guild."):
        table = stances_of(text, genre="statement", author="Coastal Left")
        assert ("Coastal Left", "ban of Harbour Guild", "AGAINST") in _triples(table)
    other = stances_of("Their party condemns the ban on the Harbour Guild.", genre="statement", author="Coastal Left")
    assert ("Coastal Left", "ban of Harbour Guild", "AGAINST") not in _triples(other)


def test_a_share_of_voters_holds_no_stance(stances_of):
    assert stances_of("In the poll, 40 percent voted for the Harbour Guild.", genre="news").empty
    assert _has(stances_of("The farmers voted for the Harbour Guild.", genre="news"), "farmers", "Harbour Guild", "FAVOR")


def test_an_opening_that_reports_today_names_the_author(stances_of):
    text = "The Harbour Guild said today that the arrest of Jon Berg was unjust. The arrest is a disgrace."
    table = stances_of(text, genre="statement")
    assert set(table["holder"]) == {"Harbour Guild"}


def test_an_election_is_named_by_who_not_when(stances_of):
    table = stances_of("The Harbour Guild denounced the elections of June 2023.", genre="news")
    assert _has(table, "Harbour Guild", "election", "AGAINST")
    assert set(table["target_party"]) == {""}  # June 2023 is no participant


def test_a_name_of_x_and_y_is_read_whole_even_unrecognised(stances_of):
    table = stances_of("The Guild of Rope and Sail Makers condemned the arrest of Ivo Dal.", genre="news")
    assert {h for h, _, _ in _triples(table)} == {"Guild of Rope and Sail Makers"}


def test_calling_something_a_name_for_y_is_no_call_for_y(stances_of):
    table = stances_of("The farmers called the verdict revenge for the Harbour Guild's campaign.", genre="news")
    assert not _has(table, "farmers", "campaign", "FAVOR")
    assert _has(stances_of("The farmers called for an inquiry.", genre="news"), "farmers", "inquiry", "FAVOR")


def test_each_demanded_undoing_keeps_its_own_polarity(stances_of):
    text = "We demand the release of the detained dockers and the withdrawal of the charges."
    table = stances_of(text, genre="statement", author="Dock Federation")
    assert ("Dock Federation", "charges", "AGAINST") in _triples(table)
    assert not _has(table, "Dock Federation", "withdrawal", "FAVOR")


def test_freeing_a_place_is_not_ending_a_detention(stances_of):
    table = stances_of("Free Amberland!", genre="statement", author="Dock Federation")
    assert not _has(table, "", "detention", "AGAINST")


def test_declining_to_comment_after_a_ruling_is_about_the_ruling(stances_of):
    text = "The court read its ruling on Monday. The Unity Bloc declined to comment."
    assert _has(stances_of(text, genre="news"), "Unity Bloc", "ruling", "NONE")


def test_an_attitude_describing_a_noun_is_that_nouns(stances_of):
    table = stances_of("The group was formed by farmers opposed to the Alder Dam.", genre="news")
    assert _has(table, "farmers", "Alder Dam", "AGAINST")
    passive = stances_of("The farmers opposed by the council met in May.", genre="news")
    assert _has(passive, "council", "farmers", "AGAINST") and not _has(passive, "farmers", "", "AGAINST")


@pytest.mark.parametrize("text, expected", [
    ("Jon Berg, a longtime critic of Mayor Ken Doss, announced his candidacy.", ("Jon Berg", "Ken Doss", "AGAINST")),
    ("Ana Ruiz is a close ally of Governor Tom Hale.", ("Ana Ruiz", "Tom Hale", "FAVOR")),
])
def test_a_role_noun_names_a_stance(stances_of, text, expected):
    assert _has(stances_of(text, genre="news"), *expected)


def test_a_neutral_role_noun_names_none(stances_of):
    assert stances_of("Ana Ruiz is a member of the Harbour Guild.", genre="news").empty


@pytest.mark.parametrize("text", [
    "The ministry repeated the allegation the Harbour Guild rejected.",
    "The ministry repeated an allegation, which the Harbour Guild has firmly rejected.",
])
def test_the_object_of_a_relative_clause_is_its_noun(stances_of, text):
    assert _has(stances_of(text, genre="news"), "Harbour Guild", "allegation", "AGAINST")


def test_the_subject_of_a_relative_clause_is_not_its_object(stances_of):
    table = stances_of("The Harbour Guild, which rejected the plan, met in May.", genre="news")
    assert _has(table, "Harbour Guild", "plan", "AGAINST")
    assert not _has(table, "", "Harbour Guild", "AGAINST")


def test_an_unlabelled_text_needs_first_person_for_an_opening_author(stances_of):
    headline = "The Harbour Guild announces a strike. The arrest of Jon Berg is unjust."
    assert stances_of(headline).empty
    voiced = "The Harbour Guild announces a strike. We condemn the arrest of Jon Berg."
    assert _has(stances_of(voiced), "Harbour Guild", "arrest", "AGAINST")


def test_holders_listed_after_a_relative_pronoun_are_not_its_targets(stances_of):
    text = "It was not a breach, a position which Norland, Estovia and Valmark supported in the council."
    table = stances_of(text, genre="news")
    assert _has(table, "Norland", "position", "FAVOR")
    assert not any(target in ("Estovia", "Valmark") for _, target, _ in _triples(table))


def test_concern_about_doing_something_is_not_against_it(stances_of):
    table = stances_of("The senator was concerned about protecting the Harbour Guild.", genre="news")
    assert not _has(table, "senator", "", "AGAINST")
    assert _has(stances_of("The senator was concerned about the verdict.", genre="news"), "senator", "verdict", "AGAINST")


def test_a_physical_blast_is_no_stance(stances_of):
    assert stances_of("The soldiers blasted a hole in the wall.", genre="news").empty
    assert _has(stances_of("The senator blasted Irma Varga.", genre="news"), "senator", "Irma Varga", "AGAINST")


def test_the_accused_is_the_subject_of_the_gerund(stances_of):
    table = stances_of("Norland accuses Estovia of backing the Red Rebels.", genre="news")
    assert _has(table, "Estovia", "Red Rebels", "FAVOR") and not _has(table, "Norland", "Red Rebels", "FAVOR")
    own = stances_of("Norland protested after backing the Red Rebels.", genre="news")
    assert _has(own, "Norland", "Red Rebels", "FAVOR")


def test_it_as_a_target_is_the_last_thing_opposed_nearby(stances_of):
    text = "Today I oppose the Harbour Bill. It is a bad law. My colleagues and I shall reject it at the vote."
    table = stances_of(text, genre="statement", author="Irma Varga")
    assert ("Irma Varga", "Harbour Bill", "AGAINST") in _triples(table)
    plain = stances_of("The weather was cold. We shall vote against it.", genre="statement", author="Irma Varga")
    assert plain.empty


def test_neither_nor_gives_none(stances_of):
    table = stances_of("We shall neither endorse nor oppose the Harbour Bill.", genre="statement", author="Irma Varga")
    assert set(table["stance"]) == {"NONE"}


def test_the_union_is_a_named_organisation_not_a_description(stances_of):
    text = "A court dissolved one of the biggest dock unions last week. Outside, the crowd shouted \"Set the union free!\""
    table = stances_of(text, genre="news")
    assert not _has(table, "Supporters", "biggest dock unions", "FAVOR")
    named = "A court suspended the Pilots Union on Monday. The union was praised by the Green League."
    assert _has(stances_of(named, genre="news"), "Green League", "Pilots Union", "FAVOR")


@pytest.mark.parametrize("text", [
    "Irma Varga told a radio station that the verdict was politically driven.",
    "The Harbour Guild, in a statement, said the verdict was politically driven.",
])
def test_reported_speech_with_an_addressee_or_a_statement(stances_of, text):
    table = stances_of(text, genre="news")
    assert any(s == "AGAINST" and "verdict" in t for _, t, s in _triples(table))
    assert not any(h in ("radio station", "statement") for h, _, _ in _triples(table))


def test_nobody_in_particular_holds_no_stance(stances_of):
    assert stances_of("Others say the ban on the Pilots Union is unjust.", genre="news").empty
    assert _has(stances_of("The Green League says the ban on the Pilots Union is unjust.", genre="news"),
                "Green League", "ban", "AGAINST")


def test_an_opening_about_someone_else_names_no_author(stances_of):
    text = "The government continues its campaign against the Pilots Union. We condemn the ban on the Pilots Union."
    table = stances_of(text, genre="statement")
    condemning = table[table["cue"] == "condemn"]
    assert list(condemning["holder"]) == ["author"]


def test_an_adverbial_gerund_keeps_the_main_subject(stances_of):
    text = "After protesting against the ban on the Pilots Union for a year, the Green League fell silent."
    assert _has(stances_of(text, genre="news"), "Green League", "ban", "AGAINST")


def test_a_described_organisation_and_a_resolved_reference_link_to_the_entity():
    stances = pd.DataFrame([
        _stance_row(holder="opposition Green League", holder_start=0, holder_end=23),
        _stance_row(holder="RU", holder_start=40, holder_end=49),  # "the union", resolved to the name written earlier
    ])
    entities = pd.DataFrame([
        dict(doc_id="d", start=11, end=23, text="Green League", entity_id="ORG:gl", canonical="Green League", label="ORG"),
        dict(doc_id="d", start=60, end=62, text="RU", entity_id="ORG:ru", canonical="Rail Union", label="ORG"),
    ])
    resolved = stance.resolve(stances, entities)
    assert list(resolved["holder_id"]) == ["ORG:gl", "ORG:ru"]


def test_a_ruling_tagged_as_a_verb_is_still_the_thing_called_unjust(stances_of):
    text = "A court suspended the Pilots Union in May. The movement called the ruling a travesty."
    table = stances_of(text, genre="wikipedia", title="Green Movement")
    # "ruling" is tagged a verb here; the stance is still toward the court's decision
    assert _has(table, "Green Movement", "ruling", "AGAINST") or _has(table, "Green Movement", "suspension of Pilots Union", "AGAINST")
    assert stances_of("The movement was ruling the town.", genre="wikipedia", title="Green Movement").empty


def test_a_stance_is_dated_by_the_date_its_cue_governs_or_its_quote_was_spoken():
    from pipeline.stance import add_dates

    documents = pd.DataFrame({"doc_id": ["d"], "date": ["2020-05-09"]})
    dates = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "type": ["DATE", "DATE"],
                          "value": ["2020-05-04", "2020-05-06"], "event_start": [12, 80]})
    quotes = add_dates(pd.DataFrame({"doc_id": ["d"], "start": [90], "end": [130], "cue_start": [80]}), dates, documents)
    stances = pd.DataFrame({"doc_id": ["d", "d", "d"], "cue_start": [12, 100, 40]})
    dated = add_dates(stances, dates, documents, quotes)
    assert dated["stated_on"].tolist() == ["2020-05-04", "2020-05-06", ""]
    assert dated["document_date"].tolist() == ["2020-05-09"] * 3


def test_a_mistyped_lexicon_value_is_an_error_naming_file_line_and_value():
    from pipeline.stance.cues import _CUE_VALUES, LexiconError, _checked

    good = {"lemma": "deplore", "pos": "VERB", "polarity": "AGAINST", "frame": "verb"}
    assert _checked([good], _CUE_VALUES, "stance_cues.csv") == [good]
    with pytest.raises(LexiconError, match=r"stance_cues.csv, line 3: frame 'verbb' is not one of"):
        _checked([good, {**good, "frame": "verbb"}], _CUE_VALUES, "stance_cues.csv")
    with pytest.raises(LexiconError, match=r"column 'polarity' is missing"):
        _checked([{"lemma": "x", "pos": "VERB", "frame": "verb"}], _CUE_VALUES, "stance_cues.csv")


@pytest.mark.parametrize(
    "genre, title, expected_holder",
    [
        # A news headline says what happened; "the party" is the one the text names.
        ("news", "Tribunal Outlaws Farmers Party", "Blue Dawn League"),
        # An article titled with a name is about that name.
        ("encyclopedia", "Blue Dawn League", "Blue Dawn League"),
    ],
)
def test_a_headline_is_never_the_party_a_text_is_about(stances_of, genre, title, expected_holder):
    text = f"{title}\n\nA tribunal banned the Blue Dawn League on Monday. The party condemned the ruling.\n"
    found = stances_of(text, genre=genre, title=title)
    holders = set(found.loc[found["cue"] == "condemned", "holder"])
    assert holders and all(expected_holder in holder and "Tribunal" not in holder for holder in holders)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Copper Guild denounced the proscription of the Harbour Front.", ("Copper Guild", "ban of Harbour Front", "AGAINST")),
        ("The cabinet's decision to proscribe the Harbour Front was welcomed by the Copper Guild.",
         ("Copper Guild", "ban of Harbour Front", "FAVOR")),
    ],
)
def test_a_proscription_is_a_ban(stances_of, text, expected):
    assert expected in _triples(stances_of(text))


def test_a_word_near_proscription_names_no_ban(stances_of):
    table = stances_of("The Copper Guild denounced the prescription of the Harbour Front's doctors.")
    assert all("ban of" not in target for _, target, _ in _triples(table))
