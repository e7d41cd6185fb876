"""Mentions of one document: the model's entities cut, joined, relabeled on
evidence and given short forms (`find_mentions`), and their linking into one
identity per entity across the corpus (`link_mentions`). See the package's
docstring for what goes in and comes out."""

from __future__ import annotations

import bisect
import calendar
import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, ORTH, SPACY, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc

from pipeline.entities import links as entity_links, persons as entity_persons, places as entity_places
from pipeline.config import PACKAGE_DATA
from pipeline.tables import typed_array

MENTION_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "label", "source", "short_form_of", "title"]
ENTITY_COLUMNS = MENTION_COLUMNS[:6] + ["entity_id", "canonical", "source", "short_form_of", "title"]
INDEX_COLUMNS = ["entity_id", "canonical", "label", "aliases", "mentions", "documents", "doc_ids"]

NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

PATTERNS_FILE = "entities_patterns.jsonl"
WORDS_FILE = "entities_words.csv"
TRANSLITERATION_FILE = "entities_transliteration.csv"
TITLES_FILE = "entities_titles.csv"

# Evidence strength when one span's label must be chosen over another's.
_MODEL_PRIORITY = 20
_ACRONYM_PRIORITY = 5
_DEFINED_PRIORITY = 40
_HONORIFIC_PRIORITY = 35
_SOURCE_WEIGHT = {"model": 1, "propagated": 1, "coordination": 1, "acronym": 1, "honorific": 10}
_WEAK_SOURCES = frozenset({"model", "propagated", "coordination", "acronym"})
# Label rules whose evidence outweighs the model's own label in the vote.
_EVIDENCE_RULES = frozenset({"place", "demonym", "language", "apposition", "org_noun", "surname", "head"})

