"""One parser per document format. Each module exposes `FORMAT`, `matches(lines)` (does the text look
like this format?) and `parse(text)` (the item drafts it holds). `sources.formats` picks one."""
