"""Join two physical lines of running text, undoing line-end hyphenation where it is one.

Rules (Dutch typesetting):
- ``coronadash-`` + ``board`` → ``coronadashboard`` (a word split at the line end);
- ``werkgevers-`` + ``en werknemers…`` → ``werkgevers- en werknemers…`` (elided compound);
- ``Nijkerken-`` + ``De Haan`` → ``Nijkerken-De Haan`` (next part capitalised), likewise
  after a digit or an acronym (``CO2-uitstoot``, ``SER-advies``) and after prefixes
  such as ``niet-`` that keep their hyphen;
- a hyphen followed by a space at the line end in a plain-text extraction is a hard
  hyphen, never a split;
- inside a URL the hyphen is part of the address: glue, keep it.
"""
from __future__ import annotations

import re

from ingest.marks import visible

# Words after which a dangling hyphen is an elided compound ("werkgevers- en werknemers").
_CONJUNCTIONS = {"en", "of", "tot", "t/m", "noch", "als", "dan", "&"}
# "niet-" compounds (niet-thuiswerkers) keep their hyphen; other prefixes (ex-, pre-, co-) are
# as often plain syllables (ex-tra, pre-ventie), so only the hard-hyphen signal keeps those.
_KEEP_HYPHEN_PREFIXES = {"niet"}
_URL = re.compile(r"(https?://|www\.|\w\.\w+/)\S*$", re.IGNORECASE)


def ends_in_url(text: str) -> bool:
    """Whether the last token of ``text`` is (part of) a web address."""
    token = text.rsplit(None, 1)[-1] if text.strip() else ""
    return bool(_URL.search(token)) or token.count("/") >= 2


def join_lines(left: str, right: str) -> str:
    """``left`` + ``right`` as one run of text: a space between, or a dehyphenated join."""
    hard = left.endswith(("- ", "-\t"))
    left = left.rstrip()
    right = right.strip()
    if not left:
        return right
    if not right:
        return left
    if not visible(left).endswith("-") or visible(left).endswith("--"):
        return f"{left} {right}"
    stem = left[:-1]
    next_word = right.split(None, 1)[0]
    if ends_in_url(left):
        return left + right
    if stem.endswith(" ") or not stem:
        # "CO2 -" + "uitstoot": a detached hyphen after an alphanumeric token binds to it.
        prev = stem.rstrip()
        if prev and prev[-1].isalnum() and right[:1].islower():
            return f"{prev}-{right}"
        return f"{left} {right}"
    if next_word.lower().strip(",;") in _CONJUNCTIONS or right[0] in ",;":
        return f"{left} {right}"
    last_word = re.split(r"[\s(«“\"'/]", stem)[-1]
    keep = (
        hard
        or not right[0].isalpha() and right[0] != ")"
        or right[0].isupper()
        or (last_word[-1:].isdigit() or last_word[-1:].isupper())
        or last_word.lower() in _KEEP_HYPHEN_PREFIXES
    )
    if right[0] == ")":
        return stem + right
    return (left + right) if keep else (stem + right)
