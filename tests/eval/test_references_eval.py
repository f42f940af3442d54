"""Reference queries on the ingested corpus: every passage citing the item comes first
(``python -m eval.references``)."""
from __future__ import annotations

import pytest

from eval.references import TOP, evaluate
from index.search import Searcher

pytestmark = pytest.mark.integration


def test_reference_queries_put_what_cites_them_on_top(indexed_settings):
    with Searcher(indexed_settings) as searcher:
        rows = evaluate(searcher)
    for row in rows:
        assert row["recognised"], row
        assert row["reference_first"] == min(TOP, row["citing"]), row
        assert row["reference_first"] >= row["plain"], row
    assert sum(r["reference_first"] for r in rows) > sum(r["plain"] for r in rows)
