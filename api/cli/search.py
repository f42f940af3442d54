"""`kamerzoek search` — search the index, one query or a JSONL file of queries.

    kamerzoek search "thuiswerkkostenvergoeding" --mode hybrid --k 5
    kamerzoek search "Kamerstuk 35 669, nr. 36" --sort date --csv
    kamerzoek search "thuiswerken" --kind commitment --date-from 2022-01-01
    kamerzoek search --queries queries.jsonl --k 10 --json   # {"id","query"} per line

With ``--json`` each result is an object with exactly: chunk_id, source, title,
date, page_start, page_end, heading, text, score, footnotes [{number, text}],
highlights [[start, end], …]. Batch mode prints one line per query
``{"id", "results": [...]}`` and loads the model once. The arguments are
``GET /search``'s and are checked by its model (``api.models.SearchParams``):
a bad one is one line naming the flag, exit status 2.
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from api import export
from api.cli.common import (UsageError, add_filter_flags, add_settings_flags, check_source, filter_values,
                            settings_from, validated, vocabulary_flag)
from api.models import MAX_K, HitOut, SearchParams
from index.highlight import mark
from index.models import Hit, SearchMode, SortOrder
from index.result_page import search_page
from index.search import Searcher

SNIPPET_CHARS = 400


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("search", help="search the indexed passages (lexical, dense or hybrid)",
                            description="Search the indexed passages; every hit is citable. The arguments "
                                        "are those of GET /search and are checked the same way.")
    parser.add_argument("query", nargs="?", help="the query (omit with --queries)")
    parser.add_argument("--queries", type=Path, default=None,
                        help='JSONL file with one {"id", "query"} per line (batch mode)')
    parser.add_argument("--k", type=int, default=10, help=f"number of results (1–{MAX_K}, default 10)")
    parser.add_argument("--mode", default=SearchMode.HYBRID.value,
                        help=f"{' | '.join(SearchMode.values())} (default hybrid)")
    add_filter_flags(parser)
    parser.add_argument("--sort", default=SortOrder.RELEVANCE.value,
                        help=f"{' | '.join(SortOrder.values())}: relevance (default) or date (newest letter first)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV (one row per result, header row)")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.queries is None and not (args.query or "").strip():
        raise UsageError("give a QUERY, or --queries FILE.jsonl")
    if args.queries is not None and args.query:
        raise UsageError("give either a QUERY or --queries, not both")
    if args.queries is None:
        return _search_one(args, search_params(args, args.query))
    batch = [(query_id, search_params(args, query, where=f"{args.queries}: query {query_id}"))
             for query_id, query in _read_queries(args.queries)]
    with Searcher(settings_from(args)) as searcher:
        check_source(searcher, args.source)
        for query_id, params in batch:
            hits = searcher.search(params.q, k=params.k, mode=params.mode, filters=params.filters())
            if args.json:
                print(json.dumps({"id": query_id, "results": [hit_json(h) for h in hits]}, ensure_ascii=False))
            else:
                print(f"=== {query_id}: {params.q}")
                print_listing(params.q, hits)
            sys.stdout.flush()
    return 0


def search_params(args: argparse.Namespace, query: str, where: str = "") -> SearchParams:
    """The arguments as ``GET /search`` takes them, checked by the same model; a UsageError names the flag."""
    try:
        return validated(SearchParams, {
            "q": query, "k": args.k,
            "mode": vocabulary_flag("--mode", SearchMode, args.mode),
            "sort": vocabulary_flag("--sort", SortOrder, args.sort),
            "format": "csv" if args.csv else "json",
            **filter_values(args),
        }, positional={"q": "QUERY"})
    except UsageError as err:
        raise UsageError(f"{where}: {err}" if where else str(err)) from None


def _search_one(args: argparse.Namespace, params: SearchParams) -> int:
    """One query: its result page as JSON (the hits), CSV or a readable listing."""
    with Searcher(settings_from(args)) as searcher:
        check_source(searcher, params.source)
        page = search_page(searcher, params.q, k=params.k, mode=params.mode, filters=params.filters(),
                           sort=params.sort)
    if args.json:
        print(json.dumps([hit_json(h) for h in page.hits], ensure_ascii=False))
    elif args.csv:
        rows = export.search_rows(hit_json(h) for h in page.hits)
        print(export.to_csv(rows, export.SEARCH_COLUMNS), end="")
    else:
        if page.reference is not None:
            print(f"Reference: {page.reference.label} — {len(page.citing)} of these results cite it"
                  f"{', then the document it names' if page.named else ''}\n")
        print_listing(params.q, page.hits)
    return 0


def hit_json(hit: Hit) -> dict:
    """The JSON object of one hit: the API's ``HitOut``, so CLI and API print the same fields."""
    return HitOut.model_validate(hit).model_dump(mode="json")


def print_listing(query: str, hits: list[Hit]) -> None:
    """Readable hits: citation line, shortened passage with [matches], footnotes."""
    if not hits:
        print(f"no results for {query!r}")
        return
    for rank, hit in enumerate(hits, start=1):
        pages = f"p. {hit.page_start}" if hit.page_start == hit.page_end else f"pp. {hit.page_start}-{hit.page_end}"
        print(f"{rank}. {hit.title} ({hit.date or 'undated'}), {pages} — {hit.source}  [score {hit.score:.3f}]")
        if hit.heading:
            print(f"   § {hit.heading}")
        start, end = _window(hit.text, list(hit.highlights))
        spans = [(s - start, e - start) for s, e in hit.highlights if s >= start and e <= end]
        snippet = mark(hit.text[start:end], spans)
        snippet = ("…" if start > 0 else "") + " ".join(snippet.split()) + ("…" if end < len(hit.text) else "")
        print(textwrap.indent(textwrap.fill(snippet, width=96), "   "))
        for note in hit.footnotes:
            print(textwrap.indent(textwrap.fill(f"[{note.number}] {note.text}", width=96), "     "))
        print()


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """A ≤ SNIPPET_CHARS window of ``text`` starting a little before the first match."""
    if len(text) <= SNIPPET_CHARS:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - 80, len(text) - SNIPPET_CHARS))
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    return start, min(len(text), start + SNIPPET_CHARS)


def _read_queries(path: Path) -> list[tuple[str, str]]:
    """(id, query) per non-blank line; a bad line is named by its number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read queries file ({err.__class__.__name__}: {err})") from None
    out: list[tuple[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise UsageError(f"{path}:{number}: not JSON ({err.msg})") from None
        if not isinstance(record, dict):
            raise UsageError(f"{path}:{number}: expected an object with \"id\" and \"query\"")
        query = record.get("query")
        if not isinstance(query, str) or not query.strip():
            raise UsageError(f"{path}:{number}: field \"query\" missing or empty")
        out.append((str(record.get("id", number)), query))
    if not out:
        raise UsageError(f"{path}: no queries in the file")
    return out
