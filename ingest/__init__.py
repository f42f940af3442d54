"""Ingestion: files → parsed documents → footnote-aware passages."""
