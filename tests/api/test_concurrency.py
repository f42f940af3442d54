"""A real ``kamerzoek serve`` under concurrent requests: same answers as one at a time, no torch;
searching in the server's process and in two search processes (``--workers 2``).

Routes are plain ``def`` (FastAPI's thread pool), the catalog reads through one
connection per thread and the Searcher locks only to open parts, so requests
run side by side; this checks that doing so changes nothing in what comes back.
"""
from __future__ import annotations

import os
import signal
import time
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


@pytest.fixture(scope="module", params=[1, 2], ids=["in-process", "two-search-processes"])
def server(request, indexed_settings, tmp_path_factory):
    """``kamerzoek serve`` searching in its own process, and in two search processes
    (``--workers 2``, KAMERZOEK_SERVE_WORKERS)."""
    settings = copy_data_dir(indexed_settings, tmp_path_factory.mktemp("concurrency") / "data")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KAMERZOEK_SERVE_WORKERS", str(request.param))
        with Server(settings.data_dir) as running:
            running.workers = request.param
            yield running


def _searching_pids(server) -> list[int]:
    """The processes that search: the server itself, or its search processes."""
    tasks = Path(f"/proc/{server.process.pid}/task").iterdir()  # a thread's children are listed under it
    children = [pid for task in tasks for pid in (task / "children").read_text().split()]
    workers = [int(pid) for pid in children
               if "multiprocessing.resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text()]
    return workers if server.workers > 1 else [server.process.pid]


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
    pids = _searching_pids(server)
    assert len(pids) == server.workers
    assert "libtorch" not in Path(f"/proc/{server.process.pid}/maps").read_text()
    for pid in pids:
        libraries = _libraries_once_started(pid)
        assert "onnxruntime" in libraries  # the query encoder is loaded …
        assert "libtorch" not in libraries  # … and torch is not


def _libraries_once_started(pid: int, within_s: float = 120.0) -> str:
    """The shared libraries of a searching process once it has warmed its model."""
    deadline = time.monotonic() + within_s
    while "onnxruntime" not in (libraries := Path(f"/proc/{pid}/maps").read_text()):
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    return libraries


def test_a_search_process_that_dies_is_replaced(indexed_settings, tmp_path_factory):
    """A killed search process costs at most the request it held (a 503 saying so); the pool
    starts a new one and every later request is answered."""
    settings = copy_data_dir(indexed_settings, tmp_path_factory.mktemp("lost") / "data")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KAMERZOEK_SERVE_WORKERS", "2")
        with Server(settings.data_dir) as running, httpx.Client(base_url=running.url, timeout=120) as client:
            running.workers = 2
            victim = _searching_pids(running)[0]
            os.kill(victim, signal.SIGKILL)
            answers = [client.get("/search", params={"q": "thuiswerken", "k": 3}) for _ in range(6)]
            assert all(a.status_code in (200, 503) for a in answers)
            assert sum(a.status_code == 503 for a in answers) <= 1
            lost = [a.json()["detail"] for a in answers if a.status_code == 503]
            assert all("search process stopped" in detail for detail in lost)
            assert answers[-1].status_code == 200 and answers[-1].json()["results"]
            survivors = _searching_pids(running)
            assert victim not in survivors and len(survivors) == 2
