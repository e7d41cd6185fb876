"""What the entity rules know, read once from `pipeline/data/`: the word
classes, the titles, the transliteration table and the token patterns,
compiled into one spaCy Matcher per vocabulary."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher

from pipeline.config import PACKAGE_DATA
from pipeline.entities.view import CLOSE_QUOTES, NAME_PART_REGEX, OPEN_QUOTES, QUOTES


NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
PATTERNS_FILE = "entities_patterns.jsonl"
WORDS_FILE = "entities_words.csv"
TRANSLITERATION_FILE = "entities_transliteration.csv"
TITLES_FILE = "entities_titles.csv"


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, frozenset[str]]
    labels: dict[tuple[str, str], str]
    patterns: tuple[dict, ...]
    fold_table: dict[int, str]

    def has(self, word_class: str, word: str) -> bool:
        return word.lower() in self.words.get(word_class, frozenset())

    def is_title(self, word: str) -> bool:
        """A title, honorific or role word ("Professor", "Mr.", "Minister")."""
        word = word.lower().rstrip(".")
        return any(word in self.words.get(kind, ()) for kind in ("title", "honorific", "role"))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    words: dict[str, set[str]] = defaultdict(set)
    labels: dict[tuple[str, str], str] = {}
    for row in read_data_csv(WORDS_FILE):
        word, word_class = row["word"].strip().lower(), row["class"].strip()
        words[word_class].add(word)
        if row.get("label"):
            labels[(word_class, word)] = row["label"].strip()
    patterns = []
    for number, line in enumerate((PACKAGE_DATA / PATTERNS_FILE).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                patterns.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{PATTERNS_FILE}, line {number}: not JSON ({error})") from error
    fold_table = {ord(row["character"]): row["replacement"] for row in read_data_csv(TRANSLITERATION_FILE)}
    for row in read_data_csv(TITLES_FILE):
        words[row["kind"].strip()].add(row["word"].strip().lower())
    return Lexicon(
        words={k: frozenset(v) for k, v in words.items()},
        labels=labels,
        patterns=tuple(patterns),
        fold_table=fold_table,
    )


def pattern_entries() -> tuple[dict, ...]:
    """The patterns of `data/entities_patterns.jsonl`, as read."""
    return load_lexicon().patterns


def read_data_csv(name: str) -> list[dict]:
    """Rows of a CSV file in pipeline/data/, without blank and "#" comment lines."""
    lines = (PACKAGE_DATA / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if line.strip() and not line.startswith("#")))


def _case_variants(words) -> list[str]:
    variants = set()
    for word in words:
        variants.update({word, word.lower(), word.title(), word.upper(), word[:1].upper() + word[1:]})
    return sorted(variants)


def _compile_token(token: dict, lexicon: Lexicon) -> tuple[dict, bool]:
    """Rewrite one pattern token to attributes every Doc carries (ORTH, TEXT,
    tags, entity types), since a Doc read back from a DocBin may have a vocab
    without lexeme attributes such as LOWER. Returns (spec, is_context)."""
    token = dict(token)
    context = bool(token.pop("CONTEXT", False))
    title_only = token.pop("CASE", "") == "title"
    spec: dict = {}
    if token.pop("NAME", False):
        spec["TEXT"] = {"REGEX": NAME_PART_REGEX}
    if "WORDS" in token:
        word_class = token.pop("WORDS")
        if word_class not in lexicon.words:
            raise ValueError(f"{PATTERNS_FILE}: word class '{word_class}' is not a class of {WORDS_FILE}")
        token["LOWER"] = {"IN": sorted(lexicon.words[word_class])}
    if "LOWER" in token:
        value = token.pop("LOWER")
        words = value["IN"] if isinstance(value, dict) else [value]
        variants = [w[:1].upper() + w[1:] for w in words] if title_only else _case_variants(words)
        spec["ORTH"] = {"IN": variants}
    quote = token.pop("QUOTE", None)
    if quote == "open":
        spec["ORTH"] = {"IN": OPEN_QUOTES}
    elif quote == "close":
        spec["ORTH"] = {"IN": CLOSE_QUOTES}
    elif quote == "not":
        spec["ORTH"] = {"NOT_IN": sorted(QUOTES)}
        spec["IS_SENT_START"] = False
    spec.update(token)
    return spec, context


_MATCHERS: dict[int, tuple[object, Matcher, dict]] = {}


def matcher_for(vocab) -> tuple[Matcher, dict]:
    """One compiled matcher per vocab (kept alive with it), built from the pattern file."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1], cached[2]
    lexicon = load_lexicon()
    matcher = Matcher(vocab)
    meta: dict = {}
    anchors: set[str] | None = set()
    for number, entry in enumerate(lexicon.patterns):
        specs, context = zip(*(_compile_token(t, lexicon) for t in entry["pattern"]))
        first = specs[0].get("ORTH")
        if anchors is not None and isinstance(first, str) and len(specs[0]) == 1:
            anchors.add(first)
        elif anchors is not None and isinstance(first, dict) and "IN" in first and len(specs[0]) == 1:
            anchors.update(first["IN"])
        else:
            anchors = None  # a pattern may start anywhere: match whole documents
        key = f"entity_pattern_{number}_{entry.get('id', '')}"
        matcher.add(key, [list(specs)], greedy="LONGEST")
        meta[vocab.strings[key]] = dict(
            id=entry.get("id", str(number)),
            label=entry["label"],
            priority=int(entry.get("priority", 30)),
            absorbs=frozenset(entry.get("absorbs", NAMED_LABELS)),
            context=context,
            extend_left=bool(entry.get("extend_left", False)),
        )
    meta["anchors"] = frozenset(anchors) if anchors is not None else None
    if len(_MATCHERS) > 8:
        _MATCHERS.clear()
    _MATCHERS[id(vocab)] = (vocab, matcher, meta)
    return matcher, meta


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """The comparison key of a name: case, diacritics, transliteration
    variants (dotless ı, ø, ß ...), apostrophes, dash kinds, a leading
    "the" and a trailing possessive do not count."""
    table = load_lexicon().fold_table
    folded = text.translate(table)
    if not folded.isascii():  # only letters beyond ASCII decompose (the gazetteer's names mostly do not)
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).translate(table)
    folded = folded.lower()
    folded = _POSSESSIVE.sub("", folded) if folded.endswith(("'s", "'")) else folded
    folded = folded.replace("'", "")
    folded = _SPACED_DASH.sub("-", folded) if "-" in folded else folded
    folded = _NOT_NAME_CHARACTERS.sub(" ", folded).strip()
    return folded[4:] if folded.startswith("the ") else folded


_POSSESSIVE = re.compile(r"'s\b|'$")
_SPACED_DASH = re.compile(r"\s*-\s*")
_NOT_NAME_CHARACTERS = re.compile(r"[^\w!&.-]+")