_OPEN_QUOTES = ["\"", "“", "«", "„", "‘", "'", "``", "`"]
_CLOSE_QUOTES = ["\"", "”", "»", "“", "’", "'", "''"]
_QUOTES = frozenset(_OPEN_QUOTES + _CLOSE_QUOTES)
_DASHES = frozenset({"-", "–", "—", "‐", "‑"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
_GLUED_CONNECTORS = _DASHES | _POSSESSIVES | {"&", "."}
# Tags that do not start a name; a sentence's first word with one of them is trimmed.
_FUNCTION_TAGS = frozenset(
    {"IN", "DT", "RB", "CC", "PRP", "PRP$", "WDT", "WP", "WRB", "MD", "VB", "VBD", "VBZ", "VBP", "VBG", "VBN", "TO", "EX", "UH", "PDT", "CD", "LS"}
)
_TRAILING_NOISE = frozenset({"of", "and", "the", "for", "a", "an", "in", "(", "[", ",", ";", ":", ".", "!", "?"})
_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def _uppercase_letters() -> str:
    return "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper())


# One token of a name: a capitalised or upper-case word, or a connector that
# only counts when glued to its neighbours ("Port-Royal", "People's", "Workers'").
_NAME_PART_REGEX = rf"^(?:[{_uppercase_letters()}][\w'’.]*|[-–'’&]|['’][sS])$"
_NAME_PART = re.compile(_NAME_PART_REGEX)


@dataclass(frozen=True)
class _Lexicon:
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


@dataclass
class _Mention:
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


# ---------------------------------------------------------------- knowledge


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    words: dict[str, set[str]] = defaultdict(set)
    labels: dict[tuple[str, str], str] = {}
    for row in _read_data_csv(WORDS_FILE):
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
    fold_table = {ord(row["character"]): row["replacement"] for row in _read_data_csv(TRANSLITERATION_FILE)}
    for row in _read_data_csv(TITLES_FILE):
        words[row["kind"].strip()].add(row["word"].strip().lower())
    return _Lexicon(
        words={k: frozenset(v) for k, v in words.items()},
        labels=labels,
        patterns=tuple(patterns),
        fold_table=fold_table,
    )


def pattern_entries() -> tuple[dict, ...]:
    """The patterns of `data/entities_patterns.jsonl`, as read."""
    return _lexicon().patterns


def _read_data_csv(name: str) -> list[dict]:
    lines = (PACKAGE_DATA / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if line.strip() and not line.startswith("#")))


def _case_variants(words) -> list[str]:
    variants = set()
    for word in words:
        variants.update({word, word.lower(), word.title(), word.upper(), word[:1].upper() + word[1:]})
    return sorted(variants)


def _compile_token(token: dict, lexicon: _Lexicon) -> tuple[dict, bool]:
    """Rewrite one pattern token to attributes every Doc carries (ORTH, TEXT,
    tags, entity types), since a Doc read back from a DocBin may have a vocab
    without lexeme attributes such as LOWER. Returns (spec, is_context)."""
    token = dict(token)
    context = bool(token.pop("CONTEXT", False))
    title_only = token.pop("CASE", "") == "title"
    spec: dict = {}
    if token.pop("NAME", False):
        spec["TEXT"] = {"REGEX": _NAME_PART_REGEX}
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
        spec["ORTH"] = {"IN": _OPEN_QUOTES}
    elif quote == "close":
        spec["ORTH"] = {"IN": _CLOSE_QUOTES}
    elif quote == "not":
        spec["ORTH"] = {"NOT_IN": sorted(_QUOTES)}
        spec["IS_SENT_START"] = False
    spec.update(token)
    return spec, context


_MATCHERS: dict[int, tuple[object, Matcher, dict]] = {}


def _matcher_for(vocab) -> tuple[Matcher, dict]:
    """One compiled matcher per vocab (kept alive with it), built from the pattern file."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1], cached[2]
    lexicon = _lexicon()
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


def _anchored_matches(view: _DocView, matcher: Matcher, anchors: frozenset[str] | None):
    """Matcher results for the document, running the matcher only over the
    sentences holding a word some pattern starts with (most hold none)."""
    if anchors is None:
        return matcher(view.doc, with_alignments=True)
    # A match starts on an anchor word, so each sentence is matched from its first anchor on.
    first_anchor: dict[int, int] = {}
    for i, word in enumerate(view.text):
        if word in anchors and view.sent_of[i] >= 0:
            first_anchor.setdefault(view.sent_of[i], i)
    results = []
    for sentence in sorted(first_anchor):
        first = first_anchor[sentence]
        last = first
        while last < view.n and view.sent_of[last] in (sentence, -1):
            last += 1
        for match_id, start, end, alignment in matcher(view.doc[first:last], with_alignments=True):
            results.append((match_id, first + start, first + end, alignment))
    return results


# ---------------------------------------------------------------- per document


class _DocView:
    """Plain lists of what the rules read from a Doc, taken once."""

    def __init__(self, doc: Doc, sentences: pd.DataFrame):
        self.doc = doc
        # One array read instead of a Token object per attribute and token.
        strings = doc.vocab.strings
        # One list per attribute (columns, not rows: fewer Python objects).
        orth, tag, ent_type, idx, space, dep, ent_iob = (
            doc.to_array([ORTH, TAG, ENT_TYPE, IDX, SPACY, DEP, ENT_IOB]).T.tolist() if len(doc) else [[]] * 7
        )
        # HEAD is a signed offset stored unsigned: read it as signed.
        heads = doc.to_array([HEAD]).astype("int64").ravel().tolist() if len(doc) else []
        self.text = [strings[key] for key in orth]
        self.tag = [strings[key] if key else "" for key in tag]
        self.ent_type = [strings[key] if key else "" for key in ent_type]
        self.idx = idx
        self.space = [" " if value else "" for value in space]
        self.head = [i + offset for i, offset in enumerate(heads)]
        self.dep = [strings[key] if key else "" for key in dep]
        # Doc.text is rebuilt from Token objects on every access; the arrays already hold it.
        self.doc_text = "".join(word + space for word, space in zip(self.text, self.space))
        self.ent_begins = [code == 3 for code in ent_iob]  # IOB code 3 = "B"
        self._in_capitals = None
        self.n = len(doc)
        if len(sentences):
            kinds = sentences["block_kind"].tolist() if "block_kind" in sentences else [""] * len(sentences)
            rows = sorted(zip(sentences["start"].tolist(), sentences["end"].tolist(), sentences["sent_id"].tolist(), kinds))
            self.sent_start_chars = [int(r[0]) for r in rows]
            self.sent_end_chars = [int(r[1]) for r in rows]
            self.sent_ids = [int(r[2]) for r in rows]
            self.sent_kinds = [r[3] for r in rows]
        else:
            spans = list(doc.sents)
            self.sent_start_chars = [s.start_char for s in spans]
            self.sent_end_chars = [s.end_char for s in spans]
            self.sent_ids = list(range(len(spans)))
            self.sent_kinds = [""] * len(spans)
        # Sentence number of each token (-1 for whitespace between sentences),
        # looked up for all tokens at once.
        self.sent_of = []
        self.sent_first_token = {}
        if self.n and self.sent_start_chars:
            token_chars = np.array(self.idx, dtype=np.int64)
            position = np.searchsorted(np.array(self.sent_start_chars, dtype=np.int64), token_chars, side="right") - 1
            ends = np.array(self.sent_end_chars, dtype=np.int64)[np.maximum(position, 0)]
            sent_of = np.where((position >= 0) & (token_chars < ends), position, -1)
            self.sent_of = sent_of.tolist()
            # Tokens are in text order, so each sentence's tokens form one run.
            sentences_found, first_tokens = np.unique(sent_of, return_index=True)
            self.sent_first_token = {s: i for s, i in zip(sentences_found.tolist(), first_tokens.tolist()) if s >= 0}
        elif self.n:
            self.sent_of = [-1] * self.n

    @property
    def in_capitals(self) -> list[bool]:
        """Per token: whether it stands in a stretch of a line written in
        capitals (three or more upper-case words in a row, one of them a
        word no acronym looks like: "OF", "REPUBLIC"), where case says
        nothing about acronyms."""
        if self._in_capitals is None:
            self._in_capitals = _capital_stretches(self)
        return self._in_capitals

    def title(self) -> str:
        """The document's title line as ingest found it, or ""."""
        for start, end, kind in zip(self.sent_start_chars, self.sent_end_chars, self.sent_kinds):
            if kind == "title":
                return self.doc_text[start:end].strip()
        return ""

    def model_entities(self) -> list[tuple[int, int, str]]:
        """The model's entities as (start, end, label), read from the IOB arrays."""
        out = []
        i = 0
        while i < self.n:
            if not self.ent_type[i]:
                i += 1
                continue
            end = i + 1
            while end < self.n and self.ent_type[end] == self.ent_type[i] and not self.ent_begins[end]:
                end += 1
            out.append((i, end, self.ent_type[i]))
            i = end
        return out

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        return self.idx[start], self.idx[end - 1] + len(self.text[end - 1])

    def span_text(self, start: int, end: int) -> str:
        a, b = self.char_span(start, end)
        return self.doc_text[a:b]

    def glued(self, i: int) -> bool:
        """Whether token i follows token i-1 with no space between."""
        return i > 0 and self.space[i - 1] == ""

    def is_sentence_initial(self, i: int) -> bool:
        return self.sent_first_token.get(self.sent_of[i]) == i

    def token_at_char(self, char: int) -> int:
        return bisect.bisect_right(self.idx, char) - 1


_CAPITALS_FUNCTION_WORDS = frozenset({"OF", "THE", "AND", "FOR", "IN", "ON", "TO", "A", "AT", "BY", "WITH", "FROM"})


def _capital_stretches(view: _DocView) -> list[bool]:
    """Mark the tokens of each run of upper-case words within one line
    (punctuation and numbers may stand between them)."""
    marks = [False] * view.n
    run: list[int] = []

    def close() -> None:
        words = [view.text[k] for k in run if any(c.isalpha() for c in view.text[k])]
        telling = sum(1 for w in words if w in _CAPITALS_FUNCTION_WORDS or len(w) > 5)
        if len(words) >= 3 and telling >= 1:
            for k in range(run[0], run[-1] + 1):
                marks[k] = True
        run.clear()

    for i, word in enumerate(view.text):
        if "\n" in word or (i > 0 and "\n" in view.space[i - 1]):
            close()
        letters = [c for c in word if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(letters) >= 1:
            run.append(i)
        elif letters:
            close()
    close()
    return marks


# Rule families a caller may switch off (`find_mentions(..., disabled_sources=...)`),
# named as in the `source` column: span rules alone ("acronym") or after the
# span's own source ("model+place"); "pattern:<id>" switches off one pattern.
RULE_FAMILIES = (
    "acronym", "honorific", "abbreviation", "infobox", "qualifier", "joined", "coordination", "propagated",
    "head", "apposition", "org_noun", "place", "demonym", "list", "surname", "vote", "title",
)


def find_mentions(
    doc_id: str, doc: Doc, sentences: pd.DataFrame, infobox: pd.DataFrame, *, disabled_sources: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Find the named-entity mentions of one parsed document.

    Args:
        doc_id: the document's id.
        doc: the document parsed once by the parse stage (model entities set).
        sentences: this document's rows of the ingest sentences table.
        infobox: this document's rows of the ingest infobox table.
        disabled_sources: rule families (RULE_FAMILIES, "pattern:<id>") to
            leave out, for measuring what each rule adds.

    Returns:
        A table with MENTION_COLUMNS, sorted by start and end.
    """
    off = disabled_sources
    lexicon = _lexicon()
    view = _DocView(doc, sentences)
    infobox_rows = infobox[["key", "value", "start", "end"]].to_dict("records") if len(infobox) and "infobox" not in off else []
    candidates = _model_candidates(view, lexicon) + [m for m in _pattern_candidates(view, lexicon) if m.source not in off]
    if "acronym" not in off:
        candidates += _acronym_candidates(view, lexicon)
    if "honorific" not in off:
        candidates += entity_persons.honorific_names(
            view, lexicon, lambda s, e: _Mention(s, e, "PERSON", "honorific", _HONORIFIC_PRIORITY, NAMED_LABELS)
        )
    mentions = _fix_labels(view, lexicon, _resolve(candidates), off)
    if "apposition" not in off:
        mentions = entity_persons.role_appositions(
            view, lexicon, mentions, lambda s, e: _Mention(s, e, "PERSON", "apposition", _ACRONYM_PRIORITY)
        )
    if "org_noun" not in off:
        mentions = _label_after_org_noun(view, lexicon, mentions)
    # Joined before short forms are read, so "X and Y (XY)" defines the whole name.
    mentions = _join_names_across_and(view, lexicon, mentions) if "joined" not in off else mentions
    if "abbreviation" not in off:
        mentions = _apply_abbreviations(view, lexicon, mentions, infobox_rows, view.title())
    if "qualifier" not in off:
        mentions = _merge_infobox_qualifiers(view, mentions, infobox_rows)
    mentions = _vote_labels(view, lexicon, mentions) if "vote" not in off else mentions
    mentions = _add_coordinated_names(view, lexicon, mentions) if "coordination" not in off else mentions
    mentions = _label_places(view, lexicon, mentions) if "place" not in off else mentions
    mentions = _label_peoples(view, lexicon, mentions) if "demonym" not in off else mentions
    mentions = _propagate_names(view, lexicon, mentions) if "propagated" not in off else mentions
    mentions = _fix_list_labels(view, mentions) if "list" not in off else mentions
    mentions = _fix_surname_labels(view, mentions) if "surname" not in off else mentions
    mentions = _vote_labels(view, lexicon, mentions) if "vote" not in off else mentions
    if "title" not in off:
        mentions = entity_persons.split_titles(view, lexicon, mentions)
    mentions = [m for m in mentions if not _only_role_words(view, lexicon, m)]
    return _to_table(doc_id, view, mentions)


def _model_candidates(view: _DocView, lexicon: _Lexicon) -> list[_Mention]:
    out = []
    for start, end, label in view.model_entities():
        if label not in NAMED_LABELS:
            continue
        span = _clean_span(view, lexicon, start, end, digits_name=label == "PRODUCT")
        if span:
            out.append(_Mention(*span, label, "model", _MODEL_PRIORITY))
    return out


def _pattern_candidates(view: _DocView, lexicon: _Lexicon) -> list[_Mention]:
    matcher, meta = _matcher_for(view.doc.vocab)
    out = []
    for match_id, start, end, alignment in _anchored_matches(view, matcher, meta["anchors"]):
        info = meta[match_id]
        kept = [start + k for k, pattern_index in enumerate(alignment) if not info["context"][pattern_index]]
        if not kept:
            continue
        s, e = kept[0], kept[-1] + 1
        if info["extend_left"]:
            s = _extend_over_name(view, lexicon, s)
            if not view.text[s][:1].isupper():
                continue  # "city court" with no name before it names no one
        if any(view.in_capitals[k] for k in range(s, e)):
            continue  # in a line written in capitals, case shows no name
        e = _cut_before_role(view, lexicon, s, e)
        if info["id"] == "name_after_org_noun" and lexicon.has("role", view.text[s]):
            continue
        if not _connectors_glued(view, s, e):
            continue
        s = _skip_numbered_event(view, lexicon, s, e)
        span = _clean_span(view, lexicon, s, e, keep_bang=True)
        if span and sum(c.isalpha() for c in view.span_text(*span)) < 2:
            continue  # "group C" names a category, not an organisation
        if span and span[1] - span[0] <= 16:
            out.append(_Mention(*span, info["label"], f"pattern:{info['id']}", info["priority"], info["absorbs"]))
    return out


_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|[IVXLC]+|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|\w+ieth)$", re.IGNORECASE)


def _skip_numbered_event(view: _DocView, lexicon: _Lexicon, start: int, end: int) -> int:
    """"the 18th Congress of the X Party" is a meeting of the party: the
    organisation named is what follows the first "of" ("the 5th Circuit
    Court of Appeals" is no meeting)."""
    if start == 0 or not _ORDINAL.match(view.text[start - 1]) or not lexicon.has("meeting_noun", view.text[start]):
        return start
    for i in range(start, end):
        if view.text[i] == "of":
            return i + 1
    return start


def _acronym_candidates(view: _DocView, lexicon: _Lexicon) -> list[_Mention]:
    """Upper-case words the model left alone ("IFTU", "ALP–CIO"): names of
    organisations unless the word list says otherwise."""
    out = []
    # Only words opening with two capitals can be acronyms: test those alone.
    starts = [k for k, word in enumerate(view.text) if word[1:2].isupper() and word[:1].isupper()]
    end = 0
    for i in starts:
        if i < end:
            continue  # inside the chain just taken
        if (
            not _is_acronym(view.text[i])
            or (view.tag[i] not in _NOUN_TAGS and not _joined_acronym(view, i))  # "THE", "AT" are words in capitals
            or lexicon.has("acronym_stop", view.text[i])
            or _shouting(view, i)
            or view.in_capitals[i]
            or view.ent_type[i] in _AMOUNT_LABELS  # "50 million US dollars" is an amount
            or _in_dateline(view, i)
        ):
            continue
        end = i + 1
        while (
            end + 1 < view.n
            and view.text[end] in _ACRONYM_JOINERS
            and view.glued(end)
            and view.glued(end + 1)
            and view.text[end + 1].isupper()
            and view.text[end + 1].isalnum()
        ):
            end += 2
        label = lexicon.labels.get(("acronym", view.text[i].lower()), "ORG") if end == i + 1 else "ORG"
        # A chain ("ALP–CIO") names one thing, whatever the model made of its parts.
        absorbs = NAMED_LABELS if end > i + 1 else frozenset()
        of_place = _acronym_of_place_end(view, end) if label == "ORG" else end
        if of_place > end:
            out.append(_Mention(i, of_place, "ORG", "acronym", _MODEL_PRIORITY + 5, NAMED_LABELS))
        else:
            out.append(_Mention(i, end, label, "acronym", _ACRONYM_PRIORITY, absorbs))
        end = of_place
    return out


def _acronym_of_place_end(view: _DocView, end: int) -> int:
    """The end of "ACR of (the) <Place>" ("CP of X" names a party of the
    country X), or `end` when no place the model found follows "of"."""
    k = end
    if k + 1 >= view.n or view.text[k] != "of" or view.sent_of[k] != view.sent_of[end - 1]:
        return end
    k += 2 if view.text[k + 1] == "the" else 1
    place_end = k
    while place_end < view.n and view.ent_type[place_end] == "GPE" and view.tag[place_end] in _PROPER_TAGS:
        place_end += 1
    return place_end if place_end > k else end


_NOUN_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS"})
_AMOUNT_LABELS = frozenset({"MONEY", "QUANTITY", "PERCENT", "CARDINAL", "DATE", "TIME"})
_ACRONYM_JOINERS = _DASHES | {"&", "/"}


def _joined_acronym(view: _DocView, i: int) -> bool:
    """Whether an upper-case word is glued to another by "&", "/" or a dash ("AT&T")."""
    return i + 2 < view.n and view.text[i + 1] in _ACRONYM_JOINERS and view.glued(i + 1) and view.glued(i + 2)


def _in_dateline(view: _DocView, i: int) -> bool:
    """News datelines ("ADDIS ABABA, Feb 27 (AFP) -", "ADDIS ABABA 1996-02-27")
    open with a place in capitals followed by a comma, a bracket or the date."""
    first = view.sent_first_token.get(view.sent_of[i])
    if first is None or i - first > 3:
        return False
    k = first
    while k < view.n and view.text[k].isupper() and view.text[k].isalpha():
        k += 1
    return k > i and k < view.n and (view.text[k] in (",", "(", "-", "--", "_") or view.ent_type[k] == "DATE")


def _is_acronym(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper() or not word[1].isupper():
        return False
    letters = [c for c in word if c.isalpha()]
    # Longer words in capitals are words shouted ("TRADING"), not letters spelled out.
    return 2 <= len(letters) <= 6 and len(word) <= 12 and word[0].isalpha() and all(c.isupper() for c in letters) and all(c.isalnum() for c in word)


def _shouting(view: _DocView, i: int) -> bool:
    """A sentence written all in capitals (a headline) says nothing about acronyms."""
    s = view.sent_of[i]
    if s < 0:
        return True
    words = view.doc_text[view.sent_start_chars[s] : view.sent_end_chars[s]]
    letters = [c for c in words if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _cut_before_role(view: _DocView, lexicon: _Lexicon, start: int, end: int) -> int:
    """"X Party of Prime Minister Y" is a party and its leader: the name
    ends before the "of" that introduces a role word."""
    last_of = None
    for i in range(start, end):
        if view.text[i] == "of":
            last_of = i
        elif last_of is not None and lexicon.has("role", view.text[i]) and view.text[i][:1].isupper():
            return last_of
    return end


def _extend_over_name(view: _DocView, lexicon: _Lexicon, start: int) -> int:
    """Move a span's start left over the words of the name it ends
    ("[Communist People's] Party of X"), within the sentence; a connector
    (dash, possessive) only counts when glued to both its neighbours."""
    sentence = view.sent_of[start]
    while start > 0 and view.sent_of[start - 1] == sentence and _NAME_PART.match(view.text[start - 1]):
        word = view.text[start - 1]
        if word.isupper() and len(word) > 6 and not view.text[start].isupper():
            break  # a shouted headline word before a name ("EUROBONDS Bank of X")
        if word in _DASHES and not (view.glued(start) and start > 1 and view.glued(start - 1)):
            break
        if word in _POSSESSIVES and not (view.glued(start - 1) and start > 1):
            break
        if word in _POSSESSIVES and word[-1:] in "sS" and not lexicon.has("collective", view.text[start - 2]):
            break  # "[Owner]'s Alliance of X": an owner is not part of the name, "People's" is
        start -= 1
    while start < view.n and view.text[start] in _GLUED_CONNECTORS:
        start += 1
    return start


_MARKUP_CHARACTERS = frozenset("[]{}|=*#")


def _trim_markup(view: _DocView, start: int, end: int) -> tuple[int, int]:
    """Drop tokens made only of markup characters ("[[", "]]", "==", "|")
    from the edges of a span: a wiki link or heading is not part of a name."""
    while start < end and set(view.text[start]) <= _MARKUP_CHARACTERS:
        start += 1
    while end > start and set(view.text[end - 1]) <= _MARKUP_CHARACTERS:
        end -= 1
    return start, end


def _connectors_glued(view: _DocView, start: int, end: int) -> bool:
    for i in range(start, end):
        word = view.text[i]
        if word in _DASHES and i > start and not (view.glued(i) and i + 1 < view.n and view.glued(i + 1)):
            return False
        if word in _POSSESSIVES and i > start and not view.glued(i):
            return False
    return True


def _clean_span(
    view: _DocView, lexicon: _Lexicon, start: int, end: int, *, keep_bang: bool = False, digits_name: bool = False
) -> tuple[int, int] | None:
    """Cut a span to its first sentence, drop determiners, possessives,
    brackets and quotes at its edges; None when nothing is left (no letter,
    unless `digits_name`: a model number written as a name, "80486")."""
    sentence = view.sent_of[start]
    for i in range(start, end):
        if view.sent_of[i] != sentence or "\n" in view.text[i]:
            end = i
            break
    # An opening bracket or quote never closed inside the span ends it.
    depth_open = None
    for i in range(start, end):
        word = view.text[i]
        if word in ("(", "["):
            depth_open = i if depth_open is None else depth_open
        elif word in (")", "]"):
            if depth_open is None:
                start = i + 1
            else:
                depth_open = None
    if depth_open is not None:
        end = depth_open
    while start < end:
        word = view.text[start]
        if (
            lexicon.has("determiner", word)
            or word in _QUOTES
            or word in _GLUED_CONNECTORS
            or view.text[start].isspace()
            or (view.is_sentence_initial(start) and view.tag[start] in _FUNCTION_TAGS and end - start > 1)
        ):
            start += 1
        else:
            break
    while end > start:
        word = view.text[end - 1]
        if word == "!" and keep_bang and end < view.n and view.text[end][:1].islower() and view.glued(end - 1):
            break  # "the party Forward! which ...": the mark belongs to the name
        if word.lower() in _TRAILING_NOISE or word in _QUOTES or word in _POSSESSIVES or word in _DASHES or word.isspace():
            end -= 1
        else:
            break
    start, end = _trim_markup(view, start, end)
    named_by_digits = digits_name and start < end and view.span_text(start, end).isdigit()
    if start >= end or not (named_by_digits or any(c.isalpha() for c in view.span_text(start, end))):
        return None
    if view.sent_of[start] < 0 or lexicon.has("markup", view.text[start]):
        return None  # "Infobox", a template's name
    return start, end


def _resolve(candidates: list[_Mention]) -> list[_Mention]:
    """Keep non-overlapping spans, stronger evidence first, then longer. A
    pattern span may swallow the model spans it wholly contains when their
    label is one it absorbs ("For a Just X" over the place "X")."""
    accepted: list[_Mention] = []
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


def _replace_overlapping(mentions: list[_Mention], new: _Mention) -> list[_Mention]:
    kept = [m for m in mentions if not (m.start < new.end and new.start < m.end)]
    return sorted(kept + [new], key=lambda m: (m.start, m.end))


# ---------------------------------------------------------------- short forms


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


def _apply_abbreviations(
    view: _DocView, lexicon: _Lexicon, mentions: list[_Mention], infobox: list[dict], title: str
) -> list[_Mention]:
    """Find "Long Form (SF)" and "SF (Long Form)" definitions and the
    infobox's abbreviation field, then mark every bare use of each short
    form (possessive "SF's" included) with the long form's label and name."""
    definitions: dict[str, tuple[str, str]] = {}  # short form -> (label, long form)
    defined_spans: list[_Mention] = []
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
                mentions = _replace_overlapping(mentions, _reach_over(mentions, long_mention))
            long_text = view.span_text(long_mention.start, long_mention.end)
            short = _Mention(i + 1, close, long_mention.label, "abbreviation", _DEFINED_PRIORITY, short_form_of=long_text)
            definitions.setdefault(inner_text, (long_mention.label, long_text))
            defined_spans.append(short)
            mentions = _replace_overlapping(mentions, short)
        elif len(inner_text.split()) >= 2 and i > 0:
            short_start = i - 1
            while short_start >= 2 and view.text[short_start - 1] in _DASHES and view.glued(short_start) and view.glued(short_start - 1):
                short_start -= 2
            short_text = view.span_text(short_start, i)
            long_form = schwartz_hearst_long_form(short_text, inner_text)
            if not _looks_like_short_form(short_text) or long_form != inner_text:
                continue
            inner = next((m for m in mentions if m.start == i + 1 and m.end == close), None)
            label = inner.label if inner else "ORG"
            definitions.setdefault(short_text, (label, inner_text))
            short = _Mention(short_start, i, label, "abbreviation", _DEFINED_PRIORITY, short_form_of=inner_text)
            defined_spans.append(short)
            mentions = _replace_overlapping(mentions, short)
            if inner is None:
                mentions = _replace_overlapping(mentions, _Mention(i + 1, close, label, "abbreviation", _DEFINED_PRIORITY))
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
            mention = _Mention(s, e, label, "infobox", _DEFINED_PRIORITY, short_form_of=title)
            defined_spans.append(mention)
            mentions = _replace_overlapping(mentions, mention)
    if not definitions:
        return mentions
    mentions = _mark_short_forms(view, mentions, definitions, defined_spans)
    return _mark_long_forms(view, mentions, {long: label for label, long in definitions.values() if " " in long})


def _long_form_for(view: _DocView, mentions: list[_Mention], short_form: str, paren: int) -> _Mention | None:
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


def _long_form_before(view: _DocView, short_form: str, paren: int) -> _Mention | None:
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
    first, last = _trim_markup(view, first, paren)
    return _Mention(first, last, "ORG", "abbreviation", _DEFINED_PRIORITY) if first < last else None


def _mark_short_forms(
    view: _DocView, mentions: list[_Mention], definitions: dict[str, tuple[str, str]], defined: list[_Mention]
) -> list[_Mention]:
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
            mentions = _replace_overlapping(
                mentions, _Mention(i, end, label, "abbreviation", _DEFINED_PRIORITY, short_form_of=long_text)
            )
    return mentions


def _reach_over(mentions: list[_Mention], long_mention: _Mention) -> _Mention:
    """A pattern's name that ends inside a defined long form is the longer
    name ("[Board of the League of X] and Y (LXY)"): it reaches over it."""
    reaching_in = [
        m for m in mentions
        if m.start < long_mention.start < m.end < long_mention.end and m.source.startswith("pattern:")
    ]
    if not reaching_in:
        return long_mention
    return replace(reaching_in[0], end=long_mention.end, source="abbreviation")


def _mark_long_forms(view: _DocView, mentions: list[_Mention], long_forms: dict[str, str]) -> list[_Mention]:
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
            found_mention = _Mention(s, e, label, "abbreviation", _DEFINED_PRIORITY)
            mentions = _replace_overlapping(mentions, _reach_over(mentions, found_mention))
    return mentions


def _glued_to_word(view: _DocView, start: int, end: int) -> bool:
    """Whether tokens [start, end) are glued to a word, or through a dash to one."""
    after = end < view.n and view.glued(end) and (
        view.text[end][:1].isalnum()
        or (view.text[end] in _DASHES and end + 1 < view.n and view.glued(end + 1) and view.text[end + 1][:1].isalnum())
    )
    before = start > 0 and view.glued(start) and (
        view.text[start - 1][-1:].isalnum()
        or (view.text[start - 1] in _DASHES and start > 1 and view.glued(start - 1) and view.text[start - 2][-1:].isalnum())
    )
    return bool(after or before)


def _merge_infobox_qualifiers(view: _DocView, mentions: list[_Mention], infobox: list[dict]) -> list[_Mention]:
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
        mentions = _replace_overlapping(mentions, merged)
    return mentions


# ---------------------------------------------------------------- labels


def _fix_labels(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention], off: frozenset[str]) -> list[_Mention]:
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


def _label_places(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention]) -> list[_Mention]:
    """A gazetteer place the model labeled otherwise is a place when the words
    around it agree (see `places`); then every mention of that name in
    the document is, and a capitalised gazetteer name the model missed in a
    place context ("founded in X") is added."""
    places = entity_places.gazetteer(fold_name)
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


def _scored(view: _DocView, m: _Mention) -> bool:
    """A name followed by a score or count ("Leeds 2 Hull 1", "Leeds 12 4 3")
    is a team in a results table, whatever town it is named after."""
    return m.end < view.n and view.tag[m.end] == "CD" and view.sent_of[m.end] == view.sent_of[m.start]


def _merge_place_names(view: _DocView, mentions: list[_Mention], places: dict) -> list[_Mention]:
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
                mentions = _replace_overlapping(mentions, _Mention(i, end, place[0], "place", _ACRONYM_PRIORITY))
            break
    return mentions


def _missed_places(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention], places: dict) -> list[_Mention]:
    """Capitalised gazetteer names no mention covers, standing alone (no
    capitalised neighbour) in a place context."""
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    added = []
    for i in range(view.n):
        if i in covered or view.tag[i] not in _PROPER_TAGS or not view.text[i][:1].isupper():
            continue
        for end in range(min(i + 3, view.n), i, -1):
            if any(k in covered or _named_or_calendar(view, k) or view.sent_of[k] != view.sent_of[i] for k in range(i, end)):
                continue
            if not view.text[end - 1][:1].isalnum():
                continue
            place = places.get(fold_name(view.span_text(i, end)))
            glued_on = end < view.n and view.glued(end) and view.text[end] in _DASHES
            if place is None or _capitalised_neighbour(view, i, end) or glued_on or (end in covered and view.space[end - 1] == " "):
                continue  # a name's first word ("[Dar]-es-Salaam", "[Dar] es Salaam" where the model saw the rest)
            candidate = _Mention(i, end, place[0], "place", _ACRONYM_PRIORITY)
            if entity_places.place_context(view, lexicon, candidate, by_end, by_start):
                added.append(candidate)
                covered.update(range(i, end))
            break
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


_CALENDAR_WORDS = frozenset(
    w.lower() for w in list(calendar.month_name) + list(calendar.month_abbr) + list(calendar.day_name) + list(calendar.day_abbr) if w
)


def _named_or_calendar(view: _DocView, i: int) -> bool:
    """Whether the model gave token i a named type, or it is a month or day
    name ("in March" is no place; a town the model took for a date is)."""
    return view.ent_type[i] in NAMED_LABELS or view.text[i].lower().rstrip(".") in _CALENDAR_WORDS


def _capitalised_neighbour(view: _DocView, start: int, end: int) -> bool:
    """Whether a proper noun of the same sentence stands right before or after [start, end)."""
    before = start > 0 and view.tag[start - 1] in _PROPER_TAGS and view.sent_of[start - 1] == view.sent_of[start]
    after = end < view.n and view.tag[end] in _PROPER_TAGS and view.sent_of[end] == view.sent_of[start]
    return before or after


def _label_peoples(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention]) -> list[_Mention]:
    """A people's word made from a country's name ("Norwegian", "CHILEAN") is
    NORP, and a language's name used as one ("in English and French",
    "(Spanish: ...)") is LANGUAGE; words the model missed are added."""
    places = entity_places.gazetteer(fold_name)
    covered = set()
    out = []
    for m in mentions:
        covered.update(range(m.start, m.end))
        if m.end - m.start != 1 or m.short_form_of:
            out.append(m)
        elif _language_use(view, lexicon, m.start):
            out.append(replace(m, label="LANGUAGE", label_rule="language") if m.label != "LANGUAGE" else m)
        elif m.label not in ("NORP", "LANGUAGE") and entity_places.demonym_place(view.text[m.start], places, fold_name):
            out.append(replace(m, label="NORP", label_rule="demonym"))
        else:
            out.append(m)
    for i in range(view.n):
        word = view.text[i]
        if i in covered or view.ent_type[i] or not word[:1].isupper() or view.tag[i] not in ("JJ", "NNP", "NNPS"):
            continue
        if entity_places.demonym_place(word, places, fold_name):
            label = "LANGUAGE" if _language_use(view, lexicon, i) else "NORP"
            out.append(_Mention(i, i + 1, label, "demonym", _ACRONYM_PRIORITY))
    return sorted(out, key=lambda m: (m.start, m.end))


def _language_use(view: _DocView, lexicon: _Lexicon, i: int) -> bool:
    """Whether the word at i names a language: "(Spanish: ...)", or after
    "in"/"into" ("in English and French") with no noun after it."""
    if not lexicon.has("language", view.text[i]):
        return False
    if 0 < i < view.n - 1 and view.text[i - 1] == "(" and view.text[i + 1] == ":":
        return True
    if i + 1 < view.n and view.tag[i + 1] in _NOUN_TAGS:
        return False
    k = i - 1
    while k > 0 and (view.text[k] in (",", "and", "or") or lexicon.has("language", view.text[k])):
        k -= 1
    return k >= 0 and k < i - 0 and view.text[k].lower() in ("in", "into")


def _label_after_org_noun(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention]) -> list[_Mention]:
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


def _join_names_across_and(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention]) -> list[_Mention]:
    """One name with an internal "and" that the model cut in two: "[Ministry
    of Fisheries] and [Forestry]" (an organisation "of" something, and a
    second thing with no head noun of its own), or "Trade and [Shipping
    Board]", "Miners' and [Builders' Union]" (capitalised words joined to a
    name that ends in an organisation's head noun)."""
    by_start = {m.start: m for m in mentions}
    out: list[_Mention] = []
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


