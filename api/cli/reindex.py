"""`kamerzoek reindex` — placeholder until its owner fills it in."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("reindex", help="(not yet available)")
    parser.set_defaults(func=lambda args: print("kamerzoek reindex: not yet available") or 1)
