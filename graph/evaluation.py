"""Extraction quality against a hand-labelled gold sample (`tests/eval/gold/*.yaml`).

Role: the measuring stick for the extractor. Each gold file names one document (path relative to
the project root) and lists the entity occurrences a domain expert marks in it, by surface text and
type. This module expands those labels to character spans of `Document.text`, runs the real
pipeline (`read_document` -> `items_of` -> `build_nlp()` on the shipped ontology ->
`extract_mentions`), and scores span-exact precision, recall and F1 per entity type, per document
and overall, plus type accuracy; it lists the misses and false positives so rules can be fixed.

Gold entry semantics (see tests/eval/README.md for the labelling guidelines):
- `{text: Kafka, type: technology}`: every occurrence of the exact text (case-sensitive) at word
  boundaries is an entity of that type;
- `occurrences: [1, 3]`: only those occurrences (1-based, document order, counted among all
  word-bounded occurrences of the text);
- an occurrence lying strictly inside a longer labelled occurrence is dropped, unless its entry
  says `nested: true`;
- `id`: optional expected ontology id (reported as id agreement, never needed for a match).

Word boundary: an edge between two characters is a boundary unless both are letters or digits
continuing one word. A case change into upper case ("functions|Lambda", "NoSQL" -> "SQL"), an
upper-case to upper-case edge in glued all-caps cells ("KMS|WAF") and a letter/digit change
("S3|Unstructured") count as boundaries, so names glued together by scraped tables are still
found; lower-lower ("Go" in "Google"), upper-lower ("LLM" in "LLMs") and digit-digit edges are not.

Scoring: a predicted mention is a true positive when its (start, end) equals a gold span; the type
is ignored for that. Recall per type uses the gold type, precision per type the predicted type.
Type accuracy is the share of matched spans whose predicted type equals the gold type.

CLI: `python -m graph.evaluation [GOLD_DIR] [--check]`; exit code 0 (it is a report) unless
`--check` is given and a target is missed."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.ontology import ENTITY_TYPES, EntityType
from graph.yaml_data import parse_yaml_model

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD_DIR = PROJECT_ROOT / "tests" / "eval" / "gold"

# Targets of the issue: overall precision and recall, the floor for every type, type accuracy.
TARGET_PRECISION = 0.92
TARGET_RECALL = 0.90
TARGET_PER_TYPE = 0.85
TARGET_TYPE_ACCURACY = 0.95


# --------------------------------------------------------------------------------------------
# Gold files


class GoldError(ValueError):
    """A malformed gold file: the message names the file and the entry."""


class GoldEntity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, description="the exact surface text (case-sensitive)")
    type: EntityType
    occurrences: list[int] | None = Field(default=None, description="1-based occurrence numbers; all when absent")
    nested: bool = False
    id: str | None = None

    @field_validator("text")
    @classmethod
    def _not_padded(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("text has surrounding spaces")
        return value

    @field_validator("occurrences")
    @classmethod
    def _positive(cls, value: list[int] | None) -> list[int] | None:
        if value is not None:
            if not value:
                raise ValueError("occurrences is empty (leave it out to mean all)")
            if any(number < 1 for number in value):
                raise ValueError("occurrence numbers start at 1")
            if len(set(value)) != len(value):
                raise ValueError("occurrence numbers repeat")
        return value


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str = Field(description="document path relative to the project root")
    entities: list[GoldEntity] = Field(default_factory=list)


def parse_gold(text: str, source: str) -> GoldFile:
    """Validate one gold file's YAML text; `source` names it in errors."""
    return parse_yaml_model(text, source, GoldFile, GoldError, key="text")


def load_gold_dir(gold_dir: Path) -> list[tuple[Path, GoldFile]]:
    paths = sorted(gold_dir.glob("*.yaml")) + sorted(gold_dir.glob("*.yml"))
    if not paths:
        raise GoldError(f"{gold_dir}: no gold files (*.yaml)")
    return [(path, parse_gold(path.read_text(encoding="utf-8"), str(path))) for path in paths]


# --------------------------------------------------------------------------------------------
# Occurrences -> gold spans


