"""Items -> entity mentions: runs the spaCy pipeline over each item's span of its document and
turns matches into `Mention`s whose offsets index `Document.text`."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language

from graph.models import Mention
from graph.nlp import MATCHES_ATTR, OntologyMatch
from sources.items import stable_id
from sources.models import Document, Item


def extract_mentions(nlp: Language, documents: Iterable[Document], items: Iterable[Item], batch_size: int = 64) -> list[Mention]:
    texts = {document.doc_id: document.text for document in documents}
    work = [(texts[item.doc_id][item.start_char : item.end_char], item) for item in items]
    mentions: list[Mention] = []
    for doc, item in nlp.pipe(work, as_tuples=True, batch_size=batch_size):
        text = texts[item.doc_id]
        match: OntologyMatch
        for match in doc._.get(MATCHES_ATTR):
            start, end = item.start_char + match.start_char, item.start_char + match.end_char
            mentions.append(
                Mention(
                    mention_id=stable_id("mention", item.item_id, str(start), str(end), match.entity_id),
                    entity_id=match.entity_id,
                    item_id=item.item_id,
                    doc_id=item.doc_id,
                    start_char=start,
                    end_char=end,
                    surface=text[start:end],
                    sentence=match.sentence,
                    matched_alias=match.alias,
                    match_rule=match.rule,
                )
            )
    return mentions
