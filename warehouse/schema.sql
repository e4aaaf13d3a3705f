-- The warehouse contract: users write SQL against these tables. Each table is defined once, here:
-- its columns, keys and constraints, and its descriptions (COMMENT ON, readable in SQL through
-- duckdb_tables() and duckdb_columns(); the Dagster catalog shows them). The column descriptions
-- are the README's column tables word for word (tests/pipelines/test_catalog.py). Change only on purpose.

CREATE TABLE documents (
    doc_id          VARCHAR PRIMARY KEY,
    source_path     VARCHAR NOT NULL UNIQUE,
    title           VARCHAR NOT NULL,
    source_type     VARCHAR NOT NULL CHECK (source_type IN ('text', 'markdown', 'html')),
    format          VARCHAR NOT NULL,
    encoding        VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    n_chars         INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    attributes      JSON NOT NULL
);
COMMENT ON TABLE documents IS 'One row per corpus file that was read.';
COMMENT ON COLUMN documents.doc_id IS '`doc-` + hash of `source_path`';
COMMENT ON COLUMN documents.source_path IS 'path relative to the corpus folder, `/`-separated';
COMMENT ON COLUMN documents.title IS 'plain text (no markup, badges or images): the front matter''s `title`, else the first top-level heading (the first `#` heading, else the first heading of the highest level used), else the HTML `<title>`, else the first line with words, else the file name';
COMMENT ON COLUMN documents.source_type IS '`text`, `markdown` or `html` (HTML is stored as extracted text)';
COMMENT ON COLUMN documents.format IS 'detected format: which parser read it (see above)';
COMMENT ON COLUMN documents.encoding IS 'how the bytes were decoded (`utf-8`, `utf-8-sig`, `utf-16`, `cp1252`, …)';
COMMENT ON COLUMN documents.content_sha256 IS 'sha256 of the file''s bytes';
COMMENT ON COLUMN documents.n_chars IS 'length of `text`';
COMMENT ON COLUMN documents.text IS 'the text that every offset below indexes into (front matter included: no item span covers it)';
COMMENT ON COLUMN documents.attributes IS 'from the front matter, when there is one: `title`, `description`, `date` (strings), `tags`, `categories` (lists of strings); `{}` otherwise';


CREATE TABLE items (
    item_id     VARCHAR PRIMARY KEY,
    doc_id      VARCHAR NOT NULL REFERENCES documents (doc_id),
    kind        VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    heading_path VARCHAR NOT NULL,
    body        VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    attributes  JSON NOT NULL
);
COMMENT ON TABLE items IS 'The units a reader sees: episodes, articles, sections, guides, ...';
COMMENT ON COLUMN items.item_id IS '`item-` + hash of document, kind and content';
COMMENT ON COLUMN items.doc_id IS 'its document';
COMMENT ON COLUMN items.kind IS '`episode`, `architecture`, `troubleshooting`, … (see above)';
COMMENT ON COLUMN items.title IS 'display title, plain text (a part of a long section: `Title (2/3)`)';
COMMENT ON COLUMN items.heading_path IS 'the headings above the item and its title, joined by ` › ` (`Load Balancing › Advantages`); the title alone for items of formats without nested headings and for top-level sections. The map, `item_related_items` and `graph_nodes.label` show this';
COMMENT ON COLUMN items.body IS 'the item''s text without its title and page controls';
COMMENT ON COLUMN items.position IS '0-based order within the document';
COMMENT ON COLUMN items.start_char IS 'the item''s span in `documents.text` (0-based, end exclusive)';
COMMENT ON COLUMN items.end_char IS 'the item''s span in `documents.text` (0-based, end exclusive)';
COMMENT ON COLUMN items.attributes IS 'kind-specific: `date`, `duration_minutes`, `read_time_minutes`, `scale`, `level`, `tags`, `metrics` (list of `{value, label}`), `topics`, `services`, `domain`, `features`, `files`, `category`, `savings`, …';


CREATE TABLE entities (
    entity_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    entity_type  VARCHAR NOT NULL CHECK (entity_type IN ('company', 'technology', 'concept', 'aws_service')),
    aliases      VARCHAR[] NOT NULL,
    description  VARCHAR NOT NULL,
    categories   VARCHAR[] NOT NULL
);
COMMENT ON TABLE entities IS 'The ontology: companies, technologies, concepts and AWS services.';
COMMENT ON COLUMN entities.entity_id IS 'stable ontology id (`apache-kafka`, `aws-lambda`)';
COMMENT ON COLUMN entities.name IS 'canonical name';
COMMENT ON COLUMN entities.entity_type IS '`company`, `technology`, `concept` or `aws_service`';
COMMENT ON COLUMN entities.aliases IS 'other names it is matched by';
COMMENT ON COLUMN entities.description IS 'one sentence';
COMMENT ON COLUMN entities.categories IS 'short labels (`message broker`, `relational database`)';


