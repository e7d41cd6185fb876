"""Constructions linking a cue to its holder and target: verb and noun
frames, acts toward someone, attitudes, evaluations (reported, quoted, in
the author's voice), violations, demands and demands to undo, declining to
comment, slogans; and the row each found stance becomes."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.stance.attribution import coordinated_items, expand_holders
from pipeline.stance.context import Argument, Context, HYPHENS, cues_of
from pipeline.stance.cues import coarse_pos, Cue
from pipeline.stance.syntax import (
    according_to, agents_of, demand_governor, evaluated, governing_verb, is_hypothetical, is_negated,
    is_passive, mention_labels_in, passive_subjects, pobjs, prep_targets, sentence_count_in_line,
    subjects_of, unique_arguments
)
from pipeline.stance.targets import latest_event, target_arguments
from pipeline.stance.voices import quote_at, voice_at


# How much each way of finding a holder or target is trusted, multiplied
# into the cue's own confidence.
_RULE_WEIGHT = {
    "verb_active": 1.0,
    "verb_passive": 0.95,
    "interaction_active": 0.9,
    "interaction_passive": 0.85,
    "noun": 0.95,
    "noun_received": 0.9,
    "demand_undo": 1.0,
    "imperative_undo": 0.9,
    "modal_undo": 0.8,
    "evaluation_reported": 0.9,
    "evaluation_author": 0.8,
    "evaluation_quote": 0.85,
    "evaluation_turn": 0.85,
    "attitude": 0.9,
    "role": 0.85,
    "violation_reported": 0.9,
    "violation_author": 0.8,
    "demand": 0.85,
    "slogan": 1.0,
    "no_statement": 1.0,
}


def rows_for_cue(context: Context, token: Token, cue: Cue, first: Token, last: Token) -> list[dict]:
    if cue.frame == "slogan":
        found = _slogan_stances(context, first, last, cue)
    elif cue.frame in _CONSTRUCTIONS:
        found = _CONSTRUCTIONS[cue.frame](context, token, cue)
    else:  # governors (reporting, negator) carry no stance of their own
        return []
    if is_hypothetical(context, token):
        return []
    found = found + _undone_events(context, cue, found)
    rows = []
    cue_start, cue_end = first.idx, last.idx + len(last.text)
    for holder, target, stance, rule, negated in found:
        if not holder.name or not target.name or holder.name == target.name or _across_lines(context, holder, first):
            continue
        target = _after_cue(context, target, last)
        if _is_heading(context, target, first):
            continue
        rows.append(dict(
            sent_start=context.sentence(token).start_char,
            holder=holder.name, holder_start=holder.start, holder_end=holder.end,
            holder_kind=holder.kind if holder.kind in ("entity", "group") else "other",
            target=target.name, target_start=target.start, target_end=target.end, target_kind=target.kind,
            target_party=target.party, target_party_start=target.party_start, target_party_end=target.party_end,
            stance="NONE" if negated else stance,
            cue=context.text[cue_start:cue_end], cue_start=cue_start, cue_end=cue_end,
            negated=negated,
            confidence=round(cue.confidence * _RULE_WEIGHT.get(rule, 1.0) * holder.weight * target.weight, 2),
            rule=rule + (f"+{holder.via}" if holder.via and not rule.endswith(holder.via) else ""),
        ))
    return rows


# frames


def _verb_stances(context: Context, verb: Token, cue: Cue):
    """Active "X condemned Y", passive "Y was condemned by X", with a
    preposition "X protested against Y"."""
    passive = is_passive(verb) or (verb.tag_ == "VBN" and verb.dep_ == "acl")
    if passive:
        if not cue.takes_object:
            return []
        holder_tokens = agents_of(verb)
        target_tokens = passive_subjects(verb)
        rule = "verb_passive"
        pairs = [(t, cue.polarity) for t in target_tokens]
    else:
        holder_tokens = subjects_of(verb)
        rule = "verb_active"
        pairs = []
        if cue.takes_object:
            pairs = [(t, cue.polarity) for t in verb.children if t.dep_ in ("dobj", "obj")] or _relative_object(context, verb, cue)
        if not pairs:
            pairs = prep_targets(context, verb, cue)
    if not pairs:
        return []
    negated = is_negated(context, verb)
    holders = expand_holders(context, holder_tokens)
    return _combine(context, holders, pairs, rule, negated)


def _relative_object(context: Context, verb: Token, cue: Cue) -> list[tuple[Token, str]]:
    """"a claim (that) the union denied": the noun a relative clause
    with a subject of its own but no object describes is that object."""
    if verb.dep_ != "relcl":
        return []
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects or subjects[0].lower_ in context.syntax["relative_pronouns"] or prep_targets(context, verb, cue):
        return []
    return [(verb.head, cue.polarity)]


def _noun_stances(context: Context, noun: Token, cue: Cue):
    """"solidarity with Y", "condemnation of Y": the holder is the possessor
    or the subject of the verb the noun depends on ("X expressed support for Y",
    "X stands in solidarity with Y")."""
    pairs = prep_targets(context, noun, cue)
    governor = governing_verb(noun)
    received = _received_from(context, noun, governor, cue)
    if received:
        return received
    if not pairs and governor is not None:
        pairs = prep_targets(context, governor, cue, exclude=noun)
    if not pairs:
        return []
    holder_tokens = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    holder_tokens += [pobj for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for pobj in pobjs(c)]
    if not holder_tokens and governor is not None:
        holder_tokens = agents_of(governor) if is_passive(governor) else subjects_of(governor)
    if not holder_tokens:
        holder_tokens = [c for c in noun.children if c.dep_ == "poss"]  # first person: "our solidarity"
    negated = is_negated(context, noun) or (governor is not None and is_negated(context, governor))
    return _combine(context, expand_holders(context, holder_tokens), pairs, "noun", negated)


def _received_from(context: Context, noun: Token, governor: Token | None, cue: Cue):
    """"Y drew criticism from X", "Y won praise from X": X toward Y, the
    subject of a verb of receiving."""
    if governor is None or governor.lemma_.lower() not in context.syntax["receiving_verbs"]:
        return []
    givers = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "from" for p in pobjs(c)]
    givers += [p for c in governor.children if c.dep_ == "prep" and c.lower_ == "from" for p in pobjs(c)]
    receivers = subjects_of(governor)
    if not givers or not receivers:
        return []
    return _combine(context, expand_holders(context, givers), [(t, cue.polarity) for t in receivers], "noun_received",
                    is_negated(context, governor))


def _evaluative_stances(context: Context, word: Token, cue: Cue):
    """"the illegal ban" / "the ban is illegal" / "called the ban a farce":
    the evaluation's holder is whoever reports it, else the author."""
    if cue.frame == "predicative" and _only_attributive(word):
        return []  # "a peaceful rally" describes; "the rally was peaceful" asserts
    following = context.doc[word.i + 1] if word.i + 1 < len(context.doc) else None
    if following is not None and following.text in HYPHENS and not word.whitespace_:
        return []  # "fair-trial standards": part of a compound word
    target_token = evaluated(context, word)
    if target_token is None:
        return []
    clause = target_token.head if target_token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr") else target_token
    while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
        clause = clause.head
    if clause.pos_ not in ("VERB", "AUX"):
        clause = None
    holder, rule, reported_negated = None, "", False
    step = clause
    for _ in range(4):
        if step is None:
            break
        cues = cues_of(context, step)
        if any(c.frame in ("verb", "noun") for c in cues):
            return []  # "denounced as politically motivated": the verb's own row says it
        if any(c.frame == "reporting" for c in cues) and (step != clause or word.dep_ in ("oprd", "pobj", "amod", "dobj") or target_token.head == step):
            subjects = agents_of(step) if is_passive(step) else subjects_of(step)
            if subjects:
                holder, rule = subjects, "evaluation_reported"
                reported_negated = is_negated(context, step)  # "stop calling X traitors"
                break
        if step.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or step.head == step:
            break
        step = step.head
    if holder is None and clause is not None:
        holder, rule = according_to(clause), "evaluation_reported"  # "according to X, the ban is illegal"
        holder = holder or None
    if holder is None:
        voice = voice_at(context, word.idx)
        if voice is None:
            return []  # quoted words nobody is said to speak, or a reporting genre
        holders, rule = [voice], f"evaluation_{voice.via or 'author'}"
    else:
        holders = expand_holders(context, holder)
    negated = reported_negated or is_negated(context, word) or (
        clause is not None and word.dep_ in ("acomp", "attr") and is_negated(context, clause))
    return _combine(context, holders, [(target_token, cue.polarity)], rule, negated)


