from __future__ import annotations

import codecs

import pytest

from sources.decoding import UTF_ENCODINGS, UndecodableError, decode_bytes

TEXT = "Café — naïve résumé\nline two\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_unicode_text_decodes_exactly_without_bom(data, encoding):
    text, used = decode_bytes(data)
    assert text == TEXT  # no BOM character left at the start
    assert used == encoding
    assert used in UTF_ENCODINGS


def test_cp1252_bytes_fall_back_and_say_so():
    data = "Café “quoted” – 5€".encode("cp1252")
    text, used = decode_bytes(data)
    assert text == "Café “quoted” – 5€"
    assert used == "cp1252"
    assert used not in UTF_ENCODINGS


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    data = b"caf\xe9 \x81\x8d"  # 0x81 and 0x8d have no cp1252 character
    text, used = decode_bytes(data)
    assert used == "latin-1"
    assert text == "café \x81\x8d"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"text\x00with a NUL", "no bom".encode("utf-16-le")],
    ids=["png", "nul-in-text", "utf-16-without-bom"],
)
def test_binary_content_raises(data):
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(data)


def test_empty_bytes_are_empty_utf8_text():
    assert decode_bytes(b"") == ("", "utf-8")
