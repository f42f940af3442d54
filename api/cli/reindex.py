"""`kamerzoek reindex` — rebuild Chroma and BM25 from the catalog (optionally with another model)."""
from __future__ import annotations

import argparse

from api.cli.common import add_settings_flags, settings_from
from index.store_sync import reindex


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "reindex", help="rebuild the vector and BM25 indexes from the catalog",
        description="Drop the Chroma collection and the BM25 index and rebuild both from the "
                    "catalog. With --model or --embed-backend, switch the embedding model.")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    stats = reindex(settings, progress=not args.quiet)
    print(f"reindexed {settings.data_dir} with model {settings.model} ({settings.embed_backend}):"
          f" {stats.embedded} passages"
          f" into Chroma ({stats.encoded} computed, {stats.embedded - stats.encoded} from the"
          " embedding cache), BM25 rebuilt")
    return 0
