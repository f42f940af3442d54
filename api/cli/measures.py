"""`kamerzoek measures [--json | --csv]` — concrete government measures with figure and date.

``--json`` prints the model ``GET /measures`` answers with.
"""
from __future__ import annotations

import argparse

from api import export
from api.cli.common import add_settings_flags, open_catalog
from api.cli.tables import clip, dumps, table
from api.models import MeasuresOut


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
    with open_catalog(args) as catalog:
        records = catalog.registry.measures()
    listing = MeasuresOut.of(records)
    if args.json:
        print(dumps(listing.model_dump(mode="json")))
    elif args.csv:
        print(export.to_csv(listing.model_dump(mode="json")["data"], export.MEASURE_COLUMNS), end="")
    elif not records:
        print("no measures")
    else:
        rows = [[r.date or "-", clip(r.amount or "-", 28), clip(r.when or "-", 18),
                 f"{r.source} p. {r.page_start}", clip(r.text, 70)] for r in records]
        print(table(["LETTER", "AMOUNT", "WHEN", "SOURCE", "MEASURE"], rows))
    return 0
