"""Which HTML elements are page furniture rather than the page's own text: navigation, the site's
header and footer, cookie banners, sidebars, share and ad widgets, forms and their controls.
`sources.html_text` asks `boilerplate_kind` for every start tag and drops what it names.

Two kinds, because the evidence differs:
- STRONG: what the element *is* (a landmark, as a screen reader announces it): `<nav>`, `<menu>`,
  `<dialog>`, form controls, role=navigation/banner/contentinfo/complementary/search/menu/dialog;
  `<footer>` only outside article/main/section (inside it is the article's own footer: the
  HTML-ARIA mapping says the same); `<aside>` only outside an article/section (inside it is a
  note that belongs to the text).
- WEAK: what the element is *called*: a class or id with a word such as nav, menu, sidebar,
  cookie, banner, share, breadcrumb, footer; `<form>`; and `<header>` outside article/main/section.
  These lie more often (a hero `<div class="banner">` or a hand-written page's `<header>` holds
  the page's `<h1>`, ASP.NET wraps the whole page in a `<form>`), so a weak element that turns
  out to contain an `<h1>` is kept.
Either kind is kept when it contains `<main>` or role=main (a wrapper `<div class="page
with-sidebar">` around the content); what it holds that is itself furniture is still dropped.
An `<article>` inside is no such sign: WordPress writes every reader comment as one. Headings
are never classified by name, nor is anything inside one.

Words are whole words of a class or id ("site-footer", "siteFooter" -> site, footer), so
"shared-cache" or "menuselection" never match; a name starting with has/with/no/is ("has-sidebar")
or ending with open/active/... ("sidebar-open") describes a page state, not a sidebar."""

from __future__ import annotations

import re

NONE, WEAK, STRONG = 0, 1, 2

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CONTENT_TAGS = frozenset({"main", "article"})  # never furniture themselves
CONTENT_ROLES = frozenset({"main", "article"})
MAIN_TAGS = frozenset({"main"})  # furniture holding one of these (or role=main) is kept
MAIN_ROLES = frozenset({"main"})
SCOPING_TAGS = frozenset({"main", "article", "section"})  # <header>/<footer> inside: the text's own
STRONG_TAGS = frozenset({"nav", "menu", "dialog", "button", "select", "textarea"})
TAGS_READ = STRONG_TAGS | {"header", "footer", "aside", "form"}  # furniture by tag: no attribute needed
STRONG_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alertdialog"}
)
# Class/id names are read on block elements only: on a link or a span inside a sentence a name
# like "related" or "toc-backref" (docutils headings) says nothing about the page.
NAMED_TAGS = frozenset(
    {
        "div", "section", "aside", "nav", "header", "footer", "ul", "ol", "li", "dl", "dt", "dd",
        "table", "tbody", "thead", "tr", "td", "th", "p", "form", "figure", "iframe", "details",
        "blockquote", "center",
    }
)
INLINE_NAMED_TAGS = frozenset({"a", "span"})  # only "skip to content" links are named furniture
INLINE_WORDS = frozenset({"skip", "skiplink"})
WORDS = frozenset(
    {
        "nav", "navbar", "navigation", "navbox", "navlinks", "topnav", "subnav", "sidenav", "mainnav",
        "menu", "menubar", "mainmenu", "megamenu", "submenu", "breadcrumb", "breadcrumbs",
        "sidebar", "widget", "widgets", "cookie", "cookies", "consent", "gdpr", "banner",
        "share", "sharing", "sharer", "social", "related", "newsletter", "subscribe", "comments",
        "disqus", "ad", "ads", "advert", "advertisement", "sponsored", "toc", "pagination", "pager",
        "popup", "modal", "skip", "skiplink", "topbar",
    }
)
PAGE_PART_WORDS = frozenset({"header", "footer", "masthead"})  # outside article/main/section only
STATE_FIRST_WORDS = frozenset({"has", "with", "without", "no", "is", "show", "hide"})
STATE_LAST_WORDS = frozenset(
    {"open", "opened", "closed", "collapsed", "expanded", "active", "enabled", "visible", "hidden", "layout"}
)
_NAME_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _named(value: str, words: frozenset[str], page_parts: bool) -> bool:
    for name in value.split():
        found = [word.lower() for word in _NAME_WORD.findall(name)]
        if not found or found[0] in STATE_FIRST_WORDS or found[-1] in STATE_LAST_WORDS:
            continue
        for word in found:
            if word in words or (page_parts and word in PAGE_PART_WORDS):
                return True
    return False


def boilerplate_kind(tag: str, attrs: dict[str, str], in_content: bool, in_article: bool) -> int:
    """NONE, WEAK or STRONG for a start tag; `attrs` holds its class, id and role (lowercased
    names, raw values); `in_content`: inside main/article/section (or role main/article);
    `in_article`: inside article/section."""
    role = attrs.get("role", "").strip().lower()
    if tag in CONTENT_TAGS or tag in HEADINGS or tag in ("html", "body") or role in CONTENT_ROLES:
        return NONE
    if role in STRONG_ROLES or tag in STRONG_TAGS:
        return STRONG
    if tag == "footer" and not in_content:
        return STRONG
    if tag == "header" and not in_content:
        return WEAK
    if tag == "aside" and not in_article:
        return STRONG
    if tag == "form":
        return WEAK
    names = " ".join(value for key, value in attrs.items() if key in ("class", "id"))
    if not names:
        return NONE
    if tag in NAMED_TAGS:
        return WEAK if _named(names, WORDS, not in_content) else NONE
    if tag in INLINE_NAMED_TAGS:
        return WEAK if _named(names, INLINE_WORDS, False) else NONE
    return NONE
