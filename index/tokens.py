"""Tokenisers read from a model's own files, without importing transformers where possible.

The model's ``tokenizer.json`` is read by the ``tokenizers`` library itself (the
Rust tokenizer behind transformers' fast tokenizers, so the same ids), which
spares every query-serving process importing transformers and torch; models
without that file go through transformers' AutoTokenizer.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

MODEL_INPUTS = ("input_ids", "attention_mask", "token_type_ids")

Tokenise = Callable[[list[str], int], dict[str, np.ndarray]]


def load_tokeniser(model_path: Path) -> Tokenise:
    """``tokenise(texts, max_length)`` → padded, truncated int64 arrays by input name.

    Texts are padded to the longest of the call only (one text: no padding). Safe
    from several threads as long as they use one ``max_length`` (changing it
    changes the shared tokenizer's truncation setting).
    """
    file = model_path / "tokenizer.json"
    if not file.exists():
        from transformers import AutoTokenizer

        auto = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)

        def tokenise_auto(texts: list[str], max_length: int) -> dict[str, np.ndarray]:
            enc = auto(texts, padding=True, truncation=True, max_length=max_length, return_tensors="np")
            return {k: enc[k].astype(np.int64) for k in MODEL_INPUTS if k in enc}

        return tokenise_auto
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(file))
    pad = _special_token(model_path, "pad_token", "[PAD]")
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id(pad) or 0, pad_token=pad)

    def tokenise(texts: list[str], max_length: int) -> dict[str, np.ndarray]:
        if (tokenizer.truncation or {}).get("max_length") != max_length:
            tokenizer.enable_truncation(max_length=max_length)
        encodings = tokenizer.encode_batch(texts)
        return {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}

    return tokenise


def _special_token(model_path: Path, name: str, default: str) -> str:
    for file in ("special_tokens_map.json", "tokenizer_config.json"):
        path = model_path / file
        if path.exists():
            value = json.loads(path.read_text()).get(name)
            if isinstance(value, dict):
                value = value.get("content")
            if isinstance(value, str):
                return value
    return default


def load_token_counter(model_path: Path) -> Callable[[list[str]], list[int]]:
    """``count(texts)`` → the number of word pieces of each text, special tokens excluded."""
    file = model_path / "tokenizer.json"
    if not file.exists():
        from transformers import AutoTokenizer

        auto = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
        return lambda texts: [len(ids) for ids in auto(texts, add_special_tokens=False)["input_ids"]]
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(file))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return lambda texts: [len(e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
