"""Storing: the domain models land in one DuckDB file whose schema is a public interface."""
