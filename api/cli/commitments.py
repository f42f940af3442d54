"""`kamerzoek commitments [ID] [--status S] [--sort age|date] [--json | --csv]` — toezeggingen.

Each commitment is followed across the letters that mention it (its timeline,
each mention with the reason it belongs there); its status is the latest
mention's. Sorted by age, the open ones come first, longest open first (the date
the commitment was given, else the first letter naming it). With ID (the
commitment's id or one of its statements'): that commitment's timeline.
``--json`` prints the models ``GET /commitments`` answers with.
"""
from __future__ import annotations

import argparse

from api import export
from api.cli.common import add_settings_flags, open_catalog
from api.cli.tables import clip, dumps, quoted, table
from api.models import CommitmentOut, CommitmentsOut
from index.registry import CommitmentRecord, CommitmentSort
from ingest.extract.models import CommitmentStatus


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "commitments", help="list commitments (toezeggingen) with their status, or show one's timeline",
        description="Commitments given to the Kamer, followed across letters, with status afgedaan, "
                    "deels_afgedaan or openstaand.")
    parser.add_argument("id", nargs="?", help="a commitment id (c-…): show its timeline")
    parser.add_argument("--status", choices=CommitmentStatus.choices(),
                        help="only commitments with this status (voldaan = afgedaan)")
    parser.add_argument("--sort", choices=CommitmentSort.choices(), default=CommitmentSort.AGE.value,
                        help="age: open ones first, longest open first (default); date: latest mention first")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV (one row per commitment, header row)")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_catalog(args) as catalog:
        if args.id:
            record = catalog.registry.commitment(args.id)  # unknown → exit 2
            out = CommitmentOut.model_validate(record)
            if args.csv:  # the timeline, one row per mention
                print(export.to_csv(out.model_dump(mode="json")["mentions"], export.TIMELINE_COLUMNS), end="")
            else:
                print(dumps(out.model_dump(mode="json")) if args.json else format_commitment(record))
            return 0
        records = catalog.registry.commitments(status=args.status, sort=args.sort)
    listing = CommitmentsOut.of(records)
    if args.json:
        print(dumps(listing.model_dump(mode="json")))
    elif args.csv:
        rows = export.commitment_rows(listing.model_dump(mode="json")["data"])
        print(export.to_csv(rows, export.COMMITMENT_COLUMNS), end="")
    elif not records:
        print("no commitments" + (f" with status {args.status}" if args.status else ""))
    else:
        rows = [[r.id, r.status.value, r.since or "-", r.deadline or "-", str(r.mention_count),
                 r.last_date or "-", clip(r.subject, 70)] for r in records]
        print(table(["ID", "STATUS", "SINCE", "DEADLINE", "MENTIONS", "LAST LETTER", "COMMITMENT"], rows))
    return 0


def format_commitment(record: CommitmentRecord) -> str:
    """A commitment's timeline: origin, status, then each mention with its reason and quote."""
    lines = [f"Toezegging {record.id}: {record.subject}",
             f"  given:   {record.given_at or '-'} ({record.given_on or 'date unknown'})"
             + (f" by {record.who}" if record.who else ""),
             f"  status:  {record.status.value} (the latest mention's)"
             + (f", deadline {record.deadline}" if record.deadline else ""),
             f"  mentions ({len(record.mentions)}), by letter date:"]
    for m in record.mentions:
        lines.append(f"    {m.date or '----------'}  {m.status.value:<14}  {m.source} p. {m.page_start}"
                     f"  [{m.chunk_id}]  ({m.reason})")
        lines.extend(quoted(m.quote, 6))
    return "\n".join(lines)
