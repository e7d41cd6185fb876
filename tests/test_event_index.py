"""Events across documents: one id per event whatever the wording, the
dates each source gives, and whether they agree."""

import re

import pandas as pd
import pytest

from pipeline import event_index, workflow
from pipeline.config import DEFAULT_MODEL
from pipeline.dates import find_dates
from pipeline.dates.events import attach_participants, document_subjects
from pipeline.dates.identity import document_event_ids, top_organisations
from tests.test_dates import NO_MENTIONS, run


def _kinds(parse_text, text, mentions=NO_MENTIONS):
    _, events = run(parse_text, text, mentions=mentions)
    return list(zip(events["text"], events["event_kind"]))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The tribunal ordered the closure of the radio station on 3 May 2001.", ("3 May 2001", "ban")),
        ("The league was dissolved on 3 May 2001 by the tribunal.", ("3 May 2001", "ban")),
        ("The ruling to outlaw the league was read on 3 May 2001.", ("3 May 2001", "ban")),
        # A verb or noun that names no event of the list gives no kind.
        ("The tribunal ordered a new hearing on 3 May 2001.", ("3 May 2001", "")),
        ("The ruling on tariffs was read on 3 May 2001.", ("3 May 2001", "")),
    ],
)
def test_the_kind_of_event_a_date_dates(parse_text, text, expected):
    assert expected in _kinds(parse_text, text)


def test_agreement_of_sources():
    day = lambda value: (value, value, value)
    assert event_index.agreement([]) == "undated"
    assert event_index.agreement([day("2019-06-11")]) == "single"
    assert event_index.agreement([day("2019-06-11"), day("2019-06-11")]) == "same"
    assert event_index.agreement([day("2019-06-11"), ("2019", "2019-01-01", "2019-12-31")]) == "compatible"
    assert event_index.agreement([day("2019-06-11"), day("2019-06-14")]) == "differs"


def test_index_joins_dated_events_and_stances_by_id():
    events = pd.DataFrame({
        "doc_id": ["a", "b", "b"], "value": ["2019-06-11", "2019", "2004"],
        "earliest": ["2019-06-11", "2019-01-01", "2004-01-01"], "latest": ["2019-06-11", "2019-12-31", "2004-12-31"],
        "event_kind": ["ban", "ban", "founding"], "event_id": ["ban:ORG:x", "ban:ORG:x", "founding:ORG:x"],
    })
    stances = pd.DataFrame({
        "doc_id": ["c", "c"], "target_kind": ["event", "entity"], "target": ["ban of Green Harvest Party", "Green Harvest Party"],
        "target_party": ["Green Harvest Party", ""], "target_id": ["ban:ORG:x", "ORG:x"],
    })
    entities = pd.DataFrame({"entity_id": ["ORG:x"], "canonical": ["Green Harvest Party"]})
    table = event_index.index_events(events, stances, entities).set_index("event_id")
    ban = table.loc["ban:ORG:x"]
    assert (ban["documents"], ban["mentions"], ban["agreement"]) == (3, 3, "compatible")
    assert ban["dates"] == "a: 2019-06-11; b: 2019" and ban["participant"] == "Green Harvest Party"
    assert table.loc["founding:ORG:x", "agreement"] == "single"


