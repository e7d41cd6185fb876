"""Resolvers of expressions that count from an anchor: 'last year', 'two
weeks ago', 'Friday', 'yesterday', 'the following month', 'now'."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.dates.anchoring import (
    Candidate, Context, Resolved, as_date, shift, tense_at, unknown, weekday_date,
)
from pipeline.dates.lexicon import lexicon, month_number, number, ordinal, phrase, unit_of, weekday_number

_UNIT_CODES = {"year": "Y", "month": "M", "week": "W", "quarter": "Q"}


def month_of_relative_year(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'March of last year'."""
    if not r.anchor:
        return None
    r.uses_anchor = True
    y = r.anchor[0] + lexicon()["relative"][cand.groups["rel"].lower()]
    r.value, r.granularity = f"{y:04d}-{month_number(cand.groups['month']):02d}", "month"
    return r


def latest_quarter(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'the latest quarter', 'the same period': the quarter last told, else the one before the anchor's."""
    anchor = r.anchor
    r.uses_anchor = True
    which = phrase(cand.groups["which"])
    if ctx.quarter:
        r.value = f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}"
    elif which in ("the", "that") or not anchor or anchor[1] is None:
        return None
    else:
        shifted = shift(anchor, -1, "Q")
        r.value = shifted[0] if shifted else ""
    r.granularity = "quarter"
    return r if r.value else None


