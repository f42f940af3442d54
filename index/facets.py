"""Facet counts of a result list: how many hits per document, year, document type and dossier.

Counted over the candidate pool of a search (``index.result_page``), so the
counts say where the matching passages are, not only the ten on screen. Each
facet lists ``{value, label, count}``, largest first; ``value`` is what the
matching filter takes (``source``, a year for ``date_from``/``date_to``,
``doc_type``, ``dossier``).
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.catalog import DocumentFacts

FACETS = ("document", "year", "doc_type", "dossier")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    document: list[FacetValue] = field(default_factory=list)
    year: list[FacetValue] = field(default_factory=list)
    doc_type: list[FacetValue] = field(default_factory=list)
    dossier: list[FacetValue] = field(default_factory=list)


def sources_of(conn: sqlite3.Connection, chunk_ids: list[str]) -> dict[str, str]:
    """chunk_id → source."""
    out: dict[str, str] = {}
    for i in range(0, len(chunk_ids), 500):
        batch = chunk_ids[i:i + 500]
        marks = ",".join("?" * len(batch))
        out.update(conn.execute(f"SELECT chunk_id, source FROM passages WHERE chunk_id IN ({marks})", batch))
    return out


def _values(counts: Counter, labels: dict[str, str] | None = None) -> list[FacetValue]:
    return [FacetValue(v, (labels or {}).get(v, v), n)
            for v, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def count_facets(sources: Iterable[str], facts: dict[str, DocumentFacts]) -> Facets:
    """Facet counts for hits in these documents (one source per hit)."""
    document, year, doc_type, dossier = Counter(), Counter(), Counter(), Counter()
    for source in sources:
        info = facts.get(source)
        document[source] += 1
        if info is None:
            continue
        if info.date[:4].isdigit():
            year[info.date[:4]] += 1
        if info.doc_type:
            doc_type[info.doc_type] += 1
        for d in info.dossiers:
            dossier[d] += 1
    titles = {s: f.title for s, f in facts.items()}
    return Facets(_values(document, titles), _values(year), _values(doc_type), _values(dossier))
