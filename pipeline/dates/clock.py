"""Resolver of clock times: '9:30 a.m.', '15:00', 'noon', '9 a.m. Tuesday'."""

from __future__ import annotations


from pipeline.dates.anchoring import Candidate, Context, Resolved, as_date
from pipeline.dates.lexicon import number


def clock_time(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """A time on the day written with it, else on the day just told (in its
    sentence or the one before: "banned it on Monday ... read the ruling at
    15:00"), else on the document's day."""
    hour_minute = _hour_minute(cand.groups)
    if hour_minute is None:
        return None
    r.type = "TIME"
    day_value = r.told_day or None
    if day_value is None and ctx.recent_day and cand.sent_index - ctx.recent_day[1] <= 1:
        day_value = ctx.recent_day[0]
    r.uses_anchor = day_value is None
    if day_value is None:
        anchor = r.anchor
        if anchor and anchor[2] is not None and r.anchor_kind == "document":
            day_value = as_date(anchor).isoformat()
        else:
            day_value = "XXXX-XX-XX"
    hour, minute = hour_minute
    r.value, r.granularity = f"{day_value}T{hour:02d}:{minute:02d}", "minute"
    return r


def _hour_minute(g: dict) -> tuple[int, int] | None:
    """Hour (0-24) and minute of '9:30 p.m.', '21:30', 'noon', 'midnight',
    'four o'clock', '4 in the morning', 'ten at night'."""
    if g.get("noon"):
        return (24, 0) if g["noon"].lower() == "midnight" else (12, 0)
    if "dayhalf" in g or "oclock" in g:
        return _hour_of_the_day(int(number(g["hour"])), g.get("dayhalf", "").lower()), 0
    hour, minute = int(g["hour"]), int(g.get("minute") or 0)
    ampm = g.get("ampm", "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    if ampm.startswith("a") and hour == 12:
        hour = 0
    return None if hour > 24 else (hour, minute)


def _hour_of_the_day(hour: int, half: str) -> int:
    """'4 in the morning' 4, '4 in the afternoon' 16, 'ten at night' 22,
    '2 at night' 2; without a half of the day, the hour as written."""
    if half.endswith("morning"):
        return hour % 12
    if half.endswith(("afternoon", "evening")) or (half.endswith("night") and 6 <= hour < 12):
        return hour % 12 + 12
    return hour % 12 if half else hour