def the_year(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'the year', 'the full year': the reporting year; 'the year ended June
    30' is a fiscal year, named by its length."""
    if re.match(r"\s+(?:that\s+)?(?:ended|ending|ends|to\b)", ctx.text[cand.end:cand.end + 16]):
        r.type, r.value = "DURATION", "P1Y"
        return r
    if not r.anchor:
        return None
    r.uses_anchor = True
    r.value, r.granularity = f"{r.anchor[0]:04d}", "year"
    return r


def year_end(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'year-end': the end of the anchor's year."""
    if not r.anchor:
        return None
    r.uses_anchor = True
    r.value, r.granularity, r.mod = f"{r.anchor[0]:04d}", "year", "END"
    return r


def weekend(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'the weekend': the coming one in a future clause, else the last one."""
    anchor = r.anchor
    if not anchor or anchor[2] is None:
        return None
    r.uses_anchor = True
    date = as_date(anchor)
    if tense_at(ctx, cand.start) == "future" or date.isoweekday() >= 6:
        date = date + dt.timedelta(days=(6 - date.isoweekday()) % 7)
    else:
        date = date - dt.timedelta(days=(date.isoweekday() + 1) % 7 or 7)
    iso = date.isocalendar()
    r.value, r.granularity = f"{iso[0]:04d}-W{iso[1]:02d}-WE", "weekend"
    return r


def anaphoric(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'that year', 'the following day': counted from the last date told."""
    g, lex = cand.groups, lexicon()
    unit = g["unit"].lower()
    base = ctx.told_to(unit) or ctx.narrative or r.anchor
    if not base or base[0] is None:
        return None
    r.uses_anchor = True
    step = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get((g.get("rel") or "").lower(), 0)
    shifted = shift(base, step, {"year": "Y", "month": "M", "week": "W"}.get(unit, "D"))
    if shifted is None:
        return None
    r.value, r.granularity = shifted
    if unit in lex["parts_of_day"] and r.granularity == "day":
        r.type, r.value, r.granularity = "TIME", f"{r.value}T{lex['parts_of_day'][unit]}", "part_of_day"
    return r


def period_edge(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'the end of the year', 'the beginning of next month' (the mod says which edge)."""
    g, anchor = cand.groups, r.anchor
    if not anchor:
        return None
    r.uses_anchor = True
    step = lexicon()["relative"][g["rel"].lower()] if g.get("rel") else 0
    return _shifted_unit(r, anchor, step, g["unit"].lower())


def _shifted_unit(r: Resolved, anchor: tuple, step: int, unit: str) -> Resolved | None:
    """The anchor's year, month, week, quarter, decade or century moved by `step`."""
    if unit == "decade":
        r.value, r.granularity = f"{anchor[0] // 10 + step:03d}", "decade"
    elif unit == "century":
        r.value, r.granularity = f"{anchor[0] // 100 + step:02d}", "century"
    else:
        shifted = shift(anchor, step, _UNIT_CODES[unit])
        if shifted is None:
            return None
        r.value, r.granularity = shifted
    return r


def year_ago(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'a year ago', 'the year-earlier quarter': in quarterly reports, the
    same quarter a year before the quarter last told."""
    g, anchor = cand.groups, r.anchor
    r.uses_anchor = True
    if g.get("ord"):
        q = ordinal(g["ord"])
        if ctx.quarter:
            r.value = f"{ctx.quarter[0] - 1:04d}-Q{q}"
        elif anchor:
            r.value = f"{anchor[0] - 1:04d}-Q{q}"
    elif ctx.quarter:
        r.value = f"{ctx.quarter[0] - 1:04d}-Q{ctx.quarter[1]}"
    elif anchor:
        r.value = f"{anchor[0] - 1:04d}"
    if not r.value:
        return None
    r.granularity = "quarter" if "Q" in r.value else "year"
    return r


def unit_relative(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'last year', 'next month', 'early last week', 'the previous quarter'."""
    g = cand.groups
    step = lexicon()["relative"][g["rel"].lower()]
    unit = g["unit"].lower()
    r.uses_anchor = True
    pre = (g.get("pre") or "").lower()
    if pre in ("early", "late"):
        r.mod = "START" if pre == "early" else "END"
    anchor = r.anchor
    if not anchor:
        return unknown(r, unit)
    if unit == "weekend":
        shifted = shift(anchor, step, "W")
        if shifted is None:
            return unknown(r, unit)
        r.value, r.granularity = shifted[0] + "-WE", "weekend"
        return r
    if g["rel"].lower() in ("following", "previous", "preceding") and unit not in ("decade", "century"):
        anchor = ctx.told_to(unit) or ctx.narrative or anchor  # "the following year" counts from the year just told
    if _shifted_unit(r, anchor, step, unit) is None:
        return unknown(r, unit)
    if unit == "quarter":
        r.quarter = (int(r.value[:4]), int(r.value[-1]))
    return r


def ago(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'two years ago', 'several months earlier', 'three days from now'."""
    g, anchor = cand.groups, r.anchor
    count = number(g["num"])
    factor, code, is_time = unit_of(g["unit"])
    direction = 1 if g["dir"].lower() in ("later", "from now", "hence") else -1
    r.uses_anchor = True
    if count == "X":
        r.value = "PAST_REF" if direction < 0 else "FUTURE_REF"
        return r
    if code == "Y" and factor == 1 and count == 1 and ctx.quarter and g["dir"].lower() != "later":
        r.value, r.granularity = f"{ctx.quarter[0] - 1:04d}-Q{ctx.quarter[1]}", "quarter"
        return r
    if not anchor or is_time:
        if is_time and anchor and anchor[2]:
            r.value, r.granularity = as_date(anchor).isoformat(), "day"
            return r
        return unknown(r, "year")
    shifted = shift(anchor, direction * int(count) * factor, code)
    if shifted is None:
        return unknown(r, "year")
    r.value, r.granularity = shifted
    if r.mod in ("LESS_THAN", "MORE_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"):
        r.mod = "APPROX"
    return r


def deictic_day(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'yesterday', 'tomorrow morning', 'tonight', 'last night'."""
    g, anchor, lex = cand.groups, r.anchor, lexicon()
    r.uses_anchor = True
    word = (g.get("deictic") or g.get("rel")).lower()
    offset = {"this": 0, "last": -1}.get(word, lex["deictic_days"].get(word, 0))
    pod = g.get("pod")
    if word == "tonight":
        pod = pod or "night"
    if not anchor or anchor[2] is None:
        return unknown(r, "day")
    day_value = (as_date(anchor) + dt.timedelta(days=offset)).isoformat()
    r.value, r.granularity = day_value, "day"
    if pod and word != "tonight":
        r.type, r.value, r.granularity = "TIME", f"{day_value}T{lex['parts_of_day'][pod.lower()]}", "part_of_day"
    return r


def weekday(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'Friday', 'last Tuesday', 'next Monday morning': the nearest one on
    the side the words or the tense point to."""
    g, anchor = cand.groups, r.anchor
    r.uses_anchor = True
    if not anchor or anchor[2] is None:
        return unknown(r, "day")
    day = weekday_number(g["weekday"])
    rel = re.sub(r"^the\s+", "", (g.get("rel") or "").lower())
    if rel in ("last", "past", "previous"):
        date = weekday_date(anchor, day, -1)
        if date == as_date(anchor):
            date -= dt.timedelta(days=7)
    elif rel in ("next", "coming"):
        date = weekday_date(anchor, day, 1)
        if date == as_date(anchor):
            date += dt.timedelta(days=7)
    elif rel == "this" or r.anchor_kind != "document":
        date = weekday_date(anchor, day, 1 if rel == "this" else -1)
    else:
        date = weekday_date(anchor, day, 1 if tense_at(ctx, cand.start) == "future" else -1)
    r.value, r.granularity = date.isoformat(), "day"
    if g.get("pod"):
        r.type, r.value, r.granularity = "TIME", f"{r.value}T{lexicon()['parts_of_day'][g['pod'].lower()]}", "part_of_day"
    return r


def reference(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'now', 'recently', 'in the past': without a document date they point
    at an unknown time and are not reported."""
    if r.anchor_kind != "document" or _names_a_noun(cand, ctx):
        return None
    r.uses_anchor = True
    r.value = lexicon()["references"][phrase(cand.groups["ref"])]
    return r


def _names_a_noun(cand: Candidate, ctx: Context) -> bool:
    """'the short term rating': the last word describes the noun after it."""
    last = ctx.doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if last is None or not len(last):
        return False
    last = last[-1]
    return last.dep_ in ("compound", "amod") and last.head.i > last.i
