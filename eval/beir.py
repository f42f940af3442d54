"""Export the current index and a query set in BEIR format, so other systems run on the same data.

``corpus.jsonl`` holds the index's passages ``{_id, title, text}``,
``queries.jsonl`` the queries ``{_id, text}``, and ``qrels/test.tsv`` the
relevance ``query-id corpus-id score``: every passage that satisfies an
evidence of the query (the judge of ``eval.judgments``, without the
first-hit rule, which only applies to a ranking).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from eval.judgments import RetrievedPassage, satisfies
from eval.queries import Query
from index.catalog import Catalog
from index.config import Settings


@dataclass(frozen=True)
class BeirExport:
    directory: Path
    passages: int
    queries: int
    qrels: int
    unmatched_evidence: tuple[str, ...]  # "<query id>/e<n>" found in no passage


def export_beir(settings: Settings, queries: Sequence[Query], out_dir: Path) -> BeirExport:
    """Write corpus.jsonl, queries.jsonl and qrels/test.tsv under ``out_dir``."""
    catalog = Catalog.open_existing(settings.catalog_path)
    try:
        titles = {d.source: d.metadata.title or d.source for d in catalog.documents()}
        passages = catalog.passages()
    finally:
        catalog.close()
    out_dir = Path(out_dir)
    (out_dir / "qrels").mkdir(parents=True, exist_ok=True)
    with (out_dir / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for p in passages:
            title = titles.get(p.source, p.source) + (f" › {p.heading}" if p.heading else "")
            f.write(json.dumps({"_id": p.chunk_id, "title": title, "text": p.text}, ensure_ascii=False) + "\n")
    with (out_dir / "queries.jsonl").open("w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps({"_id": q.id, "text": q.query}, ensure_ascii=False) + "\n")
    judged = [RetrievedPassage(p.chunk_id, p.source, p.text) for p in passages]
    rows: list[tuple[str, str]] = []
    unmatched: list[str] = []
    for q in queries:
        relevant: dict[str, None] = {}
        for i, ev in enumerate(q.relevant):
            hits = [p.chunk_id for p in judged if satisfies(p, ev)]
            if not hits:
                unmatched.append(f"{q.id}/e{i}")
            relevant.update(dict.fromkeys(hits))
        rows.extend((q.id, cid) for cid in relevant)
    with (out_dir / "qrels" / "test.tsv").open("w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        f.writelines(f"{qid}\t{cid}\t1\n" for qid, cid in rows)
    return BeirExport(out_dir, len(passages), len(queries), len(rows), tuple(unmatched))