def _joined_tail(view: _DocView, lexicon: _Lexicon, m: _Mention, by_start: dict[int, _Mention]) -> int:
    words = view.text[m.start : m.end]
    if "of" not in words and "for" not in words:
        return m.end
    if not any(lexicon.has("org_head", w) and w[:1].isupper() for w in words):
        return m.end
    place = entity_places.gazetteer(fold_name).get(fold_name(view.text[m.end - 1]), ("", ""))
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
            end < view.n and _NAME_PART.match(view.text[end]) and view.text[end][:1].isupper()
            and view.sent_of[end] == view.sent_of[k] and not view.ent_type[end]
        ):
            end += 1
        tail_words = view.text[k:end]
    if not tail_words or any(lexicon.has("org_head", w) or lexicon.has("gpe_head", w) for w in tail_words):
        return m.end
    return end


def _joined_head(view: _DocView, lexicon: _Lexicon, m: _Mention) -> int:
    """Start of "Word and [Name Head]" / "Words' and [Names' Head]"."""
    if m.label != "ORG" or m.start < 2 or view.text[m.start - 1] not in ("and", "&"):
        return m.start
    if not lexicon.has("org_head", view.text[m.end - 1]) or not view.text[m.start][:1].isupper():
        return m.start
    k = m.start - 2
    if view.text[k] in _POSSESSIVES and view.glued(k):
        if not view.text[m.start + 1 : m.start + 2] or view.text[m.start + 1] not in _POSSESSIVES:
            return m.start  # "Miners' and Builders' Union": both possessive, or neither
        k -= 1
    if k < 0 or view.ent_type[k] or not view.text[k][:1].isupper() or not view.text[k].isalpha() or view.is_sentence_initial(k) and view.tag[k] in _FUNCTION_TAGS:
        return m.start
    if view.sent_of[k] != view.sent_of[m.start] or lexicon.has("determiner", view.text[k]):
        return m.start
    return k