def _after_cue(context: Context, target: Argument, last: Token) -> Argument:
    """A target read as a name that swallowed its cue ("Free X!" parsed as
    one name) starts after the cue."""
    cue_end = last.idx + len(last.text)
    if target.start is None or not (target.start < cue_end < target.end) or target.name != context.text[target.start:target.end]:
        return target
    start = cue_end + len(context.text[cue_end:target.end]) - len(context.text[cue_end:target.end].lstrip())
    return replace(target, name=context.text[start:target.end], start=start)


def _across_lines(context: Context, holder: Argument, cue: Token) -> bool:
    """A holder read from the parse on another line than its cue: a heading
    the parser ran into the sentence ("Summary of the case / The
    Ministry argued ...")."""
    if holder.via or holder.start is None:
        return False
    low, high = sorted((holder.end, cue.idx))
    return "\n" in context.text[low:high]


def _is_heading(context: Context, target: Argument, cue: Token) -> bool:
    """A target that is a line of its own before its cue ("Assessment /
    Invoking Section 14 of the Charter, ...")."""
    if target.start is None or target.end > cue.idx:
        return False
    rest_of_line = context.text[target.end:context.text.find("\n", target.end) if "\n" in context.text[target.end:cue.idx] else target.end]
    line_start = context.text.rfind("\n", 0, target.start) + 1
    return "\n" in context.text[target.end:cue.idx] and not rest_of_line.strip() and not context.text[line_start:target.start].strip()


