#!/usr/bin/env python
"""Load test of a kamerzoek server: single-client latency, then 1 against N concurrent clients.

Loopback only and bounded in clients and time. Either point it at a running
server (``--url http://127.0.0.1:8000``) or let it start one on a free port over
a data dir (``--data-dir data``; the data dir must not be in use by another
server). Queries are the Dutch questions and queries of the bundled dev sets
(``eval/data/ask_questions.jsonl``, ``eval/data/dev_queries.jsonl``).

1. One warm client, sequential requests: ``/search`` lexical, ``/search`` hybrid
   and ``/ask``, p50/p95 each (goals: lexical p50 ≤ 6 ms, hybrid ≤ 15 ms,
   ``/ask`` p50 ≤ 2× hybrid ``/search``).
2. Throughput of the mixed load (``--ask-share`` of requests ``/ask``, the rest
   hybrid ``/search``) with 1 client and with ``--clients`` clients, in
   ``--rounds`` interleaved rounds of ``--duration`` seconds each (so that other
   work on the machine weighs on both alike), and the ratio of the summed
   throughputs (goal ≥ 1.6× with 8 clients, 0 errors).

Goals are printed next to the figures; on a shared machine they are noisy.
Exits 1 if any request failed.

    .venv/bin/python scripts/load.py --data-dir data
    .venv/bin/python scripts/load.py --data-dir data --workers 2
    .venv/bin/python scripts/load.py --url http://127.0.0.1:8000 --json reports/load.json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from index.config import Settings  # noqa: E402  (the project's modules, found from ROOT)
from scripts.server_process import Server  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_CLIENTS, MAX_DURATION_S = 64, 120
GOALS = {"lexical_p50_ms": 6.0, "hybrid_p50_ms": 15.0, "ask_over_search": 2.0, "ratio": 1.6}


def dutch_questions() -> tuple[list[str], list[str]]:
    """(search queries, /ask questions) from the bundled dev sets."""
    from eval.queries import DEFAULT_ASK_QUESTIONS, DEFAULT_QUERIES, load_ask_questions, load_queries

    questions = [q.question for q in load_ask_questions(DEFAULT_ASK_QUESTIONS)]
    queries = [q.query for q in load_queries(DEFAULT_QUERIES)] + questions
    return queries, questions


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


@dataclass(frozen=True)
class Workload:
    queries: list[str]
    questions: list[str]

    async def request(self, client: httpx.AsyncClient, endpoint: str, rng: random.Random) -> httpx.Response:
        """One request: ``lexical`` or ``hybrid`` (``/search``), or ``/ask``."""
        if endpoint == "/ask":
            return await client.post("/ask", json={"question": rng.choice(self.questions)})
        return await client.get("/search", params={"q": rng.choice(self.queries), "k": 10, "mode": endpoint})


async def _timed(work: Workload, client, endpoint, rng, tallies: dict[str, Tally]) -> None:
    started = time.perf_counter()
    try:
        response = await work.request(client, endpoint, rng)
        ok = response.status_code == 200
        problem = "" if ok else f"{endpoint} → {response.status_code} {response.text[:120]}"
    except httpx.HTTPError as err:
        problem = f"{endpoint} → {type(err).__name__}: {err}"
    elapsed = (time.perf_counter() - started) * 1000
    if problem:
        tallies[endpoint].errors.append(problem)
    else:
        tallies[endpoint].latencies_ms.append(elapsed)


async def single_client(url: str, work: Workload, count: int) -> dict[str, dict]:
    """One client, ``count`` sequential requests per endpoint (interleaved): what a lone user sees."""
    endpoints = ("lexical", "hybrid", "/ask")
    tallies = {e: Tally() for e in endpoints}
    rng = random.Random(1)
    async with httpx.AsyncClient(base_url=url, timeout=30.0) as client:
        for endpoint in endpoints * 5:  # warm-up, not counted
            await work.request(client, endpoint, rng)
        started = time.perf_counter()
        for _ in range(count):
            for endpoint in endpoints:
                await _timed(work, client, endpoint, rng, tallies)
        seconds = time.perf_counter() - started
    return {e: t.summary(seconds) for e, t in tallies.items()}


async def mixed_load(url: str, work: Workload, clients: int, duration_s: float, ask_share: float) -> dict:
    """``clients`` concurrent loops of hybrid /search and /ask (``ask_share`` of them /ask)."""
    tallies = {"hybrid": Tally(), "/ask": Tally()}
    deadline = time.perf_counter() + duration_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def one_client(seed: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            endpoint = "/ask" if rng.random() < ask_share else "hybrid"
            await _timed(work, client, endpoint, rng, tallies)

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


def _goal(ok: bool) -> str:
    return "meets goal" if ok else "MISSES goal"


def _print(single: dict, one: dict, many: dict, clients: int) -> dict:
    """Print the tables and the goals; returns the derived figures."""
    lexical, hybrid, ask = single["lexical"], single["hybrid"], single["/ask"]
    ask_ratio = ask["p50_ms"] / hybrid["p50_ms"] if hybrid["p50_ms"] else 0.0
    ratio = many["all"]["rps"] / one["all"]["rps"] if one["all"]["rps"] else 0.0
    print("single warm client, sequential requests:")
    print(f"  {'endpoint':<17}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for name, row in (("/search lexical", lexical), ("/search hybrid", hybrid), ("/ask", ask)):
        print(f"  {name:<17}{row['requests']:>9}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}{row['errors']:>8}")
    print(f"  lexical p50 {lexical['p50_ms']} ms (goal ≤ {GOALS['lexical_p50_ms']:g}): "
          f"{_goal(lexical['p50_ms'] <= GOALS['lexical_p50_ms'])}")
    print(f"  hybrid p50 {hybrid['p50_ms']} ms (goal ≤ {GOALS['hybrid_p50_ms']:g}): "
          f"{_goal(hybrid['p50_ms'] <= GOALS['hybrid_p50_ms'])}")
    print(f"  /ask p50 = {ask_ratio:.2f}× hybrid /search p50 (goal ≤ {GOALS['ask_over_search']:g}×): "
          f"{_goal(ask_ratio <= GOALS['ask_over_search'])}")
    for label, load in ((f"1 client, {one['seconds']} s", one), (f"{clients} clients, {many['seconds']} s", many)):
        print(f"mixed load, {label}:")
        print(f"  {'endpoint':<17}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
        for name, shown in (("hybrid", "/search hybrid"), ("/ask", "/ask"), ("all", "all")):
            row = load[name]
            print(f"  {shown:<17}{row['requests']:>9}{row['rps']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}"
                  f"{row['max_ms']:>9}{row['errors']:>8}")
        for problem in load["first_errors"]:
            print(f"  error: {problem}")
    errors = one["all"]["errors"] + many["all"]["errors"]
    print(f"throughput {clients} clients / 1 client: {many['all']['rps']} / {one['all']['rps']} req/s = "
          f"{ratio:.2f}× (goal ≥ {GOALS['ratio']:g}× with 8 clients): {_goal(ratio >= GOALS['ratio'])}; "
          f"{errors} errors")
    return {"ask_over_search": round(ask_ratio, 2), "ratio": round(ratio, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running server on loopback, e.g. http://127.0.0.1:8000")
    where.add_argument("--data-dir", type=Path, help="start `kamerzoek serve` on this data dir (free port)")
    parser.add_argument("--clients", type=int, default=8, help=f"concurrent clients (default 8, max {MAX_CLIENTS})")
    parser.add_argument("--duration", type=float, default=10.0,
                        help=f"seconds of each load phase (default 10, max {MAX_DURATION_S})")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds of 1-client and N-client load (default 3)")
    parser.add_argument("--ask-share", type=float, default=0.3, help="share of requests that are /ask (default 0.3)")
    parser.add_argument("--warm-requests", type=int, default=200,
                        help="sequential requests per endpoint for the single-client figures (default 200)")
    parser.add_argument("--workers", type=int, default=None,
                        help="with --data-dir: the server's worker processes (kamerzoek serve --workers)")
    parser.add_argument("--threads", type=int, default=None,
                        help="with --data-dir: the server's request threads (kamerzoek serve --threads)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_S:
        parser.error(f"--clients must be 1..{MAX_CLIENTS} and --duration 0..{MAX_DURATION_S} s")
    if not 0 <= args.ask_share <= 1:
        parser.error("--ask-share must be between 0 and 1")
    if args.warm_requests < 1 or not 1 <= args.rounds <= 10:
        parser.error("--warm-requests must be at least 1 and --rounds 1..10")

    if args.url:
        if args.workers or args.threads:
            parser.error("--workers and --threads configure the server --data-dir starts; not with --url")
        _check_loopback(args.url)
        return _run(args.url.rstrip("/"), args)
    if (args.workers is not None and args.workers < 1) or (args.threads is not None and args.threads < 1):
        parser.error("--workers and --threads must be at least 1")
    for name, value in (("KAMERZOEK_SERVE_WORKERS", args.workers), ("KAMERZOEK_SERVE_THREADS", args.threads)):
        if value is not None:
            os.environ[name] = str(value)  # read by the `kamerzoek serve` it starts
    with Server(args.data_dir.resolve()) as server:
        print(f"started kamerzoek serve on {server.url} over {args.data_dir} "
              f"({_server_shape()})", flush=True)
        return _run(server.url, args)


def _server_shape() -> str:
    """The started server's processes and threads, as its settings have them."""
    settings = Settings()
    return f"{settings.serve_workers} process(es) × {settings.serve_threads} request threads"


