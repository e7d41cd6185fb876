"""TimeML conventions and English temporal constructions of the dates stage:
each rule with a sentence that states it in other words and one where it must
not fire."""

from __future__ import annotations

import pytest

from tests.test_dates import found, run


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Floods struck the valley in 1961, 1964 and 1970.", ("1964", "DATE", "1964")),
        ("The fair was held in 1902, 1911, and 1925.", ("1911", "DATE", "1911")),
    ],
)
def test_a_year_in_a_list_of_years_is_a_year(parse_text, text, expected):
    dates, _ = run(parse_text, text)
    assert expected in found(dates)


def test_a_number_after_a_number_is_not_a_year(parse_text):
    dates, _ = run(parse_text, "The orchard counted 14 1950 apple trees, oddly written.")
    assert "1950" not in dates["text"].tolist()


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # An infinitive after a verb of planning lies ahead of the plan.
        ("The delegation planned to fly to Osterby on Thursday.", "1998-09-30", ("Thursday", "DATE", "1998-10-01")),
        ("The mill is to reopen Monday, the owners said.", "2004-03-10", ("Monday", "DATE", "2004-03-15")),
        # A past perfect puts a date after "until" in the past.
        ("Until Tuesday, the police had not named Brandvik a suspect.", "2001-05-11", ("Tuesday", "DATE", "2001-05-08")),
    ],
)
def test_planned_infinitives_and_past_perfects_set_the_weekday(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # An infinitive after a verb that plans nothing keeps the past.
        ("The delegation agreed to fly to Osterby on Thursday.", "1998-09-30", ("Thursday", "DATE", "1998-09-24")),
        # "until" without a past perfect still points ahead.
        ("The council delayed the vote until Tuesday.", "2001-05-11", ("Tuesday", "DATE", "2001-05-15")),
    ],
)
def test_weekdays_outside_those_constructions_keep_their_reading(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text",
    [
        "Thousands walked in the annual March for Clean Rivers on Saturday.",
        "Organisers planned a ``Summer of Open Doors'' across the province.",
    ],
)
def test_a_month_or_season_opening_a_name_is_not_a_date(parse_text, text):
    dates, _ = run(parse_text, text, document_date="2004-06-09")
    assert not any(word in dates["text"].tolist() for word in ("March", "Summer"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The minister was appointed in January of Norvale's first cabinet year.", ("January", "DATE", "2004-01")),
        ("The dam was finished in the spring of 1961.", ("the spring of 1961", "DATE", "1961-SP")),
    ],
)
def test_a_month_or_season_after_a_preposition_stays_a_date(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2004-06-09")
    assert expected in found(dates)


def test_now_opening_a_sentence_with_a_comma_is_a_discourse_marker(parse_text):
    dates, _ = run(parse_text, "The plan failed in 1990. Now, the engineers argue, it could work.", document_date="2004-06-09")
    assert "Now" not in dates["text"].tolist()


def test_now_opening_a_sentence_without_a_comma_is_the_present(parse_text):
    dates, _ = run(parse_text, "The plan failed in 1990. Now the engineers say it could work.", document_date="2004-06-09")
    assert ("Now", "DATE", "PRESENT_REF") in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A past participle describing a noun tells what happened.
        ("The river crest passed the level reached on Aug. 9.", ("Aug. 9", "DATE", "2004-08-09")),
        ("Revenue fell in the fiscal year ended Aug. 9, the cooperative said.", ("Aug. 9", "DATE", "2004-08-09")),
        # A verb of planning with "for" still points ahead.
        ("Delegates prepared for a summit scheduled for Aug. 9 in Porvello.", ("Aug. 9", "DATE", "2005-08-09")),
    ],
)
def test_a_participle_describing_a_noun_dates_the_past(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2005-02-10")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Orchard sales in the third quarter beat the same period last year.", ("the same period last year", "DATE", "2002-Q3")),
        ("Ferry traffic in the second quarter lagged last year's quarter.", ("last year's quarter", "DATE", "2002-Q2")),
        ("Mill output in 2003 matched the comparable period a year earlier.", ("the comparable period a year earlier", "DATE", "2002")),
    ],
)
def test_the_same_period_of_last_year_is_the_told_quarter_a_year_back(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2003-11-02")
    assert expected in found(dates)


def test_the_same_period_without_a_year_before_it_is_not_that_construction(parse_text):
    dates, _ = run(parse_text, "Rain fell in the third quarter and the same period brought floods.", document_date="2003-11-02")
    assert "period_year_before" not in dates["rule"].tolist()


@pytest.mark.parametrize(
    "text, expected",
    [
        # A deadline lies ahead.
        ("Anyone who has not paid the fee by Monday will lose the permit.", ("Monday", "DATE", "2003-03-24")),
        ("The ferry company vowed to restore service by Monday.", ("Monday", "DATE", "2003-03-24")),
        # A simple past, a past perfect or a passive agent keeps the past.
        ("By Monday, the strikers returned to the pits.", ("Monday", "DATE", "2003-03-17")),
        ("The levy had been paid by Tuesday, clerks said.", ("Tuesday", "DATE", "2003-03-18")),
        ("The tariff was swept aside by Tuesday's vote.", ("Tuesday", "DATE", "2003-03-18")),
    ],
)
def test_a_deadline_after_by_lies_ahead_unless_the_past_is_stated(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2003-03-21")
    assert expected in found(dates)


def test_a_time_on_a_day_is_two_expressions_and_the_time_takes_that_day(parse_text):
    dates, _ = run(parse_text, "The tribunal sits again at 09:30 on 14 May, the clerk said.", document_date="2010-05-01")
    assert ("09:30", "TIME", "2010-05-14T09:30") in found(dates)
    assert ("14 May", "DATE", "2010-05-14") in found(dates)


def test_a_time_right_before_its_day_stays_one_expression(parse_text):
    dates, _ = run(parse_text, "The ballot boxes will close at 8 p.m. Thursday.", document_date="2010-05-04")
    assert found(dates) == [("8 p.m. Thursday", "TIME", "2010-05-06T20:00")]


def test_a_year_opening_a_table_line_after_a_number_is_a_year(parse_text):
    text = "Council seats by year.\nYear | Seats | Change\n1998 | 4 | +3\n2002 | 7 | +3\n"
    dates, _ = run(parse_text, text)
    assert ("2002", "DATE", "2002") in found(dates)


@pytest.mark.parametrize(
    "text",
    [
        "Wool prices suffered a sharp fall in the spring auctions.",
        "The fall of the coalition shocked the Tarnow council.",
    ],
)
def test_fall_as_a_decline_is_not_the_season(parse_text, text):
    dates, _ = run(parse_text, text, document_date="2003-06-10")
    assert not any("fall" in value.lower() for value in dates["text"].tolist())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ferry line reopened in the fall.", ("the fall", "DATE", "2003-FA")),
        ("Harvest ended early last fall.", ("last fall", "DATE", "2002-FA")),
    ],
)
def test_fall_after_a_word_that_calls_for_a_time_is_the_season(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2003-06-10")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text",
    ["Right now the old dam at Kessel still holds.", "The old dam at Kessel still holds now."],
)
def test_right_stays_outside_now(parse_text, text):
    dates, _ = run(parse_text, text, document_date="2003-06-10")
    assert found(dates) == [("now", "DATE", "PRESENT_REF")]