def _covering(mentions: list[_Mention], token: int) -> _Mention | None:
    return next((m for m in mentions if m.start <= token < m.end), None)


def _add_coordinated_names(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention]) -> list[_Mention]:
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
        if covered[i] or view.tag[i] not in _PROPER_TAGS or not view.text[i][:1].isupper() or view.ent_type[i]:
            i += 1
            continue
        end = i + 1
        while end < view.n and not covered[end] and view.tag[end] in _PROPER_TAGS and not view.ent_type[end] and view.sent_of[end] == view.sent_of[i]:
            end += 1
        root = next((k for k in range(i, end) if not (i <= view.head[k] < end)), end - 1)
        partner = _covering(mentions, view.head[root]) if view.dep[root] == "conj" else None
        if partner is not None and not all(lexicon.has("role", view.text[k]) for k in range(i, end)):
            span = _clean_span(view, lexicon, i, end)
            if span:
                added.append(_Mention(*span, partner.label, "coordination", _ACRONYM_PRIORITY))
        i = end
    relabeled = []
    for m in mentions:
        if m.label == "PERSON" and m.end - m.start == 1 and view.dep[m.start] == "conj" and m.source in _WEAK_SOURCES:
            partner = _covering(mentions, view.head[m.start])
            if partner is not None and partner.label in ("ORG", "GPE"):
                m = replace(m, label=partner.label, label_rule="coordination")
        relabeled.append(m)
    return sorted(relabeled + added, key=lambda m: (m.start, m.end))


