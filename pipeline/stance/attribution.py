"""Who holds a stance: the document's author, subjects and agents with their coordinated names, relative and generic references."""

from __future__ import annotations

import re

import pandas as pd
from spacy.tokens import Span, Token
from pipeline.stance.cues import coarse_pos
from pipeline.stance.context import Argument, COREFERENCE_WEIGHT, Context, LIST_WEIGHT
from pipeline.stance.syntax import phrase_bounds, scan_name, skip_parenthesis, span_argument, unique_arguments, weighted



def author_argument(author: str, genre: str, title: str, text: str, sentences: pd.DataFrame,
                     settings: dict) -> Argument | None:
    """The document's author: metadata first, then a statement title
    ("Statement of the X"), then a short signature block at the end."""
    name = (author or "").strip()
    reporting = genre.strip().lower() in settings["reporting_genres"]
    if not name and title and not reporting:
        words = "|".join(re.escape(word) for word in sorted(settings["title_words"], key=len, reverse=True))
        match = re.match(rf"^\s*(?:{words})\s+(?:of|by|from)\s+(?:the\s+)?(?P<author>.+?)\s*$", title, re.IGNORECASE)
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
        return Argument(name, None, None, "entity", via_author=True)
    return Argument(name, at, at + len(name), "entity", via_author=True)


def title_focus(title: str, author: Argument | None, text: str) -> Argument | None:
    """The party a document is about, when its title is a name (an
    encyclopedia article's title), not a statement's or a headline."""
    title = (title or "").strip()
    if not title or (author and author.name.lower() in title.lower()):
        return None
    words = re.findall(r"[\w'’.-]+", title)
    small = {"of", "the", "and", "in", "for", "de", "a"}
    if not words or len(words) > 10 or not all(word[:1].isupper() or word.lower() in small for word in words):
        return None
    at = text.find(title)
    return Argument(title, at if at >= 0 else None, at + len(title) if at >= 0 else None, "entity")


# arguments


def expand_holders(context: Context, tokens: list[Token]) -> list[Argument]:
    """Holder arguments for subject/agent tokens, one per coordinated name."""
    arguments: list[Argument] = []
    for token in tokens:
        for item, weight in coordinated_items(context, token):
            argument = _holder_argument(context, item)
            if argument is not None:
                arguments.append(weighted(argument, weight))
    return unique_arguments(arguments)


def coordinated_items(context: Context, token: Token) -> list[tuple[Token, float]]:
    """The token and its conjuncts; a list "A (a), B (b) and C (c)" the parser
    did not coordinate is read from the text."""
    items = [(token, 1.0)]
    stack = [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
                items.append((child, 1.0))
                stack.append(child)
    last_end = max(phrase_bounds(context, t)[1] for t, _ in items)
    for head in _list_continuation(context, token, last_end, context.sentence(token)):
        if all(head.i != t.i for t, _ in items):
            items.append((head, LIST_WEIGHT))
    return items


def _list_continuation(context: Context, first: Token, index: int, sent: Span) -> list[Token]:
    """Heads of names following position `index` as ", B and C"; only a list
    closed by "and"/"or" counts, and a name that starts a new clause does not."""
    doc = context.doc
    heads, closed = [], False
    i = skip_parenthesis(doc, index, sent.end)
    while i < sent.end and not closed:
        if doc[i].text == ",":
            i += 1
            if i < sent.end and doc[i].lower_ in ("and", "or"):
                closed, i = True, i + 1
        elif doc[i].lower_ in ("and", "or"):
            closed, i = True, i + 1
        else:
            break
        head, end = scan_name(doc, i, sent.end)
        if head is None:
            return []
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
        return context.author if context.author_voice else None
    antecedent = antecedent_of(context, token)
    if antecedent is not None:
        return span_argument(context, antecedent)
    if token.pos_ == "PRON":
        return None  # "they", "it": no coreference beyond relative clauses
    generic = generic_reference(context, token)
    if generic is not None:
        return generic
    return span_argument(context, token)


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
    if any(t.pos_ == "PROPN" for t in context.doc[start:end]) or any(c.dep_ == "appos" for c in token.children):
        return None  # "party First Secretary X", "the party, X,": it has a name of its own
    party = _document_party(context, token)
    if party is None:
        return None
    begin, finish = context.doc[start].idx, context.doc[end - 1].idx + len(context.doc[end - 1].text)
    return Argument(party.name, begin, finish, "entity", party.name, party.start, party.end, COREFERENCE_WEIGHT)


def _document_party(context: Context, token: Token) -> Argument | None:
    if context.focus is not None:
        return context.focus
    before = [e for e in context.events if e.token_i < token.i and e.party is not None]
    return before[-1].party if before else None
