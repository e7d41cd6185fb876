"""What a resolver works with: the document's anchor dates, the clause's
tense, and calendar arithmetic from an anchor."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from pipeline.dates.lexicon import lexicon, word_set, words

MONTHS_OF_SEASON = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d")

# How far (in days) the clause's tense may push a partial date from its
# nearest year: "was extended to Nov. 16" written on 30 October is still the
# coming 16 November, but "set on Aug. 6" written in February is last August.
# (A day-precise date, a month-precise one.)
_TENSE_PENALTY_DAYS = (150, 300)


@dataclass
class Candidate:
    """One match of a family: where it is, its groups, what linking added."""

    start: int
    end: int
    rule: str
    groups: dict
    priority: int
    sent_index: int
    year_from_next: int | None = None
    range_id: str = ""
    range_role: str = ""
    merged_day: "Candidate | None" = None


@dataclass
class Context:
    """What resolving one document's expressions in order has learnt so far."""

    document: tuple | None  # (y, m, d) document date
    date_order: str
    doc: Doc
    text: str  # the text the grammar reads (Doc.text would rebuild it on every use)
    narrative: tuple | None = None  # the last explicit date seen, at any precision
    narrative_day: tuple | None = None  # the last explicit full date seen
    quarter: tuple | None = None
    recent_day: tuple[str, int] | None = None  # the last calendar day resolved, and its sentence
    # the last calendar date told to the year, to the month and to the day,
    # partial or not ("In March", "on Friday")
    told: list = field(default_factory=lambda: [None, None, None])

    def tell(self, date: tuple | None) -> None:
        """Remember a date told, at each precision it has (none when its year is unknown)."""
        for precision, part in enumerate(date or ()):
            if part is None:
                break
            self.told[precision] = date

    def told_to(self, unit: str) -> tuple | None:
        """The last date told precisely enough to count `unit`s from ("the
        previous month" after "in February ... a year earlier"), or None."""
        return self.told[{"year": 0, "month": 1, "quarter": 1}.get(unit, 2)]

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


@dataclass
class Resolved:
    """One expression's TIMEX3 attributes, filled in by its family's resolver."""

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
    told_day: str = ""  # the day written with a time ("9 a.m. Tuesday"), resolved


def parse_iso(value: str) -> tuple | None:
    match = re.match(r"^(\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?", value or "")
    if not match:
        return None
    y, m, d = match.groups()
    return int(y), int(m) if m else None, int(d) if d else None


def as_date(anchor: tuple) -> dt.date | None:
    y, m, d = anchor
    if y is None or m is None:
        return None
    return dt.date(y, m, d or 1)


def shift(anchor: tuple, amount: int, code: str) -> tuple[str, str] | None:
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


def unknown(r: Resolved, unit: str) -> Resolved:
    """An expression whose anchor is unknown: its value with X for the digits."""
    r.value = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "quarter": "XXXX-QX"}.get(unit, "XXXX-XX-XX")
    r.granularity = unit
    return r


def nearest_year(anchor: tuple | None, kind: str, month: int, day: int | None, tense: str = "") -> int | None:
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


def full_year(two_digits: int, anchor: tuple | None, *, ahead: int) -> int:
    """The year a two-digit year ("'98", "the '20s") means: the latest one at
    most `ahead` years after the anchor's year; without an anchor, 1930-2029."""
    if not anchor or anchor[0] is None:
        return two_digits + (1900 if two_digits >= 30 else 2000)
    year = anchor[0] // 100 * 100 + two_digits
    return year - 100 if year > anchor[0] + ahead else year


def weekday_date(anchor: tuple, weekday: int, direction: int) -> dt.date | None:
    """The given ISO weekday on or after (direction 1) or on or before (-1) the anchor."""
    date = as_date(anchor)
    if date is None or anchor[2] is None:
        return None
    delta = weekday - date.isoweekday()
    if direction < 0:
        return date + dt.timedelta(days=delta if delta <= 0 else delta - 7)
    return date + dt.timedelta(days=delta if delta >= 0 else delta + 7)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    """Day of the month of its n-th (or, n = -1, last) given ISO weekday."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if dt.date(year, month, d).isoweekday() == weekday]
    return days[nth - 1] if nth > 0 else days[nth]


def token_at(doc: Doc, offset: int) -> Token | None:
    """The token covering a character offset (or the one just before it)."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    span = doc.char_span(max(0, offset - 1), offset, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


