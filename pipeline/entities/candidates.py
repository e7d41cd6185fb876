"""Where mentions come from: the model's entities, the token patterns and
acronyms, each cut to its sentence and cleaned of leading function words,
trailing possessives and markup."""

from __future__ import annotations

import re

from spacy.matcher import Matcher

from pipeline.entities.knowledge import NAMED_LABELS, Lexicon, matcher_for
from pipeline.entities.spans import ACRONYM_PRIORITY, MODEL_PRIORITY, Mention
from pipeline.entities.view import (
    DASHES, FUNCTION_TAGS, GLUED_CONNECTORS, NAME_PART, POSSESSIVES, PROPER_TAGS, QUOTES, TRAILING_NOISE,
    DocView,
)


def _anchored_matches(view: DocView, matcher: Matcher, anchors: frozenset[str] | None):
    """Matcher results for the document, running the matcher only over the
    sentences holding a word some pattern starts with (most hold none)."""
    if anchors is None:
        return matcher(view.doc, with_alignments=True)
    # A match starts on an anchor word, so each sentence is matched from its first anchor on.
    first_anchor: dict[int, int] = {}
    for i, word in enumerate(view.text):
        if word in anchors and view.sent_of[i] >= 0:
            first_anchor.setdefault(view.sent_of[i], i)
    results = []
    for sentence in sorted(first_anchor):
        first = first_anchor[sentence]
        last = first
        while last < view.n and view.sent_of[last] in (sentence, -1):
            last += 1
        for match_id, start, end, alignment in matcher(view.doc[first:last], with_alignments=True):
            results.append((match_id, first + start, first + end, alignment))
    return results


def model_candidates(view: DocView, lexicon: Lexicon) -> list[Mention]:
    out = []
    for start, end, label in view.model_entities():
        if label not in NAMED_LABELS:
            continue
        span = clean_span(view, lexicon, start, end, digits_name=label == "PRODUCT")
        if span:
            out.append(Mention(*span, label, "model", MODEL_PRIORITY))
    return out


def pattern_candidates(view: DocView, lexicon: Lexicon) -> list[Mention]:
    matcher, meta = matcher_for(view.doc.vocab)
    out = []
    for match_id, start, end, alignment in _anchored_matches(view, matcher, meta["anchors"]):
        info = meta[match_id]
        kept = [start + k for k, pattern_index in enumerate(alignment) if not info["context"][pattern_index]]
        if not kept:
            continue
        s, e = kept[0], kept[-1] + 1
        if info["extend_left"]:
            s = _extend_over_name(view, lexicon, s)
            if not view.text[s][:1].isupper():
                continue  # "city court" with no name before it names no one
        if any(view.in_capitals[k] for k in range(s, e)):
            continue  # in a line written in capitals, case shows no name
        e = _cut_before_role(view, lexicon, s, e)
        if info["id"] == "name_after_org_noun" and lexicon.has("role", view.text[s]):
            continue
        if not _connectors_glued(view, s, e):
            continue
        s = _skip_numbered_event(view, lexicon, s, e)
        span = clean_span(view, lexicon, s, e, keep_bang=True)
        if span and sum(c.isalpha() for c in view.span_text(*span)) < 2:
            continue  # "group C" names a category, not an organisation
        if span and span[1] - span[0] <= 16:
            out.append(Mention(*span, info["label"], f"pattern:{info['id']}", info["priority"], info["absorbs"]))
    return out


_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|[IVXLC]+|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|\w+ieth)$", re.IGNORECASE)


def _skip_numbered_event(view: DocView, lexicon: Lexicon, start: int, end: int) -> int:
    """"the 18th Congress of the X Party" is a meeting of the party: the
    organisation named is what follows the first "of" ("the 5th Circuit
    Court of Appeals" is no meeting)."""
    if start == 0 or not _ORDINAL.match(view.text[start - 1]) or not lexicon.has("meeting_noun", view.text[start]):
        return start
    for i in range(start, end):
        if view.text[i] == "of":
            return i + 1
    return start


