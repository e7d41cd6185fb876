"""One identity per entity across the corpus: names folded to a key, the
user's aliases, short forms and surnames linked (with `links`), and the
entity index."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd

from pipeline.entities import links as entity_links, places as entity_places
from pipeline.entities.knowledge import fold_name, load_lexicon


ENTITY_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "label"] + ["entity_id", "canonical", "source", "short_form_of", "title"]
INDEX_COLUMNS = ["entity_id", "canonical", "label", "aliases", "mentions", "documents", "doc_ids"]


def _slug(key: str) -> str:
    return re.sub(r"[^\w]+", "-", key).strip("-") or "x"


def link_mentions(mentions_all: pd.DataFrame, aliases: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every mention an entity: same name, short form or surname across the corpus.

    Identity rules, in order: a short form defined in its document belongs to
    its long form; a short form used bare in another document belongs to the
    one long form the corpus defines for it (none if the corpus defines
    several); a lone surname belongs to the one full PERSON name in the same
    document ending with it; otherwise mentions with the same label and
    folded name (`fold_name`) are one entity. The canonical name is the most
    complete alias (most words, then most used).

    Args:
        mentions_all: every document's `find_mentions` table concatenated.
        aliases: the user's alias table (ALIAS_COLUMNS: alias, canonical,
            label), read from the corpus folder's `aliases.csv`; its rows
            win over every rule.

    Returns:
        (entities, entity_index): the mentions with entity_id and canonical
        added (ENTITY_COLUMNS), and one row per entity (INDEX_COLUMNS).
    """
    table = mentions_all.copy()
    for column in ("source", "short_form_of", "title"):
        table[column] = table[column].fillna("").astype(str) if column in table else ""
    if table.empty:
        return (
            pd.DataFrame(columns=ENTITY_COLUMNS),
            pd.DataFrame(columns=INDEX_COLUMNS),
        )
    table["label"], table["_node"] = _nodes(table, aliases)
    table["_surname_of"] = _surname_links(table)
    table["_node"] = [
        (label, surname) if surname else node
        for label, node, surname in zip(table["label"], table["_node"], table["_surname_of"])
    ]

    canonical_of = _canonical_names(table, aliases)
    ids: dict[tuple[str, str], str] = {}
    used = set()
    for node in sorted(canonical_of):
        scope = node[1].partition(SCOPE_MARK)[2]
        base = f"{node[0]}:{_slug(fold_name(canonical_of[node]))}" + (f"--{_slug(scope)}" if scope else "")
        entity_id, n = base, 2
        while entity_id in used:
            entity_id, n = f"{base}-{n}", n + 1
        used.add(entity_id)
        ids[node] = entity_id
    table["entity_id"] = [ids[n] for n in table["_node"]]
    table["canonical"] = [canonical_of[n] for n in table["_node"]]
    entities = table[ENTITY_COLUMNS].sort_values(["doc_id", "start", "end", "label"], kind="stable").reset_index(drop=True)
    return entities, _entity_index(entities)