def _only_attributive(word: Token) -> bool:
    while word.dep_ == "conj" and word.head != word:
        word = word.head
    if word.dep_ != "amod":
        return False
    head = word.head
    return not (head.dep_ in ("attr", "oprd", "appos") or (head.dep_ == "pobj" and head.head.lower_ == "as"))


def _undo_stances(context: Context, word: Token, cue: Cue):
    """"demands that the court cancel the ruling" is against the ruling;
    so is "Cancel the ruling!" or "the court must cancel the ruling" in a
    statement."""
    if coarse_pos(word) == "VERB":
        objects = [c for c in word.children if c.dep_ in ("dobj", "obj")] or (
            passive_subjects(word) if is_passive(word) else [])
    else:
        objects = [p for c in word.children if c.dep_ == "prep" and c.lower_ in cue.preps for p in pobjs(c)]
    if not objects:
        return []
    demand = demand_governor(context, word)
    negated = is_negated(context, word)
    if demand is not None:
        holders = expand_holders(context, agents_of(demand) if is_passive(demand) else subjects_of(demand))
        rule = "demand_undo"
        negated = negated or is_negated(context, demand)
    elif voice_at(context, word.idx) is not None and coarse_pos(word) == "VERB":
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children)
        modals = set(context.syntax["demand_modals"])
        if word.dep_ == "ROOT" and word.tag_ == "VB" and not has_subject:
            rule = "imperative_undo"
        elif any(c.dep_ == "aux" and c.lower_ in modals for c in word.children):
            rule = "modal_undo"
        else:
            return []
        holders = [voice_at(context, word.idx)]
    else:
        return []
    return _combine(context, holders, [(o, cue.polarity) for o in objects], rule, negated)


def _expression_stances(context: Context, word: Token, cue: Cue):
    """"X released no statement on Y", "X declined to comment on Y": no stance."""
    if not is_negated(context, word):
        return []
    pairs = [(t, "NONE") for t, _ in prep_targets(context, word, cue)]
    governor = governing_verb(word) if coarse_pos(word) == "NOUN" else None
    if not pairs and governor is not None:
        pairs = [(t, "NONE") for t, _ in prep_targets(context, governor, cue, exclude=word)]
    if not pairs:
        event = latest_event(context, word)
        if event is None:
            return []
        pairs = [(context.doc[event.token_i], "NONE")]  # "declined to comment": on what the text is about
    if coarse_pos(word) == "VERB":
        holder_tokens = subjects_of(word)
    else:
        holder_tokens = subjects_of(governor) if governor is not None else []
    return _combine(context, expand_holders(context, holder_tokens), pairs, "no_statement", True)