def _run(url: str, args: argparse.Namespace) -> int:
    work = Workload(*dutch_questions())
    single = asyncio.run(single_client(url, work, args.warm_requests))
    ones, manys = [], []
    for _ in range(args.rounds):
        ones.append(asyncio.run(mixed_load(url, work, 1, args.duration, args.ask_share)))
        manys.append(asyncio.run(mixed_load(url, work, args.clients, args.duration, args.ask_share)))
    one, many = combine(ones), combine(manys)
    derived = _print(single, one, many, args.clients)
    print("per round, req/s 1 client → N clients: "
          + ", ".join(f"{a['all']['rps']} → {b['all']['rps']}" for a, b in zip(ones, manys)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"url": url, "single_client": single, "one_client": one,
                                         "many_clients": many, "rounds": {"one": ones, "many": manys},
                                         "clients": args.clients, **derived}, indent=2) + "\n")
    errors = sum(r["errors"] for r in single.values()) + one["all"]["errors"] + many["all"]["errors"]
    return 1 if errors else 0


def combine(rounds: list[dict]) -> dict:
    """Several rounds of one load as one: requests and seconds summed, latencies of the median round."""
    seconds = sum(r["seconds"] for r in rounds)
    middle = sorted(rounds, key=lambda r: r["all"]["rps"])[len(rounds) // 2]
    out = {"seconds": round(seconds, 1), "first_errors": [e for r in rounds for e in r["first_errors"]][:5]}
    for name in ("hybrid", "/ask", "all"):
        requests = sum(r[name]["requests"] for r in rounds)
        errors = sum(r[name]["errors"] for r in rounds)
        out[name] = {**middle[name], "requests": requests, "errors": errors,
                     "rps": round((requests - errors) / seconds, 1) if seconds else 0.0}
    return out


if __name__ == "__main__":
    sys.exit(main())
