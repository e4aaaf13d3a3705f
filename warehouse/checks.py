"""Data-quality rules of the warehouse, as SQL over a DuckDB connection, at least one per table. The
same rules run on a new database before it replaces the old one (a blocking failure keeps the old
one) and, one Dagster asset check each, on the published warehouse.

The rules test what the schema cannot: agreement between tables and with the text (offsets, spans,
sentences, counts and sums), never what a key or a constraint of schema.sql already enforces.
Blocking rules guard what the map and the exports show; the others report without stopping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb

from graph.candidates import MIN_IDENTIFIER_DOCS, MIN_NOUN_PHRASE_MENTIONS
from graph.related import NOT_LINKED

Severity = Literal["error", "warn"]
# Above this many candidate terms per distinct entity found, the ontology is missing a lot.
CANDIDATES_PER_ENTITY_WARNING = 1.0
# The item kinds README ("Documents and items") documents; tests/warehouse/test_checks.py keeps the two equal.
DOCUMENTED_ITEM_KINDS = (
    "episode", "article", "core_topic", "design_question", "note", "architecture", "ai_ml_guide", "glossary_term",
    "well_architected_pillar", "service_selection", "cost_tip", "scenario", "code_reading", "troubleshooting",
    "symptom", "blog_post", "overview", "section", "paragraph", "link_list", "table_of_contents",
)
# Which node types each relation joins (source, target); any other relation is an ontology relation
# between two entities. `part_of` is both a page's structure and an ontology relation.
EDGE_ENDS = {
    "mentions": [("item", "entity")],
    "part_of": [("item", "group"), ("item", "document"), ("group", "document"), ("entity", "entity")],
    "co_occurs_with": [("entity", "entity")],
    "related_to": [("item", "item")],
}


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def _edge_ends_sql() -> str:
    rows = [f"('{relation}', '{source}', '{target}')" for relation, ends in EDGE_ENDS.items() for source, target in ends]
    return "VALUES " + ", ".join(rows)


# A term's key as `graph.candidates.term_key` groups spellings: lowercase, an acronym's plural with its singular.
_TERM_KEY = "CASE WHEN regexp_matches(term, '^[A-Z][A-Z0-9]*[A-Z0-9]s$') THEN lower(left(term, length(term) - 1)) ELSE lower(term) END"

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
        GROUP BY {_TERM_KEY})
    WHERE NOT (phrase AND n_mentions < {MIN_NOUN_PHRASE_MENTIONS})
      AND NOT (NOT phrase AND camel AND code_like AND n_docs < {MIN_IDENTIFIER_DOCS})"""

