"""Curation: `entity_candidates` (terms the ontology lacks) -> the ontology, one command per term.

    python -m graph.curate candidates [--limit 30]
    python -m graph.curate add "ClickHouse" --type technology [--id clickhouse] [--description ...]
        [--category ...] [--alias ...] [--relation is_a:column-store]
    python -m graph.curate alias clickhouse "CH" ["Click House" ...]

(`make curate ARGS='...'` runs the same.) A new entity goes into the YAML file of its type (the file
that already holds most entities of that type: `technologies.yaml`, ...), an alias into the entry it
belongs to. The file is edited round-trip (ruamel.yaml), so its order, comments and layout stay as
they were; the result is validated by loading the whole folder with the same pydantic models a run
uses (`graph.ontology.load_ontology`) before the file is replaced. An id, or a form (name or alias,
with the plural and hyphen variants the matcher generates, in any case) that another entity already
uses is refused: a form names one entity. The folder is KG_ONTOLOGY_DIR, else `graph/ontology`."""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from graph.ontology import ENTITY_TYPES, ONTOLOGY_DIR, Ontology, OntologyError, load_ontology
from graph.surface_forms import variants

TYPE_FILES = {"company": "companies.yaml", "technology": "technologies.yaml", "concept": "concepts.yaml",
              "aws_service": "aws_services.yaml"}
DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "warehouse" / "knowledge.duckdb"  # as pipelines.resources
REFRESH = "Refresh the graph to use it: make run (or Materialize all in the Dagster UI)."
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ENTRY_KEYS = ("id", "name", "type", "aliases", "description", "categories", "relations")


class CurationError(ValueError):
    """A change the ontology refuses; nothing was written. The message says why and what to do."""


@dataclass(frozen=True)
class Change:
    path: Path
    message: str


def ontology_dir_from_env() -> Path:
    value = os.environ.get("KG_ONTOLOGY_DIR")
    return Path(value).expanduser().resolve() if value else ONTOLOGY_DIR


def _round_trip_yaml() -> YAML:
    """Round-trip YAML in the ontology files' layout (`entities:` then `  - id: ...`), never re-wrapping
    a long description."""
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _flow(values: list) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def slug(name: str) -> str:
    """A default id from a name: lowercase ASCII letters and digits joined by '-' ("Amazon S3" -> "amazon-s3")."""
    return _NOT_SLUG.sub("-", name.lower()).strip("-")


