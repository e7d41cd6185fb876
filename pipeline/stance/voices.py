"""Whose voice a passage is in: quotations and their speakers, the turns of
a transcript ("NAME: ...", "Q: ... A: ..."), else the document's author.

A quotation's speaker is the subject of the reporting verb next to it, in
the sentence where the quotation ends (`"...," said X`, `"..." she told
reporters`) or, failing that, where it starts (`X said: "..."`, `X called
the verdict "..."`). A quotation left open at the end of a paragraph goes on
in the next one that opens with a quotation mark, with the same speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.tokens import Token

from pipeline.stance.context import Argument, Context, Quote, QUOTE_CLOSE, QUOTE_OPEN, QUOTE_TOGGLE, Turn, cues_of
from pipeline.stance.syntax import agents_of, is_passive, span_argument, subjects_of


_NEAR = 6  # how many words from a quotation its reporting verb may stand
_TURN_LABEL = re.compile(r"^[ \t]*(?P<label>[^:\n]{1,90}?)[ \t]*:[ \t]+\S", re.MULTILINE)


def voice_at(context: Context, offset: int) -> Argument | None:
    """Who speaks at a character offset: a quotation's speaker, else the
    speaker of the transcript turn, else the author where the genre speaks
    in the author's voice. Quoted words with no speaker are nobody's."""
    quote = quote_at(context, offset)
    if quote is not None and quote.speaker is not None:
        return quote.speaker
    turn = _containing(context.turns, offset)
    if turn is not None:
        return turn.speaker
    if quote is not None:
        return None
    return context.author if context.author_voice else None


def quote_at(context: Context, offset: int) -> Quote | None:
    return _containing(context.quotes, offset)


def _containing(spans: list, offset: int):
    # Asked per token and per cue: search the spans by start without listing them.
    at = bisect.bisect_right(spans, offset, key=lambda span: span.start) - 1
    if at >= 0 and spans[at].start <= offset < spans[at].end:
        return spans[at]
    return None


# ---------------------------------------------------------------- turns


def find_turns(context: Context, interviewer: Argument | None) -> list[Turn]:
    """Paragraphs opened by a speaker label in capitals ("MR. X (Place):",
    "A:"); only a document with at least two such paragraphs is a transcript.
    "Q" is the interviewer, "A" the first person the document names."""
    text = context.text
    found = []
    for match in _TURN_LABEL.finditer(text):
        label = match.group("label")
        letters = [ch for ch in re.sub(r"\([^)]*\)", "", label) if ch.isalpha()]
        if not letters or not all(ch.isupper() for ch in letters) or len(label.split()) > 8:
            continue
        end = text.find("\n", match.end())
        found.append((match.start("label"), match.end("label"), end if end >= 0 else len(text)))
    if len(found) < 2:
        return []
    interviewee = _first_person_named(context)
    turns = []
    for label_start, label_end, end in found:
        label = text[label_start:label_end]
        if label == "A":
            speaker = interviewee
        elif label == "Q":
            speaker = interviewer
        else:
            speaker = Argument(label, label_start, label_end, "entity", via="turn")
        turns.append(Turn(label_start, end, _as_turn(speaker)))
    return turns


def _first_person_named(context: Context) -> Argument | None:
    """The person an interview introduces: the first name that is the
    subject of a sentence outside quotation marks, else the first person named."""
    quoted = _quoted_spans(context.text)

    def outside(offset: int) -> bool:
        return not any(start <= offset < end for start, end, _ in quoted)

    for start in context.sentence_starts[:6]:
        root = context.sentence(context.doc[start]).root
        for subject in (c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")):
            if subject.pos_ == "PROPN" and outside(subject.idx):
                return span_argument(context, subject, "entity")
    for start, end, label in zip(context.mention_starts, context.mention_ends, context.mention_labels):
        if label == "PERSON" and outside(start):
            return Argument(context.text[start:end], start, end, "entity", via="turn")
    return None


def _as_turn(speaker: Argument | None) -> Argument | None:
    if speaker is None or speaker.via == "turn":
        return speaker
    return Argument(speaker.name, speaker.start, speaker.end, speaker.kind, weight=speaker.weight, via="turn")


# ---------------------------------------------------------------- quotes


def find_quotes(context: Context, speaker_of) -> list[Quote]:
    """Quotations in document order with their speakers. `speaker_of(token)`
    turns a subject token into a holder (names, pronouns, apposition)."""
    spans = _quoted_spans(context.text)
    context.quotes = [Quote(start, end, None) for start, end, _ in spans]
    quotes, chain = [], []
    for start, end, left_open in spans:
        speaker, cue = _speaker(context, start, end, speaker_of)
        chain.append((start, end, speaker, cue))
        if left_open:
            continue
        known = next(((s, c) for _, _, s, c in reversed(chain) if s is not None), (None, None))
        for part_start, part_end, part_speaker, part_cue in chain:
            speaker, cue = (part_speaker, part_cue) if part_speaker is not None else known
            quotes.append(_quote(part_start, part_end, speaker, cue))
        chain = []
    for part_start, part_end, part_speaker, part_cue in chain:
        quotes.append(_quote(part_start, part_end, part_speaker, part_cue))
    return _continued(context.text, quotes)


def _continued(text: str, quotes: list[Quote]) -> list[Quote]:
    """A quotation with no speaker of its own, later in the paragraph of an
    attributed one, goes on in the same voice ("'...,' X said. '...'")."""
    out = []
    for quote in quotes:
        previous = out[-1] if out else None
        if quote.speaker is None and previous is not None and previous.speaker is not None \
                and "\n" not in text[previous.end:quote.start]:
            quote = Quote(quote.start, quote.end, previous.speaker)
        out.append(quote)
    return out


def _quote(start: int, end: int, speaker: Argument | None, cue: Token | None) -> Quote:
    if speaker is not None:
        speaker = replace(speaker, via="quote")
    if cue is None:
        return Quote(start, end, speaker)
    return Quote(start, end, speaker, cue.text, cue.idx, cue.idx + len(cue.text))


_QUOTE_MARKS = re.compile("[" + re.escape("".join(sorted(QUOTE_OPEN | QUOTE_CLOSE | QUOTE_TOGGLE))) + "\n]")


def _quoted_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, left_open) of quoted text, line by line; a quotation
    still open at the end of its line is closed there and flagged."""
    spans = []
    opened = None
    for match in _QUOTE_MARKS.finditer(text + "\n"):
        at, ch = match.start(), match.group()
        if ch == "\n":
            if opened is not None and at > opened:
                continues = text[at:].lstrip()[:1]
                spans.append((opened, at, bool(continues) and (continues in QUOTE_OPEN or continues in QUOTE_TOGGLE)))
            opened = None
        elif opened is None and (ch in QUOTE_OPEN or ch in QUOTE_TOGGLE):
            opened = at + 1
        elif opened is not None and (ch in QUOTE_CLOSE or ch in QUOTE_TOGGLE):
            if at > opened and text[opened - 2:opened - 1] != "=":  # not a markup value: name="x"
                spans.append((opened, at, False))
            opened = None
    return spans


