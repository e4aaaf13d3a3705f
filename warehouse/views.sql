-- Views and macros a user reaches for; part of the warehouse contract (README: Views).

-- Every neighbour of every entity, whatever the direction and relation.
CREATE VIEW entity_neighbours AS
SELECT e.source AS entity_id, e.target AS neighbour_id, n.label AS neighbour_label, n.node_type AS neighbour_type,
       e.relation, e.weight, e.evidence
FROM graph_edges e JOIN graph_nodes s ON s.node_id = e.source JOIN graph_nodes n ON n.node_id = e.target
WHERE s.node_type = 'entity'
UNION ALL
SELECT e.target, e.source, n.label, n.node_type, e.relation, e.weight, e.evidence
FROM graph_edges e JOIN graph_nodes t ON t.node_id = e.target JOIN graph_nodes n ON n.node_id = e.source
WHERE t.node_type = 'entity';

-- Each item's related items in other documents, with titles, kinds and the reasons.
CREATE VIEW item_related_items AS
SELECT x.item_id, i.heading_path AS item_title, i.kind AS item_kind, x.rank, x.related_item_id,
       r.heading_path AS related_title, r.kind AS related_kind, d.source_path AS related_document,
       x.score, x.shared_entities, x.paths
FROM related_items x
JOIN items i ON i.item_id = x.item_id
JOIN items r ON r.item_id = x.related_item_id
JOIN documents d ON d.doc_id = r.doc_id;

-- The entities named by the most items of each kind.
CREATE VIEW top_entities_by_kind AS
SELECT item_kind, rank, entity_id, name, entity_type, n_items
FROM (
    SELECT c.item_kind, c.entity_id, e.name, e.entity_type, CAST(sum(c.n_items) AS INTEGER) AS n_items,
           row_number() OVER (PARTITION BY c.item_kind ORDER BY sum(c.n_items) DESC, c.entity_id) AS rank
    FROM entity_coverage c JOIN entities e USING (entity_id)
    GROUP BY c.item_kind, c.entity_id, e.name, e.entity_type
);

-- Entities the podcast episodes cover that no troubleshooting guide, symptom or blog post names.
CREATE VIEW podcast_only_topics AS
SELECT e.entity_id, e.name, e.entity_type, CAST(sum(c.n_items) AS INTEGER) AS n_episodes
FROM entity_coverage c JOIN entities e USING (entity_id)
WHERE c.item_kind = 'episode'
  AND c.entity_id NOT IN (
      SELECT entity_id FROM entity_coverage WHERE item_kind IN ('troubleshooting', 'symptom', 'blog_post'))
GROUP BY ALL;

-- The shortest path between two nodes (entities or items) over every relation, as a list of labels:
--   SELECT * FROM shortest_path('apache-kafka', 'redis');
CREATE MACRO shortest_path(from_id, to_id) AS TABLE
WITH RECURSIVE edges AS (
    SELECT source, target FROM graph_edges WHERE relation <> 'part_of'
    UNION SELECT target, source FROM graph_edges WHERE relation <> 'part_of'
),
walk(node, path) USING KEY (node) AS (
    SELECT from_id, [from_id]
    UNION
    SELECT e.target, list_append(w.path, e.target)
    FROM walk w JOIN edges e ON e.source = w.node
    LEFT JOIN recurring.walk r ON r.node = e.target
    WHERE len(w.path) < 7 AND (r.node IS NULL OR len(r.path) > len(w.path) + 1)
)
SELECT len(w.path) - 1 AS hops, w.path AS node_ids,
       list(n.label ORDER BY s.step) AS labels
FROM walk w, unnest(w.path) WITH ORDINALITY AS s(node_id, step)
JOIN graph_nodes n ON n.node_id = s.node_id
WHERE w.node = to_id
GROUP BY w.path;
