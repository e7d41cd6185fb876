"""What a family's pattern cannot say alone: matches to drop (calendar
validity, counts that look like years, names) and extent conventions."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.dates.lexicon import lexicon, unit_of, word_set


@lru_cache(maxsize=1)
def _fraction_of() -> re.Pattern:
    """"quarter of" is a fraction unless a unit of time follows ("a quarter of an hour")."""
    units = "|".join(re.escape(unit) for unit in sorted(word_set("fraction_units")))
    return re.compile(rf"\s+of\s+(?!(?:an?\s+|the\s+)?(?:{units})s?\b)", re.I)


# "1994, 1995": a year, a comma and a space come before it.
_YEAR_LIST_BEFORE = re.compile(r"(?<![\d,.])(?:1[0-9]|20)\d\d,\s+$")
# A number does not go on across a line break (a table row opening with a year).
_LINE_START = re.compile(r"\n[ \t]*$")


def plausible_year(groups: dict, sentence: str, match: re.Match) -> bool:
    """Not a count ('1500 members'), an amount ('$2000'), a number ('No. 1984')
    or the end of a longer number ('1 2000', '3,2000'); a year in a list of
    years ('1994, 1995 and 1997') or opening a line (a table row) is a year."""
    following = sentence[match.end():match.end() + 30].split()
    if following and following[0].lower().strip(".,;:") in word_set("count_nouns"):
        return False
    before = sentence[:match.start()]
    if _YEAR_LIST_BEFORE.search(before) or _LINE_START.search(before):
        return True
    before = before.rstrip()
    return not (before.endswith(("$", "€", "£", "No.", "no.", "#")) or re.search(r"\d[\s,.]?$", before))


def plausible_year_range(groups: dict, sentence: str, match: re.Match) -> bool:
    """'1992-94' yes, '1990-2030' or '2015-10' (a month) no."""
    first, second = int(groups["year"]), groups["year2"]
    second_year = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return first < second_year <= first + 20


# "the March for Clean Rivers", "``Summer of Open Doors": a capitalised name goes on
# after "of"/"for", and an article, "annual" or a quotation mark opens it.
_TITLE_GOES_ON = re.compile(r"\s+(?:of|for)\s+(?:the\s+|our\s+)?[A-Z][a-z]")
_TITLE_OPENS = re.compile(r"(?:(?<![\w'])(?i:the|a|an|annual|yearly)\s+|[\"'`“‘]\s*)$")


def names_an_event(sentence: str, match: re.Match) -> bool:
    """A capitalised month or season word that opens a name ("the annual
    March for Clean Rivers"), not a time. "in January of the Brenmark board" (a
    preposition before it), "March of 1994" and "the spring of last year"
    (a number or a lower-case word after it) are times."""
    word = match.group(0).split()[-1]
    if not word[:1].isupper() or not _TITLE_GOES_ON.match(sentence, match.end()):
        return False
    start = match.end() - len(word)
    return bool(_TITLE_OPENS.search(sentence[max(0, start - 12):start]))


def plausible_season(groups: dict, sentence: str, match: re.Match) -> bool:
    """Not a name ('the Summer of Open Doors'); a season word that is also a
    common noun ('fall': 'a sharp fall in wool prices', 'the fall of the cabinet') is
    the season only with a year, a relative or period word ('last fall',
    'late fall'), or after a word that calls for a time ('in the fall'), but
    not before "of" without a year ('after the fall of the Berlin Wall')."""
    if names_an_event(sentence, match):
        return False
    if groups["season"].lower() not in lexicon()["seasons_also_nouns"]["words"]:
        return True
    if groups.get("rel") or groups.get("year") or groups.get("yearw") or groups.get("dmod"):
        return True
    if re.match(r"\s+of\b", sentence[match.end():]):
        return False  # "after the fall of the Berlin Wall": a fall of something, not of a year
    before = re.sub(r"(?i)\bthe\s*$", "", sentence[:match.start()]).split()
    return bool(before) and before[-1].lower() in lexicon()["may_month_cues"]["words"]


def plausible_month(groups: dict, sentence: str, match: re.Match) -> bool:
    """'May' is the month only after a word that calls for one ('in May');
    no month opens a name ('the March for Clean Rivers')."""
    if names_an_event(sentence, match):
        return False
    if not match.group("month").lower().startswith("may"):
        return True
    before = sentence[:match.start()].split()
    return bool(before) and before[-1].lower() in lexicon()["may_month_cues"]["words"]


def plausible_day_month(groups: dict, sentence: str, match: re.Match) -> bool:
    """'5 Mar' yes, '5 Mar%' no."""
    return sentence[match.end():match.end() + 1] != "%"


def plausible_numeric(groups: dict, sentence: str, match: re.Match) -> bool:
    a, b = int(groups["a"]), int(groups["b"])
    return not (a == 0 or b == 0 or (a > 12 and b > 12) or a > 31 or b > 31)


def plausible_duration(groups: dict, sentence: str, match: re.Match) -> bool:
    """Not a year ('the 1988 quarter'), an age ('a 6-year-old'), a fraction
    ('a quarter of the votes'), an ordinal ('a second group') or a rate."""
    if re.fullmatch(r"\d{4,}", groups["num"]):
        return False
    after = sentence[match.end():match.end() + 5].lower()
    if after.startswith(" old") or groups.get("adj", "").lower() == "-old":
        return False
    unit = groups["unit"].lower()
    if unit.startswith("quarter") and _fraction_of().match(sentence, match.end()):
        return False
    if unit == "second" and not groups["num"][0].isdigit():
        return False
    amount = groups["num"].lower()
    if amount in ("a", "an") and (unit.endswith("s") or groups.get("the")):
        return False
    if amount in ("a", "an"):
        before = sentence[:match.start()].rstrip().lower()
        return not before.endswith(tuple(lexicon()["rate_words"]["words"]))
    return True


def plausible_lower_case(groups: dict, sentence: str, match: re.Match) -> bool:
    """'ABC's This Week', 'VOA Today': a capital mid-sentence makes a name."""
    word = groups.get("deictic") or groups["unit"]
    return not (word[:1].isupper() and sentence[:match.start()].strip(" \t\n\"'`(“‘"))


