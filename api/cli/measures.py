"""`kamerzoek measures [--json | --csv]` — concrete government measures with figure and date."""
from __future__ import annotations

import argparse

from api.cli.common import add_settings_flags, open_catalog
from api.cli.tables import clip, dumps, table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "measures", help="list the measures (maatregelen) the letters report",
        description="Concrete government measures with their amount or figure, date or year, "
                    "and the letter and page they come from.")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", action="store_true", help="print CSV (one row per measure, header row)")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from index import registry

    with open_catalog(args) as catalog:
        records = [r.to_dict() for r in registry.measures(catalog.connection)]
    if args.json:
        print(dumps({"data": records, "count": len(records)}))
    elif args.csv:
        from api import export

        print(export.to_csv(records, export.MEASURE_COLUMNS), end="")
    elif not records:
        print("no measures")
    else:
        rows = [[r["date"] or "-", clip(r["amount"] or "-", 28), clip(r["when"] or "-", 18),
                 f"{r['source']} p. {r['page_start']}", clip(r["text"], 70)] for r in records]
        print(table(["LETTER", "AMOUNT", "WHEN", "SOURCE", "MEASURE"], rows))
    return 0
