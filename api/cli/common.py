"""Flags shared by the subcommands, turning them into one ``Settings``, and checking shared flag values."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from index.config import EMBED_BACKENDS, Settings
from index.errors import ConfigError


def add_settings_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data directory (default ./data or $KAMERZOEK_DATA_DIR)")
    parser.add_argument("--chroma-url", default=None,
                        help="Chroma server URL (default: embedded store; $KAMERZOEK_CHROMA_URL)")
    parser.add_argument("--model", default=None,
                        help="embedding model: name or local path (default: bundled all-MiniLM-L6-v2; $KAMERZOEK_MODEL)")
    parser.add_argument("--embed-backend", choices=EMBED_BACKENDS, default=None,
                        help="how the model runs (default onnx-int8; $KAMERZOEK_EMBED_BACKEND)")


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment, overridden by the flags given."""
    try:
        settings = Settings()
    except ValidationError as err:
        first = err.errors()[0]
        field = str(first["loc"][0])
        raise ConfigError(f"setting {field} (KAMERZOEK_{field.upper()}): {first['msg']}") from None
    return settings.with_overrides(
        data_dir=getattr(args, "data_dir", None),
        chroma_url=getattr(args, "chroma_url", None),
        model=getattr(args, "model", None),
        embed_backend=getattr(args, "embed_backend", None),
    )


def open_catalog(args: argparse.Namespace) -> Any:
    """The catalog of the data dir (IndexNotBuiltError when nothing was ingested)."""
    from index.catalog import Catalog

    return Catalog.open_existing(settings_from(args).catalog_path)


def date_flag(flag: str, value: str | None, error: type[Exception]) -> str | None:
    """A date flag's value as YYYY-MM-DD (None when not given); ``error`` names the flag otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise error(f"{flag}: {value!r} is not a date (use YYYY-MM-DD)") from None