CREATE TABLE mentions (
    mention_id     VARCHAR PRIMARY KEY,
    entity_id      VARCHAR NOT NULL REFERENCES entities (entity_id),
    item_id        VARCHAR NOT NULL REFERENCES items (item_id),
    doc_id         VARCHAR NOT NULL REFERENCES documents (doc_id),
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    surface        VARCHAR NOT NULL,
    sentence       VARCHAR NOT NULL,
    matched_alias  VARCHAR NOT NULL,
    match_rule     VARCHAR NOT NULL
);
COMMENT ON TABLE mentions IS 'Every occurrence of an entity in an item, with its evidence.';
COMMENT ON COLUMN mentions.mention_id IS 'hash of item, offsets and entity';
COMMENT ON COLUMN mentions.entity_id IS 'what was found, where';
COMMENT ON COLUMN mentions.item_id IS 'what was found, where';
COMMENT ON COLUMN mentions.doc_id IS 'what was found, where';
COMMENT ON COLUMN mentions.start_char IS 'offsets into `documents.text`: `substr(text, start_char + 1, end_char - start_char) = surface` always holds';
COMMENT ON COLUMN mentions.end_char IS 'offsets into `documents.text`: `substr(text, start_char + 1, end_char - start_char) = surface` always holds';
COMMENT ON COLUMN mentions.surface IS 'the text as written';
COMMENT ON COLUMN mentions.sentence IS 'the sentence (or line) around it';
COMMENT ON COLUMN mentions.matched_alias IS 'the ontology name or alias that matched';
COMMENT ON COLUMN mentions.match_rule IS '`exact_case` or `any_case`, with `+context` when the form is ambiguous and was accepted on context evidence';


CREATE TABLE entity_candidates (
    rank        INTEGER PRIMARY KEY,
    term        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('camel_case', 'acronym', 'proper_name', 'noun_phrase')),
    n_docs      INTEGER NOT NULL,
    n_mentions  INTEGER NOT NULL,
    example     VARCHAR NOT NULL
);
COMMENT ON TABLE entity_candidates IS 'Terms the ontology lacks, for a curator (the first 500).';
COMMENT ON COLUMN entity_candidates.rank IS '1 = most worth a look: most documents; on a tie CamelCase words and acronyms, then capitalised names, then lowercase phrases, then camelCase words with a lowercase first letter; then most mentions. `API`/`APIs` count as one term';
COMMENT ON COLUMN entity_candidates.term IS 'the term, in its most frequent spelling';
COMMENT ON COLUMN entity_candidates.kind IS '`camel_case`, `acronym`, `proper_name` or `noun_phrase`';
COMMENT ON COLUMN entity_candidates.n_docs IS 'documents it occurs in';
COMMENT ON COLUMN entity_candidates.n_mentions IS 'occurrences';
COMMENT ON COLUMN entity_candidates.example IS 'a sentence where it occurs';


CREATE TABLE document_candidates (
    doc_id      VARCHAR NOT NULL REFERENCES documents (doc_id),
    term        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    n_mentions  INTEGER NOT NULL,
    example     VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, term)
);
COMMENT ON TABLE document_candidates IS 'Every candidate term per document (what incremental refreshes reuse).';
COMMENT ON COLUMN document_candidates.doc_id IS 'a candidate term within one document (its most frequent spelling there)';
COMMENT ON COLUMN document_candidates.term IS 'a candidate term within one document (its most frequent spelling there)';
COMMENT ON COLUMN document_candidates.kind IS 'as in `entity_candidates`, within the document';
COMMENT ON COLUMN document_candidates.n_mentions IS 'as in `entity_candidates`, within the document';
COMMENT ON COLUMN document_candidates.example IS 'as in `entity_candidates`, within the document';


CREATE TABLE build_versions (
    component  VARCHAR PRIMARY KEY,
    version    VARCHAR NOT NULL
);
COMMENT ON TABLE build_versions IS 'The versions the documents were processed with (what incremental refreshes reuse).';
COMMENT ON COLUMN build_versions.component IS '`parser`, `extractor`, `ontology`';
COMMENT ON COLUMN build_versions.version IS 'the version the documents were processed with (the ontology''s is a hash of its files)';


