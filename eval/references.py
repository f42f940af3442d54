"""Reference queries: how many of the top results cite the Kamerstuk or motion the query names.

For each query (the forms of issue 15: ``Kamerstuk 35 669, nr. 36``, ``35669-36``,
``kst-25295-1172``, ``motie 35 570 XV nr. 54``, ``motie Van Weyenberg
Smeulders``) the top 3 of the plain ranking (``Searcher.search``) and of the
search page (``index.result_page``, reference first) are compared with the
passages that cite the item: a registry mention of the motion, or a footnote
whose parsed reference is the Kamerstuk.

Run ``python -m eval.references --data-dir DIR`` on an ingested data dir.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.catalog import Catalog
from index.config import Settings
from index.result_page import search_page
from index.search import Searcher

QUERIES = [("Kamerstuk 35 669, nr. 36", ["35669-36"]), ("35669-36", ["35669-36"]),
           ("kst-25295-1172", ["25295-1172"]), ("motie 35 570 XV nr. 54", ["35570-XV-54"]),
           ("motie Van Weyenberg Smeulders", ["35669-36", "35570-XV-54"])]
TOP = 3


def citing(catalog: Catalog, ids: list[str]) -> set[str]:
    """Passages that cite one of ``ids``: registry mentions, or footnotes with that reference."""
    out = catalog.registry.chunk_ids_mentioning(ids)
    for chunk_id, references in catalog.connection.execute(
            'SELECT pf.chunk_id, f."references" FROM passage_footnotes pf'
            " JOIN footnotes f ON f.source = pf.source AND f.number = pf.number"):
        if any(r["id"] in ids for r in json.loads(references)):
            out.add(chunk_id)
    return out


def evaluate(searcher: Searcher) -> list[dict]:
    rows = []
    for query, ids in QUERIES:
        truth = citing(searcher.catalog, ids)
        plain = [h.chunk_id for h in searcher.search(query, k=TOP)]
        page = search_page(searcher, query, k=TOP)
        rows.append({"query": query, "ids": ids, "citing": len(truth),
                     "plain": sum(c in truth for c in plain),
                     "reference_first": sum(h.chunk_id in truth for h in page.hits),
                     "recognised": page.reference.label if page.reference else ""})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.references")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = Settings() if args.data_dir is None else Settings().model_copy(update={"data_dir": args.data_dir})
    with Searcher(settings) as searcher:
        for row in evaluate(searcher):
            print(f"{row['query']:<32} top-{TOP} citing it: plain {row['plain']}/{TOP}, "
                  f"reference first {row['reference_first']}/{TOP}  (recognised: {row['recognised'] or '-'};"
                  f" {row['citing']} passages cite it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