def test_a_stance_toward_an_unnamed_event_counts_with_its_documents_event():
    # dated events come with the ids the dates stage settled; document b's has none (a session's suspension)
    events = pd.DataFrame({
        "doc_id": ["a", "b"], "value": ["2019-06-11", "2020"], "earliest": ["2019-06-11", "2020-01-01"],
        "latest": ["2019-06-11", "2020-12-31"], "event_kind": ["ban", "ban"], "event_id": ["ban:ORG:x", ""],
    })
    stances = pd.DataFrame({
        "doc_id": ["a", "b", "b"], "target_kind": ["event", "event", "event"],
        "target": ["ban of party", "ban of party", "ban of the Blue Front"],
        "target_party": ["party", "party", "the Blue Front"], "target_id": ["", "", ""],
    })
    entities = pd.DataFrame({
        "doc_id": ["b", "b", "b"], "label": ["ORG", "ORG", "ORG"], "entity_id": ["ORG:court", "ORG:court", "ORG:green-party"],
        "canonical": ["Court", "Court", "Green Party"],
    })
    table = event_index.index_events(events, stances, entities).set_index("event_id")
    assert table.loc["ban:ORG:x", "mentions"] == 2  # "the party" of document a is its named ban
    # "the party" in b is the organisation b names like a party, not the more frequent court;
    # a ban of a named organisation that is not an entity stays out, and so does b's dated event without an id.
    assert table.loc["ban:ORG:green-party", "mentions"] == 1 and "ban:ORG:court" not in table.index


AFFAIR = {
    "veloria_news.txt": (
        "ARDEN, June 12 (Velor Wire) - The Supreme Court of Veloria on Tuesday banned the Green Harvest Party, "
        "ruling that its statutes broke the constitution.\n\n"
        "\u201cThis is a dark day for our members,\u201d said Mara Okonjo, the party's leader.\n"
    ),
    "alliance_statement.txt": (
        "The Workers' Alliance of Veloria rejects the Supreme Court's order of 10.06.2019 dissolving the "
        "Green Harvest Party.\n\n"
        "On 13 June, the Alliance's chairman Tomas Vell said: \u201cWe stand with the farmers of Veloria.\u201d\n"
    ),
    "green_harvest_party.txt": (
        "Green Harvest Party\n\n- Founded: 2 March 2004\n- Banned: 11 June 2019\n\n"
        "The Green Harvest Party was an agrarian party in Veloria. "
        "\u201cThe ruling was lawful,\u201d Interior Minister Paul Dren told parliament.\n"
    ),
}
AFFAIR_METADATA = (
    "doc_id,title,date,genre\n"
    "veloria_news,,2019-06-12,news\n"
    "alliance_statement,,2019-06-13,statement\n"
    "green_harvest_party,Green Harvest Party,,wikipedia\n"
)


@pytest.mark.slow
def test_one_court_case_told_three_ways_is_one_event_whose_sources_differ(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in AFFAIR.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "metadata.csv").write_text(AFFAIR_METADATA, encoding="utf-8")
    workflow.run_all(corpus, tmp_path / "out", DEFAULT_MODEL, with_charts=False)
    index = pd.read_csv(tmp_path / "out" / "event_index.csv").set_index("event_id")
    ban = index.loc["ban:ORG:green-harvest-party"]
    assert ban["documents"] == 3
    assert ban["dates"] == ("alliance_statement: 2019-06-10; green_harvest_party: 2019-06-11; veloria_news: 2019-06-11")
    assert ban["agreement"] == "differs"
    quotes = pd.read_csv(tmp_path / "out" / "quotes.csv").set_index("doc_id")
    assert quotes["speaker"].to_dict() == {
        "alliance_statement": "Tomas Vell", "green_harvest_party": "Paul Dren", "veloria_news": "Mara Okonjo",
    }
    assert quotes.loc["alliance_statement", "stated_on"] == "2019-06-13"
    assert quotes.loc["veloria_news", "document_date"] == "2019-06-12"
    stances = pd.read_csv(tmp_path / "out" / "stances.csv")
    quoted = stances[stances["holder"] == "Tomas Vell"].iloc[0]
    assert quoted["stated_on"] == "2019-06-13"  # said on 13 June, inside the dated quote


# One id per real event across a document's mentions


