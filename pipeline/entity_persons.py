"""People's names: honorifics, titles and roles around them.

A title or role ("Professor", "Interior Minister", "Chief Justice") is not
part of a PERSON span; it is kept as the mention's `title`. An honorific
("Mr", "Dr.", "MRS.") says the capitalised words after it are a person's
name, whatever the model made of them. A name set off by a comma after a
role noun ("the housing minister, Ann Example,") is a person.

The functions read a `_DocView` and the word lists of `entities` and work on
its mention objects (start, end, label, ...), so they stay free of I/O.
"""

from __future__ import annotations

import re
from dataclasses import replace

_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.]*$")
_JOINERS = frozenset({"-", "–", "'", "’"})
_MAX_NAME_WORDS = 5
_MAX_TITLE_WORDS = 4


def honorific_names(view, lexicon, make_mention) -> list:
    """PERSON spans of the capitalised words after an honorific ("Mr. Ann
    Example", "MRS. ANN EXAMPLE"), stopping at a title ("Mr. Speaker" names
    no one)."""
    out = []
    for i in range(view.n - 1):
        word = view.text[i]
        if not word[:1].isupper() or not lexicon.has("honorific", word.rstrip(".")):
            continue
        start = i + 1
        if view.text[start] == "." and view.glued(start):
            start += 1
        end = start
        while (
            end < view.n
            and end - start < _MAX_NAME_WORDS * 2
            and view.sent_of[end] == view.sent_of[i]
            and (_capitalised_name_word(view, lexicon, end) or _glued_joiner(view, end))
        ):
            end += 1
        while end > start and view.text[end - 1] in _JOINERS:
            end -= 1
        if end > start and _capitalised_name_word(view, lexicon, start):
            out.append(make_mention(start, end))
    return out


def _capitalised_name_word(view, lexicon, i: int) -> bool:
    word = view.text[i]
    return bool(_NAME_WORD.match(word)) and word[:1].isupper() and not lexicon.is_title(word) and not lexicon.has("determiner", word)


def _glued_joiner(view, i: int) -> bool:
    return view.text[i] in _JOINERS and view.glued(i) and i + 1 < view.n and view.glued(i + 1)


def split_titles(view, lexicon, mentions: list) -> list:
    """Move leading title words out of PERSON spans into `title`, and record
    the title written right before a PERSON ("Interior Minister [Name]")."""
    out = []
    for m in mentions:
        if m.label != "PERSON":
            out.append(m)
            continue
        cut = _leading_title_end(view, lexicon, m.start, m.end)
        title = view.span_text(m.start, cut) if cut > m.start else ""
        start = cut
        while start < m.end and view.text[start] == ".":
            start += 1
        if not title:
            title = _title_before(view, lexicon, m.start, mentions)
        out.append(replace(m, start=start, title=title or m.title))
    return out


def _leading_title_end(view, lexicon, start: int, end: int) -> int:
    """The end of the title words opening a span ("Chief Justice" in "Chief
    Justice Ann Example"), or `start` when it opens with the name. A name
    word must remain after the title."""
    cut = start
    for k in range(start, min(end - 1, start + _MAX_TITLE_WORDS)):
        word = view.text[k]
        if word == "." and k > start:
            continue
        if not word[:1].isupper():
            break
        if lexicon.is_title(word):
            cut = k + 1
    rest = [w for w in view.text[cut:end] if w[:1].isupper() and not lexicon.is_title(w)]
    return cut if rest else start


def _title_before(view, lexicon, start: int, mentions: list) -> str:
    """Title words right before a name, with the capitalised words that
    qualify them ("Interior Minister"), never crossing another mention."""
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    first = start
    seen_title = False
    while first > 0 and start - first < _MAX_TITLE_WORDS and first - 1 not in covered:
        word = view.text[first - 1]
        if view.sent_of[first - 1] != view.sent_of[start]:
            break
        if lexicon.is_title(word):
            seen_title = True
        elif not (seen_title and word[:1].isupper() and word.isalpha() and not view.is_sentence_initial(first - 1)):
            break
        first -= 1
    return view.span_text(first, start) if seen_title else ""


def role_appositions(view, lexicon, mentions: list) -> list:
    """A name the model labeled otherwise is a PERSON when set off by a comma
    right after a role noun ("its founder, Ann Example-Name"): two or more
    capitalised words, none of them the head of an organisation or place name."""
    out = []
    for m in mentions:
        if m.label in ("PERSON", "GPE", "LOC") or m.short_form_of or m.start < 2 or view.text[m.start - 1] != ",":
            out.append(m)
            continue
        role = view.text[m.start - 2]
        words = [w for w in view.text[m.start : m.end] if w not in _JOINERS]
        looks_personal = (
            len(words) >= 2
            and all(w[:1].isupper() and w.replace(".", "").isalpha() for w in words)
            and not any(lexicon.has("org_head", w) or lexicon.has("gpe_head", w) for w in words)
        )
        if role.islower() and lexicon.is_title(role) and looks_personal:
            out.append(replace(m, label="PERSON", label_rule="apposition", title=role))
        else:
            out.append(m)
    return out