def _propagate_names(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention]) -> list[_Mention]:
    """A name recognised in the text is the same name where else it occurs
    as a proper noun ("- Country: X" after "X" was found in a paragraph).
    Only names with settled evidence spread: recognised at least twice with
    one label, or by a pattern or definition, never a lone title word."""
    labels_of: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    strong: set[tuple[str, ...]] = set()
    for m in mentions:
        words = tuple(view.text[m.start : m.end])
        labels_of[words][m.label] += 1
        if m.source not in _WEAK_SOURCES:
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
            if view.sent_of[end - 1] != view.sent_of[i] or view.tag[end - 1] not in _PROPER_TAGS:
                continue
            added.append(_Mention(i, end, label, "propagated", _ACRONYM_PRIORITY))
            for k in range(i, end):
                covered[k] = True
            break
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def _fix_list_labels(view: _DocView, mentions: list[_Mention]) -> list[_Mention]:
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


def _fix_surname_labels(view: _DocView, mentions: list[_Mention]) -> list[_Mention]:
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
            and not m.short_form_of and m.source in _WEAK_SOURCES
            and not (m.label in ("GPE", "LOC") and fold_name(text) in entity_places.gazetteer(fold_name))
        ):
            m = replace(m, label="PERSON", label_rule="surname")
        out.append(m)
    covered = set()
    for m in out:
        covered.update(range(m.start, m.end))
    for i in range(view.n):
        word = view.text[i]
        if (
            i not in covered and word in surnames and view.tag[i] == "NNP" and not view.ent_type[i] and not word.isupper()
            and fold_name(word) not in entity_places.gazetteer(fold_name)
        ):
            out.append(_Mention(i, i + 1, "PERSON", "surname", _ACRONYM_PRIORITY))
    return sorted(out, key=lambda m: (m.start, m.end))


