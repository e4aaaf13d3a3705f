"""Knowledge-base pages (scraped single-page sites): sections of cards, each card a fixed run of
lines (architecture cards, AI/ML guides, Well-Architected pillars, project scenarios, code-reading
entries, troubleshooting guides) plus glued tables (service selection, symptoms, glossary) and
cost tips. Lines no card claims become `section` items, so no text is lost."""

from __future__ import annotations

import re
from collections.abc import Callable

from sources.models import ItemDraft
from sources.parsers.drafting import draft, headline
from sources.text_lines import DIAGRAM_CHARS, Line, content_lines, split_glued_head, split_list

FORMAT = "knowledge_base"

SECTION_HEADINGS = (
    "System Architectures",
    "AI / ML",
    "AWS Architecture",
    "Real-World Scenarios",
    "Read Code",
    "Troubleshooting",
)
_LEVEL = re.compile(r"^(Beginner|Intermediate|Advanced|Expert)([–-](Beginner|Intermediate|Advanced|Expert))?$")
_NUMBER = re.compile(r"^\d{1,2}$")
_FILES = re.compile(r"^[\w.-]+\.[A-Za-z]{1,8}( · [\w.-]+\.[A-Za-z]{1,8})*$")
_SAVINGS = re.compile(r"\bsavings$", re.IGNORECASE)
_GLOSSARY_HEADING = re.compile(r"terminology|glossary", re.IGNORECASE)
_TABLES = {
    re.compile(r"^Use Case\b"): "service_selection",
    re.compile(r"^Symptom"): "symptom",
}

Claimed = set[int]
SectionParser = Callable[[list[Line], Claimed], list[ItemDraft]]


def matches(lines: list[Line]) -> bool:
    texts = {line.text for line in lines}
    return sum(1 for heading in SECTION_HEADINGS if heading in texts) >= 3


def _line(lines: list[Line], index: int) -> Line | None:
    return lines[index] if 0 <= index < len(lines) else None


def _architectures(lines: list[Line], claimed: Claimed) -> list[ItemDraft]:
    anchors = [k for k, line in enumerate(lines) if _LEVEL.match(line.text) and k >= 2]
    drafts = []
    for position, k in enumerate(anchors):
        end = anchors[position + 1] - 2 if position + 1 < len(anchors) else len(lines)
        card = lines[k - 2 : end]
        summary, tags = _line(lines, k + 1), _line(lines, k + 2)
        metrics, diagram = [], []
        for line in lines[k + 3 : end]:
            if DIAGRAM_CHARS.search(line.text) or diagram:
                diagram.append(" " * line.indent + line.text)
            else:
                value, label = split_glued_head(line.text)
                metrics.append({"value": value, "label": label} if label else {"value": line.text})
        drafts.append(
            draft(
                "architecture",
                lines[k - 2].text,
                card,
                body=summary.text if summary else "",
                scale=lines[k - 1].text,
                level=lines[k].text,
                tags=tags.text if tags else None,
                metrics=metrics,
                diagram="\n".join(diagram),
            )
        )
        claimed.update(range(k - 2, end))
    return drafts


def _glued_rows(lines: list[Line], start: int, kind: str, claimed: Claimed, **attributes: str) -> list[ItemDraft]:
    drafts = []
    for index in range(start, len(lines)):
        head, rest = split_glued_head(lines[index].text)
        if not rest:
            break
        drafts.append(draft(kind, head, [lines[index]], body=rest, row=lines[index].text, **attributes))
        claimed.add(index)
    return drafts


def _ai_ml(lines: list[Line], claimed: Claimed) -> list[ItemDraft]:
    glossary = next((k for k, line in enumerate(lines) if _GLOSSARY_HEADING.search(line.text)), len(lines))
    drafts = []
    for k, line in enumerate(lines[:glossary]):
        name, topics, tags = _line(lines, k + 1), _line(lines, k + 2), _line(lines, k + 3)
        if _LEVEL.match(line.text) and name and topics and k + 3 < glossary:
            drafts.append(
                draft(
                    "ai_ml_guide",
                    name.text,
                    [line, name, topics, tags],
                    body=topics.text,
                    level=line.text,
                    topics=split_list(topics.text),
                    tags=tags.text if tags else None,
                )
            )
            claimed.update(range(k, k + 4))
    if glossary < len(lines):
        drafts += _glued_rows(lines, glossary + 1, "glossary_term", claimed, glossary=lines[glossary].text)
    return drafts


def _tables(lines: list[Line], claimed: Claimed) -> list[ItemDraft]:
    drafts = []
    for k, line in enumerate(lines):
        kind = next((kind for pattern, kind in _TABLES.items() if pattern.match(line.text)), None)
        if kind and k not in claimed:
            # the caption and header lines stay unclaimed: they become a `section` item
            table = lines[k - 1].text if k > 0 and k - 1 not in claimed else ""
            drafts += _glued_rows(lines, k + 1, kind, claimed, table=table, header=line.text)
    return drafts


