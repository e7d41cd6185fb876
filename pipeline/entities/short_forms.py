"""Short forms and their long forms: "Long Form (LF)" by the Schwartz &
Hearst (2003) algorithm, a short form used before or after its definition,
and infobox qualifiers."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from pipeline.entities.candidates import trim_markup
from pipeline.entities.knowledge import Lexicon
from pipeline.entities.spans import DEFINED_PRIORITY, Mention, replace_overlapping
from pipeline.entities.view import DASHES, DocView


def schwartz_hearst_long_form(short_form: str, candidate: str) -> str | None:
    """The shortest tail of `candidate` whose letters spell `short_form`
    (Schwartz & Hearst 2003): every character of the short form occurs in
    order, the first one at the start of a word. None when there is none."""
    short, long = short_form.lower(), candidate.lower()
    s_index, l_index = len(short) - 1, len(long) - 1
    while s_index >= 0:
        char = short[s_index]
        if not char.isalnum():
            s_index -= 1
            continue
        while (l_index >= 0 and long[l_index] != char) or (
            s_index == 0 and l_index > 0 and long[l_index - 1].isalnum()
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    l_index = long.rfind(" ", 0, l_index + 1) + 1
    return candidate[l_index:]


def _looks_like_short_form(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters or not text[0].isalnum() or len(text) > 15 or len(text.split()) > 2:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper >= 0.6 * len(letters)


def apply_abbreviations(
    view: DocView, lexicon: Lexicon, mentions: list[Mention], infobox: list[dict], title: str
) -> list[Mention]:
    """Find "Long Form (SF)" and "SF (Long Form)" definitions and the
    infobox's abbreviation field, then mark every bare use of each short
    form (possessive "SF's" included) with the long form's label and name."""
    definitions: dict[str, tuple[str, str]] = {}  # short form -> (label, long form)
    defined_spans: list[Mention] = []
    for i in range(view.n):
        if view.text[i] != "(":
            continue
        close = next((j for j in range(i + 1, min(i + 16, view.n)) if view.text[j] in (")", "(")), None)
        if close is None or view.text[close] != ")" or close == i + 1 or view.sent_of[close] != view.sent_of[i]:
            continue
        inner_text = view.span_text(i + 1, close)
        if _looks_like_short_form(inner_text) and i > 0:
            long_mention = _long_form_for(view, mentions, inner_text, i)
            if long_mention is None:
                continue
            if long_mention not in mentions:
                mentions = replace_overlapping(mentions, _reach_over(mentions, long_mention))
            long_text = view.span_text(long_mention.start, long_mention.end)
            short = Mention(i + 1, close, long_mention.label, "abbreviation", DEFINED_PRIORITY, short_form_of=long_text)
            definitions.setdefault(inner_text, (long_mention.label, long_text))
            defined_spans.append(short)
            mentions = replace_overlapping(mentions, short)
        elif len(inner_text.split()) >= 2 and i > 0:
            short_start = i - 1
            while short_start >= 2 and view.text[short_start - 1] in DASHES and view.glued(short_start) and view.glued(short_start - 1):
                short_start -= 2
            short_text = view.span_text(short_start, i)
            long_form = schwartz_hearst_long_form(short_text, inner_text)
            if not _looks_like_short_form(short_text) or long_form != inner_text:
                continue
            inner = next((m for m in mentions if m.start == i + 1 and m.end == close), None)
            label = inner.label if inner else "ORG"
            definitions.setdefault(short_text, (label, inner_text))
            short = Mention(short_start, i, label, "abbreviation", DEFINED_PRIORITY, short_form_of=inner_text)
            defined_spans.append(short)
            mentions = replace_overlapping(mentions, short)
            if inner is None:
                mentions = replace_overlapping(mentions, Mention(i + 1, close, label, "abbreviation", DEFINED_PRIORITY))
    for row in infobox:
        key = re.sub(r"\d+", "", str(row["key"])).strip().lower()
        if not lexicon.has("abbreviation_key", key) or not row["value"]:
            continue
        label = lexicon.labels.get(("abbreviation_key", key), "ORG")
        for part in re.finditer(r"[^,;/]+", str(row["value"])):
            text = part.group().strip()
            if not text:
                continue
            start_char = int(row["start"]) + part.start() + (len(part.group()) - len(part.group().lstrip()))
            s, e = view.token_at_char(start_char), view.token_at_char(start_char + len(text) - 1) + 1
            if view.span_text(s, e) != text:
                continue
            definitions.setdefault(text, (label, title))
            mention = Mention(s, e, label, "infobox", DEFINED_PRIORITY, short_form_of=title)
            defined_spans.append(mention)
            mentions = replace_overlapping(mentions, mention)
    if not definitions:
        return mentions
    mentions = _mark_short_forms(view, mentions, definitions, defined_spans)
    return _mark_long_forms(view, mentions, {long: label for label, long in definitions.values() if " " in long})


