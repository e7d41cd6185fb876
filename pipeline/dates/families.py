"""The grammar: one entry per family of temporal expressions, with its
pattern, the words that must be present for it to be tried, the filter and
extent rule it needs, and the resolver that gives its TIMEX3 value.

A pattern is a regular expression written with named fragments
(`{month}`, `{day}`, `{year}`, ...) built from the word lists of
`data/dates_lexicon.toml`; `keys` are words one of which every match
contains ("#" a digit, "@table" the words of a lexicon table). Adding a
family is adding an entry here (and its words to the lexicon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from pipeline.dates import absolute, amounts, clock, filters, relative
from pipeline.dates.anchoring import DAY_VALUE, Context, Resolved
from pipeline.dates.lexicon import abbreviations, lexicon, number_words, phrase, words


@dataclass(frozen=True)
class Family:
    name: str
    pattern: str
    keys: tuple[str, ...]
    resolve: Callable
    check: Callable | None = None  # (groups, sentence, match) -> keep the match?
    reshape: Callable | None = None  # (rule, groups, match, start, end) -> (rule, start, end)
    partial: bool = False  # a date missing its year: anchored on the last date told


FAMILIES = [
    Family("iso", r"{B}(?P<year>\d{{4}})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?{E}",
           ("#",), absolute.calendar_day),
    Family("numeric", r"{B}(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>\d{{4}}|\d{{2}})(?![\w.]\d|\w)",
           ("#",), absolute.calendar_day, check=filters.plausible_numeric),
    # Two days of one month with its year: one row spanning both ("5 and 6 May 1997").
    Family("dmy_pair", r"{B}(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?i:and)\s+{day}(?:\s+of)?\s+(?P<month>{month}),?\s+{any_year}{E}",
           ("@months",), absolute.day_pair),
    Family("mdy_pair", r"{B}(?P<month>{month})\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?i:and)\s+{day},?\s+{any_year}{E}",
           ("@months",), absolute.day_pair),
    Family("dmy", r"{B}{weekday_prefix}{dmod}{day}(?:\s+of)?\s+(?P<month>{month}),?\s+{any_year}{E}",
           ("@months",), absolute.calendar_day),
    Family("mdy", r"{B}{weekday_prefix}{dmod}(?P<month>{month})\s+{day},?\s+{any_year}{E}",
           ("@months",), absolute.calendar_day),
    Family("week_of", r"{B}(?i:the)\s+(?P<wk>(?i:week|weekend))\s+of\s+(?P<month>{month})\s+{day}(?:,?\s+{any_year})?(?![\w]|[.,]\d)",
           ("week", "weekend"), absolute.week_of, partial=True),
    Family("dm", r"{B}{weekday_prefix}{dmod}{day}(?:\s+of)?\s+(?P<month>{month})(?![\w])",
           ("@months",), absolute.partial_date, check=filters.plausible_day_month, partial=True),
    Family("md", r"{B}{weekday_prefix}{dmod}(?P<month>{month})\s+{day}(?![\w]|[.,]\d)",
           ("@months",), absolute.partial_date, check=filters.plausible_day_month, partial=True),
    # Two days sharing a month without a year: "on 5 and 6 September" (the first
    # day alone), "on April 24 and 25" (the second); with a year, see dmy_pair.
    Family("dm_pair_first", r"{B}{day}(?=\s+(?i:and|or)\s+[0-3]?\d(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{month})(?![\w])(?!,?\s+{any_year}))",
           ("@months",), absolute.partial_date, check=filters.plausible_day_month, partial=True),
    Family("md_pair_second", r"{B}(?P<month>{month})\s+[0-3]?\d(?:st|nd|rd|th)?\s+(?i:and|or)\s+{day}(?![\w]|[.,]\d)(?!,?\s+{any_year})",
           ("@months",), absolute.partial_date, check=filters.plausible_second_day, reshape=filters.reshape_second_day, partial=True),
    Family("my", r"{B}{dmod}(?P<month>{month}),?\s+(?:of\s+)?{any_year}{E}",
           ("@months",), absolute.month_year),
    Family("month_year_rel", r"{B}{dmod}(?P<month>{month_bare})\s+(?:of\s+)?(?P<rel>{relative})\s+(?i:year){E}",
           ("@months",), relative.month_of_relative_year),
    Family("month_rel", r"{B}(?P<rel>{relative})\s+(?P<month>{month_bare}){E}",
           ("@months",), absolute.partial_date, partial=True),
    Family("month", r"{B}{dmod}(?P<month>{month_bare})(?![\w])(?!\s+[A-Z][a-z])",
           ("@months",), absolute.partial_date, check=filters.plausible_month, partial=True),
    Family("year_range", r"{B}{year}\s?[-–/]\s?(?P<year2>\d{{4}}|\d{{2}})(?![\w%]|[.,]\d)",
           ("#",), absolute.year_range, check=filters.plausible_year_range),
    Family("decade", r"{B}{dmod}(?:(?P<decade>1\d\d|20\d)0'?s|'(?P<decade2>\d)0s){E}",
           ("#",), absolute.decade),
    Family("decade_words", r"{B}(?i:the)\s+{dmod}(?P<decw>{decade_words}){E}",
           ("@decade_words",), absolute.decade_words),
    Family("century", r"{B}(?:(?i:the)\s+)?{dmod}(?P<ord>{ordinal})[\s-]+(?i:century){E}",
           ("century",), absolute.century),
    Family("year", r"{B}(?:(?P<fiscal>{fiscal}(?:\s+(?i:year))?)\s+)?{dmod}(?<![$€£#]){year}(?![\w%]|[.,:]\d|-\d|\s?[-–]\s?\d)",
           ("#",), absolute.year, check=filters.plausible_year),
    Family("year_words", r"{B}(?:(?i:the\s+year)\s+)?{dmod}{year_words}{E}",
           ("@year_words", "thousand"), absolute.year),
    Family("season", r"{B}(?:(?P<rel>{relative})\s+|(?:(?i:the)\s+)?{dmod})(?P<season>{season})(?:\s+(?:of\s+)?{any_year})?{E}",
           ("@seasons",), absolute.season, check=filters.plausible_season, partial=True),
    Family("quarter", r"{B}(?:(?P<yrel>(?i:this|last|next))\s+(?i:year's)\s+|(?:(?i:the)\s+)?(?:{year}\s+)?(?:(?P<rel>{relative})\s+)?)(?:{fiscal}[\s-]+)?(?P<ord>{ordinal}|(?i:last))(?P<hyphen>[\s-]+)(?:{fiscal}[\s-]+)?(?P<qh>(?i:quarter|half))(?:\s+of\s+(?:(?:{fiscal}\s+)?(?P<year2>(?:1[0-9]|20)\d\d)|(?P<theyear>(?i:the\s+year))))?{E}",
           ("quarter", "half"), absolute.quarter, reshape=filters.reshape_quarter, partial=True),
    Family("year_period", r"{B}(?i:the)\s+{year}\s+(?P<period>(?i:quarter|period)){E}",
           ("#",), absolute.year_period, partial=True),
    Family("year_ago", r"{B}(?:(?i:the)\s+)?(?:(?i:comparable|same)\s+)?(?i:year)[\s-](?i:ago|earlier)(?:\s+(?:(?P<ord>{ordinal})\s+)?(?P<period>(?i:quarter|period)))?{E}",
           ("ago", "earlier"), relative.year_ago, reshape=filters.reshape_year_ago),
    Family("period_year_before", r"{B}(?:(?i:last\s+year's)\s+(?i:quarter|period)|(?i:the)\s+(?i:same|corresponding|comparable)\s+(?i:quarter|period),?\s+(?:(?i:of)\s+)?(?i:last\s+year|a\s+year\s+(?:ago|earlier)|the\s+(?:previous|preceding)\s+year|the\s+year\s+before)){E}",
           ("year",), relative.year_ago),
    Family("latest_quarter", r"{B}(?P<which>(?i:the\s+(?:latest|most\s+recent|recent|same)|the|that))\s+(?P<period>(?i:quarter|period)){E}",
           ("quarter", "period"), relative.latest_quarter),
    Family("unit_rel", r"{B}(?:(?P<pre>(?i:earlier|later|early|late))\s+)?(?:(?i:the)\s+)?(?P<rel>{relative})\s+(?:(?P<fiscal>{fiscal})\s+)?(?P<unit>(?i:year|month|week|weekend|quarter|decade|century)){E}",
           ("year", "month", "week", "weekend", "quarter", "decade", "century"), relative.unit_relative, check=filters.plausible_lower_case),
    Family("period_edge", r"{B}(?P<dmod>(?i:the\s+(?:end|beginning|start|middle|close)\s+of))\s+(?:(?i:the)\s+|(?P<rel>{relative})\s+)(?P<unit>(?i:year|month|week|quarter|decade|century)){E}",
           ("end", "beginning", "start", "middle", "close"), relative.period_edge),
    Family("the_year", r"{B}(?i:the)\s+(?:(?P<which>(?i:full|fiscal|whole|entire))\s+)?(?i:year)(?![\w-]|'s|\s+\d|\s+(?i:ago|earlier|before|after)\b)",
           ("year",), relative.the_year),
    Family("year_end", r"{B}(?P<yearend>(?i:year[\s-]end|year's\s+end)){E}",
           ("end",), relative.year_end),
    Family("weekend", r"{B}(?i:the)\s+(?i:weekend){E}",
           ("weekend",), relative.weekend),
    Family("anaphoric", r"{B}(?:(?P<pre>(?i:earlier|later))\s+)?(?:(?i:that)(?:\s+(?i:same))?|(?i:the)\s+(?P<rel>(?i:following|previous|preceding|next|same)))\s+(?P<unit>(?i:year|month|day|week|morning|night|evening|afternoon)){E}",
           ("year", "month", "day", "week", "morning", "night", "evening", "afternoon"), relative.anaphoric),
    Family("ago", r"{B}{amod}(?P<num>{num}|{vague})(?:\s+or\s+so)?\s+(?P<unit>{units})\s+(?:or\s+so\s+)?(?P<dir>(?i:ago|earlier|later|from\s+now|hence)){E}",
           ("ago", "earlier", "later", "now", "hence"), relative.ago, reshape=filters.reshape_ago),
    Family("deictic", r"{B}(?:(?P<pre>(?i:earlier|later|late|early))\s+)?(?P<deictic>{deictic})(?:\s+(?P<pod>{pod}))?{E}",
           ("@deictic_days",), relative.deictic_day, check=filters.plausible_lower_case),
    Family("part_of_day", r"{B}(?:(?P<pre>(?i:earlier|later|late|early))\s+)?(?P<rel>(?i:this|last|tomorrow|yesterday))\s+(?P<pod>{pod}){E}",
           ("@parts_of_day",), relative.deictic_day),
    Family("set_weekday", r"{B}(?:(?i:on)\s+)?(?P<weekday>{weekday})(?:s|\s+(?P<pod>{pod})s){E}",
           ("@weekdays",), amounts.set_weekday),
    Family("weekday", r"{B}(?:(?P<pre>(?i:earlier|later|late|early))\s+)?(?:(?P<rel>(?i:(?:the\s+)?previous|last|next|this|coming|past))\s+)?(?P<weekday>{weekday})(?:\s+(?P<pod>{pod}))?(?![\w])",
           ("@weekdays",), relative.weekday),
    Family("clock", r"{B}{amod}(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[aApP]\.?\s?[mM]\b\.?){tz}",
           ("#",), clock.clock_time, reshape=filters.reshape_amount),
    Family("clock24", r"{B}{amod}(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d){tz}(?![\w:])",
           ("#",), clock.clock_time, reshape=filters.reshape_amount),
    Family("noon", r"{B}{amod}(?P<noon>(?i:noon|midnight|midday)){E}",
           ("noon", "midnight", "midday"), clock.clock_time, reshape=filters.reshape_amount),
    Family("clock_words", r"{B}{amod}(?P<hour>1[0-2]|0?[1-9]|{clock_hours})(?P<oclock>\s+(?i:o'clock))?(?:\s+(?P<dayhalf>(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)))?{E}",
           ("clock", "morning", "afternoon", "evening", "night"), clock.clock_time, check=filters.plausible_clock_words,
           reshape=filters.reshape_amount),
    Family("set_every", r"{B}(?P<quant>(?i:every|each|per))\s+(?:(?P<num>{num})\s+)?(?:(?i:other)\s+)?(?:(?P<unit>{unit})|(?P<weekday>{weekday})|(?P<month>{month_bare})){E}",
           ("every", "each", "per"), amounts.set_every),
    Family("set_times", r"{B}(?P<times>(?i:once|twice|thrice)|{num}\s+(?i:times))\s+(?i:a|an|per|each)\s+(?P<unit>{unit}){E}",
           ("once", "twice", "thrice", "times"), amounts.set_times),
    Family("set_adverb", r"{B}(?P<freq>{freq}){E}",
           ("@frequency_adverbs",), amounts.set_adverb),
    Family("duration", r"{B}{amod}(?:(?P<the>(?i:the))\s+)?(?:(?P<rel>(?i:last|past|next|first|previous|coming|following|final|remaining|initial))\s+)?(?P<num>{num}|{vague})(?P<half>\s+1/2|\s+(?i:and\s+a\s+half))?(?:\s+(?i:more|additional|full|straight|consecutive))?(?P<sep>[\s-]+)(?P<unit>{units})(?P<adj>-(?i:long|old))?{E}",
           ("@units",), amounts.duration, check=filters.plausible_duration, reshape=filters.reshape_amount),
    Family("duration_vague", r"{B}(?:(?i:the)\s+)?(?P<rel>(?i:coming|next|past|last|recent))\s+(?P<unit>{unit})s{E}",
           ("@units",), amounts.duration),
    Family("bare_units", r"(?:(?<=\b[Ff]or\s)|(?<=\b[Ww]ithin\s))(?P<unit>(?i:years|months|weeks|days|decades|centuries|hours|minutes)){E}",
           ("@units",), amounts.duration),
    Family("holiday", r"{B}(?:(?P<rel>(?i:last|next|this))\s+)?(?P<holiday>{holidays}|{floating_holidays}){E}",
           ("@holidays",), absolute.holiday, partial=True),
    Family("reference", r"{B}(?P<ref>{refs}){E}",
           ("@references",), relative.reference, check=filters.plausible_reference, reshape=filters.reshape_reference),]
FAMILY = {family.name: family for family in FAMILIES}


@dataclass(frozen=True)
class Grammar:
    patterns: tuple[re.Pattern, ...]  # in FAMILIES order, which is also the tie-break priority
    # word -> indices of the families that need it: a sentence runs only
    # the families whose key words (or digits) it contains.
    keyed: dict[str, tuple[int, ...]]
    digit_families: tuple[int, ...]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    fragments = _fragments(lexicon())
    groups = _key_groups(lexicon())
    keyed: dict[str, list[int]] = {}
    digit_families = []
    for index, family in enumerate(FAMILIES):
        for key in family.keys:
            if key == "#":
                digit_families.append(index)
            for word in groups[key[1:]] if key.startswith("@") else ([] if key == "#" else [key]):
                keyed.setdefault(word, []).append(index)
    return Grammar(
        patterns=tuple(re.compile(family.pattern.format_map(fragments)) for family in FAMILIES),
        keyed={word: tuple(indices) for word, indices in keyed.items()},
        digit_families=tuple(digit_families),
    )


def resolve(cand, ctx: Context) -> Resolved | None:
    """The candidate's TIMEX3 attributes, by its family's resolver."""
    family = FAMILY[cand.rule]
    r = Resolved()
    r.anchor, r.anchor_kind = ctx.anchor(partial=family.partial)
    lex = lexicon()
    if cand.groups.get("dmod"):
        r.mod = lex["date_modifiers"][phrase(cand.groups["dmod"])]
    if cand.groups.get("amod"):
        r.mod = lex["amount_modifiers"][phrase(cand.groups["amod"])]
    if cand.merged_day is not None:
        day = resolve(cand.merged_day, ctx)
        if day is not None and DAY_VALUE.fullmatch(day.value):
            r.told_day = day.value
    return family.resolve(cand, r, ctx)


def _key_groups(lex: dict) -> dict[str, set[str]]:
    """The words of each lexicon table that a key "@table" stands for."""
    def words_of(*tables):
        found = set()
        for table in tables:
            for entry in table:
                found.update(re.findall(r"[a-z]+", entry.lower()))
        return found

    units = words_of(lex["units"])
    weekdays = words_of(lex["weekdays"])
    return {
        "months": words_of(lex["months"]), "weekdays": weekdays | {w + "s" for w in weekdays},
        "units": units | {u + "s" for u in units} | {"centuries"},
        "decade_words": words_of(lex["decade_words"]), "year_words": words_of(lex["year_words"]["words"]),
        "seasons": words_of(lex["seasons"]), "deictic_days": words_of(lex["deictic_days"]),
        "parts_of_day": words_of(lex["parts_of_day"]), "frequency_adverbs": words_of(lex["frequency_adverbs"]),
        "holidays": words_of(lex["holidays"], lex["floating_holidays"]) - {"day", "s", "eve"},
        "references": words_of(lex["references"]) - {"in", "the", "a", "at"},
    }


def _fragments(lex: dict) -> dict[str, str]:
    """The named pieces patterns are written with."""
    month = words(lex["months"], capital=True, abbreviations=abbreviations(lex["months"]))
    long_weekdays = words([w for w in lex["weekdays"] if len(w) > 4], capital=True)
    weekday_abbr = "(?:" + "|".join(f"{w.capitalize()}\\." for w in lex["weekdays"] if len(w) <= 4) + ")"
    weekday = f"(?:{long_weekdays}|{weekday_abbr})"
    year = r"(?P<year>(?:1[0-9]|20)\d\d)"
    numbers = lex["numbers"]
    tens = words([w for w, n in numbers.items() if 20 <= n <= 90 and n % 10 == 0])
    digits = words([w for w, n in numbers.items() if 1 <= n <= 9 and w not in ("a", "an")])
    teens = words([w for w, n in numbers.items() if 10 <= n <= 19])
    year_words = (
        f"(?P<yearw>{words(lex['year_words']['words'])}[\\s-]+(?:{tens}(?:[\\s-]+{digits})?|{teens})"
        f"|(?i:two\\s+thousand)(?:\\s+(?i:and))?(?:[\\s-]+(?:{digits}|{teens}))?)"
    )
    return {
        "B": r"(?<![\w'])", "E": r"(?![\w])",  # word edges
        "month": month, "weekday": weekday, "year": year, "year_words": year_words,
        "month_bare": words([m for m in lex["months"] if len(m) > 4 or m in ("june", "july", "may")], capital=True),
        "day": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?",
        "num": f"(?:\\d+(?:\\.\\d+)?|{number_words()}|(?i:an?))",
        "vague": words(lex["vague_numbers"]), "unit": words(lex["units"]), "units": f"{words(lex['units'])}s?",
        "relative": words(lex["relative"]),
        "dmod": f"(?:(?P<dmod>{words(lex['date_modifiers'])})(?:\\s+|-))?",
        "amod": f"(?:(?P<amod>{words(lex['amount_modifiers'])})\\s+)?",
        "season": words(lex["seasons"]), "pod": words(lex["parts_of_day"]),
        "ordinal": f"(?:{words(lex['ordinals'])}|\\d{{1,2}}(?:st|nd|rd|th))",
        "tz": r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|BST|CET))?",
        "refs": words(lex["references"]), "deictic": words(lex["deictic_days"]),
        "freq": words(lex["frequency_adverbs"]), "holidays": words(lex["holidays"], capital=True),
        "floating_holidays": words(lex["floating_holidays"], capital=True), "fiscal": r"(?i:fiscal)",
        "any_year": f"(?:{year}|{year_words})",
        "weekday_prefix": f"(?:(?P<wdp>{weekday}),?\\s+(?:(?i:the)\\s+)?)?",
        "decade_words": words(lex["decade_words"]),
        "clock_hours": words([w for w, n in numbers.items() if 1 <= n <= 12 and w not in ("a", "an", "dozen")]),
    }