def test_a_time_parted_from_its_day_by_a_bracket_takes_that_day(parse_text):
    dates, _ = run(parse_text, "The blast in Corvale came at 8:20 a.m. (0620 GMT) Friday.", document_date="2004-06-12")
    assert ("8:20 a.m.", "TIME", "2004-06-11T08:20") in found(dates)
    assert ("Friday", "DATE", "2004-06-11") in found(dates)


def test_a_long_aside_parts_a_time_from_a_later_day(parse_text):
    text = "Doors opened at 9 a.m. (long after the caretaker of the hall had left) and closed Friday."
    dates, _ = run(parse_text, text, document_date="2004-06-12")
    assert ("9 a.m.", "TIME", "2004-06-12T09:00") in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # The verb above "the night of" dates the day.
        ("The miller was robbed on the night of Oct. 20 as he slept.", ("Oct. 20", "DATE", "2000-10-20")),
        # A noun that is no time keeps the verb out of reach: the nearest year, as without a verb.
        ("The miller was robbed on the anniversary of Oct. 20 as he slept.", ("Oct. 20", "DATE", "2001-10-20")),
    ],
)
def test_a_time_noun_before_of_lets_the_verb_date_the_day(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2001-05-01")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A simple present with a date of its own tells a schedule.
        ("The ferry service to Ostrava resumes on Monday.", ("Monday", "DATE", "2004-06-14")),
        ("Talks between the two carpenters' unions resume Monday.", ("Monday", "DATE", "2004-06-14")),
        # A possessive date is no adverb of the present verb; a past verb tells no schedule.
        ("The merger follows Monday's vote by the Brenmark board.", ("Monday", "DATE", "2004-06-07")),
        ("The ferry service to Ostrava resumed on Monday.", ("Monday", "DATE", "2004-06-07")),
    ],
)
def test_a_simple_present_with_its_own_date_tells_a_schedule(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2004-06-09")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The convoy left Tarsk at four o'clock.", ("four o'clock", "TIME", "2004-06-09T04:00")),
        ("The ferry sails at 4 in the morning.", ("4 in the morning", "TIME", "2004-06-09T04:00")),
        ("The bells of Orlin rang at ten at night.", ("ten at night", "TIME", "2004-06-09T22:00")),
        ("Voting closed at 3 in the afternoon.", ("3 in the afternoon", "TIME", "2004-06-09T15:00")),
    ],
)
def test_an_hour_with_o_clock_or_a_half_of_the_day_is_a_time(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2004-06-09")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text",
    ["The guards of Orlin patrol at night.", "The home side scored 4 in the second half.", "Ten of the clocks in Tarsk stopped."],
)
def test_an_hour_without_o_clock_or_a_half_of_the_day_is_no_time(parse_text, text):
    dates, _ = run(parse_text, text, document_date="2004-06-09")
    assert "clock_words" not in dates["rule"].tolist()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Tarsk hearing is set for the week of May 10.", ("the week of May 10", "DATE", "2004-W20")),
        ("Crews worked through the weekend of May 8.", ("the weekend of May 8", "DATE", "2004-W19-WE")),
        ("Repairs end the week of May 10, 2005, the mayor said.", ("the week of May 10, 2005", "DATE", "2005-W19")),
    ],
)
def test_the_week_of_a_day_is_the_week_holding_it(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2004-05-03")
    assert expected in found(dates)


def test_a_week_before_a_day_is_not_the_week_of_it(parse_text):
    dates, _ = run(parse_text, "The Tarsk hearing came a week after May 10.", document_date="2004-05-20")
    assert "week_of" not in dates["rule"].tolist()
    assert ("May 10", "DATE", "2004-05-10") in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # A weekday and its part of the day are one expression: the verb above them still counts.
        ("The council intends to vote on the Brisling budget on Tuesday afternoon.", "2004-03-10",
         ("Tuesday afternoon", "TIME", "2004-03-16TAF")),
        # "had been due to" is a past perfect: the deadline has gone by.
        ("The Tarnow permit had been due to expire Sunday night.", "2002-06-12", ("Sunday night", "TIME", "2002-06-09TNI")),
    ],
)
def test_a_part_of_the_day_and_an_adjective_of_planning_keep_the_verb_in_view(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("The council voted on the Brisling budget on Tuesday afternoon.", "2004-03-10",
         ("Tuesday afternoon", "TIME", "2004-03-09TAF")),
        ("The Tarnow permit is due to expire Sunday night.", "2002-06-12", ("Sunday night", "TIME", "2002-06-16TNI")),
    ],
)
def test_without_plan_or_past_perfect_those_days_keep_their_side(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # A denied "could" tells of an attempt made: the day has gone by.
        ("Neither the mayor of Ostrava Nova nor her deputy could be reached Monday.", "2003-06-11", ("Monday", "DATE", "2003-06-09")),
        ("The mayor of Ostrava Nova could not be reached for comment Monday.", "2003-06-11", ("Monday", "DATE", "2003-06-09")),
        # A modal perfect looks back.
        ("The envoy would have landed in Varnholm on Thursday, aides said.", "2003-06-11", ("Thursday", "DATE", "2003-06-05")),
    ],
)
def test_a_denied_or_perfect_modal_does_not_point_ahead(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("The strike at the Kelso mill could end Monday, union leaders said.", "2003-06-11", ("Monday", "DATE", "2003-06-16")),
        ("The strike at the Kelso mill will not end Monday, union leaders said.", "2003-06-11", ("Monday", "DATE", "2003-06-16")),
    ],
)
def test_a_plain_or_future_modal_still_points_ahead(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # After the object of a verb of planning, the date is the planned thing's.
        ("Farmers scheduled a tractor parade through Keldby on Sunday.", "2005-05-04", ("Sunday", "DATE", "2005-05-08")),
        # Before the verb, the date is the planning's.
        ("On Sunday, farmers planned a tractor parade through Keldby.", "2005-05-04", ("Sunday", "DATE", "2005-05-01")),
        # A verb that plans nothing keeps its past.
        ("Farmers staged a tractor parade through Keldby on Sunday.", "2005-05-04", ("Sunday", "DATE", "2005-05-01")),
    ],
)
def test_a_date_after_a_planned_object_lies_ahead(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # A quarter to come that a past clause reports is last year's.
        ("Velmart posted a sharp drop in profits for the fourth quarter.", "2004-01-20", ("the fourth quarter", "DATE", "2003-Q4")),
        # A quarter still running in a clause that points ahead is a forecast, not the quarter reported.
        ("Velmart said a fire at its Orrin depot will cause a fourth-quarter charge. Its sales rose 5% in the latest quarter.",
         "2003-11-05", ("the latest quarter", "DATE", "2003-Q3")),
    ],
)
def test_a_quarter_takes_the_year_and_role_its_clause_gives_it(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("Velmart expects profits to grow in the fourth quarter.", "2004-01-20", ("the fourth quarter", "DATE", "2004-Q4")),
        # Reported results of a quarter not over by the calendar: a fiscal quarter, kept as told.
        ("Velmart reported a drop in fourth-quarter earnings. Its sales rose 5% in the latest quarter.",
         "2003-11-05", ("the latest quarter", "DATE", "2003-Q4")),
    ],
)
def test_a_quarter_ahead_or_reported_keeps_its_reading(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # A verbless aside has no tense: the nearest March.
        ("Kordane raised its dividend, payable in March.", "2003-11-26", ("March", "DATE", "2004-03")),
        # A plan in the past perfect is gone by.
        ("The vote in Halden had been scheduled for March but was put off.", "2003-01-20", ("March", "DATE", "2002-03")),
        # The verb two prepositions up still sets the side.
        ("The Kordane index fell to 310 from 355 in March.", "2003-10-30", ("March", "DATE", "2003-03")),
    ],
)
def test_a_partial_date_takes_the_side_of_its_clause(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("The Kordane dividend was raised in March.", "2003-11-26", ("March", "DATE", "2003-03")),
        ("The vote in Halden is scheduled for March.", "2003-01-20", ("March", "DATE", "2003-03")),
        ("The Kordane index will fall to 310 from 355 in March.", "2003-10-30", ("March", "DATE", "2004-03")),
    ],
)
def test_a_stated_verb_or_plan_keeps_its_side(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # "the following ..." counts from the last date told, though it was written without a year.
        ("In March, the Varnholm council froze hiring. The following month, it cut wages.", ("The following month", "DATE", "2003-04")),
        ("The Varnholm council froze hiring on Tuesday. The following day, it cut wages.", ("The following day", "DATE", "2003-10-08")),
        # With no date told before it, it counts from the document date.
        ("The following month, the Varnholm council cut wages.", ("The following month", "DATE", "2003-11")),
    ],
)
def test_the_following_unit_counts_from_the_last_date_told(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2003-10-10")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # "one day" before its verb is a time not said.
        ("The painter hopes to one day open a studio in Brekka.", ("one day", "DATE", "FUTURE_REF")),
        ("One day, the miller of Brekka walked into the square and sold his mill.", ("One day", "DATE", "PAST_REF")),
        # As an amount it stays a length.
        ("The strike at the Brekka mill lasted one day.", ("one day", "DURATION", "P1D")),
        ("The Brekka shifts were cut from three days to one day.", ("one day", "DURATION", "P1D")),
    ],
)
def test_one_day_before_its_verb_is_an_unsaid_time(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1998-04-18")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        # A verb of planning with a particle is another verb: "set up" plans nothing.
        ("The Varnholm tribunal was set up in February.", "1997-04-21", ("February", "DATE", "1997-02")),
        ("The Varnholm hearing was set for February.", "1997-04-21", ("February", "DATE", "1998-02")),
        # A gerund after a preposition takes the time of the clause it hangs from.
        ("The Varnholm envoy will meet the mayor before leaving the city on Wednesday.", "1997-04-21",
         ("Wednesday", "DATE", "1997-04-23")),
        ("The Varnholm envoy met the mayor before leaving the city on Wednesday.", "1997-04-21",
         ("Wednesday", "DATE", "1997-04-16")),
    ],
)
def test_particles_and_gerunds_leave_the_clause_its_time(parse_text, text, document_date, expected):
    dates, _ = run(parse_text, text, document_date=document_date)
    assert expected in found(dates)