@lru_cache(maxsize=3)
def _cue_pattern(table: str) -> re.Pattern:
    """The words of a lexicon table right before a date, a time of day
    allowed between ("until [9 a.m.] Tuesday")."""
    return re.compile(
        rf"(?<![\w']){words(lexicon()[table]['words'])}\s+(?:(?i:on|at)\s+)?"
        rf"(?:(?:\d{{1,2}}(?:[:.]\d\d)?\s*[aApP]\.?\s?[mM]\.?|(?i:noon|midnight))(?:\s+[ECMP][SD]T)?,?\s+)?$"
    )


def _cued(ctx: Context, table: str, start: int) -> bool:
    """Whether a word of `table` stands right before the date at `start`."""
    return bool(_cue_pattern(table).search(ctx.text, max(0, start - 40), start))


def tense_at(ctx: Context, start: int) -> str:
    """The time a date's clause points to: "since" right before the date
    says past, and a cue ("until Tuesday", "as early as Friday") future,
    whatever the verb's tense, unless the verb is in the past perfect
    ("until Tuesday they had not named him", a time already gone); a
    deadline ("by Monday") does so unless a simple past or past perfect
    governs it; so does a phrase looking ahead ("ahead of the vote on
    Sunday"); otherwise the tense of the governing verb."""
    token = token_at(ctx.doc, start)
    if _cued(ctx, "past_cues", start):
        return "past"  # "since August", whatever the clause's tense
    if _cued(ctx, "future_cues", start):
        return "past" if _in_past_perfect(token) else "future"
    if _cued(ctx, "deadline_cues", start) and _is_deadline(token):
        return "future"  # "anyone not back at work by Monday will be dismissed"
    if _looks_ahead_to(ctx, token, start):
        return "future"
    return tense(token)


@lru_cache(maxsize=1)
def _ahead_cue() -> re.Pattern:
    """A phrase that looks forward to what follows it, a few words before the date."""
    return re.compile(rf"(?<![\w']){words(lexicon()['ahead_cues']['words'])}\s+(?:[^\s.,;:!?]+\s+){{0,6}}$")


def _looks_ahead_to(ctx: Context, token: Token | None, start: int) -> bool:
    """'ahead of the election in December', 'in the run-up to Sunday's vote':
    the date is that of an event still to come, whatever the clause's tense;
    not when a verb stands between the phrase and the date."""
    match = _ahead_cue().search(ctx.text, max(0, start - 80), start)
    if not match or token is None:
        return False
    between = ctx.doc.char_span(match.start(), start, alignment_mode="expand")
    return between is not None and not any(word.pos_ in ("VERB", "AUX") for word in between)


def _is_deadline(token: Token | None) -> bool:
    """'by Monday' as a deadline: not the agent of a passive ("swept aside by
    Tuesday's vote") and not governed by a simple past or past perfect."""
    if token is None or token.dep_ == "poss" or token.head.dep_ == "agent":
        return False
    return not _states_the_past(token)


def _states_the_past(token: Token | None) -> bool:
    """A simple past or a past perfect governs the date ("by Monday the
    officials had left", "by Monday they hardened their stand")."""
    head = _governing_verb(token)
    return head is not None and (head.tag_ == "VBD" or _is_past_perfect(head))


def tense(token: Token | None) -> str:
    """'past', 'future' or '' (unknown) for the clause governing `token`.

    Only a verb close to the date counts (two steps up the tree at most): a
    date in a verbless phrase ("the dividend, payable Dec. 1, ...") says
    nothing about the tense of the sentence's reporting verb. An infinitive
    takes the tense of the verb it depends on ("voted to support Friday"),
    except after a verb of planning or "is to", which put it ahead ("planned
    to leave on Friday", "is to resume trading Tuesday"), unless that verb
    is in the past perfect ("had been due to expire Friday"). A gerund after
    a preposition takes the tense of the clause it hangs from ("will meet
    him before leaving on Friday")."""
    head = _governing_verb(token)
    if head is None:
        return "future" if token is not None and _under_future_adjective(token) else ""
    if _describes_a_noun(head) and not _scheduled_for(head, token):
        return "past"
    if _plans_what_follows(head, token):
        return "future"
    verb = head
    for _ in range(3):
        found = _tense_of_verb(head)
        if found is not None:
            return found
        if head.tag_ == "VB" and head.head.i != head.i and (head.dep_ in ("xcomp", "advcl") or _has_aux(head, "to")):
            if _has_aux(head, "to") and _plans_ahead(head.head):
                return "past" if _is_past_perfect(_verb_of(head.head)) else "future"
            head = head.head
            continue
        if head.tag_ == "VBG" and head.dep_ == "pcomp" and head.head.head.i != head.head.i:
            if head.head.lower_ in word_set("past_cues"):
                return "past"  # "since succeeding him on Sunday"
            head = head.head.head  # "talks on Tuesday before leaving on Wednesday": the clause's time
            continue
        break
    return "future" if _tells_a_schedule(verb, token) else ""


