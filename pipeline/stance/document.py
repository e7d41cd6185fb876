"""Stances expressed in one document."""

from __future__ import annotations

import bisect
import re

import numpy as np
import pandas as pd
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Token

from pipeline.doc_inputs import document_text
from pipeline.stance.attribution import author_argument, opening_author, speaker_holder, title_focus
from pipeline.stance.context import Argument, Context
from pipeline.stance.cues import load_knowledge, phrase_cues, single_word_cues
from pipeline.stance.frames import rows_for_cue
from pipeline.stance.tables import document_table, quote_columns, quote_table, stance_columns
from pipeline.stance.targets import collect_events
from pipeline.stance.voices import find_quotes, find_turns


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
    return analyse_document(doc_id, doc, sentences, mentions, author=author, genre=genre, title=title)[0]


def analyse_document(doc_id: str, doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, *,
                     author: str = "", genre: str = "", title: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The document's stances (`STANCE_COLUMNS`) and its quotations with
    their speakers (`QUOTE_COLUMNS`), from one reading of the document."""
    context, rows = _read(doc, sentences, mentions, author=author, genre=genre, title=title)
    return document_table(doc_id, rows, sentences), quote_table(doc_id, context, sentences)


def document_columns(doc_id: str, doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, *,
                     author: str = "", genre: str = "", title: str = "") -> tuple[dict[str, list], dict[str, list]]:
    """`analyse_document` as columns of plain values, for callers that need no DataFrame."""
    context, rows = _read(doc, sentences, mentions, author=author, genre=genre, title=title)
    return stance_columns(doc_id, rows, sentences), quote_columns(doc_id, context, sentences)


def _read(doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, *, author: str, genre: str, title: str) -> tuple[Context, list[dict]]:
    """One reading of the document: its context (with the quotations) and a row per cue that states a stance."""
    knowledge = load_knowledge()
    settings = knowledge.settings["author"]
    text = document_text(doc)  # Doc.text would make a Token object per word
    context = _context(doc, text, knowledge, mentions, author_argument(author, genre, title, text, sentences, settings), genre, title)
    rows: list[dict] = []
    in_phrase: set[int] = set()
    for cue, span in phrase_cues(doc, knowledge):
        found = rows_for_cue(context, span.root, cue, span[0], span[-1])
        if found:  # "politically motivated" is one cue, not also "motivated"
            in_phrase.update(token.i for token in span)
        rows.extend(found)
    for token, cue in single_word_cues(doc, knowledge):
        if token.i not in in_phrase and not _in_name(context, token):  # "Solidarity Party" is a name
            rows.extend(rows_for_cue(context, token, cue, token, token))
    return context, rows


def _says_we(text: str, first_person: list[str]) -> bool:
    words = "|".join(re.escape(word) for word in first_person if word != "i")  # "I" also opens "I." lists
    return re.search(rf"\b(?:{words})\b", text, re.IGNORECASE) is not None


def _in_name(context: Context, token: Token) -> bool:
    at = bisect.bisect_right(context.mention_starts, token.idx) - 1
    return token.pos_ == "PROPN" or (at >= 0 and context.mention_ends[at] > token.idx)


def _context(doc: Doc, text: str, knowledge, mentions: pd.DataFrame, author: Argument | None, genre: str, title: str) -> Context:
    """Everything the rules read about the document, in dependency order:
    sentences and mentions, events, then transcript turns, the author, and
    quotations (whose speakers may be pronouns resolved through all of it)."""
    settings = knowledge.settings["author"]
    genre_key = genre.strip().lower()
    reporting = genre_key in settings["reporting_genres"]
    headline = genre_key in settings["headline_genres"]
    focus = None if headline else title_focus(title, author, text, settings, doc)
    context = Context(doc, knowledge, author, False, focus, text=text)
    if len(mentions):
        spans = sorted(zip(mentions["start"].tolist(), mentions["end"].tolist(), mentions["label"].astype(str).tolist()))
        context.mention_starts = [int(start) for start, _, _ in spans]
        context.mention_ends = [int(end) for _, end, _ in spans]
        context.mention_labels = [label for _, _, label in spans]
    if len(doc):
        context.sentence_starts = np.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
        if not context.sentence_starts or context.sentence_starts[0] != 0:
            context.sentence_starts.insert(0, 0)
    context.events = collect_events(context)
    context.turns = find_turns(context, author)
    if not reporting and not context.turns:
        # an unknown genre speaks in its author's voice only when it says "we"
        voiced = genre_key in settings["voice_genres"] or _says_we(text, knowledge.settings["syntax"]["first_person"])
        context.author = context.author or (opening_author(context) if voiced else None)
        if context.author is None and genre_key in settings["voice_genres"]:
            context.author = Argument("author", None, None, "other", via="author")  # unnamed, still the one speaking
        context.author_voice = context.author is not None
    context.quotes = find_quotes(context, lambda token: speaker_holder(context, token))
    return context
