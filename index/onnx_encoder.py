"""The sentence encoder compiled for onnxruntime: exported, fused, optionally int8.

Why: on a small CPU the transformer's matrix products are the whole cost of
ingest. onnxruntime's BERT optimiser fuses each layer's attention into one
``Attention`` operator (and the embeddings, GELU and LayerNorms likewise);
dynamic int8 quantisation then runs those products on 8-bit integers, with
7-bit weights (``reduce_range``): without VNNI, x86's u8×s8 instruction can
saturate its 16-bit sums, which measurably bent the vectors on the AVX2
reference machine. Batches run one per core, each single-threaded, which beats
one batch over all cores (no synchronisation inside the small operators). A
query runs over its own tokens (no padding) in ``query_threads`` intra-op
threads: one by default, so that concurrent queries run side by side on the
cores. Spreading one query over both cores of the reference machine made a lone
query 2 % faster for half as much CPU again (3.2 against 3.3 ms; 5.0 against 3.3 ms
of CPU), which a server with several users pays in throughput. With more than one
thread, queries are encoded one at a time: two would only contend for the cores.
On the 2-core reference machine that is over twice the passages per second of a
plain ``SentenceTransformer.encode`` loop (``make bench``), with vectors at
cosine ≥ 0.98 to the fp32 ones and the same retrieval quality (README).

The artefacts are built once per model, offline, from the model's local files
(torch exporter, no hub), and written atomically into ``folder``: a crash or two
processes building at once never leave a half-written graph behind.

Only for models whose sentence-transformers pipeline is Transformer → mean
Pooling → Normalize (all-MiniLM-L6-v2 and most small sentence encoders).
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from index.config import available_cores
from index.tokens import MODEL_INPUTS, load_tokeniser

log = logging.getLogger(__name__)

_MAX_LENGTH_FALLBACK = 256


class OnnxEncoder:
    """Mean-pooled, normalised sentence vectors from onnxruntime sessions over one graph.

    Sessions made on first use: for batches (ingest) one thread per session run,
    batches in parallel across cores; for a single query (search)
    ``query_threads`` inside the one run, over the query's own tokens only
    (the same session as the batches' when that is one thread).
    """

    def __init__(self, graph: Path, tokenizer, max_length: int, workers: int = 1,
                 query_threads: int = 1) -> None:
        self.graph = graph
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.workers = max(1, workers)
        self.query_threads = max(1, query_threads)
        self._sessions: dict[int, object] = {}
        self._lock = threading.Lock()
        # A query spread over several cores is encoded alone: two at once only contend for them.
        self._query_turn = threading.Lock() if self.query_threads > 1 else contextlib.nullcontext()

    @classmethod
    def build(cls, model_path: Path, folder: Path, quantise: bool, query_threads: int = 1) -> "OnnxEncoder":
        """Build the graph into ``folder`` once (export → fuse → quantise); sessions open on use."""
        target = prepare_graph(model_path, folder, quantise)
        return cls(target, load_tokeniser(model_path), max_seq_length(model_path), workers=available_cores(),
                   query_threads=query_threads)

    @property
    def session(self):
        """The batch session: one intra-op thread (batches run in parallel instead)."""
        return self._session(threads=1)

    def _session(self, threads: int):
        with self._lock:
            if threads not in self._sessions:
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                # Idle pool threads that spin keep a core busy between queries and starve the
                # server's other requests; a single-query session waits instead.
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                self._sessions[threads] = ort.InferenceSession(
                    str(self.graph), options, providers=["CPUExecutionProvider"])
            return self._sessions[threads]

    def encode_one(self, text: str) -> np.ndarray:
        """The vector of one text (1-D), unpadded, in ``query_threads`` threads; thread-safe."""
        feed = self.tokenizer([text], self.max_length)
        session = self._session(threads=self.query_threads)
        with self._query_turn:
            return self._pool(feed, session)[0]

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Vectors for ``texts`` in order; batches of similar length so little is padding."""
        order = np.argsort([-len(t) for t in texts], kind="stable")
        batches = [order[i : i + batch_size] for i in range(0, len(texts), batch_size)]
        # Tokenise here, in one thread: a fast tokenizer is not safe to share across threads.
        encoded = [self._tokenise([texts[i] for i in idx]) for idx in batches]
        session = self.session
        if len(batches) == 1 or self.workers == 1:
            results = [self._pool(feed, session) for feed in encoded]
        else:  # session.run releases the GIL; one session serves concurrent calls
            with ThreadPoolExecutor(min(self.workers, len(batches))) as pool:
                results = list(pool.map(lambda feed: self._pool(feed, session), encoded))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for idx, pooled in zip(batches, results):
            if out.shape[1] == 0:
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            out[idx] = pooled
        return out

    def _tokenise(self, texts: list[str]) -> dict[str, np.ndarray]:
        return self.tokenizer(texts, self.max_length)

    def _pool(self, feed: dict[str, np.ndarray], session) -> np.ndarray:
        """Mean of the token vectors under the attention mask, normalised."""
        inputs = {i.name for i in session.get_inputs()}
        hidden = session.run(None, {k: v for k, v in feed.items() if k in inputs})[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def prepare_graph(model_path: Path, folder: Path, quantise: bool) -> Path:
    """The path of the runnable graph in ``folder``, building what is missing."""
    exported, fused = folder / "model.onnx", folder / "model.fused.onnx"
    target = folder / "model.fused.int8.onnx" if quantise else fused
    if target.exists():
        return target
    log.info("preparing the ONNX%s encoder (once per model, about 15 s) in %s", " int8" if quantise else "", folder)
    if not exported.exists() and not fused.exists():
        _atomic(exported, lambda part: export(model_path, part))
    if not fused.exists():
        try:
            _atomic(fused, lambda part: fuse(exported, part, _config(model_path)))
        except Exception as err:  # noqa: BLE001 - an architecture the optimiser does not know
            log.warning("onnxruntime cannot fuse %s (%s); using the unfused graph", model_path.name, err)
            exported.replace(fused)
    exported.unlink(missing_ok=True)  # only needed to make the fused graph
    if quantise:
        _atomic(target, lambda part: quantise_int8(fused, part))
    return target


def export(model_path: Path, target: Path) -> None:
    """The transformer's last hidden state as ONNX (torch exporter, offline).

    Exported with eager attention: the scaled-dot-product kernel exports into a
    pattern onnxruntime's optimiser does not recognise as attention.
    """
    import torch
    import transformers
    from transformers import AutoModel, AutoTokenizer

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()

    tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
    model = AutoModel.from_pretrained(str(model_path), local_files_only=True, attn_implementation="eager").eval()
    sample = tokenizer(["een korte zin", "een iets langere tweede zin"], padding=True, return_tensors="pt")
    names = [n for n in MODEL_INPUTS if n in sample]
    target.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape-constant branches of an encoder
        torch.onnx.export(
            _last_hidden_state(model, names), tuple(sample[n] for n in names), str(target),
            input_names=names, output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17, dynamo=False,
        )


def fuse(source: Path, target: Path, config: dict) -> None:
    """onnxruntime's BERT fusions (attention, embeddings, GELU, LayerNorm)."""
    from onnxruntime.transformers import optimizer

    with _quiet():
        model = optimizer.optimize_model(
            str(source), model_type="bert",
            num_heads=int(config.get("num_attention_heads", 0)), hidden_size=int(config.get("hidden_size", 0)),
        )
    model.save_model_to_file(str(target))


def quantise_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of every matrix product (7-bit weights per channel)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnx import TensorProto

    with _quiet():
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         reduce_range=True, extra_options={"DefaultTensorType": TensorProto.FLOAT})


def max_seq_length(model_path: Path) -> int:
    """The sentence-transformers truncation length of the model (its tokens)."""
    config = model_path / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text()).get("max_seq_length", _MAX_LENGTH_FALLBACK))
    return _MAX_LENGTH_FALLBACK


def _last_hidden_state(model, names: list[str]):
    """A torch module returning only the encoder's last hidden state (for the exporter)."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs):
            return self.model(**dict(zip(names, inputs))).last_hidden_state

    return LastHiddenState()




def _config(model_path: Path) -> dict:
    return json.loads((model_path / "config.json").read_text())


def _atomic(target: Path, build) -> None:
    """Run ``build(part)`` into a private temporary name, then move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f"{target.stem}.{os.getpid()}.part.onnx")
    try:
        build(part)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)


@contextlib.contextmanager
def _quiet():
    """Silence the optimiser's and quantiser's advice while they run (root logger to ERROR)."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)
