"""Who holds a stance: the document's author, subjects and agents with their coordinated names, relative and generic references."""

from __future__ import annotations

import bisect
import re

import pandas as pd
from spacy.tokens import Doc, Span, Token

from pipeline.stance.context import Argument, Context, COREFERENCE_WEIGHT, LIST_WEIGHT, cues_of
from pipeline.stance.cues import coarse_pos
from pipeline.stance.syntax import (
    is_name_word, phrase_bounds, pobjs, scan_name, skip_parenthesis, span_argument, unique_arguments, weighted
)
from pipeline.stance.voices import voice_at


def author_argument(author: str, genre: str, title: str, text: str, sentences: pd.DataFrame,
                     settings: dict) -> Argument | None:
    """The document's author: metadata first, then a statement title
    ("Statement of the X"), then a short signature block at the end."""
    name = (author or "").strip()
    reporting = genre.strip().lower() in settings["reporting_genres"]
    if not name and title and not reporting:
        words = "|".join(re.escape(word) for word in sorted(settings["title_words"], key=len, reverse=True))
        connectors = "|".join(settings["title_author_connectors"])
        topics = "|".join(settings["title_topic_connectors"])
        match = re.match(rf"^\s*(?:{words})\s+(?:{connectors})\s+(?:the\s+)?(?P<author>.+?)"
                         rf"(?:\s+(?:{topics})\s+.+)?\s*$", title, re.IGNORECASE)
        if match:
            name = match.group("author")
    if not name and not reporting and len(sentences):
        # The last sentence, read from plain lists: sorting the table for one row costs more than the rest.
        starts = sentences["start"].tolist()
        last = max(range(len(starts)), key=starts.__getitem__)
        last_text = str(sentences["text"].iloc[last])
        kind = sentences["block_kind"].iloc[last] if "block_kind" in sentences else "paragraph"
        words = last_text.split()
        is_block = kind in ("paragraph", "title")
        if is_block and 0 < len(words) <= settings["signature_max_words"] and not last_text.rstrip().endswith(("!", "?", ".", ":")) \
                and sum(word[:1].isupper() for word in words) >= max(1, len(words) // 2):
            name = last_text.strip()
    if not name:
        return None
    at = text.rfind(name)
    if at < 0:
        return Argument(name, None, None, "entity", via="author")
    return Argument(name, at, at + len(name), "entity", via="author")


def opening_author(context: Context) -> Argument | None:
    """An author the opening sentences name: "We, the undersigned X, declare
    ..." (the apposition to "we"), or a name as the subject of a stance or
    speech verb in the present tense ("The Y Party voices its condemnation of
    ...") or reporting today ("Z said today ...")."""
    doc = context.doc
    for start in context.sentence_starts[:4]:
        sentence = context.sentence(doc[start])
        for token in sentence:
            if token.lower_ in context.syntax["first_person"] and token.dep_ in ("nsubj", "nsubjpass"):
                named = [c for c in token.children if c.dep_ == "appos"]
                if named:
                    return _as_author(span_argument(context, named[0]))
        root = sentence.root
        today = any(c.lower_ == "today" for c in root.children) and any(cue.frame == "reporting" for cue in cues_of(context, root))
        speaks = bool(cues_of(context, root)) or root.lemma_.lower() in context.knowledge.settings["author"]["opening_verbs"]
        if speaks and (root.tag_ in ("VBZ", "VBP") or today):  # "The Y Party voices ...", "Z said today"
            subjects = [c for c in root.children if c.dep_ == "nsubj" and (c.pos_ == "PROPN" or _mention_label(context, c))]
            if subjects:
                return _as_author(span_argument(context, subjects[0]))
    return None


def _as_author(argument: Argument) -> Argument:
    return Argument(argument.name, argument.start, argument.end, "entity", via="author")


def title_focus(title: str, author: Argument | None, text: str, settings: dict, doc: Doc | None = None) -> Argument | None:
    """The party a document is about, when its title is a name (an
    encyclopedia article's title), not a statement's ("OPEN LETTER") nor a
    headline, which says what happened ("Court Closes Farmers' Union").
    `settings`: the stance settings' [author] table."""
    title = (title or "").strip()
    document_words = settings["title_words"]
    if not title or (author and author.name.lower() in title.lower()):
        return None
    if set(re.findall(r"\w+", title.lower())) & {w for phrase in document_words for w in phrase.split()}:
        return None
    words = re.findall(r"[\w'’.-]+", title)
    small = settings["title_small_words"]
    if not words or len(words) > 10 or not all(word[:1].isupper() or word.lower() in small for word in words):
        return None
    at = text.find(title)
    span = doc.char_span(at, at + len(title), alignment_mode="expand") if doc is not None and at >= 0 else None
    if span is not None and any(token.pos_ in ("VERB", "AUX") for token in span):
        return None
    return Argument(title, at if at >= 0 else None, at + len(title) if at >= 0 else None, "entity")


# arguments


def expand_holders(context: Context, tokens: list[Token]) -> list[Argument]:
    """Holder arguments for subject/agent tokens, one per coordinated name."""
    arguments: list[Argument] = []
    for token in tokens:
        for item, weight in [pair for named in _apposed_list(token) for pair in coordinated_items(context, named)]:
            argument = _holder_argument(context, item)
            if argument is not None:
                arguments.append(weighted(argument, weight))
    return unique_arguments(arguments)


def _apposed_list(token: Token) -> list[Token]:
    """"two factions, A and B": a common noun followed by names in apposition
    is read as those names."""
    if token.pos_ == "NOUN":
        named = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named and any(c.dep_ == "conj" for c in named[0].children):
            return named
    return [token]


def coordinated_items(context: Context, token: Token) -> list[tuple[Token, float]]:
    """The token and its conjuncts; a list "A (a), B (b) and C (c)" the parser
    did not coordinate is read from the text."""
    items = [(token, 1.0)]
    stack = [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and not _same_name(context, token, child):
                items.append((child, 1.0))
                stack.append(child)
    last_end = max(phrase_bounds(context, t)[1] for t, _ in items)
    for head in _list_continuation(context, token, last_end, context.sentence(token)):
        if all(head.i != t.i for t, _ in items):
            items.append((head, LIST_WEIGHT))
    return items


def _same_name(context: Context, token: Token, other: Token) -> bool:
    """Both words inside one entity mention: "Union of Workers and Peasants" is one name."""
    at = bisect.bisect_right(context.mention_starts, token.idx) - 1
    return at >= 0 and context.mention_ends[at] > other.idx >= context.mention_starts[at] and context.mention_ends[at] > token.idx


def _list_continuation(context: Context, first: Token, index: int, sent: Span) -> list[Token]:
    """Heads of names following position `index` as ", B and C"; only a list
    closed by "and"/"or" counts, and a name that starts a new clause does not."""
    doc = context.doc
    heads, closed = [], False
    i = skip_parenthesis(doc, index, sent.end)
    while i < sent.end and not closed:
        if doc[i].lower_ in ("and", "or") and i + 1 < sent.end and doc[i + 1].pos_ != "DET" \
                and " of " in doc[first.i:i].text and is_name_word(doc[i + 1]):
            return []  # "Federation of Dock and Transport Workers": the name goes on
        if doc[i].text == ",":
            i += 1
            if i < sent.end and doc[i].lower_ in ("and", "or"):
                closed, i = True, i + 1
        elif doc[i].lower_ in ("and", "or"):
            closed, i = True, i + 1
        else:
            break
        head, end = scan_name(doc, i, sent.end, context.syntax["name_connectors"])
        if head is None:
            return []
        if _same_name(context, first, head):
            i = skip_parenthesis(doc, end, sent.end)
            continue  # "Union of Workers and Peasants": the name goes on
        # "A supported Y, and Z opposed it": Z starts a new clause, unless the
        # whole list is that verb's subject ("A, B and C formed ...")
        next_verb = doc[end] if end < sent.end and coarse_pos(doc[end]) == "VERB" else None
        starts_clause = head.dep_ in ("nsubj", "nsubjpass") or next_verb is not None
        if starts_clause and not (next_verb is not None and next_verb == first.head) and head.head != first.head:
            return []
        heads.append(head)
        i = skip_parenthesis(doc, end, sent.end)
    return heads if closed else []


def _holder_argument(context: Context, token: Token) -> Argument | None:
    syntax = context.syntax
    lower = token.lower_
    if lower in syntax["first_person"]:
        return voice_at(context, token.idx)
    antecedent = antecedent_of(context, token)
    if antecedent is not None:
        return _holder_argument(context, antecedent) if antecedent.pos_ != "PRON" else None
    if lower in syntax["third_person"]:
        return pronoun_antecedent(context, token)
    if token.pos_ in ("PRON", "DET") or coarse_pos(token) == "VERB" or in_turn_label(context, token) \
            or _in_dateline(context, token) or token.lower_ in context.syntax["indefinite_holders"]:
        return None  # "this", "some", "others", "defending the party", a transcript's "NAME:", "KABUL, May 2 -"
    counted = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]
    if token.ent_type_ in _AMOUNTS:
        # "hundreds of farmers" are the farmers; "40 percent voted for" is nobody's stance
        return _holder_argument(context, counted[0]) if counted and token.ent_type_ in ("CARDINAL", "QUANTITY") else None
    if _speaks_for_the_voice(context, token):
        return voice_at(context, token.idx)  # "our party", "this statement"
    named = _apposed_name(context, token)
    if named is not None:
        return span_argument(context, named)
    generic = generic_reference(context, token)
    if generic is not None:
        return generic
    return span_argument(context, token)


_AMOUNTS = {"CARDINAL", "QUANTITY", "PERCENT", "MONEY"}


def _speaks_for_the_voice(context: Context, token: Token) -> bool:
    """"Our party" is whoever says "our"; "this statement" / "the following
    declaration" is whoever issues it."""
    children = list(token.children)
    if any(c.dep_ == "poss" and c.lower_ in context.syntax["first_person"] for c in children):
        word = context.knowledge.targets.get((token.lemma_.lower(), "NOUN"))
        return word is not None and word.role == "generic"
    document_words = context.knowledge.settings["author"]["title_words"]
    self_reference = context.knowledge.settings["author"]["self_reference_words"]
    return token.lemma_.lower() in document_words and any(c.lower_ in self_reference for c in children)


_DATELINE = re.compile(r"^[^\W\d_a-z][^\W\d_a-z .'’-]+,[^.\n]{0,60}?(?:\s[-–—]+\s|:\s)")


def _in_dateline(context: Context, token: Token) -> bool:
    """Inside a news dateline ("KABUL, May 2 (Reuters) - "): a place, not a speaker."""
    sentence = context.sentence(token)
    match = _DATELINE.match(context.text[sentence.start_char:sentence.start_char + 100])
    return match is not None and token.idx < sentence.start_char + match.end()


def _apposed_name(context: Context, token: Token) -> Token | None:
    """"Its chairwoman, X," / "the group's leader, Ms X,": the name in
    apposition to a common noun speaks for it; so does one two appositions
    down, past a form of address ("Madam Chair, the group's leader, Ms X,")."""
    apposed = [c for c in token.children if c.dep_ == "appos"]
    for described, named in zip(apposed, apposed[1:]):
        if described.pos_ == "NOUN" and named.pos_ == "PROPN":  # "Madam Chair, the leader, Ms X, ..."
            return named
    for child in apposed:
        if token.pos_ == "NOUN" and (child.pos_ == "PROPN" or _mention_label(context, child)):
            return child
        if child.pos_ == "NOUN":
            deeper = _apposed_name(context, child)
            if deeper is not None:
                return deeper
    return None


def in_turn_label(context: Context, token: Token) -> bool:
    return any(turn.start <= token.idx < turn.start + len(turn.speaker.name) for turn in context.turns
               if turn.speaker is not None and turn.speaker.start == turn.start)


def pronoun_antecedent(context: Context, token: Token) -> Argument | None:
    """He / she / it / they: an earlier subject, possessor or agent that
    fits (a person for he and she, anything else for it and they), a name
    or "the party". Earlier in the same sentence the nearest one wins ("X
    said it ..."); before that the subject of a main clause is preferred to
    one inside a clause ("The Union notes that Ruritania ... . It urges ...")."""
    if token.i in context.resolved_pronouns:
        return context.resolved_pronouns[token.i]
    context.resolved_pronouns[token.i] = None  # no cycles through chains of pronouns
    wants_person = token.lower_ in context.syntax["person_pronouns"]
    sentence_at = bisect.bisect_right(context.sentence_starts, token.i) - 1
    found = None
    for back in range(0, 3):
        if sentence_at - back < 0:
            break
        start = context.sentence_starts[sentence_at - back]
        end = token.i if back == 0 else context.sentence_starts[sentence_at - back + 1]
        candidates = [context.doc[i] for i in range(end - 1, start - 1, -1)]
        if back > 0:
            candidates.sort(key=lambda t: t.dep_ not in ("nsubj", "nsubjpass") or t.head.dep_ not in ("ROOT", "conj"))
        for candidate in candidates:
            found = _candidate(context, candidate, wants_person)
            if found is not None:
                break
        if found is not None:
            break
    context.resolved_pronouns[token.i] = found
    return found


def _candidate(context: Context, candidate: Token, wants_person: bool) -> Argument | None:
    role = candidate.dep_
    if role not in ("nsubj", "nsubjpass", "poss", "appos") and not (role == "pobj" and candidate.head.dep_ == "agent"):
        return None
    if candidate.lower_ in context.syntax["third_person"]:
        if (candidate.lower_ in context.syntax["person_pronouns"]) != wants_person:
            return None
        return pronoun_antecedent(context, candidate)
    named = _apposed_name(context, candidate)  # "the port's operator, Baltic Terminals (BT), welcomed ... It called ..."
    found = _fitting(context, named if named is not None else candidate, wants_person)
    if found is None and role in ("nsubj", "nsubjpass"):
        owners = [c for c in candidate.children if c.dep_ == "poss"]  # "the movement's relations were ..."
        found = _fitting(context, owners[0], wants_person) if owners else None
    return found


def _fitting(context: Context, candidate: Token, wants_person: bool) -> Argument | None:
    label = _mention_label(context, candidate)
    if wants_person:
        return span_argument(context, candidate, "entity") if label == "PERSON" else None
    if label and label != "PERSON" or (not label and candidate.pos_ == "PROPN"):
        return span_argument(context, candidate, "entity")
    return generic_reference(context, candidate) if candidate.pos_ == "NOUN" else None


def _mention_label(context: Context, token: Token) -> str:
    start, end = token.idx, token.idx + len(token.text)
    at = bisect.bisect_left(context.mention_starts, end)
    for j in range(at - 1, max(-1, at - 5), -1):
        if context.mention_ends[j] > start:
            return context.mention_labels[j]
    return ""


def speaker_holder(context: Context, token: Token) -> Argument | None:
    """The holder a quotation's subject token stands for."""
    holders = expand_holders(context, [token])
    return holders[0] if holders else None


def antecedent_of(context: Context, token: Token) -> Token | None:
    """The noun a relative pronoun stands for: "X, whose leadership accused Y"."""
    relatives = set(context.syntax["relative_pronouns"])
    pronoun = token if token.lower_ in relatives else next(
        (c for c in token.children if c.dep_ == "poss" and c.lower_ == "whose"), None)
    if pronoun is None:
        return None
    step = token
    for _ in range(4):
        if step.dep_ == "relcl":
            return step.head
        if step.head == step:
            return None
        step = step.head
    return None


def generic_reference(context: Context, token: Token) -> Argument | None:
    """"the party" with no name of its own: the party the document is about."""
    word = context.knowledge.targets.get((token.lemma_.lower(), "NOUN"))
    if word is None or word.role != "generic" or token.pos_ != "NOUN":
        return None
    start, end = phrase_bounds(context, token)
    if any(t.pos_ == "PROPN" for t in context.doc[start:end]) or any(c.dep_ in ("appos", "amod", "compound") for c in token.children):
        return None  # "party First Secretary X", "the party, X,", "the governing coalition": a description of its own
    party = _document_party(context, token)
    if party is None:
        return None
    begin, finish = context.doc[start].idx, context.doc[end - 1].idx + len(context.doc[end - 1].text)
    return Argument(party.name, begin, finish, "entity", party.name, party.start, party.end, COREFERENCE_WEIGHT)


_ACTOR_ROLES = {"nsubj", "nsubjpass", "dobj", "poss", "appos", "conj"}


def _document_party(context: Context, token: Token) -> Argument | None:
    """"the party": the one an article is about, else the organisation
    named last in this or the two sentences before, else an event's party."""
    if context.focus is not None:
        return context.focus
    sentence_at = bisect.bisect_right(context.sentence_starts, token.i) - 1
    lowest = context.doc[context.sentence_starts[max(0, sentence_at - 2)]].idx if context.sentence_starts else 0
    at = bisect.bisect_left(context.mention_starts, token.idx) - 1
    while at >= 0 and context.mention_starts[at] >= lowest:
        start, end = context.mention_starts[at], context.mention_ends[at]
        span = context.doc.char_span(start, end, alignment_mode="expand")
        # an actor of its clause, not a name inside a phrase ("Article 9 of the Charter")
        if context.mention_labels[at] in ("ORG", "NORP") and span is not None and span.root.dep_ in _ACTOR_ROLES:
            return Argument(context.text[start:end], start, end, "entity")
        at -= 1
    # an event's participant, when it is a name ("one of the largest unions" is a description)
    before = [e for e in context.events if e.token_i < token.i and e.party is not None and e.party.kind == "entity"]
    return before[-1].party if before else None
