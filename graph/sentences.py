"""Sentence lookup by character offset, computed once per spaCy doc: `Span.sent` walks the doc
for every call, which made extraction quadratic in an item's length."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

_KEY = "sentence_bounds"


def sentence_at(doc: Doc, text: str, offset: int) -> str:
    """The (stripped) text of the sentence holding character `offset` of `doc`."""
    bounds = doc.user_data.get(_KEY)
    if bounds is None:
        bounds = ([sent.start_char for sent in doc.sents], [sent.end_char for sent in doc.sents])
        doc.user_data[_KEY] = bounds
    starts, ends = bounds
    index = max(0, bisect.bisect_right(starts, offset) - 1)
    return text[starts[index] : ends[index]].strip() if starts else text.strip()
