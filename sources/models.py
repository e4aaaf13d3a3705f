"""Domain models of the reading stage: a decoded document, the items split out of it, and the
issues met while reading. Every later stage (extraction, graph, warehouse, map) takes these."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Document(BaseModel):
    """One corpus file, decoded. `text` is what every offset of every later stage indexes into."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    source_path: str = Field(description="path relative to the corpus folder, with '/' separators")
    title: str
    source_type: Literal["text", "markdown", "html"] = Field(description="what the file was: html is turned into text")
    format: str = Field(description="the detected document format (which parser read it)")
    encoding: str
    content_sha256: str = Field(description="sha256 of the file's bytes")
    n_chars: int
    text: str
    attributes: dict[str, Any] = Field(
        default_factory=dict, description="from the front matter: title, description, tags, categories, date"
    )

    @model_validator(mode="after")
    def _n_chars_matches_text(self) -> Document:
        if self.n_chars != len(self.text):
            raise ValueError("n_chars must equal len(text)")
        return self


class Item(BaseModel):
    """A unit of a document (an episode, an architecture card, a troubleshooting guide, ...).

    `start_char`/`end_char` delimit the item's span in `Document.text`; title and body are cleaned
    for display, the span is what extraction reads."""

    model_config = ConfigDict(frozen=True)

    item_id: str
    doc_id: str
    kind: str
    title: str
    body: str
    position: int = Field(description="0-based order of the item within its document")
    start_char: int
    end_char: int
    heading_path: str = Field(
        default="", description="the headings above the item and its title, joined by ' › ' (default: the title)"
    )
    attributes: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _path_defaults_to_title(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("heading_path"):
            data = {**data, "heading_path": data.get("title", "")}
        return data

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Item:
        if not 0 <= self.start_char <= self.end_char:
            raise ValueError(f"bad span {self.start_char}..{self.end_char}")
        return self


class DocumentIssue(BaseModel):
    """A file that was skipped or repaired while reading, and why."""

    model_config = ConfigDict(frozen=True)

    source_path: str
    action: Literal["skipped", "repaired"]
    reason: str


class ItemDraft(BaseModel):
    """What a parser finds: an item before ids, positions and de-duplication are assigned."""

    model_config = ConfigDict(frozen=True)

    kind: str
    title: str
    body: str
    start_char: int
    end_char: int
    heading_path: str = ""  # empty: the title alone
    attributes: dict[str, Any] = Field(default_factory=dict)