def _named(text: str, names: list[str], label: str = "ORG") -> pd.DataFrame:
    """Every occurrence of each name as a mention of document "doc", linked to one entity per name."""
    rows = [
        dict(doc_id="doc", sent_id=0, start=m.start(), end=m.end(), text=name, label=label,
             entity_id=f"{label}:{name.lower().replace(' ', '-')}", canonical=name)
        for name in names for m in re.finditer(re.escape(name), text)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text", "label", "entity_id", "canonical"])


def _event_ids(parse_text, text: str, names: list[str], title: str = "") -> list[tuple[str, str, str]]:
    """(date, kind, event_id) of each dated event, as events.csv gives them."""
    entities = _named(text, names)
    _, events = run(parse_text, text, mentions=entities.drop(columns=["entity_id", "canonical"]))
    subjects = document_subjects(pd.DataFrame({"doc_id": ["doc"], "title": [title]}), entities)
    table = attach_participants(events, entities, subjects)
    return list(zip(table["text"], table["event_kind"], table["event_id"]))


def test_a_ruling_that_names_nobody_is_the_documents_event(parse_text):
    text = ("The tribunal dissolved the Harbour League on 3 May 2001. "
            "The decision was published at 3 p.m. in the official gazette.")
    assert [event_id for _, _, event_id in _event_ids(parse_text, text, ["Harbour League"])] == ["ban:ORG:harbour-league"] * 2


def test_undoing_what_an_organisation_holds_is_a_ban(parse_text):
    names = ["Harbour League"]
    text = "The tribunal cancelled the registration of the Harbour League on 3 May 2001."
    assert _event_ids(parse_text, text, names) == [("3 May 2001", "ban", "ban:ORG:harbour-league")]
    # in other words, through the order that does it
    text = "The board issued an order dated 3 May 2001, which revokes the Harbour League's licence."
    assert _event_ids(parse_text, text, names) == [("3 May 2001", "ban", "ban:ORG:harbour-league")]
    # cancelling a hearing undoes nothing the league holds
    text = "The tribunal cancelled the Harbour League's hearing on 3 May 2001."
    assert _event_ids(parse_text, text, names)[0][1] == ""


def test_a_ruling_refers_back_only_to_what_decisions_make(parse_text):
    text = ("The Harbour League was founded in 1990 by dockers. "
            "Its resolution on wages was adopted on 3 May 2001.")
    # a resolution does not found a league: the date names no event of a kind
    assert _event_ids(parse_text, text, ["Harbour League"])[-1] == ("3 May 2001", "", "")


def test_an_act_done_to_an_event_is_no_organisations(parse_text):
    text = ("The Harbour League was outlawed on 3 May 2001. "
            "The session was suspended at 4 p.m. and the rally was banned on 9 May 2001.")
    found = _event_ids(parse_text, text, ["Harbour League"])
    assert found[0] == ("3 May 2001", "ban", "ban:ORG:harbour-league")
    # the session and the rally underwent them, not the league: their kinds stay, with no id
    assert [(kind, event_id) for _, kind, event_id in found[1:]] == [("suspension", ""), ("ban", "")]


def test_a_partitive_description_stands_for_what_the_document_is_about(parse_text):
    text = ("Ferrow Dockers' Union\n\n"
            "A tribunal suspended one of the country's oldest dockers' unions on 3 May 2001.")
    found = _event_ids(parse_text, text, ["Ferrow Dockers' Union"], title="Ferrow Dockers' Union")
    assert found == [("3 May 2001", "suspension", "suspension:ORG:ferrow-dockers'-union")]
    # counting people is not counting the union
    text = ("Ferrow Dockers' Union\n\n"
            "A tribunal suspended one of the union's founders on 3 May 2001.")
    assert _event_ids(parse_text, text, ["Ferrow Dockers' Union"], title="Ferrow Dockers' Union")[0][2] == ""


def test_the_owner_of_what_is_suspended_undergoes_it(parse_text):
    text = "A court suspended the Harbour League's activities on 3 May 2001 and the Tide Front banned itself."
    assert _event_ids(parse_text, text, ["Harbour League", "Tide Front"])[0][2] == "suspension:ORG:harbour-league"


def test_a_headline_without_an_object_names_who_undergoes_it(parse_text):
    text = "3 May 2001: Harbour League dissolved.\n\nThe league had 400 members."
    assert _event_ids(parse_text, text, ["Harbour League"])[0][2] == "ban:ORG:harbour-league"
    # with an object, the subject is who acts
    text = "On 3 May 2001 the Harbour League dissolved its youth wing."
    assert _event_ids(parse_text, text, ["Harbour League"])[0][2] != "ban:ORG:harbour-league"


def test_a_title_names_the_organisation_the_document_is_about():
    entities = pd.DataFrame({
        "doc_id": ["a", "a", "b"], "text": ["Tide Front", "TF", "Joint Appeal"], "label": ["ORG", "ORG", "PERSON"],
        "entity_id": ["ORG:tf", "ORG:tf", "PERSON:joint-appeal"], "canonical": ["TF", "TF", "Joint Appeal"],
    })
    documents = pd.DataFrame({"doc_id": ["a", "b"], "title": ["Tide Front", "JOINT APPEAL"]})
    # any spelling of the organisation counts; a title the model took for a person names no organisation
    assert document_subjects(documents, entities) == {"a": "ORG:tf"}


def test_the_organisation_a_document_is_about_is_the_first_named_like_a_party():
    entities = pd.DataFrame({
        "doc_id": ["a"] * 5 + ["b"] * 3, "start": [10, 50, 90, 120, 160, 5, 40, 80], "label": ["ORG"] * 8,
        "entity_id": ["ORG:tide-front", "ORG:court", "ORG:sun-league", "ORG:sun-league", "ORG:court",
                      "ORG:court", "ORG:ministry", "ORG:ministry"],
    })
    # a lead names its subject: the front before the more frequent league; without a party-like name, the most mentioned
    assert top_organisations(entities) == {"a": "ORG:tide-front", "b": "ORG:ministry"}


def test_unnamed_mentions_take_their_documents_event_of_that_kind():
    ids = document_event_ids(
        doc_ids=["a", "a", "a", "a", "b"], kinds=["ban", "ban", "detention", "ban", "founding"],
        ids=["ban:ORG:x", "", "", "", ""], fillable=[False, True, True, False, True],
        entities=pd.DataFrame({"doc_id": ["b"], "start": [0], "label": ["ORG"], "entity_id": ["ORG:sun-party"]}),
    )
    # the unnamed ban is a's; "his detention" is not the organisation's; a mention that may not take it keeps none;
    # b's founding, told of nobody, is the founding of the organisation b is about
    assert ids == ["ban:ORG:x", "ban:ORG:x", "", "", "founding:ORG:sun-party"]


@pytest.mark.parametrize(
    "party, stands_for_subject",
    [
        ("", True), ("party", True), ("their union", True), ("one of the region's oldest dockers' unions", True),
        ("two of the parties", True),
        ("leaders", False), ("leaders of the union", False), ("the Tide Front", False), ("one of its judges", False),
    ],
)
def test_which_participants_stand_for_what_the_document_is_about(party, stands_for_subject):
    assert event_index._stands_for_subject(party) is stands_for_subject


def test_stances_carry_their_documents_event_id():
    events = pd.DataFrame({
        "doc_id": ["a"], "value": ["2019"], "earliest": ["2019-01-01"], "latest": ["2019-12-31"],
        "event_kind": ["suspension"], "event_id": ["suspension:ORG:tide-front"],
    })
    stances = pd.DataFrame({
        "doc_id": ["a"] * 5, "target_kind": ["entity", "event", "event", "event", "event"],
        "target": ["Tide Front", "suspension of one of the largest unions", "ban of Restore SUNLEAGUE", "arrest of leaders",
                   "eviction of Sun League camp"],
        "target_party": ["", "one of the largest unions", "Restore SUNLEAGUE", "leaders", "Sun League camp"],
        "target_party_start": [None, 30, 60, 90, 100], "target_party_end": [None, 55, 77, 97, 115],
        "target_id": ["ORG:tide-front", "", "", "", ""],
    })
    entities = pd.DataFrame({
        "doc_id": ["a", "a", "a"], "start": [0, 68, 100], "end": [10, 77, 110], "label": ["ORG", "ORG", "ORG"],
        "entity_id": ["ORG:tide-front", "ORG:sun-league", "ORG:sun-league"], "canonical": ["Tide Front", "Sun League", "Sun League"],
    })
    settled = event_index.settle_stance_events(stances, events, entities)
    # a description takes the document's suspension; a slogan read as one name is the name inside it, a camp
    # named after the league is not the league; the leaders are not the front; an entity target keeps its own id
    assert list(settled["target_id"]) == ["ORG:tide-front", "suspension:ORG:tide-front", "ban:ORG:sun-league", "", ""]


def test_each_documents_main_event_and_the_mentions_that_carry_it():
    events = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "b"], "start": [5, 40, 80, 5, 40], "event": ["banned", "suspended", "founded", "banned", "banned"],
        "evidence": ["s1", "s2", "s3", "t1", "t2"], "value": ["2019"] * 5, "earliest": ["2019-01-01"] * 5, "latest": ["2019-12-31"] * 5,
        "event_kind": ["ban", "suspension", "founding", "ban", "ban"],
        "event_id": ["ban:ORG:x", "suspension:ORG:x", "founding:ORG:x", "ban:ORG:y", "ban:ORG:z"],
    })
    stances = pd.DataFrame({
        "doc_id": ["a"], "cue_start": [60], "target_kind": ["event"], "target": ["suspension of party"],
        "target_text": ["the suspension"], "target_party": ["party"], "target_id": [""], "evidence": ["s4"],
    })
    table = event_index.main_events(events, stances, pd.DataFrame())
    # a founding is not a main event's kind; a's stance takes its document's suspension, which then outnumbers the ban;
    # on a tie, the event told first
    assert table.drop_duplicates("doc_id").set_index("doc_id")["main_id"].to_dict() == {"a": "suspension:ORG:x", "b": "ban:ORG:y"}
    assert list(table["written_id"]) == ["ban:ORG:x", "suspension:ORG:x", "", "ban:ORG:y", "ban:ORG:z"]
    assert list(table["event_id"]) == ["ban:ORG:x", "suspension:ORG:x", "suspension:ORG:x", "ban:ORG:y", "ban:ORG:z"]


