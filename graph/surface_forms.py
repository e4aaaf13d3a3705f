"""Ontology entities -> the surface forms the matcher looks for, each with its matching rule.

Rules (data-driven, from the ontology): acronyms and short names (<= 3 characters) and the forms an
entry marks `ambiguous` match case-sensitively; everything else matches case-insensitively. Plural
and hyphen/space variants are generated here, so the ontology lists each form once; an ambiguous
product or company name gets no plural ("Nodes" are not Node.js, "Sparks" not Spark)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.ontology import Ontology, OntologyEntity

_PLURAL_ES = re.compile(r"(s|x|z|ch|sh)$", re.IGNORECASE)
_CONSONANT_Y = re.compile(r"[^aeiou]y$", re.IGNORECASE)
_ENDS_WITH_LETTER = re.compile(r"[A-Za-z]$")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]|[A-Z][A-Z][a-z]")
# Names of one product or organisation: their ambiguous forms are common words in the plural.
_NAMED_TYPES = ("company", "technology")


@dataclass(frozen=True)
class SurfaceForm:
    text: str
    entity_id: str
    alias: str  # the ontology form this variant comes from
    case_sensitive: bool
    ambiguous: bool

    @property
    def rule(self) -> str:
        return ("exact_case" if self.case_sensitive else "any_case") + ("+context" if self.ambiguous else "")


def is_case_sensitive(form: str, entity: OntologyEntity) -> bool:
    return len(form) <= 3 or not any(ch.islower() for ch in form) or form in entity.ambiguous


def plural(form: str) -> str | None:
    """English plural of the form's last word, or None when it has none ("Kafka" -> "Kafkas" is
    harmless; "CDN" -> "CDNs"; "index" -> "indexes"; "proxy" -> "proxies")."""
    if not _ENDS_WITH_LETTER.search(form):
        return None
    if not any(ch.islower() for ch in form):
        return form + "s"
    if _CONSONANT_Y.search(form):
        return form[:-1] + "ies"
    if _PLURAL_ES.search(form):
        return form + "es"
    return form + "s"


def variants(form: str, plurals: bool = True) -> list[str]:
    spelled = [form]
    if "-" in form:
        spelled += [form.replace("-", " "), form.replace("-", "")]
    elif " " in form and len(form.split()) == 2 and form.islower():
        spelled.append(form.replace(" ", "-"))
    with_plurals = []
    for text in spelled:
        with_plurals.append(text)
        if plurals and (many := plural(text)) is not None:
            with_plurals.append(many)
    return list(dict.fromkeys(with_plurals))


def surface_forms(ontology: Ontology) -> list[SurfaceForm]:
    forms: list[SurfaceForm] = []
    for entity in ontology.entities:
        for alias in entity.surface_forms:
            if alias in entity.generic:
                continue
            case_sensitive = is_case_sensitive(alias, entity)
            ambiguous = alias in entity.ambiguous
            spelled = variants(alias, plurals=not (ambiguous and entity.type in _NAMED_TYPES))
            if not case_sensitive and _INNER_CAPITAL.search(alias):
                # the tokenizer splits CamelCase ("Postgre|SQL"); the lowercase spelling is one token
                spelled += [text.lower() for text in spelled]
            for text in dict.fromkeys(spelled):
                forms.append(SurfaceForm(text, entity.id, alias, case_sensitive, ambiguous))
    return forms
