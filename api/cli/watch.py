"""`kamerzoek watch add|list|check|remove` — saved searches and their new hits.

    kamerzoek watch add "hybride werken" --dossier 25883        # prints the id
    kamerzoek watch add 35669-36                                 # new mentions of a motion
    kamerzoek watch check [ID] [--json]                          # new hits, then marked seen
    kamerzoek watch list
    kamerzoek watch remove ID

A watch on a motion id or a commitment id (``c-…``) reports new mentions of it;
any other query reports passages of newly ingested documents among its top
results (lexical by default, so a check loads no model). Stored in the catalog.
"""
from __future__ import annotations

import argparse

from api.cli.common import (add_filter_flags, add_settings_flags, check_source, filter_values, settings_from,
                            validated)
from api.cli.tables import clip, dumps, quoted, table
from api.models import WatchesOut, WatchHitsOut, WatchIn, WatchOut
from index import watches
from index.search import Searcher
from index.watches import Watch, WatchHit


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("watch", help="saved searches: add, list, check for new hits, remove",
                            description="Watches: a query with filters (or a motion or commitment id) "
                                        "whose new hits after each ingest are reported.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="save a watch and print its id")
    add.add_argument("query", help="the query, or a motion id (35669-36) or commitment id (c-…)")
    add.add_argument("--mode", default="lexical", help="lexical (default), hybrid or dense")
    add_filter_flags(add)
    add.add_argument("--json", action="store_true", help="print the watch as JSON")
    listing = actions.add_parser("list", help="list the watches")
    listing.add_argument("--json", action="store_true", help="print JSON")
    check = actions.add_parser("check", help="new hits since the last check (then marked seen)")
    check.add_argument("id", nargs="?", help="one watch (default: all)")
    check.add_argument("--json", action="store_true", help='print {"data": [hits]}')
    remove = actions.add_parser("remove", help="delete a watch")
    remove.add_argument("id")
    for p in (add, listing, check, remove):
        add_settings_flags(p)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    body = watch_in(args) if args.action == "add" else None  # bad flags need no index to be refused
    with Searcher(settings_from(args)) as searcher:
        catalog = searcher.catalog  # IndexNotBuiltError before anything was ingested
        if body is not None:
            check_source(searcher, args.source)  # UnknownSourceError names the known ones
            watch = watches.add(catalog, searcher, body.query, body.mode, body.filters())
            print(dumps(WatchOut.model_validate(watch).model_dump(mode="json")) if args.json else watch.id)
        elif args.action == "list":
            found = watches.list_watches(catalog)
            if args.json:
                print(dumps(WatchesOut.of(found).model_dump(mode="json")))
            elif not found:
                print("no watches (add one with `kamerzoek watch add QUERY`)")
            else:
                print(format_watches(found))
        elif args.action == "check":
            hits = watches.check(catalog, searcher, args.id)
            print(dumps(WatchHitsOut.of(hits).model_dump(mode="json")) if args.json else format_hits(hits))
        else:
            watches.remove(catalog, args.id)
            print(f"removed {args.id}")
    return 0


def watch_in(args: argparse.Namespace) -> WatchIn:
    """The arguments of ``watch add`` checked by the model of ``POST /watches`` (a UsageError names the flag)."""
    return validated(WatchIn, {"query": args.query, "mode": args.mode.strip().lower(), **filter_values(args)},
                     positional={"query": "QUERY"})


def _follows(watch: Watch) -> str:
    """What a watch follows: the motion or commitment, else its filters (or plain "search")."""
    if watch.target_kind:
        return f"{watch.target_kind} {watch.target_id}"
    return ", ".join(f"{k}={v}" for k, v in watch.filters.items()) or "search"


def format_watches(found: list[Watch]) -> str:
    return table(["ID", "CREATED", "LAST CHECK", "FOLLOWS", "QUERY"],
                 [[w.id, w.created_at, w.last_checked or "-", _follows(w), clip(w.query, 60)] for w in found])


def format_hits(hits: list[WatchHit]) -> str:
    if not hits:
        return "no new hits"
    lines = []
    for h in hits:
        status = f" [{h.status}]" if h.status else ""
        lines.append(f"{h.watch_id}  {h.title} ({h.date or 'undated'}), p. {h.page_start}"
                     f" — {h.source}{status}  [{h.chunk_id}]")
        lines.extend(quoted(h.quote, 4))
    return "\n".join(lines)