def _tells_a_schedule(verb: Token, token: Token) -> bool:
    """'the talks resume Monday': a simple present with a date of its own
    tells what is scheduled; not 'is' or 'says' (a state, a report), nor
    a date that is a possessive ('follows Tuesday's vote')."""
    if verb.lemma_.lower() in ("be", "say", "have") or token.dep_ == "poss" or _dates_a_noun(token, verb):
        return False
    if any(child.dep_ in ("aux", "auxpass") for child in verb.children):
        return False
    return _agrees_as_present(verb)


def _dates_a_noun(token: Token, verb: Token) -> bool:
    """'welcomes the release on Tuesday': on its way to the verb the date
    passes a noun that is no time, so it dates that noun, not the verb."""
    head = token.head
    while head.i != verb.i and head.head.i != head.i:
        if head.pos_ == "NOUN" and head.lemma_.lower() not in _time_nouns():
            return True
        head = head.head
    return False


def _inside_a_name(token: Token) -> bool:
    doc = token.doc
    return 0 < token.i < len(doc) - 1 and doc[token.i - 1].pos_ == "PROPN" and doc[token.i + 1].pos_ == "PROPN"


def _agrees_as_present(verb: Token) -> bool:
    """A present tag the verb's form and subject bear out: 'resumes' after
    one subject, 'resume' after several. 'Demand hurt' or 'sales soared'
    tagged present are past forms the tagger misread."""
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if verb.dep_ == "ccomp" and verb.head.tag_ == "VBD":
        return False  # reported after a past verb, a present is rare: "said sales soared"
    if _inside_a_name(verb):
        return False  # "Mayor Ana dos Reis"
    if verb.tag_ == "VBZ":
        return verb.lower_.endswith("s") and bool(subjects)
    if verb.tag_ != "VBP" or verb.lower_ != verb.lemma_.lower() or not subjects:
        return False
    subject = subjects[0]
    return (
        subject.tag_ in ("NNS", "NNPS")
        or subject.lower_ in word_set("plural_pronouns")
        or any(child.dep_ == "conj" for child in subject.children)
    )


@lru_cache(maxsize=1)
def _time_nouns() -> frozenset[str]:
    lex = lexicon()
    return word_set("time_nouns") | frozenset(lex["parts_of_day"]) | frozenset(lex["units"])


# Links inside a noun phrase: "[fourth]-quarter earnings" is one step from
# "in", as "earnings" is.
_NOUN_PHRASE_LINKS = ("compound", "amod", "nummod", "nmod")


def _no_step(token: Token) -> bool:
    """A link that does not part a date from its verb: inside a noun phrase,
    or from a noun to its preposition ("[from] $29.75 [in] March" is one
    step per phrase); but "of" ties a noun to another ("the anniversary of
    Oct. 20"), which keeps the verb out of reach."""
    if token.dep_ in _NOUN_PHRASE_LINKS and token.head.pos_ in ("NOUN", "PROPN"):
        return True
    return token.dep_ == "pobj" and token.head.lower_ != "of"


def _governing_verb(token: Token | None) -> Token | None:
    """The verb at most two steps above a date, not counting a time noun
    that the date names ("the night of May 4") nor the noun the date
    modifies ("the Oct. 23 slaying"); None past a future
    adjective ("a vote is due in March") or when no verb is that close."""
    if token is None:
        return None
    if token.dep_ == "compound" and token.head.lemma_.lower() in lexicon()["parts_of_day"]:
        token = token.head  # "on Thursday morning": one expression, one step to its verb
    head, steps = token, 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps < 3:
        head, steps = head.head, steps + (0 if _no_step(head) else 1)
        if head.lower_ == "of" and head.head.i != head.i and head.head.lemma_.lower() in _time_nouns():
            head, steps = head.head, steps - 1  # "on the night of May 4": the night is the date's own
        if head.pos_ == "ADJ" and head.lemma_.lower() in word_set("future_lemmas"):
            return None
        if head.pos_ == "ADJ" and head.dep_ in ("advcl", "amod", "appos"):
            return None  # "raised its dividend, payable Feb. 1": a verbless aside has no tense
    if head.pos_ not in ("VERB", "AUX") or steps > 2:
        return None
    return head


def _describes_a_noun(verb: Token) -> bool:
    """'the level reached on Aug. 9', 'the year ended March 31': a past
    participle without an auxiliary, describing a noun, tells what happened."""
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and not any(
        child.dep_ in ("aux", "auxpass") for child in verb.children
    )


