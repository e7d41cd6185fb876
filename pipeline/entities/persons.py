"""People's names: honorifics, titles and roles around them.

A title or role ("Professor", "Interior Minister", "Chief Justice") is not
part of a PERSON span; it is kept as the mention's `title`. An honorific
("Mr", "Dr.", "MRS.") says the capitalised words after it are a person's
name, whatever the model made of them. A name set off by a comma after a
role noun ("the housing minister, Ann Example,") is a person.

The functions read a `DocView` and the word lists of `entities` and work on
its mention objects (start, end, label, ...), so they stay free of I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from pipeline.entities.spans import covered_tokens

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
    """A dash or apostrophe inside a name ("Roe-Doe", "O'Neill"), or the
    point of a short word ("ST. CLAIR")."""
    if i + 1 >= view.n or not view.glued(i):
        return False
    if view.text[i] == ".":
        return len(view.text[i - 1]) <= 3 and view.text[i + 1][:1].isupper()
    return view.text[i] in _JOINERS and view.glued(i + 1)


def split_titles(view, lexicon, mentions: list) -> list:
    """Move leading title words out of PERSON spans into `title`, and record
    the title written right before a PERSON ("Interior Minister [Name]")."""
    covered = covered_tokens(mentions)
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
            title = _title_before(view, lexicon, m.start, covered)
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


def _title_before(view, lexicon, start: int, covered: set[int]) -> str:
    """Title words right before a name, with the capitalised words that
    qualify them ("Interior Minister"), never crossing another mention
    (`covered`: the tokens the document's mentions cover)."""
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


def role_appositions(view, lexicon, mentions: list, make_mention) -> list:
    """A name set off by a comma next to a role noun is a person: "its
    founder, Ann Example-Name", "Ann Example, a former secretary of ...",
    and a byline "By Ann Example". Names the model labeled otherwise are
    relabeled, also right after a title ("President Ann Example"); names it
    missed are added (`make_mention(start, end)`)."""
    out = []
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
        personal = m.label not in ("PERSON", "GPE", "LOC") and not m.short_form_of and _looks_personal(view, lexicon, m.start, m.end)
        found, role = _role_next_to(view, lexicon, m.start, m.end) if personal else (False, "")
        if personal and not found and m.start and lexicon.is_title(view.text[m.start - 1]):
            found, role = True, view.text[m.start - 1]  # "President [Name]" the model took for an organisation
        out.append(replace(m, label="PERSON", label_rule="apposition", title=role or m.title) if found else m)
    i = 0
    while i < view.n:
        if i in covered or view.tag[i] not in ("NNP", "NNPS") or not view.text[i][:1].isupper():
            i += 1
            continue
        end = i
        while end < view.n and end not in covered and view.sent_of[end] == view.sent_of[i] and (
            (view.tag[end] in ("NNP", "NNPS") and view.text[end][:1].isupper()) or _glued_joiner(view, end)
        ):
            end += 1
        found, role = _role_next_to(view, lexicon, i, end) if _looks_personal(view, lexicon, i, end) else (False, "")
        if found:
            out.append(replace(make_mention(i, end), title=role))
        i = max(end, i + 1)
    return sorted(out, key=lambda m: (m.start, m.end))


def _looks_personal(view, lexicon, start: int, end: int) -> bool:
    """Two or more capitalised words, none of them a title, an abbreviation
    other than an initial, or the head of an organisation or place name."""
    words = [w for w in view.text[start:end] if w not in _JOINERS]
    return (
        len(words) >= 2
        and all(w[:1].isupper() and _letters_only(w.replace(".", "")) and not w.isupper() for w in words)
        and all(len(w) == 2 for w in words if w.endswith("."))  # initials, not "Corp."
        and not any(lexicon.has("org_head", w) or lexicon.has("gpe_head", w) or lexicon.is_title(w) for w in words)
    )


def _letters_only(word: str) -> bool:
    """Letters, with combining accents allowed ("Adébáyọ̀")."""
    return bool(word) and all(c.isalpha() or unicodedata.combining(c) for c in word)


def _role_next_to(view, lexicon, start: int, end: int) -> tuple[bool, str]:
    """Whether [start, end) stands in a person's apposition or byline, and
    the role noun that says so ("" for a byline)."""
    text = view.text
    if start >= 2 and text[start - 1] == "," and text[start - 2].islower() and lexicon.is_title(text[start - 2]):
        return True, text[start - 2]  # "its founder, Name"
    line_end = end >= view.n or view.sent_of[end] != view.sent_of[start] or "\n" in text[end]
    if start >= 1 and text[start - 1] == "By" and view.is_sentence_initial(start - 1) and line_end:
        return True, ""  # "By Name" on a line of its own
    k = end + 1
    if end >= view.n or text[end] != ",":
        return False, ""
    while k < view.n and k - end <= 3 and text[k].islower() and lexicon.has("apposition_modifier", text[k]):
        k += 1
    if k + 1 < view.n and text[k].islower() and lexicon.has("role", text[k]) and text[k + 1] in ("of", "for", "at", ","):
        return True, text[k]  # "Name, a former secretary of ..."
    return False, ""