def _numbered_cards(lines: list[Line], claimed: Claimed, kind: str, fields: tuple[str, ...]) -> list[ItemDraft]:
    """Cards that start with a number line ("01") followed by one line per field."""
    drafts = []
    for k, line in enumerate(lines):
        run = lines[k + 1 : k + 1 + len(fields)]
        if not _NUMBER.match(line.text) or len(run) < len(fields) or k in claimed:
            continue
        if any(_NUMBER.match(part.text) for part in run):
            continue
        values = dict(zip(fields, (part.text for part in run)))
        title_field = "name"
        attributes = {
            field: split_list(value) if "·" in value else value
            for field, value in values.items()
            if field != title_field
        }
        body = " · ".join(value for field, value in values.items() if field != title_field)
        drafts.append(draft(kind, values[title_field], [line, *run], body=body, number=int(line.text), **attributes))
        claimed.update(range(k, k + 1 + len(fields)))
    return drafts


def _aws(lines: list[Line], claimed: Claimed) -> list[ItemDraft]:
    drafts = _numbered_cards(lines, claimed, "well_architected_pillar", ("name", "practices", "services"))
    drafts += _tables(lines, claimed)
    for k in range(len(lines) - 2):
        category, tip, savings = lines[k : k + 3]
        if _SAVINGS.search(savings.text) and not claimed.intersection({k, k + 1, k + 2}):
            drafts.append(draft("cost_tip", tip.text, [category, tip, savings], body=tip.text,
                                category=category.text, savings=savings.text))
            claimed.update({k, k + 1, k + 2})
    return drafts


def _scenarios(lines: list[Line], claimed: Claimed) -> list[ItemDraft]:
    return _numbered_cards(lines, claimed, "scenario", ("domain", "name", "features", "services"))


def _code_reading(lines: list[Line], claimed: Claimed) -> list[ItemDraft]:
    drafts = []
    for k, line in enumerate(lines):
        name, concepts = _line(lines, k - 1), _line(lines, k + 1)
        if not (_FILES.match(line.text) and name and concepts):
            continue
        icon = _line(lines, k - 2)
        card = [name, line, concepts]
        if icon and len(icon.text) <= 3 and k - 2 not in claimed:
            card.insert(0, icon)
            claimed.add(k - 2)
        drafts.append(draft("code_reading", name.text, card, body=concepts.text, language=name.text,
                            files=split_list(line.text), concepts=split_list(concepts.text)))
        claimed.update({k - 1, k, k + 1})
    return drafts


def _troubleshooting(lines: list[Line], claimed: Claimed) -> list[ItemDraft]:
    drafts = _tables(lines, claimed)
    for k, line in enumerate(lines):
        name = _line(lines, k - 1)
        if "·" in line.text and name and k not in claimed and k - 1 not in claimed and len(name.text) <= 40:
            drafts.append(draft("troubleshooting", name.text, [name, line], body=line.text,
                                topics=split_list(line.text)))
            claimed.update({k - 1, k})
    return drafts


_SECTION_PARSERS: dict[str, SectionParser] = {
    "System Architectures": _architectures,
    "AI / ML": _ai_ml,
    "AWS Architecture": _aws,
    "Real-World Scenarios": _scenarios,
    "Read Code": _code_reading,
    "Troubleshooting": _troubleshooting,
}


def _leftovers(lines: list[Line], claimed: Claimed, section: str) -> list[ItemDraft]:
    """Contiguous runs of lines no card claimed, as `section` items titled by their first line."""
    drafts, run = [], []
    for index, line in enumerate([*lines, None]):
        if line is not None and index not in claimed:
            run.append(line)
            continue
        if run:
            short_head = len(run[0].text) <= 60
            title = run[0].text if short_head else headline(run[0].text, 60)
            body = "\n".join(part.text for part in (run[1:] if short_head else run))
            drafts.append(draft("section", title, run, body=body, section=section))
        run = []
    return drafts


def parse(text: str) -> list[ItemDraft]:
    lines = content_lines(text)
    bounds = [k for k, line in enumerate(lines) if line.text in SECTION_HEADINGS]
    bound_set = set(bounds)
    drafts: list[ItemDraft] = []
    starts = [0, *bounds]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        heading = lines[start].text if start in bound_set else ""
        section = lines[start:end]  # the heading line is left to the section's opening item
        claimed: Claimed = set()
        parser = _SECTION_PARSERS.get(heading)
        found = parser(section, claimed) if parser else []
        found += _leftovers(section, claimed, heading or "preamble")
        drafts += sorted(
            (d if "section" in d.attributes else d.model_copy(update={"attributes": {**d.attributes, "section": heading}})
             for d in found),
            key=lambda item: item.start_char,
        )
    return drafts
