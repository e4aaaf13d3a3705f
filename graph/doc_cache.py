"""Values of a spaCy doc that several rule components need, computed once per doc and kept in
`doc.user_data`: the doc's text (`Doc.text` joins every token again on each call) and its
non-prose ranges (see `graph.prose`)."""

from __future__ import annotations

from spacy.tokens import Doc

from graph.prose import non_prose_spans

_TEXT = "kg_text"
_NON_PROSE = "kg_non_prose"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def doc_non_prose(doc: Doc) -> list[tuple[int, int]]:
    spans = doc.user_data.get(_NON_PROSE)
    if spans is None:
        spans = doc.user_data[_NON_PROSE] = non_prose_spans(doc_text(doc))
    return spans
