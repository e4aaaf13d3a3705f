"""Data-quality rules of the warehouse, as SQL over a DuckDB connection. The same rules run on a
new database before it replaces the old one (a blocking failure keeps the old one) and as Dagster
asset checks on the published warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb

from graph.candidates import MIN_IDENTIFIER_DOCS, MIN_NOUN_PHRASE_MENTIONS

Severity = Literal["error", "warn"]
# Above this many candidate terms per distinct entity found, the ontology is missing a lot.
CANDIDATES_PER_ENTITY_WARNING = 1.0

# Every candidate term of the corpus, from the per-document table: `entity_candidates` holds the
# first 500 only. Terms are grouped and kept as `graph.candidates.rank_candidates` does
# (`term_key`, `kept_over_corpus`); tests/warehouse/test_checks.py holds the two in step.
CANDIDATE_TERMS_SQL = f"""
    SELECT count(*) FROM (
        SELECT count(DISTINCT doc_id) AS n_docs, sum(n_mentions) AS n_mentions,
               bool_or(kind = 'noun_phrase') AS phrase,
               bool_and(kind = 'camel_case') AS camel,
               bool_and(regexp_matches(term, '^[a-z]')) AS code_like
        FROM document_candidates
        GROUP BY CASE WHEN regexp_matches(term, '^[A-Z][A-Z0-9]*[A-Z0-9]s$')
                      THEN lower(left(term, length(term) - 1)) ELSE lower(term) END)
    WHERE NOT (phrase AND n_mentions < {MIN_NOUN_PHRASE_MENTIONS})
      AND NOT (NOT phrase AND camel AND code_like AND n_docs < {MIN_IDENTIFIER_DOCS})"""


@dataclass(frozen=True)
class WarehouseCheck:
    name: str
    table: str  # the warehouse table (asset) the rule is about
    description: str
    sql: str  # returns (problems, example) — 0 problems is a pass
    blocking: bool = True
    severity: Severity = "error"


@dataclass(frozen=True)
class CheckOutcome:
    check: WarehouseCheck
    problems: int
    example: str | None

    @property
    def passed(self) -> bool:
        return self.problems == 0


CHECKS: tuple[WarehouseCheck, ...] = (
    WarehouseCheck(
        "mention_offsets_match", "mentions",
        "Every mention's surface is the document text at its offsets.",
        """SELECT count(*), min(m.mention_id) FROM mentions m LEFT JOIN documents d USING (doc_id)
           WHERE d.doc_id IS NULL OR substr(d.text, m.start_char + 1, m.end_char - m.start_char) <> m.surface""",
    ),
    WarehouseCheck(
        "no_orphan_mentions", "mentions",
        "Every mention points to an existing item and entity.",
        """SELECT count(*), min(m.mention_id) FROM mentions m
           LEFT JOIN items i ON i.item_id = m.item_id LEFT JOIN entities e ON e.entity_id = m.entity_id
           WHERE i.item_id IS NULL OR e.entity_id IS NULL""",
    ),
    WarehouseCheck(
        "no_orphan_edges", "graph_edges",
        "Every edge joins two existing nodes.",
        """SELECT count(*), min(g.source || ' -> ' || g.target) FROM graph_edges g
           LEFT JOIN graph_nodes s ON s.node_id = g.source LEFT JOIN graph_nodes t ON t.node_id = g.target
           WHERE s.node_id IS NULL OR t.node_id IS NULL""",
    ),
    WarehouseCheck(
        "valid_entity_types", "entities",
        "Every entity is a company, technology, concept or aws_service.",
        """SELECT count(*), min(entity_id) FROM entities
           WHERE entity_type NOT IN ('company', 'technology', 'concept', 'aws_service')""",
    ),
    WarehouseCheck(
        "no_duplicate_ids", "items",
        "Document, item, mention, entity and node ids are unique.",
        """SELECT count(*), min(id) FROM (
               SELECT doc_id AS id FROM documents GROUP BY ALL HAVING count(*) > 1
               UNION ALL SELECT item_id FROM items GROUP BY ALL HAVING count(*) > 1
               UNION ALL SELECT mention_id FROM mentions GROUP BY ALL HAVING count(*) > 1
               UNION ALL SELECT entity_id FROM entities GROUP BY ALL HAVING count(*) > 1
               UNION ALL SELECT node_id FROM graph_nodes GROUP BY ALL HAVING count(*) > 1)""",
    ),
    WarehouseCheck(
        "related_items_across_documents", "related_items",
        "Related items always belong to another document.",
        """SELECT count(*), min(x.item_id) FROM related_items x
           JOIN items a ON a.item_id = x.item_id JOIN items b ON b.item_id = x.related_item_id
           WHERE a.doc_id = b.doc_id""",
    ),
    WarehouseCheck(
        "every_document_has_items", "documents",
        "Every document that was read yields at least one item.",
        """SELECT count(*), min(d.source_path) FROM documents d
           WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.doc_id = d.doc_id)""",
        blocking=False,
    ),
    WarehouseCheck(
        "unresolved_candidates", "entity_candidates",
        f"Candidate terms stay below {CANDIDATES_PER_ENTITY_WARNING:g} per distinct entity found "
        "(otherwise the ontology misses much of the corpus); all of them count, not only the "
        "ranked table's first 500.",
        f"""WITH terms AS ({CANDIDATE_TERMS_SQL})
            SELECT CASE WHEN (SELECT * FROM terms)
                              > {CANDIDATES_PER_ENTITY_WARNING} * greatest(1, (SELECT count(DISTINCT entity_id) FROM mentions))
                        THEN (SELECT * FROM terms) ELSE 0 END,
                   (SELECT min(term) FROM entity_candidates WHERE rank = 1)""",
        blocking=False,
        severity="warn",
    ),
)


def run_checks(con: duckdb.DuckDBPyConnection, checks: tuple[WarehouseCheck, ...] = CHECKS) -> list[CheckOutcome]:
    outcomes = []
    for check in checks:
        problems, example = con.execute(check.sql).fetchone()
        outcomes.append(CheckOutcome(check, int(problems or 0), None if example is None else str(example)))
    return outcomes


class WarehouseCheckError(RuntimeError):
    """A blocking data-quality rule failed on a new build: the previous warehouse was kept."""

    def __init__(self, failures: list[CheckOutcome]):
        self.failures = failures
        detail = "; ".join(f"{f.check.name}: {f.problems} problem(s), e.g. {f.example}" for f in failures)
        super().__init__(f"the new warehouse failed blocking checks, the previous one was kept: {detail}")
