"""Footnote-marker sentinels used between parsing stages.

Parsers replace a resolved footnote marker by ``\\ue000<n>\\ue001`` (private-use
characters that never occur in real text); the assembler removes them and records
the offset. ``visible`` gives the text as the reader sees it.
"""
from __future__ import annotations

import re

OPEN = "\ue000"
CLOSE = "\ue001"
MARK_RE = re.compile(OPEN + r"(\d+)" + CLOSE)


def mark(number: int) -> str:
    """The sentinel for footnote ``number``."""
    return f"{OPEN}{number}{CLOSE}"


def visible(text: str) -> str:
    """``text`` without marker sentinels."""
    return MARK_RE.sub("", text)
