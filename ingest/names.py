"""File names as the OS gives them: any bytes, shown readably, stored so they round-trip.

On POSIX a file name is bytes; Python hands undecodable bytes over as lone
surrogates (``surrogateescape``), which neither SQLite nor a UTF-8 terminal
accepts. ``display`` escapes such bytes (``latin1_\\xe9\\xff.txt``) and control
characters, so a name is always one printable line; it is also the document's
``source``. ``to_stored``/``from_stored`` keep the exact path in the catalog:
a valid UTF-8 path as itself, any other as ``fsbytes:`` + its percent-encoded bytes.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote_from_bytes, unquote_to_bytes

_STORED_PREFIX = "fsbytes:"


def display(name: str | os.PathLike[str]) -> str:
    """``name`` as one printable line: undecodable bytes as ``\\xNN``, control characters escaped."""
    text = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def to_stored(path: str | os.PathLike[str]) -> str:
    """A text form of ``path`` that SQLite can hold and ``from_stored`` turns back into it."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _STORED_PREFIX + quote_from_bytes(os.fsencode(text), safe="/")
    return text


def from_stored(text: str) -> Path:
    """The path that ``to_stored`` made ``text`` of."""
    if text.startswith(_STORED_PREFIX):
        return Path(os.fsdecode(unquote_to_bytes(text[len(_STORED_PREFIX):])))
    return Path(text)
