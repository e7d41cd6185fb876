"""Resolvers of amounts of time and of sets: 'three weeks', 'nearly 18
months', 'every week', 'twice a year', 'weekly', 'Tuesdays'."""

from __future__ import annotations


from pipeline.dates.anchoring import Candidate, Context, Resolved, tense_at, token_at
from pipeline.dates.lexicon import duration_value, half_duration, lexicon, month_number, number, weekday_number

# Dependencies of a noun phrase: a frequency word there names a thing.
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"})


def set_weekday(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'Tuesdays', 'on Friday nights'."""
    g = cand.groups
    r.type, r.quant = "SET", "EVERY"
    r.value = f"XXXX-WXX-{weekday_number(g['weekday'])}"
    if g.get("pod"):
        r.value += f"T{lexicon()['parts_of_day'][g['pod'].lower()]}"
    return r


def set_every(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'every week', 'each Monday', 'every other month', 'per year'."""
    g = cand.groups
    r.type, r.quant = "SET", g["quant"].upper()
    if g.get("weekday"):
        r.value = f"XXXX-WXX-{weekday_number(g['weekday'])}"
    elif g.get("month"):
        r.value = f"XXXX-{month_number(g['month']):02d}"
    else:
        r.value = duration_value(number(g["num"]) if g.get("num") else 1, g["unit"])
    return r


def set_times(cand: Candidate, r: Resolved, ctx: Context) -> Resolved:
    """'twice a year', 'three times a week'."""
    r.type = "SET"
    times = cand.groups["times"].lower()
    count = {"once": 1, "twice": 2, "thrice": 3}.get(times) or number(times.replace("times", ""))
    r.value, r.freq = duration_value(1, cand.groups["unit"]), f"{count}X"
    return r


def set_adverb(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'weekly', 'a daily rally'; not 'a quarterly dividend' (a property) nor
    'the opposition weekly' or 'the daily Tribune' (a publication)."""
    lex, word = lexicon(), cand.groups["freq"].lower()
    token = token_at(ctx.doc, cand.start)
    if token is not None:
        if token.tag_ == "JJ" and word not in lex["frequency_adjectives"]["words"]:
            return None
        if token.pos_ == "NOUN" or token.dep_ in _NOMINAL_DEPS or (token.dep_ == "amod" and token.head.pos_ == "PROPN"):
            return None
        if token.is_title and not token.is_sent_start:
            return None  # "The Daily Telegraph", "Oriental Daily News": a name
    r.type, r.value = "SET", lex["frequency_adverbs"][word]
    return r


def duration(cand: Candidate, r: Resolved, ctx: Context) -> Resolved | None:
    """'three weeks', '2 1/2 hours', 'for years', 'the coming months'; not a
    rate ('700 seats a week'); 'in recent years' is the past at large."""
    g = cand.groups
    if cand.rule == "duration_vague" and g["rel"].lower() in ("recent", "past") and g["unit"].lower() == "year":
        r.value = "PAST_REF"
        return r
    if cand.rule == "duration" and _some_day(cand, ctx):
        r.value = "PAST_REF" if tense_at(ctx, cand.start) == "past" else "FUTURE_REF"
        return r
    r.type = "DURATION"
    if cand.rule == "duration" and g["num"].lower() in ("a", "an") and not g.get("amod") and _after_an_amount(cand, ctx):
        return None
    count = number(g["num"]) if g.get("num") else "X"
    if g.get("half") and isinstance(count, int):
        r.value = half_duration(count, g["unit"])
    else:
        r.value = duration_value(count, g["unit"])
    return r


def _some_day(cand: Candidate, ctx: Context) -> bool:
    """'will one day be', 'hopes to one day open', 'One day, he left': "one
    day" standing before its verb is a time not said, not a length."""
    if ctx.text[cand.start:cand.end].lower() != "one day":
        return False
    first = token_at(ctx.doc, cand.start)
    if first is None or first.i + 2 > len(ctx.doc):
        return False
    before = ctx.doc[first.i - 1] if first.i > 0 else None
    after = ctx.doc[first.i + 2] if first.i + 2 < len(ctx.doc) else None
    verb_after = after is not None and after.tag_ in ("VB", "VBP", "VBZ", "VBD")
    if before is not None and (before.tag_ == "MD" or (before.lower_ == "to" and verb_after)):
        return True  # not "cut from three days to one day"
    if verb_after and before is not None and before.tag_ in ("PRP", "NNP", "NN", "NNS"):
        return True  # "he one day follow"
    return first.is_sent_start and after is not None and after.text == ","


def _after_an_amount(cand: Candidate, ctx: Context) -> bool:
    """'700 seats a week', '$1.76 a year': 'a <unit>' after an amount is a rate."""
    token = token_at(ctx.doc, cand.start)
    before = token.nbor(-1) if token is not None and token.i > 0 else None
    return before is not None and (before.tag_ in ("NN", "NNS", "NNP", "CD", "$") or before.text == "%")
