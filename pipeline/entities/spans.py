"""A candidate mention, how strong its evidence is, and how overlapping
candidates are settled: the stronger evidence, then the longer span, wins."""

from __future__ import annotations

from dataclasses import dataclass


# Evidence strength when one span's label must be chosen over another's.
MODEL_PRIORITY = 20
ACRONYM_PRIORITY = 5
DEFINED_PRIORITY = 40
HONORIFIC_PRIORITY = 35
SOURCE_WEIGHT = {"model": 1, "propagated": 1, "coordination": 1, "acronym": 1, "honorific": 10}
WEAK_SOURCES = frozenset({"model", "propagated", "coordination", "acronym"})

# Label rules whose evidence outweighs the model's own label in the vote.
EVIDENCE_RULES = frozenset({"place", "demonym", "language", "apposition", "org_noun", "surname", "head"})


@dataclass
class Mention:
    """A candidate span in token offsets [start, end)."""

    start: int
    end: int
    label: str
    source: str
    priority: int
    absorbs: frozenset[str] = frozenset()
    short_form_of: str = ""
    label_rule: str = ""  # the rule that changed the label the span came with, if any
    title: str = ""  # a PERSON's title or role written right before the name


def resolve_overlaps(candidates: list[Mention]) -> list[Mention]:
    """Keep non-overlapping spans, stronger evidence first, then longer. A
    pattern span may swallow the model spans it wholly contains when their
    label is one it absorbs ("For a Just X" over the place "X")."""
    accepted: list[Mention] = []
    for cand in sorted(candidates, key=lambda m: (-m.priority, -(m.end - m.start), m.start)):
        clashes = [m for m in accepted if m.start < cand.end and cand.start < m.end]
        if not clashes:
            accepted.append(cand)
            continue
        swallowable = all(
            cand.start <= m.start and m.end <= cand.end and (m.end - m.start) < (cand.end - cand.start)
            and m.source == "model" and m.label in cand.absorbs
            for m in clashes
        )
        # The model sometimes sees further along a name than the pattern
        # ("Organization for Security and Cooperation in Europe").
        sees_further = all(
            cand.source == "model" and m.source.startswith("pattern:") and m.start == cand.start and m.end < cand.end
            for m in clashes
        )
        if swallowable or sees_further:
            accepted = [m for m in accepted if m not in clashes] + [cand]
    return sorted(accepted, key=lambda m: (m.start, m.end))


def replace_overlapping(mentions: list[Mention], new: Mention) -> list[Mention]:
    kept = [m for m in mentions if not (m.start < new.end and new.start < m.end)]
    return sorted(kept + [new], key=lambda m: (m.start, m.end))


def covered_tokens(mentions: list[Mention]) -> set[int]:
    """The token offsets the mentions cover."""
    return {k for m in mentions for k in range(m.start, m.end)}