def _origins(directory: Path) -> dict[str, Path]:
    """Entity id -> the file it is written in."""
    origins: dict[str, Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 (a safe loader)
        for entry in raw.get("entities") or []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                origins.setdefault(entry["id"], path)
    return origins


def _file_for_type(directory: Path, ontology: Ontology, origins: dict[str, Path], entity_type: str) -> Path:
    """The file that holds most entities of `entity_type`, else the conventional one (`technologies.yaml`)."""
    counts: dict[Path, int] = {}
    for entity in ontology.entities:
        if entity.type == entity_type:
            counts[origins[entity.id]] = counts.get(origins[entity.id], 0) + 1
    if counts:
        return max(sorted(counts), key=lambda path: counts[path])
    return directory / TYPE_FILES[entity_type]


def _form_owners(ontology: Ontology) -> dict[str, tuple[str, str]]:
    """Every spelling the matcher can find (name, aliases, their plural and hyphen variants), in any
    case -> (entity id, the ontology form it comes from)."""
    owners: dict[str, tuple[str, str]] = {}
    for entity in ontology.entities:
        for form in entity.surface_forms:
            for spelling in variants(form):
                owners.setdefault(spelling.casefold(), (entity.id, form))
    return owners


def _check_forms_free(forms: list[str], ontology: Ontology, origins: dict[str, Path], owner_id: str | None) -> None:
    owners = _form_owners(ontology)
    by_id = ontology.by_id()
    seen: dict[str, str] = {}
    for form in forms:
        for spelling in variants(form):
            key = spelling.casefold()
            if key in owners:
                entity_id, existing = owners[key]
                entity = by_id[entity_id]
                where = f"{entity.name} (id {entity_id}, {origins[entity_id].name})"
                if entity_id == owner_id:
                    raise CurationError(f"{form!r} is already a form of {where}" + (
                        f" (as {existing!r})" if existing != form else "") + ": nothing to add.")
                raise CurationError(
                    f"{form!r} is already a form of {where}" + (f", as {existing!r}" if existing != form else "")
                    + ". A form names one entity: choose another form, or, if both meanings are real, edit the YAML by "
                    "hand and mark the form `ambiguous` with `context` words in both entries (README: The ontology)."
                )
            if key in seen and seen[key] != form:
                raise CurationError(f"{form!r} and {seen[key]!r} are the same form for the matcher: give it once.")
            seen[key] = form


def _validated_text(directory: Path, path: Path, text: str) -> Ontology:
    """Load the folder as a run would, with `path` replaced by `text`; errors name the real file."""
    with tempfile.TemporaryDirectory(prefix="ontology-") as scratch:
        copy = Path(scratch) / "ontology"
        copy.mkdir()
        for other in directory.glob("*.yaml"):
            shutil.copy2(other, copy / other.name)
        (copy / path.name).write_text(text, encoding="utf-8")
        try:
            return load_ontology(copy)
        except OntologyError as error:
            raise CurationError(str(error).replace(str(copy), str(directory))) from None


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.curate.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _load_document(rt: YAML, path: Path) -> CommentedMap:
    if not path.exists():
        document = CommentedMap(version=1)
        document["entities"] = CommentedSeq()
        return document
    document = rt.load(path.read_text(encoding="utf-8"))
    if not isinstance(document, CommentedMap) or not isinstance(document.get("entities"), list):
        raise CurationError(f"{path}: not an ontology file (no `entities:` list)")
    return document


def _dump(rt: YAML, document: CommentedMap) -> str:
    out = io.StringIO()
    rt.dump(document, out)
    return out.getvalue()


def _clean_forms(forms: list[str], what: str) -> list[str]:
    cleaned = [form.strip() for form in forms]
    if any(not form for form in cleaned):
        raise CurationError(f"{what}: a blank form")
    return list(dict.fromkeys(cleaned))


def _relations(specs: list[str]) -> list[CommentedMap]:
    relations = []
    for spec in specs:
        relation_type, _, target = spec.partition(":")
        if not relation_type or not target:
            raise CurationError(f"--relation {spec!r}: write TYPE:TARGET_ID, e.g. is_a:message-broker")
        relation = CommentedMap(type=relation_type.strip(), target=target.strip())
        relation.fa.set_flow_style()
        relations.append(relation)
    return relations


def add_entity(
    name: str,
    entity_type: str,
    directory: Path,
    entity_id: str | None = None,
    description: str = "",
    categories: tuple[str, ...] = (),
    aliases: tuple[str, ...] = (),
    relations: tuple[str, ...] = (),
) -> Change:
    """Append a new entity to the file of its type; refuse a used id or form, or an entry the models reject."""
    if entity_type not in ENTITY_TYPES:
        raise CurationError(f"type {entity_type!r}: choose one of {', '.join(ENTITY_TYPES)}")
    ontology = load_ontology(directory)
    origins = _origins(directory)
    name = name.strip()
    entity_id = entity_id if entity_id is not None else slug(name)
    if not entity_id:
        raise CurationError(f"no id can be made from {name!r}: give one with --id (lowercase letters, digits and '-')")
    forms = _clean_forms([name, *aliases], "name and aliases")
    _check_forms_free(forms, ontology, origins, owner_id=None)
    if entity_id in origins:
        existing = ontology.by_id()[entity_id]
        raise CurationError(f"id {entity_id!r} is already used by {existing.name} ({origins[entity_id].name}); "
                            "ids are never reused: choose another with --id, or add the name as an alias of it "
                            f"(alias {entity_id} {name!r}).")

    entry = CommentedMap(id=entity_id, name=name, type=entity_type)
    if forms[1:]:
        entry["aliases"] = _flow(forms[1:])
    if description.strip():
        entry["description"] = description.strip()
    if categories:
        entry["categories"] = _flow(list(dict.fromkeys(c.strip() for c in categories)))
    if relations:
        entry["relations"] = CommentedSeq(_relations(list(relations)))

    path = _file_for_type(directory, ontology, origins, entity_type)
    rt = _round_trip_yaml()
    document = _load_document(rt, path)
    document["entities"].append(entry)
    text = _dump(rt, document)
    _validated_text(directory, path, text)
    _write_atomically(path, text)
    return Change(path, f"Added {entity_type} {name!r} (id {entity_id}) to {path}.")


def add_aliases(entity_id: str, forms: list[str], directory: Path) -> Change:
    """Append `forms` to the aliases of entity `entity_id`, in the file it is written in."""
    ontology = load_ontology(directory)
    origins = _origins(directory)
    if entity_id not in origins:
        close = sorted(i for i in origins if entity_id.lower() in i or i in entity_id.lower())[:5]
        raise CurationError(f"no entity with id {entity_id!r} in {directory}"
                            + (f" (did you mean {', '.join(close)}?)" if close else "")
                            + "; ids are in the `id:` lines of the YAML files and in the warehouse's `entities` table.")
    forms = _clean_forms(forms, "aliases")
    _check_forms_free(forms, ontology, origins, owner_id=entity_id)

    path = origins[entity_id]
    rt = _round_trip_yaml()
    document = _load_document(rt, path)
    entry = next(e for e in document["entities"] if isinstance(e, dict) and e.get("id") == entity_id)
    if isinstance(entry.get("aliases"), list):
        entry["aliases"].extend(forms)
    else:  # a new `aliases:` key goes where the files keep it: after id, name and type
        keys = list(entry.keys())
        position = max((keys.index(k) + 1 for k in _ENTRY_KEYS[:3] if k in keys), default=len(keys))
        entry.insert(position, "aliases", _flow(forms))
    text = _dump(rt, document)
    _validated_text(directory, path, text)
    _write_atomically(path, text)
    name = ontology.by_id()[entity_id].name
    return Change(path, f"Added alias{'es' if len(forms) > 1 else ''} {', '.join(map(repr, forms))} to {name} "
                        f"(id {entity_id}) in {path}.")


def candidates(warehouse: Path, directory: Path, limit: int) -> list[tuple[int, str, str, int, int, str]]:
    """The top `entity_candidates` of the published warehouse that are still not forms of the ontology
    (the warehouse may predate the last curation)."""
    import duckdb

    if not warehouse.exists():
        raise CurationError(f"no warehouse at {warehouse}: build it with make run first.")
    owners = _form_owners(load_ontology(directory))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT rank, term, kind, n_docs, n_mentions, example FROM entity_candidates ORDER BY rank").fetchall()
    return [row for row in rows if row[1].casefold() not in owners][:limit]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graph.curate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ontology-dir", type=Path, default=None,
                        help="folder of ontology YAML files (default: KG_ONTOLOGY_DIR, else graph/ontology)")
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser("candidates", help="the top entity_candidates of the warehouse not yet in the ontology")
    listing.add_argument("--limit", type=int, default=30)
    listing.add_argument("--warehouse", type=Path, default=None, help="default: KG_WAREHOUSE, else warehouse/knowledge.duckdb")

    add = commands.add_parser("add", help="add a term as a new entity")
    add.add_argument("name", help="canonical name, as written in the documents (e.g. ClickHouse)")
    add.add_argument("--type", required=True, choices=ENTITY_TYPES, dest="entity_type")
    add.add_argument("--id", dest="entity_id", help="stable id: lowercase letters, digits and '-' (default: from the name)")
    add.add_argument("--description", default="", help="one sentence")
    add.add_argument("--category", action="append", default=[], help="a short label; repeat for several")
    add.add_argument("--alias", action="append", default=[], help="another name it is written as; repeat for several")
    add.add_argument("--relation", action="append", default=[], metavar="TYPE:TARGET",
                     help="a relation to an existing entity, e.g. is_a:column-store; repeat for several")

    alias = commands.add_parser("alias", help="add a term as an alias of an existing entity")
    alias.add_argument("entity_id", help="id of the existing entity (e.g. clickhouse)")
    alias.add_argument("forms", nargs="+", help="the alias(es) to add")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    directory = (args.ontology_dir.expanduser().resolve() if args.ontology_dir else ontology_dir_from_env())
    try:
        if args.command == "candidates":
            warehouse = args.warehouse or Path(os.environ.get("KG_WAREHOUSE") or DEFAULT_WAREHOUSE)
            for rank, term, kind, n_docs, n_mentions, example in candidates(warehouse.expanduser().resolve(), directory, args.limit):
                print(f"{rank:>4}  {term}  ({kind}, {n_docs} documents, {n_mentions} mentions)\n      {example[:110]}")
            return 0
        if args.command == "add":
            change = add_entity(args.name, args.entity_type, directory, args.entity_id, args.description,
                                tuple(args.category), tuple(args.alias), tuple(args.relation))
        else:
            change = add_aliases(args.entity_id, args.forms, directory)
    except (CurationError, OntologyError) as error:
        print(f"Not changed: {error}", file=sys.stderr)
        return 1
    print(change.message)
    print(REFRESH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
