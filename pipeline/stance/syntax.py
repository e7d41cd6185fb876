"""Walks over the dependency parse shared by the frames: subjects, agents, objects, negation, noun-phrase bounds."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from pipeline.stance.context import (
    APOSTROPHES, Argument, CLAUSE_DEPS, Context, HYPHENS, LEFT_MODIFIERS, QUOTE_CLOSE, QUOTE_TOGGLE, cues_of,
)
from pipeline.stance.cues import coarse_pos, Cue


# syntax helpers


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def subjects_of(verb: Token, depth: int = 0) -> list[Token]:
    """The subject of a verb, following coordination ("A formed X and
    supported Y"), control ("started accusing") and participles ("despite
    having protested ..., X released")."""
    found = [_on_the_verbs_line(c, verb) for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if found or depth > 4 or verb.head == verb:
        return found
    head = verb.head
    if verb.dep_ == "conj" and not is_passive(head):
        return subjects_of(head, depth + 1)
    if verb.dep_ == "xcomp":
        return subjects_of(head, depth + 1)
    if verb.dep_ == "advcl" and not any(c.dep_ == "mark" for c in verb.children):
        return subjects_of(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head != head:
        objects = [c for c in head.head.children if c.dep_ in ("dobj", "obj")] if head.lower_ in ("of", "for") else []
        if objects:
            return objects  # "A accuses B of backing X", "A praised B for backing X": B backs X
        return subjects_of(head.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        return [head]
    return []


def _on_the_verbs_line(subject: Token, verb: Token) -> Token:
    """A heading the parser ran into the sentence ("Decision of the Court /
    The Government defended ...") is not the subject: the noun right before
    the verb on its own line is."""
    doc = subject.doc
    if subject.i > verb.i or "\n" not in doc[subject.i:verb.i].text:
        return subject
    i = verb.i - 1
    while i > subject.i and doc[i].pos_ in ("AUX", "ADV", "PART", "PUNCT"):
        i -= 1
    if doc[i].pos_ in ("NOUN", "PROPN") and "\n" not in doc[i:verb.i].text:
        return doc[i]
    return subject


def passive_subjects(verb: Token, depth: int = 0) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
    if found or depth > 4:
        return found
    if verb.dep_ == "conj" and verb.head != verb:
        return passive_subjects(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    return []


def agents_of(verb: Token) -> list[Token]:
    """The by-phrase of a passive, looked for inside the verb's own clause
    (the parser sometimes hangs it on a modifier: "denounced as politically
    motivated by X"); a coordinated passive may share it."""
    queue, seen = [(verb, 0)], set()
    while queue:
        token, depth = queue.pop(0)
        for child in token.children:
            if child.i in seen:
                continue
            seen.add(child.i)
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and token == verb):
                objects = pobjs(child)
                if objects:
                    return objects
            if depth < 3 and child.dep_ not in CLAUSE_DEPS:
                queue.append((child, depth + 1))
    for child in verb.children:
        if child.dep_ == "conj" and is_passive(child):
            return agents_of(child)
    return []


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def governing_verb(noun: Token) -> Token | None:
    """The verb a cue noun is the object of ("expressed support", "stands in
    solidarity"); a noun that is itself the subject has none."""
    if noun.dep_ not in ("dobj", "obj", "pobj", "attr", "oprd"):
        return None
    head = noun.head
    if noun.dep_ == "pobj":
        if head.lower_ != "in":  # "stands in solidarity", "voted in support of"; not "since protests"
            return None
        head = head.head
    if head == noun:
        return None
    return head if coarse_pos(head) == "VERB" else None


def prep_targets(context: Context, head: Token, cue: Cue, exclude: Token | None = None) -> list[tuple[Token, str]]:
    """Objects of the cue's prepositions under `head`; "against" always opposes.
    A later "and against Z" in the same clause is read as a second target even
    when the parser attached it elsewhere."""
    opposing = set(context.syntax["opposing_prepositions"])
    pairs = []
    for child in head.children:
        if child.dep_ != "prep" or (exclude is not None and exclude in child.subtree):
            continue
        lemma = child.lower_
        if lemma in cue.preps or lemma in opposing and cue.polarity in ("FAVOR", "AGAINST"):
            polarity = "AGAINST" if lemma in opposing else cue.polarity
            pairs.extend((p, polarity) for p in pobjs(child))
    if pairs and cue.polarity == "FAVOR":
        last = max(t.i for t, _ in pairs)
        clause = _clause_root(head)
        seen = {t.i for t, _ in pairs}
        for token in clause.subtree:
            if token.i > last and token.lower_ in opposing and token.dep_ in ("prep", "conj") and token.pos_ == "ADP" \
                    and token.i > 0 and context.doc[token.i - 1].lower_ in ("and", "but", ","):
                pairs.extend((p, "AGAINST") for p in pobjs(token) if p.i not in seen)
    return pairs


def _clause_root(token: Token) -> Token:
    while token.pos_ not in ("VERB", "AUX") and coarse_pos(token) != "VERB" and token.head != token:
        token = token.head
    return token


def demand_governor(context: Context, word: Token) -> Token | None:
    """A demand verb or noun within five steps above the word ("demand the
    release of X and the withdrawal of Y")."""
    step = word
    for _ in range(5):
        if step.head == step:
            return None
        step = step.head
        if any(cue.frame == "demand" for cue in context.knowledge.cues.get(step.lemma_.lower(), ())):
            return step
    return None


def is_negated(context: Context, token: Token) -> bool:
    """Negated directly ("did not support", "no statement"), through a
    controlling verb ("did not want to condemn") or an implicative negator
    ("refused to condemn", "declined to comment")."""
    negations = set(context.syntax["negations"])
    step = token
    for _ in range(3):
        for child in step.children:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in negations):
                return True
            if child.dep_ == "preconj" and child.lower_ == "neither":
                return True  # "neither support ..."
        if step.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" for c in step.head.children):
            return True  # "... nor oppose it"
        if step != token and any(c.frame == "negator" for c in cues_of(context, step)):
            return True
        if step.dep_ not in ("xcomp", "aux") or step.head == step:
            return False
        step = step.head
    return False


def evaluated(context: Context, word: Token) -> Token | None:
    """The noun an evaluative word is about."""
    token = word
    while token.dep_ == "conj" and token.head.i != token.i:  # "illegal and biased ruling"
        token = token.head
    dep = token.dep_
    head = token.head
    if dep == "amod" and coarse_pos(head) == "NOUN":
        if cues_of(context, head):
            return None  # "flagrant violation": the noun is itself the evaluation
        if head.dep_ in ("attr", "oprd") or (head.dep_ == "pobj" and head.head.lower_ == "as"):
            return evaluated(context, head) or head  # "X is a criminal gang": about X
        return head
    if dep == "appos" and head.pos_ in ("NOUN", "PROPN"):
        return head
    if dep == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and not cues_of(context, head.head) \
            and head.head.dep_ in ("attr", "oprd", "appos"):
        return evaluated(context, head.head)  # "termed the sentence a sham of justice"
    if dep in ("acomp", "attr") and head.pos_ in ("AUX", "VERB"):
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        return subjects[0] if subjects else None
    if dep == "oprd" or (dep in ("pobj", "amod") and head.lower_ == "as"):  # "called the ban illegal", "described it as illegal"
        verb = head if dep == "oprd" else head.head
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        return objects[0] if objects else None
    if dep == "ccomp" and head.pos_ == "VERB":  # "called the ban illegal" parsed as a small clause
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        return subjects[0] if subjects else None
    return None


def _of_necessity(head: Token, syntax: dict) -> bool:
    words = syntax["necessity_words"]
    return head.lemma_.lower() in words or any(c.dep_ == "acomp" and c.lemma_.lower() in words for c in head.children)


def according_to(clause: Token) -> list[Token]:
    """The X of "according to X" on a clause or the clause above it."""
    step = clause
    for _ in range(3):
        for child in step.children:
            if child.dep_ == "prep" and child.lower_ == "according":
                return [p for to in child.children if to.lower_ == "to" for p in pobjs(to)]
        if step.head == step:
            break
        step = step.head
    return []


def is_hypothetical(context: Context, token: Token) -> bool:
    """Said of a possible world, not asserted: a question, a clause under
    "if"/"unless"/"whether", a hedge ("perhaps") or a modal of possibility
    on the cue's own clause or a clause above it."""
    syntax = context.syntax
    sentence = context.sentence(token)
    doc = context.doc
    i = sentence.end - 1
    while i > sentence.start and (doc[i].is_space or doc[i].text in QUOTE_CLOSE or doc[i].text in QUOTE_TOGGLE):
        i -= 1
    if doc[i].text == "?":
        return True
    step = token
    for _ in range(5):
        for child in step.children:
            if child.dep_ == "mark" and child.lower_ in syntax["conditional_marks"]:
                return True
            if child.dep_ == "advmod" and child.lower_ in syntax["hedges"]:
                return True
            if child.dep_ == "aux" and child.lower_ in syntax["possibility_modals"]:
                return True
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in syntax["conditional_marks"] for m in child.children):
                return True  # "if the court upholds it, we will condemn it": a condition on the stance
        if step.dep_ == "ccomp" and _of_necessity(step.head, syntax):
            return True  # "it is vital that states respect X": prescribed, not the subject's stance
        if step.head == step:
            return False
        step = step.head
    return False


def sentence_count_in_line(context: Context, sent: Span) -> int:
    """How many sentences share the line (paragraph) this sentence is on."""
    text = context.text
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    line_end = text.find("\n", sent.end_char)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    return max(1, len(re.findall(r"[.!?](?:\s|$)", line.strip())))


def skip_parenthesis(doc: Doc, i: int, limit: int) -> int:
    if i < limit and doc[i].text == "(":
        for j in range(i + 1, min(limit, i + 8)):
            if doc[j].text == ")":
                return j + 1
    return i


def scan_name(doc: Doc, i: int, limit: int, connectors: list[str]) -> tuple[Token | None, int]:
    """A noun phrase starting at i, read by word shape: optional determiner,
    then words joined by apostrophes, hyphens and (between capitalised words)
    a name connector ("of", "in", "for": `connectors`). Returns its head (the
    last noun before any connector) and end."""
    if i < limit and doc[i].pos_ == "DET":
        i += 1
    head, in_complement = None, False
    while i < limit:
        token = doc[i]
        if token.pos_ in ("PROPN", "NOUN") or (token.pos_ == "ADJ" and is_name_word(token)):
            if not in_complement:
                head = token
        elif token.text in APOSTROPHES or token.tag_ == "POS" or (token.text in HYPHENS and not doc[i - 1].whitespace_):
            pass
        elif token.lower_ in connectors and head is not None and (is_name_word(doc[i - 1]) or i + 1 < limit and is_name_word(doc[i + 1])) \
                and i + 1 < limit and (is_name_word(doc[i + 1]) or doc[i + 1].pos_ == "DET"):
            in_complement = True
            if doc[i + 1].pos_ == "DET":
                i += 1
        else:
            break
        i += 1
    return head, i


def is_name_word(token: Token) -> bool:
    """A capitalised or all-capitals word (one letter is no name)."""
    return token.is_title or (token.is_upper and len(token) > 1)


def phrase_bounds(context: Context, token: Token) -> tuple[int, int]:
    """Token range (end exclusive) of the name or noun phrase headed by token:
    left modifiers, hyphenated parts, a capitalised continuation and its
    "of"/"in" complements; for common nouns an "of" complement and "led by X"."""
    sent = context.sentence(token)
    start = _left_edge(context, token, sent)
    end, name_head = _right_edge(context, token, sent)
    if not name_head:
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_ in context.syntax["leader_verbs"]:
                for agent in child.children:
                    if agent.dep_ == "agent" and pobjs(agent):
                        end = max(end, phrase_bounds(context, pobjs(agent)[0])[1])
    return start, end


def _left_edge(context: Context, token: Token, sent: Span) -> int:
    doc = context.doc
    start = token.i
    while start - 1 >= sent.start:
        prev = doc[start - 1]
        if "\n" in prev.text_with_ws:
            break  # a heading or a line of its own is not part of the phrase
        if prev.pos_ == "DET" or prev.pos_ == "PRON" and prev.dep_ != "poss":
            break
        before = doc[start - 2] if start - 2 >= sent.start else None
        # "Workers’ Party", "WL-CC": punctuation inside a name, touching the word before it
        joins_name = before is not None and not before.whitespace_ and (
            (is_name_word(before) or before.pos_ == "PROPN") and prev.text in APOSTROPHES
            or prev.text in HYPHENS and not prev.whitespace_)  # "mother-tongue education"
        if joins_name:
            start -= 2
            continue
        modifies = prev.dep_ in LEFT_MODIFIERS and start <= prev.head.i <= token.i + 1
        if prev.pos_ == "ADJ" and cues_of(context, prev):
            break  # "the illegal decree": the evaluation is the cue, not part of its target
        if prev.ent_type_ in ("DATE", "TIME") and token.ent_type_ not in ("DATE", "TIME"):
            break
        if prev.tag_ == "POS" and start - 2 >= sent.start and not doc[start - 2].is_punct:
            start -= 2  # "farmers’ leaders": the possessor comes with its mark
            continue
        if prev.pos_ == "PROPN" or (modifies and not prev.is_punct) or prev.tag_ == "POS":
            start -= 1
            continue
        break
    if doc[start].pos_ == "PRON" and doc[start].dep_ == "poss":
        start += 1 if start < token.i else 0
    return start


def _right_edge(context: Context, token: Token, sent: Span) -> tuple[int, bool]:
    """Where the phrase ends, and whether it turned out to be a name."""
    doc = context.doc
    end = token.i + 1
    name_head = is_name_word(token) or token.pos_ == "PROPN"
    in_name_complement = False
    if token.pos_ in ("PRON", "DET", "SCONJ"):
        return end, False  # "a position which China ... supported": the pronoun is a phrase of its own
    while end < sent.end:
        nxt = doc[end]
        if "\n" in doc[end - 1].text_with_ws:
            break
        if nxt.text in HYPHENS and not doc[end - 1].whitespace_ and not nxt.whitespace_ and end + 1 < sent.end:
            end += 2
            continue
        if nxt.pos_ == "PROPN" and not doc[end - 1].is_punct and nxt.dep_ != "appos" and nxt.ent_type_ not in ("DATE", "TIME"):
            end += 1
            name_head = True
            continue
        if in_name_complement and nxt.lower_ == "and" and end + 1 < sent.end and is_name_word(doc[end + 1]) \
                and doc[end + 1].pos_ != "DET":
            end += 2  # "Federation of Dock and Transport Workers": "and" inside the name
            continue
        if nxt.lower_ in context.syntax["name_connectors"] and end + 1 < sent.end:
            after = end + 1
            if doc[after].pos_ == "DET" and after + 1 < sent.end:
                after += 1
            if name_head and is_name_word(doc[after]) and doc[after].ent_type_ not in ("DATE", "TIME"):
                end = after + 1
                in_name_complement = True
                continue
            demanded = nxt.lower_ in ("for", "of") and any(cue.frame == "demand" for cue in cues_of(context, token))
            if not name_head and (nxt.lower_ == "of" or demanded) and (nxt.head.i == end - 1 or nxt.head == token):
                objects = pobjs(nxt)
                if objects:
                    end = max(end, phrase_bounds(context, objects[0])[1])
        break
    return end, name_head


def span_argument(context: Context, token: Token, kind: str | None = None) -> Argument:
    start, end = phrase_bounds(context, token)
    doc = context.doc
    first, last = doc[start], doc[end - 1]
    begin, finish = first.idx, last.idx + len(last.text)
    # a name the parse cut ("Union of Workers and Peasants", "the weekly Nova Riga")
    at = bisect.bisect_left(context.mention_starts, finish) - 1
    if at >= 0 and context.mention_ends[at] > max(begin, token.idx) and finish < context.mention_ends[at] <= context.sentence(token).end_char:
        finish = context.mention_ends[at]
    if kind is None:
        # a name, or a phrase around one ("LPS delegation", "group led by X")
        is_name = token.pos_ == "PROPN" or is_name_word(token) or _overlaps_mention(context, token.idx, token.idx + len(token))
        kind = "entity" if is_name else "group" if token.tag_ == "NNS" else "other"
    return Argument(context.text[begin:finish], begin, finish, kind)


def mention_labels_in(context: Context, start: int | None, end: int | None) -> set[str]:
    """The labels of the entity mentions overlapping [start, end)."""
    if start is None or end is None:
        return set()
    at = bisect.bisect_left(context.mention_starts, end)
    return {context.mention_labels[j] for j in range(max(0, at - 6), at) if context.mention_ends[j] > start}


def _overlaps_mention(context: Context, start: int, end: int) -> bool:
    i = bisect.bisect_left(context.mention_starts, end)
    return any(context.mention_ends[j] > start for j in range(max(0, i - 4), i))


def weighted(argument: Argument, weight: float) -> Argument:
    if weight == 1.0:
        return argument
    return replace(argument, weight=argument.weight * weight)


def unique_arguments(arguments: list[Argument]) -> list[Argument]:
    seen, out = set(), []
    for argument in arguments:
        key = (argument.name, argument.start, argument.end)
        if key not in seen:
            seen.add(key)
            out.append(argument)
    return out
