"""Flags shared by the subcommands, and turning them into one ``Settings``."""
from __future__ import annotations

import argparse
from pathlib import Path

from index.config import Settings


def add_settings_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data directory (default ./data or $KAMERZOEK_DATA_DIR)")
    parser.add_argument("--chroma-url", default=None,
                        help="Chroma server URL (default: embedded store; $KAMERZOEK_CHROMA_URL)")
    parser.add_argument("--model", default=None,
                        help="embedding model: name or local path (default: bundled all-MiniLM-L6-v2; $KAMERZOEK_MODEL)")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings().with_overrides(
        data_dir=getattr(args, "data_dir", None),
        chroma_url=getattr(args, "chroma_url", None),
        model=getattr(args, "model", None),
    )