def _continues_word(left: str, right: str) -> bool:
    """True when the edge between `left` and `right` lies inside one word (so it is no boundary)."""
    if not (left.isalnum() and right.isalnum()):
        return False
    if left.isdigit() != right.isdigit():
        return False  # letter/digit change: "S3|Unstructured"
    if right.isupper():
        return False  # case change into upper case, or glued all-caps: "functions|Lambda", "KMS|WAF"
    return True  # lower-lower, upper-lower, digit-digit: "Go|ogle", "LLM|s"


def is_boundary(text: str, index: int) -> bool:
    """Whether position `index` (between text[index-1] and text[index]) is a word boundary."""
    if index <= 0 or index >= len(text):
        return True
    return not _continues_word(text[index - 1], text[index])


def _surface_pattern(surface: str) -> re.Pattern[str]:
    """The labelled text as a pattern: its spaces match any run of whitespace (a name may wrap)."""
    return re.compile(r"\s+".join(re.escape(part) for part in surface.split()))


def find_occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Every case-sensitive occurrence of `surface` in `text` with word boundaries at both ends,
    in order (a space of `surface` matches any whitespace run, so a name wrapped over two lines is
    found). Overlapping occurrences are all listed."""
    pattern, found, position = _surface_pattern(surface), [], 0
    while (match := pattern.search(text, position)) is not None:
        start, end = match.span()
        if is_boundary(text, start) and is_boundary(text, end):
            found.append((start, end))
        position = start + 1
    return found


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    type: str
    entity_id: str | None = None
    surface: str = ""


def expand_gold(gold: GoldFile, text: str, source: str = "gold") -> list[Span]:
    """The gold spans of one document: occurrences selected per entry, then the nested rule.
    Raises `GoldError` when an entry selects nothing or a missing occurrence number, or when two
    entries label the same span."""
    candidates: list[tuple[Span, bool]] = []
    for index, entry in enumerate(gold.entities):
        where = f"{source}: entry #{index + 1} (text {entry.text!r})"
        found = find_occurrences(text, entry.text)
        if not found:
            raise GoldError(f"{where}: text not found in {gold.document} at word boundaries")
        if entry.occurrences is not None:
            missing = [n for n in entry.occurrences if n > len(found)]
            if missing:
                raise GoldError(f"{where}: occurrences {missing} do not exist (only {len(found)} found)")
            found = [found[n - 1] for n in entry.occurrences]
        for start, end in found:
            candidates.append((Span(start, end, entry.type, entry.id, entry.text), entry.nested))
    by_offsets: dict[tuple[int, int], Span] = {}
    for span, _ in candidates:
        key = (span.start, span.end)
        if key in by_offsets and by_offsets[key].type != span.type:
            raise GoldError(
                f"{source}: {span.surface!r} at {span.start} is labelled twice "
                f"({by_offsets[key].type} and {span.type})"
            )
        by_offsets.setdefault(key, span)
    kept: dict[tuple[int, int], Span] = {}
    for span, nested in candidates:
        key = (span.start, span.end)
        inside_longer = any(
            other.start <= span.start and span.end <= other.end and (other.start, other.end) != key
            for other, _ in candidates
        )
        if inside_longer and not nested:
            continue
        kept.setdefault(key, span)
    return sorted(kept.values())


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Counts:
    """Precision counts (over predictions) and recall counts (over gold) for one slice."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0

    def add(self, other: Counts) -> None:
        self.predicted += other.predicted
        self.predicted_matched += other.predicted_matched
        self.gold += other.gold
        self.gold_matched += other.gold_matched

    @property
    def precision(self) -> float:
        return self.predicted_matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    overall: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in ENTITY_TYPES})
    matched: int = 0
    type_agree: int = 0
    id_checked: int = 0
    id_agree: int = 0
    misses: list[tuple[str, Span]] = field(default_factory=list)
    false_positives: list[tuple[str, Span]] = field(default_factory=list)
    type_errors: list[tuple[str, Span, Span]] = field(default_factory=list)
    id_errors: list[tuple[str, Span, Span]] = field(default_factory=list)
    per_document: dict[str, Counts] = field(default_factory=dict)

    @property
    def type_accuracy(self) -> float:
        return self.type_agree / self.matched if self.matched else 1.0

    def add(self, other: Score) -> None:
        self.overall.add(other.overall)
        for type_, counts in other.per_type.items():
            self.per_type.setdefault(type_, Counts()).add(counts)
        self.matched += other.matched
        self.type_agree += other.type_agree
        self.id_checked += other.id_checked
        self.id_agree += other.id_agree
        self.misses += other.misses
        self.false_positives += other.false_positives
        self.type_errors += other.type_errors
        self.id_errors += other.id_errors
        self.per_document.update(other.per_document)


