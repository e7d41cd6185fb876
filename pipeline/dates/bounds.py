"""The calendar days a TIMEX3 DATE or TIME value covers."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from pipeline.dates.anchoring import MONTHS_OF_SEASON


def calendar_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest calendar day a TIMEX3 DATE/TIME value covers ('' when open)."""
    if "/" in value:
        first, _, second = value.partition("/")
        return calendar_bounds(first)[0], calendar_bounds(second)[1]
    if re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", value):
        return value[:10], value[:10]
    match = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if match:
        y, m = int(match.group(1)), int(match.group(2))
        return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    match = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value)
    if match:
        y, w = int(match.group(1)), int(match.group(2))
        monday = dt.date.fromisocalendar(y, w, 6 if match.group(3) else 1)
        return monday.isoformat(), (monday + dt.timedelta(days=1 if match.group(3) else 6)).isoformat()
    match = re.fullmatch(r"(\d{4})-([QH])(\d)", value)
    if match:
        y, kind, n = int(match.group(1)), match.group(2), int(match.group(3))
        months = 3 if kind == "Q" else 6
        first, last = (n - 1) * months + 1, n * months
        return f"{y:04d}-{first:02d}-01", f"{y:04d}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}"
    match = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if match:
        y = int(match.group(1))
        first, last = MONTHS_OF_SEASON[match.group(2)]
        last_year = y + 1 if match.group(2) == "WI" else y
        return f"{y:04d}-{first:02d}-01", f"{last_year:04d}-{last:02d}-{calendar.monthrange(last_year, last)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0-01-01", f"{value}9-12-31"
    if re.fullmatch(r"\d{2}", value):
        return f"{value}00-01-01", f"{value}99-12-31"
    return "", ""