def _slogan_stances(context: Context, first: Token, last: Token, cue: Cue):
    """"Hands off X!", "Down with X!" opening a short sentence, or a short
    quotation ("chanting "Hands off X!""): the stance of whoever speaks there."""
    if first.dep_ == "amod":
        return []  # "free speech": an adjective, not the call
    following = context.doc[last.i + 1] if last.i + 1 < len(context.doc) else None
    if first == last and (first.dep_ in ("nsubj", "nsubjpass") or following is not None and following.lower_ == "of"):
        return []  # "Release of the prisoners delayed": a noun, not a call
    quote = quote_at(context, first.idx)
    if quote is not None:
        quoted = context.text[quote.start:quote.end]
        opens = not context.text[quote.start:first.idx].strip(" \t'\"")
        if not opens or len(quoted.split()) > 12 or not quoted.rstrip().endswith("!"):
            return []
        limit = quote.end
    else:
        sent = context.sentence(first)
        opening = sent.start
        while opening < first.i and (context.doc[opening].is_punct or context.doc[opening].is_space):
            opening += 1
        if opening != first.i or len(sent) > 25:
            return []
        closing = [t for t in sent if not t.is_space]
        if not closing or (closing[-1].text != "!" and sentence_count_in_line(context, sent) > 1):
            return []
        limit = sent.end_char
    holder = voice_at(context, first.idx)
    if holder is None:
        return []
    rest = [t for t in context.doc[last.i + 1:] if t.idx >= limit or not (t.is_punct or t.is_space)]
    rest = [t for t in rest[:30] if t.idx < limit] if rest else []
    heads = [t for t in rest if not (last.i < t.head.i <= rest[-1].i) or t.head == t]
    if not heads:
        return []
    return _combine(context, [holder], [(heads[0], cue.polarity)], "slogan", False)


def _role_stances(context: Context, noun: Token, cue: Cue):
    """"X, a longtime critic of Y," / "X is an ally of Y" / "critics of Y
    say": the one the role noun describes holds the stance toward Y."""
    targets = [p for c in noun.children if c.dep_ == "prep" and c.lower_ in cue.preps for p in pobjs(c)]
    if not targets:
        return []
    if noun.dep_ == "appos":
        holders = [noun.head]
    elif noun.dep_ == "attr":
        holders = subjects_of(noun.head)
    elif noun.dep_ in ("nsubj", "nsubjpass") and noun.tag_ == "NNS":
        holders = [noun]
    else:
        return []
    return _combine(context, expand_holders(context, holders), [(t, cue.polarity) for t in targets], "role",
                    is_negated(context, noun) or (noun.dep_ == "attr" and is_negated(context, noun.head)))


