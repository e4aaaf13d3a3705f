"""The shipped ontology names the vocabulary a system-design reader expects (sharding, caching,
DNS, networking, messaging), the matcher normalises spellings (curly apostrophes, "key/value",
compatibility letters) and the common false readings are gone (a plural common word read as a
product, a verb read as a concept, a name glued into a longer token, another cloud's product read
as an AWS service, a one-letter name without context in its sentence). Every sentence here is
written for the test."""

from __future__ import annotations

import pytest

from graph.nlp import MATCHES_ATTR, build_nlp
from graph.ontology import load_ontology
from graph.ontology_links import hop_links


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.fixture(scope="module")
def links():
    return hop_links(load_ontology())


def _found(nlp, text: str) -> list[tuple[str, str]]:
    return [(text[m.start_char : m.end_char], m.entity_id) for m in nlp(text)._.get(MATCHES_ATTR)]


def _ids(nlp, text: str) -> set[str]:
    return {entity_id for _, entity_id in _found(nlp, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sharding and partitioning
        ("Choose the shard key with care: resharding a live cluster is slow, and rebalancing moves data.",
         {"partition-key", "resharding", "rebalancing"}),
        ("Range-based sharding keeps scans cheap, hash-based sharding spreads writes, and directory-based "
         "sharding keeps a lookup table.",
         {"range-partitioning", "hash-partitioning", "directory-based-partitioning"}),
        ("Federation splits databases by function; sharding splits one table; both make joins harder.",
         {"database-federation", "sharding", "sql-joins"}),
        ("A database middleware routes writes to the primary and reads to the replicas.",
         {"database-proxy", "replication"}),
        # caching
        ("A cache hit is served from the in-memory cache; a cache miss falls back to the disk cache.",
         {"cache-hit", "in-memory-cache", "cache-miss", "disk-cache"}),
        ("Browsers keep a client cache, the database keeps a buffer pool, and the CDN answers from its edge servers.",
         {"client-side-caching", "buffer-pool", "cdn", "edge-server"}),
        ("Refresh-ahead reloads hot entries; a 304 Not Modified answer checks the ETag or Last-Modified date.",
         {"refresh-ahead", "http-caching"}),
        ("Negative caching of empty results stops cache penetration; jittered TTLs avoid a cache avalanche.",
         {"negative-caching", "cache-penetration", "time-to-live", "cache-avalanche"}),
        # distributed systems
        ("During a network partition a CP system refuses writes while an AP system keeps answering.",
         {"network-partition", "cp-system", "ap-system"}),
        ("Replicas converge through anti-entropy with Merkle trees; conflicts use last write wins.",
         {"replication", "anti-entropy", "merkle-tree", "last-write-wins"}),
        ("Reads need a quorum of nodes; the coordinator hashes the partition key onto the hash ring.",
         {"quorum", "partition-key", "consistent-hashing"}),
        ("The data is replicated to three nodes on commodity hardware.", {"replication", "commodity-hardware"}),
        ("Checksums protect data integrity; losing acknowledged writes is data loss.",
         {"checksum", "data-integrity", "data-loss"}),
        # DNS and networking
        ("Point the CNAME record at the load balancer; the MX record names the mail server and the "
         "AAAA record holds the IPv6 address.",
         {"cname-record", "mx-record", "aaaa-record", "load-balancing", "ip-protocol"}),
        ("Each DNS record lives in the zone of the domain name; a PTR record answers reverse lookups.",
         {"dns-record", "domain-name", "ptr-record"}),
        ("DHCP hands out an IP address, VoIP runs over UDP, and VRRP moves a virtual IP between routers.",
         {"dhcp", "ip-address", "voip", "udp", "vrrp"}),
        ("Layer 4 load balancing reads ports; layer 7 load balancing reads the HTTP request.",
         {"layer-4-load-balancing", "layer-7-load-balancing", "http"}),
        ("Internal services talk over RPC; the web server forwards to the application server.",
         {"rpc", "web-server", "application-server"}),
        # hardware, data structures, messaging
        ("Add more CPU and RAM to the database server, or move cold data from SSD to HDD.",
         {"cpu", "ram", "ssd", "hdd"}),
        ("An LRU cache is a hash table plus a doubly linked list.", {"cache-eviction", "hash-table", "linked-list"}),
        ("Workers pull from a task queue; the visibility timeout hides a message while it is processed.",
         {"task-queue", "visibility-timeout"}),
        ("A FIFO queue keeps order; an enterprise service bus routes messages between services.",
         {"fifo", "enterprise-service-bus"}),
        ("Riak embeds the Webmachine toolkit; Cassandra speaks CQL.", {"riak", "webmachine", "apache-cassandra", "cql"}),
    ],
)
def test_system_design_vocabulary_is_found(nlp, text, expected):
    found = _ids(nlp, text)
    assert expected <= found, expected - found


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("The CAP theorem is also known as Brewer’s theorem.", "Brewer’s theorem", "cap-theorem"),  # curly apostrophe
        ("Riak is a distributed key/value store.", "key/value store", "key-value-store"),  # slash for hyphen
        ("Both use the publish/subscribe model.", "publish/subscribe", "publish-subscribe"),
        ("One of the issues is 𝐂𝐚𝐜𝐡𝐞 𝐌𝐢𝐬𝐬 𝐀𝐭𝐭𝐚𝐜𝐤 on the database.", "𝐂𝐚𝐜𝐡𝐞 𝐌𝐢𝐬𝐬 𝐀𝐭𝐭𝐚𝐜𝐤", "cache-penetration"),
        ("Writes go to ＫＡＦＫＡ first.", "ＫＡＦＫＡ", "apache-kafka"),  # fullwidth letters
        ("Databases powered by LSM-Trees absorb heavy writes.", "LSM-Trees", "lsm-tree"),
        ("A Dynamo-Style key-value store replicates every key.", "Dynamo", "dynamo"),  # a hyphen and a word stays a mention
    ],
)
def test_spellings_are_normalised(nlp, text, surface, entity):
    assert (surface, entity) in _found(nlp, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Nodes are not clones of each other, and the pluggable backend stores blobs.", "nodejs"),
        ("This is enabled by embedding the HTTP server in the node.", "embeddings"),
        ("She studied distributed algorithms at ETH Zurich.", "ethereum"),
        ("Vert.X is a toolkit for reactive applications on the JVM.", "twitter"),
        ("JAX-RS is the Java API for RESTful web services.", "jax"),
        ("Tesla is a Clojure library that bundles a web server and configuration.", "tesla"),
        ("Phones report their position to geo-location services every minute.", "amazon-location-service"),
        ("Failover uses VRRP between the two routers.", "keepalived"),
        ("A cache miss costs a database round trip.", "cache-hit-ratio"),
        ("Load balancers like Google Network Load Balancer spread connections.", "network-load-balancer"),
        ("Azure Load Balancer fronts the virtual machines.", "network-load-balancer"),
        ("Design a key-value cache to save the results of web server queries.", "kv-cache"),
        ("The cache partitions keys across nodes of the cluster.", "topic-partition"),
        ("Cassandra draws on the clustering components of the Dynamo design: membership and nodes.", "clustering"),
        ("The ring assigns tokens to each node of the database cluster.", "tokenization-llm"),
    ],
)
def test_false_readings_are_gone(nlp, text, absent):
    assert absent not in _ids(nlp, text), _found(nlp, text)