def acronym_candidates(view: DocView, lexicon: Lexicon) -> list[Mention]:
    """Upper-case words the model left alone ("IFTU", "ALP–CIO"): names of
    organisations unless the word list says otherwise."""
    out = []
    # Only words opening with two capitals can be acronyms: test those alone.
    starts = [k for k, word in enumerate(view.text) if word[1:2].isupper() and word[:1].isupper()]
    end = 0
    for i in starts:
        if i < end:
            continue  # inside the chain just taken
        if (
            not _is_acronym(view.text[i])
            or (view.tag[i] not in NOUN_TAGS and not _joined_acronym(view, i))  # "THE", "AT" are words in capitals
            or lexicon.has("acronym_stop", view.text[i])
            or _shouting(view, i)
            or view.in_capitals[i]
            or view.ent_type[i] in _AMOUNT_LABELS  # "50 million US dollars" is an amount
            or _in_dateline(view, i)
        ):
            continue
        end = i + 1
        while (
            end + 1 < view.n
            and view.text[end] in _ACRONYM_JOINERS
            and view.glued(end)
            and view.glued(end + 1)
            and view.text[end + 1].isupper()
            and view.text[end + 1].isalnum()
        ):
            end += 2
        label = lexicon.labels.get(("acronym", view.text[i].lower()), "ORG") if end == i + 1 else "ORG"
        # A chain ("ALP–CIO") names one thing, whatever the model made of its parts.
        absorbs = NAMED_LABELS if end > i + 1 else frozenset()
        of_place = _acronym_of_place_end(view, end) if label == "ORG" else end
        if of_place > end:
            out.append(Mention(i, of_place, "ORG", "acronym", MODEL_PRIORITY + 5, NAMED_LABELS))
        else:
            out.append(Mention(i, end, label, "acronym", ACRONYM_PRIORITY, absorbs))
        end = of_place
    return out


def _acronym_of_place_end(view: DocView, end: int) -> int:
    """The end of "ACR of (the) <Place>" ("CP of X" names a party of the
    country X), or `end` when no place the model found follows "of"."""
    k = end
    if k + 1 >= view.n or view.text[k] != "of" or view.sent_of[k] != view.sent_of[end - 1]:
        return end
    k += 2 if view.text[k + 1] == "the" else 1
    place_end = k
    while place_end < view.n and view.ent_type[place_end] == "GPE" and view.tag[place_end] in PROPER_TAGS:
        place_end += 1
    return place_end if place_end > k else end


NOUN_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS"})
_AMOUNT_LABELS = frozenset({"MONEY", "QUANTITY", "PERCENT", "CARDINAL", "DATE", "TIME"})
_ACRONYM_JOINERS = DASHES | {"&", "/"}


def _joined_acronym(view: DocView, i: int) -> bool:
    """Whether an upper-case word is glued to another by "&", "/" or a dash ("AT&T")."""
    return i + 2 < view.n and view.text[i + 1] in _ACRONYM_JOINERS and view.glued(i + 1) and view.glued(i + 2)


def _in_dateline(view: DocView, i: int) -> bool:
    """News datelines ("ADDIS ABABA, Feb 27 (AFP) -", "ADDIS ABABA 1996-02-27")
    open with a place in capitals followed by a comma, a bracket or the date."""
    first = view.sent_first_token.get(view.sent_of[i])
    if first is None or i - first > 3:
        return False
    k = first
    while k < view.n and view.text[k].isupper() and view.text[k].isalpha():
        k += 1
    return k > i and k < view.n and (view.text[k] in (",", "(", "-", "--", "_") or view.ent_type[k] == "DATE")


