"""Stance: who is for or against what, with the words that show it.

In (per document): the parsed `Doc`, its sentences table (doc_id, sent_id,
start, end, text, ...), its entity mentions (doc_id, sent_id, start, end,
text, label) and the document's author, genre and title.
Out: `find_stances` returns one row per (holder, target, cue) with columns
  doc_id, sent_id, start, end        the sentence
  holder, holder_start, holder_end   who holds the stance (offsets NA when the
                                     holder is the author named only in metadata)
  holder_kind                        entity / other (a phrase such as "party leaders")
  target, target_start, target_end   what it is about; an event target is named
                                     "<event> of <party>" ("ban of X")
  target_kind                        entity / event / other
  target_party, target_party_start, target_party_end
                                     the party an event or a coreferent noun was
                                     resolved to, and where it was found
  stance                             FAVOR / AGAINST / NONE
  cue, cue_start, cue_end            the word(s) that carry the stance
  negated, confidence, rule, evidence (the sentence text)

At corpus level `resolve` links holders and targets to entity ids (adding
holder_id, target_id, holder_text, target_text) and `summarise` counts
stances per (holder, target).

How it works: cue words are found by a set lookup of lemmas from
`data/stance_cues.csv` (multiword cues and slogans with a `Matcher`); from
each cue a short walk over the dependency parse finds the holder (subject,
passive agent, possessor, the subject of a governing demand or reporting
verb, or the document's author for first person, imperatives and slogans)
and the target (object, prepositional object, the noun an evaluation is
about). Nouns that name events, refer back to them, or pass the stance on to
their complement are listed in `data/stance_targets.csv`; closed-class word
lists and genre settings live in `data/stance_settings.toml`.
"""

from __future__ import annotations

import bisect
import csv
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from pandas.arrays import IntegerArray
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from pipeline.config import PACKAGE_DATA
from pipeline.tables import typed_array

STANCE_COLUMNS = [
    "doc_id", "sent_id", "start", "end",
    "holder", "holder_start", "holder_end", "holder_kind",
    "target", "target_start", "target_end", "target_kind",
    "target_party", "target_party_start", "target_party_end",
    "stance", "cue", "cue_start", "cue_end",
    "negated", "confidence", "rule", "evidence",
]
RESOLVED_COLUMNS = STANCE_COLUMNS[:4] + [
    "holder", "holder_id", "holder_text", "holder_start", "holder_end", "holder_kind",
    "target", "target_id", "target_text", "target_start", "target_end", "target_kind",
    "target_party", "target_party_start", "target_party_end",
    "stance", "cue", "cue_start", "cue_end", "negated", "confidence", "rule", "evidence",
]
SUMMARY_COLUMNS = ["holder", "target", "favor", "against", "none", "documents"]
_OFFSET_COLUMNS = ["holder_start", "holder_end", "target_start", "target_end",
                   "target_party_start", "target_party_end", "cue_start", "cue_end"]

CUES_FILE = PACKAGE_DATA / "stance_cues.csv"
TARGETS_FILE = PACKAGE_DATA / "stance_targets.csv"
SETTINGS_FILE = PACKAGE_DATA / "stance_settings.toml"

# How much each way of finding a holder or target is trusted, multiplied
# into the cue's own confidence.
_RULE_WEIGHT = {
    "verb_active": 1.0,
    "verb_passive": 0.95,
    "noun": 0.95,
    "demand_undo": 1.0,
    "imperative_undo": 0.9,
    "modal_undo": 0.8,
    "evaluation_reported": 0.9,
    "evaluation_author": 0.8,
    "slogan": 1.0,
    "no_statement": 1.0,
}
_LIST_WEIGHT = 0.9  # a holder found by reading a list the parser did not coordinate
_COREFERENCE_WEIGHT = 0.9
_TRANSFER_WEIGHT = 0.95

_APOSTROPHES = {"'", "’", "ʼ"}
_HYPHENS = {"-", "‐", "–"}
_LEFT_MODIFIERS = {"compound", "amod", "nmod", "poss", "case", "nummod", "npadvmod"}
_CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "parataxis", "pcomp"}
_QUOTE_OPEN, _QUOTE_CLOSE, _QUOTE_TOGGLE = set("“«„"), set("”»"), set('"')


# ---------------------------------------------------------------- knowledge