CREATE TABLE entity_relations (
    source    VARCHAR NOT NULL REFERENCES entities (entity_id),
    relation  VARCHAR NOT NULL,
    target    VARCHAR NOT NULL REFERENCES entities (entity_id),
    PRIMARY KEY (source, relation, target)
);
COMMENT ON TABLE entity_relations IS 'The ontology''s relations between entities.';
COMMENT ON COLUMN entity_relations.source IS 'entity ids';
COMMENT ON COLUMN entity_relations.target IS 'entity ids';
COMMENT ON COLUMN entity_relations.relation IS '`is_a`, `provided_by`, `manages`, `compatible_with`, `alternative_to`, `fork_of`, `caches`, `part_of`, `uses`, `created_by`';


CREATE TABLE graph_nodes (
    node_id      VARCHAR PRIMARY KEY,
    label        VARCHAR NOT NULL,
    node_type    VARCHAR NOT NULL CHECK (node_type IN ('document', 'group', 'item', 'entity')),
    kind         VARCHAR NOT NULL,
    doc_id       VARCHAR REFERENCES documents (doc_id),
    degree       INTEGER NOT NULL,
    pagerank     DOUBLE,
    betweenness  DOUBLE,
    community    INTEGER
);
COMMENT ON TABLE graph_nodes IS 'The concept graph''s nodes: documents, page sections, items and entities, with their analytics.';
COMMENT ON COLUMN graph_nodes.node_id IS 'a `doc_id`, a `group-…` id (a section of a page), an `item_id` or an `entity_id`';
COMMENT ON COLUMN graph_nodes.label IS 'document title, section name, item title or entity name';
COMMENT ON COLUMN graph_nodes.node_type IS '`document`, `group`, `item` or `entity`';
COMMENT ON COLUMN graph_nodes.kind IS 'the document''s format, `section`, the item''s kind or the entity''s type';
COMMENT ON COLUMN graph_nodes.doc_id IS 'the document of a document, group or item node (NULL for entities)';
COMMENT ON COLUMN graph_nodes.degree IS 'number of edges';
COMMENT ON COLUMN graph_nodes.pagerank IS 'PageRank on the undirected knowledge graph (items and entities, every relation but `part_of`); NULL for documents and groups';
COMMENT ON COLUMN graph_nodes.betweenness IS 'normalised betweenness centrality on the same graph (bridge concepts); exact up to 5,000 nodes; above that estimated from the shortest paths of 512 seeded random source nodes, scaled to the whole graph (Brandes–Pich pivot sampling: linear in the graph''s size; `tests/graph/test_analytics.py` checks that on a 6,000-node graph it finds at least 8 of the exact top 10 and 40 of the top 50); NULL for documents and groups';
COMMENT ON COLUMN graph_nodes.community IS 'Louvain community (igraph multilevel, seed 42, deterministic), see `communities`; NULL for documents and groups';


CREATE TABLE graph_edges (
    source    VARCHAR NOT NULL REFERENCES graph_nodes (node_id),
    target    VARCHAR NOT NULL REFERENCES graph_nodes (node_id),
    relation  VARCHAR NOT NULL,
    weight    DOUBLE NOT NULL,
    evidence  VARCHAR[] NOT NULL,
    PRIMARY KEY (source, target, relation)
);
COMMENT ON TABLE graph_edges IS 'The concept graph''s typed edges, with their evidence.';
COMMENT ON COLUMN graph_edges.source IS 'node ids, directed as the relation reads (symmetric relations: the smaller id first)';
COMMENT ON COLUMN graph_edges.target IS 'node ids, directed as the relation reads (symmetric relations: the smaller id first)';
COMMENT ON COLUMN graph_edges.relation IS 'see the table below (`mentions`, `part_of`, `co_occurs_with`, `related_to` or an ontology relation)';
COMMENT ON COLUMN graph_edges.weight IS 'see the table below (mentions counted, NPMI, the related-items score, or 1)';
COMMENT ON COLUMN graph_edges.evidence IS 'what made the edge, see the table below (mention ids, sentences, shared entities and paths, or the ontology triple)';


CREATE TABLE related_items (
    item_id          VARCHAR NOT NULL REFERENCES items (item_id),
    related_item_id  VARCHAR NOT NULL REFERENCES items (item_id),
    rank             INTEGER NOT NULL,
    score            DOUBLE NOT NULL,
    shared_entities  VARCHAR[] NOT NULL,
    paths            VARCHAR[] NOT NULL,
    PRIMARY KEY (item_id, rank)
);
COMMENT ON TABLE related_items IS 'For each item, the best items of other documents, with the reasons.';
COMMENT ON COLUMN related_items.item_id IS 'the item';
COMMENT ON COLUMN related_items.related_item_id IS 'an item of another document';
COMMENT ON COLUMN related_items.rank IS '1 = best; at most 10 per item';
COMMENT ON COLUMN related_items.score IS 'cosine similarity of the two items'' entity vectors, each entity weighted by its rarity `ln(N / df)` (N items, df items naming it) and doubled when named in the title, plus one hop through the ontology at half weight (an item naming Redis and one naming caching meet through "redis is_a caching")';
COMMENT ON COLUMN related_items.shared_entities IS 'the entity ids both items name, rarest first';
COMMENT ON COLUMN related_items.paths IS 'the ontology relations that added to the score (`redis is_a caching`)';