def _vote_labels(view: _DocView, lexicon: _Lexicon, mentions: list[_Mention]) -> list[_Mention]:
    """One name, one label within a document: the label with the strongest
    evidence wins (defined short forms and patterns over the model), and on
    a tie the first mention's."""
    keys = [fold_name(view.span_text(m.start, m.end)) for m in mentions]
    votes: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, str] = {}
    for m, key in zip(mentions, keys):
        weight = _SOURCE_WEIGHT.get(m.source, 3)
        votes[key][m.label] += max(weight, 5) if m.label_rule in _EVIDENCE_RULES else weight
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


def _only_role_words(view: _DocView, lexicon: _Lexicon, m: _Mention) -> bool:
    words = [w for w in view.text[m.start : m.end] if any(c.isalnum() for c in w)]
    # Roles and honorifics only: many titles are surnames too ("Ritter", "Bishop").
    return all(lexicon.has("role", w) or lexicon.has("honorific", w.rstrip(".")) or (w.isdigit() and m.label != "PRODUCT") for w in words)


def _to_table(doc_id: str, view: _DocView, mentions: list[_Mention]) -> pd.DataFrame:
    columns: dict[str, list] = {name: [] for name in MENTION_COLUMNS}
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        start, end = view.char_span(m.start, m.end)
        sentence = view.sent_of[m.start]
        columns["doc_id"].append(doc_id)
        columns["sent_id"].append(view.sent_ids[sentence] if sentence >= 0 else -1)
        columns["start"].append(start)
        columns["end"].append(end)
        columns["text"].append(view.doc_text[start:end])
        columns["label"].append(m.label)
        columns["source"].append(f"{m.source}+{m.label_rule}" if m.label_rule else m.source)
        columns["short_form_of"].append(m.short_form_of)
        columns["title"].append(m.title)
    arrays = {name: typed_array(values) for name, values in columns.items()} if mentions else {}
    if not arrays or any(array is None for array in arrays.values()):
        return pd.DataFrame(columns, columns=MENTION_COLUMNS)
    return pd.DataFrame(arrays, copy=False)


