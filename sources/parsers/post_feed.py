"""Blog index pages: "• Title", the title repeated as a heading, a teaser paragraph, "Read more"."""

from __future__ import annotations

import re

from sources.models import ItemDraft
from sources.parsers.drafting import draft
from sources.parsers.episode_feed import BULLET
from sources.text_lines import Line, content_lines

FORMAT = "post_feed"

_READ_MORE = re.compile(r"^(read more|continue reading|read the post)\W*$", re.IGNORECASE)


def matches(lines: list[Line]) -> bool:
    content = [line for line in lines if line.text]
    bullets = sum(1 for line in content if BULLET.match(line.text))
    more = sum(1 for line in content if _READ_MORE.match(line.text))
    return bullets >= 2 and more >= 2


def parse(text: str) -> list[ItemDraft]:
    content = content_lines(text)
    starts = [i for i, line in enumerate(content) if BULLET.match(line.text)]
    drafts: list[ItemDraft] = []
    if starts and starts[0] > 0:
        head = content[: starts[0]]
        drafts.append(draft("overview", head[0].text, head, body=" ".join(line.text for line in head[1:])))
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(content)
        block = content[start:end]
        title = BULLET.match(block[0].text)["title"]
        body_lines = [
            line for line in block[1:] if not _READ_MORE.match(line.text) and line.text != title
        ]
        body = "\n".join(line.text for line in body_lines)
        drafts.append(draft("blog_post", title, block, body=body, truncated=body.endswith(("…", "..."))))
    return drafts