def _long_form_for(view: DocView, mentions: list[Mention], short_form: str, paren: int) -> Mention | None:
    """The long form a bracketed short form defines: the name just before
    the bracket when its letters spell the short form; else a longer
    capitalised phrase there whose letters do; else, for an organisation's
    name, the name itself (short forms transliterated from another language
    do not share its letters: "Workers' Party (RRP)" for a Russian name)."""
    adjacent = next((m for m in mentions if m.end == paren and m.source != "acronym"), None)
    if adjacent is not None and schwartz_hearst_long_form(short_form, view.span_text(adjacent.start, adjacent.end)):
        return adjacent
    found = _long_form_before(view, short_form, paren)
    if found is not None and (adjacent is None or found.start < adjacent.start):
        return replace(found, label=adjacent.label if adjacent is not None and adjacent.label not in ("GPE", "LOC", "NORP") else "ORG")
    if (
        adjacent is not None
        and adjacent.label not in ("GPE", "LOC", "NORP", "PERSON")
        and not view.span_text(adjacent.start, adjacent.end).isupper()  # a dateline: "MOSCOW (AP)"
    ):
        return adjacent
    return None


def _long_form_before(view: DocView, short_form: str, paren: int) -> Mention | None:
    """A capitalised long form right before "(" found by its letters, for
    names the model missed."""
    sentence = view.sent_of[paren]
    letters = sum(c.isalnum() for c in short_form)
    max_words = min(letters + 5, letters * 2)
    start = paren
    words = 0
    while start > 0 and view.sent_of[start - 1] == sentence and words < max_words:
        start -= 1
        if not view.glued(start + 1) or start + 1 == paren:
            words += 1
    if start >= paren:
        return None
    candidate = view.span_text(start, paren)
    long_form = schwartz_hearst_long_form(short_form, candidate)
    if not long_form:
        return None
    first = view.token_at_char(view.idx[paren - 1] + len(view.text[paren - 1]) - len(long_form))
    if view.text[first][:1].islower():
        # "Organization of Security ... (OSCE)" matches from "of": the name
        # starts at the nearest capitalised word with the same initial.
        initial = short_form[:1].lower()
        back = next((k for k in range(first - 1, max(start, first - 4) - 1, -1) if view.text[k][:1].isupper()), None)
        if back is None or view.text[back][:1].lower() != initial:
            return None
        first = back
    # Words as written ("Co-operation" is one), not tokens.
    content = [w for w in view.span_text(first, paren).split() if w[:1].isalpha() and len(w) > 3]
    if not content or not all(w[0].isupper() for w in content) or all(w.isupper() for w in content):
        return None
    separators = [k for k in range(first, paren) if view.text[k] in (",", ";", ":")]
    dateline = any(c.isdigit() for c in view.span_text(first, paren)) or any(w.strip(",").isupper() for w in content)
    if any(view.text[k] != "," for k in separators) or (separators and dateline):
        return None  # a dateline ("TOWN, March 3 (Agency)", "TOWN, Country (Agency)"), not one name
    first, last = trim_markup(view, first, paren)
    return Mention(first, last, "ORG", "abbreviation", DEFINED_PRIORITY) if first < last else None


