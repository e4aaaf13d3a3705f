"""HTML -> readable text with markdown-style headings, so HTML documents go through the same
parsers as text and markdown. Scripts, styles and markup never reach the text.

The page is read by a small single-pass tokenizer rather than `html.parser.HTMLParser`: on
malformed input the standard parser is quadratic (5 MB of "<a<a<a..." or "<!--<!--..." takes
hours: it re-scans the rest of the page at every unclosed "<") and can raise (`"<![x"` fails an
assertion). Here every character is looked at a bounded number of times, nothing recurses (10,000
nested `<div>`s are a counter, not a stack), and nothing raises. On well-formed pages the text is
the same as the standard parser's (tests compare the two). How broken markup is read:
- a tag runs to its first `>` outside a quoted attribute value; a quote that never closes is
  ignored (the tag ends at the next `>`); a tag with no `>` after it is text, like the rest of
  the page after it;
- a comment, `<!...>` declaration, `<![CDATA[...]]>` section or `<?...?>` instruction that is
  never closed runs to the end of the page (it is dropped, as a browser would);
- `<body>` ends an unclosed `<head>` (as in a browser) instead of hiding the whole page;
- `<script>` and `<style>` contents are skipped up to their end tag (to the end of the page when it
  is missing), so markup-looking strings inside a script never become text; inline event handlers
  (`onclick="..."`) are attributes, and attributes never reach the text."""

from __future__ import annotations

import re
from html import unescape

_SPACES = re.compile(r"\s+")

_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "ul", "ol", "li",
    "table", "tr", "br", "hr", "pre", "blockquote", "dl", "dt", "dd", "figure", "figcaption",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIPPED = {"script", "style", "noscript", "template", "svg", "head"}
_RAW_TEXT = {"script", "style"}  # their content is not markup: only their end tag ends it

# Same tag-name rule as html.parser: a letter, then anything up to whitespace, "/", ">" or NUL.
_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*+")
_ATTRIBUTE_RUN = re.compile(r"[^>=]*+")  # attribute names, bare values, spaces: up to ">" or "="
_EQUALS = re.compile(r"=++\s*+")
_BARE_VALUE = re.compile(r"[^>\s]*+")
_MARKUP = re.compile(r"<[a-zA-Z/!?]")  # a "<" that can start markup; any other "<" is text
_SPACED_END_TAG = re.compile(r"</\s*+([a-zA-Z][-.a-zA-Z0-9:_]*+)\s*+>")  # "</ div >"
_COMMENT_END = re.compile(r"--\s*+>")
_RAW_TEXT_END = {tag: re.compile(rf"</\s*+{tag}\s*+>", re.IGNORECASE) for tag in _RAW_TEXT}


class _Finder:
    """`str.find` that remembers where a character stopped occurring, so a search that failed once
    is never repeated over the same text (keeps the tokenizer linear on pages full of unclosed
    quotes or tags)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._absent_from: dict[str, int] = {}

    def find(self, char: str, start: int) -> int:
        absent = self._absent_from.get(char)
        if absent is not None and start >= absent:
            return -1
        found = self.text.find(char, start)
        if found < 0:
            self._absent_from[char] = start if absent is None else min(start, absent)
        return found


class _TextCollector:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = True
        if tag == "body":  # a body starts outside <head> (and any unclosed skipped element)
            self._skip_depth = 0
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag in _HEADINGS:
            self.parts.append("\n\n" + "#" * _HEADINGS[tag] + " ")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in _BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n\n" if tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _HEADINGS or tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not data:
            return
        if self._in_title:
            self.title.append(unescape(data))
        elif not self._skip_depth:
            self.parts.append(_SPACES.sub(" ", unescape(data)))


def _start_tag_end(html: str, position: int, finder: _Finder) -> tuple[int, bool]:
    """(index just past the `>` ending the start tag whose attributes begin at `position`, whether
    it is self-closing "<br/>"), or (-1, False) when no `>` ends it. Attribute values follow
    html.parser: quoted, or bare up to whitespace or `>` (so the "/" of `<a href=/x/>` is the
    value's, and the tag is not self-closing)."""
    while True:
        position = _ATTRIBUTE_RUN.match(html, position).end()
        if position >= len(html):
            return -1, False
        if html[position] == ">":
            return position + 1, html[position - 1] == "/"
        position = _EQUALS.match(html, position).end()  # at "=": a value follows
        if position < len(html) and html[position] in "\"'":
            close = finder.find(html[position], position + 1)
            if close < 0:  # a quote that never closes: the tag ends at the next ">"
                end = finder.find(">", position)
                return (-1, False) if end < 0 else (end + 1, False)
            position = close + 1
        else:
            position = _BARE_VALUE.match(html, position).end()
            if position < len(html) and html[position] == ">":
                return position + 1, False


def _tokenize(html: str, collector: _TextCollector) -> None:
    finder = _Finder(html)
    length = len(html)
    position = 0
    while position < length:
        markup = _MARKUP.search(html, position)
        if markup is None:
            collector.handle_data(html[position:])
            return
        opening = markup.start()
        collector.handle_data(html[position:opening])
        position = opening
        following = html[opening + 1 : opening + 2]
        if following.isascii() and following.isalpha():  # a start tag
            name = _TAG_NAME.match(html, opening + 1)
            end, self_closing = _start_tag_end(html, name.end(), finder)
            if end < 0:  # never closed: the rest of the page is text
                collector.handle_data(html[opening:])
                return
            tag = name.group().lower()
            collector.handle_starttag(tag)
            if self_closing:  # <br/>
                collector.handle_endtag(tag)
            elif tag in _RAW_TEXT:
                closing = _RAW_TEXT_END[tag].search(html, end)
                if closing is None:
                    return  # the script runs to the end of the page
                end = closing.end()
                collector.handle_endtag(tag)
            position = end
        elif following == "/":
            name = _TAG_NAME.match(html, opening + 2)
            end = finder.find(">", opening + 2)
            if end < 0:
                if name:  # an end tag never closed: text, like an unclosed start tag
                    collector.handle_data(html[opening:])
                return  # "</" + anything else is a bogus comment to the end of the page
            if not name:
                name = _SPACED_END_TAG.match(html, opening)
                if name:
                    end = name.end() - 1
            if name:
                collector.handle_endtag(name.group(name.lastindex or 0).lower())
            position = end + 1
        elif html.startswith("<!--", opening):
            closing = _COMMENT_END.search(html, opening + 4)
            if closing is None:
                return
            position = closing.end()
        elif html.startswith("<![CDATA[", opening):
            end = html.find("]]>", opening + 9)
            if end < 0:
                return
            position = end + 3
        else:  # "<!" or "<?": <!DOCTYPE ...>, <?xml ...?>, other bogus comments
            end = finder.find(">", opening + 2)
            if end < 0:
                return
            position = end + 1


def tidy_text(parts: list[str]) -> str:
    """Collected text parts -> lines with single spaces and at most one blank line between them."""
    lines = [" ".join(line.split()) for line in "".join(parts).splitlines()]
    text, blank = [], False
    for line in lines:
        if line:
            text.append(line)
            blank = False
        elif not blank and text:
            text.append("")
            blank = True
    return "\n".join(text).strip() + "\n"


def html_to_text(html: str) -> tuple[str, str]:
    """Returns (text, title); the title is the `<title>` element's text, or ''."""
    collector = _TextCollector()
    _tokenize(html, collector)
    return tidy_text(collector.parts), " ".join("".join(collector.title).split())


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
