"""`kamerzoek check [--repair]` — verify the catalog, BM25 and Chroma; rebuild what is derived.

Prints one line per finding (``store: problem — fix: …``) and a summary line.
Exit status: 0 when all is well (or ``--repair`` fixed everything), 1 when
problems remain.
"""
from __future__ import annotations

import argparse

from api.cli.common import add_settings_flags, settings_from
from index.integrity import check, repair


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check", help="verify the catalog and the indexes; --repair rebuilds damaged indexes",
        description="Verify the catalog (SQLite integrity, schema version), the BM25 index "
                    "(checksums, ids and count against the catalog) and Chroma (checksums of "
                    "its files, count, ids, a sample of vectors against the embedding cache). "
                    "With --repair, rebuild the damaged indexes from the catalog and the "
                    "embedding cache.")
    parser.add_argument("--repair", action="store_true",
                        help="rebuild the damaged derived stores (BM25, Chroma)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    findings = check(settings)
    for finding in findings:
        print(finding.line())
    if not findings:
        print(f"{settings.data_dir}: catalog, BM25 and Chroma are consistent")
        return 0
    if not args.repair:
        print(f"{len(findings)} problem(s) found")
        return 1
    if any(not f.derived for f in findings):
        print("not repaired: the catalog itself is damaged (see above); the indexes are derived from it")
        return 1
    stats = repair(settings, findings, progress=not args.quiet)
    left = check(settings)
    for finding in left:
        print(f"still: {finding.line()}")
    print(f"repaired {', '.join(sorted({f.store for f in findings}))}: {stats.embedded} vectors"
          f" written ({stats.encoded} computed, {stats.embedded - stats.encoded} from the embedding"
          f" cache), BM25 {'rebuilt' if stats.lexical_rebuilt else 'unchanged'}"
          + (f"; {len(left)} problem(s) left" if left else ""))
    return 1 if left else 0
