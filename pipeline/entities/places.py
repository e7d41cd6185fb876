"""Place names from a gazetteer, as evidence for a GPE or LOC label.

The model often calls a city an organisation or a person ("in Tarvik" as ORG).
A name in the gazetteer (`data/entities_places.csv`) is relabeled only with
evidence around it as well: countries, states and continents need none
unless the model saw a person; a city needs a place context (after "in",
"near", ...; "the port of X"; a dateline "X, March 3"; "X, Country"; or a
list whose first item has one). Once a name is settled as a place in a
document, its other mentions there follow.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.entities.knowledge import fold_name, read_data_csv

PLACES_FILE = "entities_places.csv"

# Gazetteer kinds that name a place whatever the context (a country is not an organisation).
SETTLED_KINDS = frozenset({"country", "state", "continent", "region"})
RELABELED = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT"})
_DATELINE_MARKS = frozenset({",", "(", "-", "--", "—", "–"})
_LIST_JOINERS = frozenset({",", "and", "or", "&"})
_MARKUP_OPENERS = frozenset({"[", "[[", "'''", "''"})


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str]]:
    """Folded place name -> (label, kind)."""
    places: dict[str, tuple[str, str]] = {}
    fold = fold_name.__wrapped__  # not cached: fifty thousand names would push the documents' names out of the cache
    for row in read_data_csv(PLACES_FILE):
        places.setdefault(fold(row["name"]), (row["label"], row["kind"]))
    return places


def place_context(view, lexicon, mention, by_end: dict, by_start: dict) -> bool:
    """Whether the words around a mention say it names a place. `by_end` and
    `by_start` map token offsets to the document's mentions (for lists)."""
    text = view.text
    start, end = mention.start, mention.end
    if _dateline(view, start, end):
        return True
    after = by_start.get(end + 1)
    if end + 1 < view.n and text[end] == "," and after is not None and after.label == "GPE":
        return True  # "Town, Country"
    first = start
    # Walk back over a list of names to its first item: "in A, B and C".
    while first >= 2 and text[first - 1] in _LIST_JOINERS:
        joiner = first - 1
        if text[joiner] != "," and text[joiner - 1] == "," and joiner >= 2:
            joiner -= 1  # the serial comma: "A, B, and C"
        previous = by_end.get(joiner)
        if previous is None:
            break
        first = previous.start
    while first > 0 and text[first - 1] in _MARKUP_OPENERS:
        first -= 1  # "in [[Town]]": the link brackets of wiki text
    if first == 0:
        return False
    before = text[first - 1]
    if lexicon.has("locative", before):
        return not (first >= 3 and lexicon.has("stake_noun", text[first - 2]))  # "a stake in X" is a company
    return before.lower() == "of" and first >= 2 and lexicon.has("place_noun", text[first - 2])


def _dateline(view, start: int, end: int) -> bool:
    """A news dateline opens its line: "TOWN, March 3 (Agency) -", "Town, 3 March 2003",
    "TOWN 1996-08-30"."""
    if not view.is_sentence_initial(start) or end + 1 >= view.n:
        return False
    capitals = all(w.isupper() for w in view.text[start:end] if w.isalpha())
    if view.text[end] not in _DATELINE_MARKS:
        return capitals and view.ent_type[end] == "DATE"  # "TOWN 1996-08-30"
    return capitals or view.ent_type[end + 1] == "DATE"


# Endings that make a people's name from a place's ("Kenya" -> "Kenyan",
# "Peru" -> "Peruvian", "China" -> "Chinese"), with what the place's name
# ends in instead, listed in data/entities_demonym_endings.csv.
DEMONYM_ENDINGS_FILE = "entities_demonym_endings.csv"


@lru_cache(maxsize=1)
def _demonym_endings() -> tuple[tuple[str, str], ...]:
    return tuple((row["ending"], row["place_ending"] or "") for row in read_data_csv(DEMONYM_ENDINGS_FILE))


def demonym_place(word: str, places: dict[str, tuple[str, str]]) -> str:
    """The country, state or continent a people's word is made from ("Moldovan"
    -> "moldova"), or "" when it is not one."""
    key = fold_name(word)
    if len(key) < 5 or not key.isalpha() or key in places:
        return ""
    for ending, place_ending in _demonym_endings():
        if key.endswith(ending):
            stem = key[: -len(ending)] + place_ending
            if len(stem) >= 4 and places.get(stem, ("", ""))[1] in SETTLED_KINDS:
                return stem
    return ""
