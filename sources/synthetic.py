"""Synthetic corpora for benchmarks: documents in the seed formats and as markdown, assembled from
varied sentence templates with entity names drawn from the ontology, with a fixed random seed, so
`scale` x the shipped corpus's size is the same text on every machine."""

from __future__ import annotations

import random
from pathlib import Path

from graph.ontology import Ontology
from sources.corpus import SHIPPED_CORPUS

TEMPLATES = (
    "{a} and {b} explain how {c} keeps {d} fast at scale.",
    "In this episode we compare {a} with {b}, and when {c} is the better choice.",
    "Teams at {a} moved from {b} to {c} to cut tail latency of their {d} layer.",
    "The design uses {a} for storage, {b} for messaging and {c} in front of the API.",
    "Failures in {a} cascade unless {b} and {c} are configured with sane timeouts.",
    "A short primer on {a}: why {b} matters, how {c} fits and what {d} costs.",
    "We walk through {a}, {b} and {c}, with real incidents and the fixes that stuck.",
    "Operating {a} well means watching {b}, tuning {c} and planning for {d}.",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def shipped_size() -> int:
    return sum(path.stat().st_size for path in SHIPPED_CORPUS.glob("*.txt"))


class _Writer:
    def __init__(self, rng: random.Random, names: list[str]):
        self.rng, self.names = rng, names

    def sentence(self) -> str:
        picks = self.rng.sample(self.names, 4)
        return self.rng.choice(TEMPLATES).format(a=picks[0], b=picks[1], c=picks[2], d=picks[3])

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        return f"{self.rng.choice(self.names)} {self.rng.choice(('Architecture', 'Deep Dive', 'at Scale', 'Internals', 'in Practice'))}"

    def episode_pairs(self, n: int) -> str:
        lines = ["Synthetic Podcast", "Two hosts break down large systems — " + self.sentence()]
        for _ in range(n):
            lines += [self.title(), self.paragraph(3)]
        return "\n".join(lines) + "\n"

    def episode_feed(self, n: int) -> str:
        parts = ["Episodes", ""]
        for _ in range(n):
            date = f"{self.rng.choice(MONTHS)} {self.rng.randint(1, 28)} 20{self.rng.randint(20, 26)}"
            parts += [f"  • {self.title()}", f"    {date}", "", f"    {self.paragraph(4)}", "",
                      "    Show More Show Less", f"    {self.rng.randint(5, 60)} mins"]
        return "\n".join(parts) + "\n"

    def post_feed(self, n: int) -> str:
        parts = ["Latest posts", ""]
        for _ in range(n):
            title = self.title()
            parts += [f"  • {title}", f"    {title}", "", f"    {self.paragraph(4)}…", "", "    Read more", "", ""]
        return "\n".join(parts) + "\n"

    def article_teasers(self, n: int) -> str:
        lines = [self.title()]
        lines += [f"{self.rng.randint(4, 15)} min read Introduction {self.paragraph(2)} Read article" for _ in range(n)]
        return "\n".join(lines) + "\n"

    def markdown(self, n: int) -> str:
        parts = [f"# {self.title()}", "", self.paragraph(2), ""]
        for _ in range(n):
            parts += [f"## {self.title()}", "", self.paragraph(5), ""]
        return "\n".join(parts)


def write_synthetic_corpus(folder: Path, scale: int, ontology: Ontology, seed: int = 7) -> list[Path]:
    """Write documents totalling about `scale` x the shipped corpus into `folder`."""
    rng = random.Random(seed)
    names = sorted(form for entity in ontology.entities for form in (entity.name, *entity.aliases[:1]) if len(form) > 2)
    writer = _Writer(rng, names)
    formats = (writer.episode_pairs, writer.episode_feed, writer.post_feed, writer.article_teasers, writer.markdown)
    folder.mkdir(parents=True, exist_ok=True)
    target, written, paths = scale * shipped_size(), 0, []
    index = 0
    while written < target:
        make = formats[index % len(formats)]
        text = make(rng.randint(6, 14))
        path = folder / f"doc-{index:06d}{'.md' if make == writer.markdown else '.txt'}"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        paths.append(path)
        index += 1
    return paths
