"""`kamerzoek document SOURCE [--json]` — a document as the catalog holds it.

Reads only the catalog (no Chroma, no model), so it works while `serve` runs.
"""
from __future__ import annotations

import argparse
import json
from typing import Any

from api.cli.common import add_settings_flags, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "document", help="show a parsed document: metadata, text, footnotes and chunks",
        description="Show a document from the catalog: metadata, cleaned body text, footnotes "
                    "(with parsed Kamerstuk references) and its chunks.")
    parser.add_argument("source", help="the document's source (its file name)")
    parser.add_argument("--json", action="store_true", help="print the whole document as JSON")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from index.catalog import Catalog

    settings = settings_from(args)
    with Catalog.open_existing(settings.catalog_path) as catalog:
        data = document_to_dict(catalog, args.source)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_document(data))
    return 0


def document_to_dict(catalog: Any, source: str) -> dict[str, Any]:
    """The document as JSON data: metadata, text, footnotes and chunks, references linked.

    Raises UnknownSourceError for a source the catalog does not hold.
    """
    from index.catalog import metadata_to_dict

    doc = catalog.document(source)

    def refs(note: Any) -> list[dict[str, Any]]:
        return [{"id": r.id, "dossier": r.dossier, "number": r.number, "sub": r.sub,
                 "also": list(r.also), "linked_source": catalog.linked_source(r)}
                for r in note.references]

    return {
        "source": doc.source,
        "kind": doc.kind,
        "status": doc.status,
        "error": doc.error,
        "content_hash": doc.content_hash,
        "metadata": metadata_to_dict(doc.metadata),
        "text": doc.text,
        "footnotes": [{"number": f.number, "text": f.text, "page": f.page, "references": refs(f)}
                      for f in doc.footnotes],
        "chunks": [{"chunk_id": p.chunk_id, "ordinal": p.ordinal, "text": p.text,
                    "start": p.start, "end": p.end, "page_start": p.page_start,
                    "page_end": p.page_end, "heading": p.heading,
                    "footnotes": [{"number": f.number, "text": f.text, "references": refs(f)}
                                  for f in p.footnotes]}
                   for p in catalog.passages(doc.source)],
    }


def format_document(data: dict[str, Any]) -> str:
    """A readable summary: citation line, status, counts, footnotes and chunk overview."""
    meta = data["metadata"]
    kamerstuk = meta.get("kamerstuk")
    lines = [data["source"],
             f"  title:     {meta.get('title') or '-'}",
             f"  date:      {meta.get('date') or '-'}",
             f"  type:      {meta.get('doc_type') or '-'}",
             f"  sender:    {meta.get('sender') or '-'}",
             f"  kamerstuk: {kamerstuk['id'] if kamerstuk else '-'}"
             + (f" ({meta['dossier_title']})" if meta.get("dossier_title") else ""),
             f"  id:        {meta.get('publication_id') or '-'}",
             *([f"  by:        {', '.join(meta['submitters'])}"] if meta.get("submitters") else []),
             *([f"  reference: {meta['reference']}"] if meta.get("reference") else []),
             *([f"  OCR:       pages {', '.join(map(str, meta['ocr_pages']))} read by Tesseract"]
               if meta.get("ocr_pages") else []),
             f"  status:    {data['status']}" + (f" ({data['error']})" if data["error"] else ""),
             f"  text:      {len(data['text'])} characters, {len(data['chunks'])} chunks,"
             f" {len(data['footnotes'])} footnotes"]
    if data["footnotes"]:
        lines.append("footnotes:")
        for note in data["footnotes"]:
            linked = [f"{r['id']} → {r['linked_source']}" if r["linked_source"] else r["id"]
                      for r in note["references"]]
            extra = f"  [{'; '.join(linked)}]" if linked else ""
            lines.append(f"  {note['number']:>3} (p. {note['page']}) {note['text']}{extra}")
    if data["chunks"]:
        lines.append("chunks:")
        for chunk in data["chunks"]:
            pages = (f"p. {chunk['page_start']}" if chunk["page_start"] == chunk["page_end"]
                     else f"pp. {chunk['page_start']}-{chunk['page_end']}")
            preview = " ".join(chunk["text"].split())[:90]
            lines.append(f"  {chunk['chunk_id']}  {pages:<9} {chunk['heading'][:40]:<40}  {preview}")
    return "\n".join(lines)
