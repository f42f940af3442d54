"""Dutch BM25 over the passages: bm25s with the Snowball Dutch stemmer and Dutch stop words.

Tokens (ingest.dutch) are lower-cased, accent-folded words (``geïnformeerd`` = ``geinformeerd``)
minus bm25s's Dutch stop words, stemmed by PyStemmer's ``dutch``. Two query-side
expansions, both only to terms that occur in the index's vocabulary:

- agent nouns: Snowball leaves ``thuiswerkers`` as ``thuiswerker`` but
  ``thuiswerken`` as ``thuiswerk``; a query stem ``Xer`` also searches ``X`` and
  ``X`` also ``Xer``.
- compounds (``decompound=True``, the default): a query word not in the index
  (``thuiswerkkostenvergoeding``) is split into parts that are words of the
  corpus (``thuiswerk`` + ``kosten`` + ``vergoeding``, with a linking ``s``/``e``
  allowed) and the parts' stems are searched.

Measured on the dev set (eval/data/dev_queries.jsonl, 103 queries, 122 corpus
passages, nDCG@10, judged by eval.judgments): plain Dutch BM25 0.681;
+ decompounding 0.691; + a second bm25s index over character 4-grams of the
words, its scores scaled to the word index's top score and added with weight
0.1 → 0.706, 0.3 → 0.716, 0.5 → 0.717, 1.0 → 0.721, 2.0 → 0.742. Both help, so
the default is ``decompound=True, ngram_weight=2.0`` (``DEFAULT_NGRAM_WEIGHT``).

Saved with fixed file names in one directory: bm25s's own files, ``chunk_ids.json``
(row i of the index is chunk id i, kept next to the index so they cannot drift),
``words.kamerzoek.json`` (the compound vocabulary) and ``params.kamerzoek.json``
(format version, catalog generation, passage count, options: a few bytes, so
``saved_state`` tells a writer which generation is on disk without loading
anything); ``load`` checks them against each other. Last comes
``checksums.kamerzoek.json`` (size and sha256 of every other file): ``load``
verifies it before reading anything, so a damaged file is refused
(DamagedStoreError) instead of silently changing rankings.

``publish`` saves into a fresh directory and swaps the ``bm25`` symlink to it in
one rename, so a reader (index/snapshot.py) sees the old index or the new one,
never a half-written one.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import bm25s
import numpy as np

from index.analysis import QueryTerms
from index.errors import DamagedStoreError, IndexNotBuiltError
from index.sums import compare_sums, directory_sums
from ingest.dutch import MIN_COMPOUND_PART, char_ngrams, content_words, split_compound, stem

logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its logger to DEBUG on import

FORMAT_VERSION = 2  # 1: the compound vocabulary inside the params file (still read)
READABLE_FORMATS = (1, 2)
PARAMS_FILE = "params.kamerzoek.json"
IDS_FILE = "chunk_ids.json"
WORDS_FILE = "words.kamerzoek.json"
CHECKSUMS_FILE = "checksums.kamerzoek.json"
REPAIR_HINT = "run `kamerzoek check --repair` (rebuilds it from the catalog)"
NGRAM_DIR = "ngrams"
DEFAULT_NGRAM_WEIGHT = 2.0
_SAVED_GENERATION = re.compile(r"-g(\d+)-")  # in the name of a published directory


@dataclass(frozen=True)
class SavedState:
    """What a saved index's params file says: enough to tell whether it is the one wanted."""

    format: int
    generation: int
    count: int


