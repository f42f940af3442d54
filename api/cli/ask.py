"""`kamerzoek ask QUESTION` — an extractive answer with numbered citations."""
from __future__ import annotations

import argparse
import json
import textwrap

from api.cli.common import (add_filter_flags, add_settings_flags, check_source, filter_values, settings_from,
                            validated)
from api.models import MAX_K, AskIn, AskOut
from index.answer import Answer, answer
from index.search import Searcher


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "ask", help="answer a question from the documents, with citations",
        description="Answer a question with the best sentences of the retrieved passages; "
                    "each sentence is followed by [n], the passage it was taken from.")
    parser.add_argument("question", help='the question, e.g. "Hoeveel rijkshubs zijn er geopend?"')
    parser.add_argument("--k", type=int, default=8, help=f"passages to read (1–{MAX_K}, default 8)")
    parser.add_argument("--json", action="store_true", help="print the /ask JSON response")
    add_filter_flags(parser)
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Answer the question; exit status 1 when no passage answers it."""
    asked = validated(AskIn, {"question": args.question, "k": args.k, **filter_values(args)},
                      positional={"question": "QUESTION"})  # the checks of POST /ask
    with Searcher(settings_from(args)) as searcher:
        check_source(searcher, asked.source)
        result = answer(asked.question, searcher, k=asked.k, filters=asked.filters())
    print(json.dumps(to_json(result), ensure_ascii=False, indent=2) if args.json else to_text(result))
    return 0 if result.found else 1


def to_json(result: Answer) -> dict:
    """The same shape as ``POST /ask``."""
    return AskOut.from_answer(result).model_dump(mode="json")


def to_text(result: Answer) -> str:
    """The answer, wrapped, then one line per citation: [n] title, date, the sentence's page, the answer span."""
    lines = [textwrap.fill(result.text, width=100), ""]
    for c in result.citations:
        hit = c.hit
        page = f"p. {c.page or hit.page_start}"
        asked = f" — antwoord: {' '.join(c.quote[c.answer_span[0]:c.answer_span[1]].split())}" if c.answer_span else ""
        lines.append(f"[{c.n}] {hit.title or hit.source} — {hit.date or 'datum onbekend'}, {page}"
                     f"  ({hit.source}, {hit.chunk_id}){asked}")
    return "\n".join(lines).rstrip()
