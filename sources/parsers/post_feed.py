"""Blog index pages: "• Title", the title repeated as a heading, a teaser paragraph, "Read more"."""

from __future__ import annotations

import re

from sources.models import ItemDraft
from sources.parsers.drafting import BULLET, bulleted_blocks, draft
from sources.text_lines import Line, content_lines

FORMAT = "post_feed"

_READ_MORE = re.compile(r"^(read more|continue reading|read the post)\W*$", re.IGNORECASE)


def matches(lines: list[Line]) -> bool:
    content = [line for line in lines if line.text]
    bullets = sum(1 for line in content if BULLET.match(line.text))
    more = sum(1 for line in content if _READ_MORE.match(line.text))
    return (bullets >= 2 and more >= 2) or (bullets == 1 and more == 1)


def parse(text: str) -> list[ItemDraft]:
    content = content_lines(text)
    starts = [i for i, line in enumerate(content) if BULLET.match(line.text)]
    drafts, blocks = bulleted_blocks(content, starts)
    for title, block in blocks:
        body_lines = [
            line for line in block[1:] if not _READ_MORE.match(line.text) and line.text != title
        ]
        body = "\n".join(line.text for line in body_lines)
        drafts.append(draft("blog_post", title, block, body=body, truncated=body.endswith(("…", "..."))))
    return drafts
