"""Stances expressed in one document."""

from __future__ import annotations
from pipeline.stance.cues import phrase_cues, single_word_cues, load_knowledge
from pipeline.stance.context import Context
from pipeline.stance.attribution import author_argument, title_focus
from pipeline.stance.targets import collect_events
from pipeline.stance.frames import rows_for_cue
from pipeline.stance.tables import document_table


import numpy as np
import pandas as pd
from spacy.attrs import SENT_START
from spacy.tokens import Doc



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
    author_arg = author_argument(author, genre, title, text, sentences, settings["author"])
    genre_key = genre.strip().lower()
    author_voice = author_arg is not None and (
        genre_key in settings["author"]["voice_genres"] or genre_key not in settings["author"]["reporting_genres"]
    )
    context = Context(doc, knowledge, author_arg, author_voice, title_focus(title, author_arg, text), text=text)
    if len(mentions):
        spans = sorted(zip(mentions["start"].tolist(), mentions["end"].tolist()))
        context.mention_starts = [int(start) for start, _ in spans]
        context.mention_ends = [int(end) for _, end in spans]
    if len(doc):
        context.sentence_starts = np.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
        if not context.sentence_starts or context.sentence_starts[0] != 0:
            context.sentence_starts.insert(0, 0)
    context.events = collect_events(context)

    rows: list[dict] = []
    for token, cue in single_word_cues(doc, knowledge):
        rows.extend(rows_for_cue(context, token, cue, token, token))
    for cue, span in phrase_cues(doc, knowledge):
        rows.extend(rows_for_cue(context, span[-1], cue, span[0], span[-1]))
    return document_table(doc_id, rows, sentences)