def test_the_previous_month_counts_from_the_last_month_told_not_a_later_year(parse_text):
    text = "Velmart orders in February rose 9.9 percent from a year earlier, after growing 14.8 percent in the previous month."
    dates, _ = run(parse_text, text, document_date="2003-10-10")
    assert ("the previous month", "DATE", "2003-01") in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # "ahead of" / "the run-up to" look forward to the event the date names.
        ("The Kelso parties are touring the villages in the run-up to Sunday's vote.", ("Sunday", "DATE", "1997-04-13")),
        ("The Kelso council met ahead of the harbour festival in December.", ("December", "DATE", "1997-12")),
        # A verb between the phrase and the date dates its own clause.
        ("The Kelso parties held rallies ahead of the vote, which took place on Sunday.", ("Sunday", "DATE", "1997-04-06")),
    ],
)
def test_a_date_after_ahead_of_lies_ahead(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1997-04-07")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A perfect progressive runs from the past: its date lies behind.
        ("Rescuers in Orrvik have been searching for the hiker since the Oct. 23 storm.", ("Oct. 23", "DATE", "1998-10-23")),
        # A future progressive keeps the nearest, coming Oct. 23.
        ("Rescuers in Orrvik will be searching for the hiker until the Oct. 23 deadline.", ("Oct. 23", "DATE", "1999-10-23")),
    ],
)
def test_a_perfect_progressive_dates_the_past(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1999-05-06")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Orrvik mill expects losses in the near term.", [("the near term", "DATE", "FUTURE_REF")]),
        ("Orrvik wants to placate some holders in the short term.", [("the short term", "DATE", "FUTURE_REF")]),
        # An adjective of length is no time.
        ("The Orrvik mill sold short-term bonds and a short term paper.", []),
        ("The agency cut the short term rating of the Orrvik mill.", []),
    ],
)
def test_the_near_and_short_term_are_the_future(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1989-10-30")
    assert found(dates) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A reference word that describes the noun after it is no time.
        ("The Orrvik mill will supply the future garrison.", []),
        ("The Orrvik mill looks to the future.", [("the future", "DATE", "FUTURE_REF")]),
    ],
)
def test_a_reference_describing_a_noun_is_no_time(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1989-10-30")
    assert found(dates) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A frequency word in title case within a sentence belongs to a name.
        ("The Brekka Daily Courier reported the raid on Sunday.", [("Sunday", "DATE", "1997-04-06")]),
        ("Daily rallies were held in Brekka.", [("Daily", "SET", "P1D")]),
        # "the fall of" something that is no year is a decline.
        ("More than seven years after the fall of the Brekka wall, the town is quiet.", [("More than seven years", "DURATION", "P7Y")]),
        ("Brekka held a vote in the fall of 1995.", [("the fall of 1995", "DATE", "1995-FA")]),
    ],
)
def test_names_and_declines_are_no_sets_or_seasons(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1997-04-10")
    assert found(dates) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Two days sharing a month without a year: each day is a date.
        ("The Orrvik fair is held on April 24 and 25.", ("25", "DATE", "1999-04-25")),
        ("The Orrvik fair was held on 5 and 6 September.", ("5", "DATE", "1998-09-05")),
    ],
)
def test_a_day_sharing_the_month_of_the_next_or_last_is_a_date(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1999-02-10")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, absent",
    [
        # A count after a date is no day.
        ("Between April 24 and 25 soldiers died in Orrvik.", "25"),
        # With a year the pair is one row (below).
        ("Hearings in Orrvik were held on 5 and 6 May 1997.", "5"),
    ],
)
def test_a_count_or_a_dated_pair_gives_no_lone_day(parse_text, text, absent):
    dates, _ = run(parse_text, text, document_date="1999-02-10")
    assert absent not in dates["text"].tolist()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hearings in Orrvik were held on 5 and 6 May 1997.", ("5 and 6 May 1997", "DATE", "1997-05-05/1997-05-06")),
        ("The Orrvik fair ran on April 24 and 25, 1998.", ("April 24 and 25, 1998", "DATE", "1998-04-24/1998-04-25")),
    ],
)
def test_two_days_of_a_month_with_its_year_are_one_range(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="1999-02-10")
    assert expected in found(dates)


