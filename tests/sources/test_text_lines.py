from __future__ import annotations

import pytest

from sources.text_lines import content_lines, join_text, paragraphs, split_glued_head, split_lines, split_list


@pytest.mark.parametrize(
    "text",
    [
        "alpha\nbeta\ngamma",
        "alpha\r\nbeta\r\n\r\ngamma\r\n",
        "   indented line\n\tTabbed line  \n",
        "mixed\r\n    four spaces\n\r\nlast without newline",
        "café ☕\r\n  naïve — résumé\n",
    ],
)
def test_split_lines_offsets_index_the_original_text(text):
    lines = split_lines(text)
    assert lines, "every text has lines"
    for line in lines:
        assert text[line.start : line.end] == line.text
    assert [line.number for line in lines] == list(range(len(lines)))


def test_split_lines_strips_crlf_and_indentation_but_keeps_offsets():
    text = "Title\r\n    Indented body\r\n\r\nEnd"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["Title", "Indented body", "", "End"]
    indented = lines[1]
    assert indented.start == text.index("Indented body")
    assert "\r" not in indented.text
    assert lines[3].start == text.index("End")


def test_split_lines_keeps_blank_lines():
    lines = split_lines("a\n\n   \nb")
    assert [line.is_blank for line in lines] == [False, True, True, False]


@pytest.mark.parametrize(
    ("text", "decoration"),
    [
        ("🐍", True),
        ("☁️", True),
        ("│", False),  # box-drawing lines belong to diagrams
        ("──►", False),
        ("JS", False),
        ("01", False),
        ("🐍 Python", False),
    ],
)
def test_is_decoration_means_no_letter_digit_or_drawing(text, decoration):
    (line,) = split_lines(text)
    assert line.is_decoration is decoration


def test_content_lines_drop_blank_and_icon_only_lines():
    text = "Docker\n\n🐳\n   \n☁️\nBuild failures · Layer caching\n💡 Check logs first\n"
    assert [line.text for line in content_lines(text)] == [
        "Docker",
        "Build failures · Layer caching",
        "💡 Check logs first",
    ]


def test_paragraphs_are_split_on_blank_lines():
    groups = paragraphs(split_lines("one\ntwo\n\n\nthree\n"))
    assert [[line.text for line in group] for group in groups] == [["one", "two"], ["three"]]


def test_join_text_skips_blank_and_icon_lines():
    assert join_text(split_lines("a\n\n🎯\nb")) == "a\nb"


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        ("99.99%Availability", ("99.99%", "Availability")),
        ("HyperparameterSet before training", ("Hyperparameter", "Set before training")),
        (
            "Pod keeps crashingOOMKilled / Resource limits too low",
            ("Pod keeps crashing", "OOMKilled / Resource limits too low"),
        ),
        ("$500B+Annual GMV", ("$500B+", "Annual GMV")),
        ("Multi-CDNStrategy", ("Multi-CDN", "Strategy")),
        ("AUC-ROCArea under ROC curve", ("AUC-ROC", "Area under ROC curve")),
        ("<10μsLatency", ("<10μs", "Latency")),
        ("50Engineers (initial)", ("50", "Engineers (initial)")),
        ("Cost Optimization Quick Wins", ("Cost Optimization Quick Wins", "")),
        ("plain lowercase words", ("plain lowercase words", "")),
    ],
)
def test_split_glued_head(glued, expected):
    assert split_glued_head(glued) == expected


def test_split_glued_head_splits_only_at_the_first_boundary():
    head, rest = split_glued_head("Message queueSQSDecoupled async processingKinesis")
    assert head == "Message queue"
    assert rest == "SQSDecoupled async processingKinesis"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("A · B · C", ["A", "B", "C"]),
        ("  IAM ·  KMS  ", ["IAM", "KMS"]),
        ("single", ["single"]),
        ("A ·  · B", ["A", "B"]),
    ],
)
def test_split_list(text, parts):
    assert split_list(text) == parts
