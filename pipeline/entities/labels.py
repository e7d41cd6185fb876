"""Labels changed on evidence stronger than the model's: places and peoples
(with `places`), names joined across "and", coordinated and propagated names,
list items, surnames, and a vote among a name's mentions."""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import replace

from pipeline.entities import places as entity_places
from pipeline.entities.candidates import NOUN_TAGS, clean_span
from pipeline.entities.knowledge import NAMED_LABELS, Lexicon, fold_name
from pipeline.entities.spans import (
    ACRONYM_PRIORITY, EVIDENCE_RULES, SOURCE_WEIGHT, WEAK_SOURCES, Mention, covered_tokens, replace_overlapping,
)
from pipeline.entities.view import DASHES, FUNCTION_TAGS, NAME_PART, POSSESSIVES, PROPER_TAGS, DocView


def fix_labels(view: DocView, lexicon: Lexicon, mentions: list[Mention], off: frozenset[str]) -> list[Mention]:
    """Label corrections that follow from the head noun of the span ("...
    SSR" is a place, "... Party" an organisation)."""
    fixed = []
    for m in mentions:
        label, rule = m.label, m.label_rule
        if m.source == "model" and "head" not in off:
            words = view.text[m.start : m.end]
            head_index = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
            head = words[head_index]
            head_glued = view.glued(m.start + head_index) and head_index > 0
            if lexicon.has("gpe_head", head) and not head_glued and label in ("ORG", "PERSON", "NORP"):
                label, rule = "GPE", "head"
            elif lexicon.has("org_head", head) and head[:1].isupper() and (label == "PERSON" or (label == "GPE" and "of" in words)):
                label, rule = "ORG", "head"
            elif label == "PERSON" and len(words) > 1 and lexicon.has("org_head", words[0]) and words[0][:1].isupper():
                label, rule = "ORG", "head"  # a head that opens the name ("Partido X de Y")
        fixed.append(replace(m, label=label, label_rule=rule) if label != m.label else m)
    return fixed


