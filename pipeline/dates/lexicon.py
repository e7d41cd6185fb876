"""The words of temporal expressions (`data/dates_lexicon.toml`), checked
when loaded, and the helpers that read numbers, units and years from them."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from pipeline.config import PACKAGE_DATA

LEXICON_FILE = PACKAGE_DATA / "dates_lexicon.toml"

# Every table the grammar and the resolvers read, and the type of its values
# (a list table is {"words": [...]}).
_TABLES = {
    "months": int, "weekdays": int, "numbers": int, "vague_numbers": str, "ordinals": int, "units": str,
    "time_units": bool, "seasons": str, "parts_of_day": str, "deictic_days": int, "references": str,
    "year_words": list, "decade_words": int, "relative": int, "date_modifiers": str, "amount_modifiers": str,
    "unmarked_modifiers": list, "frequency_adverbs": str, "frequency_adjectives": list, "future_cues": list, "deadline_cues": list,
    "may_month_cues": list, "linking_words": list, "seasons_also_nouns": list, "time_nouns": list, "rate_words": list, "holidays": str, "floating_holidays": str, "count_nouns": list,
    "event_nouns": list, "future_lemmas": list, "denying_subject_words": list, "planning_verbs": list, "ahead_cues": list, "past_cues": list, "event_kinds": str, "event_anaphors": list, "subject_nouns": list,
    "decided_kinds": list, "partitive_words": list, "organisation_event_kinds": list,
    "undoing_words": list, "undone_kinds": str, "determiners": list, "plural_pronouns": list,
    "patient_prepositions": list, "fraction_units": list,
}


_KIND_NAMES = {int: "a whole number", str: "a string", bool: "true or false"}


class LexiconError(ValueError):
    """A table of the lexicon is missing or holds a value of the wrong kind."""


@lru_cache(maxsize=1)
def lexicon() -> dict:
    with open(LEXICON_FILE, "rb") as handle:
        tables = tomllib.load(handle)
    check(tables, LEXICON_FILE.name)
    return tables


def check(tables: dict, source: str) -> None:
    """Raise LexiconError naming the table and entry when the lexicon is not
    what the grammar reads: a mistake there would otherwise match nothing."""
    for name, kind in _TABLES.items():
        table = tables.get(name)
        if not isinstance(table, dict):
            raise LexiconError(f"{source}: table [{name}] is missing")
        if kind is list:
            values = table.get("words")
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise LexiconError(f"{source}: [{name}] needs a list of words")
            continue
        for word, value in table.items():
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise LexiconError(f"{source}: [{name}] {word} = {value!r} should be {_KIND_NAMES[kind]}")
    unknown = sorted(set(tables) - set(_TABLES))
    if unknown:
        raise LexiconError(f"{source}: unknown table [{unknown[0]}]")


@lru_cache(maxsize=None)
def word_set(table: str) -> frozenset[str]:
    """The words of one of the lexicon's word tables, as a set built once."""
    return frozenset(lexicon()[table]["words"])


def words(entries, *, capital: bool = False, abbreviations=()) -> str:
    """A regex alternation of words, longest first. With `capital` the words
    must be capitalised (or all capitals); otherwise case is ignored. Words
    in `abbreviations` may carry a full stop ("Sept.", but not the end of
    a sentence after "May")."""
    forms = []
    for word in sorted(set(entries), key=len, reverse=True):
        pattern = r"\s+".join(re.escape(part) for part in word.split())
        pattern = pattern.replace(r"\-", r"[\s-]?")
        if word in abbreviations:
            pattern += r"\.?"
        if capital:
            forms.append(f"(?:{pattern[0].upper()}(?i:{pattern[1:]}))")
        else:
            forms.append(f"(?i:{pattern})")
    return "(?:" + "|".join(forms) + ")"


