"""The ``naive`` baseline: what a user would build in twenty lines.

Raw files split by langchain's ``RecursiveCharacterTextSplitter(chunk_size=1000,
chunk_overlap=150)`` (no footnote handling, no cleaning), embedded with the same
model as the index, stored in a Chroma collection in a temporary directory and
searched densely. It is the bar every retrieval change has to clear.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from langchain_text_splitters import RecursiveCharacterTextSplitter
from pypdf import PdfReader

from eval.judgments import RetrievedPassage
from index.config import Settings
from index.embeddings import Embedder

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 150
COLLECTION = "naive"


class NaiveSourceError(ValueError):
    """A raw file for the baseline is missing or unreadable."""


def read_raw(path: Path) -> str:
    """The file's text as a user would load it: plain read, or pypdf's text for a PDF."""
    try:
        if path.suffix.lower() == ".pdf":
            return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        return path.read_text(encoding="utf-8", errors="replace")
    except Exception as err:  # noqa: BLE001 - any read failure is one clear line
        raise NaiveSourceError(f"{path}: cannot read for the naive baseline ({err})") from None


def split_raw(files: Iterable[Path]) -> list[RetrievedPassage]:
    """Split each file with the recursive character splitter; ids are ``naive:<file>:<n>``."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    chunks: list[RetrievedPassage] = []
    for path in files:
        for n, text in enumerate(splitter.split_text(read_raw(path))):
            chunks.append(RetrievedPassage(chunk_id=f"naive:{path.name}:{n}", source=path.name, text=text))
    return chunks


class NaiveBaseline:
    """Dense search over naively split raw files, in a throw-away Chroma collection."""

    def __init__(self, files: list[Path], settings: Settings) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        if not files:
            raise NaiveSourceError("no raw files to build the naive baseline from")
        # the plain model on whole chunks, as a naive system would; nothing cached in the data dir
        self._embedder = Embedder(settings.model_copy(update={"embed_window_tokens": 0}), use_cache=False)
        self._dir = Path(tempfile.mkdtemp(prefix="kamerzoek-naive-"))
        self._client = chromadb.PersistentClient(
            path=str(self._dir), settings=ChromaSettings(anonymized_telemetry=False))
        self._collection = self._client.create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})
        self.chunks = split_raw(files)
        vectors = self._embedder.encode_passages([c.text for c in self.chunks])
        self._collection.add(ids=[c.chunk_id for c in self.chunks], embeddings=vectors.tolist(),
                             documents=[c.text for c in self.chunks],
                             metadatas=[{"source": c.source} for c in self.chunks])

    def search(self, query: str, k: int) -> list[RetrievedPassage]:
        """The ``k`` nearest chunks by cosine similarity."""
        vector = self._embedder.encode_query(query)
        found = self._collection.query(query_embeddings=[vector.tolist()], n_results=k,
                                       include=["documents", "metadatas"])
        return [RetrievedPassage(chunk_id=i, source=m["source"], text=d)
                for i, m, d in zip(found["ids"][0], found["metadatas"][0], found["documents"][0])]

    def close(self) -> None:
        """Drop the collection and its temporary directory."""
        try:
            self._client.delete_collection(COLLECTION)
        finally:
            self._embedder.close()
            shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> NaiveBaseline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
