"""Extraction and linking: ontology -> entity mentions -> concept graph -> related items."""
