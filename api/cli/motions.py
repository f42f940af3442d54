"""`kamerzoek motions [ID] [--status S] [--json | --csv]` — motions and what became of them.

Reads only the catalog (no Chroma, no model). Without ID: one line per motion
with its latest status; with ID: the motion's timeline, one mention per line,
ordered by letter date. Also holds the small helpers the `commitments` and
`measures` commands share.
"""
from __future__ import annotations

import argparse
from typing import Any

from api.cli.common import add_settings_flags, open_catalog
from api.cli.tables import clip, dumps, quoted, table
from ingest.extract.models import MOTION_STATUSES


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "motions", help="list motions with their latest status, or show one motion's timeline",
        description="Motions (moties) named in the letters, identified by their Kamerstuk id "
                    "(e.g. 35669-36, 35570-XV-54), with the status each letter expresses.")
    parser.add_argument("id", nargs="?", help="a motion id (35669-36 or '35 669, nr. 36'): show its timeline")
    parser.add_argument("--status", choices=MOTION_STATUSES, help="only motions with this latest status")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV (one row per motion, header row)")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from index import registry

    with open_catalog(args) as catalog:
        if args.id:
            record = registry.motion(catalog.connection, args.id)  # UnknownMotionError → exit 2
            if args.csv:  # the timeline, one row per mention
                from api import export

                print(export.to_csv(record.to_dict()["mentions"], export.TIMELINE_COLUMNS), end="")
            else:
                print(dumps(record.to_dict()) if args.json else format_motion(record.to_dict()))
            return 0
        records = [r.to_dict() for r in registry.motions(catalog.connection, status=args.status)]
    if args.json:
        print(dumps({"data": records, "count": len(records)}))
    elif args.csv:
        from api import export

        print(export.to_csv(records, export.MOTION_COLUMNS), end="")
    elif not records:
        print("no motions" + (f" with status {args.status}" if args.status else ""))
    else:
        print(format_motions(records))
    return 0


def submitters(record: dict[str, Any]) -> str:
    names = ", ".join(record["submitters"]) or "-"
    return names + (" c.s." if record.get("cosigned") else "")


def format_motions(records: list[dict[str, Any]]) -> str:
    rows = [[r["id"], r["status"], r["last_date"] or "-", str(r["mention_count"]),
             clip(submitters(r), 30), clip(r["subject"] or "-", 60)] for r in records]
    return table(["ID", "STATUS", "LAST LETTER", "MENTIONS", "SUBMITTERS", "SUBJECT"], rows)


def format_motion(record: dict[str, Any]) -> str:
    lines = [f"Motie {record['id']} ({submitters(record)})",
             f"  subject: {record['subject'] or '-'}",
             f"  status:  {record['status']} (latest letter that says more than 'genoemd')",
             f"  mentions ({len(record['mentions'])}), by letter date:"]
    for m in record["mentions"]:
        lines.append(f"    {m['date'] or '----------'}  {m['status']:<13}  {m['source']} p. {m['page_start']}"
                     f"  [{m['chunk_id']}]")
        lines.extend(quoted(m["quote"], 6))
    return "\n".join(lines)