def test_a_field_key_speaks_of_what_the_document_is_about(parse_text):
    names = ["Tide Front", "Harbour League"]
    text = "Tide Front\n\nSeat: Arden\nOutlawed: 3 May 2001\n\nThe Tide Front was an alliance of Harbour League veterans."
    assert ("3 May 2001", "ban", "ban:ORG:tide-front") in _event_ids(parse_text, text, names, title="Tide Front")
    # the same word opening a sentence is a verb whose participant is the subject it describes
    text = "Tide Front\n\nBanned on 3 May 2001, the Harbour League moved its office abroad."
    assert ("3 May 2001", "ban", "ban:ORG:harbour-league") in _event_ids(parse_text, text, names, title="Tide Front")


def test_dates_and_stances_name_events_from_one_list():
    import csv

    from pipeline.dates.happenings import TARGETS_FILE, kind_of_word

    with open(TARGETS_FILE, newline="", encoding="utf-8") as handle:
        named = [row for row in csv.DictReader(handle) if row["role"] == "event"]
    # every event a stance can target is a kind of dated event, under the same name
    assert named and all(kind_of_word(row["lemma"]) == row["event"] for row in named)
    assert kind_of_word("founded") == "founding"  # a word only dates need
    assert kind_of_word("relocation") == ""
