"""What kind of event a date dates and who undergoes it, so that one event
told in several documents ("X was banned", "the dissolution of X", an
infobox's "Banned:") can be given one id.

In:  the event word's token (from `events.event_for`) and the document's
     mention spans. Out: the kind ("ban", "founding", ...; "" when the word
     names none) and who undergoes it: a mention span (start, end), SUBJECT
     (a noun such as "the party": what the document is about), OTHER (a
     noun that names neither, "the session was suspended": not the
     document's event) or None (nobody named, or a pronoun).
"""

from __future__ import annotations

import csv
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA
from spacy.tokens import Token

from pipeline.config import PACKAGE_DATA
from pipeline.dates.lexicon import lexicon, word_set

TARGETS_FILE = PACKAGE_DATA / "stance_targets.csv"

SUBJECT = "subject"
OTHER = "other"
_TIME_TYPES = frozenset({"DATE", "TIME"})  # "suspended 4.00 p.m.": the time parsed as an object is none


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    return event_kinds(), word_set("event_anaphors"), word_set("subject_nouns")


@lru_cache(maxsize=1)
def event_kinds() -> dict[str, str]:
    """lemma -> kind: the events stances name (`stance_targets.csv`, role
    `event`: "dissolve" -> ban), so that a date and a stance name one event
    alike, and the words only dates need (`[event_kinds]` of the dates
    lexicon: "found" -> founding)."""
    with open(TARGETS_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    named = {
        row["lemma"].strip().lower(): row["event"].strip()
        for row in rows if row["role"].strip().lower() == "event" and row["event"].strip()
    }
    return {**lexicon()["event_kinds"], **named}


def kind_of_word(word: str) -> str:
    """The kind a word names, read through its regular endings ('Banned' -> ban)."""
    kinds, _, _ = _words()
    lower = word.lower()
    for form in (lower, lower[:-1], lower[:-2], lower[:-3]):
        if form in kinds:
            return kinds[form]
    return ""


def kind_and_patient(token: Token | None, mention_spans: list[tuple[int, int, str]], document_event=("", None)) -> tuple[str, object]:
    """The event kind of `token` and who undergoes it. A verb whose object
    names an event ('ordered the closure of X') dates that event; a noun
    like 'the decision' names the event it decides ('the ruling to ban X'),
    else the document's main event (`document_event`, see `main_event`)."""
    if token is None:
        return "", None
    kinds, anaphors, _ = _words()
    if token.pos_ == "NOUN" and token.lemma_.lower() in anaphors:
        decided = [t for t in token.subtree if t.i != token.i and (t.lemma_.lower() in kinds or _undone(t))]
        return kind_and_patient(decided[0], mention_spans) if decided else document_event
    if is_field_key(token) and kind_of_word(token.text):
        return kind_of_word(token.text), SUBJECT  # "Dissolved: 1998" in a list of fields speaks of what the document is about
    undone = _undone(token)
    if undone is not None:  # "cancelled the union's registration": a ban
        return undone[0], _patient(undone[1], mention_spans)
    kind = kinds.get(token.lemma_.lower(), "")
    if not kind and token.pos_ in ("VERB", "AUX"):
        # "ordered the closure of X", "the ruling to ban X was read", "the ban took effect"
        named = [child for child in token.children if child.dep_ in ("dobj", "nsubj", "nsubjpass")
                 and (child.lemma_.lower() in kinds or child.lemma_.lower() in anaphors)]
        return kind_and_patient(named[0], mention_spans, document_event) if named else ("", None)
    return (kind, _patient(token, mention_spans)) if kind else ("", None)


def main_event(doc, mention_spans: list[tuple[int, int, str]], names: dict[tuple[int, int], str]) -> tuple[str, object]:
    """The event a document's decisions are about: of the kinds a decision
    makes (`[decided_kinds]`: a ban, a suspension), the one its event words
    name most often, and the name (`names`: a mention's span -> its name, a
    short form's being its long form's) that undergoes it most often."""
    kinds, _, _ = _words()
    decided = word_set("decided_kinds")
    by_kind: dict[str, int] = {}
    undergoing: dict[str, dict[str, list]] = {}
    for token in tokens_with_lemma(doc, _decision_words()):
        undone = _undone(token)
        kind, undergoer = undone if undone is not None else (kinds.get(token.lemma_.lower(), ""), token)
        if kind not in decided:
            continue
        by_kind[kind] = by_kind.get(kind, 0) + 1
        patient = _patient(undergoer, mention_spans)
        if isinstance(patient, tuple):
            undergoing.setdefault(kind, {}).setdefault(names.get(patient, ""), []).append(patient)
    if not by_kind:
        return "", None
    top_kind = max(sorted(by_kind), key=lambda k: by_kind[k])
    named = undergoing.get(top_kind, {})
    if not named:
        return top_kind, SUBJECT
    top_name = max(sorted(named), key=lambda name: len(named[name]))
    return top_kind, named[top_name][0]


@lru_cache(maxsize=1)
def _decision_words() -> frozenset[str]:
    """The lemmas that can tell of a decided event: its own words and the
    words that undo what an organisation holds."""
    decided = word_set("decided_kinds")
    return word_set("undoing_words") | {word for word, kind in event_kinds().items() if kind in decided}


def tokens_with_lemma(doc, words: frozenset[str]) -> list[Token]:
    """The tokens whose lemma, lower-cased, is one of `words`, in text
    order; each distinct lemma of the document is looked at once."""
    lemmas = doc.to_array([LEMMA]).ravel() if len(doc) else np.zeros(0, dtype=np.uint64)
    strings = doc.vocab.strings
    wanted = [key for key in np.unique(lemmas).tolist() if strings[key].lower() in words]
    return [doc[i] for i in np.flatnonzero(np.isin(lemmas, wanted)).tolist()]


def _undone(token: Token) -> tuple[str, Token] | None:
    """An act that undoes what an organisation holds ("cancelled the
    registration of X", "the revocation of X's licence"): the kind of event
    that makes (`[undone_kinds]`) and the noun undone, else None."""
    lex = lexicon()
    if token.lemma_.lower() not in lex["undoing_words"]["words"]:
        return None
    objects = [child for child in token.children if child.dep_ in ("dobj", "nsubjpass")]
    objects += [grand for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                for grand in child.children if grand.dep_ == "pobj"]
    undone = lex["undone_kinds"]
    return next(((undone[o.lemma_.lower()], o) for o in objects if o.lemma_.lower() in undone), None)


def is_field_key(token: Token) -> bool:
    """A word opening its line before a colon: the key of a "Key: Value" field."""
    opens_line = token.i == 0 or "\n" in token.doc[token.i - 1].text_with_ws
    return opens_line and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == ":"


def _patient(token: Token, mention_spans: list[tuple[int, int, str]]):
    """Who undergoes the event: the passive subject or object of a verb, the
    'of'/'on' complement or possessor of a noun, a name compounded with it."""
    candidates = [
        child for child in token.children
        if (child.dep_ in ("nsubjpass", "dobj", "poss") and child.ent_type_ not in _TIME_TYPES)
        or (child.dep_ == "compound" and child.pos_ == "PROPN")
    ]
    if token.pos_ == "NOUN":
        candidates += [
            grand for child in token.children if child.dep_ == "prep" and child.lower_ in word_set("patient_prepositions")
            for grand in child.children if grand.dep_ == "pobj"
        ]
    if token.dep_ in ("acl", "relcl") and token.tag_ == "VBN":
        candidates.append(token.head)  # "the party banned in 2015"
    if token.dep_ == "advcl" and token.tag_ == "VBN":  # "Banned in 1998, the league moved abroad"
        candidates += [child for child in token.head.children if child.dep_ == "nsubj"]
    objects = [child for child in token.children if child.dep_ in ("dobj", "nsubjpass", "agent") and child.ent_type_ not in _TIME_TYPES]
    if token.pos_ == "VERB" and not objects:
        # without an object the subject undergoes it: "Union dissolved.", "the league dissolved in 1999"
        candidates += [child for child in token.children if child.dep_ == "nsubj"]
    found = [_as_mention(candidate, mention_spans) for candidate in candidates]
    # a name first, then what the document is about, then a noun that is neither
    return next((f for f in found if isinstance(f, tuple)), SUBJECT if SUBJECT in found else OTHER if OTHER in found else None)


def _as_mention(token: Token, mention_spans: list[tuple[int, int, str]]):
    """The mention naming the phrase headed by `token` ('the Green League',
    'leaders of the Green League', 'the farmers' paper Free Word', 'the
    league's activities'); SUBJECT for 'the party' or 'one of the largest
    unions'; OTHER for a noun that names neither ('the session'); None for a
    pronoun."""
    of_objects = [grand for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                  for grand in child.children if grand.dep_ == "pobj"]
    # "the farmers' paper, X", "the union's activities": the name beside or owning the noun
    beside = [child for child in token.children if child.dep_ in ("appos", "poss")]
    for candidate in [token] + beside + of_objects:
        covering = [(s, e) for s, e, _ in mention_spans if s <= candidate.idx < e]
        if covering:
            return covering[0]
    # "the party", "union activities", "the union's accounts"; a partitive
    # ("one of the largest unions", "two of the parties") is what it counts
    heads = [token] + [child for child in token.children if child.dep_ in ("compound", "poss")]
    heads += of_objects if token.pos_ in ("NUM", "PRON", "DET") else []
    if any(head.lemma_.lower() in _words()[2] for head in heads):
        return SUBJECT
    # a noun that names neither ("the session", "one of its founders"): not the document's event; a pronoun may be
    return OTHER if token.pos_ in ("NOUN", "PROPN", "NUM") else None
