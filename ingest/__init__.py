"""Ingestion: files → parsed documents → footnote-aware passages.

Entry points: ``ingest.load.load_document`` / ``discover`` / ``SUPPORTED_SUFFIXES``,
``ingest.manifest.load_manifest`` and ``ingest.chunking.chunk_document``.
Parsers: ``text`` (plain-text extractions), ``markdown`` (Markdown/HTML exports),
``pdf`` (pypdf); all three hand ``layout.RawPage``s to ``layout.assemble``, which
uses ``footnotes`` (markers, footnote text), ``hyphenation`` and ``references``.
"""
