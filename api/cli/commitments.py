"""`kamerzoek commitments [--status S] [--sort age|date] [--json]` — toezeggingen.

Open ones sorted by age show the longest-open commitments first (the date the
commitment was given, else the date of the letter that names it).
"""
from __future__ import annotations

import argparse

from api.cli.common import add_settings_flags, open_catalog
from api.cli.tables import clip, dumps, table
from ingest.extract.models import COMMITMENT_STATUSES


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "commitments", help="list commitments (toezeggingen) and their status",
        description="Commitments given to or made to the Kamer, with status afgedaan, "
                    "deels_afgedaan or openstaand.")
    parser.add_argument("--status", choices=(*COMMITMENT_STATUSES, "voldaan"),
                        help="only commitments with this status (voldaan = afgedaan)")
    parser.add_argument("--sort", choices=("age", "date"), default="age",
                        help="age: open longest first (default); date: newest letter first")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from index import registry

    with open_catalog(args) as catalog:
        records = [r.to_dict() for r in registry.commitments(catalog.connection, status=args.status,
                                                              sort=args.sort)]
    if args.json:
        print(dumps({"data": records, "count": len(records)}))
    elif not records:
        print("no commitments" + (f" with status {args.status}" if args.status else ""))
    else:
        rows = [[r["status"], r["since"] or "-", r["deadline"] or "-", f"{r['source']} p. {r['page_start']}",
                 clip(r["text"], 80)] for r in records]
        print(table(["STATUS", "SINCE", "DEADLINE", "SOURCE", "COMMITMENT"], rows))
    return 0
