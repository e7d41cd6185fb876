"""Dates: temporal expressions found, normalised to TIMEX3, and the events they date.

In (per document): doc_id, the parsed `Doc`, this document's rows of the
sentences table (doc_id, sent_id, start, end, block_kind, ...), of the infobox
table (doc_id, key, value, start, end) and of the mentions table (doc_id,
sent_id, start, end, text, label; may be empty), the document date (ISO, may be
empty) and the order of day and month in numeric dates ("DMY" or "MDY").

Out: two tables
  dates   DATE_COLUMNS: doc_id, sent_id, start, end, text, type (DATE, TIME,
          DURATION, SET), value (TIMEX3), mod, quant, freq, earliest, latest
          (calendar bounds of a DATE or TIME), granularity, anchor (the date a
          relative expression was resolved against), anchor_kind (document,
          narrative, none), range_id and range_role (start, end, both) linking
          the two ends of a range, ambiguous (a numeric date whose day and month
          could be swapped, or a year range that could be a month), event,
          event_start, event_end, rule (the grammar family that matched)
  events  EVENT_COLUMNS: one row per DATE or TIME with calendar bounds:
          doc_id, sent_id, start, end (the date's span), text, value, earliest,
          latest, event (governing verb or event noun, or the infobox key),
          event_start, event_end, participants (mention texts, "; "),
          participant_spans ("start:end;start:end"), evidence (the sentence)

The grammar is a set of compiled regular expressions, one per family of
expressions, built from the word lists in `data/dates_lexicon.toml` and run
over each sentence (so no expression crosses a sentence or block). Overlapping
candidates are settled longest first; a small resolver then turns each into a
TIMEX3 value in document order. Relative and partial expressions ("last
year", "Friday", "19 September") resolve against the document date; without
one, against the nearest preceding explicit date in the document.

`attach_participants` is the corpus-level step that maps participant spans to
the linked entities' ids and canonical names.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from spacy.tokens import Doc, Token

from pipeline.config import PACKAGE_DATA
from pipeline.tables import typed_array

DATE_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "type", "value", "mod", "quant", "freq",
    "earliest", "latest", "granularity", "anchor", "anchor_kind", "range_id", "range_role",
    "ambiguous", "event", "event_start", "event_end", "rule",
]
EVENT_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "value", "earliest", "latest", "event",
    "event_start", "event_end", "participants", "participant_spans", "evidence",
]
LEXICON_FILE = PACKAGE_DATA / "dates_lexicon.toml"

_MONTHS_OF_SEASON = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


# --------------------------------------------------------------------------- lexicon and grammar


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    with open(LEXICON_FILE, "rb") as handle:
        return tomllib.load(handle)


def _words(words, *, capital: bool = False, period: bool = False) -> str:
    """A regex alternation of words, longest first. With `capital` the words
    must be capitalised (or all capitals); otherwise case is ignored. With
    `period` short words (abbreviations) may carry a full stop."""
    forms = []
    for word in sorted(set(words), key=len, reverse=True):
        pattern = r"\s+".join(re.escape(part) for part in word.split())
        pattern = pattern.replace(r"\-", r"[\s-]?")
        if period and len(word) <= 4:
            pattern += r"\.?"
        if capital:
            forms.append(f"(?:{pattern[0].upper()}(?i:{pattern[1:]}))")
        else:
            forms.append(f"(?i:{pattern})")
    return "(?:" + "|".join(forms) + ")"


def _number_words() -> str:
    numbers = _lexicon()["numbers"]
    tens = [w for w, n in numbers.items() if 20 <= n <= 90 and n % 10 == 0]
    units = [w for w, n in numbers.items() if 1 <= n <= 9 and w not in ("a", "an")]
    simple = [w for w in numbers if w not in ("a", "an")]
    compound = f"{_words(tens)}(?:[\\s-]+{_words(units)})?"
    return f"(?:{compound}|{_words(simple)})"


@dataclass(frozen=True)
class _Grammar:
    families: list[tuple[str, re.Pattern]]
    count_nouns: frozenset
    event_nouns: frozenset
    # word -> indices of the families that need it: a sentence runs only
    # the families whose key words (or digits) it contains.
    keyed: dict
    digit_families: tuple
    future_cue: re.Pattern  # words right before a date that put it ahead


def _family_keys(lex: dict) -> dict[str, set[str]]:
    """Words at least one of which every match of a family contains ("#" = a digit)."""
    def words(*tables):
        out = set()
        for table in tables:
            for entry in table:
                out.update(re.findall(r"[a-z]+", entry.lower()))
        return out

    units = words(lex["units"])
    units |= {u + "s" for u in units} | {"centuries"}
    months = words(lex["months"])
    weekdays = words(lex["weekdays"])
    weekdays |= {w + "s" for w in weekdays}
    numbers = words(lex["numbers"], lex["vague_numbers"])
    return {
        "iso": {"#"}, "numeric": {"#"}, "year_range": {"#"}, "year": {"#"}, "decade": {"#"},
        "clock": {"#"}, "clock24": {"#"}, "year_period": {"#"},
        "dmy": months, "mdy": months, "dm": months, "md": months, "my": months,
        "month_year_rel": months, "month_rel": months, "month": months,
        "decade_words": words(lex["decade_words"]), "century": {"century"},
        "year_words": words(lex["year_words"]["centuries"]) | {"thousand"},
        "season": words(lex["seasons"]), "quarter": {"quarter", "half"},
        "year_ago": {"ago", "earlier"}, "latest_quarter": {"quarter", "period"},
        "unit_rel": {"year", "month", "week", "weekend", "quarter", "decade", "century"},
        "period_edge": {"end", "beginning", "start", "middle", "close"}, "year_end": {"end"}, "the_year": {"year"},
        "weekend": {"weekend"}, "anaphoric": {"year", "month", "day", "week", "morning", "night", "evening", "afternoon"},
        "ago": {"ago", "earlier", "later", "now", "hence"}, "deictic": words(lex["deictic_days"]),
        "part_of_day": words(lex["parts_of_day"]), "set_weekday": weekdays, "weekday": weekdays,
        "noon": {"noon", "midnight", "midday"}, "set_every": {"every", "each", "per"},
        "set_times": {"once", "twice", "thrice", "times"}, "set_adverb": words(lex["frequency_adverbs"]),
        "duration": units, "duration_vague": units, "bare_units": units,
        "holiday": words(lex["holidays"], lex["floating_holidays"]) - {"day", "s", "eve"},
        "reference": words(lex["references"]) - {"in", "the", "a", "at"},
    } | {"_numbers": numbers}


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    lex = _lexicon()
    B, E = r"(?<![\w'])", r"(?![\w])"  # word edges
    month = _words(lex["months"], capital=True, period=True)
    month_bare = _words([m for m in lex["months"] if len(m) > 4 or m in ("june", "july", "may")], capital=True)
    weekday = _words([w for w in lex["weekdays"] if len(w) > 4] , capital=True)
    weekday_abbr = "(?:" + "|".join(f"{w.capitalize()}\\." for w in lex["weekdays"] if len(w) <= 4) + ")"
    weekday = f"(?:{weekday}|{weekday_abbr})"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[0-9]|20)\d\d)"
    num = f"(?:\\d+(?:\\.\\d+)?|{_number_words()}|(?i:an?))"
    vague = _words(lex["vague_numbers"])
    unit = _words(lex["units"])
    units = f"{unit}s?"
    relative = _words(lex["relative"])
    dmod = f"(?:(?P<dmod>{_words(lex['date_modifiers'])})(?:\\s+|-))?"
    amod = f"(?:(?P<amod>{_words(lex['amount_modifiers'])})\\s+)?"
    season = _words(lex["seasons"])
    pod = _words(lex["parts_of_day"])
    ordinal = f"(?:{_words(lex['ordinals'])}|\\d{{1,2}}(?:st|nd|rd|th))"
    tz = r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|BST|CET))?"
    refs = _words(lex["references"])
    deictic = _words(lex["deictic_days"])
    freq = _words(lex["frequency_adverbs"])
    holidays = _words(lex["holidays"], capital=True)
    fiscal = r"(?i:fiscal)"

    tens = _words([w for w, n in lex["numbers"].items() if 20 <= n <= 90 and n % 10 == 0])
    digits = _words([w for w, n in lex["numbers"].items() if 1 <= n <= 9 and w not in ("a", "an")])
    teens = _words([w for w, n in lex["numbers"].items() if 10 <= n <= 19])
    year_words = (
        f"(?P<yearw>{_words(lex['year_words']['centuries'])}[\\s-]+(?:{tens}(?:[\\s-]+{digits})?|{teens})"
        f"|(?i:two\\s+thousand)(?:\\s+(?i:and))?(?:[\\s-]+(?:{digits}|{teens}))?)"
    )
    any_year = f"(?:{year}|{year_words})"
    weekday_prefix = f"(?:(?P<wdp>{weekday}),?\\s+(?:(?i:the)\\s+)?)?"
    decade_words = _words(lex["decade_words"])

    families = [
        ("iso", rf"{B}(?P<year>\d{{4}})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?{E}"),
        ("numeric", rf"{B}(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>\d{{4}}|\d{{2}})(?![\w.]\d|\w)"),
        ("dmy", rf"{B}{weekday_prefix}{dmod}{day}(?:\s+of)?\s+(?P<month>{month}),?\s+{any_year}{E}"),
        ("mdy", rf"{B}{weekday_prefix}{dmod}(?P<month>{month})\s+{day},?\s+{any_year}{E}"),
        ("dm", rf"{B}{weekday_prefix}{dmod}{day}(?:\s+of)?\s+(?P<month>{month})(?![\w])"),
        ("md", rf"{B}{weekday_prefix}{dmod}(?P<month>{month})\s+{day}(?![\w]|[.,]\d)"),
        ("my", rf"{B}{dmod}(?P<month>{month}),?\s+(?:of\s+)?{any_year}{E}"),
        ("month_year_rel", rf"{B}{dmod}(?P<month>{month_bare})\s+(?:of\s+)?(?P<rel>{relative})\s+(?i:year){E}"),
        ("month_rel", rf"{B}(?P<rel>{relative})\s+(?P<month>{month_bare}){E}"),
        ("month", rf"{B}{dmod}(?P<month>{month_bare})(?![\w])(?!\s+[A-Z][a-z])"),
        ("year_range", rf"{B}{year}\s?[-–/]\s?(?P<year2>\d{{4}}|\d{{2}})(?![\w%]|[.,]\d)"),
        ("decade", rf"{B}{dmod}(?:(?P<decade>1\d\d|20\d)0'?s|'(?P<decade2>\d)0s){E}"),
        ("decade_words", rf"{B}(?i:the)\s+{dmod}(?P<decw>{decade_words}){E}"),
        ("century", rf"{B}(?:(?i:the)\s+)?{dmod}(?P<ord>{ordinal})[\s-]+(?i:century){E}"),
        ("year", rf"{B}(?:(?P<fiscal>{fiscal}(?:\s+(?i:year))?)\s+)?{dmod}(?<![$€£#]){year}(?![\w%]|[.,:]\d|-\d|\s?[-–]\s?\d)"),
        ("year_words", rf"{B}(?:(?i:the\s+year)\s+)?{dmod}{year_words}{E}"),
        ("season", rf"{B}(?:(?P<rel>{relative})\s+|(?:(?i:the)\s+)?{dmod})(?P<season>{season})(?:\s+(?:of\s+)?{any_year})?{E}"),
        ("quarter", rf"{B}(?:(?P<yrel>(?i:this|last|next))\s+(?i:year's)\s+|(?:(?i:the)\s+)?(?:{year}\s+)?(?:(?P<rel>{relative})\s+)?)(?:{fiscal}[\s-]+)?(?P<ord>{ordinal}|(?i:last))(?P<hyphen>[\s-]+)(?:{fiscal}[\s-]+)?(?P<qh>(?i:quarter|half))(?:\s+of\s+(?:(?:{fiscal}\s+)?(?P<year2>(?:1[0-9]|20)\d\d)|(?P<theyear>(?i:the\s+year))))?{E}"),
        ("year_period", rf"{B}(?i:the)\s+{year}\s+(?P<period>(?i:quarter|period)){E}"),
        ("year_ago", rf"{B}(?:(?i:the)\s+)?(?:(?i:comparable|same)\s+)?(?i:year)[\s-](?i:ago|earlier)(?:\s+(?:(?P<ord>{ordinal})\s+)?(?P<period>(?i:quarter|period)))?{E}"),
        ("latest_quarter", rf"{B}(?P<which>(?i:the\s+(?:latest|most\s+recent|recent|same)|the|that))\s+(?P<period>(?i:quarter|period)){E}"),
        ("unit_rel", rf"{B}(?:(?P<pre>(?i:earlier|later|early|late))\s+)?(?:(?i:the)\s+)?(?P<rel>{relative})\s+(?:(?P<fiscal>{fiscal})\s+)?(?P<unit>(?i:year|month|week|weekend|quarter|decade|century)){E}"),
        ("period_edge", rf"{B}(?P<dmod>(?i:the\s+(?:end|beginning|start|middle|close)\s+of))\s+(?:(?i:the)\s+|(?P<rel>{relative})\s+)(?P<unit>(?i:year|month|week|quarter|decade|century)){E}"),
        ("the_year", rf"{B}(?i:the)\s+(?:(?P<which>(?i:full|fiscal|whole|entire))\s+)?(?i:year)(?![\w-]|'s|\s+\d|\s+(?i:ago|earlier|before|after)\b)"),
        ("year_end", rf"{B}(?P<yearend>(?i:year[\s-]end|year's\s+end)){E}"),
        ("weekend", rf"{B}(?i:the)\s+(?i:weekend){E}"),
        ("anaphoric", rf"{B}(?:(?P<pre>(?i:earlier|later))\s+)?(?:(?i:that)(?:\s+(?i:same))?|(?i:the)\s+(?P<rel>(?i:following|previous|preceding|next|same)))\s+(?P<unit>(?i:year|month|day|week|morning|night|evening|afternoon)){E}"),
        ("ago", rf"{B}{amod}(?P<num>{num}|{vague})(?:\s+or\s+so)?\s+(?P<unit>{units})\s+(?:or\s+so\s+)?(?P<dir>(?i:ago|earlier|later|from\s+now|hence)){E}"),
        ("deictic", rf"{B}(?:(?P<pre>(?i:earlier|later|late|early))\s+)?(?P<deictic>{deictic})(?:\s+(?P<pod>{pod}))?{E}"),
        ("part_of_day", rf"{B}(?:(?P<pre>(?i:earlier|later|late|early))\s+)?(?P<rel>(?i:this|last|tomorrow|yesterday))\s+(?P<pod>{pod}){E}"),
        ("set_weekday", rf"{B}(?:(?i:on)\s+)?(?P<weekday>{weekday})(?:s|\s+(?P<pod>{pod})s){E}"),
        ("weekday", rf"{B}(?:(?P<pre>(?i:earlier|later|late|early))\s+)?(?:(?P<rel>(?i:(?:the\s+)?previous|last|next|this|coming|past))\s+)?(?P<weekday>{weekday})(?:\s+(?P<pod>{pod}))?(?![\w])"),
        ("clock", rf"{B}{amod}(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[aApP]\.?\s?[mM]\b\.?){tz}"),
        ("clock24", rf"{B}{amod}(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d){tz}(?![\w:])"),
        ("noon", rf"{B}{amod}(?P<noon>(?i:noon|midnight|midday)){E}"),
        ("set_every", rf"{B}(?P<quant>(?i:every|each|per))\s+(?:(?P<num>{num})\s+)?(?:(?i:other)\s+)?(?:(?P<unit>{unit})|(?P<weekday>{weekday})|(?P<month>{month_bare})){E}"),
        ("set_times", rf"{B}(?P<times>(?i:once|twice|thrice)|{num}\s+(?i:times))\s+(?i:a|an|per|each)\s+(?P<unit>{unit}){E}"),
        ("set_adverb", rf"{B}(?P<freq>{freq}){E}"),
        ("duration", rf"{B}{amod}(?:(?P<the>(?i:the))\s+)?(?:(?P<rel>(?i:last|past|next|first|previous|coming|following|final|remaining|initial))\s+)?(?P<num>{num}|{vague})(?P<half>\s+1/2|\s+(?i:and\s+a\s+half))?(?:\s+(?i:more|additional|full|straight|consecutive))?(?P<sep>[\s-]+)(?P<unit>{units})(?P<adj>-(?i:long|old))?{E}"),
        ("duration_vague", rf"{B}(?:(?i:the)\s+)?(?P<rel>(?i:coming|next|past|last|recent))\s+(?P<unit>{unit})s{E}"),
        ("bare_units", rf"(?:(?<=\b[Ff]or\s)|(?<=\b[Ww]ithin\s))(?P<unit>(?i:years|months|weeks|days|decades|centuries|hours|minutes)){E}"),
        ("holiday", rf"{B}(?:(?P<rel>(?i:last|next|this))\s+)?(?P<holiday>{holidays}|{_words(lex['floating_holidays'], capital=True)}){E}"),
        ("reference", rf"{B}(?P<ref>{refs}){E}"),
    ]
    compiled = [(name, re.compile(pattern)) for name, pattern in families]
    keys = _family_keys(lex)
    keyed: dict[str, list[int]] = {}
    digit_families = []
    for index, (name, _) in enumerate(compiled):
        for word in keys[name]:
            if word == "#":
                digit_families.append(index)
            else:
                keyed.setdefault(word, []).append(index)
    return _Grammar(
        families=compiled,
        count_nouns=frozenset(lex["count_nouns"]["words"]),
        event_nouns=frozenset(lex["event_nouns"]["words"]),
        keyed={word: tuple(indices) for word, indices in keyed.items()},
        digit_families=tuple(digit_families),
        future_cue=re.compile(
            rf"{B}{_words(lex['future_cues']['words'])}\s+(?:(?i:on|at)\s+)?"
            rf"(?:(?:\d{{1,2}}(?:[:.]\d\d)?\s*[aApP]\.?\s?[mM]\.?|(?i:noon|midnight))(?:\s+[ECMP][SD]T)?,?\s+)?$"
        ),
    )


# --------------------------------------------------------------------------- matching


@dataclass
class _Candidate:
    start: int
    end: int
    rule: str
    groups: dict
    priority: int
    sent_index: int
    year_from_next: int | None = None
    range_id: str = ""
    range_role: str = ""
    merged_day: "_Candidate | None" = None


@dataclass
class _Resolved:
    type: str = "DATE"
    value: str = ""
    mod: str = ""
    quant: str = ""
    freq: str = ""
    granularity: str = ""
    ambiguous: bool = False
    explicit: tuple | None = None  # (y, m, d) of a date written in full: a narrative anchor
    quarter: tuple | None = None  # (y, q): context for "a year earlier" in quarterly reports
    uses_anchor: bool = False
    anchor: tuple | None = None
    anchor_kind: str = ""
    earliest: str = ""
    latest: str = ""


_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def _candidates(text: str, sentence_spans: list[tuple[int, int]]) -> list[_Candidate]:
    grammar = _grammar()
    found = []
    for sent_index, (s_start, s_end) in enumerate(sentence_spans):
        sentence = text[s_start:s_end]
        wanted = set(grammar.digit_families) if _DIGIT.search(sentence) else set()
        for word in _WORD.findall(sentence.lower()):
            wanted.update(grammar.keyed.get(word, ()))
        for priority in sorted(wanted):
            rule, pattern = grammar.families[priority]
            for match in pattern.finditer(sentence):
                if match.end() == match.start():
                    continue
                groups = {k: v for k, v in match.groupdict().items() if v is not None}
                if not _plausible(rule, groups, sentence, match, grammar):
                    continue
                start, end = s_start + match.start(), s_start + match.end()
                rule, start, end = _reshape(rule, groups, match, start, end, s_start)
                found.append(_Candidate(start, end, rule, groups, priority, sent_index))
    return _select(found)


def _reshape(rule: str, groups: dict, match: re.Match, start: int, end: int, offset: int) -> tuple[str, int, int]:
    """Extent conventions: a leading "in" of "in the past" is context, not
    time; "the" stays out of hyphenated modifiers ("the third-quarter
    results"); "three days later" is a duration followed by its direction."""
    text = match.group(0)
    lower = text.lower()
    if rule == "reference" and lower.startswith("in "):
        return rule, start + 3, end
    if rule == "quarter" and "-" in groups.get("hyphen", "") and lower.startswith("the ") and not groups.get("year"):
        return rule, start + 4, end
    if rule == "duration" and "-" in groups.get("sep", "") and groups.get("the") and not groups.get("rel"):
        return rule, offset + match.start("num"), end
    if rule == "year_ago" and not groups.get("period") and lower.startswith("the "):
        return rule, start + 4, end
    amod = groups.get("amod", "")
    if rule in ("duration", "clock", "clock24", "noon") and amod.lower() in _lexicon()["unmarked_modifiers"]["words"]:
        # "about five hours": the extent is the amount; the mod column keeps "about"
        inner = match.end("amod") - match.start()
        inner += len(text[inner:]) - len(text[inner:].lstrip())
        return rule, start + inner, end
    if rule == "ago" and groups["dir"].lower() in ("earlier", "later"):
        _, code, is_time = _unit(groups["unit"])
        if code in ("D", "W") or is_time:
            return "duration", start, offset + match.end("unit")
    return rule, start, end


def _plausible(rule: str, groups: dict, sentence: str, match: re.Match, grammar: _Grammar) -> bool:
    """Filters a pattern cannot express: calendar validity and counts that look like years."""
    if "day" in groups and not 1 <= int(groups["day"]) <= 31:
        return False
    if rule == "year":
        following = sentence[match.end():match.end() + 30].split()
        if following and following[0].lower().strip(".,;:") in grammar.count_nouns:
            return False
        before = sentence[:match.start()].rstrip()
        if before.endswith(("$", "€", "£", "No.", "no.", "#")) or re.search(r"\d[\s,.]?$", before):
            return False
    if rule == "year_range":
        first, second = int(groups["year"]), groups["year2"]
        second_year = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if not first < second_year <= first + 20:
            return False
    if rule == "month" and match.group("month").lower().startswith("may"):
        before = sentence[:match.start()].split()
        if not before or before[-1].lower() not in _lexicon()["may_month_cues"]["words"]:
            return False
    if rule in ("dm", "md"):
        after = sentence[match.end():match.end() + 2]
        if after[:1] in ("%",):
            return False
    if rule == "numeric":
        a, b = int(groups["a"]), int(groups["b"])
        if a == 0 or b == 0 or (a > 12 and b > 12) or a > 31 or b > 31:
            return False
    if rule == "duration":
        if re.fullmatch(r"\d{4,}", groups["num"]):
            return False  # "the 1988 quarter": a year, not a count
        after = sentence[match.end():match.end() + 5].lower()
        if after.startswith(" old") or groups.get("adj", "").lower() == "-old":
            return False  # an age: "a 6-year-old", "52 years old"
        if groups["unit"].lower().startswith("quarter") and _FRACTION_OF.match(sentence, match.end()):
            return False  # a fraction: "three-quarters of", "a quarter of the votes"
        if groups["unit"].lower() == "second" and not groups["num"][0].isdigit():
            return False  # "a second group": an ordinal
        number = groups["num"].lower()
        plural = groups["unit"].lower().endswith("s")
        if number in ("a", "an") and (plural or groups.get("the")):
            return False
        if number in ("a", "an"):
            before = sentence[:match.start()].rstrip().lower()
            if before.endswith(tuple(_lexicon()["rate_words"]["words"])):
                return False
    if rule in ("deictic", "unit_rel"):
        word = groups.get("deictic") or groups["unit"]
        if word[:1].isupper() and sentence[:match.start()].strip(" \t\n\"'`(“‘"):
            return False  # "ABC's This Week", "VOA Today": a capital mid-sentence makes a name
    return True


def _select(found: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest of overlapping candidates (ties: the earlier family)."""
    found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[_Candidate] = []
    occupied: list[tuple[int, int]] = []
    for cand in found:
        i = bisect.bisect_left(occupied, (cand.start, cand.start))
        clash = (i < len(occupied) and occupied[i][0] < cand.end) or (i > 0 and occupied[i - 1][1] > cand.start)
        if not clash:
            bisect.insort(occupied, (cand.start, cand.end))
            taken.append(cand)
    taken.sort(key=lambda c: (c.start, c.end))
    return taken


_LINKS = re.compile(r"^\s*(?:,|and|or|to|until|till|through|thru|-|–|—|and\s+on|or\s+on)?\s*$", re.I)
_RANGE_LINKS = re.compile(r"^\s*(?:-|–|—|to|until|till|through|thru|and)\s*$", re.I)
_NO_YEAR = {"dm", "md", "month", "weekday"}
_WITH_YEAR = {"dmy", "mdy", "my", "numeric", "iso"}
_CLOCK_TO_DAY = re.compile(r"\s*(?:[ECMP][SD]T|GMT|UTC)?\s*,?\s*(?:on\s+)?")
_PARTIAL_RULES = {"dm", "md", "month", "month_rel", "season", "quarter", "holiday", "year_period"}
# "quarter of" is a fraction unless a unit of time follows ("a quarter of an hour").
_FRACTION_OF = re.compile(r"\s+of\s+(?!(?:an?\s+|the\s+)?(?:hour|century|year|day|month)s?\b)", re.I)
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d")
_DAY_RULES = {"dm", "md", "dmy", "mdy", "weekday", "deictic", "iso", "numeric"}


def _link_neighbours(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """Coordinated and ranged expressions share what only one of them states
    ("19 September and 3 October 2004"); a clock time followed by its day is
    one expression ("9 a.m. Tuesday"); a range's two ends share a range_id."""
    out: list[_Candidate] = []
    range_count = 0
    for cand in cands:
        if out:
            prev = out[-1]
            gap = text[prev.end:cand.start]
            same_sentence = prev.sent_index == cand.sent_index
            # "5 p.m. Wednesday": sentence splitting may cut after "p.m."
            if prev.rule in ("clock", "clock24", "noon") and cand.rule in _DAY_RULES and _CLOCK_TO_DAY.fullmatch(gap):
                prev.end, prev.merged_day = cand.end, cand
                continue
            if same_sentence and prev.rule in _NO_YEAR and cand.rule in _WITH_YEAR and _LINKS.match(gap):
                prev.year_from_next = int(cand.groups["year"]) if "year" in cand.groups else None
            if same_sentence and _RANGE_LINKS.match(gap) and prev.rule not in ("duration", "set_every", "reference") and cand.rule not in ("duration", "set_every", "reference"):
                ranged = gap.strip().lower() != "and" or text[max(0, prev.start - 8):prev.start].lower().rstrip().endswith("between")
                if ranged:
                    range_count += 1
                    prev.range_id = prev.range_id or f"R{range_count}"
                    prev.range_role = prev.range_role or "start"
                    cand.range_id, cand.range_role = prev.range_id, "end"
        out.append(cand)
    return out


# --------------------------------------------------------------------------- resolution


@dataclass
class _Context:
    document: tuple | None  # (y, m, d) document date
    date_order: str
    doc: Doc
    text: str  # the text the grammar reads (Doc.text would rebuild it on every use)
    narrative: tuple | None = None  # the last explicit date seen, at any precision
    narrative_day: tuple | None = None  # the last explicit full date seen
    quarter: tuple | None = None
    recent_day: tuple[str, int] | None = None  # the last calendar day resolved, and its sentence

    def anchor(self, partial: bool = False) -> tuple[tuple | None, str]:
        """The time an expression resolves against. Without a document date:
        a partial date ("5 March") takes the year of the last date written,
        while a relative one ("last year") counts from the last full date,
        which in a narrative marks its present (a statement's own date rather
        than the background years it recalls)."""
        if self.document:
            return self.document, "document"
        if partial and self.narrative:
            return self.narrative, "narrative"
        if self.narrative_day or self.narrative:
            return self.narrative_day or self.narrative, "narrative"
        return None, "none"


def _parse_iso(value: str) -> tuple | None:
    match = re.match(r"^(\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?", value or "")
    if not match:
        return None
    y, m, d = match.groups()
    return int(y), int(m) if m else None, int(d) if d else None


def _as_date(anchor: tuple) -> dt.date | None:
    y, m, d = anchor
    if y is None or m is None:
        return None
    return dt.date(y, m, d or 1)


def _number(text: str) -> int | str:
    """'twenty-four' -> 24, '18' -> 18, 'several' -> 'X'."""
    lex = _lexicon()
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in lex["vague_numbers"]:
        return lex["vague_numbers"][t]
    try:
        number = float(t)
        return int(number) if number.is_integer() else number
    except ValueError:
        pass
    total = 0
    for part in re.split(r"[\s-]+", t):
        if part in lex["numbers"]:
            n = lex["numbers"][part]
            total = total * n if n in (100, 1000) and total else total + n
    return total or "X"


def _unit(text: str) -> tuple[int, str, bool]:
    """'years' -> (1, 'Y', False); 'decades' -> (10, 'Y', False); 'hours' -> (1, 'H', True)."""
    lex = _lexicon()
    word = text.lower()
    if word not in lex["units"] and word.endswith("s"):
        word = word[:-1]
    if word == "centurie":
        word = "century"
    code = lex["units"].get(word, "D")
    factor = int(re.match(r"\d*", code).group() or 1)
    return factor, code.lstrip("0123456789"), bool(lex["time_units"].get(word))


def _duration_value(count, unit_text: str) -> str:
    factor, code, is_time = _unit(unit_text)
    if isinstance(count, float):
        count = count if not count.is_integer() else int(count)
    amount = "X" if count == "X" else (count * factor if isinstance(count, (int, float)) else count)
    if isinstance(amount, float):
        amount = f"{amount:g}"
    return f"P{'T' if is_time else ''}{amount}{code}"


def _year(groups: dict) -> int | None:
    """The year a match states, in digits or words ("nineteen ninety-four")."""
    if groups.get("year"):
        return int(groups["year"])
    words = groups.get("yearw")
    if not words:
        return None
    parts = re.split(r"[\s-]+", words.lower())
    if parts[:2] == ["two", "thousand"]:
        rest = [p for p in parts[2:] if p != "and"]
        return 2000 + (_number(" ".join(rest)) if rest else 0)
    century = _lexicon()["numbers"].get(parts[0], 0)
    rest = _number(" ".join(parts[1:]))
    return century * 100 + rest if isinstance(rest, int) else None


def _month_number(text: str) -> int:
    return _lexicon()["months"][text.lower().rstrip(".")]


def _shift(anchor: tuple, amount: int, code: str) -> tuple[str, str] | None:
    """The anchor moved by `amount` units, written at the unit's granularity."""
    y, m, d = anchor
    if y is None:
        return None
    if code == "Y":
        return f"{y + amount:04d}", "year"
    if m is None:
        return None
    if code == "Q":
        index = y * 4 + (m - 1) // 3 + amount
        return f"{index // 4:04d}-Q{index % 4 + 1}", "quarter"
    if code == "M":
        index = y * 12 + m - 1 + amount
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    if d is None:
        return None
    date = dt.date(y, m, d)
    if code == "W":
        iso = (date + dt.timedelta(weeks=amount)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}", "week"
    if code in ("D", "H"):
        return (date + dt.timedelta(days=amount)).isoformat(), "day"
    return None


# How far (in days) the clause's tense may push a partial date from its
# nearest year: "was extended to Nov. 16" written on 30 October is still the
# coming 16 November, but "set on Aug. 6" written in February is last August.
# (A day-precise date, a month-precise one.)
_TENSE_PENALTY_DAYS = (150, 300)


def _nearest_year(anchor: tuple | None, kind: str, month: int, day: int | None, tense: str = "") -> int | None:
    """The year that puts month(/day) nearest the document date, on the side
    the clause's tense points to (past: on or before it, future: on or after);
    a narrative anchor lends its own year."""
    if not anchor or anchor[0] is None:
        return None
    y = anchor[0]
    if kind != "document" or anchor[1] is None:
        return y
    ref = dt.date(y, anchor[1], anchor[2] or 15)
    best = None
    for candidate in (y - 1, y, y + 1):
        try:
            date = dt.date(candidate, month, min(day or 15, calendar.monthrange(candidate, month)[1]))
        except ValueError:
            continue
        distance = abs((date - ref).days)
        if day is None:
            months_apart = (candidate - y) * 12 + month - anchor[1]
            distance = abs(months_apart) * 31
            if (tense == "past" and months_apart > 0) or (tense == "future" and months_apart < 0):
                distance += _TENSE_PENALTY_DAYS[1]
        elif (tense == "past" and date > ref) or (tense == "future" and date < ref):
            distance += _TENSE_PENALTY_DAYS[0]
        distance += 0 if date <= ref else 1  # a tie goes to the past
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1] if best else y


def _full_year(two_digits: int, anchor: tuple | None, *, ahead: int) -> int:
    """The year a two-digit year ("'98", "the '20s") means: the latest one at
    most `ahead` years after the anchor's year; without an anchor, 1930-2029."""
    if not anchor or anchor[0] is None:
        return two_digits + (1900 if two_digits >= 30 else 2000)
    year = anchor[0] // 100 * 100 + two_digits
    return year - 100 if year > anchor[0] + ahead else year


_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"})
_FUTURE_LEMMAS = frozenset({"schedule", "plan", "expect", "set", "due", "intend"})


def _tense_at(ctx: "_Context", start: int) -> str:
    """The time a date's clause points to: a cue right before the date
    ("until Tuesday", "as early as Friday") says future whatever the verb's
    tense; otherwise the tense of the governing verb."""
    if _grammar().future_cue.search(ctx.text, max(0, start - 40), start):
        return "future"
    return _tense(_token_at(ctx.doc, start))


def _tense(token: Token | None) -> str:
    """'past', 'future' or '' (unknown) for the clause governing `token`.

    Only a verb close to the date counts (two steps up the tree at most): a
    date in a verbless phrase ("the dividend, payable Dec. 1, ...") says
    nothing about the tense of the sentence's reporting verb. An infinitive
    takes the tense of the verb it depends on ("voted to support Friday")."""
    if token is None:
        return ""
    head, steps = token, 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps < 3:
        head, steps = head.head, steps + 1
        if head.pos_ == "ADJ" and head.lemma_.lower() in _FUTURE_LEMMAS:
            return "future"  # "elections are due in October"
    if head.pos_ not in ("VERB", "AUX") or steps > 2:
        return ""
    for _ in range(3):
        auxiliaries = [child for child in head.children if child.dep_ in ("aux", "auxpass")]
        words = {child.lower_ for child in auxiliaries}
        if words & {"will", "shall", "'ll", "wo", "would"} or "going" in words:
            return "future"
        if words & {"may", "might", "could", "can", "should", "must"}:
            return "future"
        if head.tag_ == "VBD":
            return "past"  # "the government planned on Friday": the planning is past
        if head.lemma_.lower() in _FUTURE_LEMMAS:
            return "future"
        if any(child.tag_ == "VBD" for child in auxiliaries):
            return "past"
        if head.tag_ == "VBN" and any(child.lemma_.lower() == "have" for child in auxiliaries):
            return "past"
        if head.tag_ == "VB" and head.head.i != head.i and (head.dep_ in ("xcomp", "advcl") or "to" in words):
            head = head.head
            continue
        break
    return ""


def _weekday_date(anchor: tuple, weekday: int, direction: int) -> dt.date | None:
    date = _as_date(anchor)
    if date is None or anchor[2] is None:
        return None
    delta = weekday - date.isoweekday()
    if direction < 0:
        return date + dt.timedelta(days=delta if delta <= 0 else delta - 7)
    return date + dt.timedelta(days=delta if delta >= 0 else delta + 7)


def _resolve(cand: _Candidate, ctx: _Context) -> _Resolved | None:
    g = {k: v for k, v in cand.groups.items()}
    r = _Resolved()
    anchor, kind = ctx.anchor(partial=cand.rule in _PARTIAL_RULES)
    r.anchor, r.anchor_kind = anchor, kind
    lex = _lexicon()
    rule = cand.rule
    if g.get("dmod"):
        r.mod = lex["date_modifiers"][re.sub(r"\s+", " ", g["dmod"].lower())]
    if g.get("amod"):
        r.mod = lex["amount_modifiers"][re.sub(r"\s+", " ", g["amod"].lower())]

    if rule in ("iso", "dmy", "mdy", "numeric"):
        y = _year(g)
        if rule == "numeric":
            if len(g["year"]) == 2:
                y = _full_year(y, anchor, ahead=10)
            a, b = int(g["a"]), int(g["b"])
            day_first = ctx.date_order.upper().startswith("D")
            if a > 12:
                day_first = True
            elif b > 12:
                day_first = False
            d, m = (a, b) if day_first else (b, a)
            r.ambiguous = a <= 12 and b <= 12 and a != b
        else:
            m = int(g["month"]) if rule == "iso" else _month_number(g["month"])
            d = int(g["day"])
        try:
            dt.date(y, m, d)
        except ValueError:
            return None
        r.value, r.granularity, r.explicit = f"{y:04d}-{m:02d}-{d:02d}", "day", (y, m, d)
        if g.get("hour"):
            r.type, r.value, r.granularity = "TIME", f"{r.value}T{g['hour']}:{g['minute']}", "minute"
        return r

    if rule in ("dm", "md", "month", "month_rel"):
        m = _month_number(g["month"])
        d = int(g["day"]) if g.get("day") else None
        y = cand.year_from_next
        if y is None:
            r.uses_anchor = True
            if rule == "month_rel" and anchor and anchor[0] is not None and anchor[1] is not None:
                step = lex["relative"][g["rel"].lower()]
                y = anchor[0] + (-1 if step < 0 and m >= anchor[1] else 1 if step > 0 and m <= anchor[1] else 0)
            else:
                tense = _tense_at(ctx, cand.start) if kind == "document" else ""
                y = _nearest_year(anchor, kind, m, d, tense)
        year_text = f"{y:04d}" if y is not None else "XXXX"
        if d is not None:
            if y is not None:
                try:
                    dt.date(y, m, d)
                except ValueError:
                    return None
            r.value, r.granularity = f"{year_text}-{m:02d}-{d:02d}", "day"
        else:
            r.value, r.granularity = f"{year_text}-{m:02d}", "month"
        return r

    if rule == "month_year_rel":
        if not anchor:
            return None
        r.uses_anchor = True
        y, m = anchor[0] + lex["relative"][g["rel"].lower()], _month_number(g["month"])
        r.value, r.granularity = f"{y:04d}-{m:02d}", "month"
        return r

    if rule == "my":
        y, m = _year(g), _month_number(g["month"])
        r.value, r.granularity, r.explicit = f"{y:04d}-{m:02d}", "month", (y, m, None)
        return r

    if rule in ("year", "year_words"):
        y = _year(g)
        if y is None:
            return None
        r.value, r.granularity, r.explicit = f"{y:04d}", "year", (y, None, None)
        return r

    if rule == "year_range":
        y = int(g["year"])
        second = g["year2"]
        y2 = int(second) if len(second) == 4 else y // 100 * 100 + int(second)
        r.value, r.granularity, r.explicit = f"{y:04d}/{y2:04d}", "year", (y, None, None)
        r.ambiguous = len(second) == 2 and int(second) <= 12
        r.earliest, r.latest = f"{y:04d}-01-01", f"{y2:04d}-12-31"
        return r

    if rule == "decade":
        if g.get("decade"):
            r.value = g["decade"]
        else:
            r.value = str(_full_year(int(g["decade2"]) * 10, anchor, ahead=0) // 10)
        r.granularity = "decade"
        return r

    if rule == "decade_words":
        decade = lex["decade_words"][g["decw"].lower()] * 10
        r.value, r.granularity = str(_full_year(decade, anchor, ahead=0) // 10), "decade"
        return r

    if rule == "century":
        n = _ordinal(g["ord"])
        r.value, r.granularity = f"{n - 1:02d}", "century"
        return r

    if rule == "season":
        code = lex["seasons"][g["season"].lower()]
        if not (g.get("rel") or g.get("year") or g.get("yearw")):
            token = _token_at(ctx.doc, cand.end - 1)
            if token is None or token.pos_ != "NOUN":
                return None  # "prices fall", "will fall apart"
        if g.get("year") or g.get("yearw"):
            y = _year(g)
        else:
            r.uses_anchor = True
            y = anchor[0] if anchor else None
            if g.get("rel") and anchor and anchor[1]:
                step = lex["relative"][g["rel"].lower()]
                first_month, last_month = _MONTHS_OF_SEASON[code]
                if step < 0:
                    ended_this_year = anchor[1] > last_month and code != "WI"
                    y = anchor[0] if ended_this_year else anchor[0] - 1
                elif step > 0:
                    y = anchor[0] if anchor[1] < first_month else anchor[0] + 1
        r.value, r.granularity = f"{y:04d}-{code}" if y is not None else f"XXXX-{code}", "season"
        return r

    if rule == "quarter":
        is_half = g["qh"].lower() == "half"
        count = 2 if is_half else 4
        ordinal_text = g["ord"].lower()
        n = count if ordinal_text == "last" else _ordinal(ordinal_text)
        if not 1 <= n <= count:
            return None
        if g.get("year") or g.get("year2"):
            y = int(g.get("year") or g["year2"])
        else:
            r.uses_anchor = True
            y = anchor[0] if anchor else None
            if y is not None and g.get("yrel"):
                y += lex["relative"][g["yrel"].lower()]
            elif y is not None and g.get("rel"):
                y += lex["relative"][g["rel"].lower()]
            elif y is not None and anchor[1] and kind == "document" and not is_half:
                current_q = (anchor[1] - 1) // 3 + 1
                if n > current_q and _tense_at(ctx, cand.start) == "past":
                    y -= 1
        letter = "H" if is_half else "Q"
        r.value, r.granularity = f"{y:04d}-{letter}{n}" if y is not None else f"XXXX-{letter}{n}", "half" if is_half else "quarter"
        if not is_half and y is not None:
            r.quarter = (y, n)
        return r

    if rule == "year_period":
        y = int(g["year"])
        r.value, r.granularity = (f"{y:04d}-Q{ctx.quarter[1]}", "quarter") if ctx.quarter else (f"{y:04d}", "year")
        return r

    if rule == "latest_quarter":
        r.uses_anchor = True
        which = re.sub(r"\s+", " ", g["which"].lower())
        if ctx.quarter:
            r.value = f"{ctx.quarter[0]:04d}-Q{ctx.quarter[1]}"
        elif which in ("the", "that") or not anchor or anchor[1] is None:
            return None
        else:
            shifted = _shift(anchor, -1, "Q")
            r.value = shifted[0] if shifted else ""
        r.granularity = "quarter"
        return r if r.value else None

    if rule == "the_year":
        # "the year ended June 30": a fiscal year, named by its length;
        # otherwise "for the year" is the anchor's (the reporting) year.
        if re.match(r"\s+(?:that\s+)?(?:ended|ending|ends|to\b)", ctx.text[cand.end:cand.end + 16]):
            r.type, r.value = "DURATION", "P1Y"
            return r
        if not anchor:
            return None
        r.uses_anchor = True
        r.value, r.granularity = f"{anchor[0]:04d}", "year"
        return r

    if rule == "year_end":
        if not anchor:
            return None
        r.uses_anchor = True
        r.value, r.granularity, r.mod = f"{anchor[0]:04d}", "year", "END"
        return r

    if rule == "weekend":
        if not anchor or anchor[2] is None:
            return None
        r.uses_anchor = True
        date = _as_date(anchor)
        if _tense_at(ctx, cand.start) == "future" or date.isoweekday() >= 6:
            date = date + dt.timedelta(days=(6 - date.isoweekday()) % 7)
        else:
            date = date - dt.timedelta(days=(date.isoweekday() + 1) % 7 or 7)
        iso = date.isocalendar()
        r.value, r.granularity = f"{iso[0]:04d}-W{iso[1]:02d}-WE", "weekend"
        return r

    if rule == "anaphoric":
        base = ctx.narrative or anchor
        if not base or base[0] is None:
            return None
        r.uses_anchor = True
        unit = g["unit"].lower()
        step = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get((g.get("rel") or "").lower(), 0)
        code = {"year": "Y", "month": "M", "week": "W"}.get(unit, "D")
        shifted = _shift(base, step, code)
        if shifted is None:
            return None
        r.value, r.granularity = shifted
        if unit in lex["parts_of_day"] and r.granularity == "day":
            r.type, r.value, r.granularity = "TIME", f"{r.value}T{lex['parts_of_day'][unit]}", "part_of_day"
        return r

    if rule == "period_edge":
        if not anchor:
            return None
        r.uses_anchor = True
        step = lex["relative"][g["rel"].lower()] if g.get("rel") else 0
        unit = g["unit"].lower()
        if unit == "decade":
            r.value, r.granularity = f"{anchor[0] // 10 + step:03d}", "decade"
        elif unit == "century":
            r.value, r.granularity = f"{anchor[0] // 100 + step:02d}", "century"
        else:
            shifted = _shift(anchor, step, {"year": "Y", "month": "M", "week": "W", "quarter": "Q"}[unit])
            if shifted is None:
                return None
            r.value, r.granularity = shifted
        return r

    if rule == "year_ago":
        r.uses_anchor = True
        shift = -1
        if g.get("ord"):
            q = _ordinal(g["ord"])
            if ctx.quarter:
                r.value = f"{ctx.quarter[0] + shift:04d}-Q{q}"
            elif anchor:
                r.value = f"{anchor[0] + shift:04d}-Q{q}"
        elif ctx.quarter:
            r.value = f"{ctx.quarter[0] + shift:04d}-Q{ctx.quarter[1]}"
        elif anchor:
            r.value = f"{anchor[0] - 1:04d}"
        if not r.value:
            return None
        r.granularity = "quarter" if "Q" in r.value else "year"
        return r

    if rule == "unit_rel":
        step = lex["relative"][g["rel"].lower()]
        unit = g["unit"].lower()
        r.uses_anchor = True
        pre = (g.get("pre") or "").lower()
        if pre in ("early", "late"):
            r.mod = "START" if pre == "early" else "END"
        if not anchor:
            return _unknown(r, unit)
        if unit == "weekend":
            shifted = _shift(anchor, step, "W")
            if shifted is None:
                return _unknown(r, unit)
            r.value, r.granularity = shifted[0] + "-WE", "weekend"
            return r
        if unit == "decade":
            r.value, r.granularity = f"{(anchor[0] // 10 + step):03d}", "decade"
            return r
        if unit == "century":
            r.value, r.granularity = f"{(anchor[0] // 100 + step):02d}", "century"
            return r
        if g["rel"].lower() in ("following", "previous", "preceding") and ctx.narrative:
            anchor = ctx.narrative
        shifted = _shift(anchor, step, {"year": "Y", "month": "M", "week": "W", "quarter": "Q"}[unit])
        if shifted is None:
            return _unknown(r, unit)
        r.value, r.granularity = shifted
        if unit == "quarter":
            r.quarter = (int(r.value[:4]), int(r.value[-1]))
        return r

    if rule == "ago":
        count = _number(g["num"])
        factor, code, is_time = _unit(g["unit"])
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
                r.value, r.granularity = _as_date(anchor).isoformat(), "day"
                return r
            return _unknown(r, "year")
        if isinstance(count, float):
            count = int(count)
        shifted = _shift(anchor, direction * count * factor, code)
        if shifted is None:
            return _unknown(r, "year")
        r.value, r.granularity = shifted
        if r.mod in ("LESS_THAN", "MORE_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"):
            r.mod = "APPROX"
        return r

    if rule in ("deictic", "part_of_day"):
        r.uses_anchor = True
        word = (g.get("deictic") or g.get("rel")).lower()
        offset = {"this": 0, "last": -1}.get(word, lex["deictic_days"].get(word, 0))
        pod = g.get("pod")
        if word == "tonight":
            pod = pod or "night"
        if not anchor or anchor[2] is None:
            return _unknown(r, "day")
        day_value = (_as_date(anchor) + dt.timedelta(days=offset)).isoformat()
        r.value, r.granularity = day_value, "day"
        if pod and word != "tonight":
            r.type, r.value, r.granularity = "TIME", f"{day_value}T{lex['parts_of_day'][pod.lower()]}", "part_of_day"
        return r

    if rule == "weekday":
        weekday = lex["weekdays"][g["weekday"].lower().rstrip(".")]
        r.uses_anchor = True
        if not anchor or anchor[2] is None:
            return _unknown(r, "day")
        rel = re.sub(r"^the\s+", "", (g.get("rel") or "").lower())
        if rel in ("last", "past", "previous"):
            date = _weekday_date(anchor, weekday, -1)
            if date == _as_date(anchor):
                date -= dt.timedelta(days=7)
        elif rel in ("next", "coming"):
            date = _weekday_date(anchor, weekday, 1)
            if date == _as_date(anchor):
                date += dt.timedelta(days=7)
        elif rel == "this" or kind != "document":
            date = _weekday_date(anchor, weekday, 1 if rel == "this" else -1)
        else:
            tense = _tense_at(ctx, cand.start)
            date = _weekday_date(anchor, weekday, 1 if tense == "future" else -1)
        r.value, r.granularity = date.isoformat(), "day"
        if g.get("pod"):
            r.type, r.value, r.granularity = "TIME", f"{r.value}T{lex['parts_of_day'][g['pod'].lower()]}", "part_of_day"
        return r

    if rule in ("clock", "clock24", "noon"):
        r.type = "TIME"
        if g.get("noon"):
            hour, minute = (24, 0) if g["noon"].lower() == "midnight" else (12, 0)
        else:
            hour, minute = int(g["hour"]), int(g.get("minute") or 0)
            ampm = g.get("ampm", "").lower()
            if ampm.startswith("p") and hour < 12:
                hour += 12
            if ampm.startswith("a") and hour == 12:
                hour = 0
            if hour > 24:
                return None
        day_value = None
        if cand.merged_day is not None:
            day = _resolve(cand.merged_day, ctx)
            if day is not None and re.match(r"^\d{4}-\d\d-\d\d$", day.value):
                day_value = day.value
        if day_value is None and ctx.recent_day and cand.sent_index - ctx.recent_day[1] <= 1:
            # "banned it on Monday ... read the ruling at 15:00": the time of
            # the day just told, not of the day the text was written.
            day_value = ctx.recent_day[0]
        r.uses_anchor = day_value is None
        if day_value is None:
            if anchor and anchor[2] is not None and kind == "document":
                day_value = _as_date(anchor).isoformat()
            else:
                day_value = "XXXX-XX-XX"
        r.value, r.granularity = f"{day_value}T{hour:02d}:{minute:02d}", "minute"
        return r

    if rule == "set_weekday":
        r.type, r.quant = "SET", "EVERY"
        r.value = f"XXXX-WXX-{lex['weekdays'][g['weekday'].lower().rstrip('.')]}"
        if g.get("pod"):
            r.value += f"T{lex['parts_of_day'][g['pod'].lower()]}"
        return r

    if rule == "set_every":
        r.type, r.quant = "SET", g["quant"].upper()
        if g.get("weekday"):
            r.value = f"XXXX-WXX-{lex['weekdays'][g['weekday'].lower().rstrip('.')]}"
        elif g.get("month"):
            r.value = f"XXXX-{_month_number(g['month']):02d}"
        else:
            count = _number(g["num"]) if g.get("num") else 1
            r.value = _duration_value(count, g["unit"])
        return r

    if rule == "set_times":
        r.type = "SET"
        times = g["times"].lower()
        count = {"once": 1, "twice": 2, "thrice": 3}.get(times) or _number(times.replace("times", ""))
        r.value, r.freq = _duration_value(1, g["unit"]), f"{count}X"
        return r

    if rule == "set_adverb":
        token = _token_at(ctx.doc, cand.start)
        if token is not None and token.tag_ == "JJ" and g["freq"].lower() not in lex["frequency_adjectives"]["words"]:
            return None  # "a quarterly dividend": a property, not a time
        if token is not None and (token.pos_ == "NOUN" or token.dep_ in _NOMINAL_DEPS or (token.dep_ == "amod" and token.head.pos_ == "PROPN")):
            return None  # a publication: "the opposition weekly", "the daily Tribune"
        r.type, r.value = "SET", lex["frequency_adverbs"][g["freq"].lower()]
        return r

    if rule == "duration_vague" and g["rel"].lower() in ("recent", "past") and g["unit"].lower() == "year":
        r.value = "PAST_REF"  # "in recent years": the past at large, not an amount
        return r

    if rule in ("duration", "duration_vague", "bare_units"):
        r.type = "DURATION"
        if rule == "duration" and g["num"].lower() in ("a", "an") and not g.get("amod"):
            before = _token_at(ctx.doc, cand.start)
            before = before.nbor(-1) if before is not None and before.i > 0 else None
            if before is not None and (before.tag_ in ("NN", "NNS", "NNP", "CD", "$") or before.text in ("%",)):
                return None  # "700 seats a week", "$1.76 a year": a rate
        count = _number(g["num"]) if g.get("num") else "X"
        if g.get("half") and isinstance(count, int):
            r.value = _half_duration(count, g["unit"])
        else:
            r.value = _duration_value(count, g["unit"])
        return r

    if rule == "holiday":
        name = re.sub(r"\s+", " ", g["holiday"].lower())
        r.uses_anchor = True
        rel = (g.get("rel") or "").lower()
        tense = "past" if rel == "last" else "future" if rel == "next" else _tense_at(ctx, cand.start)
        if name in lex["floating_holidays"]:
            month, weekday, nth = (int(x) for x in lex["floating_holidays"][name].split(":"))
            y = _nearest_year(anchor, kind, month, 20, tense)
            if y is None:
                return None
            day = _nth_weekday(y, month, weekday, nth)
        else:
            month, day = (int(x) for x in lex["holidays"][name].split("-"))
            y = _nearest_year(anchor, kind, month, day, tense)
        r.value, r.granularity = f"{y:04d}-{month:02d}-{day:02d}" if y else f"XXXX-{month:02d}-{day:02d}", "day"
        return r

    if rule == "reference":
        # Without a document date "now" or "recently" points at an unknown time.
        if kind != "document":
            return None
        r.uses_anchor = True
        r.value = lex["references"][re.sub(r"\s+", " ", g["ref"].lower())]
        return r
    return None


def _half_duration(count: int, unit_text: str) -> str:
    """'2 1/2 years' -> P2Y6M, '5 1/2 hours' -> PT5H30M."""
    factor, code, is_time = _unit(unit_text)
    smaller = {"Y": ("M", 6), "M": ("D", 15), "W": ("D", 3), "D": ("TH", 12), "H": ("M", 30)}
    if code not in smaller or factor != 1:
        return _duration_value(count, unit_text)
    small_code, amount = smaller[code]
    if small_code == "TH":
        return f"P{count}DT{amount}H"
    return f"P{'T' if is_time else ''}{count}{code}{amount}{small_code}"


def _unknown(r: _Resolved, unit: str) -> _Resolved:
    r.value = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "quarter": "XXXX-QX"}.get(unit, "XXXX-XX-XX")
    r.granularity = unit
    return r


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    """Day of the month of its n-th (or, n = -1, last) given ISO weekday."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if dt.date(year, month, d).isoweekday() == weekday]
    return days[nth - 1] if nth > 0 else days[nth]


def _ordinal(text: str) -> int:
    text = text.lower()
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    return _lexicon()["ordinals"].get(re.sub(r"[\s-]+", "-", text), 0)


def _token_at(doc: Doc, offset: int) -> Token | None:
    """The token covering a character offset (or the one just before it)."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    span = doc.char_span(max(0, offset - 1), offset, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


# --------------------------------------------------------------------------- calendar bounds


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
        first, last = _MONTHS_OF_SEASON[match.group(2)]
        last_year = y + 1 if match.group(2) == "WI" else y
        return f"{y:04d}-{first:02d}-01", f"{last_year:04d}-{last:02d}-{calendar.monthrange(last_year, last)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0-01-01", f"{value}9-12-31"
    if re.fullmatch(r"\d{2}", value):
        return f"{value}00-01-01", f"{value}99-12-31"
    return "", ""


# --------------------------------------------------------------------------- events


def _event_for(doc: Doc, start: int, end: int, grammar: _Grammar) -> tuple[str, int, int, Token | None]:
    """The verb or event noun governing a date: walk up the dependency tree."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "", -1, -1, None
    token = span.root
    steps = 0
    while token.head.i != token.i and steps < 8:
        token, steps = token.head, steps + 1
        if token.i >= span.start and token.i < span.end:
            continue
        if token.lower_ in grammar.event_nouns or token.lemma_.lower() in grammar.event_nouns:
            return token.text, token.idx, token.idx + len(token), token
        if token.pos_ == "VERB":
            return token.text, token.idx, token.idx + len(token), token
    # The date is the root, or its chain holds no verb: look at its own children.
    for child in span.root.children:
        if child.pos_ == "VERB" or child.lower_ in grammar.event_nouns:
            return child.text, child.idx, child.idx + len(child), child
    return "", -1, -1, None


# --------------------------------------------------------------------------- public


def find_dates(
    doc_id: str,
    doc: Doc,
    sentences: pd.DataFrame,
    infobox: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    document_date: str = "",
    date_order: str = "DMY",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find and normalise one document's temporal expressions and the events they date.

    Args:
        doc_id: The document's id.
        doc: Its parse (token offsets are document offsets).
        sentences: Its rows of the sentences table.
        infobox: Its rows of the infobox table (may be empty).
        mentions: Its named-entity mentions (may be empty).
        document_date: ISO date the document was written ("" when unknown).
        date_order: "DMY" (default) or "MDY": how to read numeric dates such as 03.08.2015.

    Returns:
        (dates, events) with DATE_COLUMNS and EVENT_COLUMNS, sorted by offsets.
    """
    sentence_rows = _sentence_rows(doc, sentences, doc_id)
    text = _document_text(doc, sentences, doc_id, sentence_rows)
    spans = [(s, e) for s, e, _ in sentence_rows]
    cands = _link_neighbours(text, _candidates(text, spans))
    anchor_date = _parse_iso(document_date)
    if anchor_date and anchor_date[1] is None:
        anchor_date = None
    ctx = _Context(document=anchor_date, date_order=date_order or "DMY", doc=doc, text=text)
    grammar = _grammar()
    infobox_rows = _infobox_rows(infobox, doc_id)

    rows = []
    for cand in cands:
        resolved = _resolve(cand, ctx)
        if resolved is None or not resolved.value:
            continue
        anchor, anchor_kind = resolved.anchor, resolved.anchor_kind
        if resolved.explicit:
            ctx.narrative = resolved.explicit
            if resolved.explicit[2] is not None:
                ctx.narrative_day = resolved.explicit
        if resolved.quarter:
            ctx.quarter = resolved.quarter
        # Only a day told last lends itself to a bare time ("every Tuesday at 9 p.m." does not).
        is_day = resolved.type in ("DATE", "TIME") and _DAY_VALUE.match(resolved.value)
        ctx.recent_day = (resolved.value[:10], cand.sent_index) if is_day else None
        if resolved.type in ("DATE", "TIME") and not resolved.earliest:
            resolved.earliest, resolved.latest = calendar_bounds(resolved.value)
        event, event_start, event_end = "", -1, -1
        key = _infobox_key(infobox_rows, cand.start)
        if key:
            event = key
        elif resolved.type in ("DATE", "TIME"):
            event, event_start, event_end, _ = _event_for(doc, cand.start, cand.end, grammar)
        sent_id = sentence_rows[cand.sent_index][2]
        rows.append(dict(
            doc_id=doc_id, sent_id=sent_id, start=cand.start, end=cand.end, text=text[cand.start:cand.end],
            type=resolved.type, value=resolved.value, mod=resolved.mod, quant=resolved.quant, freq=resolved.freq,
            earliest=resolved.earliest, latest=resolved.latest, granularity=resolved.granularity,
            anchor=_anchor_text(anchor) if resolved.uses_anchor else "",
            anchor_kind=anchor_kind if resolved.uses_anchor else "",
            range_id=cand.range_id, range_role=cand.range_role if cand.range_id else ("both" if cand.rule == "year_range" else ""),
            ambiguous=resolved.ambiguous, event=event, event_start=event_start, event_end=event_end, rule=cand.rule,
        ))
    rows.sort(key=lambda row: (row["start"], row["end"]))
    _number_ranges(rows, doc_id)
    events = _events(doc_id, doc, text, rows, sentence_rows, mentions)
    return _frame(rows, DATE_COLUMNS), _frame(events, EVENT_COLUMNS)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A table from row dicts, built column by column (cheaper than from records).

    A column whose values are all of one plain type gets the array pandas
    would infer for it, made directly: inferring the type of two dozen small
    columns is most of what building a document's table costs."""
    data = {}
    for column in columns:
        values = [row[column] for row in rows]
        data[column] = typed_array(values) if values else None
        if data[column] is None:
            return pd.DataFrame({column: [row[column] for row in rows] for column in columns}, columns=columns)
    return pd.DataFrame(data, copy=False)


def _number_ranges(rows: list[dict], doc_id: str) -> None:
    """Range ids unique in the corpus: doc_id and a running number; a compact
    year range ("2011-12") is a range on its own row."""
    counter = 0
    renamed: dict[str, str] = {}
    for row in rows:
        if row["range_role"] == "both":
            counter += 1
            row["range_id"] = f"{doc_id}#r{counter}"
        elif row["range_id"]:
            if row["range_id"] not in renamed:
                counter += 1
                renamed[row["range_id"]] = f"{doc_id}#r{counter}"
            row["range_id"] = renamed[row["range_id"]]


def _anchor_text(anchor: tuple | None) -> str:
    if not anchor:
        return ""
    y, m, d = anchor
    return "-".join(part for part in (f"{y:04d}", f"{m:02d}" if m else "", f"{d:02d}" if d and m else "") if part)


def _document_text(doc: Doc, sentences: pd.DataFrame, doc_id: str, sentence_rows) -> str:
    """The text the grammar reads: the sentences at their offsets, blanks
    between them. Building it from the sentences table is much cheaper than
    joining every token of the Doc again, and nothing matches across sentences."""
    if sentences is None or "text" not in sentences or not len(sentences):
        return doc.text
    ids = sentences["doc_id"].tolist() if "doc_id" in sentences else [doc_id] * len(sentences)
    pieces, position = [], 0
    for d, start, piece in zip(ids, sentences["start"].tolist(), sentences["text"].tolist()):
        if d != doc_id or start < position:
            continue
        pieces.append(" " * (start - position))
        pieces.append(piece)
        position = start + len(piece)
    return "".join(pieces) if pieces else doc.text


def _sentence_rows(doc: Doc, sentences: pd.DataFrame, doc_id: str) -> list[tuple[int, int, int]]:
    if sentences is not None and len(sentences):
        ids = sentences["doc_id"].tolist() if "doc_id" in sentences else [doc_id] * len(sentences)
        own = [
            (int(s), int(e), int(i))
            for d, s, e, i in zip(ids, sentences["start"].tolist(), sentences["end"].tolist(), sentences["sent_id"].tolist())
            if d == doc_id
        ]
        if own:
            return own
    return [(sent.start_char, sent.end_char, i) for i, sent in enumerate(doc.sents)]


def _infobox_rows(infobox: pd.DataFrame, doc_id: str) -> list[tuple[int, int, str]]:
    if infobox is None or not len(infobox):
        return []
    ids = infobox["doc_id"].tolist() if "doc_id" in infobox else [doc_id] * len(infobox)
    return [
        (int(s), int(e), str(k))
        for d, s, e, k in zip(ids, infobox["start"].tolist(), infobox["end"].tolist(), infobox["key"].tolist())
        if d == doc_id
    ]


def _infobox_key(rows: list[tuple[int, int, str]], offset: int) -> str:
    for start, end, key in rows:
        if start <= offset < end:
            return key
    return ""


def _events(doc_id: str, doc: Doc, text: str, dates: list[dict], sentence_rows, mentions: pd.DataFrame) -> list[dict]:
    sentence_text = {sent_id: text[s:e] for s, e, sent_id in sentence_rows}
    mention_spans = []
    if mentions is not None and len(mentions):
        ids = mentions["doc_id"].tolist() if "doc_id" in mentions else [doc_id] * len(mentions)
        mention_spans = sorted(
            (int(s), int(e), str(t))
            for d, s, e, t in zip(ids, mentions["start"].tolist(), mentions["end"].tolist(), mentions["text"].tolist())
            if d == doc_id
        )
    rows = []
    for row in dates:
        if row["type"] not in ("DATE", "TIME") or not row["earliest"]:
            continue
        participants = _participants(doc, row["event_start"], mention_spans)
        rows.append(dict(
            doc_id=doc_id, sent_id=row["sent_id"], start=row["start"], end=row["end"], text=row["text"],
            value=row["value"], earliest=row["earliest"], latest=row["latest"], event=row["event"],
            event_start=row["event_start"], event_end=row["event_end"],
            participants="; ".join(t for _, _, t in participants),
            participant_spans=";".join(f"{s}:{e}" for s, e, _ in participants),
            evidence=sentence_text.get(row["sent_id"], ""),
        ))
    return rows


def _participants(doc: Doc, event_start: int, mention_spans: list) -> list[tuple[int, int, str]]:
    """Mentions inside the event's clause (the subtree of its verb or noun)."""
    if not mention_spans or event_start < 0:
        return []
    token = _token_at(doc, event_start)
    if token is None:
        return []
    head = token
    if head.pos_ != "VERB":
        while head.head.i != head.i and head.pos_ != "VERB":
            head = head.head
        if head.pos_ != "VERB":
            head = token
    left, right = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    return [(s, e, t) for s, e, t in mention_spans if left <= s and e <= right]


def attach_participants(events: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Replace participant spans by the linked entities (corpus level).

    Args:
        events: Events of all documents (EVENT_COLUMNS).
        entities: Linked mentions (doc_id, start, end, entity_id, canonical); may be empty.

    Returns:
        A new events table whose `participants` hold canonical names ("; ")
        and `participant_ids` the entity ids ("; "), without `participant_spans`.
    """
    out = events.copy()
    lookup: dict[tuple[str, int, int], tuple[str, str]] = {}
    if entities is not None and len(entities) and {"entity_id", "canonical"} <= set(entities.columns):
        for doc_id, start, end, entity_id, canonical in zip(
            entities["doc_id"], entities["start"], entities["end"], entities["entity_id"], entities["canonical"]
        ):
            lookup[(str(doc_id), int(start), int(end))] = (str(entity_id), str(canonical))
    ids_column, names_column = [], []
    for doc_id, spans, texts in zip(out["doc_id"], out.get("participant_spans", pd.Series([""] * len(out))), out["participants"]):
        ids, names = [], []
        fallback = [t for t in str(texts or "").split("; ") if t]
        for i, span in enumerate(s for s in str(spans or "").split(";") if s):
            start, _, end = span.partition(":")
            hit = lookup.get((str(doc_id), int(start), int(end)))
            if hit:
                if hit[0] not in ids:
                    ids.append(hit[0])
                    names.append(hit[1])
            elif i < len(fallback) and not lookup:
                names.append(fallback[i])
        ids_column.append("; ".join(ids))
        names_column.append("; ".join(names))
    out["participants"] = names_column
    out["participant_ids"] = ids_column
    return out.drop(columns=["participant_spans"], errors="ignore")