def number_words() -> str:
    """A regex of number words: simple ("twelve") and compound ("twenty-four")."""
    numbers = lexicon()["numbers"]
    tens = [w for w, n in numbers.items() if 20 <= n <= 90 and n % 10 == 0]
    units = [w for w, n in numbers.items() if 1 <= n <= 9 and w not in ("a", "an")]
    simple = [w for w in numbers if w not in ("a", "an")]
    compound = f"{words(tens)}(?:[\\s-]+{words(units)})?"
    return f"(?:{compound}|{words(simple)})"


def number(text: str) -> int | float | str:
    """'twenty-four' -> 24, '18' -> 18, 'several' -> 'X'."""
    lex = lexicon()
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in lex["vague_numbers"]:
        return lex["vague_numbers"][t]
    try:
        value = float(t)
        return int(value) if value.is_integer() else value
    except ValueError:
        pass
    total = 0
    for part in re.split(r"[\s-]+", t):
        if part in lex["numbers"]:
            n = lex["numbers"][part]
            total = total * n if n in (100, 1000) and total else total + n
    return total or "X"


def unit_of(text: str) -> tuple[int, str, bool]:
    """'years' -> (1, 'Y', False); 'decades' -> (10, 'Y', False); 'hours' -> (1, 'H', True)."""
    lex = lexicon()
    word = text.lower()
    if word not in lex["units"] and word.endswith("s"):
        word = word[:-1]
    if word == "centurie":
        word = "century"
    code = lex["units"].get(word, "D")
    factor = int(re.match(r"\d*", code).group() or 1)
    return factor, code.lstrip("0123456789"), bool(lex["time_units"].get(word))


def duration_value(count, unit_text: str) -> str:
    """A TIMEX3 duration: (3, 'years') -> P3Y, ('X', 'hours') -> PTXH."""
    factor, code, is_time = unit_of(unit_text)
    if isinstance(count, float):
        count = count if not count.is_integer() else int(count)
    amount = "X" if count == "X" else (count * factor if isinstance(count, (int, float)) else count)
    if isinstance(amount, float):
        amount = f"{amount:g}"
    return f"P{'T' if is_time else ''}{amount}{code}"


def half_duration(count: int, unit_text: str) -> str:
    """'2 1/2 years' -> P2Y6M, '5 1/2 hours' -> PT5H30M."""
    factor, code, is_time = unit_of(unit_text)
    smaller = {"Y": ("M", 6), "M": ("D", 15), "W": ("D", 3), "D": ("TH", 12), "H": ("M", 30)}
    if code not in smaller or factor != 1:
        return duration_value(count, unit_text)
    small_code, amount = smaller[code]
    if small_code == "TH":
        return f"P{count}DT{amount}H"
    return f"P{'T' if is_time else ''}{count}{code}{amount}{small_code}"


def year_of(groups: dict) -> int | None:
    """The year a match states, in digits or words ("nineteen ninety-four")."""
    if groups.get("year"):
        return int(groups["year"])
    spelled = groups.get("yearw")
    if not spelled:
        return None
    parts = re.split(r"[\s-]+", spelled.lower())
    if parts[:2] == ["two", "thousand"]:
        rest = [p for p in parts[2:] if p != "and"]
        return 2000 + (number(" ".join(rest)) if rest else 0)
    century = lexicon()["numbers"].get(parts[0], 0)
    rest = number(" ".join(parts[1:]))
    return century * 100 + rest if isinstance(rest, int) else None


def abbreviations(table: dict) -> frozenset[str]:
    """The words of a table that shorten a longer word of the same meaning ("sept", "jun")."""
    return frozenset(
        word for word, value in table.items()
        if any(other != word and other.startswith(word) and table[other] == value for other in table)
    )


def month_number(text: str) -> int:
    return lexicon()["months"][text.lower().rstrip(".")]


def weekday_number(text: str) -> int:
    return lexicon()["weekdays"][text.lower().rstrip(".")]


def ordinal(text: str) -> int:
    text = text.lower()
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    return lexicon()["ordinals"].get(re.sub(r"[\s-]+", "-", text), 0)


def phrase(text: str) -> str:
    """A matched phrase as a lexicon key: lower case, single spaces."""
    return re.sub(r"\s+", " ", text.lower())
