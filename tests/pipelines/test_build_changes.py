"""What changed, every refresh: real Dagster runs write `build_changes` (documents added, changed and
removed, entities the corpus names now or no longer, related links) and put the same in the run's
metadata; a refresh that changes nothing records nothing."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest

from pipelines import assets
from tests.pipelines.conftest import FIXTURES, run_resources
from warehouse.store import connect_readonly

ALL_ASSETS = dg.load_assets_from_modules([assets])


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", folder)
    return folder


@pytest.fixture()
def resources(tmp_path, corpus, fixture_ontology_dir):
    return run_resources(tmp_path, corpus, fixture_ontology_dir)


def refresh(resources) -> dict[str, object]:
    """Runs every asset; returns the build_changes materialization's metadata."""
    result = dg.materialize(ALL_ASSETS, resources=resources)
    assert result.success
    (event,) = [e for e in result.get_asset_materialization_events()
                if e.asset_key == dg.AssetKey(["warehouse", "build_changes"])]
    return {key: value.value for key, value in event.materialization.metadata.items()}


def changes(resources) -> set[tuple]:
    with connect_readonly(resources["warehouse"].path) as con:
        return set(con.execute("SELECT subject, change, label FROM build_changes WHERE subject <> 'related_link'").fetchall())


def link_changes(resources) -> dict[str, int]:
    with connect_readonly(resources["warehouse"].path) as con:
        return dict(con.execute("SELECT change, n FROM build_changes WHERE subject = 'related_link'").fetchall())


def test_the_first_build_adds_everything_and_an_unchanged_refresh_nothing(resources):
    first = refresh(resources)
    assert {label for subject, change, label in changes(resources) if subject == "document"} == {
        "podcast.txt", "blog.html", "guides/troubleshooting.md"}
    assert {change for _, change, _ in changes(resources)} == {"added"}
    with connect_readonly(resources["warehouse"].path) as con:
        (named,) = con.execute("SELECT count(DISTINCT entity_id) FROM mentions").fetchone()
    assert first["documents_added"] == 3 and first["entities_added"] == named == 8
    assert first["related_links_added"] == link_changes(resources)["added"] > 0

    again = refresh(resources)
    assert changes(resources) == set() and link_changes(resources) == {}
    assert again["documents_added"] == again["documents_changed"] == again["documents_removed"] == 0


def test_a_refresh_lists_the_documents_and_entities_it_added_changed_and_removed(resources, corpus):
    refresh(resources)
    (corpus / "guides" / "troubleshooting.md").unlink()  # the only document naming an inverted index
    (corpus / "notes.md").write_text("# Storage\n\nDynamoDB stores the sessions; Kafka carries the events.\n", encoding="utf-8")
    podcast = corpus / "podcast.txt"
    podcast.write_text(podcast.read_text(encoding="utf-8") + "\nRedis keeps the hot keys.\n", encoding="utf-8")

    metadata = refresh(resources)
    assert changes(resources) == {
        ("document", "added", "notes.md"),
        ("document", "changed", "podcast.txt"),
        ("document", "removed", "guides/troubleshooting.md"),
        ("entity", "added", "Amazon DynamoDB"),
        ("entity", "removed", "inverted index"),
    }
    assert (metadata["documents_added"], metadata["documents_changed"], metadata["documents_removed"]) == (1, 1, 1)
    assert (metadata["entities_added"], metadata["entities_removed"]) == (1, 1)
    assert sum(link_changes(resources).values()) > 0  # the removed guide's links are gone
    assert "guides/troubleshooting.md" in metadata["changes"] and "Amazon DynamoDB" in metadata["changes"]
