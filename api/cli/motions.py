"""`kamerzoek motions [ID] [--status S] [--json | --csv]` — motions and what became of them.

Reads only the catalog (no Chroma, no model). Without ID: one line per motion
with its latest status; with ID: the motion's timeline, one mention per line,
ordered by letter date. ``--json`` prints the models ``GET /motions`` answers with.
"""
from __future__ import annotations

import argparse

from api import export
from api.cli.common import add_settings_flags, open_catalog
from api.cli.tables import clip, dumps, quoted, table
from api.models import MotionOut, MotionsOut
from index.registry import MotionRecord
from ingest.extract.models import MotionStatus


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "motions", help="list motions with their latest status, or show one motion's timeline",
        description="Motions (moties) named in the letters, identified by their Kamerstuk id "
                    "(e.g. 35669-36, 35570-XV-54), with the status each letter expresses.")
    parser.add_argument("id", nargs="?", help="a motion id (35669-36 or '35 669, nr. 36'): show its timeline")
    parser.add_argument("--status", choices=MotionStatus.choices(), help="only motions with this latest status")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV (one row per motion, header row)")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_catalog(args) as catalog:
        if args.id:
            record = catalog.registry.motion(args.id)  # UnknownMotionError → exit 2
            out = MotionOut.model_validate(record)
            if args.csv:  # the timeline, one row per mention
                print(export.to_csv(out.model_dump(mode="json")["mentions"], export.TIMELINE_COLUMNS), end="")
            else:
                print(dumps(out.model_dump(mode="json")) if args.json else format_motion(record))
            return 0
        records = catalog.registry.motions(status=args.status)
    listing = MotionsOut.of(records)
    if args.json:
        print(dumps(listing.model_dump(mode="json")))
    elif args.csv:
        print(export.to_csv(listing.model_dump(mode="json")["data"], export.MOTION_COLUMNS), end="")
    elif not records:
        print("no motions" + (f" with status {args.status}" if args.status else ""))
    else:
        print(format_motions(records))
    return 0


def submitters(record: MotionRecord) -> str:
    names = ", ".join(record.submitters) or "-"
    return names + (" c.s." if record.cosigned else "")


def format_motions(records: list[MotionRecord]) -> str:
    rows = [[r.id, r.status.value, r.last_date or "-", str(r.mention_count),
             clip(submitters(r), 30), clip(r.subject or "-", 60)] for r in records]
    return table(["ID", "STATUS", "LAST LETTER", "MENTIONS", "SUBMITTERS", "SUBJECT"], rows)


def format_motion(record: MotionRecord) -> str:
    lines = [f"Motie {record.id} ({submitters(record)})",
             f"  subject: {record.subject or '-'}",
             f"  status:  {record.status.value} (latest letter that says more than 'genoemd')",
             f"  mentions ({len(record.mentions)}), by letter date:"]
    for m in record.mentions:
        lines.append(f"    {m.date or '----------'}  {m.status.value:<13}  {m.source} p. {m.page_start}"
                     f"  [{m.chunk_id}]")
        lines.extend(quoted(m.quote, 6))
    return "\n".join(lines)
