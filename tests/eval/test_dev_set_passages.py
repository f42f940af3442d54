"""Every dev-set evidence is findable in the passages the ingest code produces.

An evidence that sits in no passage's judged prefix (first 1,500 characters)
could never be retrieved, and the dev set would punish every mode for it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from eval.judgments import RetrievedPassage, satisfies
from eval.queries import DEFAULT_QUERIES, load_queries

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_every_evidence_is_in_the_judged_prefix_of_some_passage():
    from ingest.chunking import chunk_document
    from ingest.load import load_document
    from ingest.manifest import load_manifest

    manifest = load_manifest(CORPUS)
    passages = {
        path.name: [RetrievedPassage(p.chunk_id, p.source, p.text)
                    for p in chunk_document(load_document(path, manifest))]
        for path in sorted(CORPUS.glob("*.txt"))
    }
    unmatched = [(q.id, e.source, e.evidence) for q in load_queries(DEFAULT_QUERIES) for e in q.relevant
                 if not any(satisfies(p, e) for p in passages[e.source])]
    assert unmatched == []