def _canonical_names(table: pd.DataFrame, aliases: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """Each node's canonical name: the user's canonical name, else the most
    complete name, from long forms when there are any."""
    long_names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    all_names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for node, text, short_form_of in zip(table["_node"], table["text"], table["short_form_of"]):
        all_names[node][text] += 1
        # A long form written only inside a longer name still names its short form.
        long_names[node][short_form_of or text] += 1
    canonical_of: dict[tuple[str, str], str] = {}
    declared = entity_links.declared_names(aliases)
    for node, names in all_names.items():
        counts = long_names.get(node) or names
        canonical_of[node] = declared.get(node[1]) or min(counts, key=lambda t: (-len(t.split()), -counts[t], -len(t), t))
    return canonical_of


def _entity_index(entities: pd.DataFrame) -> pd.DataFrame:
    """One row per entity (INDEX_COLUMNS), most mentioned first."""
    grouped: dict[str, dict] = {}
    for entity_id, canonical, label, text, doc_id in zip(
        entities["entity_id"], entities["canonical"], entities["label"], entities["text"], entities["doc_id"]
    ):
        entry = grouped.setdefault(entity_id, dict(canonical=canonical, label=label, aliases=set(), mentions=0, docs=set()))
        entry["aliases"].add(text)
        entry["mentions"] += 1
        entry["docs"].add(doc_id)
    index_rows = [
        dict(
            entity_id=entity_id,
            canonical=entry["canonical"],
            label=entry["label"],
            aliases="|".join(sorted(entry["aliases"])),
            mentions=entry["mentions"],
            documents=len(entry["docs"]),
            doc_ids="|".join(sorted(entry["docs"])),
        )
        for entity_id, entry in sorted(grouped.items())
    ]
    index = pd.DataFrame(index_rows, columns=INDEX_COLUMNS)
    index = index.sort_values(["mentions", "entity_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return index


def _nodes(table: pd.DataFrame, aliases: pd.DataFrame | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Each mention's label and node (label, folded name), from the user's
    aliases, the short forms the corpus defines, the initials a bare short
    form spells in its document, and the "of" form of a name there."""
    keys = [fold_name(t) for t in table["text"]]
    long_keys = [fold_name(t) if t else "" for t in table["short_form_of"]]
    labels, alias_nodes = entity_links.apply_aliases(
        table["label"].tolist(), keys, entity_links.alias_map(aliases)
    )
    # Short forms the corpus defines, and which long forms they stand for.
    defined: dict[tuple[str, str], set[str]] = defaultdict(set)
    for label, key, long_key in zip(labels, keys, long_keys):
        if long_key:
            defined[(label, key)].add(long_key)
    nodes = []
    for label, key, long_key in zip(labels, keys, long_keys):
        if long_key:
            nodes.append((label, long_key))
        elif len(defined.get((label, key), ())) == 1:
            nodes.append((label, next(iter(defined[(label, key)]))))
        else:
            nodes.append((label, key))
    settled = [alias is not None or bool(long_key) or (label, key) in defined for alias, long_key, label, key in zip(alias_nodes, long_keys, labels, keys)]
    doc_ids, texts = table["doc_id"].tolist(), table["text"].tolist()
    for row, link in enumerate(entity_links.initials_links(doc_ids, labels, texts, nodes, settled)):
        if link is not None:
            labels[row], nodes[row] = link
    for row, link in enumerate(entity_links.of_form_links(doc_ids, labels, nodes)):
        if link is not None and not settled[row]:
            nodes[row] = link
    nodes = _scope_generic_names(doc_ids, labels, texts, nodes)
    nodes = [alias if alias is not None else node for alias, node in zip(alias_nodes, nodes)]
    return labels, nodes


# Between a generic name's key and the country it is scoped to.
SCOPE_MARK = " @ "


def _scope_generic_names(doc_ids: list[str], labels: list[str], texts: list[str], nodes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A name made only of words every country's institutions share ("the
    Supreme Court", "Ministry of Justice", "the Constitution") names a
    different body in each country: it is one entity only across documents
    about the same country (the one a document names most), and within its
    own document when the document names no country."""
    country_of = _document_countries(doc_ids, labels, texts)
    return [
        (label, f"{key}{SCOPE_MARK}{country_of.get(doc_id) or doc_id}") if _is_generic(key) else (label, key)
        for doc_id, (label, key) in zip(doc_ids, nodes)
    ]


@lru_cache(maxsize=65536)  # asked once per mention; a corpus repeats its names
def _is_generic(key: str) -> bool:
    lexicon = load_lexicon()
    words = [w for w in re.split(r"[\s-]+", key) if w and not lexicon.has("generic_joiner", w)]
    return bool(words) and all(lexicon.has("generic", w) for w in words)


def _document_countries(doc_ids: list[str], labels: list[str], texts: list[str]) -> dict[str, str]:
    """Each document's country: the country it names most, the first named on a tie."""
    places = entity_places.gazetteer()
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc_id, label, text in zip(doc_ids, labels, texts):
        key = fold_name(text)
        if label == "GPE" and places.get(key, ("", ""))[1] == "country":
            counts[doc_id][key] += 1
    # Counter.most_common keeps first-seen order among equal counts.
    return {doc_id: counted.most_common(1)[0][0] for doc_id, counted in counts.items()}


def _surname_links(table: pd.DataFrame) -> list[str]:
    """For a one-word PERSON mention, the folded full name in the same
    document whose last word it is, when exactly one full name qualifies."""
    full_names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for doc_id, label, node in zip(table["doc_id"], table["label"], table["_node"]):
        words = node[1].split()
        if label == "PERSON" and len(words) >= 2:
            full_names[doc_id][words[-1]].add(node[1])
    links = []
    for doc_id, label, node in zip(table["doc_id"], table["label"], table["_node"]):
        words = node[1].split()
        candidates = full_names[doc_id].get(words[0], set()) if label == "PERSON" and len(words) == 1 else set()
        links.append(next(iter(candidates)) if len(candidates) == 1 else "")
    return links
