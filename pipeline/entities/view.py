"""A parsed document as the entity rules read it: plain lists of each
token's text, tag, entity type, head and sentence, taken from the Doc once,
and the characters and tags that matter around names."""

from __future__ import annotations

import bisect
import re

import numpy as np
import pandas as pd
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, ORTH, SPACY, TAG
from spacy.tokens import Doc

from pipeline.doc_inputs import document_text


OPEN_QUOTES = ["\"", "“", "«", "„", "‘", "'", "``", "`"]
CLOSE_QUOTES = ["\"", "”", "»", "“", "’", "'", "''"]
QUOTES = frozenset(OPEN_QUOTES + CLOSE_QUOTES)
DASHES = frozenset({"-", "–", "—", "‐", "‑"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
GLUED_CONNECTORS = DASHES | POSSESSIVES | {"&", "."}

# Tags that do not start a name; a sentence's first word with one of them is trimmed.
FUNCTION_TAGS = frozenset(
    {"IN", "DT", "RB", "CC", "PRP", "PRP$", "WDT", "WP", "WRB", "MD", "VB", "VBD", "VBZ", "VBP", "VBG", "VBN", "TO", "EX", "UH", "PDT", "CD", "LS"}
)
TRAILING_NOISE = frozenset({"of", "and", "the", "for", "a", "an", "in", "(", "[", ",", ";", ":", ".", "!", "?"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})


def _uppercase_letters() -> str:
    return "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper())


# One token of a name: a capitalised or upper-case word, or a connector that
# only counts when glued to its neighbours ("Port-Royal", "People's", "Workers'").
NAME_PART_REGEX = rf"^(?:[{_uppercase_letters()}][\w'’.]*|[-–'’&]|['’][sS])$"
NAME_PART = re.compile(NAME_PART_REGEX)


class DocView:
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
        # Doc.text is rebuilt from Token objects on every access: the text is read once per Doc.
        self.doc_text = document_text(doc)
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


def _capital_stretches(view: DocView) -> list[bool]:
    """Mark the tokens of each run of upper-case words within one line
    (punctuation and numbers may stand between them)."""
    marks = [False] * view.n
    run: list[int] = []

    def close() -> None:
        if not run:  # the usual case, once per lower-case word
            return
        words = [view.text[k] for k in run if any(c.isalpha() for c in view.text[k])]
        telling = sum(1 for w in words if w in _CAPITALS_FUNCTION_WORDS or len(w) > 5)
        if len(words) >= 3 and telling >= 1:
            for k in range(run[0], run[-1] + 1):
                marks[k] = True
        run.clear()

    for i, word in enumerate(view.text):
        if "\n" in word or (i > 0 and "\n" in view.space[i - 1]):
            close()
        case = _letter_case(word)
        if case == "upper":
            run.append(i)
        elif case == "mixed":
            close()
    close()
    return marks


def _letter_case(word: str) -> str:
    """"upper" when the word has letters and all are upper case, "mixed"
    when some are not, "" without letters."""
    if word.isascii():  # every ASCII letter has a case: str methods decide at C speed
        return "upper" if word.isupper() else ("mixed" if word != word.upper() else "")
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return ""
    return "upper" if all(c.isupper() for c in letters) else "mixed"