CREATE TABLE communities (
    community     INTEGER PRIMARY KEY,
    label         VARCHAR NOT NULL,
    size          INTEGER NOT NULL,
    n_items       INTEGER NOT NULL,
    n_entities    INTEGER NOT NULL,
    top_entities  VARCHAR[] NOT NULL
);
COMMENT ON TABLE communities IS 'The concept graph''s Louvain communities.';
COMMENT ON COLUMN communities.community IS '0 = the largest community';
COMMENT ON COLUMN communities.label IS 'its top three entities by PageRank';
COMMENT ON COLUMN communities.size IS 'nodes in it';
COMMENT ON COLUMN communities.n_items IS 'nodes in it';
COMMENT ON COLUMN communities.n_entities IS 'nodes in it';
COMMENT ON COLUMN communities.top_entities IS 'the entity ids of the label';


CREATE TABLE community_gaps (
    community_a      INTEGER NOT NULL REFERENCES communities (community),
    community_b      INTEGER NOT NULL REFERENCES communities (community),
    observed_weight  DOUBLE NOT NULL,
    expected_weight  DOUBLE NOT NULL,
    gap              DOUBLE NOT NULL,
    PRIMARY KEY (community_a, community_b)
);
COMMENT ON TABLE community_gaps IS 'Pairs of large communities joined by far fewer edges than expected.';
COMMENT ON COLUMN community_gaps.community_a IS 'a pair of the twelve largest communities';
COMMENT ON COLUMN community_gaps.community_b IS 'a pair of the twelve largest communities';
COMMENT ON COLUMN community_gaps.observed_weight IS 'edge weight between them';
COMMENT ON COLUMN community_gaps.expected_weight IS 'what the modularity null model expects from their volumes';
COMMENT ON COLUMN community_gaps.gap IS 'expected − observed; the 20 largest gaps are kept';


CREATE TABLE entity_coverage (
    entity_id   VARCHAR NOT NULL REFERENCES entities (entity_id),
    doc_id      VARCHAR NOT NULL REFERENCES documents (doc_id),
    item_kind   VARCHAR NOT NULL,
    n_items     INTEGER NOT NULL,
    n_mentions  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc_id, item_kind)
);
COMMENT ON TABLE entity_coverage IS 'Which kinds of items in which documents name an entity.';
COMMENT ON COLUMN entity_coverage.entity_id IS 'the key';
COMMENT ON COLUMN entity_coverage.doc_id IS 'the key';
COMMENT ON COLUMN entity_coverage.item_kind IS 'the key';
COMMENT ON COLUMN entity_coverage.n_items IS 'items of that kind in that document naming the entity';
COMMENT ON COLUMN entity_coverage.n_mentions IS 'mentions in them';


CREATE TABLE document_issues (
    source_path  VARCHAR NOT NULL,
    action       VARCHAR NOT NULL CHECK (action IN ('skipped', 'repaired')),
    reason       VARCHAR NOT NULL
);
COMMENT ON TABLE document_issues IS 'Files of the corpus folder that were skipped or repaired.';
COMMENT ON COLUMN document_issues.source_path IS 'path relative to the corpus folder';
COMMENT ON COLUMN document_issues.action IS '`skipped` or `repaired`';
COMMENT ON COLUMN document_issues.reason IS 'why, in words';


CREATE TABLE build_changes (
    subject     VARCHAR NOT NULL CHECK (subject IN ('document', 'entity', 'related_link')),
    change      VARCHAR NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    subject_id  VARCHAR,
    label       VARCHAR NOT NULL,
    n           INTEGER NOT NULL
);
COMMENT ON TABLE build_changes IS 'What this build changed compared with the warehouse it replaced.';
COMMENT ON COLUMN build_changes.subject IS '`document`, `entity` or `related_link`';
COMMENT ON COLUMN build_changes.change IS '`added`, `changed` or `removed`: a document that is new, has other content or is gone; an entity the corpus names now and did not before (`added`) or no longer names (`removed`); links of `related_items` (an item and a related item) that are new, gone, or have another rank or score (`changed`)';
COMMENT ON COLUMN build_changes.subject_id IS 'the `doc_id` or `entity_id`; NULL for `related_link` rows';
COMMENT ON COLUMN build_changes.label IS 'the document''s `source_path`, the entity''s name, or `related_items`';
COMMENT ON COLUMN build_changes.n IS '1 for a document or an entity; the number of links for a `related_link` row';