def score_document(name: str, gold: Iterable[Span], predicted: Iterable[Span]) -> Score:
    """Score one document's predicted spans against its gold spans (both deduplicated by offsets;
    of several predictions on one span the first is kept)."""
    gold_by = {}
    for span in gold:
        gold_by.setdefault((span.start, span.end), span)
    pred_by = {}
    for span in predicted:
        pred_by.setdefault((span.start, span.end), span)
    score = Score()
    for key, span in gold_by.items():
        counts = score.per_type.setdefault(span.type, Counts())
        counts.gold += 1
        score.overall.gold += 1
        if key in pred_by:
            counts.gold_matched += 1
            score.overall.gold_matched += 1
            guess = pred_by[key]
            score.matched += 1
            if guess.type == span.type:
                score.type_agree += 1
            else:
                score.type_errors.append((name, span, guess))
            if span.entity_id is not None:
                score.id_checked += 1
                if guess.entity_id == span.entity_id:
                    score.id_agree += 1
                else:
                    score.id_errors.append((name, span, guess))
        else:
            score.misses.append((name, span))
    for key, span in pred_by.items():
        counts = score.per_type.setdefault(span.type, Counts())
        counts.predicted += 1
        score.overall.predicted += 1
        if key in gold_by:
            counts.predicted_matched += 1
            score.overall.predicted_matched += 1
        else:
            score.false_positives.append((name, span))
    score.per_document[name] = Counts(
        predicted=score.overall.predicted,
        predicted_matched=score.overall.predicted_matched,
        gold=score.overall.gold,
        gold_matched=score.overall.gold_matched,
    )
    return score


def target_failures(score: Score) -> list[str]:
    """The targets missed, in words; empty when all are met."""
    failures = []
    if score.overall.precision < TARGET_PRECISION:
        failures.append(f"overall precision {score.overall.precision:.3f} < {TARGET_PRECISION}")
    if score.overall.recall < TARGET_RECALL:
        failures.append(f"overall recall {score.overall.recall:.3f} < {TARGET_RECALL}")
    for type_ in ENTITY_TYPES:
        counts = score.per_type.get(type_, Counts())
        if counts.precision < TARGET_PER_TYPE:
            failures.append(f"{type_} precision {counts.precision:.3f} < {TARGET_PER_TYPE}")
        if counts.recall < TARGET_PER_TYPE:
            failures.append(f"{type_} recall {counts.recall:.3f} < {TARGET_PER_TYPE}")
    if score.type_accuracy < TARGET_TYPE_ACCURACY:
        failures.append(f"type accuracy {score.type_accuracy:.3f} < {TARGET_TYPE_ACCURACY}")
    return failures


# --------------------------------------------------------------------------------------------
# Running the real pipeline


@dataclass
class EvaluatedDocument:
    name: str
    text: str
    gold: list[Span]
    predicted: list[Span]


def predicted_spans(mentions: Iterable[object], types: Mapping[str, str]) -> list[Span]:
    """Mentions (anything with start_char, end_char, entity_id, surface) -> typed spans."""
    return sorted(
        Span(m.start_char, m.end_char, types.get(m.entity_id, "?"), m.entity_id, m.surface)  # type: ignore[attr-defined]
        for m in mentions
    )


def evaluate_documents(gold_files: Sequence[tuple[Path, GoldFile]], root: Path = PROJECT_ROOT) -> list[EvaluatedDocument]:
    """Read each gold file's document with the real reader, extract with the shipped ontology."""
    from graph.extraction import extract_mentions
    from graph.nlp import build_nlp
    from graph.ontology import load_ontology
    from sources.corpus import read_document
    from sources.items import items_of

    nlp = build_nlp()
    types = {entity.id: entity.type for entity in load_ontology().entities}
    evaluated = []
    for gold_path, gold in gold_files:
        path = (root / gold.document).resolve()
        if not path.is_file():
            raise GoldError(f"{gold_path}: document {gold.document} not found")
        document, issues = read_document(path, path.parent)
        if document is None:
            raise GoldError(f"{gold_path}: document {gold.document} could not be read: {issues}")
        spans = expand_gold(gold, document.text, str(gold_path))
        mentions = extract_mentions(nlp, [document], items_of(document))
        evaluated.append(EvaluatedDocument(gold.document, document.text, spans, predicted_spans(mentions, types)))
    return evaluated


