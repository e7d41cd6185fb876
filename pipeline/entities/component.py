"""The entities stage as a spaCy component: `nlp.add_pipe("political_entities")`.

In:  a parsed Doc (its model entities are the starting point); optionally
     `doc._.sentence_blocks` and `doc._.infobox` (see `pipeline.doc_inputs`).
Out: `doc.spans["entities"]`, one span per mention in text order, labelled
     PERSON, ORG, GPE, ...; each span's `._.entity_source` says which rule
     made it ("model", "acronym", "model+place", ...), `._.entity_title` a
     person's title or role, `._.short_form_of` the long form a short form
     stands for, and `._.name_key` the key names are compared by. The mentions
     are the rows `entities.csv` gives for the same text, before linking.

    nlp.add_pipe("political_entities")
    doc = nlp("Interior Minister Tomas Varga met the Green Alliance (GA) in Vilnius.")
    [(span.text, span.label_, span._.entity_title) for span in doc.spans["entities"]]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.doc_inputs import document_id, infobox_table, keep, sentence_table
from pipeline.doc_tables import ENTITY_SPAN_KEY
from pipeline.entities.identity import fold_name
from pipeline.entities.mentions import find_mentions

for _name in ("entity_source", "entity_title", "short_form_of"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default="")
if not Span.has_extension("name_key"):
    Span.set_extension("name_key", getter=lambda span: fold_name(span.text))


@Language.factory("political_entities", default_config={"disabled_sources": []})
def make_political_entities(nlp: Language, name: str, disabled_sources: list[str]) -> "PoliticalEntities":
    return PoliticalEntities(disabled_sources=disabled_sources)


class PoliticalEntities:
    """Finds the named-entity mentions of a Doc (`entities.find_mentions`)."""

    def __init__(self, *, disabled_sources=()):
        self.disabled_sources = frozenset(disabled_sources)

    def __call__(self, doc: Doc) -> Doc:
        mentions = find_mentions(
            document_id(doc), doc, sentence_table(doc), infobox_table(doc), disabled_sources=self.disabled_sources
        )
        spans = []
        columns = ("start", "end", "label", "source", "title", "short_form_of")
        for start, end, label, source, title, short_form_of in zip(*(mentions[column].tolist() for column in columns)):
            span = doc.char_span(start, end, label=label)  # mentions are whole tokens
            span._.entity_source = source
            if title:  # "" is the default: most mentions store nothing more
                span._.entity_title = title
            if short_form_of:
                span._.short_form_of = short_form_of
            spans.append(span)
        doc.spans[ENTITY_SPAN_KEY] = spans
        keep(doc, "mentions", doc.spans[ENTITY_SPAN_KEY], mentions)  # what the later components read
        return doc
