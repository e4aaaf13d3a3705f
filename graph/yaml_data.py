"""Reading our data files (the ontology, the gold sample): YAML validated by a pydantic model, with
errors that name the file, the entry (1-based, with its key) and the field."""

from __future__ import annotations

from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
# libyaml's C parser (in PyYAML's wheels) reads the ontology about 10x faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry(raw: object, index: int, key: str) -> str:
    if isinstance(raw, dict) and isinstance(raw.get(key), str):
        return f"entry #{index + 1} ({key} {raw[key]!r})"
    return f"entry #{index + 1}"


def parse_yaml_model(text: str, source: str, model: type[M], error: type[Exception], key: str, entries: str = "entities") -> M:
    """Validate YAML `text` as `model`; raise `error` naming `source`, the entry of the `entries`
    list (by its `key` field) and the field of every problem."""
    try:
        raw = yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        listed = raw.get(entries) if isinstance(raw, dict) else None
        problems = []
        for problem in exc.errors():
            loc = list(problem["loc"])
            if len(loc) >= 2 and loc[0] == entries and isinstance(loc[1], int) and isinstance(listed, list):
                where = _entry(listed[loc[1]], loc[1], key)
                field = ".".join(str(part) for part in loc[2:]) or "(entry)"
            else:
                where, field = "file", ".".join(str(part) for part in loc) or "(root)"
            problems.append(f"{source}: {where}, field {field!r}: {problem['msg']}")
        raise error("\n".join(problems)) from exc
