"""The dates stage: each family of expressions, anchoring, ranges, events."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.dates import DATE_COLUMNS, EVENT_COLUMNS, attach_participants, calendar_bounds, find_dates
from pipeline.ingest import ingest
from pipeline.storage import SourceFile
from pathlib import Path

NO_MENTIONS = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "text", "label"])


def run(parse_text, text, *, document_date="", date_order="DMY", mentions=NO_MENTIONS):
    doc, sentences = parse_text(text)
    source = SourceFile("doc", Path("doc.txt"), text.encode("utf-8"))
    _, _, infobox = ingest([source], pd.DataFrame(columns=["doc_id"]))
    return find_dates("doc", doc, sentences, infobox, mentions, document_date=document_date, date_order=date_order)


def found(dates):
    return [(row.text, row.type, row.value) for row in dates.itertuples()]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The league was founded on 2 March 1921 in a small town.", ("2 March 1921", "DATE", "1921-03-02")),
        ("The treaty was signed on June 5, 1947, in the capital.", ("June 5, 1947", "DATE", "1947-06-05")),
        ("The company moved there in May 1987.", ("May 1987", "DATE", "1987-05")),
        ("The bridge opened in 1874.", ("1874", "DATE", "1874")),
        ("The order was dated 2009-11-30 by the clerk.", ("2009-11-30", "DATE", "2009-11-30")),
        ("The club grew quickly in the late 1960s.", ("late 1960s", "DATE", "196")),
        ("Such guilds flourished in the 14th century.", ("the 14th century", "DATE", "13")),
        ("The vote happened in the summer of 1976.", ("the summer of 1976", "DATE", "1976-SU")),
        ("The band recorded in nineteen seventy-two.", ("nineteen seventy-two", "DATE", "1972")),
    ],
)
def test_explicit_dates(parse_text, text, expected):
    dates, _ = run(parse_text, text)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("Prices rose sharply last year.", "2003-06-10", ("last year", "DATE", "2002")),
        ("The council will meet next month.", "2003-06-10", ("next month", "DATE", "2003-07")),
        ("Shares fell yesterday in heavy trading.", "2003-06-10", ("yesterday", "DATE", "2003-06-09")),
        ("The mayor resigned on Friday.", "2003-06-10", ("Friday", "DATE", "2003-06-06")),
        ("The mayor will resign on Friday.", "2003-06-10", ("Friday", "DATE", "2003-06-13")),
        ("Sales climbed in the third quarter.", "2003-11-02", ("the third quarter", "DATE", "2003-Q3")),
        ("The plant closed two years ago.", "2003-06-10", ("two years ago", "DATE", "2001")),
        ("Traffic grew this week.", "2003-06-10", ("this week", "DATE", "2003-W24")),
        ("The deal was struck last fall.", "2003-06-10", ("last fall", "DATE", "2002-FA")),
        ("Results were released this morning.", "2003-06-10", ("this morning", "TIME", "2003-06-10TMO")),
        ("The firm currently employs forty people.", "2003-06-10", ("currently", "DATE", "PRESENT_REF")),
    ],
)
def test_relative_dates_resolve_against_the_document_date(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)
    assert dates.loc[dates["text"] == expected[0], "anchor_kind"].iloc[0] == "document"


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("Officials postponed the hearing until Tuesday.", "2000-03-30", ("Tuesday", "DATE", "2000-04-04")),
        ("The group could arrive as early as Friday, aides said.", "2000-04-03", ("Friday", "DATE", "2000-04-07")),
        ("The lawyers had until 9 a.m. Tuesday to answer.", "2000-04-03", ("9 a.m. Tuesday", "TIME", "2000-04-04T09:00")),
        ("The minister said he would travel to the capital Thursday.", "2000-04-05", ("Thursday", "DATE", "2000-04-06")),
        ("On Friday, the government planned a memorial service.", "1998-09-30", ("Friday", "DATE", "1998-09-25")),
    ],
)
def test_weekdays_follow_cues_and_tense(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # The last quarter of a year counts from the year's own quarters.
        ("Costs will fall this quarter.", "2003-11-02", ("this quarter", "DATE", "2003-Q4")),
        # "the year" is the reporting year, unless it is a fiscal year ending on a date.
        ("Sales for the full year rose 8%.", "2003-11-02", ("the full year", "DATE", "2003")),
        ("Profit for the year ended June 30 fell.", "2003-11-02", ("the year", "DURATION", "P1Y")),
        ("Costs fell in the previous quarter.", "2004-01-20", ("the previous quarter", "DATE", "2003-Q4")),
        # A past verb moves a partial date back only when that stays near.
        ("The offer was extended to Nov. 16 by the board.", "1999-10-30", ("Nov. 16", "DATE", "1999-11-16")),
        ("The index hit a record set on Aug. 6 last summer.", "1998-02-06", ("Aug. 6", "DATE", "1997-08-06")),
    ],
)
def test_calendar_arithmetic_near_the_document_date(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The strike lasted three weeks.", ("three weeks", "DURATION", "P3W")),
        ("It was a five-year plan.", ("five-year", "DURATION", "P5Y")),
        ("The talks went on for nearly 18 months.", ("nearly 18 months", "DURATION", "P18M")),
        ("The flight took 2 1/2 hours.", ("2 1/2 hours", "DURATION", "PT2H30M")),
        ("The ferry leaves every week.", ("every week", "SET", "P1W")),
        ("The paper is published weekly.", ("weekly", "SET", "P1W")),
        ("Crowds gathered for a daily rally outside the court.", ("daily", "SET", "P1D")),
        ("Investors have grown nervous in recent weeks.", ("recent weeks", "DURATION", "PXW")),
        ("The minister gave his weekly radio address.", ("weekly", "SET", "P1W")),
        ("The doors open at 9:30 a.m.", ("9:30 a.m.", "TIME", "XXXX-XX-XXT09:30")),
    ],
)
def test_durations_sets_and_times(parse_text, text, expected):
    dates, _ = run(parse_text, text)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text",
    [
        "The 21st Congress of the union met in the capital.",
        "The party had around 1500 members and 40,000 voters.",
        "A 6-year-old boy was rescued by the crew.",
        "Prices may fall further next door.",
        "The board declared a quarterly dividend of five cents.",
        "The minister spoke on the programme Face This Week about the strike.",
        "This is Radio Today, reporting from the coast.",
        # Frequency words naming a publication, and a quarter that is a fraction.
        "Inspectors searched the newsroom of the regional weekly on the coast.",
        "The regulator fined the independent daily Morning Courier.",
        "Few believe that a small monthly will outlast the penalty.",
        "The rule requires a quarter of the members to sign.",
    ],
)
def test_things_that_are_not_dates(parse_text, text):
    dates, _ = run(parse_text, text, document_date="2003-06-10")
    assert dates.empty, found(dates)


def test_about_stays_outside_the_extent_but_sets_the_mod(parse_text):
    dates, _ = run(parse_text, "The walk took about five hours.")
    assert [(r.text, r.value, r.mod) for r in dates.itertuples()] == [("five hours", "PT5H", "APPROX")]


@pytest.mark.parametrize(
    "date_order, value, ambiguous",
    [("DMY", "2011-04-05", True), ("MDY", "2011-05-04", True)],
)
def test_numeric_dates_follow_the_date_order(parse_text, date_order, value, ambiguous):
    dates, _ = run(parse_text, "The court ruled on 05.04.2011 against the union.", date_order=date_order)
    row = dates.iloc[0]
    assert (row["text"], row["value"], bool(row["ambiguous"])) == ("05.04.2011", value, ambiguous)


def test_day_first_is_certain_when_the_day_exceeds_twelve(parse_text):
    dates, _ = run(parse_text, "The court ruled on 25.04.2011 against the union.", date_order="MDY")
    assert (dates.iloc[0]["value"], bool(dates.iloc[0]["ambiguous"])) == ("2011-04-25", False)


def test_without_a_document_date_relative_dates_anchor_on_the_last_full_date(parse_text):
    text = "The board met on 12.05.2009 in the city. Members recalled the protests of 2001. A new rule was adopted last year."
    dates, _ = run(parse_text, text)
    row = dates[dates["text"] == "last year"].iloc[0]
    assert (row["value"], row["anchor"], row["anchor_kind"]) == ("2008", "2009-05-12", "narrative")


def test_coordinated_dates_share_the_stated_year(parse_text):
    dates, _ = run(parse_text, "Voting took place on 7 May and 21 May 1999 across the region.")
    assert ("7 May", "DATE", "1999-05-07") in found(dates)
    assert ("21 May 1999", "DATE", "1999-05-21") in found(dates)


@pytest.mark.parametrize(
    "text, expected_rows",
    [
        ("He led the union (1987 – March 1990).", [("1987", "1987", "start"), ("March 1990", "1990-03", "end")]),
        ("The coalition governed in 2003-04.", [("2003-04", "2003/2004", "both")]),
    ],
)
def test_ranges_are_linked(parse_text, text, expected_rows):
    dates, _ = run(parse_text, text)
    assert [(r.text, r.value, r.range_role) for r in dates.itertuples()] == expected_rows
    assert dates["range_id"].nunique() == 1 and dates["range_id"].iloc[0]


def test_no_document_date_means_no_deictic_references(parse_text):
    dates, _ = run(parse_text, "The party is now larger than ever.")
    assert dates.empty


@pytest.mark.parametrize(
    "value, earliest, latest",
    [
        ("1994-10", "1994-10-01", "1994-10-31"),
        ("1996", "1996-01-01", "1996-12-31"),
        ("199", "1990-01-01", "1999-12-31"),
        ("2013-Q1", "2013-01-01", "2013-03-31"),
        ("2013-W11", "2013-03-11", "2013-03-17"),
        ("2011/2012", "2011-01-01", "2012-12-31"),
        ("PRESENT_REF", "", ""),
    ],
)
def test_calendar_bounds(value, earliest, latest):
    assert calendar_bounds(value) == (earliest, latest)


def test_events_name_the_governing_verb_and_its_participants(parse_text):
    text = "The union was banned by the supreme court on 3 May 2001."
    doc, _ = parse_text(text)
    start = text.index("the supreme court")
    mentions = pd.DataFrame([dict(doc_id="doc", sent_id=0, start=start, end=start + 17, text="the supreme court", label="ORG")])
    dates, events = run(parse_text, text, mentions=mentions)
    assert list(dates.columns) == DATE_COLUMNS and list(events.columns) == EVENT_COLUMNS
    event = events.iloc[0]
    assert (event["event"], event["participants"], event["participant_spans"]) == ("banned", "the supreme court", f"{start}:{start + 17}")


def test_participants_of_a_verbless_sentence(parse_text):
    """A headline-like sentence has no verb above its event noun: the walk up the tree must stop at the root."""
    text = "The election of 3 May 2001 in Lisbon."
    start = text.index("Lisbon")
    mentions = pd.DataFrame([dict(doc_id="doc", sent_id=0, start=start, end=start + 6, text="Lisbon", label="GPE")])
    _, events = run(parse_text, text, mentions=mentions)
    assert (events.iloc[0]["event"], events.iloc[0]["participants"]) == ("election", "Lisbon")


def test_infobox_dates_take_the_key_as_event(parse_text):
    text = "Example Union\n- Founded: 16 October 1991, ()\n- Dissolved: 4 May 2015\n\nThe Example Union was a party."
    dates, _ = run(parse_text, text)
    assert [(r.text, r.value, r.event) for r in dates.itertuples()] == [
        ("16 October 1991", "1991-10-16", "Founded"),
        ("4 May 2015", "2015-05-04", "Dissolved"),
    ]


def test_attach_participants_maps_spans_to_entities():
    events = pd.DataFrame([dict(doc_id="d", participants="the court; Smith", participant_spans="5:14;20:25")])
    entities = pd.DataFrame([
        dict(doc_id="d", start=5, end=14, entity_id="E1", canonical="Supreme Court"),
        dict(doc_id="d", start=20, end=25, entity_id="E2", canonical="John Smith"),
    ])
    out = attach_participants(events, entities)
    assert (out.iloc[0]["participants"], out.iloc[0]["participant_ids"]) == ("Supreme Court; John Smith", "E1; E2")
    assert "participant_spans" not in out and "participant_spans" in events


def test_attach_participants_without_entities_keeps_mention_texts():
    events = pd.DataFrame([dict(doc_id="d", participants="the court", participant_spans="5:14")])
    out = attach_participants(events, pd.DataFrame())
    assert (out.iloc[0]["participants"], out.iloc[0]["participant_ids"]) == ("the court", "")


def test_offsets_index_the_document(parse_text):
    text = "On 4 July 1999 – a Sunday – the mayor spoke; prices rose 3% in 2000 and last week."
    dates, _ = run(parse_text, text, document_date="2001-01-10")
    assert len(dates) >= 3
    assert all(text[r.start:r.end] == r.text for r in dates.itertuples())


def test_a_date_in_a_clause_without_a_verb_finds_its_participants(parse_text):
    # The model reads "protests" as a noun here: no verb above the date.
    text = "The Workers' League protests against the ruling of the Supreme Court of Freedonia of 12.05.2019."
    doc, sentences = parse_text(text)
    mentions = pd.DataFrame(
        [dict(doc_id="doc", sent_id=1, start=e.start_char, end=e.end_char, text=e.text, label=e.label_) for e in doc.ents
         if e.label_ not in ("DATE", "CARDINAL")],
        columns=["doc_id", "sent_id", "start", "end", "text", "label"],
    )
    found, events = find_dates("doc", doc, sentences, sentences.iloc[0:0], mentions)
    assert found["value"].tolist() == ["2019-05-12"]
    assert len(events) == 1 and "Supreme Court" in events["participants"].iloc[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A bare time belongs to the day just told, in its sentence or the one before.
        ("The council met on 4 May 1999. The vote was taken at 16:30 in the hall.", ("16:30", "TIME", "1999-05-04T16:30")),
        ("On Tuesday the board opened its session at 11 a.m. in the town hall.", ("11 a.m.", "TIME", "2004-03-09T11:00")),
        # A set of days, or a day two sentences back, lends no day.
        ("Marchers gathered every Friday at 6 p.m. in the square.", ("6 p.m.", "TIME", "2004-03-10T18:00")),
        ("The council met on 4 May 1999. Members argued for hours. The vote came at 16:30.", ("16:30", "TIME", "2004-03-10T16:30")),
    ],
)
def test_a_bare_time_takes_the_day_just_told(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2004-03-10")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("A referendum is due in November.", "2005-03-03", ("November", "DATE", "2005-11")),
        ("The next congress is due in February.", "2005-11-20", ("February", "DATE", "2006-02")),
        # Without a cue the nearest October wins.
        ("The party was founded in October.", "2005-03-03", ("October", "DATE", "2004-10")),
    ],
)
def test_due_points_to_the_future(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("Jazz clubs thrived in the '20s, she wrote.", "2023-05-01", ("'20s", "DATE", "202")),
        ("Jazz clubs thrived in the '20s, she wrote.", "1998-05-01", ("'20s", "DATE", "192")),
        ("The town boomed in the twenties.", "2027-01-01", ("the twenties", "DATE", "202")),
        ("The town boomed in the twenties.", "1960-01-01", ("the twenties", "DATE", "192")),
        ("The permit is dated 03.08.15 and signed.", "2016-01-01", ("03.08.15", "DATE", "2015-08-03")),
        ("The permit is dated 03.08.35 and signed.", "2036-01-01", ("03.08.35", "DATE", "2035-08-03")),
        ("The permit is dated 03.08.35 and signed.", "1990-01-01", ("03.08.35", "DATE", "1935-08-03")),
    ],
)
def test_two_digit_years_and_decades_take_the_century_of_the_document(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


def test_the_lexicon_is_checked_when_loaded():
    from pipeline.dates.lexicon import LexiconError, check, lexicon

    tables = {name: dict(table) for name, table in lexicon().items()}
    check(tables, "dates_lexicon.toml")
    tables["months"]["sept"] = "9"
    with pytest.raises(LexiconError, match=r"dates_lexicon.toml: \[months\] sept = '9' should be a whole number"):
        check(tables, "dates_lexicon.toml")
    del tables["months"]
    with pytest.raises(LexiconError, match=r"\[months\] is missing"):
        check(tables, "dates_lexicon.toml")
    with pytest.raises(LexiconError, match=r"unknown table \[monhts\]"):
        check({**lexicon(), "monhts": {"jan": 1}}, "dates_lexicon.toml")


def test_every_family_has_a_pattern_keys_and_a_resolver():
    from pipeline.dates.families import FAMILIES, grammar

    assert len({family.name for family in FAMILIES}) == len(FAMILIES)
    assert len(grammar().patterns) == len(FAMILIES)
    assert all(family.keys and callable(family.resolve) for family in FAMILIES)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lawyers met.\nRIGA, June 2 (Nordic Wire) - The tribunal closed the newspaper on Monday.", ("June 2", "")),
        ("OSLO, 4 May: The council dissolved the group.", ("4 May", "")),
        # Not a dateline: a place in capitals that does not open the line.
        ("The ministry in RIGA, on June 2, closed the newspaper.", ("June 2", "closed")),
    ],
)
def test_a_dateline_dates_the_report_not_the_event(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2010-06-02")
    assert expected in [(row.text, row.event) for row in dates.itertuples()]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The 2011 Act on Associations governs them. The league was registered on 3 May.", "XXXX-05-03"),
        ("Its 1996 Congress elected him. The league split on 9 July.", "XXXX-07-09"),
        # A year that dates an event lends its year.
        ("The league was founded in 2011. It was registered on 3 May.", "2011-05-03"),
    ],
)
def test_a_year_inside_a_name_lends_no_year(parse_text, text, expected):
    dates, _ = run(parse_text, text)
    assert dates["value"].iloc[-1] == expected


def test_a_sentence_end_is_not_part_of_a_month_name(parse_text):
    dates, _ = run(parse_text, "The league was registered in May. Members met on 3 Sept. 2001 again.")
    texts = [text for text, _, _ in found(dates)]
    assert "May" in texts and "May." not in texts
    assert "3 Sept. 2001" in texts
