"""`kamerzoek document SOURCE [--json]` — a document as the catalog holds it.

``--json`` prints exactly what ``GET /documents/{source}`` returns (the API's
``DocumentOut``, built by the same ``DocumentOut.from_catalog``); without it a
readable summary that also names the corpus documents its footnotes cite.
Reads only the catalog (no Chroma, no model), so it works while `serve` runs.
"""
from __future__ import annotations

import argparse

from api.cli.common import add_settings_flags, open_catalog
from api.models import DocumentOut
from index.catalog import Catalog, StoredDocument
from ingest.models import Footnote, Passage


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "document", help="show a parsed document: metadata, text, footnotes and chunks",
        description="Show a document from the catalog: metadata, cleaned body text, footnotes "
                    "(with parsed Kamerstuk references) and its chunks. --json prints the JSON "
                    "of GET /documents/{source}.")
    parser.add_argument("source", help="the document's source (its file name)")
    parser.add_argument("--json", action="store_true", help="print the document as GET /documents/{source} does")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_catalog(args) as catalog:
        if args.json:
            print(DocumentOut.from_catalog(catalog, args.source).model_dump_json(indent=2))
        else:
            print(format_document(catalog, catalog.document(args.source)))
    return 0


def format_document(catalog: Catalog, doc: StoredDocument) -> str:
    """A readable summary: citation lines, status, counts, footnotes (with the corpus documents
    their references name) and an overview of the chunks."""
    meta = doc.metadata
    passages = catalog.passages(doc.source)
    lines = [doc.source,
             f"  title:     {meta.title or '-'}",
             f"  date:      {meta.date or '-'}",
             f"  type:      {meta.doc_type or '-'}",
             f"  sender:    {meta.sender or '-'}",
             f"  kamerstuk: {meta.kamerstuk.id if meta.kamerstuk else '-'}"
             + (f" ({meta.dossier_title})" if meta.dossier_title else ""),
             f"  id:        {meta.publication_id or '-'}",
             *([f"  by:        {', '.join(meta.submitters)}"] if meta.submitters else []),
             *([f"  reference: {meta.reference}"] if meta.reference else []),
             *([f"  OCR:       pages {', '.join(map(str, meta.ocr_pages))} read by Tesseract"]
               if meta.ocr_pages else []),
             f"  status:    {doc.status}" + (f" ({doc.error})" if doc.error else ""),
             f"  text:      {len(doc.text)} characters, {len(passages)} chunks, {len(doc.footnotes)} footnotes"]
    if doc.footnotes:
        lines.append("footnotes:")
        lines.extend(_footnote_line(catalog, note) for note in doc.footnotes)
    if passages:
        lines.append("chunks:")
        lines.extend(_chunk_line(p) for p in passages)
    return "\n".join(lines)


def _footnote_line(catalog: Catalog, note: Footnote) -> str:
    """``  12 (p. 3) text  [25295-1025 → 001_….txt; 35669-36]``: each reference and the document it names."""
    linked = []
    for ref in note.references:
        source = catalog.linked_source(ref)
        linked.append(f"{ref.id} → {source}" if source else ref.id)
    extra = f"  [{'; '.join(linked)}]" if linked else ""
    return f"  {note.number:>3} (p. {note.page}) {note.text}{extra}"


def _chunk_line(passage: Passage) -> str:
    """One chunk: its id, pages, heading and the start of its text."""
    pages = (f"p. {passage.page_start}" if passage.page_start == passage.page_end
             else f"pp. {passage.page_start}-{passage.page_end}")
    preview = " ".join(passage.text.split())[:90]
    return f"  {passage.chunk_id}  {pages:<9} {passage.heading[:40]:<40}  {preview}"
