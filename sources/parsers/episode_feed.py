"""Podcast feeds scraped from a player page: "• Title", a date line, description paragraphs,
"Show More Show Less" and a duration line ("9 mins")."""

from __future__ import annotations

import re
from datetime import datetime

from sources.models import ItemDraft
from sources.parsers.drafting import BULLET, bulleted_blocks, draft
from sources.text_lines import Line, content_lines

FORMAT = "episode_feed"

_DATE = re.compile(r"^(?P<month>[A-Z][a-z]{2})[a-z]*\.? (?P<day>\d{1,2}),? (?P<year>\d{4})$")
_DURATION = re.compile(r"^(?P<value>\d+)\s*(?P<unit>mins?|minutes?|hrs?|hours?)$", re.IGNORECASE)
_CONTROLS = re.compile(r"^(show more|show less|show more show less|play|share)$", re.IGNORECASE)


def _iso_date(line: Line) -> str | None:
    match = _DATE.match(line.text)
    if not match:
        return None
    try:
        parsed = datetime.strptime(f"{match['month']} {match['day']} {match['year']}", "%b %d %Y")
    except ValueError:
        return None
    return parsed.date().isoformat()


def _minutes(line: Line) -> int | None:
    match = _DURATION.match(line.text)
    if not match:
        return None
    value = int(match["value"])
    return value * 60 if match["unit"].lower().startswith(("h",)) else value


def matches(lines: list[Line]) -> bool:
    content = [line for line in lines if line.text and not line.is_decoration]
    dated = sum(
        1 for line, following in zip(content, content[1:]) if BULLET.match(line.text) and _iso_date(following)
    )
    # one dated episode is enough when the page also shows a duration ("9 mins"): a short feed
    return dated >= 2 or (dated == 1 and any(_minutes(line) is not None for line in content))


def parse(text: str) -> list[ItemDraft]:
    content = content_lines(text)
    starts = [i for i, line in enumerate(content[:-1]) if BULLET.match(line.text) and _iso_date(content[i + 1])]
    drafts, blocks = bulleted_blocks(content, starts)
    for title, block in blocks:
        duration = next((m for line in block[2:] if (m := _minutes(line)) is not None), None)
        description = [
            line for line in block[2:] if not _CONTROLS.match(line.text) and _minutes(line) is None
        ]
        drafts.append(
            draft(
                "episode",
                title,
                block,
                body="\n".join(line.text for line in description),
                date=_iso_date(block[1]),
                duration_minutes=duration,
            )
        )
    return drafts
