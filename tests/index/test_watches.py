"""Watches on the real catalog: a query and a motion watched, a letter ingested afterwards,
its new passages and mentions reported once (``index.watches``).

The corpus is ingested without 002 (the 2024 letter); the watches are made; then
002 is ingested: it holds the rijkshubs and three mentions of motion 35669-36.
"""
from __future__ import annotations

import shutil

import pytest

from index import watches
from index.models import SearchFilters
from index.pipeline import ingest_paths
from index.search import Searcher
from tests.conftest import CORPUS, S002

pytestmark = pytest.mark.integration


def test_new_hits_after_an_ingest_reported_once(cached_settings, corpus_without_002, capsys):
    assert ingest_paths([corpus_without_002], cached_settings, progress=False).ok
    with Searcher(cached_settings) as searcher:
        catalog = searcher.catalog
        query = watches.add(catalog, searcher, "rijkshubs")
        motion = watches.add(catalog, searcher, "Kamerstuk 35 669, nr. 36")
        commitment_id = next(c.id for c in catalog.registry.commitments() if c.status == "afgedaan")
        dated = watches.add(catalog, searcher, "thuiswerken", filters=SearchFilters(date_from="2024-01-01"))
        assert (motion.target_kind, motion.target_id) == ("motion", "35669-36")
        assert watches.add(catalog, searcher, commitment_id).target_kind == "commitment"
        assert query.target_kind == "" and query.id.startswith("w-")
        assert watches.check(catalog, searcher) == []  # the baseline is never "new"
        assert [w.id for w in watches.list_watches(catalog)][:2] == [query.id, motion.id]

    shutil.copy(CORPUS / S002, corpus_without_002 / S002)
    assert ingest_paths([corpus_without_002], cached_settings, progress=False).ok
    with Searcher(cached_settings) as searcher:
        catalog = searcher.catalog
        found = watches.check(catalog, searcher, query.id)
        assert found and {h.source for h in found} == {S002}
        assert any("rijkshubs" in h.quote for h in found)
        assert watches.check(catalog, searcher, query.id) == []  # marked seen
        mentions = watches.check(catalog, searcher, motion.id)
        assert {h.source for h in mentions} == {S002} and len(mentions) == 3
        assert "afgedaan" in {h.status for h in mentions}
        assert {h.source for h in watches.check(catalog, searcher, dated.id)} == {S002}
        # the feed keeps every hit found since the watch was made, newest first
        _, entries = watches.feed(catalog, searcher, query.id)
        assert {e.chunk_id for e in entries} == {h.chunk_id for h in found}
        assert [e.found_at for e in entries] == sorted((e.found_at for e in entries), reverse=True)
        watches.remove(catalog, query.id)
        with pytest.raises(watches.UnknownWatchError):
            watches.get(catalog, query.id)
        count = catalog.connection.execute("SELECT COUNT(*) FROM watch_hits WHERE watch_id = ?",
                                           (query.id,)).fetchone()[0]
        assert count == 0