# ---------------------------------------------------------------- identity


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """The comparison key of a name: case, diacritics, transliteration
    variants (dotless ı, ø, ß ...), apostrophes, dash kinds, a leading
    "the" and a trailing possessive do not count."""
    lexicon = _lexicon()
    folded = unicodedata.normalize("NFKD", text.translate(lexicon.fold_table))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).translate(lexicon.fold_table)
    folded = folded.lower()
    folded = re.sub(r"'s\b|'$", "", folded) if folded.endswith(("'s", "'")) else folded
    folded = folded.replace("'", "")
    folded = re.sub(r"\s*-\s*", "-", folded)
    folded = re.sub(r"[^\w!&.-]+", " ", folded).strip()
    return re.sub(r"^the ", "", folded)


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
        if column not in table:
            table[column] = ""
    table["source"] = table["source"].fillna("").astype(str)
    table["short_form_of"] = table["short_form_of"].fillna("").astype(str)
    table["title"] = table["title"].fillna("").astype(str)
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
        base = f"{node[0]}:{_slug(fold_name(canonical_of[node]))}"
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
    declared = entity_links.declared_names(aliases, fold_name)
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
        table["label"].tolist(), keys, entity_links.alias_map(aliases, fold_name)
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
    nodes = [alias if alias is not None else node for alias, node in zip(alias_nodes, nodes)]
    return labels, nodes


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
