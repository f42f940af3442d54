"""A real ``kamerzoek serve`` under concurrent requests: same answers as one at a time, no torch.

Routes are plain ``def`` (FastAPI's thread pool), the catalog reads through one
connection per thread and the Searcher locks only to open parts, so requests
run side by side; this checks that doing so changes nothing in what comes back.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from scripts.server_process import Server
from tests.api.conftest import copy_data_dir

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SEARCHES = [("thuiswerken", "lexical"), ("Inspectie SZW melding", "hybrid"), ("rijkshubs", "dense"),
            ("thuiswerkkostenvergoeding per dag", "hybrid"), ("motie Kröger", "lexical"),
            ("vitaal thuiswerken", "hybrid")]
QUESTIONS = ["Hoeveel rijkshubs heeft het Ministerie van BZK geopend?",
             "Vanaf welke datum werd het thuiswerkadvies in 2021 versoepeld?",
             "Wat is de hoofdstad van Australië?"]


@pytest.fixture(scope="module")
def server(indexed_settings, tmp_path_factory):
    settings = copy_data_dir(indexed_settings, tmp_path_factory.mktemp("concurrency") / "data")
    with Server(settings.data_dir) as running:
        yield running


def _requests() -> list[tuple[str, dict]]:
    return ([("search", {"q": q, "mode": m, "k": 10}) for q, m in SEARCHES]
            + [("ask", {"question": q}) for q in QUESTIONS])


def _send(client: httpx.Client, request: tuple[str, dict]) -> tuple[int, dict]:
    kind, params = request
    response = client.get("/search", params=params) if kind == "search" else client.post("/ask", json=params)
    return response.status_code, response.json()


def test_concurrent_requests_answer_as_sequential_ones(server):
    requests = _requests()
    with httpx.Client(base_url=server.url, timeout=60) as client:
        expected = [_send(client, r) for r in requests]
    assert all(status == 200 for status, _ in expected)
    work = requests * 6
    with ThreadPoolExecutor(8) as pool, httpx.Client(base_url=server.url, timeout=60,
                                                      limits=httpx.Limits(max_connections=8)) as client:
        got = list(pool.map(lambda r: _send(client, r), work))
    assert got == expected * 6


def test_serving_does_not_load_torch(server):
    """The serving process answers hybrid searches without torch (onnxruntime, tokenizers only)."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.get("/search", params={"q": "thuiswerken", "mode": "hybrid"}).status_code == 200
        assert client.post("/ask", json={"question": QUESTIONS[0]}).status_code == 200
    libraries = Path(f"/proc/{server.process.pid}/maps").read_text()
    assert "onnxruntime" in libraries  # the query encoder is loaded …
    assert "libtorch" not in libraries  # … and torch is not
