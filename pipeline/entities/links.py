"""Identity links the names alone do not give: user aliases, a short form
written bare next to its long form, and a short name next to its "of" form.

Each function takes one list per column of the mentions table (doc_id,
label, folded key, text, current node) and returns the rows' new nodes,
where a node is (label, folded name) and mentions with one node are one
entity. They are pure; `entities.link_mentions` calls them in turn.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from pipeline.entities.knowledge import fold_name

Node = tuple[str, str]


def alias_map(aliases: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """Folded alias or canonical name -> (label or "", folded canonical name)."""
    if aliases is None or aliases.empty:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for alias, canonical, label in zip(aliases["alias"], aliases["canonical"], aliases["label"]):
        alias, canonical, label = str(alias).strip(), str(canonical).strip(), str(label).strip().upper()
        if not alias or not canonical:
            continue
        target = (label, fold_name(canonical))
        out.setdefault(fold_name(canonical), target)
        out[fold_name(alias)] = target
    return out


def declared_names(aliases: pd.DataFrame | None) -> dict[str, str]:
    """Folded canonical name -> the canonical name as the user wrote it."""
    if aliases is None or aliases.empty:
        return {}
    return {fold_name(str(name).strip()): str(name).strip() for name in aliases["canonical"] if str(name).strip()}


def apply_aliases(labels: list[str], keys: list[str], aliases: dict[str, tuple[str, str]]) -> tuple[list[str], list[Node | None]]:
    """The user's aliases: a mention named by an alias or its canonical name
    takes the alias row's label (when given) and the canonical's identity."""
    new_labels, nodes = [], []
    for label, key in zip(labels, keys):
        if key in aliases:
            alias_label, canonical_key = aliases[key]
            label = alias_label or label
            new_labels.append(label)
            nodes.append((label, canonical_key))
        else:
            new_labels.append(label)
            nodes.append(None)
    return new_labels, nodes


def _initials(text: str) -> str:
    """Initials of a name's capitalised words ("Court of Human Rights" -> "CHR")."""
    return "".join(word[0] for word in re.findall(r"[^\W\d_][\w'’.-]*", text) if word[0].isupper())


def initials_links(doc_ids, labels, texts, nodes, defined: list[bool]) -> list[tuple[str, Node] | None]:
    """A short form written bare in a document ("EU") belongs to the one
    name of that document whose initials it spells ("European Union"), when
    no other name there spells it too; in a document with no such name, to
    the one name of the corpus that does. Returns (label, node) per row, or None."""
    long_by_doc: dict[str, dict[str, set[Node]]] = defaultdict(lambda: defaultdict(set))
    long_in_corpus: dict[str, set[Node]] = defaultdict(set)
    for doc_id, label, text, node in zip(doc_ids, labels, texts, nodes):
        if _spelled_out(label, text):
            long_by_doc[doc_id][_initials(text).upper()].add(node)
            long_in_corpus[_initials(text).upper()].add(node)
    out = []
    for doc_id, text, is_defined in zip(doc_ids, texts, defined):
        candidates: set[Node] = set()
        if not is_defined and _short_form(text):
            candidates = long_by_doc[doc_id].get(text) or long_in_corpus.get(text, set())
        out.append((next(iter(candidates))[0], next(iter(candidates))) if len(candidates) == 1 else None)
    return out


def _short_form(text: str) -> bool:
    return 2 <= len(text) <= 8 and text.isalpha() and text.isupper()  # "N.J." is a postal abbreviation


def _spelled_out(label: str, text: str) -> bool:
    """A name a short form may stand for: two or more words, none in capitals
    or abbreviated, no list; people are not abbreviated."""
    words = text.split()
    return (
        len(words) >= 2 and label != "PERSON" and "," not in text
        and not any(w.isupper() or w.endswith(".") for w in words)
    )


def of_form_links(doc_ids, labels, nodes) -> list[Node | None]:
    """A name in a document belongs to its longer "of" form there ("the
    Supreme Court" and "the Supreme Court of X") when that document has
    exactly one such longer form with the same label."""
    longer: dict[tuple[str, str, str], set[Node]] = defaultdict(set)
    for doc_id, label, node in zip(doc_ids, labels, nodes):
        name = node[1]
        for match in re.finditer(r" of ", name):
            longer[(doc_id, label, name[: match.start()])].add(node)
    out = []
    for doc_id, label, node in zip(doc_ids, labels, nodes):
        candidates = longer.get((doc_id, label, node[1]), set())
        out.append(next(iter(candidates)) if len(candidates) == 1 and len(node[1].split()) >= 2 else None)
    return out