def _violation_stances(context: Context, verb: Token, cue: Cue):
    """"The order violates the charter", "the panel held that the closure had
    breached Section 4": whoever asserts it (the reporter, else the voice
    of the passage) is against the subject."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")] if not is_passive(verb) else []
    if not subjects:
        return []
    step = verb
    for _ in range(3):
        if step.dep_ not in ("ccomp", "conj") or step.head == step:
            break
        step = step.head
        if any(c.frame == "reporting" for c in cues_of(context, step)) or step.lemma_ in context.syntax["finding_verbs"]:
            holders = expand_holders(context, agents_of(step) if is_passive(step) else subjects_of(step))
            return _combine(context, holders, [(s, cue.polarity) for s in subjects], "violation_reported",
                            is_negated(context, verb) or is_negated(context, step))
    voice = voice_at(context, verb.idx)
    if voice is None or step != verb and step.dep_ == "ccomp":
        return []
    return _combine(context, [voice], [(s, cue.polarity) for s in subjects], f"violation_{voice.via or 'author'}",
                    is_negated(context, verb))


def _attitude_stances(context: Context, word: Token, cue: Cue):
    """"X is deeply concerned about Y", "X remains opposed to Y", "X is
    grateful for Y": the subject of the verb the adjective completes, or the
    noun it describes ("farmers opposed to the dam")."""
    pairs = prep_targets(context, word, cue)
    if pairs and word.dep_ in ("acl", "amod") and word.head.pos_ in ("NOUN", "PROPN"):  # "farmers opposed to the dam"
        return _combine(context, expand_holders(context, [word.head]), pairs, "attitude", is_negated(context, word))
    if cue.polarity == "AGAINST":  # "concerned about protecting X" cares for X
        pairs = [(t, polarity) for t, polarity in pairs if t.tag_ != "VBG"]
    if not pairs or word.dep_ not in ("acomp", "xcomp", "oprd", "conj"):
        return []
    verb = word.head
    while verb.dep_ == "conj" and coarse_pos(verb) != "VERB" and verb.head != verb:
        verb = verb.head
    holders = expand_holders(context, agents_of(verb) if is_passive(verb) else subjects_of(verb))
    return _combine(context, holders, pairs, "attitude", is_negated(context, word) or is_negated(context, verb))


def _demand_stances(context: Context, word: Token, cue: Cue):
    """"X demanded the extension of Y", "X calls for an inquiry": in favour
    of what is demanded (an undoing noun, "the release of Z", has its own row)."""
    demanded = []
    if any(c.dep_ in ("dobj", "oprd") for c in word.children) and "obj" not in cue.preps:
        return []  # "called the verdict revenge for X": not a call for X
    if "obj" in cue.preps:
        demanded = [c for c in word.children if c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN")]
    demanded += [p for c in word.children if c.dep_ == "prep" and c.lower_ in cue.preps for p in pobjs(c) if p.pos_ in ("NOUN", "PROPN")]
    demanded = [t for t in demanded if not any(c.frame in ("undo", "evaluative") for c in cues_of(context, t))]
    if not demanded:
        return []
    if coarse_pos(word) == "VERB":
        holder_tokens = agents_of(word) if is_passive(word) else subjects_of(word)
    else:  # "X's demand for Y", "X renewed its call for Y"; not "X called the request for Y a disgrace"
        holder_tokens = [c for c in word.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        governor = governing_verb(word)
        if not holder_tokens and governor is not None and not cues_of(context, governor):
            holder_tokens = subjects_of(governor)
    holders = expand_holders(context, holder_tokens)
    return _combine(context, holders, [(t, "FAVOR") for t in demanded], "demand", is_negated(context, word))


def _undone_events(context: Context, cue: Cue, found: list) -> list:
    """"free X", "release X": also against X's detention (the event the act
    undoes), named as the event it undoes with X as its participant."""
    if not cue.undoes:
        return []
    extra = []
    for holder, target, stance, rule, negated in found:
        if stance == "FAVOR" and target.kind == "entity" and not target.party \
                and mention_labels_in(context, target.start, target.end) & {"PERSON", "ORG", "NORP"}:  # someone named, not a place
            event = Argument(f"{cue.undoes} of {target.name}", target.start, target.end, "event",
                             target.name, target.start, target.end, target.weight)
            extra.append((holder, event, "AGAINST", rule, negated))
    return extra


def _combine(context: Context, holders: list[Argument], pairs: list[tuple[Token, str]], rule: str, negated: bool):
    out = []
    for target_token, polarity in pairs:
        # a conjunct that is a cue of its own ("the release of X and the withdrawal of Y") speaks for itself
        items = [t for t, _ in coordinated_items(context, target_token)
                 if t == target_token or not any(c.frame in ("undo", "evaluative") for c in cues_of(context, t))]
        for target in unique_arguments([a for t in items for a in target_arguments(context, t)]):
            for holder in holders:
                out.append((holder, target, polarity, rule, negated))
    return out


def _interaction_stances(context: Context, verb: Token, cue: Cue):
    """"X attacked Y", "X thanked Y": an act toward someone named."""
    return [(holder, target, stance, rule.replace("verb", "interaction"), negated)
            for holder, target, stance, rule, negated in _verb_stances(context, verb, cue) if target.kind == "entity"]


# The construction each cue frame reads (a slogan reads its whole phrase).
_CONSTRUCTIONS = {
    "verb": _verb_stances, "noun": _noun_stances, "evaluative": _evaluative_stances,
    "predicative": _evaluative_stances, "undo": _undo_stances, "expression": _expression_stances,
    "interaction": _interaction_stances, "role": _role_stances, "violation": _violation_stances,
    "attitude": _attitude_stances, "demand": _demand_stances,
}