def _is_acronym(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper() or not word[1].isupper():
        return False
    letters = [c for c in word if c.isalpha()]
    # Longer words in capitals are words shouted ("TRADING"), not letters spelled out.
    return 2 <= len(letters) <= 6 and len(word) <= 12 and word[0].isalpha() and all(c.isupper() for c in letters) and all(c.isalnum() for c in word)


def _shouting(view: DocView, i: int) -> bool:
    """A sentence written all in capitals (a headline) says nothing about acronyms."""
    s = view.sent_of[i]
    if s < 0:
        return True
    words = view.doc_text[view.sent_start_chars[s] : view.sent_end_chars[s]]
    letters = [c for c in words if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _cut_before_role(view: DocView, lexicon: Lexicon, start: int, end: int) -> int:
    """"X Party of Prime Minister Y" is a party and its leader: the name
    ends before the "of" that introduces a role word."""
    last_of = None
    for i in range(start, end):
        if view.text[i] == "of":
            last_of = i
        elif last_of is not None and lexicon.has("role", view.text[i]) and view.text[i][:1].isupper():
            return last_of
    return end


def _extend_over_name(view: DocView, lexicon: Lexicon, start: int) -> int:
    """Move a span's start left over the words of the name it ends
    ("[Communist People's] Party of X"), within the sentence; a connector
    (dash, possessive) only counts when glued to both its neighbours."""
    sentence = view.sent_of[start]
    while start > 0 and view.sent_of[start - 1] == sentence and NAME_PART.match(view.text[start - 1]):
        word = view.text[start - 1]
        if word.isupper() and len(word) > 6 and not view.text[start].isupper():
            break  # a shouted headline word before a name ("EUROBONDS Bank of X")
        if word in DASHES and not (view.glued(start) and start > 1 and view.glued(start - 1)):
            break
        if word in POSSESSIVES and not (view.glued(start - 1) and start > 1):
            break
        if word in POSSESSIVES and word[-1:] in "sS" and not lexicon.has("collective", view.text[start - 2]):
            break  # "[Owner]'s Alliance of X": an owner is not part of the name, "People's" is
        start -= 1
    while start < view.n and view.text[start] in GLUED_CONNECTORS:
        start += 1
    return start


_MARKUP_CHARACTERS = frozenset("[]{}|=*#")


def trim_markup(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Drop tokens made only of markup characters ("[[", "]]", "==", "|")
    from the edges of a span: a wiki link or heading is not part of a name."""
    while start < end and set(view.text[start]) <= _MARKUP_CHARACTERS:
        start += 1
    while end > start and set(view.text[end - 1]) <= _MARKUP_CHARACTERS:
        end -= 1
    return start, end


def _connectors_glued(view: DocView, start: int, end: int) -> bool:
    for i in range(start, end):
        word = view.text[i]
        if word in DASHES and i > start and not (view.glued(i) and i + 1 < view.n and view.glued(i + 1)):
            return False
        if word in POSSESSIVES and i > start and not view.glued(i):
            return False
    return True


def clean_span(
    view: DocView, lexicon: Lexicon, start: int, end: int, *, keep_bang: bool = False, digits_name: bool = False
) -> tuple[int, int] | None:
    """Cut a span to its first sentence, drop determiners, possessives,
    brackets and quotes at its edges; None when nothing is left (no letter,
    unless `digits_name`: a model number written as a name, "80486")."""
    sentence = view.sent_of[start]
    for i in range(start, end):
        if view.sent_of[i] != sentence or "\n" in view.text[i]:
            end = i
            break
    # An opening bracket or quote never closed inside the span ends it.
    depth_open = None
    for i in range(start, end):
        word = view.text[i]
        if word in ("(", "["):
            depth_open = i if depth_open is None else depth_open
        elif word in (")", "]"):
            if depth_open is None:
                start = i + 1
            else:
                depth_open = None
    if depth_open is not None:
        end = depth_open
    while start < end:
        word = view.text[start]
        if (
            lexicon.has("determiner", word)
            or word in QUOTES
            or word in GLUED_CONNECTORS
            or view.text[start].isspace()
            or (view.is_sentence_initial(start) and view.tag[start] in FUNCTION_TAGS and end - start > 1)
        ):
            start += 1
        else:
            break
    while end > start:
        word = view.text[end - 1]
        if word == "!" and keep_bang and end < view.n and view.text[end][:1].islower() and view.glued(end - 1):
            break  # "the party Forward! which ...": the mark belongs to the name
        if word.lower() in TRAILING_NOISE or word in QUOTES or word in POSSESSIVES or word in DASHES or word.isspace():
            end -= 1
        else:
            break
    start, end = trim_markup(view, start, end)
    named_by_digits = digits_name and start < end and view.span_text(start, end).isdigit()
    if start >= end or not (named_by_digits or any(c.isalpha() for c in view.span_text(start, end))):
        return None
    if view.sent_of[start] < 0 or lexicon.has("markup", view.text[start]):
        return None  # "Infobox", a template's name
    return start, end
