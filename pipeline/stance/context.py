"""What a document gives every rule: its parse, author, focus and events; and the Argument a holder or target becomes."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.stance.cues import Cue, Knowledge, coarse_pos


LIST_WEIGHT = 0.9  # a holder found by reading a list the parser did not coordinate
COREFERENCE_WEIGHT = 0.9
TRANSFER_WEIGHT = 0.95

APOSTROPHES = {"'", "’", "ʼ"}
HYPHENS = {"-", "‐", "–"}
LEFT_MODIFIERS = {"compound", "amod", "nmod", "poss", "case", "nummod", "npadvmod"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "parataxis", "pcomp"}
QUOTE_OPEN, QUOTE_CLOSE, QUOTE_TOGGLE = set("“«„"), set("”»"), set('"')


# document context


@dataclass(frozen=True)
class Argument:
    """A holder or target: display name, surface span and how it was found."""

    name: str
    start: int | None
    end: int | None
    kind: str = "other"  # entity, event, group (a plural of people), other
    party: str = ""
    party_start: int | None = None
    party_end: int | None = None
    weight: float = 1.0
    via: str = ""  # author, quote or turn: whose voice the holder was taken from


@dataclass
class Event:
    token_i: int
    sent_start: int
    name: str
    party: Argument | None


@dataclass(frozen=True)
class Quote:
    """Quoted words [start, end) (marks excluded) and who says them."""

    start: int
    end: int
    speaker: Argument | None
    cue: str = ""  # the reporting verb that names the speaker
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass(frozen=True)
class Turn:
    """A paragraph of a transcript ("NAME: words", "A: words") and its speaker."""

    start: int
    end: int
    speaker: Argument | None


@dataclass
class Context:
    doc: Doc
    knowledge: Knowledge
    author: Argument | None
    author_voice: bool
    focus: Argument | None
    mention_starts: list[int] = field(default_factory=list)
    mention_ends: list[int] = field(default_factory=list)
    mention_labels: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    resolved_pronouns: dict[int, Argument | None] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
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


def cues_of(context: Context, token: Token) -> tuple[Cue, ...]:
    """The lexicon's cues for a token: its lemma, with the part of speech it has here."""
    rows = context.knowledge.cues.get(token.lemma_.lower(), ())
    if not rows:  # most words: no need to look at the token's children
        return ()
    pos = coarse_pos(token)
    return tuple(cue for cue in rows if cue.pos == pos)