# Text compared without case, punctuation and whitespace (titles are plain text, spans hold markup).
_LETTERS = "regexp_replace(lower({}), '[^\\pL\\pN]+', '', 'g')"
_SPAN_LETTERS = _LETTERS.format("substr(d.text, i.start_char + 1, i.end_char - i.start_char)")
# The words of the title without a long section's "(1/3)" and a cut title's "…" (markup such as HTML
# tags, link targets and images stays in the span, so the words are looked for one by one).
_TITLE_WORDS = (
    "list_filter(regexp_split_to_array(lower(regexp_replace(regexp_replace(i.title, ' \\(1/\\d+\\)$', ''), '…$', '')),"
    " '[^\\pL\\pN]+'), lambda w: w <> '')"
)


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
    # documents
    WarehouseCheck(
        "documents_match_their_text", "documents",
        "Every document's n_chars is the length of its text, its content_sha256 is a sha256, its "
        "source_path is relative and inside the corpus folder, and its title has words.",
        """SELECT count(*), min(source_path) FROM documents
           WHERE n_chars <> length(text) OR NOT regexp_full_match(content_sha256, '[0-9a-f]{64}')
              OR starts_with(source_path, '/') OR regexp_matches(source_path, '(^|/)\\.\\.(/|$)')
              OR trim(title) = ''""",
    ),
    WarehouseCheck(
        "every_document_has_items", "documents",
        "Every document that was read yields at least one item.",
        """SELECT count(*), min(d.source_path) FROM documents d
           WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.doc_id = d.doc_id)""",
        blocking=False,
    ),
    # document_issues
    WarehouseCheck(
        "issues_agree_with_documents", "document_issues",
        "A file listed as skipped has no row in documents; a file listed only as repaired has one.",
        """WITH paths AS (SELECT source_path, bool_or(action = 'skipped') AS skipped
                          FROM document_issues GROUP BY source_path)
           SELECT count(*), min(p.source_path) FROM paths p LEFT JOIN documents d USING (source_path)
           WHERE p.skipped = (d.doc_id IS NOT NULL)""",
        blocking=False,
    ),
    # items
    WarehouseCheck(
        "item_spans_hold_titles", "items",
        "Every item's span lies inside its document's text and holds every word of its title "
        "(without case and punctuation: markup may stand between them; the later parts of a long "
        "section excepted), and the items "
        "of a document are numbered 0, 1, 2, ... in order.",
        f"""WITH spans AS (
                SELECT i.item_id, i.title, i.start_char, i.end_char, d.n_chars,
                       {_SPAN_LETTERS} AS span,
                       {_TITLE_WORDS} AS words,
                       regexp_matches(i.title, ' \\((\\d+)/\\d+\\)$') AND NOT regexp_matches(i.title, ' \\(1/\\d+\\)$') AS later_part
                FROM items i JOIN documents d USING (doc_id)),
            numbering AS (
                SELECT doc_id FROM items GROUP BY doc_id
                HAVING max(position) <> count(*) - 1 OR count(DISTINCT position) <> count(*) OR min(position) <> 0)
            SELECT (SELECT count(*) FROM spans
                    WHERE start_char < 0 OR end_char <= start_char OR end_char > n_chars
                       OR (NOT later_part AND NOT coalesce(list_bool_and(list_transform(words, lambda w: contains(span, w))), true)))
                   + (SELECT count(*) FROM numbering),
                   coalesce((SELECT min(title) FROM spans
                             WHERE start_char < 0 OR end_char <= start_char OR end_char > n_chars
                                OR (NOT later_part AND NOT coalesce(list_bool_and(list_transform(words, lambda w: contains(span, w))), true))),
                            (SELECT min(doc_id) FROM numbering))""",
    ),
    WarehouseCheck(
        "item_kinds_documented", "items",
        "Every item kind is one the README documents (a parser that emits a new kind needs its "
        "documentation).",
        f"""SELECT count(DISTINCT kind), min(kind) FROM items
            WHERE NOT list_contains({_sql_list(DOCUMENTED_ITEM_KINDS)}, kind)""",
        blocking=False,
        severity="warn",
    ),
    # entities
    WarehouseCheck(
        "entity_nodes_match_entities", "entities",
        "Every entity the corpus names has its node in the graph, labelled with the entity's name and "
        "of its type.",
        """SELECT count(*), min(e.entity_id) FROM entities e
           LEFT JOIN graph_nodes n ON n.node_id = e.entity_id
           WHERE (n.node_id IS NULL AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.entity_id))
              OR (n.node_id IS NOT NULL AND (n.node_type <> 'entity' OR n.label <> e.name OR n.kind <> e.entity_type))""",
    ),
    # entity_relations
    WarehouseCheck(
        "ontology_edges_match_relations", "entity_relations",
        "The graph holds an ontology relation exactly when both entities are named in the corpus (or "
        "when a named entity is_a category), and no entity relates to itself.",
        """WITH named AS (SELECT DISTINCT entity_id FROM mentions),
                expected AS (
                    SELECT r.source, r.relation, r.target FROM entity_relations r
                    WHERE r.source IN (SELECT entity_id FROM named)
                      AND (r.target IN (SELECT entity_id FROM named) OR r.relation = 'is_a')),
                drawn AS (
                    SELECT e.source, e.relation, e.target FROM graph_edges e JOIN graph_nodes s ON s.node_id = e.source
                    WHERE e.relation NOT IN ('mentions', 'co_occurs_with', 'related_to') AND s.node_type = 'entity'),
                wrong AS (
                    (SELECT * FROM expected EXCEPT SELECT * FROM drawn)
                    UNION ALL (SELECT * FROM drawn EXCEPT SELECT * FROM expected)
                    UNION ALL (SELECT * FROM entity_relations WHERE source = target))
           SELECT count(*), min(source || ' ' || relation || ' ' || target) FROM wrong""",
        blocking=False,
    ),
    # mentions
    WarehouseCheck(
        "mention_offsets_match", "mentions",
        "Every mention's surface is the document text at its offsets.",
        """SELECT count(*), min(m.mention_id) FROM mentions m LEFT JOIN documents d USING (doc_id)
           WHERE d.doc_id IS NULL OR substr(d.text, m.start_char + 1, m.end_char - m.start_char) <> m.surface""",
    ),
    WarehouseCheck(
        "mentions_inside_their_items", "mentions",
        "Every mention lies inside its item's span, in the item's document, and was matched by its "
        "entity's name or one of its aliases.",
        """SELECT count(*), min(m.mention_id) FROM mentions m
           JOIN items i ON i.item_id = m.item_id JOIN entities e ON e.entity_id = m.entity_id
           WHERE m.doc_id <> i.doc_id OR m.start_char < i.start_char OR m.end_char > i.end_char
              OR m.end_char <= m.start_char
              OR NOT list_contains(list_transform(list_append(e.aliases, e.name), lambda a: lower(a)), lower(m.matched_alias))""",
    ),
    WarehouseCheck(
        "mention_sentences_hold_surfaces", "mentions",
        "Every mention's sentence (its evidence on the map) contains the surface (whitespace "
        "compared loosely: a name broken over two lines is one).",
        """SELECT count(*), min(m.surface || ' | ' || m.sentence) FROM mentions m
           WHERE CASE WHEN contains(m.sentence, m.surface) THEN false
                      ELSE NOT contains(regexp_replace(m.sentence, '\\s+', ' ', 'g'), regexp_replace(m.surface, '\\s+', ' ', 'g')) END""",
        blocking=False,
        severity="warn",
    ),
    # entity_candidates
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
    WarehouseCheck(
        "candidate_counts_match_documents", "entity_candidates",
        "Ranks run 1, 2, 3, ... without gaps, and each candidate's documents and mentions are the "
        "sums of its spellings in document_candidates.",
        f"""WITH sums AS (SELECT {_TERM_KEY} AS key, count(DISTINCT doc_id) AS n_docs, sum(n_mentions) AS n_mentions
                          FROM document_candidates GROUP BY key),
                 wrong AS (
                    SELECT c.term FROM entity_candidates c LEFT JOIN sums s ON s.key = {_TERM_KEY.replace("term", "c.term")}
                    WHERE s.key IS NULL OR s.n_docs <> c.n_docs OR s.n_mentions <> c.n_mentions
                    UNION ALL
                    SELECT 'rank ' || max(rank) FROM entity_candidates HAVING max(rank) <> count(*))
            SELECT count(*), min(term) FROM wrong""",
        blocking=False,
    ),
    WarehouseCheck(
        "candidates_not_in_ontology", "entity_candidates",
        "No candidate term is already an entity's name or alias (the matcher misses it, or it is one "
        "of the entity's generic forms).",
        """WITH forms AS (SELECT DISTINCT lower(unnest(list_append(aliases, name))) AS form FROM entities)
           SELECT count(*), min(term) FROM entity_candidates WHERE lower(term) IN (SELECT form FROM forms)""",
        blocking=False,
        severity="warn",
    ),
    # document_candidates
    WarehouseCheck(
        "candidate_examples_hold_terms", "document_candidates",
        "Every candidate term is of a known kind, occurs at least once, and its example sentence "
        "contains it.",
        """SELECT count(*), min(term) FROM document_candidates
           WHERE kind NOT IN ('camel_case', 'acronym', 'proper_name', 'noun_phrase') OR n_mentions < 1
              OR NOT contains(lower(regexp_replace(example, '\\s+', ' ', 'g')), lower(regexp_replace(term, '\\s+', ' ', 'g')))""",
        blocking=False,
    ),
    # build_versions
    WarehouseCheck(
        "build_versions_complete", "build_versions",
        "The parser, extractor and ontology versions are all recorded (an incremental refresh reuses "
        "documents by them).",
        """SELECT 3 - count(*), min(component) FROM build_versions
           WHERE component IN ('parser', 'extractor', 'ontology') AND trim(version) <> ''""",
        blocking=False,
    ),
    # graph_nodes
    WarehouseCheck(
        "graph_nodes_match_tables", "graph_nodes",
        "Every document and item is a node and every document or item node a row of its table, each "
        "node's degree is its number of edges, and items and entities (only they) have PageRank, "
        "betweenness and a community.",
        """WITH degrees AS (
                SELECT node_id, count(*) AS degree FROM (
                    SELECT source AS node_id FROM graph_edges UNION ALL SELECT target FROM graph_edges)
                GROUP BY node_id),
            wrong AS (
                SELECT d.doc_id AS id FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM graph_nodes n WHERE n.node_id = d.doc_id AND n.node_type = 'document')
                UNION ALL
                SELECT i.item_id FROM items i
                WHERE NOT EXISTS (SELECT 1 FROM graph_nodes n WHERE n.node_id = i.item_id AND n.node_type = 'item' AND n.doc_id = i.doc_id)
                UNION ALL
                SELECT n.node_id FROM graph_nodes n
                WHERE (n.node_type = 'document' AND n.node_id NOT IN (SELECT doc_id FROM documents))
                   OR (n.node_type = 'item' AND n.node_id NOT IN (SELECT item_id FROM items))
                   OR (n.node_type = 'entity' AND n.node_id NOT IN (SELECT entity_id FROM entities))
                   OR n.degree <> coalesce((SELECT g.degree FROM degrees g WHERE g.node_id = n.node_id), 0)
                   OR (n.node_type IN ('item', 'entity')) <> (n.pagerank IS NOT NULL AND n.betweenness IS NOT NULL AND n.community IS NOT NULL)
                   OR (n.node_type IN ('document', 'group') AND (n.pagerank IS NOT NULL OR n.betweenness IS NOT NULL OR n.community IS NOT NULL)))
           SELECT count(*), min(id) FROM wrong""",
    ),
    # graph_edges
    WarehouseCheck(
        "no_orphan_edges", "graph_edges",
        "Every edge joins two existing nodes of the types its relation joins (mentions: item to "
        "entity; part_of: item to section or document, section to document, or between entities; "
        "related_to: items of two documents; any other: two entities), part_of stays within a "
        "document, and there is one mentions edge per item and entity named in it, with its mentions "
        "as evidence.",
        f"""WITH ends(relation, source_type, target_type) AS ({_edge_ends_sql()}),
                wrong AS (
                    SELECT e.source || ' -[' || e.relation || ']-> ' || e.target AS edge
                    FROM graph_edges e
                    LEFT JOIN graph_nodes s ON s.node_id = e.source LEFT JOIN graph_nodes t ON t.node_id = e.target
                    WHERE s.node_id IS NULL OR t.node_id IS NULL
                       OR (e.relation IN (SELECT relation FROM ends)
                           AND NOT EXISTS (SELECT 1 FROM ends x WHERE x.relation = e.relation
                                           AND x.source_type = s.node_type AND x.target_type = t.node_type))
                       OR (e.relation NOT IN (SELECT relation FROM ends) AND (s.node_type <> 'entity' OR t.node_type <> 'entity'))
                       OR (e.relation = 'related_to' AND s.doc_id = t.doc_id)
                       OR (e.relation = 'part_of' AND s.node_type <> 'entity' AND s.doc_id <> t.doc_id)
                    UNION ALL
                    SELECT coalesce(m.item_id, e.source) || ' -[mentions]-> ' || coalesce(m.entity_id, e.target)
                    FROM (SELECT item_id, entity_id, count(*) AS n FROM mentions GROUP BY ALL) m
                    FULL JOIN (SELECT * FROM graph_edges WHERE relation = 'mentions') e
                      ON e.source = m.item_id AND e.target = m.entity_id
                    WHERE m.item_id IS NULL OR e.source IS NULL OR len(e.evidence) <> m.n)
           SELECT count(*), min(edge) FROM wrong""",
    ),
    # related_items
    WarehouseCheck(
        "related_items_across_documents", "related_items",
        "Related items always belong to another document.",
        """SELECT count(*), min(x.item_id) FROM related_items x
           JOIN items a ON a.item_id = x.item_id JOIN items b ON b.item_id = x.related_item_id
           WHERE a.doc_id = b.doc_id""",
    ),
    WarehouseCheck(
        "related_items_ranked", "related_items",
        "Each item's related items are ranked 1, 2, 3, ... (at most 10, each once) by falling "
        f"positive score, each link explained by a shared entity or a path, and items of kinds "
        f"{', '.join(sorted(NOT_LINKED))} take no part.",
        f"""WITH ranked AS (
                SELECT item_id, related_item_id, rank, score, shared_entities, paths,
                       lag(score) OVER (PARTITION BY item_id ORDER BY rank) AS better,
                       row_number() OVER (PARTITION BY item_id ORDER BY rank) AS nth,
                       count(*) OVER (PARTITION BY item_id, related_item_id) AS repeats
                FROM related_items),
            not_linked AS (SELECT item_id FROM items WHERE list_contains({_sql_list(sorted(NOT_LINKED))}, kind)),
            wrong AS (
                SELECT r.item_id FROM ranked r
                WHERE r.rank <> r.nth OR r.rank > 10 OR r.repeats > 1 OR r.score <= 0 OR r.score > r.better
                   OR (len(r.shared_entities) = 0 AND len(r.paths) = 0)
                   OR r.item_id IN (SELECT item_id FROM not_linked) OR r.related_item_id IN (SELECT item_id FROM not_linked))
           SELECT count(*), min(item_id) FROM wrong""",
    ),
    # communities
    WarehouseCheck(
        "community_sizes_match_nodes", "communities",
        "Each community's size, n_items and n_entities are its nodes in graph_nodes, every node's "
        "community is listed, and the community's top entities are entities in it.",
        """WITH members AS (
                SELECT community, count(*) AS size, count(*) FILTER (WHERE node_type = 'item') AS n_items,
                       count(*) FILTER (WHERE node_type = 'entity') AS n_entities
                FROM graph_nodes WHERE community IS NOT NULL GROUP BY community),
            wrong AS (
                SELECT coalesce(c.community, m.community) AS community
                FROM communities c FULL JOIN members m USING (community)
                WHERE c.community IS NULL OR m.community IS NULL OR c.size <> m.size
                   OR c.n_items <> m.n_items OR c.n_entities <> m.n_entities
                UNION ALL
                SELECT c.community FROM (SELECT community, unnest(top_entities) AS entity_id FROM communities) c
                WHERE NOT EXISTS (SELECT 1 FROM graph_nodes n WHERE n.node_id = c.entity_id
                                  AND n.node_type = 'entity' AND n.community = c.community))
           SELECT count(*), min(community)::VARCHAR FROM wrong""",
    ),
    # community_gaps
    WarehouseCheck(
        "community_gaps_add_up", "community_gaps",
        "Each gap is its expected minus its observed weight, between two different communities of "
        "the twelve largest (the smaller id first), with at most 20 gaps kept.",
        """SELECT count(*) + greatest(0, (SELECT count(*) FROM community_gaps) - 20),
                  min(community_a || '-' || community_b)
           FROM community_gaps
           WHERE abs(gap - (expected_weight - observed_weight)) > 1e-9 OR community_a >= community_b
              OR community_b >= 12 OR observed_weight < 0 OR expected_weight < 0""",
        blocking=False,
    ),
    # entity_coverage
    WarehouseCheck(
        "coverage_matches_mentions", "entity_coverage",
        "Each row's items and mentions are those of mentions and items for its entity, document and "
        "item kind, and every such combination has its row.",
        """WITH counted AS (
                SELECT m.entity_id, m.doc_id, i.kind AS item_kind, count(DISTINCT m.item_id) AS n_items, count(*) AS n_mentions
                FROM mentions m JOIN items i USING (item_id) GROUP BY ALL),
            wrong AS (
                (SELECT * FROM counted EXCEPT SELECT entity_id, doc_id, item_kind, n_items, n_mentions FROM entity_coverage)
                UNION ALL
                (SELECT entity_id, doc_id, item_kind, n_items, n_mentions FROM entity_coverage EXCEPT SELECT * FROM counted))
           SELECT count(*), min(entity_id || ' in ' || doc_id) FROM wrong""",
        blocking=False,
    ),
    # build_changes
    WarehouseCheck(
        "changes_agree_with_tables", "build_changes",
        "Added and changed documents are in documents and removed ones are not; added entities are "
        "named in mentions and removed ones are not; related_link rows count at least one link.",
        """SELECT count(*), min(c.subject || ' ' || c.change || ' ' || c.label) FROM build_changes c
           WHERE CASE c.subject
               WHEN 'document' THEN c.n <> 1 OR (c.change = 'removed') =
                    EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = c.subject_id AND d.source_path = c.label)
               WHEN 'entity' THEN c.n <> 1 OR c.change = 'changed' OR (c.change = 'removed') =
                    EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = c.subject_id)
               ELSE c.n < 1 OR c.subject_id IS NOT NULL END""",
        blocking=False,
    ),
)


def run_checks(con: duckdb.DuckDBPyConnection, checks: tuple[WarehouseCheck, ...] = CHECKS) -> list[CheckOutcome]:
    return [run_check(con, check) for check in checks]


def run_check(con: duckdb.DuckDBPyConnection, check: WarehouseCheck) -> CheckOutcome:
    ((problems, example),) = con.execute(check.sql).fetchall()
    return CheckOutcome(check, int(problems or 0), None if example is None else str(example))


class WarehouseCheckError(RuntimeError):
    """A blocking data-quality rule failed on a new build: the previous warehouse was kept."""

    def __init__(self, failures: list[CheckOutcome]):
        self.failures = failures
        detail = "; ".join(f"{f.check.name}: {f.problems} problem(s), e.g. {f.example}" for f in failures)
        super().__init__(f"the new warehouse failed blocking checks, the previous one was kept: {detail}")