def _scheduled_for(verb: Token, token: Token) -> bool:
    """'the summit scheduled for April', 'a vote set for Friday': a verb of
    planning with the date after 'for' still points ahead."""
    return _is_planning_word(verb) and token.head.dep_ == "prep" and token.head.lower_ == "for"


def _plans_what_follows(verb: Token, token: Token) -> bool:
    """'protesters planned a march on Saturday': after the object of a verb
    of planning, the date is the planned thing's, ahead of the plan (unless
    a past perfect puts the plan and its date behind: "had planned")."""
    if verb.lemma_.lower() not in word_set("planning_verbs") or _is_past_perfect(verb):
        return False
    return any(child.dep_ == "dobj" and verb.i < child.i < token.i for child in verb.children)


def _under_future_adjective(token: Token) -> bool:
    head = token
    for _ in range(3):
        if head.head.i == head.i or head.pos_ in ("VERB", "AUX"):
            return False
        head = head.head
        if head.pos_ == "ADJ" and head.lemma_.lower() in word_set("future_lemmas"):
            return True
    return False


def _is_planning_word(word: Token) -> bool:
    """'planned', 'set for', 'due'; not a verb with a particle, which is
    another verb: 'the tribunal was set up in February'."""
    return word.lemma_.lower() in word_set("future_lemmas") and not any(child.dep_ == "prt" for child in word.children)


def _plans_ahead(verb: Token) -> bool:
    """A verb whose infinitive lies ahead of it: 'plan', 'expect', 'due', 'be' ('is to')."""
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return verb.tag_ in ("VBZ", "VBP")
    return _is_planning_word(verb) or any(
        child.dep_ == "acomp" and child.lemma_.lower() in word_set("future_lemmas") for child in verb.children
    )


def _verb_of(word: Token) -> Token:
    """The verb an adjective complement hangs from ("had been [due]"), else the word."""
    return word.head if word.dep_ == "acomp" else word


def _in_past_perfect(token: Token | None) -> bool:
    head = _governing_verb(token)
    return head is not None and _is_past_perfect(head)


def _is_past_perfect(verb: Token) -> bool:
    """'had called', 'had been due': 'had' with a participle."""
    return verb.tag_ == "VBN" and any(
        child.dep_ in ("aux", "auxpass") and child.lower_ in ("had", "'d") for child in verb.children
    )


def _tense_of_verb(head: Token) -> str | None:
    """The tense one verb and its auxiliaries state, or None when they state none."""
    auxiliaries = [child for child in head.children if child.dep_ in ("aux", "auxpass")]
    aux_words = {child.lower_ for child in auxiliaries}
    if aux_words & _MODALS:
        return _tense_of_modal(head, aux_words)
    if "going" in aux_words:
        return "future"
    if head.tag_ == "VBD":
        return "past"  # "the government planned on Friday": the planning is past
    future = word_set("future_lemmas")
    if _is_planning_word(head) or any(
        child.dep_ == "acomp" and child.lemma_.lower() in future for child in head.children
    ):  # "is planned", "is due" whichever word the date hangs from; "had been planned" is gone by
        return "past" if _is_past_perfect(head) else "future"
    if any(child.tag_ == "VBD" for child in auxiliaries):
        return "past"
    if head.tag_ in ("VBN", "VBG") and any(child.lemma_.lower() == "have" for child in auxiliaries):
        return "past"
    return None


_MODALS = frozenset({"will", "shall", "'ll", "wo", "would", "may", "might", "could", "can", "should", "must"})


def _tense_of_modal(head: Token, aux_words: set[str]) -> str | None:
    """A modal points ahead ("could resign Friday"), except in a perfect
    ("would have voted Tuesday", a time gone by) and in a denied "could" or
    "would", which tells of an attempt or a refusal already made ("could
    not be reached Tuesday", "would not say Monday")."""
    if "have" in aux_words and head.tag_ == "VBN":
        return "past"
    if aux_words & {"could", "would"} and not aux_words & {"will", "shall", "'ll", "wo"} and _denied(head):
        return None
    return "future"


def _denied(verb: Token) -> bool:
    """'not'/'never' on the verb, or a subject opened by 'neither'/'no one'."""
    if any(child.dep_ == "neg" for child in verb.children):
        return True
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    return any(
        word.lower_ in word_set("denying_subject_words")
        for subject in subjects for word in subject.subtree if word.i <= subject.i
    )


def _has_aux(head: Token, word: str) -> bool:
    return any(child.dep_ in ("aux", "auxpass") and child.lower_ == word for child in head.children)
