"""Documents -> items: run the document's parser, drop repeated items, assign stable ids and
positions. Item ids hash the document id with the item's kind, title and body, so they survive
re-runs and items moving within their document."""

from __future__ import annotations

import hashlib
import re

from sources.formats import BY_FORMAT
from sources.front_matter import body_text
from sources.models import Document, Item, ItemDraft

_SPACE = re.compile(r"\s+")
# Bump when a parser changes what it yields: stored documents are then re-parsed on the next refresh.
# 3: HTML is read by sources.html_text's own tokenizer (text of malformed pages may differ for the
# same bytes, so items stored under version 2 could point into a different text).
# 4: markdown through a CommonMark parser, front matter masked, heading paths, link lists, plain text
# in whole sections or chunks instead of one item per paragraph.
PARSER_VERSION = "4"


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


# A body this long identifies an item whatever its title (a teaser repeated under another title);
# shorter bodies ("None yet.") need the title too.
SELF_IDENTIFYING_BODY = 40


def _dedup_key(item: ItemDraft) -> tuple[str, ...]:
    """Kind and body (and title, for short bodies); a heading path above the title counts too, so
    "Load Balancing › Examples" and "Caching › Examples" stay two items."""
    body = _normal(item.body)
    above = (_normal(item.heading_path),) if item.heading_path and item.heading_path != item.title else ()
    if "part" in item.attributes:  # the parts of one long section are never each other's repeats
        above = (*above, f"part {item.attributes['part']}")
    if len(body) >= SELF_IDENTIFYING_BODY:
        return item.kind, body, *above
    return item.kind, _normal(item.title), body, *above


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


def items_of(document: Document) -> list[Item]:
    """The items of one document, in reading order, each once."""
    drafts = BY_FORMAT[document.format].parse(body_text(document.text))
    seen: set[tuple[str, ...]] = set()
    items: list[Item] = []
    for found in sorted(drafts, key=lambda d: (d.start_char, d.end_char)):
        key = _dedup_key(found)
        if key in seen:
            continue
        seen.add(key)
        items.append(
            Item(
                item_id=stable_id("item", document.doc_id, *key),
                doc_id=document.doc_id,
                position=len(items),
                **found.model_dump(exclude={"heading_path"}),
                heading_path=found.heading_path or found.title,
            )
        )
    return items
