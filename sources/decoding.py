"""Bytes -> text for corpus files: UTF-8 first, a byte-order mark honoured, a recorded fallback.

Returns the text with the encoding used, or raises `UndecodableError` (binary content)."""

from __future__ import annotations

import codecs


class UndecodableError(ValueError):
    """The bytes are not text (binary content)."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

FALLBACK_ENCODING = "cp1252"
UTF_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32"})


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode `data`; returns (text, encoding). The fallback (cp1252, then latin-1, which never
    fails) is used only when the bytes are not UTF-8; callers record that as a repair. Raises
    `UndecodableError` and nothing else: a UTF-16 or UTF-32 byte-order mark followed by bytes that
    are not UTF-16/32 is not text; a UTF-8 byte-order mark followed by bytes that are not UTF-8 is
    decoded like any other non-UTF-8 file (without the mark)."""
    failed = None
    for bom, encoding in _BOMS:  # FF FE 00 00 is a UTF-32 mark, or a UTF-16 one and a NUL
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                if encoding == "utf-8-sig":
                    return _fallback(data[len(bom) :])
                failed = failed or (
                    f"not valid {encoding} although it starts with a {encoding} byte-order mark "
                    f"({error.reason} at byte {error.start})"
                )
    if failed:
        raise UndecodableError(failed)
    if b"\x00" in data:
        raise UndecodableError("binary content (NUL bytes) and no byte-order mark")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _fallback(data)


def _fallback(data: bytes) -> tuple[str, str]:
    try:
        return data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