@dataclass(frozen=True)
class Cue:
    """One lexicon row: a word or phrase and how it expresses stance."""

    lemma: str
    pos: str  # VERB, NOUN, ADJ, PHRASE, SLOGAN
    polarity: str  # FAVOR, AGAINST, NONE, or empty for governors
    frame: str  # verb, noun, evaluative, undo, demand, reporting, negator, expression, slogan
    preps: tuple[str, ...]  # prepositions introducing the target; "obj" = direct object
    confidence: float

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


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """Read the cue lexicon, the target nouns and the settings once."""
    cues: dict[str, list[Cue]] = {}
    phrases: list[Cue] = []
    with open(CUES_FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            cue = Cue(
                lemma=row["lemma"].strip().lower(),
                pos=row["pos"].strip().upper(),
                polarity=row["polarity"].strip().upper(),
                frame=row["frame"].strip().lower(),
                preps=_split(row.get("prep", "")),
                confidence=float(row.get("confidence") or 0.7),
            )
            if " " in cue.lemma or cue.pos in ("PHRASE", "SLOGAN"):
                phrases.append(cue)
            else:
                cues.setdefault(cue.lemma, []).append(cue)
    targets: dict[tuple[str, str], TargetWord] = {}
    with open(TARGETS_FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
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


# ---------------------------------------------------------------- document context


@dataclass(frozen=True)
class Argument:
    """A holder or target: display name, surface span and how it was found."""

    name: str
    start: int | None
    end: int | None
    kind: str = "other"  # entity, event, other
    party: str = ""
    party_start: int | None = None
    party_end: int | None = None
    weight: float = 1.0
    via_author: bool = False


@dataclass
class _Event:
    token_i: int
    sent_start: int
    name: str
    party: Argument | None


@dataclass
class _Context:
    doc: Doc
    knowledge: Knowledge
    author: Argument | None
    author_voice: bool
    focus: Argument | None
    mention_starts: list[int] = field(default_factory=list)
    mention_ends: list[int] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    text: str = ""  # `Doc.text` joins every token each time it is read

    @property
    def syntax(self) -> dict:
        return self.knowledge.settings["syntax"]

    def sentence(self, token: Token) -> Span:
        """The token's sentence, found by bisection (`Token.sent` walks the
        whole document every time it is asked)."""
        at = bisect.bisect_right(self.sentence_starts, token.i) - 1
        start = self.sentence_starts[at] if at >= 0 else 0
        end = self.sentence_starts[at + 1] if at + 1 < len(self.sentence_starts) else len(self.doc)
        return self.doc[start:end]


def _author_argument(author: str, genre: str, title: str, text: str, sentences: pd.DataFrame,
                     settings: dict) -> Argument | None:
    """The document's author: metadata first, then a statement title
    ("Statement of the X"), then a short signature block at the end."""
    name = (author or "").strip()
    reporting = genre.strip().lower() in settings["reporting_genres"]
    if not name and title and not reporting:
        words = "|".join(re.escape(word) for word in sorted(settings["title_words"], key=len, reverse=True))
        match = re.match(rf"^\s*(?:{words})\s+(?:of|by|from)\s+(?:the\s+)?(?P<author>.+?)\s*$", title, re.IGNORECASE)
        if match:
            name = match.group("author")
    if not name and not reporting and len(sentences):
        # The last sentence, read from plain lists: sorting the table for one row costs more than the rest.
        starts = sentences["start"].tolist()
        last = max(range(len(starts)), key=starts.__getitem__)
        last_text = str(sentences["text"].iloc[last])
        kind = sentences["block_kind"].iloc[last] if "block_kind" in sentences else "paragraph"
        words = last_text.split()
        is_block = kind in ("paragraph", "title")
        if is_block and 0 < len(words) <= settings["signature_max_words"] and not last_text.rstrip().endswith(("!", "?", ".", ":")) \
                and sum(word[:1].isupper() for word in words) >= max(1, len(words) // 2):
            name = last_text.strip()
    if not name:
        return None
    at = text.rfind(name)
    if at < 0:
        return Argument(name, None, None, "entity", via_author=True)
    return Argument(name, at, at + len(name), "entity", via_author=True)


def _title_focus(title: str, author: Argument | None, text: str) -> Argument | None:
    """The party a document is about, when its title is a name (an
    encyclopedia article's title), not a statement's or a headline."""
    title = (title or "").strip()
    if not title or (author and author.name.lower() in title.lower()):
        return None
    words = re.findall(r"[\w'’.-]+", title)
    small = {"of", "the", "and", "in", "for", "de", "a"}
    if not words or len(words) > 10 or not all(word[:1].isupper() or word.lower() in small for word in words):
        return None
    at = text.find(title)
    return Argument(title, at if at >= 0 else None, at + len(title) if at >= 0 else None, "entity")


# ---------------------------------------------------------------- public


def find_stances(
    doc_id: str,
    doc: Doc,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    author: str = "",
    genre: str = "",
    title: str = "",
) -> pd.DataFrame:
    """Stances expressed in one document.

    Args:
        doc_id: the document's id.
        doc: its parse (token offsets are document offsets).
        sentences: this document's rows of the sentences table.
        mentions: this document's entity mentions (start, end, label used).
        author: the author from metadata, if known.
        genre: the genre from metadata (statement, news, encyclopedia, ...).
        title: the document's title.

    Returns:
        A table with `STANCE_COLUMNS`, sorted by sentence and cue position.
    """
    knowledge = load_knowledge()
    settings = knowledge.settings
    text = doc.text
    author_arg = _author_argument(author, genre, title, text, sentences, settings["author"])
    genre_key = genre.strip().lower()
    author_voice = author_arg is not None and (
        genre_key in settings["author"]["voice_genres"] or genre_key not in settings["author"]["reporting_genres"]
    )
    context = _Context(doc, knowledge, author_arg, author_voice, _title_focus(title, author_arg, text), text=text)
    if len(mentions):
        spans = sorted(zip(mentions["start"].tolist(), mentions["end"].tolist()))
        context.mention_starts = [int(start) for start, _ in spans]
        context.mention_ends = [int(end) for _, end in spans]
    if len(doc):
        context.sentence_starts = np.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
        if not context.sentence_starts or context.sentence_starts[0] != 0:
            context.sentence_starts.insert(0, 0)
    context.events = _collect_events(context)

    rows: list[dict] = []
    for token, cue in _single_word_cues(doc, knowledge):
        rows.extend(_rows_for_cue(context, token, cue, token, token))
    for cue, span in _phrase_cues(doc, knowledge):
        rows.extend(_rows_for_cue(context, span[-1], cue, span[0], span[-1]))
    return _table(doc_id, rows, sentences)


def resolve(stances_all: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Link holders and targets to entities across the corpus.

    Adds holder_id / target_id (the entity_id of the entity mention that
    overlaps the holder / target span most), keeps the surface text in
    holder_text / target_text and shows the entity's canonical name as
    holder / target when the mention covers most of the span (or the span is
    a phrase around a name, as in "LPS delegation"). The party inside an
    event name is canonicalised the same way. Works with an empty table.
    """
    table = stances_all.copy()
    table["holder_text"] = table["holder"] if "holder" in table else pd.Series(dtype=str)
    table["target_text"] = table["target"] if "target" in table else pd.Series(dtype=str)
    table["holder_id"] = ""
    table["target_id"] = ""
    needed = {"doc_id", "start", "end", "entity_id", "canonical"}
    if len(table) and len(entities) and needed <= set(entities.columns):
        spans = _entity_spans(entities)
        holder_names, holder_ids, target_names, target_ids = [], [], [], []
        for row in table.to_dict("records"):
            doc_spans = spans.get(row["doc_id"], [])
            holder = _link(doc_spans, row["holder_start"], row["holder_end"], row["holder_kind"] != "entity")
            if holder is None and pd.isna(row["holder_start"]):
                holder = _link_author(entities, row["holder"])
            holder_ids.append(holder[0] if holder else "")
            holder_names.append(holder[1] if holder else row["holder"])
            party = _link(doc_spans, row["target_party_start"], row["target_party_end"], False)
            name, entity_id = row["target"], ""
            if row["target_kind"] == "event":
                if party is not None and row["target_party"]:
                    name = _replace_party(name, row["target_party"], party[1])
            else:
                target = _link(doc_spans, row["target_start"], row["target_end"], row["target_kind"] != "entity")
                if target is None and row["target_party"]:  # a coreferent noun: "the party"
                    target = party
                if target is not None:
                    entity_id, name = target
            target_names.append(name)
            target_ids.append(entity_id)
        table["holder"], table["holder_id"] = holder_names, holder_ids
        table["target"], table["target_id"] = target_names, target_ids
    for column in RESOLVED_COLUMNS:
        if column not in table:
            table[column] = pd.Series(dtype=object)
    return table[RESOLVED_COLUMNS].reset_index(drop=True)


def summarise(stances: pd.DataFrame) -> pd.DataFrame:
    """Count stances per (holder, target): favor, against, none, documents.

    A sentence that states the same stance twice (two cues) counts once.
    """
    if not len(stances):
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    unique = stances.drop_duplicates(["doc_id", "sent_id", "holder", "target", "stance"])
    rows = []
    for (holder, target), group in unique.groupby(["holder", "target"], sort=True):
        counts = group["stance"].value_counts()
        rows.append(dict(
            holder=holder, target=target,
            favor=int(counts.get("FAVOR", 0)), against=int(counts.get("AGAINST", 0)), none=int(counts.get("NONE", 0)),
            documents=int(group["doc_id"].nunique()),
        ))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


# ---------------------------------------------------------------- finding cues


def _single_word_cues(doc: Doc, knowledge: Knowledge):
    """(token, Cue) for tokens whose lemma (or lower form) is a cue, with the
    lexicon row chosen by the token's part of speech."""
    if not len(doc):
        return
    array = doc.to_array([LEMMA, LOWER])
    hits = np.flatnonzero(np.isin(array[:, 0], knowledge.cue_hashes) | np.isin(array[:, 1], knowledge.cue_hashes))
    for i in hits:
        token = doc[int(i)]
        rows = knowledge.cues.get(token.lemma_.lower()) or knowledge.cues.get(token.lower_, ())
        pos = _pos(token)
        for cue in rows:
            if cue.pos == pos:
                yield token, cue


def _phrase_cues(doc: Doc, knowledge: Knowledge):
    """(Cue, Span) for multiword cues: candidates by a lookup of their first
    word, then the following words compared (cheaper than a Matcher pass
    over every token for a few dozen short phrases)."""
    if not knowledge.phrases or not len(doc):
        return
    lower = doc.to_array([LOWER])
    for i in np.flatnonzero(np.isin(lower, knowledge.phrase_hashes)):
        i = int(i)
        for cue, words in knowledge.phrase_words.get(doc[i].lower_, ()):
            end = i + len(words)
            if end <= len(doc) and all(doc[i + k].lower_ == word for k, word in enumerate(words)):
                yield cue, doc[i:end]


def _pos(token: Token) -> str:
    """Coarse part of speech, trusting structure over the tagger: a noun with
    a subject is a verb ("The League protests against ...")."""
    if token.pos_ in ("VERB", "AUX"):
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        if any(child.dep_ in ("nsubj", "nsubjpass") for child in token.children):
            return "VERB"
        return "NOUN"
    if token.pos_ == "ADJ":
        return "ADJ"
    return token.pos_


def _rows_for_cue(context: _Context, token: Token, cue: Cue, first: Token, last: Token) -> list[dict]:
    frame = cue.frame
    if frame == "verb":
        found = _verb_stances(context, token, cue)
    elif frame == "noun":
        found = _noun_stances(context, token, cue)
    elif frame == "evaluative":
        found = _evaluative_stances(context, token, cue)
    elif frame == "undo":
        found = _undo_stances(context, token, cue)
    elif frame == "expression":
        found = _expression_stances(context, token, cue)
    elif frame == "slogan":
        found = _slogan_stances(context, first, last, cue)
    else:  # governors (demand, reporting, negator) carry no stance of their own
        return []
    rows = []
    cue_start, cue_end = first.idx, last.idx + len(last.text)
    for holder, target, stance, rule, negated in found:
        if not holder.name or not target.name or holder.name == target.name:
            continue
        rows.append(dict(
            sent_start=context.sentence(token).start_char,
            holder=holder.name, holder_start=holder.start, holder_end=holder.end,
            holder_kind="entity" if holder.kind == "entity" else "other",
            target=target.name, target_start=target.start, target_end=target.end, target_kind=target.kind,
            target_party=target.party, target_party_start=target.party_start, target_party_end=target.party_end,
            stance="NONE" if negated else stance,
            cue=context.text[cue_start:cue_end], cue_start=cue_start, cue_end=cue_end,
            negated=negated,
            confidence=round(cue.confidence * _RULE_WEIGHT.get(rule, 1.0) * holder.weight * target.weight, 2),
            rule=rule + ("+author" if holder.via_author and rule not in ("slogan", "evaluation_author") else ""),
        ))
    return rows


# ---------------------------------------------------------------- frames


def _verb_stances(context: _Context, verb: Token, cue: Cue):
    """Active "X condemned Y", passive "Y was condemned by X", with a
    preposition "X protested against Y"."""
    passive = _is_passive(verb) or (verb.tag_ == "VBN" and verb.dep_ == "acl")
    if passive:
        if not cue.takes_object:
            return []
        holder_tokens = _agents(verb)
        target_tokens = _passive_subjects(verb)
        rule = "verb_passive"
        pairs = [(t, cue.polarity) for t in target_tokens]
    else:
        holder_tokens = _subjects(verb)
        rule = "verb_active"
        pairs = []
        if cue.takes_object:
            pairs = [(t, cue.polarity) for t in verb.children if t.dep_ in ("dobj", "obj")]
        if not pairs:
            pairs = _prep_targets(context, verb, cue)
    if not pairs:
        return []
    negated = _negated(context, verb)
    holders = _expand_holders(context, holder_tokens)
    return _combine(context, holders, pairs, rule, negated)


def _noun_stances(context: _Context, noun: Token, cue: Cue):
    """"solidarity with Y", "condemnation of Y": the holder is the possessor
    or the subject of the verb the noun depends on ("X expressed support for Y",
    "X stands in solidarity with Y")."""
    pairs = _prep_targets(context, noun, cue)
    governor = _governing_verb(noun)
    if not pairs and governor is not None:
        pairs = _prep_targets(context, governor, cue, exclude=noun)
    if not pairs:
        return []
    holder_tokens = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    holder_tokens += [pobj for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for pobj in _pobjs(c)]
    if not holder_tokens and governor is not None:
        holder_tokens = _agents(governor) if _is_passive(governor) else _subjects(governor)
    if not holder_tokens:
        holder_tokens = [c for c in noun.children if c.dep_ == "poss"]  # first person: "our solidarity"
    negated = _negated(context, noun) or (governor is not None and _negated(context, governor))
    return _combine(context, _expand_holders(context, holder_tokens), pairs, "noun", negated)


def _evaluative_stances(context: _Context, word: Token, cue: Cue):
    """"the illegal ban" / "the ban is illegal" / "called the ban a farce":
    the evaluation's holder is whoever reports it, else the author."""
    if _in_quotes(context, word):
        return []
    target_token = _evaluated(context, word)
    if target_token is None:
        return []
    clause = target_token
    while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
        clause = clause.head
    if clause.pos_ not in ("VERB", "AUX"):
        clause = None
    holder, rule = None, ""
    step = clause
    for _ in range(4):
        if step is None:
            break
        cues = _cues_of(context, step)
        if any(c.frame in ("verb", "noun") for c in cues):
            return []  # "denounced as politically motivated": the verb's own row says it
        if any(c.frame == "reporting" for c in cues) and (step != clause or word.dep_ in ("oprd", "pobj", "amod", "dobj") or target_token.head == step):
            subjects = _agents(step) if _is_passive(step) else _subjects(step)
            if subjects:
                holder, rule = subjects, "evaluation_reported"
                break
        if step.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or step.head == step:
            break
        step = step.head
    if holder is None:
        if not (context.author_voice and context.author):
            return []
        holders, rule = [context.author], "evaluation_author"
    else:
        holders = _expand_holders(context, holder)
    negated = _negated(context, word) or (clause is not None and word.dep_ in ("acomp", "attr") and _negated(context, clause))
    return _combine(context, holders, [(target_token, cue.polarity)], rule, negated)


def _undo_stances(context: _Context, word: Token, cue: Cue):
    """"demands that the court cancel the ruling" is against the ruling;
    so is "Cancel the ruling!" or "the court must cancel the ruling" in a
    statement."""
    if _pos(word) == "VERB":
        objects = [c for c in word.children if c.dep_ in ("dobj", "obj")] or (
            _passive_subjects(word) if _is_passive(word) else [])
    else:
        objects = [p for c in word.children if c.dep_ == "prep" and c.lower_ in cue.preps for p in _pobjs(c)]
    if not objects:
        return []
    demand = _demand_governor(context, word)
    negated = _negated(context, word)
    if demand is not None:
        holders = _expand_holders(context, _agents(demand) if _is_passive(demand) else _subjects(demand))
        rule = "demand_undo"
        negated = negated or _negated(context, demand)
    elif context.author_voice and context.author and _pos(word) == "VERB" and not _in_quotes(context, word):
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children)
        modals = set(context.syntax["demand_modals"])
        if word.dep_ == "ROOT" and word.tag_ == "VB" and not has_subject:
            rule = "imperative_undo"
        elif any(c.dep_ == "aux" and c.lower_ in modals for c in word.children):
            rule = "modal_undo"
        else:
            return []
        holders = [context.author]
    else:
        return []
    return _combine(context, holders, [(o, cue.polarity) for o in objects], rule, negated)


def _expression_stances(context: _Context, word: Token, cue: Cue):
    """"X released no statement on Y", "X declined to comment on Y": no stance."""
    if not _negated(context, word):
        return []
    pairs = [(t, "NONE") for t, _ in _prep_targets(context, word, cue)]
    governor = _governing_verb(word) if _pos(word) == "NOUN" else None
    if not pairs and governor is not None:
        pairs = [(t, "NONE") for t, _ in _prep_targets(context, governor, cue, exclude=word)]
    if not pairs:
        return []
    if _pos(word) == "VERB":
        holder_tokens = _subjects(word)
    else:
        holder_tokens = _subjects(governor) if governor is not None else []
    return _combine(context, _expand_holders(context, holder_tokens), pairs, "no_statement", True)


def _slogan_stances(context: _Context, first: Token, last: Token, cue: Cue):
    """"Hands off X!", "Down with X!" opening a short sentence of a statement."""
    if not (context.author_voice and context.author):
        return []
    sent = context.sentence(first)
    opening = sent.start
    while opening < first.i and (context.doc[opening].is_punct or context.doc[opening].is_space):
        opening += 1
    if opening != first.i or len(sent) > 25:
        return []
    closing = [t for t in sent if not t.is_space]
    if not closing or (closing[-1].text != "!" and _sentence_count_in_line(context, sent) > 1):
        return []
    rest = [t for t in sent if t.i > last.i and not t.is_punct and not t.is_space]
    heads = [t for t in rest if not (last.i < t.head.i <= rest[-1].i) or t.head == t]
    if not heads:
        return []
    return _combine(context, [context.author], [(heads[0], cue.polarity)], "slogan", False)


# ---------------------------------------------------------------- syntax helpers


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def _subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The subject of a verb, following coordination ("A formed X and
    supported Y"), control ("started accusing") and participles ("despite
    having protested ..., X released")."""
    found = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if found or depth > 4 or verb.head == verb:
        return found
    head = verb.head
    if verb.dep_ == "conj" and not _is_passive(head):
        return _subjects(head, depth + 1)
    if verb.dep_ == "xcomp":
        return _subjects(head, depth + 1)
    if verb.dep_ == "advcl" and not any(c.dep_ == "mark" for c in verb.children):
        return _subjects(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head != head:
        return _subjects(head.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        return [head]
    return []


def _passive_subjects(verb: Token, depth: int = 0) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
    if found or depth > 4:
        return found
    if verb.dep_ == "conj" and verb.head != verb:
        return _passive_subjects(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    return []


def _agents(verb: Token) -> list[Token]:
    """The by-phrase of a passive, looked for inside the verb's own clause
    (the parser sometimes hangs it on a modifier: "denounced as politically
    motivated by X"); a coordinated passive may share it."""
    queue, seen = [(verb, 0)], set()
    while queue:
        token, depth = queue.pop(0)
        for child in token.children:
            if child.i in seen:
                continue
            seen.add(child.i)
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and token == verb):
                objects = _pobjs(child)
                if objects:
                    return objects
            if depth < 3 and child.dep_ not in _CLAUSE_DEPS:
                queue.append((child, depth + 1))
    for child in verb.children:
        if child.dep_ == "conj" and _is_passive(child):
            return _agents(child)
    return []


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _governing_verb(noun: Token) -> Token | None:
    """The verb a cue noun is the object of ("expressed support", "stands in
    solidarity"); a noun that is itself the subject has none."""
    if noun.dep_ not in ("dobj", "obj", "pobj", "attr", "oprd"):
        return None
    head = noun.head
    if noun.dep_ == "pobj":
        if head.lower_ != "in":  # "stands in solidarity", "voted in support of"; not "since protests"
            return None
        head = head.head
    if head == noun:
        return None
    return head if _pos(head) == "VERB" else None


def _prep_targets(context: _Context, head: Token, cue: Cue, exclude: Token | None = None) -> list[tuple[Token, str]]:
    """Objects of the cue's prepositions under `head`; "against" always opposes.
    A later "and against Z" in the same clause is read as a second target even
    when the parser attached it elsewhere."""
    opposing = set(context.syntax["opposing_prepositions"])
    pairs = []
    for child in head.children:
        if child.dep_ != "prep" or (exclude is not None and exclude in child.subtree):
            continue
        lemma = child.lower_
        if lemma in cue.preps or lemma in opposing and cue.polarity in ("FAVOR", "AGAINST"):
            polarity = "AGAINST" if lemma in opposing else cue.polarity
            pairs.extend((p, polarity) for p in _pobjs(child))
    if pairs and cue.polarity == "FAVOR":
        last = max(t.i for t, _ in pairs)
        clause = _clause_root(head)
        seen = {t.i for t, _ in pairs}
        for token in clause.subtree:
            if token.i > last and token.lower_ in opposing and token.dep_ in ("prep", "conj") and token.pos_ == "ADP" \
                    and token.i > 0 and context.doc[token.i - 1].lower_ in ("and", "but", ","):
                pairs.extend((p, "AGAINST") for p in _pobjs(token) if p.i not in seen)
    return pairs


def _clause_root(token: Token) -> Token:
    while token.pos_ not in ("VERB", "AUX") and _pos(token) != "VERB" and token.head != token:
        token = token.head
    return token


def _cues_of(context: _Context, token: Token) -> tuple[Cue, ...]:
    rows = context.knowledge.cues.get(token.lemma_.lower(), ())
    pos = _pos(token)
    return tuple(cue for cue in rows if cue.pos == pos)


def _demand_governor(context: _Context, word: Token) -> Token | None:
    """A demand verb or noun within three steps above the word."""
    step = word
    for _ in range(3):
        if step.head == step:
            return None
        step = step.head
        if any(cue.frame == "demand" for cue in context.knowledge.cues.get(step.lemma_.lower(), ())):
            return step
    return None


def _negated(context: _Context, token: Token) -> bool:
    """Negated directly ("did not support", "no statement"), through a
    controlling verb ("did not want to condemn") or an implicative negator
    ("refused to condemn", "declined to comment")."""
    negations = set(context.syntax["negations"])
    step = token
    for _ in range(3):
        for child in step.children:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in negations):
                return True
        if step != token and any(c.frame == "negator" for c in _cues_of(context, step)):
            return True
        if step.dep_ not in ("xcomp", "aux") or step.head == step:
            return False
        step = step.head
    return False


def _evaluated(context: _Context, word: Token) -> Token | None:
    """The noun an evaluative word is about."""
    token = word
    while token.dep_ == "conj" and token.head.i != token.i:  # "illegal and biased ruling"
        token = token.head
    dep = token.dep_
    head = token.head
    if dep == "amod" and _pos(head) == "NOUN":
        if _cues_of(context, head):
            return None  # "flagrant violation": the noun is itself the evaluation
        return head
    if dep == "appos" and head.pos_ in ("NOUN", "PROPN"):
        return head
    if dep in ("acomp", "attr") and head.pos_ in ("AUX", "VERB"):
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subjects[0] if subjects else None
    if dep == "oprd" or (dep in ("pobj", "amod") and head.lower_ == "as"):  # "called the ban illegal", "described it as illegal"
        verb = head if dep == "oprd" else head.head
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        return objects[0] if objects else None
    if dep == "ccomp" and head.pos_ == "VERB":  # "called the ban illegal" parsed as a small clause
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        return subjects[0] if subjects else None
    return None


def _in_quotes(context: _Context, token: Token) -> bool:
    """Inside quotation marks within its sentence: words quoted, not used."""
    sent = context.sentence(token)
    before = context.text[sent.start_char:token.idx]
    opened = sum(ch in _QUOTE_OPEN for ch in before) - sum(ch in _QUOTE_CLOSE for ch in before)
    toggles = sum(ch in _QUOTE_TOGGLE for ch in before)
    return opened > 0 or toggles % 2 == 1


def _sentence_count_in_line(context: _Context, sent: Span) -> int:
    """How many sentences share the line (paragraph) this sentence is on."""
    text = context.text
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    line_end = text.find("\n", sent.end_char)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    return max(1, len(re.findall(r"[.!?](?:\s|$)", line.strip())))


# ---------------------------------------------------------------- arguments


def _expand_holders(context: _Context, tokens: list[Token]) -> list[Argument]:
    """Holder arguments for subject/agent tokens, one per coordinated name."""
    arguments: list[Argument] = []
    for token in tokens:
        for item, weight in _coordinated(context, token):
            argument = _holder_argument(context, item)
            if argument is not None:
                arguments.append(_weighted(argument, weight))
    return _unique(arguments)


def _coordinated(context: _Context, token: Token) -> list[tuple[Token, float]]:
    """The token and its conjuncts; a list "A (a), B (b) and C (c)" the parser
    did not coordinate is read from the text."""
    items = [(token, 1.0)]
    stack = [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
                items.append((child, 1.0))
                stack.append(child)
    last_end = max(_bounds(context, t)[1] for t, _ in items)
    for head in _list_continuation(context, token, last_end, context.sentence(token)):
        if all(head.i != t.i for t, _ in items):
            items.append((head, _LIST_WEIGHT))
    return items


def _list_continuation(context: _Context, first: Token, index: int, sent: Span) -> list[Token]:
    """Heads of names following position `index` as ", B and C"; only a list
    closed by "and"/"or" counts, and a name that starts a new clause does not."""
    doc = context.doc
    heads, closed = [], False
    i = _skip_parenthesis(doc, index, sent.end)
    while i < sent.end and not closed:
        if doc[i].text == ",":
            i += 1
            if i < sent.end and doc[i].lower_ in ("and", "or"):
                closed, i = True, i + 1
        elif doc[i].lower_ in ("and", "or"):
            closed, i = True, i + 1
        else:
            break
        head, end = _scan_name(doc, i, sent.end)
        if head is None:
            return []
        # "A supported Y, and Z opposed it": Z starts a new clause, unless the
        # whole list is that verb's subject ("A, B and C formed ...")
        next_verb = doc[end] if end < sent.end and _pos(doc[end]) == "VERB" else None
        starts_clause = head.dep_ in ("nsubj", "nsubjpass") or next_verb is not None
        if starts_clause and not (next_verb is not None and next_verb == first.head) and head.head != first.head:
            return []
        heads.append(head)
        i = _skip_parenthesis(doc, end, sent.end)
    return heads if closed else []


def _skip_parenthesis(doc: Doc, i: int, limit: int) -> int:
    if i < limit and doc[i].text == "(":
        for j in range(i + 1, min(limit, i + 8)):
            if doc[j].text == ")":
                return j + 1
    return i


def _scan_name(doc: Doc, i: int, limit: int) -> tuple[Token | None, int]:
    """A noun phrase starting at i, read by word shape: optional determiner,
    then words joined by apostrophes, hyphens and (between capitalised words)
    of/in/for. Returns its head (the last noun before any of/in/for) and end."""
    if i < limit and doc[i].pos_ == "DET":
        i += 1
    head, in_complement = None, False
    while i < limit:
        token = doc[i]
        if token.pos_ in ("PROPN", "NOUN") or (token.pos_ == "ADJ" and _is_name_word(token)):
            if not in_complement:
                head = token
        elif token.text in _APOSTROPHES or token.tag_ == "POS" or (token.text in _HYPHENS and not doc[i - 1].whitespace_):
            pass
        elif token.lower_ in ("of", "in", "for") and head is not None and _is_name_word(doc[i - 1]) \
                and i + 1 < limit and (_is_name_word(doc[i + 1]) or doc[i + 1].pos_ == "DET"):
            in_complement = True
            if doc[i + 1].pos_ == "DET":
                i += 1
        else:
            break
        i += 1
    return head, i


def _is_name_word(token: Token) -> bool:
    return token.is_title or (token.is_upper and len(token) > 1)


def _bounds(context: _Context, token: Token) -> tuple[int, int]:
    """Token range (end exclusive) of the name or noun phrase headed by token:
    left modifiers, hyphenated parts, a capitalised continuation and its
    "of"/"in" complements; for common nouns an "of" complement and "led by X"."""
    doc = context.doc
    sent = context.sentence(token)
    start = token.i
    while start - 1 >= sent.start:
        prev = doc[start - 1]
        if prev.pos_ == "DET" or prev.pos_ == "PRON" and prev.dep_ != "poss":
            break
        before = doc[start - 2] if start - 2 >= sent.start else None
        # "Workers’ Party", "WL-CC": punctuation inside a name, touching the word before it
        joins_name = before is not None and not before.whitespace_ and (_is_name_word(before) or before.pos_ == "PROPN") and (
            prev.text in _APOSTROPHES or (prev.text in _HYPHENS and not prev.whitespace_))
        if joins_name:
            start -= 2
            continue
        modifies = prev.dep_ in _LEFT_MODIFIERS and start <= prev.head.i <= token.i + 1
        if prev.pos_ == "ADJ" and _cues_of(context, prev):
            break  # "the illegal decree": the evaluation is the cue, not part of its target
        if prev.ent_type_ in ("DATE", "TIME") and token.ent_type_ not in ("DATE", "TIME"):
            break
        if prev.pos_ == "PROPN" or (modifies and not prev.is_punct) or prev.tag_ == "POS":
            start -= 1
            continue
        break
    if doc[start].pos_ == "PRON" and doc[start].dep_ == "poss":
        start += 1 if start < token.i else 0
    end = token.i + 1
    name_head = _is_name_word(token) or token.pos_ == "PROPN"
    while end < sent.end:
        nxt = doc[end]
        if nxt.text in _HYPHENS and not doc[end - 1].whitespace_ and not nxt.whitespace_ and end + 1 < sent.end:
            end += 2
            continue
        if nxt.pos_ == "PROPN" and not doc[end - 1].is_punct and nxt.dep_ != "appos" and nxt.ent_type_ not in ("DATE", "TIME"):
            end += 1
            name_head = True
            continue
        if nxt.lower_ in ("of", "in", "for") and end + 1 < sent.end:
            after = end + 1
            if doc[after].pos_ == "DET" and after + 1 < sent.end:
                after += 1
            if name_head and _is_name_word(doc[after]) and doc[after].ent_type_ not in ("DATE", "TIME"):
                end = after + 1
                continue
            if not name_head and nxt.lower_ == "of" and nxt.head.i == end - 1 or (not name_head and nxt.lower_ == "of" and nxt.head == token):
                objects = _pobjs(nxt)
                if objects:
                    end = max(end, _bounds(context, objects[0])[1])
                    break
        break
    if not name_head:
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_ in ("lead", "head", "chair"):
                for agent in child.children:
                    if agent.dep_ == "agent" and _pobjs(agent):
                        end = max(end, _bounds(context, _pobjs(agent)[0])[1])
    return start, end


def _span_argument(context: _Context, token: Token, kind: str | None = None) -> Argument:
    start, end = _bounds(context, token)
    doc = context.doc
    first, last = doc[start], doc[end - 1]
    begin, finish = first.idx, last.idx + len(last.text)
    if kind is None:
        # a name, or a phrase around one ("LPS delegation", "group led by X")
        is_name = token.pos_ == "PROPN" or _is_name_word(token) or _overlaps_mention(context, token.idx, token.idx + len(token))
        kind = "entity" if is_name else "other"
    return Argument(context.text[begin:finish], begin, finish, kind)


def _overlaps_mention(context: _Context, start: int, end: int) -> bool:
    i = bisect.bisect_left(context.mention_starts, end)
    return any(context.mention_ends[j] > start for j in range(max(0, i - 4), i))


def _holder_argument(context: _Context, token: Token) -> Argument | None:
    syntax = context.syntax
    lower = token.lower_
    if lower in syntax["first_person"]:
        return context.author if context.author_voice else None
    antecedent = _antecedent(context, token)
    if antecedent is not None:
        return _span_argument(context, antecedent)
    if token.pos_ == "PRON":
        return None  # "they", "it": no coreference beyond relative clauses
    generic = _generic_reference(context, token)
    if generic is not None:
        return generic
    return _span_argument(context, token)


def _antecedent(context: _Context, token: Token) -> Token | None:
    """The noun a relative pronoun stands for: "X, whose leadership accused Y"."""
    relatives = set(context.syntax["relative_pronouns"])
    pronoun = token if token.lower_ in relatives else next(
        (c for c in token.children if c.dep_ == "poss" and c.lower_ == "whose"), None)
    if pronoun is None:
        return None
    step = token
    for _ in range(4):
        if step.dep_ == "relcl":
            return step.head
        if step.head == step:
            return None
        step = step.head
    return None


def _generic_reference(context: _Context, token: Token) -> Argument | None:
    """"the party" with no name of its own: the party the document is about."""
    word = context.knowledge.targets.get((token.lemma_.lower(), "NOUN"))
    if word is None or word.role != "generic" or token.pos_ != "NOUN":
        return None
    start, end = _bounds(context, token)
    if any(t.pos_ == "PROPN" for t in context.doc[start:end]) or any(c.dep_ == "appos" for c in token.children):
        return None  # "party First Secretary X", "the party, X,": it has a name of its own
    party = _document_party(context, token)
    if party is None:
        return None
    begin, finish = context.doc[start].idx, context.doc[end - 1].idx + len(context.doc[end - 1].text)
    return Argument(party.name, begin, finish, "entity", party.name, party.start, party.end, _COREFERENCE_WEIGHT)


def _document_party(context: _Context, token: Token) -> Argument | None:
    if context.focus is not None:
        return context.focus
    before = [e for e in context.events if e.token_i < token.i and e.party is not None]
    return before[-1].party if before else None


def _target_arguments(context: _Context, token: Token, depth: int = 0) -> list[Argument]:
    """Target arguments for a token: events named "<event> of <party>",
    anaphors resolved to the event in context, stance passed through
    ("the struggle of X" -> X), coreferent "the party", or the phrase itself."""
    if token.pos_ == "PRON":
        antecedent = _antecedent(context, token)
        return _target_arguments(context, antecedent, depth + 1) if antecedent is not None and depth < 3 else []
    knowledge = context.knowledge
    lemma = token.lemma_.lower()
    word = knowledge.targets.get((lemma, "VERB" if _pos(token) == "VERB" else "NOUN"))
    if word is not None and word.role == "transfer" and depth < 3:
        complements = [p for c in token.children if c.dep_ == "prep" and c.lower_ in word.patient_preps for p in _pobjs(c)]
        complements += [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if complements:
            return [_weighted(a, _TRANSFER_WEIGHT) for c in complements for a in _target_arguments(context, c, depth + 1)]
    if word is not None and word.role in ("event", "anaphor"):
        event = _event_for(context, token, word)
        if event is not None:
            start, end = _bounds(context, token)
            begin, finish = context.doc[start].idx, context.doc[end - 1].idx + len(context.doc[end - 1].text)
            party = event.party
            name = event.name if party is not None else context.text[begin:finish]
            return [Argument(name, begin, finish, "event",
                             party.name if party else "", party.start if party else None, party.end if party else None,
                             1.0 if event.token_i == token.i else _COREFERENCE_WEIGHT)]
    generic = _generic_reference(context, token)
    if generic is not None:
        return [generic]
    return [_span_argument(context, token)]


def _event_for(context: _Context, token: Token, word: TargetWord) -> _Event | None:
    """The event a noun names or refers to: its own (with its patient), an
    event in its complement ("ruling to ban X"), else the latest event before
    it, else one later in the same sentence ("the decision ..., this decision
    dissolving X")."""
    own = next((e for e in context.events if e.token_i == token.i), None)
    if own is not None and own.party is not None:
        return own
    for child in token.subtree:
        if child != token and child.dep_ in ("acl", "xcomp", "advcl", "relcl", "pobj") and child.head == token or \
                child.head.head == token and child.dep_ in ("pobj", "pcomp"):
            inner = next((e for e in context.events if e.token_i == child.i and e.party is not None), None)
            if inner is not None:
                return inner
    earlier = [e for e in context.events if e.token_i < token.i and e.party is not None]
    if earlier:
        return earlier[-1]
    sentence_start = context.sentence(token).start
    same = [e for e in context.events if e.sent_start == sentence_start and e.party is not None]
    if same:
        return same[0]
    if own is not None:
        return own
    if word.role == "event":
        return _Event(token.i, sentence_start, word.event, None)
    return None


def _collect_events(context: _Context) -> list[_Event]:
    """Every event word in document order with its patient ("the ban on X",
    "X was banned", "dissolving X", "the banned party X")."""
    doc, knowledge = context.doc, context.knowledge
    if not len(doc) or not len(knowledge.event_hashes):
        return []
    lemmas = doc.to_array([LEMMA])
    events = []
    for i in np.flatnonzero(np.isin(lemmas, knowledge.event_hashes)):
        token = doc[int(i)]
        pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN"
        word = knowledge.targets.get((token.lemma_.lower(), pos))
        if word is None or word.role != "event":
            continue
        if pos == "NOUN":
            patients = [p for c in token.children if c.dep_ == "prep" and c.lower_ in word.patient_preps for p in _pobjs(c)]
            patients += [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        elif token.dep_ == "amod":
            patients = [token.head]
        elif _is_passive(token):
            patients = _passive_subjects(token)
        else:
            patients = [c for c in token.children if c.dep_ in ("dobj", "obj")]
            if not patients and token.dep_ == "acl" and token.tag_ == "VBN":
                patients = [token.head]
        party = None
        for patient in patients:
            if patient.pos_ == "PRON":
                continue
            generic = _generic_reference_for_event(context, patient, events)
            party = generic if generic is not None else _span_argument(context, patient)
            break
        name = f"{word.event} of {party.name}" if party is not None else word.event
        events.append(_Event(token.i, context.sentence(token).start, name, party))
    return events


def _generic_reference_for_event(context: _Context, token: Token, events: list[_Event]) -> Argument | None:
    word = context.knowledge.targets.get((token.lemma_.lower(), "NOUN"))
    if word is None or word.role != "generic" or token.pos_ != "NOUN":
        return None
    if any(c.pos_ == "PROPN" or c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" for c in token.children):
        return None
    if context.focus is not None:
        return context.focus
    known = [e.party for e in events if e.party is not None]
    return known[-1] if known else None


def _combine(context: _Context, holders: list[Argument], pairs: list[tuple[Token, str]], rule: str, negated: bool):
    out = []
    for target_token, polarity in pairs:
        for target in _unique([a for t, _ in _coordinated(context, target_token) for a in _target_arguments(context, t)]):
            for holder in holders:
                out.append((holder, target, polarity, rule, negated))
    return out


def _weighted(argument: Argument, weight: float) -> Argument:
    if weight == 1.0:
        return argument
    return Argument(argument.name, argument.start, argument.end, argument.kind, argument.party,
                    argument.party_start, argument.party_end, argument.weight * weight, argument.via_author)


def _unique(arguments: list[Argument]) -> list[Argument]:
    seen, out = set(), []
    for argument in arguments:
        key = (argument.name, argument.start, argument.end)
        if key not in seen:
            seen.add(key)
            out.append(argument)
    return out


# ---------------------------------------------------------------- tables


def _table(doc_id: str, rows: list[dict], sentences: pd.DataFrame) -> pd.DataFrame:
    if not rows:
        return _empty()
    records = sorted(
        zip([int(v) for v in sentences["start"].tolist()], [int(v) for v in sentences["end"].tolist()],
            sentences["sent_id"].tolist(), sentences["text"].tolist())
    )
    starts = [record[0] for record in records]
    out = []
    for row in rows:
        at = max(0, bisect.bisect_right(starts, row.pop("sent_start")) - 1)
        start, end, sent_id, text = records[at] if records else (0, 0, -1, "")
        out.append(dict(row, doc_id=doc_id, sent_id=sent_id, start=start, end=end, evidence=text))
    # one row per stated stance: the most reliable cue speaks for the sentence
    out.sort(key=lambda r: (r["start"], -r["confidence"], r["cue_start"]))
    kept, seen = [], set()
    for row in out:
        key = (row["sent_id"], row["holder"], row["holder_start"], row["target"], row["target_start"], row["stance"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    kept.sort(key=lambda r: (r["start"], r["cue_start"], r["holder"], r["target"], r["stance"]))
    offsets = set(_OFFSET_COLUMNS)
    data = {}
    for column in STANCE_COLUMNS:
        values = [row[column] for row in kept]
        data[column] = _offset_array(values) if column in offsets else typed_array(values)
        if data[column] is None:
            data[column] = values  # mixed types: let pandas infer
    return pd.DataFrame(data, copy=False)


def _offset_array(values: list):
    """Nullable offsets (None where a span has no place in the text), built
    from a value array and a mask instead of element by element."""
    if not {type(value) for value in values} <= {int, type(None)}:
        return pd.array(values, dtype="Int64")
    missing = np.array([value is None for value in values], dtype=bool)
    return IntegerArray(np.array([0 if value is None else value for value in values], dtype=np.int64), missing)


@lru_cache(maxsize=1)
def _empty_template() -> pd.DataFrame:
    table = pd.DataFrame({column: pd.Series(dtype=object) for column in STANCE_COLUMNS})
    for column in _OFFSET_COLUMNS:
        table[column] = table[column].astype("Int64")
    return table


def _empty() -> pd.DataFrame:
    # Copy-on-write makes a shallow copy safe to hand out, and far cheaper.
    return _empty_template().copy(deep=False)


def _entity_spans(entities: pd.DataFrame) -> dict[str, list[tuple[int, int, str, str]]]:
    spans: dict[str, list] = {}
    for row in entities.sort_values(["doc_id", "start"]).to_dict("records"):
        spans.setdefault(row["doc_id"], []).append((int(row["start"]), int(row["end"]), str(row["entity_id"]), str(row["canonical"])))
    return spans


def _link(spans: list, start, end, phrase: bool) -> tuple[str, str] | None:
    """(entity_id, canonical) of the mention that stands for the span
    [start, end): one containing it, or one covering most of it; for a
    phrase around a name ("LPS delegation", "group led by X") the name inside."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    start, end = int(start), int(end)
    best, best_score = None, 0.0
    for s, e, entity_id, canonical in spans:
        if s >= end:
            break
        overlap = min(e, end) - max(s, start)
        if overlap <= 0:
            continue
        share_of_span, share_of_mention = overlap / (end - start), overlap / (e - s)
        contains = s <= start and e >= end
        close = share_of_span >= 0.75 and share_of_mention >= 0.75
        inside = phrase and share_of_mention == 1.0
        if (contains or close or inside) and share_of_span > best_score:
            best, best_score = (entity_id, canonical), share_of_span
    return best


def _link_author(entities: pd.DataFrame, name: str) -> tuple[str, str] | None:
    """An author known only from metadata: the entity with that canonical name."""
    wanted = name.strip().lower()
    same = entities[entities["canonical"].astype(str).str.strip().str.lower() == wanted]
    if len(same):
        row = same.iloc[0]
        return str(row["entity_id"]), str(row["canonical"])
    return None


def _replace_party(name: str, party: str, canonical: str) -> str:
    if name.endswith(party):
        return name[: len(name) - len(party)] + canonical
    return name
