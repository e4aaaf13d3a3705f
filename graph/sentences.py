"""Sentence lookup by character offset, computed once per spaCy doc: `Span.sent` walks the doc
for every call, which made extraction quadratic in an item's length."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

_KEY = "sentence_bounds"
MAX_SENTENCE_CHARS = 400  # a longer "sentence" (a table, a run-on line) is cut to a window around the offset


def sentence_at(doc: Doc, text: str, offset: int) -> str:
    """The (stripped) text of the sentence holding character `offset` of `doc`; of a sentence longer
    than MAX_SENTENCE_CHARS, the window around the offset, marked with ellipses."""
    bounds = doc.user_data.get(_KEY)
    if bounds is None:
        bounds = ([sent.start_char for sent in doc.sents], [sent.end_char for sent in doc.sents])
        doc.user_data[_KEY] = bounds
    starts, ends = bounds
    if not starts:
        start, end = 0, len(text)
    else:
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        start, end = starts[index], ends[index]
    if end - start > MAX_SENTENCE_CHARS:
        half = MAX_SENTENCE_CHARS // 2
        start, end = max(start, offset - half), min(end, offset + half)
        return "…" + text[start:end].strip() + "…"
    return text[start:end].strip()
