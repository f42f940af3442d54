"""CSV exports of the registry lists and of search results (``?format=csv``, ``--csv``).

One row per item with a header row, written by the standard ``csv`` module;
list fields (submitters) are joined with "; ", and a commitment's or motion's
timeline is summed up by its dates and mention count (the JSON has it in full).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

MOTION_COLUMNS = ["id", "dossier", "number", "submitters", "cosigned", "subject", "status",
                  "first_date", "last_date", "mention_count"]
COMMITMENT_COLUMNS = ["id", "subject", "status", "given_on", "given_at", "who", "deadline", "since",
                      "first_date", "last_date", "mention_count", "last_source"]
MEASURE_COLUMNS = ["id", "source", "date", "page_start", "chunk_id", "amount", "when", "text"]
TIMELINE_COLUMNS = ["date", "status", "source", "page_start", "chunk_id", "reason", "quote"]
SEARCH_COLUMNS = ["rank", "chunk_id", "source", "title", "date", "page_start", "page_end", "heading",
                  "score", "text"]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def to_csv(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    """``rows`` as CSV text with a header row of ``columns`` (other keys are left out)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def commitment_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Commitment dicts with the source of their latest mention added (``last_source``)."""
    return [{**r, "last_source": r["mentions"][-1]["source"] if r.get("mentions") else ""} for r in records]


def search_rows(hits: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Search hits numbered from 1 (``rank``)."""
    return [{**h, "rank": i} for i, h in enumerate(hits, 1)]
