#!/usr/bin/env python
"""Load test of a kamerzoek server: 16 concurrent clients, 30 s of mixed /search and /ask.

Loopback only and bounded in clients and time. Either point it at a running
server (``--url http://127.0.0.1:8000``) or let it start one on a free port over
a data dir (``--data-dir data``; the data dir must not be in use by another
server). Reports, per endpoint: requests, requests/s, p50/p95/max latency and
errors; first a warm single-client /search run (the p50 ≤ 30 ms goal). Exits 1
if any request failed.

    .venv/bin/python scripts/load.py --data-dir data
    .venv/bin/python scripts/load.py --url http://127.0.0.1:8000 --json reports/load.json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_CLIENTS, MAX_DURATION_S = 64, 120

QUERIES = [
    "thuiswerken", "hybride werken", "thuiswerkkostenvergoeding", "rijkshubs", "motie Kröger",
    "SER advies toekomst van hybride werken", "arbeidsomstandigheden thuis", "werkgeversnetwerken mobiliteit",
    "reiskostenvergoeding", "recht op thuiswerken", "Wet flexibel werken", "coronamaatregelen thuiswerkadvies",
    "vitaal thuiswerken", "gezondheid van hybride werkers", "bereikbaarheid en files",
]
QUESTIONS = [
    "Hoeveel rijkshubs zijn er geopend?", "Wanneer werd het thuiswerkadvies versoepeld?",
    "Wat vraagt de minister aan de SER?", "Hoeveel uur per week werkten thuiswerkers thuis in 2022?",
    "Wat is de thuiswerkkostenvergoeding?", "Welke moties worden afgedaan?",
    "Wie adviseert over de toekomst van hybride werken?", "Wat is de hoofdstad van Australië?",
]


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self, seconds: float) -> dict[str, float | int]:
        lat = sorted(self.latencies_ms)
        return {
            "requests": len(lat) + len(self.errors),
            "errors": len(self.errors),
            "rps": round(len(lat) / seconds, 1) if seconds else 0.0,
            "p50_ms": round(_quantile(lat, 0.50), 1),
            "p95_ms": round(_quantile(lat, 0.95), 1),
            "max_ms": round(lat[-1], 1) if lat else 0.0,
        }


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


async def _request(client: httpx.AsyncClient, endpoint: str, rng: random.Random) -> httpx.Response:
    if endpoint == "/search":
        return await client.get("/search", params={"q": rng.choice(QUERIES), "k": 10})
    return await client.post("/ask", json={"question": rng.choice(QUESTIONS)})


async def _timed(client, endpoint, rng, tallies: dict[str, Tally]) -> None:
    started = time.perf_counter()
    try:
        response = await _request(client, endpoint, rng)
        ok = response.status_code == 200
        problem = "" if ok else f"{endpoint} → {response.status_code} {response.text[:120]}"
    except httpx.HTTPError as err:
        problem = f"{endpoint} → {type(err).__name__}: {err}"
    elapsed = (time.perf_counter() - started) * 1000
    if problem:
        tallies[endpoint].errors.append(problem)
    else:
        tallies[endpoint].latencies_ms.append(elapsed)


async def warm_search(url: str, count: int) -> dict[str, float | int]:
    """One client, ``count`` sequential /search requests: the latency a lone user sees."""
    tallies = {"/search": Tally()}
    rng = random.Random(1)
    async with httpx.AsyncClient(base_url=url, timeout=30.0) as client:
        for _ in range(5):  # warm-up, not counted
            await _request(client, "/search", rng)
        started = time.perf_counter()
        for _ in range(count):
            await _timed(client, "/search", rng, tallies)
        return tallies["/search"].summary(time.perf_counter() - started)


async def mixed_load(url: str, clients: int, duration_s: float, ask_share: float) -> dict:
    """``clients`` concurrent loops of /search and /ask (``ask_share`` of them /ask) for ``duration_s``."""
    tallies = {"/search": Tally(), "/ask": Tally()}
    deadline = time.perf_counter() + duration_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def one_client(seed: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            endpoint = "/ask" if rng.random() < ask_share else "/search"
            await _timed(client, endpoint, rng, tallies)

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=60.0, limits=limits) as client:
        await asyncio.gather(*(one_client(seed, client) for seed in range(clients)))
    seconds = time.perf_counter() - started
    result = {name: tally.summary(seconds) for name, tally in tallies.items()}
    everything = Tally([x for t in tallies.values() for x in t.latencies_ms],
                       [e for t in tallies.values() for e in t.errors])
    result["all"] = everything.summary(seconds)
    result["seconds"] = round(seconds, 1)
    result["first_errors"] = everything.errors[:5]
    return result


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"load.py: --url must be a loopback address ({', '.join(sorted(LOOPBACK))}), got {host!r}")


def _print(warm: dict, load: dict, clients: int) -> None:
    print(f"warm /search, 1 client:  p50 {warm['p50_ms']} ms  p95 {warm['p95_ms']} ms  "
          f"({warm['requests']} requests, {warm['rps']} req/s, {warm['errors']} errors)")
    print(f"mixed load, {clients} clients, {load['seconds']} s:")
    print(f"  {'endpoint':<9}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for name in ("/search", "/ask", "all"):
        row = load[name]
        print(f"  {name:<9}{row['requests']:>9}{row['rps']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}"
              f"{row['max_ms']:>9}{row['errors']:>8}")
    for problem in load["first_errors"]:
        print(f"  error: {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running server on loopback, e.g. http://127.0.0.1:8000")
    where.add_argument("--data-dir", type=Path, help="start `kamerzoek serve` on this data dir (free port)")
    parser.add_argument("--clients", type=int, default=16, help=f"concurrent clients (default 16, max {MAX_CLIENTS})")
    parser.add_argument("--duration", type=float, default=30.0, help=f"seconds of load (default 30, max {MAX_DURATION_S})")
    parser.add_argument("--ask-share", type=float, default=0.3, help="share of requests that are /ask (default 0.3)")
    parser.add_argument("--warm-requests", type=int, default=200, help="sequential /search requests first (default 200)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_S:
        parser.error(f"--clients must be 1..{MAX_CLIENTS} and --duration 0..{MAX_DURATION_S} s")
    if not 0 <= args.ask_share <= 1:
        parser.error("--ask-share must be between 0 and 1")

    if args.url:
        _check_loopback(args.url)
        return _run(args.url.rstrip("/"), args)
    from api.server_process import Server

    with Server(args.data_dir.resolve()) as server:
        print(f"started kamerzoek serve on {server.url} over {args.data_dir}", flush=True)
        return _run(server.url, args)


def _run(url: str, args: argparse.Namespace) -> int:
    warm = asyncio.run(warm_search(url, args.warm_requests))
    load = asyncio.run(mixed_load(url, args.clients, args.duration, args.ask_share))
    _print(warm, load, args.clients)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"url": url, "warm_search": warm, "load": load,
                                         "clients": args.clients}, indent=2) + "\n")
    return 1 if warm["errors"] or load["all"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