def label_places(view: DocView, lexicon: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """A gazetteer place the model labeled otherwise is a place when the words
    around it agree (see `places`); then every mention of that name in
    the document is, and a capitalised gazetteer name the model missed in a
    place context ("founded in X") is added."""
    places = entity_places.gazetteer()
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    settled: dict[str, str] = {}
    sure = []  # mentions whose own words make them a place, the model's persons included
    surnames = {view.text[m.end - 1] for m in mentions if m.label == "PERSON" and m.end - m.start > 1}
    for m in mentions:
        key = fold_name(view.span_text(m.start, m.end))
        place = places.get(key)
        if place is None or m.short_form_of or m.label not in entity_places.RELABELED | {"GPE", "LOC"}:
            continue
        label, kind = place
        # A country the model took for a person, unless a person here bears its name.
        country = kind == "country" and view.text[m.end - 1] not in surnames and not (m.start and lexicon.is_title(view.text[m.start - 1]))
        if entity_places.place_context(view, lexicon, m, by_end, by_start) or country:
            sure.append(m)
        elif kind not in entity_places.SETTLED_KINDS or m.label == "PERSON":
            continue
        settled[key] = label
    out = []
    for m in mentions:
        # The model's person stays a person unless its own words say place.
        spreads = m.label in entity_places.RELABELED and (m.label != "PERSON" or m in sure) and not _scored(view, m)
        label = settled.get(fold_name(view.span_text(m.start, m.end))) if spreads else None
        out.append(replace(m, label=label, label_rule="place") if label and not m.short_form_of else m)
    return _missed_places(view, lexicon, _merge_place_names(view, out, places), places)


def _scored(view: DocView, m: Mention) -> bool:
    """A name followed by a score or count ("Leeds 2 Hull 1", "Leeds 12 4 3")
    is a team in a results table, whatever town it is named after."""
    return m.end < view.n and view.tag[m.end] == "CD" and view.sent_of[m.end] == view.sent_of[m.start]


def _merge_place_names(view: DocView, mentions: list[Mention], places: dict) -> list[Mention]:
    """A gazetteer name with an inner "and" / "of" that the model cut in parts
    ("[X] and [Y]" for the country "X and Y") is one place, unless it is part
    of a longer capitalised name ("Port of X Times")."""
    for i in range(view.n):
        if not view.text[i][:1].isupper():
            continue
        for end in range(min(i + 5, view.n), i + 2, -1):
            words = view.text[i:end]
            if not words[-1][:1].isupper() or not any(w in ("and", "of", "&") for w in words):
                continue
            place = places.get(fold_name(view.span_text(i, end)))
            if place is None or _capitalised_neighbour(view, i, end) or view.sent_of[i] != view.sent_of[end - 1]:
                continue
            inside = [m for m in mentions if m.start < end and i < m.end]
            if all(i <= m.start and m.end <= end for m in inside) and not any(m.end - m.start == end - i for m in inside):
                mentions = replace_overlapping(mentions, Mention(i, end, place[0], "place", ACRONYM_PRIORITY))
            break
    return mentions


def _missed_places(view: DocView, lexicon: Lexicon, mentions: list[Mention], places: dict) -> list[Mention]:
    """Capitalised gazetteer names no mention covers, standing alone (no
    capitalised neighbour) in a place context."""
    covered = covered_tokens(mentions)
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    added = []
    for i in range(view.n):
        if i in covered or view.tag[i] not in PROPER_TAGS or not view.text[i][:1].isupper():
            continue
        for end in range(min(i + 3, view.n), i, -1):
            if any(k in covered or _named_or_calendar(view, k) or view.sent_of[k] != view.sent_of[i] for k in range(i, end)):
                continue
            if not view.text[end - 1][:1].isalnum():
                continue
            place = places.get(fold_name(view.span_text(i, end)))
            glued_on = end < view.n and view.glued(end) and view.text[end] in DASHES
            if place is None or _capitalised_neighbour(view, i, end) or glued_on or (end in covered and view.space[end - 1] == " "):
                continue  # a name's first word ("[Dar]-es-Salaam", "[Dar] es Salaam" where the model saw the rest)
            candidate = Mention(i, end, place[0], "place", ACRONYM_PRIORITY)
            if entity_places.place_context(view, lexicon, candidate, by_end, by_start):
                added.append(candidate)
                covered.update(range(i, end))
            break
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


_CALENDAR_WORDS = frozenset(
    w.lower() for w in list(calendar.month_name) + list(calendar.month_abbr) + list(calendar.day_name) + list(calendar.day_abbr) if w
)


def _named_or_calendar(view: DocView, i: int) -> bool:
    """Whether the model gave token i a named type, or it is a month or day
    name ("in March" is no place; a town the model took for a date is)."""
    return view.ent_type[i] in NAMED_LABELS or view.text[i].lower().rstrip(".") in _CALENDAR_WORDS


def _capitalised_neighbour(view: DocView, start: int, end: int) -> bool:
    """Whether a proper noun of the same sentence stands right before or after [start, end)."""
    before = start > 0 and view.tag[start - 1] in PROPER_TAGS and view.sent_of[start - 1] == view.sent_of[start]
    after = end < view.n and view.tag[end] in PROPER_TAGS and view.sent_of[end] == view.sent_of[start]
    return before or after


def label_peoples(view: DocView, lexicon: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """A people's word made from a country's name ("Norwegian", "CHILEAN") is
    NORP, and a language's name used as one ("in English and French",
    "(Spanish: ...)") is LANGUAGE; words the model missed are added."""
    places = entity_places.gazetteer()
    covered = set()
    out = []
    for m in mentions:
        covered.update(range(m.start, m.end))
        if m.end - m.start != 1 or m.short_form_of:
            out.append(m)
        elif _language_use(view, lexicon, m.start):
            out.append(replace(m, label="LANGUAGE", label_rule="language") if m.label != "LANGUAGE" else m)
        elif m.label not in ("NORP", "LANGUAGE") and entity_places.demonym_place(view.text[m.start], places):
            out.append(replace(m, label="NORP", label_rule="demonym"))
        else:
            out.append(m)
    for i in range(view.n):
        word = view.text[i]
        if i in covered or view.ent_type[i] or not word[:1].isupper() or view.tag[i] not in ("JJ", "NNP", "NNPS"):
            continue
        if entity_places.demonym_place(word, places):
            label = "LANGUAGE" if _language_use(view, lexicon, i) else "NORP"
            out.append(Mention(i, i + 1, label, "demonym", ACRONYM_PRIORITY))
    return sorted(out, key=lambda m: (m.start, m.end))


def _language_use(view: DocView, lexicon: Lexicon, i: int) -> bool:
    """Whether the word at i names a language: "(Spanish: ...)", or after
    "in"/"into" ("in English and French") with no noun after it."""
    if not lexicon.has("language", view.text[i]):
        return False
    if 0 < i < view.n - 1 and view.text[i - 1] == "(" and view.text[i + 1] == ":":
        return True
    if i + 1 < view.n and view.tag[i + 1] in NOUN_TAGS:
        return False
    k = i - 1
    while k > 0 and (view.text[k] in (",", "and", "or") or lexicon.has("language", view.text[k])):
        k -= 1
    return k >= 0 and view.text[k].lower() in ("in", "into")


def label_after_org_noun(view: DocView, lexicon: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """A name right after a common noun for an organisation ("the newspaper
    X", "the independent weekly X", "the movement X") names that
    organisation, whatever person or work the model saw in it."""
    out = []
    for m in mentions:
        before = view.text[m.start - 1] if m.start > 0 else ""
        # A person after "the group" may lead it ("the group Ann Roe founded"); after "the newspaper", hardly.
        noun_class = "media_noun" if m.label == "PERSON" else "org_noun"
        if (
            m.label in ("PERSON", "NORP", "WORK_OF_ART", "PRODUCT", "FAC")
            and before.islower()
            and lexicon.has(noun_class, before)
            and not m.short_form_of
        ):
            m = replace(m, label="ORG", label_rule="org_noun")
        out.append(m)
    return out


def join_names_across_and(view: DocView, lexicon: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """One name with an internal "and" that the model cut in two: "[Ministry
    of Fisheries] and [Forestry]" (an organisation "of" something, and a
    second thing with no head noun of its own), or "Trade and [Shipping
    Board]", "Miners' and [Builders' Union]" (capitalised words joined to a
    name that ends in an organisation's head noun)."""
    by_start = {m.start: m for m in mentions}
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        if out and out[-1].end > m.start:
            continue  # swallowed by the join before
        joined_end = _joined_tail(view, lexicon, m, by_start) if m.label == "ORG" else m.end
        if joined_end != m.end:
            m = replace(m, end=joined_end, source=m.source + "+joined", short_form_of="")
        else:
            start = _joined_head(view, lexicon, m)
            m = replace(m, start=start, source=m.source + "+joined", short_form_of="") if start != m.start else m
        if out and out[-1].end > m.start:
            out.pop() if out[-1].start >= m.start else None
        out.append(m)
    return out


def _joined_tail(view: DocView, lexicon: Lexicon, m: Mention, by_start: dict[int, Mention]) -> int:
    words = view.text[m.start : m.end]
    if "of" not in words and "for" not in words:
        return m.end
    if not any(lexicon.has("org_head", w) and w[:1].isupper() for w in words):
        return m.end
    place = entity_places.gazetteer().get(fold_name(view.text[m.end - 1]), ("", ""))
    if view.ent_type[m.end - 1] in ("GPE", "LOC") or place[1] in entity_places.SETTLED_KINDS:
        return m.end  # "[Party of X] and ...": the name already ends in its place
    k = m.end
    if k + 1 >= view.n or view.text[k] not in ("and", "&") or view.sent_of[k] != view.sent_of[m.start]:
        return m.end
    k += 1
    if view.text[k] == "the":
        k += 1
    nxt = by_start.get(k)
    if nxt is not None:
        tail_words = view.text[nxt.start : nxt.end]
        if nxt.label in ("GPE", "LOC", "PERSON", "NORP") or nxt.short_form_of or "of" in tail_words:
            return m.end
        if view.text[k - 1] == "the" and len(tail_words) > 1:
            return m.end  # "... and the Other Name": a second name
        end = nxt.end
    else:
        end = k
        while (
            end < view.n and NAME_PART.match(view.text[end]) and view.text[end][:1].isupper()
            and view.sent_of[end] == view.sent_of[k] and not view.ent_type[end]
        ):
            end += 1
        tail_words = view.text[k:end]
    if not tail_words or any(lexicon.has("org_head", w) or lexicon.has("gpe_head", w) for w in tail_words):
        return m.end
    return end


def _joined_head(view: DocView, lexicon: Lexicon, m: Mention) -> int:
    """Start of "Word and [Name Head]" / "Words' and [Names' Head]"."""
    if m.label != "ORG" or m.start < 2 or view.text[m.start - 1] not in ("and", "&"):
        return m.start
    if not lexicon.has("org_head", view.text[m.end - 1]) or not view.text[m.start][:1].isupper():
        return m.start
    k = m.start - 2
    if view.text[k] in POSSESSIVES and view.glued(k):
        if not view.text[m.start + 1 : m.start + 2] or view.text[m.start + 1] not in POSSESSIVES:
            return m.start  # "Miners' and Builders' Union": both possessive, or neither
        k -= 1
    if k < 0 or view.ent_type[k] or not view.text[k][:1].isupper() or not view.text[k].isalpha() or view.is_sentence_initial(k) and view.tag[k] in FUNCTION_TAGS:
        return m.start
    if view.sent_of[k] != view.sent_of[m.start] or lexicon.has("determiner", view.text[k]):
        return m.start
    return k


def _covering(mentions: list[Mention], token: int) -> Mention | None:
    return next((m for m in mentions if m.start <= token < m.end), None)


def add_coordinated_names(view: DocView, lexicon: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """A proper name coordinated with a known name is the same kind of thing:
    "X, Y and the Z formed ..." makes an unlabeled "Z" an ORG when Y is one,
    and a lone "PERSON" conjunct of an ORG is an ORG."""
    covered = [False] * view.n
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] = True
    added = []
    i = 0
    while i < view.n:
        if covered[i] or view.tag[i] not in PROPER_TAGS or not view.text[i][:1].isupper() or view.ent_type[i]:
            i += 1
            continue
        end = i + 1
        while end < view.n and not covered[end] and view.tag[end] in PROPER_TAGS and not view.ent_type[end] and view.sent_of[end] == view.sent_of[i]:
            end += 1
        root = next((k for k in range(i, end) if not (i <= view.head[k] < end)), end - 1)
        partner = _covering(mentions, view.head[root]) if view.dep[root] == "conj" else None
        if partner is not None and not all(lexicon.has("role", view.text[k]) for k in range(i, end)):
            span = clean_span(view, lexicon, i, end)
            if span:
                added.append(Mention(*span, partner.label, "coordination", ACRONYM_PRIORITY))
        i = end
    relabeled = []
    for m in mentions:
        if m.label == "PERSON" and m.end - m.start == 1 and view.dep[m.start] == "conj" and m.source in WEAK_SOURCES:
            partner = _covering(mentions, view.head[m.start])
            if partner is not None and partner.label in ("ORG", "GPE"):
                m = replace(m, label=partner.label, label_rule="coordination")
        relabeled.append(m)
    return sorted(relabeled + added, key=lambda m: (m.start, m.end))


def propagate_names(view: DocView, lexicon: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """A name recognised in the text is the same name where else it occurs
    as a proper noun ("- Country: X" after "X" was found in a paragraph).
    Only names with settled evidence spread: recognised at least twice with
    one label, or by a pattern or definition, never a lone title word."""
    labels_of: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    strong: set[tuple[str, ...]] = set()
    for m in mentions:
        words = tuple(view.text[m.start : m.end])
        labels_of[words][m.label] += 1
        if m.source not in WEAK_SOURCES:
            strong.add(words)
    names: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for words, counts in labels_of.items():
        if len(counts) != 1 or not words[0][:1].isupper() or len("".join(words)) < 3:
            continue
        if sum(counts.values()) < 2 and words not in strong:
            continue
        if all(lexicon.has("role", w) or lexicon.has("org_head", w) for w in words):
            continue
        names[words[0]].append((words, next(iter(counts))))
    covered = [False] * view.n
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] = True
    added = []
    for i in range(view.n):
        if covered[i] or view.text[i] not in names:
            continue
        for words, label in sorted(names[view.text[i]], key=lambda x: -len(x[0])):
            end = i + len(words)
            if end > view.n or tuple(view.text[i:end]) != words or any(covered[i:end]):
                continue
            if end < view.n and view.glued(end) and view.text[end][:1].isalnum():
                continue
            if _capitalised_neighbour(view, i, end) and not view.is_sentence_initial(i):
                continue  # part of a longer name ("[X] Times")
            if view.sent_of[end - 1] != view.sent_of[i] or view.tag[end - 1] not in PROPER_TAGS:
                continue
            added.append(Mention(i, end, label, "propagated", ACRONYM_PRIORITY))
            for k in range(i, end):
                covered[k] = True
            break
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def fix_list_labels(view: DocView, mentions: list[Mention]) -> list[Mention]:
    """Items of one list name the same kind of thing: the leading name of a
    list item takes the label most of its sibling items' leading names have."""
    runs: list[list[int]] = []
    previous = None
    for s, kind in enumerate(view.sent_kinds):
        if kind == "list_item":
            if previous is not None and previous == s - 1:
                runs[-1].append(s)
            else:
                runs.append([s])
            previous = s
    leading = {}
    for m in mentions:
        s = view.sent_of[m.start]
        if s >= 0 and view.sent_kinds[s] == "list_item" and s not in leading:
            first = view.sent_first_token.get(s, m.start)
            if m.start - first <= 3:
                leading[s] = m
    relabel = {}
    for run in runs:
        heads = [leading[s] for s in run if s in leading]
        if len(heads) < 3:
            continue
        label, count = Counter(m.label for m in heads).most_common(1)[0]
        if count * 3 >= len(heads) * 2:
            for m in heads:
                if m.label != label and m.source == "model":
                    relabel[(m.start, m.end)] = label
    return [replace(m, label=relabel[(m.start, m.end)], label_rule="list") if (m.start, m.end) in relabel else m for m in mentions]


def fix_surname_labels(view: DocView, mentions: list[Mention]) -> list[Mention]:
    """A one-word name that is the surname of a person named in full in the
    same document is that person ("Ann Ritter ... Ritter said", "Ann
    Roe-Doe ... Roe-Doe"), also where the model missed it. An acronym is not
    a surname ("Ann Roe TWA" is a model's slip)."""
    surnames = set()
    for m in mentions:
        text = view.span_text(m.start, m.end)
        if m.label == "PERSON" and " " in text:
            surnames.add(text.rsplit(" ", 1)[1])
    out = []
    for m in mentions:
        text = view.span_text(m.start, m.end)
        if (
            " " not in text and text in surnames and not (text.isupper() and len(text) <= 4)
            and (m.label in ("ORG", "GPE", "LOC", "FAC", "PRODUCT") or (m.label == "NORP" and view.tag[m.end - 1] == "NNP" and not text.endswith("s")))
            and not m.short_form_of and m.source in WEAK_SOURCES
            and not (m.label in ("GPE", "LOC") and fold_name(text) in entity_places.gazetteer())
        ):
            m = replace(m, label="PERSON", label_rule="surname")
        out.append(m)
    covered = covered_tokens(out)
    for i in range(view.n):
        word = view.text[i]
        if (
            i not in covered and word in surnames and view.tag[i] == "NNP" and not view.ent_type[i] and not word.isupper()
            and fold_name(word) not in entity_places.gazetteer()
        ):
            out.append(Mention(i, i + 1, "PERSON", "surname", ACRONYM_PRIORITY))
    return sorted(out, key=lambda m: (m.start, m.end))


def vote_labels(view: DocView, lexicon: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """One name, one label within a document: the label with the strongest
    evidence wins (defined short forms and patterns over the model), and on
    a tie the first mention's."""
    keys = [fold_name(view.span_text(m.start, m.end)) for m in mentions]
    votes: dict[str, dict[str, int]] = {}  # plain dicts: a Counter per name cost more than the vote
    first: dict[str, str] = {}
    for m, key in zip(mentions, keys):
        weight = SOURCE_WEIGHT.get(m.source, 3)
        counts = votes.setdefault(key, {})
        counts[m.label] = counts.get(m.label, 0) + (max(weight, 5) if m.label_rule in EVIDENCE_RULES else weight)
        first.setdefault(key, m.label)
    decided: dict[str, str] = {}
    for key, counts in votes.items():
        if len(counts) == 1:
            decided[key] = next(iter(counts))
            continue
        best = max(counts.values())
        winners = [label for label, count in counts.items() if count == best]
        decided[key] = first[key] if first[key] in winners else sorted(winners)[0]
    return [replace(m, label=decided[key], label_rule="vote") if decided[key] != m.label else m for m, key in zip(mentions, keys)]


def only_role_words(view: DocView, lexicon: Lexicon, m: Mention) -> bool:
    words = [w for w in view.text[m.start : m.end] if any(c.isalnum() for c in w)]
    # Roles and honorifics only: many titles are surnames too ("Ritter", "Bishop").
    return all(lexicon.has("role", w) or lexicon.has("honorific", w.rstrip(".")) or (w.isdigit() and m.label != "PRODUCT") for w in words)
