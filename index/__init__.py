"""Index: the SQLite catalog (source of truth), Chroma dense vectors, bm25s lexical index, hybrid search."""