def plausible_reference(groups: dict, sentence: str, match: re.Match) -> bool:
    """'Now, ...' opening a sentence turns to a new point of the argument
    (a discourse marker), not to the present; 'Now the river is dry' keeps it."""
    if groups["ref"].lower() != "now" or not sentence.startswith(",", match.end()):
        return True
    return bool(sentence[:match.start()].strip(" \t\n\"'`(“‘"))


def reshape_reference(rule: str, groups: dict, match: re.Match, start: int, end: int) -> tuple[str, int, int]:
    """'in the past': 'in' is context, not time."""
    return (rule, start + 3, end) if match.group(0).lower().startswith("in ") else (rule, start, end)


def reshape_quarter(rule: str, groups: dict, match: re.Match, start: int, end: int) -> tuple[str, int, int]:
    """'the third-quarter results': 'the' belongs to the noun."""
    if "-" in groups.get("hyphen", "") and match.group(0).lower().startswith("the ") and not groups.get("year"):
        return rule, start + 4, end
    return rule, start, end


def reshape_year_ago(rule: str, groups: dict, match: re.Match, start: int, end: int) -> tuple[str, int, int]:
    if not groups.get("period") and match.group(0).lower().startswith("the "):
        return rule, start + 4, end
    return rule, start, end


def plausible_clock_words(groups: dict, sentence: str, match: re.Match) -> bool:
    """'four o'clock', '4 in the morning', 'ten at night': an hour is a time
    only with "o'clock" or a half of the day after it."""
    return bool(groups.get("oclock") or groups.get("dayhalf"))


def reshape_amount(rule: str, groups: dict, match: re.Match, start: int, end: int) -> tuple[str, int, int]:
    """'about [five hours]': the extent is the amount, the mod keeps 'about';
    'the [two-year] plan': 'the' belongs to the noun."""
    if rule == "duration" and "-" in groups.get("sep", "") and groups.get("the") and not groups.get("rel"):
        return rule, start - match.start() + match.start("num"), end
    amod = groups.get("amod", "")
    if amod.lower() in lexicon()["unmarked_modifiers"]["words"]:
        text = match.group(0)
        inner = match.end("amod") - match.start()
        inner += len(text[inner:]) - len(text[inner:].lstrip())
        return rule, start + inner, end
    return rule, start, end


def reshape_ago(rule: str, groups: dict, match: re.Match, start: int, end: int) -> tuple[str, int, int]:
    """'three days later' is a duration followed by its direction."""
    if groups["dir"].lower() in ("earlier", "later"):
        _, code, is_time = unit_of(groups["unit"])
        if code in ("D", "W") or is_time:
            return "duration", start, start - match.start() + match.end("unit")
    return rule, start, end


def reshape_second_day(rule: str, groups: dict, match: re.Match, start: int, end: int) -> tuple[str, int, int]:
    """'April 24 and [25]': the month and the first day belong to their own row."""
    return rule, start - match.start() + match.start("day"), end


def plausible_second_day(groups: dict, sentence: str, match: re.Match) -> bool:
    """'on April 24 and 25 in Varnholm' yes; 'between April 24 and 25 soldiers'
    no: a lower-case word after the number, other than a word of time or
    linking, makes it a count."""
    if not plausible_day_month(groups, sentence, match):
        return False
    following = re.match(r"\s+([a-z]+)\b", sentence[match.end():])
    return not following or following.group(1) in word_set("linking_words") | word_set("may_month_cues")