def score_all(evaluated: Iterable[EvaluatedDocument]) -> Score:
    total = Score()
    for document in evaluated:
        total.add(score_document(document.name, document.gold, document.predicted))
    return total


# --------------------------------------------------------------------------------------------
# Report


def _line(text: str, start: int, end: int, width: int = 110) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    if len(line) > width:
        offset = start - line_start
        left = max(0, offset - width // 2)
        line = ("…" if left else "") + line[left : left + width] + ("…" if left + width < len(line) else "")
    return line.strip()


def _row(label: str, counts: Counts, width: int = 44) -> str:
    return (
        f"{label:<{width}} {counts.precision:>6.3f} {counts.recall:>6.3f} {counts.f1:>6.3f}"
        f" {counts.gold:>6} {counts.predicted:>6} {counts.gold_matched:>6}"
    )


def format_report(score: Score, evaluated: Sequence[EvaluatedDocument]) -> str:
    texts = {document.name: document.text for document in evaluated}
    width = max([30, *(len(name) + 1 for name in score.per_document)])
    header = f"{'':<{width}} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6} {'match':>6}"
    out = ["Extraction quality on the gold sample", "", header, _row("overall", score.overall, width)]
    out += [_row(f"  {type_}", score.per_type.get(type_, Counts()), width) for type_ in ENTITY_TYPES]
    unknown = sorted(set(score.per_type) - set(ENTITY_TYPES))
    out += [_row(f"  {type_} (not in ontology)", score.per_type[type_], width) for type_ in unknown]
    out.append("")
    out += [_row(name, counts, width) for name, counts in score.per_document.items()]
    out.append("")
    out.append(f"type accuracy: {score.type_accuracy:.3f} ({score.type_agree}/{score.matched} matched spans)")
    if score.id_checked:
        out.append(f"id agreement:  {score.id_agree / score.id_checked:.3f} ({score.id_agree}/{score.id_checked} gold spans with an id)")

    out += ["", f"MISSES ({len(score.misses)}): gold spans not predicted"]
    for name, span in score.misses:
        out.append(f"  {name}  {span.surface!r} [{span.type}]  | {_line(texts[name], span.start, span.end)}")
    out += ["", f"FALSE POSITIVES ({len(score.false_positives)}): predicted spans not in gold"]
    for name, span in score.false_positives:
        surface = texts[name][span.start : span.end]
        out.append(f"  {name}  {surface!r} [{span.type} {span.entity_id}]  | {_line(texts[name], span.start, span.end)}")
    out += ["", f"TYPE ERRORS ({len(score.type_errors)}): matched spans with another type"]
    for name, gold, guess in score.type_errors:
        out.append(f"  {name}  {gold.surface!r} gold {gold.type}, predicted {guess.type} {guess.entity_id}")
    if score.id_errors:
        out += ["", f"ID DISAGREEMENTS ({len(score.id_errors)})"]
        for name, gold, guess in score.id_errors:
            out.append(f"  {name}  {gold.surface!r} gold {gold.entity_id}, predicted {guess.entity_id}")

    failures = target_failures(score)
    out += [
        "",
        f"targets: precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL} overall; every type >= "
        f"{TARGET_PER_TYPE} on both; type accuracy >= {TARGET_TYPE_ACCURACY}",
    ]
    out.append("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.evaluation", description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dir", nargs="?", type=Path, default=DEFAULT_GOLD_DIR, help="folder of gold *.yaml files")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    try:
        gold_files = load_gold_dir(args.gold_dir)
        evaluated = evaluate_documents(gold_files)
    except GoldError as error:
        print(f"gold error: {error}", file=sys.stderr)
        return 2
    score = score_all(evaluated)
    print(format_report(score, evaluated))
    return 1 if args.check and target_failures(score) else 0


if __name__ == "__main__":
    raise SystemExit(main())
