"""The same ingestion guarantees against a real Chroma server (`chroma run`) instead of the embedded store."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from index.catalog import Catalog
from index.lock import DataDirLock
from index.pipeline import ingest_paths
from index.store_sync import reindex

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """A real Chroma server on a free loopback port, stopped after the module."""
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path / "server.log", "w")
    server = subprocess.Popen([str(BIN / "chroma"), "run", "--path", str(path / "db"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"chroma server did not start: {(path / 'server.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture
def server_settings(cached_settings, chroma_url):
    """A fresh data dir using the server, with a collection of its own."""
    return cached_settings.model_copy(update={"chroma_url": chroma_url,
                                              "collection": f"test-{uuid.uuid4().hex[:12]}"})


def test_server_ingest_is_idempotent_and_consistent(server_settings, corpus_dir, store_ids):
    first = ingest_paths([corpus_dir], server_settings, progress=False)
    assert first.ok and first.counts()["added"] == 5 and first.embedded > 0
    catalog_ids, dense_ids, lexical_ids = store_ids(server_settings)
    assert catalog_ids == dense_ids == lexical_ids and first.embedded == len(catalog_ids)
    assert not server_settings.chroma_dir.exists()  # vectors live on the server, not in the data dir

    second = ingest_paths([corpus_dir], server_settings, progress=False)
    assert second.counts()["unchanged"] == 5 and second.embedded == 0
    assert not second.sync.embedder_used
    assert store_ids(server_settings) == (catalog_ids, dense_ids, lexical_ids)


def test_server_changed_document_and_reindex(server_settings, corpus_dir, tmp_path, store_ids):
    docs = tmp_path / "docs"
    docs.mkdir()
    name = "003_8bf5640112f1901c.txt"
    shutil.copy(corpus_dir / name, docs / name)
    ingest_paths([docs], server_settings, progress=False)
    with Catalog(server_settings.catalog_path) as catalog:
        old = catalog.chunk_ids()
    text = (docs / name).read_text(encoding="utf-8")
    (docs / name).write_text(text[: len(text) // 2], encoding="utf-8")
    report = ingest_paths([docs], server_settings, progress=False)
    assert [r.status for r in report.results] == ["updated"]
    catalog_ids, dense_ids, lexical_ids = store_ids(server_settings)
    assert catalog_ids == dense_ids == lexical_ids
    assert old - set(catalog_ids) and not (old - set(catalog_ids)) & set(dense_ids)

    stats = reindex(server_settings, progress=False)
    assert stats.embedded == len(catalog_ids)
    assert store_ids(server_settings) == (catalog_ids, dense_ids, lexical_ids)


def test_server_mode_ingest_runs_while_serve_holds_the_data_dir(server_settings, corpus_dir, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / "000_f9fde6f7b868fb2e.txt", docs)
    env = {**os.environ, "KAMERZOEK_CHROMA_URL": server_settings.chroma_url,
           "KAMERZOEK_COLLECTION": server_settings.collection}
    with DataDirLock(server_settings, holder="kamerzoek serve"):
        result = subprocess.run([str(BIN / "kamerzoek"), "ingest", str(docs), "--data-dir",
                                 str(server_settings.data_dir), "--quiet"],
                                capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "000_f9fde6f7b868fb2e.txt  added" in result.stdout
