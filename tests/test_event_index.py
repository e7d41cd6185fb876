"""Events across documents: one id per event whatever the wording, the
dates each source gives, and whether they agree."""

import pandas as pd
import pytest

from pipeline import event_index, workflow
from pipeline.config import DEFAULT_MODEL
from pipeline.dates import find_dates
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


def test_an_unnamed_mention_counts_with_its_documents_event():
    events = pd.DataFrame({
        "doc_id": ["a", "a", "b"], "value": ["2019", "2019-06-11", "2020"], "earliest": ["2019-01-01", "2019-06-11", "2020-01-01"],
        "latest": ["2019-12-31", "2019-06-11", "2020-12-31"], "event_kind": ["ban", "ban", "ban"], "event_id": ["ban:ORG:x", "", ""],
    })
    stances = pd.DataFrame({
        "doc_id": ["b", "b"], "target_kind": ["event", "event"], "target": ["ban of party", "ban of the Blue Front"],
        "target_party": ["party", "the Blue Front"], "target_id": ["", ""],
    })
    entities = pd.DataFrame({
        "doc_id": ["b", "b", "b"], "label": ["ORG", "ORG", "ORG"], "entity_id": ["ORG:court", "ORG:court", "ORG:green-party"],
        "canonical": ["Court", "Court", "Green Party"],
    })
    table = event_index.index_events(events, stances, entities).set_index("event_id")
    assert table.loc["ban:ORG:x", "mentions"] == 2  # the unnamed ban of document a is its named one
    # "the party" in b is the organisation b names like a party, not the more frequent court;
    # a ban of a named organisation that is not an entity stays out.
    assert table.loc["ban:ORG:green-party", "mentions"] == 2 and "ban:ORG:court" not in table.index


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