def test_days_not_in_order_are_no_range(parse_text):
    dates, _ = run(parse_text, "The Orrvik fair ran on 6 and 5 May 1997.", document_date="1999-02-10")
    assert "6 and 5 May 1997" not in dates["text"].tolist()


@pytest.mark.parametrize(
    "text, expected",
    [
        # "since" puts its date behind, whatever the clause's tense.
        ("The envoy will make his first visit to Orrvik since August.", ("August", "DATE", "2005-08")),
        ("Brandvik will be rested since arriving in Orrvik on Sunday.", ("Sunday", "DATE", "2005-12-11")),
        # Without it, a future clause keeps the coming month.
        ("The envoy will visit Orrvik in August.", ("August", "DATE", "2006-08")),
    ],
)
def test_since_puts_the_date_behind(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2005-12-12")
    assert expected in found(dates)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A date reached through an event noun dates that noun: no schedule of the present verb.
        ("The Orrvik ministry welcomes the release on bail on Tuesday of four fishermen.", ("Tuesday", "DATE", "2016-05-31")),
        # The verb's own date still tells a schedule.
        ("Talks between the two Orrvik unions resume Tuesday.", ("Tuesday", "DATE", "2016-06-07")),
    ],
)
def test_a_date_of_an_event_noun_tells_no_schedule(parse_text, text, expected):
    dates, _ = run(parse_text, text, document_date="2016-06-02")
    assert expected in found(dates)
