"""The lexicon: cue words and phrases, target words and settings, read once from `pipeline/data/stance_*`, and the cues found in a parse."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from pipeline.config import PACKAGE_DATA


CUES_FILE = PACKAGE_DATA / "stance_cues.csv"
TARGETS_FILE = PACKAGE_DATA / "stance_targets.csv"
SETTINGS_FILE = PACKAGE_DATA / "stance_settings.toml"


# knowledge


@dataclass(frozen=True)
class Cue:
    """One lexicon row: a word or phrase and how it expresses stance."""

    lemma: str
    pos: str  # VERB, NOUN, ADJ, PHRASE, SLOGAN
    polarity: str  # FAVOR, AGAINST, NONE, or empty for governors
    frame: str  # verb, noun, evaluative, attitude, undo, demand, reporting, negator, expression, slogan
    preps: tuple[str, ...]  # prepositions introducing the target; "obj" = direct object
    confidence: float
    undoes: str = ""  # the event an act in favour undoes: "release X" undoes X's detention

    @property
    def takes_object(self) -> bool:
        return not self.preps or "obj" in self.preps


@dataclass(frozen=True)
class TargetWord:
    """A noun or verb that names an event, refers back to one, hands the
    stance on to its complement, or stands for the document's party."""

    lemma: str
    pos: str
    role: str  # event, anaphor, transfer, generic
    event: str
    patient_preps: tuple[str, ...]


@dataclass(frozen=True)
class Knowledge:
    cues: dict[str, tuple[Cue, ...]]  # single-word cues by lemma
    phrases: tuple[Cue, ...]  # multiword cues and slogans
    targets: dict[tuple[str, str], TargetWord]  # (lemma, NOUN/VERB)
    settings: dict
    cue_hashes: np.ndarray
    event_hashes: np.ndarray
    phrase_words: dict[str, tuple[tuple[Cue, tuple[str, ...]], ...]]  # by first word
    phrase_hashes: np.ndarray


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in (value or "").split("|") if part.strip())


# What the lexicon files may say; anything else is a typing mistake that
# would otherwise make a row match nothing.
FRAMES = frozenset({
    "verb", "noun", "evaluative", "predicative", "attitude", "undo", "demand", "reporting", "negator",
    "expression", "slogan", "interaction", "role", "violation",
})
_CUE_VALUES = {
    "pos": frozenset({"VERB", "NOUN", "ADJ", "PHRASE", "SLOGAN"}), "polarity": frozenset({"FAVOR", "AGAINST", "NONE", ""}),
    "frame": FRAMES,
}
_TARGET_VALUES = {"pos": frozenset({"VERB", "NOUN"}), "role": frozenset({"event", "anaphor", "transfer", "generic"})}


class LexiconError(ValueError):
    """A row of a stance lexicon file holds a value the stage does not know."""


def _checked(rows: list[dict], allowed: dict[str, frozenset], path) -> list[dict]:
    """The rows, or LexiconError naming the file, line and value."""
    for line, row in enumerate(rows, start=2):
        for column, values in allowed.items():
            if column not in row:
                raise LexiconError(f"{path}: column '{column}' is missing")
            value = (row[column] or "").strip()
            if value.upper() not in values and value.lower() not in values:
                raise LexiconError(f"{path}, line {line}: {column} '{value}' is not one of {', '.join(sorted(v for v in values if v))}")
    return rows


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """Read the cue lexicon, the target nouns and the settings once."""
    cues: dict[str, list[Cue]] = {}
    phrases: list[Cue] = []
    with open(CUES_FILE, newline="", encoding="utf-8") as handle:
        for row in _checked(list(csv.DictReader(handle)), _CUE_VALUES, CUES_FILE):
            cue = Cue(
                lemma=row["lemma"].strip().lower(),
                pos=row["pos"].strip().upper(),
                polarity=row["polarity"].strip().upper(),
                frame=row["frame"].strip().lower(),
                preps=_split(row.get("prep", "")),
                confidence=float(row.get("confidence") or 0.7),
                undoes=(row.get("undoes") or "").strip(),
            )
            if " " in cue.lemma or cue.pos in ("PHRASE", "SLOGAN"):
                phrases.append(cue)
            else:
                cues.setdefault(cue.lemma, []).append(cue)
    targets: dict[tuple[str, str], TargetWord] = {}
    with open(TARGETS_FILE, newline="", encoding="utf-8") as handle:
        for row in _checked(list(csv.DictReader(handle)), _TARGET_VALUES, TARGETS_FILE):
            word = TargetWord(
                lemma=row["lemma"].strip().lower(),
                pos=row["pos"].strip().upper(),
                role=row["role"].strip().lower(),
                event=row.get("event", "").strip(),
                patient_preps=_split(row.get("patient_preps", "")),
            )
            targets[(word.lemma, word.pos)] = word
    settings = tomllib.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
    event_lemmas = {lemma for (lemma, _), word in targets.items() if word.role == "event"}
    phrase_words: dict[str, list] = {}
    for cue in phrases:
        words = tuple(cue.lemma.split())
        phrase_words.setdefault(words[0], []).append((cue, words))
    return Knowledge(
        phrase_words={first: tuple(rows) for first, rows in phrase_words.items()},
        phrase_hashes=np.array(sorted(get_string_id(first) for first in phrase_words), dtype=np.uint64),
        cues={lemma: tuple(rows) for lemma, rows in cues.items()},
        phrases=tuple(phrases),
        targets=targets,
        settings=settings,
        cue_hashes=np.array(sorted(get_string_id(lemma) for lemma in cues), dtype=np.uint64),
        event_hashes=np.array(sorted(get_string_id(lemma) for lemma in event_lemmas), dtype=np.uint64),
    )