def _mark_short_forms(
    view: DocView, mentions: list[Mention], definitions: dict[str, tuple[str, str]], defined: list[Mention]
) -> list[Mention]:
    by_first_word: dict[str, list[str]] = defaultdict(list)
    for short in definitions:
        by_first_word[re.split(r"[-–\s]", short, maxsplit=1)[0]].append(short)
    defined_starts = {(m.start, m.end) for m in defined}
    for i in range(view.n):
        for short in by_first_word.get(view.text[i], ()):
            end = i + 1
            while end <= view.n and view.span_text(i, end) != short and len(view.span_text(i, end)) < len(short):
                end += 1
            if end > view.n or view.span_text(i, end) != short or (i, end) in defined_starts:
                continue
            if _glued_to_word(view, i, end):
                continue  # part of a longer word or a hyphenated compound
            inside_longer = any(m.start <= i and end <= m.end and (m.end - m.start) > (end - i) for m in mentions)
            if inside_longer:
                continue
            label, long_text = definitions[short]
            mentions = replace_overlapping(
                mentions, Mention(i, end, label, "abbreviation", DEFINED_PRIORITY, short_form_of=long_text)
            )
    return mentions


def _reach_over(mentions: list[Mention], long_mention: Mention) -> Mention:
    """A pattern's name that ends inside a defined long form is the longer
    name ("[Board of the League of X] and Y (LXY)"): it reaches over it."""
    reaching_in = [
        m for m in mentions
        if m.start < long_mention.start < m.end < long_mention.end and m.source.startswith("pattern:")
    ]
    if not reaching_in:
        return long_mention
    return replace(reaching_in[0], end=long_mention.end, source="abbreviation")


def _mark_long_forms(view: DocView, mentions: list[Mention], long_forms: dict[str, str]) -> list[Mention]:
    """A name the document defines a short form for is one mention wherever
    it is written, even where the model cut it ("Federation of X, Y and Z"
    before "(FXYZ)"); a longer name ending inside it is extended over it
    ("Board of the [League of X and Y]")."""
    for long_text, label in sorted(long_forms.items()):
        for found in re.finditer(re.escape(long_text), view.doc_text):
            s, e = view.token_at_char(found.start()), view.token_at_char(found.end() - 1) + 1
            if view.char_span(s, e) != (found.start(), found.end()) or view.sent_of[s] != view.sent_of[e - 1]:
                continue
            if any(m.start <= s and e <= m.end for m in mentions):
                continue  # already one mention, or part of a longer name
            found_mention = Mention(s, e, label, "abbreviation", DEFINED_PRIORITY)
            mentions = replace_overlapping(mentions, _reach_over(mentions, found_mention))
    return mentions


def _glued_to_word(view: DocView, start: int, end: int) -> bool:
    """Whether tokens [start, end) are glued to a word, or through a dash to one."""
    after = end < view.n and view.glued(end) and (
        view.text[end][:1].isalnum()
        or (view.text[end] in DASHES and end + 1 < view.n and view.glued(end + 1) and view.text[end + 1][:1].isalnum())
    )
    before = start > 0 and view.glued(start) and (
        view.text[start - 1][-1:].isalnum()
        or (view.text[start - 1] in DASHES and start > 1 and view.glued(start - 1) and view.text[start - 2][-1:].isalnum())
    )
    return bool(after or before)


def merge_infobox_qualifiers(view: DocView, mentions: list[Mention], infobox: list[dict]) -> list[Mention]:
    """An infobox value "Name (Qualifier)" names one thing: the qualifier
    tells same-named entities apart ("X Party (1920)", "X (Austria-Hungary)")."""
    for row in infobox:
        match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", str(row["value"]))
        if not match or _looks_like_short_form(match.group(2)):
            continue
        start, name_end = int(row["start"]), int(row["start"]) + match.end(1)
        s = view.token_at_char(start)
        head = next((m for m in mentions if m.start == s and view.char_span(m.start, m.end)[1] == name_end), None)
        if head is None:
            continue
        e = view.token_at_char(int(row["end"]) - 1) + 1
        merged = replace(head, end=e, source=head.source + "+qualifier", short_form_of="")
        mentions = replace_overlapping(mentions, merged)
    return mentions
