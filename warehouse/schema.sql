-- The warehouse contract: users write SQL against these tables. Documented column by column in
-- README.md; change only on purpose.

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

CREATE TABLE entities (
    entity_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    entity_type  VARCHAR NOT NULL CHECK (entity_type IN ('company', 'technology', 'concept', 'aws_service')),
    aliases      VARCHAR[] NOT NULL,
    description  VARCHAR NOT NULL,
    categories   VARCHAR[] NOT NULL
);

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

CREATE TABLE entity_candidates (
    rank        INTEGER PRIMARY KEY,
    term        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('camel_case', 'acronym', 'proper_name', 'noun_phrase')),
    n_docs      INTEGER NOT NULL,
    n_mentions  INTEGER NOT NULL,
    example     VARCHAR NOT NULL
);

CREATE TABLE document_candidates (
    doc_id      VARCHAR NOT NULL REFERENCES documents (doc_id),
    term        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    n_mentions  INTEGER NOT NULL,
    example     VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, term)
);

CREATE TABLE build_versions (
    component  VARCHAR PRIMARY KEY,
    version    VARCHAR NOT NULL
);

CREATE TABLE entity_relations (
    source    VARCHAR NOT NULL REFERENCES entities (entity_id),
    relation  VARCHAR NOT NULL,
    target    VARCHAR NOT NULL REFERENCES entities (entity_id),
    PRIMARY KEY (source, relation, target)
);

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

CREATE TABLE graph_edges (
    source    VARCHAR NOT NULL REFERENCES graph_nodes (node_id),
    target    VARCHAR NOT NULL REFERENCES graph_nodes (node_id),
    relation  VARCHAR NOT NULL,
    weight    DOUBLE NOT NULL,
    evidence  VARCHAR[] NOT NULL,
    PRIMARY KEY (source, target, relation)
);

CREATE TABLE related_items (
    item_id          VARCHAR NOT NULL REFERENCES items (item_id),
    related_item_id  VARCHAR NOT NULL REFERENCES items (item_id),
    rank             INTEGER NOT NULL,
    score            DOUBLE NOT NULL,
    shared_entities  VARCHAR[] NOT NULL,
    paths            VARCHAR[] NOT NULL,
    PRIMARY KEY (item_id, rank)
);

CREATE TABLE communities (
    community     INTEGER PRIMARY KEY,
    label         VARCHAR NOT NULL,
    size          INTEGER NOT NULL,
    n_items       INTEGER NOT NULL,
    n_entities    INTEGER NOT NULL,
    top_entities  VARCHAR[] NOT NULL
);

CREATE TABLE community_gaps (
    community_a      INTEGER NOT NULL REFERENCES communities (community),
    community_b      INTEGER NOT NULL REFERENCES communities (community),
    observed_weight  DOUBLE NOT NULL,
    expected_weight  DOUBLE NOT NULL,
    gap              DOUBLE NOT NULL,
    PRIMARY KEY (community_a, community_b)
);

CREATE TABLE entity_coverage (
    entity_id   VARCHAR NOT NULL REFERENCES entities (entity_id),
    doc_id      VARCHAR NOT NULL REFERENCES documents (doc_id),
    item_kind   VARCHAR NOT NULL,
    n_items     INTEGER NOT NULL,
    n_mentions  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc_id, item_kind)
);

CREATE TABLE document_issues (
    source_path  VARCHAR NOT NULL,
    action       VARCHAR NOT NULL CHECK (action IN ('skipped', 'repaired')),
    reason       VARCHAR NOT NULL
);
