"""`kamerzoek commitments [ID] [--status S] [--sort age|date] [--json | --csv]` — toezeggingen.

Each commitment is followed across the letters that mention it (its timeline,
each mention with the reason it belongs there); its status is the latest
mention's. Sorted by age, the open ones come first, longest open first (the date
the commitment was given, else the first letter naming it). With ID (the
commitment's id or one of its statements'): that commitment's timeline.
"""
from __future__ import annotations

import argparse
from typing import Any

from api.cli.common import add_settings_flags, open_catalog
from api.cli.tables import clip, dumps, quoted, table
from ingest.extract.models import COMMITMENT_STATUSES


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "commitments", help="list commitments (toezeggingen) with their status, or show one's timeline",
        description="Commitments given to the Kamer, followed across letters, with status afgedaan, "
                    "deels_afgedaan or openstaand.")
    parser.add_argument("id", nargs="?", help="a commitment id (c-…): show its timeline")
    parser.add_argument("--status", choices=(*COMMITMENT_STATUSES, "voldaan"),
                        help="only commitments with this status (voldaan = afgedaan)")
    parser.add_argument("--sort", choices=("age", "date"), default="age",
                        help="age: open ones first, longest open first (default); date: latest mention first")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV (one row per commitment, header row)")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from api import export
    from index import registry

    with open_catalog(args) as catalog:
        if args.id:
            record = registry.commitment(catalog.connection, args.id).to_dict()  # unknown → exit 2
            if args.csv:  # the timeline, one row per mention
                print(export.to_csv(record["mentions"], export.TIMELINE_COLUMNS), end="")
            else:
                print(dumps(record) if args.json else format_commitment(record))
            return 0
        records = [r.to_dict() for r in registry.commitments(catalog.connection, status=args.status,
                                                              sort=args.sort)]
    if args.json:
        print(dumps({"data": records, "count": len(records)}))
    elif args.csv:
        print(export.to_csv(export.commitment_rows(records), export.COMMITMENT_COLUMNS), end="")
    elif not records:
        print("no commitments" + (f" with status {args.status}" if args.status else ""))
    else:
        rows = [[r["id"], r["status"], r["since"] or "-", r["deadline"] or "-", str(r["mention_count"]),
                 r["last_date"] or "-", clip(r["subject"], 70)] for r in records]
        print(table(["ID", "STATUS", "SINCE", "DEADLINE", "MENTIONS", "LAST LETTER", "COMMITMENT"], rows))
    return 0


def format_commitment(record: dict[str, Any]) -> str:
    """A commitment's timeline: origin, status, then each mention with its reason and quote."""
    lines = [f"Toezegging {record['id']}: {record['subject']}",
             f"  given:   {record['given_at'] or '-'} ({record['given_on'] or 'date unknown'})"
             + (f" by {record['who']}" if record["who"] else ""),
             f"  status:  {record['status']} (the latest mention's)"
             + (f", deadline {record['deadline']}" if record["deadline"] else ""),
             f"  mentions ({len(record['mentions'])}), by letter date:"]
    for m in record["mentions"]:
        lines.append(f"    {m['date'] or '----------'}  {m['status']:<14}  {m['source']} p. {m['page_start']}"
                     f"  [{m['chunk_id']}]  ({m['reason']})")
        lines.extend(quoted(m["quote"], 6))
    return "\n".join(lines)
