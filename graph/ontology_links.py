"""The ontology's relations as graph material: which relations connect entities for the reader
(is_a, manages, alternative_to, ...) and the one-hop links related items may follow."""

from __future__ import annotations

from collections import defaultdict

from graph.ontology import Ontology

# Relations shown in the graph. provided_by ends at AWS and created_by at a company: true, but they
# make hubs, so related items do not hop through them.
GRAPH_RELATIONS = ("is_a", "provided_by", "manages", "compatible_with", "alternative_to", "fork_of", "caches",
                   "part_of", "uses", "created_by")
HOP_RELATIONS = frozenset({"is_a", "manages", "compatible_with", "alternative_to", "fork_of", "caches", "part_of", "uses"})


def relation_triples(ontology: Ontology) -> list[tuple[str, str, str]]:
    """(source id, relation, target id) for every relation of the ontology, in file order."""
    return [
        (entity.id, relation.type, relation.target)
        for entity in ontology.entities
        for relation in entity.relations
        if relation.type in GRAPH_RELATIONS
    ]


def hop_links(ontology: Ontology) -> dict[str, list[tuple[str, str]]]:
    """entity id -> (neighbour id, "source relation target") for the hop relations, both ways."""
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for source, relation, target in relation_triples(ontology):
        if relation in HOP_RELATIONS:
            path = f"{source} {relation} {target}"
            links[source].append((target, path))
            links[target].append((source, path))
    return dict(links)