def test_one_letter_name_needs_its_context_in_the_sentence(nlp):
    diagram = "+---+ +---+\n| B | | C |\n+---+ +---+\nThe programming language matters less than the compiler."
    assert "c-language" not in _ids(nlp, diagram)
    assert "c-language" in _ids(nlp, "Redis is written in C, a systems programming language.")


def test_shared_word_goes_to_the_entity_with_more_evidence(nlp):
    kafka = "Each Kafka topic has partitions; a consumer group reads them from the brokers."
    database = "The database splits each table into partitions by key, spread over the nodes."
    cap = "Under the CAP theorem, when partitions happen you trade consistency for availability."
    assert ("partitions", "topic-partition") in _found(nlp, kafka)
    assert ("partitions", "partitioning") in _found(nlp, database)
    assert ("partitions", "network-partition") in _found(nlp, cap)


def test_generic_words_stay_unmatched_but_their_specific_forms_count(nlp):
    assert _ids(nlp, "Call the API on the cluster node.") == {"compute-node"}
    assert "api" in _ids(nlp, "The API server exposes a public API.")
    assert "computer-cluster" in _ids(nlp, "A computer cluster runs the service on many machines.")


def test_an_edition_still_names_what_it_is_compatible_with(nlp):
    assert _found(nlp, "Orders go to Amazon Aurora MySQL.") == [
        ("Amazon Aurora MySQL", "amazon-aurora"), ("MySQL", "mysql")]


@pytest.mark.parametrize(
    ("entity", "neighbours"),
    [
        ("rebalancing", {"partitioning", "sharding", "consistent-hashing"}),
        ("resharding", {"sharding"}),
        ("range-partitioning", {"sharding", "partition-key"}),
        ("hash-partitioning", {"sharding", "hashing"}),
        ("cache-miss", {"caching", "cache-hit-ratio"}),
        ("cache-penetration", {"cache-miss", "negative-caching"}),
        ("network-partition", {"cap-theorem", "partition-tolerance"}),
        ("database-proxy", {"middleware", "read-replica", "rds-proxy", "proxysql", "pgbouncer"}),
        ("rpc", {"grpc", "apache-thrift", "json-rpc", "rest-api"}),
        ("dns-record", {"dns", "a-record", "cname-record", "mx-record"}),
        ("vrrp", {"keepalived", "high-availability"}),
        ("task-queue", {"celery", "sidekiq", "message-queue"}),
        ("web-server", {"nginx", "http"}),
        ("last-write-wins", {"conflict-resolution"}),
        ("edge-server", {"cdn", "point-of-presence"}),
    ],
)
def test_new_terms_are_related_to_their_neighbours(links, entity, neighbours):
    reached = {neighbour for neighbour, _ in links.get(entity, ())}
    assert neighbours <= reached, neighbours - reached
