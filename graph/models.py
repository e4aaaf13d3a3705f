"""Domain models of the extraction and linking stages: entity mentions found in items and the
related-item links derived from them. Items and documents come from `sources.models`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Mention(BaseModel):
    """One occurrence of an ontology entity in an item; offsets index `Document.text`."""

    model_config = ConfigDict(frozen=True)

    mention_id: str
    entity_id: str
    item_id: str
    doc_id: str
    start_char: int
    end_char: int
    surface: str
    sentence: str
    matched_alias: str
    match_rule: str


class RelatedItem(BaseModel):
    """`related_item_id` is, for `item_id`, the `rank`-th best item of another document."""

    model_config = ConfigDict(frozen=True)

    item_id: str
    related_item_id: str
    rank: int
    score: float
    shared_entities: list[str]
    paths: list[str] = []  # one-hop ontology paths that add to the score: "redis is_a caching"
