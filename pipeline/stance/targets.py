"""What a stance is about: events with their participant ("ban of X"), anaphors resolved to them, nouns that pass the stance on."""

from __future__ import annotations

import bisect

import numpy as np
from spacy.attrs import LEMMA
from spacy.tokens import Token

from pipeline.stance.attribution import antecedent_of, generic_reference, in_turn_label, pronoun_antecedent
from pipeline.stance.context import Argument, Context, COREFERENCE_WEIGHT, Event, TRANSFER_WEIGHT, cues_of
from pipeline.stance.cues import coarse_pos, in_sorted, TargetWord
from pipeline.stance.syntax import is_passive, passive_subjects, phrase_bounds, pobjs, span_argument, weighted


_NOT_TARGETS = {"SCONJ", "ADP", "DET", "CCONJ", "PART", "PUNCT", "ADV", "AUX", "SPACE"}


def target_arguments(context: Context, token: Token, depth: int = 0) -> list[Argument]:
    """Target arguments for a token: events named "<event> of <party>",
    anaphors resolved to the event in context, stance passed through
    ("the struggle of X" -> X), coreferent "the party", or the phrase itself."""
    if token.lower_ in context.syntax["relative_pronouns"] and token.dep_ in ("dobj", "nsubjpass", "pobj"):
        antecedent = antecedent_of(context, token)  # "a claim that the union denied"
        if antecedent is not None and depth < 3:
            return target_arguments(context, antecedent, depth + 1)
    if token.ent_type_ in ("DATE", "TIME") or token.pos_ in _NOT_TARGETS or in_turn_label(context, token) \
            or (token.tag_ in ("DT", "WDT") and not list(token.children)):
        return []  # "at 10 a.m.", "condemned that", the "NAME:" of a transcript turn
    if token.pos_ == "PRON":
        if token.lower_ in context.syntax["person_pronouns"]:
            person = pronoun_antecedent(context, token)  # "I applaud her"
            return [person] if person is not None else []
        antecedent = antecedent_of(context, token)
        if antecedent is None and token.lower_ in context.syntax["object_pronouns"]:
            antecedent = _earlier_stance_object(context, token)  # "I oppose the Bill. ... My group will vote against it."
        return target_arguments(context, antecedent, depth + 1) if antecedent is not None and depth < 3 else []
    knowledge = context.knowledge
    lemma = token.lemma_.lower()
    word = knowledge.targets.get((lemma, "VERB" if coarse_pos(token) == "VERB" else "NOUN"))
    if word is not None and word.role == "transfer" and depth < 3:
        complements = [p for c in token.children if c.dep_ == "prep" and c.lower_ in word.patient_preps for p in pobjs(c)]
        complements += [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if complements:
            return [weighted(a, TRANSFER_WEIGHT) for c in complements for a in target_arguments(context, c, depth + 1)]
    if word is not None and word.role in ("event", "anaphor"):
        event = _event_for(context, token, word)
        if event is not None:
            start, end = phrase_bounds(context, token)
            begin, finish = context.doc[start].idx, context.doc[end - 1].idx + len(context.doc[end - 1].text)
            party = event.party
            name = event.name if party is not None else context.text[begin:finish]
            return [Argument(name, begin, finish, "event",
                             party.name if party else "", party.start if party else None, party.end if party else None,
                             1.0 if event.token_i == token.i else COREFERENCE_WEIGHT)]
    generic = generic_reference(context, token)
    if generic is not None:
        return [generic]
    return [span_argument(context, token)]


def _earlier_stance_object(context: Context, token: Token) -> Token | None:
    """What "it" stands for as a target: the object of the last stance cue in
    the same paragraph, at most four sentences back."""
    sentence_at = bisect.bisect_right(context.sentence_starts, token.i) - 1
    lowest = context.sentence_starts[max(0, sentence_at - 4)] if context.sentence_starts else 0
    for i in range(token.i - 1, lowest - 1, -1):
        candidate = context.doc[i]
        if "\n" in candidate.text_with_ws or candidate.is_space:
            return None  # another paragraph
        if candidate.dep_ not in ("dobj", "pobj", "nsubjpass") or candidate.pos_ not in ("NOUN", "PROPN") \
                or candidate.dep_ == "pobj" and candidate.head.dep_ == "agent":
            continue  # an object, a preposition's object or a passive subject; not the "by" agent
        governor = candidate.head.head if candidate.dep_ == "pobj" else candidate.head
        if any(cue.polarity in ("FAVOR", "AGAINST") and cue.frame in ("verb", "undo") for cue in cues_of(context, governor)):
            return candidate
    return None


def _event_for(context: Context, token: Token, word: TargetWord) -> Event | None:
    """The event a noun names or refers to: its own (with its patient), an
    event in its complement ("ruling to ban X"), else the latest event before
    it, else one later in the same sentence ("the decision ..., this decision
    dissolving X")."""
    own = next((e for e in context.events if e.token_i == token.i), None)
    if own is not None and own.party is not None:
        return own
    for child in token.subtree:
        if child != token and child.dep_ in ("acl", "xcomp", "advcl", "relcl", "pobj") and child.head == token or \
                child.head.head == token and child.dep_ in ("pobj", "pcomp"):
            inner = next((e for e in context.events if e.token_i == child.i and e.party is not None), None)
            if inner is not None:
                return inner
    # an event word refers back only to an event of its own kind ("her
    # detention" is not the ban mentioned before it)
    earlier = [e for e in context.events if e.token_i < token.i and e.party is not None
               and (word.role == "anaphor" or e.name.startswith(f"{word.event} of "))]
    if earlier:
        return earlier[-1]
    sentence_start = context.sentence(token).start
    same = [e for e in context.events if e.sent_start == sentence_start and e.party is not None
            and (word.role == "anaphor" or e.name.startswith(f"{word.event} of "))]
    if same:
        return same[0]
    if own is not None:
        return own
    if word.role == "event":
        return Event(token.i, sentence_start, word.event, None)
    return None


def latest_event(context: Context, token: Token) -> Event | None:
    """The event the text last spoke of before a token (with a participant
    if any has one), else the last noun that refers to one ("the ruling")
    in this or the two sentences before: what "declined to comment" is about."""
    earlier = [e for e in context.events if e.token_i < token.i]
    named = [e for e in earlier if e.party is not None]
    if named or earlier:
        return (named or earlier)[-1]
    sentence_at = bisect.bisect_right(context.sentence_starts, token.i) - 1
    lowest = context.sentence_starts[max(0, sentence_at - 2)] if context.sentence_starts else 0
    for i in range(token.i - 1, lowest - 1, -1):
        word = context.knowledge.targets.get((context.doc[i].lemma_.lower(), "NOUN"))
        if word is not None and word.role == "anaphor" and context.doc[i].pos_ == "NOUN":
            return Event(i, context.sentence(context.doc[i]).start, context.doc[i].text, None)
    return None


def collect_events(context: Context) -> list[Event]:
    """Every event word in document order with its patient ("the ban on X",
    "X was banned", "dissolving X", "the banned party X")."""
    doc, knowledge = context.doc, context.knowledge
    if not len(doc) or not len(knowledge.event_hashes):
        return []
    lemmas = doc.to_array([LEMMA])
    events = []
    for i in np.flatnonzero(in_sorted(lemmas.ravel(), knowledge.event_hashes)):
        token = doc[int(i)]
        pos = "VERB" if coarse_pos(token) == "VERB" else "NOUN"
        word = knowledge.targets.get((token.lemma_.lower(), pos))
        if word is None or word.role != "event":
            continue
        if pos == "NOUN":
            patients = [p for c in token.children if c.dep_ == "prep" and c.lower_ in word.patient_preps for p in pobjs(c)]
            patients += [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        elif token.dep_ == "amod":
            continue  # "a banned movement" names no event of its own
        elif is_passive(token):
            patients = passive_subjects(token)
        else:
            patients = [c for c in token.children if c.dep_ in ("dobj", "obj")]
            if not patients and token.dep_ == "acl" and token.tag_ == "VBN":
                patients = [token.head]
        party = None
        for patient in patients:
            if patient.ent_type_ in ("DATE", "TIME"):
                continue  # "the elections of June 2023": when, not who
            if patient.pos_ == "PRON":
                party = pronoun_antecedent(context, patient) if patient.lower_ in context.syntax["third_person"] else None
                if party is None:
                    continue
                break
            generic = _generic_reference_for_event(context, patient, events)
            party = generic if generic is not None else span_argument(context, patient)
            break
        name = f"{word.event} of {party.name}" if party is not None else word.event
        events.append(Event(token.i, context.sentence(token).start, name, party))
    return events


def _generic_reference_for_event(context: Context, token: Token, events: list[Event]) -> Argument | None:
    word = context.knowledge.targets.get((token.lemma_.lower(), "NOUN"))
    if word is None or word.role != "generic" or token.pos_ != "NOUN":
        return None
    if any(c.pos_ == "PROPN" or c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" for c in token.children):
        return None
    if context.focus is not None:
        return context.focus
    known = [e.party for e in events if e.party is not None and e.party.kind == "entity"]
    return known[-1] if known else None
