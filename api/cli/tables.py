"""Plain-text and JSON output shared by the registry commands (motions, commitments, measures)."""
from __future__ import annotations

import json
import textwrap
from typing import Any


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def clip(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def quoted(quote: str, indent: int) -> list[str]:
    """A quote in curly quotes, wrapped at 96 columns under ``indent`` spaces (hanging one more)."""
    return textwrap.wrap(f"“{quote}”", width=96, initial_indent=" " * indent,
                         subsequent_indent=" " * (indent + 1))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell; the last column is not padded."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = []
    for row in [headers, *rows]:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
