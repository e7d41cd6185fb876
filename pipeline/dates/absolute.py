"""Resolvers of calendar expressions: dates written with their digits or
names ("3 August 2015", "May 1987", "the 1990s", "the third quarter"),
completed from the anchor when a part is missing ("9 May")."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.dates.anchoring import (
    Candidate, MONTHS_OF_SEASON, Context, Resolved, full_year, nearest_year, nth_weekday, tense_at, token_at,
)
from pipeline.dates.lexicon import lexicon, month_number, ordinal, phrase, year_of


def calendar_day(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'2015-08-03', '03.08.2015', '3 August 2015', 'August 3, 2015'."""
    g = cand.groups
    if cand.rule == "numeric":
        y, m, d = _numeric_date(g, r, ctx)
    else:
        y = year_of(g)
        m = int(g["month"]) if cand.rule == "iso" else month_number(g["month"])
        d = int(g["day"])
    if not _valid(y, m, d):
        return None
    r.value, r.granularity, r.explicit = f"{y:04d}-{m:02d}-{d:02d}", "day", (y, m, d)
    if g.get("hour"):
        r.type, r.value, r.granularity = "TIME", f"{r.value}T{g['hour']}:{g['minute']}", "minute"
    return r


def _numeric_date(g: dict, r: Resolved, ctx: Context) -> tuple[int, int, int]:
    """Year, month and day of '03.08.2015' in the document's date order; a
    two-digit year takes the century of the document."""
    y = year_of(g)
    if len(g["year"]) == 2:
        y = full_year(y, r.anchor, ahead=10)
    a, b = int(g["a"]), int(g["b"])
    day_first = ctx.date_order.upper().startswith("D")
    if a > 12:
        day_first = True
    elif b > 12:
        day_first = False
    r.ambiguous = a <= 12 and b <= 12 and a != b
    d, m = (a, b) if day_first else (b, a)
    return y, m, d


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def day_pair(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'5 and 6 May 1997', 'April 24 and 25, 1999': two days of one month, one row spanning both."""
    g = cand.groups
    y, m, first, last = year_of(g), month_number(g["month"]), int(g["day1"]), int(g["day"])
    if first >= last or not (_valid(y, m, first) and _valid(y, m, last)):
        return None
    r.value, r.granularity = f"{y:04d}-{m:02d}-{first:02d}/{y:04d}-{m:02d}-{last:02d}", "day"
    r.explicit = (y, m, last)
    return r


def partial_date(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'9 May', 'Nov. 16', 'October', 'last March': the year from a
    coordinated date, else the nearest year on the side the tense points to."""
    g, anchor, kind = cand.groups, r.anchor, r.anchor_kind
    m = month_number(g["month"])
    d = int(g["day"]) if g.get("day") else None
    y = cand.year_from_next
    if y is None:
        r.uses_anchor = True
        if cand.rule == "month_rel" and anchor and anchor[0] is not None and anchor[1] is not None:
            step = lexicon()["relative"][g["rel"].lower()]
            y = anchor[0] + (-1 if step < 0 and m >= anchor[1] else 1 if step > 0 and m <= anchor[1] else 0)
        else:
            tense = tense_at(ctx, cand.start) if kind == "document" else ""
            y = nearest_year(anchor, kind, m, d, tense)
    year_text = f"{y:04d}" if y is not None else "XXXX"
    if d is None:
        r.value, r.granularity = f"{year_text}-{m:02d}", "month"
        return r
    if y is not None and not _valid(y, m, d):
        return None
    r.value, r.granularity = f"{year_text}-{m:02d}-{d:02d}", "day"
    return r


def week_of(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'the week of March 6': the ISO week holding that day ('the weekend
    of March 6': its weekend), the day's year found as for '9 May'."""
    g = cand.groups
    day = calendar_day(cand, r, ctx) if g.get("year") or g.get("yearw") else partial_date(cand, r, ctx)
    if day is None or not day.value[:4].isdigit():
        return day
    iso = dt.date.fromisoformat(day.value[:10]).isocalendar()
    weekend = g["wk"].lower() == "weekend"
    r.value, r.granularity = f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if weekend else ""), "weekend" if weekend else "week"
    return r


def month_year(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'May 1987', 'October of 1994'."""
    y, m = year_of(cand.groups), month_number(cand.groups["month"])
    r.value, r.granularity, r.explicit = f"{y:04d}-{m:02d}", "month", (y, m, None)
    return r


def year(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'1874', 'nineteen seventy-two'."""
    y = year_of(cand.groups)
    if y is None:
        return None
    r.value, r.granularity, r.explicit = f"{y:04d}", "year", (y, None, None)
    return r


def year_range(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'2011-12', '1992/1994': one row whose value is the range."""
    y = int(cand.groups["year"])
    second = cand.groups["year2"]
    y2 = int(second) if len(second) == 4 else y // 100 * 100 + int(second)
    r.value, r.granularity, r.explicit = f"{y:04d}/{y2:04d}", "year", (y, None, None)
    r.ambiguous = len(second) == 2 and int(second) <= 12
    r.earliest, r.latest = f"{y:04d}-01-01", f"{y2:04d}-12-31"
    return r


def decade(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'the 1990s' -> 199; "the '20s" takes the century of the document."""
    g = cand.groups
    if g.get("decade"):
        r.value = g["decade"]
    else:
        r.value = str(full_year(int(g["decade2"]) * 10, r.anchor, ahead=0) // 10)
    r.granularity = "decade"
    return r


def decade_words(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'the twenties', in the century of the document."""
    tens = lexicon()["decade_words"][cand.groups["decw"].lower()] * 10
    r.value, r.granularity = str(full_year(tens, r.anchor, ahead=0) // 10), "decade"
    return r


def century(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'the 14th century' -> 13 (the first two digits of its years)."""
    n = ordinal(cand.groups["ord"])
    r.value, r.granularity = f"{n - 1:02d}", "century"
    return r


def season(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'the summer of 1976', 'last fall', 'in winter' (only as a noun)."""
    g, anchor = cand.groups, r.anchor
    code = lexicon()["seasons"][g["season"].lower()]
    if not (g.get("rel") or g.get("year") or g.get("yearw")):
        token = token_at(ctx.doc, cand.end - 1)
        if token is None or token.pos_ != "NOUN":
            return None  # "prices fall", "will fall apart"
    if g.get("year") or g.get("yearw"):
        y = year_of(g)
    else:
        r.uses_anchor = True
        y = anchor[0] if anchor else None
        if g.get("rel") and anchor and anchor[1]:
            y = _season_year(code, lexicon()["relative"][g["rel"].lower()], anchor)
    r.value, r.granularity = f"{y:04d}-{code}" if y is not None else f"XXXX-{code}", "season"
    return r


def _season_year(code: str, step: int, anchor: tuple) -> int:
    """The year of 'last' (step < 0), 'this' or 'next' (step > 0) season."""
    first_month, last_month = MONTHS_OF_SEASON[code]
    if step < 0:
        ended_this_year = anchor[1] > last_month and code != "WI"
        return anchor[0] if ended_this_year else anchor[0] - 1
    if step > 0:
        return anchor[0] if anchor[1] < first_month else anchor[0] + 1
    return anchor[0]


def quarter(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'the third quarter', 'the first half of 1998', 'last year's fourth quarter'."""
    g, anchor = cand.groups, r.anchor
    is_half = g["qh"].lower() == "half"
    count = 2 if is_half else 4
    n = count if g["ord"].lower() == "last" else ordinal(g["ord"])
    if not 1 <= n <= count:
        return None
    if g.get("year") or g.get("year2"):
        y = int(g.get("year") or g["year2"])
    else:
        r.uses_anchor = True
        y = _quarter_year(cand, r, ctx, n, is_half)
    letter = "H" if is_half else "Q"
    r.value = f"{y:04d}-{letter}{n}" if y is not None else f"XXXX-{letter}{n}"
    r.granularity = "half" if is_half else "quarter"
    if not is_half and y is not None and not _still_running(cand, r, ctx, (y, n)):
        r.quarter = (y, n)
    return r


_FISCAL = re.compile(r"(?i:fiscal)|\s+(?:that\s+)?(?:ended|ending)\b")


def _still_running(cand: Candidate, r: Resolved, ctx: Context, told: tuple[int, int]) -> bool:
    """A calendar quarter not over by the document date, in a clause that
    points ahead ("will result in a fourth-quarter charge" written in
    November), is a forecast: later "the latest quarter" or "a year earlier" count from
    the quarter being reported, not from it. A fiscal quarter ("fiscal", "the
    fourth quarter ended Sept. 30", "reported fourth-quarter earnings") has
    its own calendar and is left as told."""
    anchor = r.anchor
    if r.anchor_kind != "document" or not anchor or anchor[1] is None:
        return False
    if _FISCAL.search(ctx.text[cand.start:cand.end]) or _FISCAL.match(ctx.text, cand.end):
        return False
    running = told[0] * 4 + told[1] - 1 >= anchor[0] * 4 + (anchor[1] - 1) // 3
    return running and tense_at(ctx, cand.start) == "future"


def _quarter_year(cand: Candidate, r: Resolved, ctx: Context, n: int, is_half: bool) -> int | None:
    """The year of a quarter written without one: the anchor's, moved by
    'last'/'next', or the year before when a past tense names a quarter
    still to come."""
    g, anchor = cand.groups, r.anchor
    if not anchor:
        return None
    y = anchor[0]
    relative = g.get("yrel") or g.get("rel")
    if relative:
        return y + lexicon()["relative"][relative.lower()]
    if anchor[1] and r.anchor_kind == "document" and not is_half:
        current = (anchor[1] - 1) // 3 + 1
        if n > current:
            tense = tense_at(ctx, cand.start)
            nearer_behind = current + 4 - n < n - current  # "the fourth quarter" in January
            if tense == "past" or (not tense and nearer_behind):
                return y - 1
    return y


def year_period(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'the 1988 quarter': the quarter last told, in that year."""
    y = int(cand.groups["year"])
    r.value, r.granularity = (f"{y:04d}-Q{ctx.quarter[1]}", "quarter") if ctx.quarter else (f"{y:04d}", "year")
    return r


def holiday(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'Christmas Day', 'last Thanksgiving': the nearest one on the tense's side."""
    g, lex = cand.groups, lexicon()
    name = phrase(g["holiday"])
    r.uses_anchor = True
    rel = (g.get("rel") or "").lower()
    tense = "past" if rel == "last" else "future" if rel == "next" else tense_at(ctx, cand.start)
    if name in lex["floating_holidays"]:
        month, weekday, nth = (int(x) for x in lex["floating_holidays"][name].split(":"))
        y = nearest_year(r.anchor, r.anchor_kind, month, 20, tense)
        if y is None:
            return None
        day = nth_weekday(y, month, weekday, nth)
    else:
        month, day = (int(x) for x in lex["holidays"][name].split("-"))
        y = nearest_year(r.anchor, r.anchor_kind, month, day, tense)
    r.value, r.granularity = f"{y:04d}-{month:02d}-{day:02d}" if y else f"XXXX-{month:02d}-{day:02d}", "day"
    return r
