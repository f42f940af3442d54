"""Search stays up while the index changes: 4 clients search a running `serve` during an ingest.

Chroma client/server mode (a real `chroma run`), the documented way to ingest
beside a running `serve`. Three documents change, so the catalog moves through
several generations while BM25 is rebuilt only at the end. Every search must
succeed, and every passage returned must exist, with that text, in the
generation before or the generation after the ingest; once it is done the
server serves the new generation.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from scripts.server_process import Server
from index.catalog import Catalog
from index.pipeline import ingest_paths
from tests.index.test_chroma_server import chroma_url  # noqa: F401 - the real Chroma server fixture

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
KAMERZOEK = Path(sys.executable).parent / "kamerzoek"
CHANGED = ("001_0fad4857e130a749.txt", "002_017fb9ede22c3067.txt", "003_8bf5640112f1901c.txt")
QUERIES = ("thuiswerken", "hybride werken na corona", "Arbowet beeldschermwerk", "SER advies",
           "thuiswerkkostenvergoeding", "werkgevers en werknemers afspraken")
CLIENTS = 4


def passages(settings) -> dict[str, str]:
    with Catalog(settings.catalog_path) as catalog:
        return {p.chunk_id: p.text for p in catalog.passages()}


def test_no_search_fails_during_an_ingest_and_no_hit_points_to_a_missing_passage(
        cached_settings, corpus_dir, chroma_url, tmp_path, monkeypatch):  # noqa: F811
    settings = cached_settings.model_copy(update={"chroma_url": chroma_url,
                                                  "collection": f"live-{uuid.uuid4().hex[:12]}"})
    docs = tmp_path / "docs"
    shutil.copytree(corpus_dir, docs)
    assert ingest_paths([docs], settings, progress=False).ok
    before = passages(settings)
    for name in CHANGED:  # new text: new passages, embedded by the model during the ingest
        text = (docs / name).read_text(encoding="utf-8")
        (docs / name).write_text(text.replace("thuiswerken", "op afstand werken")
                                 .replace("werkgevers", "werkgeversorganisaties"), encoding="utf-8")
    monkeypatch.setenv("KAMERZOEK_CHROMA_URL", settings.chroma_url)
    monkeypatch.setenv("KAMERZOEK_COLLECTION", settings.collection)

    with Server(settings.data_dir) as server:
        stop = threading.Event()
        outcomes: list[tuple[int, list[tuple[str, str]]]] = []
        errors: list[str] = []

        def client(seed: int) -> None:
            with httpx.Client(base_url=server.url, timeout=60) as http:
                i = seed
                while not stop.is_set():
                    query = QUERIES[i % len(QUERIES)]
                    i += 1
                    try:
                        response = http.get("/search", params={"q": query, "k": 5})
                    except httpx.HTTPError as err:
                        errors.append(f"{query}: {err}")
                        continue
                    hits = response.json().get("results", []) if response.status_code == 200 else []
                    outcomes.append((response.status_code,
                                     [(h["chunk_id"], h["text"]) for h in hits]))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        started = len(outcomes)
        ingest = subprocess.run([str(KAMERZOEK), "ingest", str(docs), "--quiet", "--data-dir",
                                 str(settings.data_dir)], capture_output=True, text=True,
                                env=os.environ.copy(), cwd=ROOT, timeout=600)
        during = len(outcomes) - started
        time.sleep(1.5)  # searches after the ingest: the new generation
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        after_ids = {cid for _, hits in outcomes[-CLIENTS * 2:] for cid, _ in hits}

    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.count(" updated ") == len(CHANGED), ingest.stdout
    after = passages(settings)
    assert set(after) != set(before)
    assert not errors, errors[:3]
    assert during >= CLIENTS, f"only {during} searches ran during the ingest"
    failed = [status for status, _ in outcomes if status != 200]
    assert not failed, f"{len(failed)} of {len(outcomes)} searches failed: {sorted(set(failed))}"
    for _, hits in outcomes:
        for chunk_id, text in hits:
            assert before.get(chunk_id) == text or after.get(chunk_id) == text, chunk_id
    assert after_ids and after_ids <= set(after)  # the server moved on to the new generation
    print(f"{len(outcomes)} searches by {CLIENTS} clients, {during} during the ingest, none failed")