class LexicalIndex:
    """BM25 over passages; rows map to chunk ids; saved and loaded as one directory."""

    def __init__(self, decompound: bool = True, ngram_weight: float = DEFAULT_NGRAM_WEIGHT) -> None:
        self.decompound = decompound
        self.ngram_weight = ngram_weight
        self.chunk_ids: list[str] = []
        self.generation = 0
        self._bm25 = None
        self._ngrams = None
        self._words: frozenset[str] = frozenset()  # folded corpus words (compound parts)
        self._row: dict[str, int] = {}

    # -- building -------------------------------------------------------------
    def build(self, chunk_ids: Sequence[str], texts: Sequence[str]) -> "LexicalIndex":
        """Index ``texts``; row i belongs to ``chunk_ids[i]``."""
        if len(chunk_ids) != len(texts):
            raise ValueError(f"{len(chunk_ids)} chunk ids for {len(texts)} texts")
        if len(set(chunk_ids)) != len(chunk_ids):
            raise ValueError("duplicate chunk ids")
        words = [content_words(t) for t in texts]
        vocabulary = {w for ws in words for w in ws}
        self._words = frozenset(w for w in vocabulary if len(w) >= MIN_COMPOUND_PART and not w.isdigit())
        self._bm25 = bm25s.BM25()
        self._bm25.index([stem(ws) or [""] for ws in words], show_progress=False)
        if self.ngram_weight > 0:
            self._ngrams = bm25s.BM25()
            self._ngrams.index([[g for w in ws for g in char_ngrams(w)] or [""] for ws in words],
                               show_progress=False)
        self.chunk_ids = list(chunk_ids)
        self._row = {c: i for i, c in enumerate(self.chunk_ids)}
        return self

    # -- persistence ------------------------------------------------------------
    def save(self, directory: Path, generation: int) -> None:
        """Write the index, its chunk ids, its vocabulary and its params into ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.generation = generation
        self._require()._bm25.save(str(directory), show_progress=False)
        if self._ngrams is not None:
            self._ngrams.save(str(directory / NGRAM_DIR), show_progress=False)
        (directory / IDS_FILE).write_text(json.dumps(self.chunk_ids), encoding="utf-8")
        (directory / WORDS_FILE).write_text(json.dumps(sorted(self._words)), encoding="utf-8")
        params = {
            "format": FORMAT_VERSION, "bm25s": bm25s.__version__, "generation": generation,
            "count": len(self.chunk_ids), "decompound": self.decompound,
            "ngram_weight": self.ngram_weight,
        }
        (directory / PARAMS_FILE).write_text(json.dumps(params), encoding="utf-8")
        sums = {name: list(entry) for name, entry in directory_sums(directory, skip=(CHECKSUMS_FILE,)).items()}
        (directory / CHECKSUMS_FILE).write_text(json.dumps(sums), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        """Load a saved index; raises IndexNotBuiltError when missing or inconsistent."""
        directory = Path(directory)
        params_path, ids_path = directory / PARAMS_FILE, directory / IDS_FILE
        if not params_path.is_file() or not ids_path.is_file():
            if directory.exists() and any(directory.iterdir()):
                raise DamagedStoreError(f"BM25 index in {directory} is incomplete (no {PARAMS_FILE}"
                                        f" or {IDS_FILE}): {REPAIR_HINT}")
            raise IndexNotBuiltError(f"no BM25 index in {directory}: run `kamerzoek ingest` first")
        verify_sums(directory)
        try:
            params = json.loads(params_path.read_text(encoding="utf-8"))
            ids = json.loads(ids_path.read_text(encoding="utf-8"))
            words = (json.loads((directory / WORDS_FILE).read_text(encoding="utf-8"))
                     if params.get("format") == FORMAT_VERSION else params.get("words", ()))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise DamagedStoreError(f"BM25 index in {directory} is damaged ({err}): {REPAIR_HINT}") from None
        if params.get("format") not in READABLE_FORMATS:
            raise IndexNotBuiltError(
                f"BM25 index in {directory} has format {params.get('format')}, expected"
                f" {FORMAT_VERSION}: run `kamerzoek reindex`")
        index = cls(decompound=params["decompound"], ngram_weight=params["ngram_weight"])
        index._bm25 = bm25s.BM25.load(str(directory))
        if index.ngram_weight > 0:
            index._ngrams = bm25s.BM25.load(str(directory / NGRAM_DIR))
        rows = int(index._bm25.scores["num_docs"])
        if not (params["count"] == len(ids) == rows):
            raise IndexNotBuiltError(
                f"BM25 index in {directory} is inconsistent ({params['count']} in params,"
                f" {len(ids)} chunk ids, {rows} rows): run `kamerzoek reindex`")
        index.chunk_ids, index.generation = ids, int(params["generation"])
        index._row = {c: i for i, c in enumerate(ids)}
        index._words = frozenset(words)
        return index

    # -- publishing (the ``bm25`` symlink a reader follows) -------------------------
    def publish(self, link: Path, generation: int) -> None:
        """Save for ``generation`` into a fresh directory beside ``link``, then swap ``link`` to it.

        The swap is one rename: a reader sees the old index or the new one,
        never a half-written one; a crash leaves at worst an unused directory,
        removed by the next publish.
        """
        parent = link.parent
        parent.mkdir(parents=True, exist_ok=True)
        target = parent / f".{link.name}-g{generation}-{os.getpid()}-{time.time_ns()}"
        self.save(target, generation)
        tmp_link = parent / f".{link.name}-link-{os.getpid()}"
        tmp_link.unlink(missing_ok=True)
        os.symlink(target.name, tmp_link)
        if link.exists() and not link.is_symlink():  # a plain directory from elsewhere
            shutil.rmtree(link)
        os.replace(tmp_link, link)
        _remove_saved(link, keep=target.name)

    @staticmethod
    def remove(link: Path) -> None:
        """Remove the published index and every directory saved beside it."""
        if link.is_symlink():
            link.unlink()
        elif link.exists():
            shutil.rmtree(link)
        _remove_saved(link, keep=None)

    @staticmethod
    def saved_state(directory: Path) -> SavedState | None:
        """The params of the index saved in ``directory`` (None: none, or unreadable), read cheaply."""
        try:
            params = json.loads((Path(directory) / PARAMS_FILE).read_text(encoding="utf-8"))
            return SavedState(int(params["format"]), int(params["generation"]), int(params["count"]))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            return None

    @staticmethod
    def published_generation(link: Path) -> int | None:
        """The generation ``link`` points to (None: no index), from the link's name alone if it can."""
        if link.is_symlink():
            match = _SAVED_GENERATION.search(os.readlink(link))
            if match:
                return int(match.group(1))
        if not link.exists():
            return None
        state = LexicalIndex.saved_state(link)
        return state.generation if state is not None else None

    # -- searching ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.chunk_ids)

    def __contains__(self, chunk_id: object) -> bool:
        """Whether ``chunk_id`` is a row of this index."""
        return chunk_id in self._row

    def analyse(self, query: str) -> QueryTerms:
        """``query`` analysed once: its words and stems, and what this index searches for them.

        Searched stems: the query's own, plus agent-noun and compound expansions,
        all limited to the index's vocabulary; n-grams: those the n-gram index knows.
        """
        words = content_words(query)
        stems = stem(words)
        vocab = self._require()._bm25.vocab_dict
        terms = list(stems)
        for s in stems:
            if s.endswith("er") and s[:-2] in vocab:
                terms.append(s[:-2])
            elif s + "er" in vocab:
                terms.append(s + "er")
        if self.decompound:
            for word, s in zip(words, stems):
                if s not in vocab:
                    terms += stem(split_compound(word, self._words))
        grams: list[str] = []
        if self._ngrams is not None and self.ngram_weight > 0:
            grams = [g for w in words for g in char_ngrams(w) if g in self._ngrams.vocab_dict]
        return QueryTerms(query, tuple(words), tuple(stems),
                          tuple(dict.fromkeys(t for t in terms if t in vocab)), tuple(grams))

    def query_terms(self, query: str) -> list[str]:
        """The stems searched for ``query``: its own plus agent-noun and compound expansions."""
        return list(self.analyse(query).searched)

    def scores(self, query: str | QueryTerms) -> np.ndarray:
        """BM25 score of every row for ``query`` (zeros when no term is known)."""
        index = self._require()
        terms = self.analyse(query) if isinstance(query, str) else query
        scores = (index._bm25.get_scores(list(terms.searched)) if terms.searched
                  else np.zeros(len(self.chunk_ids), dtype=np.float32))
        if terms.grams:
            extra = self._ngrams.get_scores(list(terms.grams))
            top = float(scores.max()) or 1.0
            scores = scores + self.ngram_weight * top * extra / (float(extra.max()) or 1.0)
        return np.asarray(scores, dtype=np.float32)

    def search(self, query: str | QueryTerms, k: int = 10, ids_filter: Iterable[str] | None = None) -> list[tuple[str, float]]:
        """The top ``k`` (chunk id, score) with a score above zero, best first.

        ``ids_filter`` (a set of chunk ids) masks the scores before ranking, so a
        filter never starves the result list.
        """
        if k <= 0 or not self.chunk_ids:
            return []
        scores = self.scores(query)
        if ids_filter is not None:
            mask = np.zeros(len(scores), dtype=bool)
            rows = [self._row[c] for c in ids_filter if c in self._row]
            mask[rows] = True
            scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        ranked = sorted(candidates, key=lambda r: (-scores[r], r))
        return [(self.chunk_ids[r], float(scores[r])) for r in ranked]

    def _require(self) -> "LexicalIndex":
        if self._bm25 is None:
            raise IndexNotBuiltError("the BM25 index is empty: run `kamerzoek ingest` first")
        return self


def verify_sums(directory: Path) -> None:
    """Raise DamagedStoreError unless every file matches ``checksums.kamerzoek.json``."""
    sums_path = directory / CHECKSUMS_FILE
    try:
        recorded = json.loads(sums_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DamagedStoreError(f"BM25 index in {directory} has no {CHECKSUMS_FILE} (saved by an"
                                f" older kamerzoek, or damaged): {REPAIR_HINT}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DamagedStoreError(f"BM25 index in {directory}: {CHECKSUMS_FILE} is unreadable"
                                f" ({err}): {REPAIR_HINT}") from None
    problem = compare_sums({k: tuple(v) for k, v in recorded.items()}, directory_sums(directory, skip=(CHECKSUMS_FILE,)))
    if problem:
        raise DamagedStoreError(f"BM25 index in {directory} is damaged ({problem}): {REPAIR_HINT}")


def _remove_saved(link: Path, keep: str | None) -> None:
    """Remove directories saved beside ``link`` other than ``keep`` (left by earlier or killed runs)."""
    for entry in link.parent.glob(f".{link.name}-*"):
        if entry.name == keep:
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)
        else:
            shutil.rmtree(entry, ignore_errors=True)