# finding cues


def in_sorted(values: np.ndarray, sorted_hashes: np.ndarray) -> np.ndarray:
    """Which values are in a sorted array: a binary search per value, cheaper
    than `np.isin`, which sorts both arrays every time."""
    if not len(sorted_hashes):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_hashes, values), len(sorted_hashes) - 1)
    return sorted_hashes[at] == values


def single_word_cues(doc: Doc, knowledge: Knowledge):
    """(token, Cue) for tokens whose lemma (or lower form) is a cue, with the
    lexicon row chosen by the token's part of speech; a participle also takes
    the adjective rows of its written form."""
    if not len(doc):
        return
    array = doc.to_array([LEMMA, LOWER])
    hits = np.flatnonzero(in_sorted(array[:, 0], knowledge.cue_hashes) | in_sorted(array[:, 1], knowledge.cue_hashes))
    for i in hits:
        token = doc[int(i)]
        rows = knowledge.cues.get(token.lemma_.lower()) or knowledge.cues.get(token.lower_, ())
        pos = coarse_pos(token)
        for cue in rows:
            if cue.pos == pos:
                yield token, cue
        if token.tag_ == "VBN" and token.lower_ != token.lemma_.lower():
            # a participle used as an adjective: "farmers opposed to the dam", "concerned about"
            for cue in knowledge.cues.get(token.lower_, ()):
                if cue.pos == "ADJ" and cue.frame == "attitude":
                    yield token, cue


def phrase_cues(doc: Doc, knowledge: Knowledge):
    """(Cue, Span) for multiword cues: candidates by a lookup of their first
    word (as written or its lemma: "lashed out" is "lash out"), then the
    following words compared (cheaper than a Matcher pass over every token
    for a few dozen short phrases)."""
    if not knowledge.phrases or not len(doc):
        return
    array = doc.to_array([LOWER, LEMMA])
    hits = in_sorted(array[:, 0], knowledge.phrase_hashes) | in_sorted(array[:, 1], knowledge.phrase_hashes)
    for i in np.flatnonzero(hits):
        i = int(i)
        first = doc[i]
        rows = knowledge.phrase_words.get(first.lower_, ()) or knowledge.phrase_words.get(first.lemma_.lower(), ())
        for cue, words in rows:
            end = i + len(words)
            if end <= len(doc) and all(doc[i + k].lower_ == word or (k == 0 and doc[i].lemma_.lower() == word)
                                       for k, word in enumerate(words)):
                yield cue, doc[i:end]


def coarse_pos(token: Token) -> str:
    """Coarse part of speech, trusting structure over the tagger: a noun with
    a subject is a verb ("The League protests against ..."), a verb with a
    determiner in a noun's place is a noun ("called the ruling unjust")."""
    if token.pos_ in ("VERB", "AUX"):
        if token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and any(c.dep_ == "det" for c in token.children):
            return "NOUN"
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        if any(child.dep_ in ("nsubj", "nsubjpass") for child in token.children):
            return "VERB"
        return "NOUN"
    if token.pos_ == "ADJ":
        return "ADJ"
    return token.pos_
