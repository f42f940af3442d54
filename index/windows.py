"""A passage's embedding windows: its sentences packed into pieces the model reads well.

Why: sentence encoders such as all-MiniLM-L6-v2 were trained on texts of at most
128 tokens and truncate at 256. A 1,200-character Dutch passage is about 300
word pieces of the English vocabulary, so one vector of the whole passage both
loses its tail and blurs the rest. kamerzoek embeds each window and stores the
token-weighted, normalised mean of the window vectors as the passage's one
vector (one id per passage in Chroma, as before; index/embeddings.py). On the
dev set that lifted MiniLM's dense-only nDCG@10 from 0.302 to about 0.40
(README); windows are never split inside a sentence.

The size is per model (index/config.py ``MODEL_WINDOW_TOKENS``): 128 for MiniLM;
for multilingual-e5-small, trained on 512-token texts, a passage (at most about
300 of its XLM-R tokens) fits whole, yet windows of 256 served the dev set best
(README, Figures: sizes 96 to 512 and whole passages were measured).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingest.dutch import sentence_spans

DEFAULT_WINDOW_TOKENS = 128  # for models without a measured size (all-MiniLM-L6-v2's training length)

_CLAUSE_END = re.compile(r"(?<=[;:])\s+")  # clauses of an enumeration


def sentences(text: str) -> list[str]:
    """The text's sentences (ingest.dutch) and clauses ending in ; or :, whitespace collapsed."""
    return [c for s, e in sentence_spans(text) for c in _CLAUSE_END.split(" ".join(text[s:e].split())) if c]


def pack(parts: Sequence[str], counts: Sequence[int], limit: int) -> list[str]:
    """Consecutive ``parts`` joined into windows of at most ``limit`` tokens.

    ``counts[i]`` is the token count of ``parts[i]``; a part longer than the
    limit is a window of its own (the model truncates it).
    """
    windows: list[str] = []
    current: list[str] = []
    size = 0
    for part, count in zip(parts, counts):
        if current and size + count > limit:
            windows.append(" ".join(current))
            current, size = [], 0
        current.append(part)
        size += count
    if current:
        windows.append(" ".join(current))
    return windows


def passage_windows(text: str, count_tokens: Callable[[list[str]], list[int]], limit: int) -> list[str]:
    """The windows of one passage (the whole text when it has no sentences)."""
    parts = sentences(text)
    if not parts:
        return [text]
    return pack(parts, count_tokens(parts), limit)