def _speaker(context: Context, start: int, end: int, speaker_of) -> tuple[Argument | None, Token | None]:
    """The subject of a reporting verb outside the quotation: one that
    governs the quoted words in the parse, else one right after it
    (`"...," said X`, `"..." she told reporters`), else the nearest one
    before it in the sentence (`X said: "..."`)."""
    doc = context.doc
    inside = doc.char_span(start, end, alignment_mode="expand")
    if inside is None or not len(inside):
        return None, None
    after = _words_after(context, inside[-1].i + 1, context.sentence(inside[-1]).end)
    first = context.sentence(inside[0]).start
    before = [doc[i] for i in range(inside[0].i - 1, first - 1, -1) if _outside(context, doc[i])]
    reporting = [t for t in after + before if _reports(context, t)]
    governing = [t for t in reporting if inside.start <= t.left_edge.i and t.right_edge.i < inside.end
                 or any(inside.start <= c.i < inside.end for c in t.subtree)]
    nearby = set(t.i for t in after) | set(t.i for t in before[:_NEAR + 2])
    for token in governing + [t for t in reporting if t.i in nearby]:
        for subject in _speaking_subjects(context, token):
            speaker = speaker_of(subject)
            if speaker is not None:
                return speaker, token
    return None, None


def _words_after(context: Context, i: int, limit: int) -> list[Token]:
    """Up to `_NEAR` words after a quotation, up to the first word that
    opens another clause ("... as 'X', while Y declined to comment")."""
    words = []
    while i < limit and len(words) < _NEAR:
        token = context.doc[i]
        i += 1
        if not _outside(context, token):
            continue
        words.append(token)
        if token.pos_ in ("VERB", "AUX", "SCONJ", "CCONJ") and not _reports(context, token):
            break
    return words


def _outside(context: Context, token: Token) -> bool:
    return not token.is_punct and not token.is_space and quote_at(context, token.idx) is None


def _speaking_subjects(context: Context, verb: Token) -> list[Token]:
    """The reporting verb's subject; for a participle the parser hung on a
    place ("marched to the square chanting ..."), the subject of the verb above."""
    step = verb
    while step.dep_ == "acl" and step.head != step:  # a participle modifying a noun: climb to the clause
        step = step.head
        while step.pos_ not in ("VERB", "AUX") and step.head != step:
            step = step.head
    subjects = agents_of(step) if is_passive(step) else subjects_of(step)
    return [s for s in subjects if quote_at(context, s.idx) is None]


def _reports(context: Context, token: Token) -> bool:
    return any(cue.frame == "reporting" for cue in cues_of(context, token))
