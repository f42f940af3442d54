"""Fixtures of the API tests: a private copy of the indexed data dir, and the app on it.

The API holds the data dir's lock for its lifetime (embedded Chroma is
single-process), so it runs on its own copy of ``indexed_settings``: the other
test packages keep using the shared one meanwhile.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from index.config import Settings
from tests.conftest import CORPUS

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
CORPUS_MOTIONS = {"35420-135", "25295-926", "35669-36", "35570-XV-54", "35570-XV-35", "35714-17"}


def copy_data_dir(source: Settings, target: Path) -> Settings:
    """A copy of ``source``'s data dir at ``target`` (lock file left behind)."""
    shutil.copytree(source.data_dir, target, ignore=shutil.ignore_patterns(".lock", ".ingest.lock"))
    return source.model_copy(update={"data_dir": target})


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser test saves its screenshots: ``--screenshots DIR``, else a temporary folder."""
    folder = request.config.getoption("--screenshots") or tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def api_settings(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return copy_data_dir(indexed_settings, tmp_path_factory.mktemp("api") / "data")


@pytest.fixture(scope="session")
def app(api_settings: Settings) -> FastAPI:
    return create_app(api_settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    """A TestClient with the app started (lifespan run: searcher loaded, lock held)."""
    with TestClient(app) as test_client:
        yield test_client
