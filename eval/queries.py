"""Query files: load and validate the JSONL dev sets (retrieval queries, /ask questions).

A bad file is reported as one line naming the file, the line and the field,
so a typo in a hand-written query set never turns into a traceback.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from index.question import AnswerType

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_QUERIES = DATA_DIR / "dev_queries.jsonl"
DEFAULT_ASK_QUESTIONS = DATA_DIR / "ask_questions.jsonl"
KINDS = ("fact", "motion", "commitment", "measure")
ASK_TYPES = tuple(t.value for t in AnswerType)  # the answer types of /ask questions

T = TypeVar("T")


def reduce_letters(text: str) -> str:
    """NFKC, lower case, letters only: what evidence is compared on (eval.judgments).

    Robust to hyphenation, spacing and punctuation; an evidence must keep some letters.
    """
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalpha())


class QueryFileError(ValueError):
    """A query file is missing, not JSONL, or a record breaks the format."""


@dataclass(frozen=True)
class Evidence:
    """A short verbatim string from ``source`` that a relevant passage contains."""

    source: str
    evidence: str


@dataclass(frozen=True)
class Query:
    """A retrieval query with its evidence-based relevance."""

    id: str
    query: str
    kind: str
    relevant: tuple[Evidence, ...]


@dataclass(frozen=True)
class AskQuestion:
    """A question for /ask with the facts its answer must state (empty when unanswerable)."""

    id: str
    question: str
    required: tuple[str, ...]
    source: str | None
    unanswerable: bool = False
    type: str = "other"  # the answer type it asks for (index.question.AnswerType)
    span: str | None = None  # the exact answer span expected (typed questions), for exact match
    any_of: tuple[tuple[str, ...], ...] = ()  # when the text gives the answer in more than one way: one group suffices


def load_queries(path: Path) -> list[Query]:
    """Read a retrieval query file (format of ``eval/data/dev_queries.jsonl``)."""
    return _load(path, _parse_query)


def load_ask_questions(path: Path) -> list[AskQuestion]:
    """Read an /ask question file (format of ``eval/data/ask_questions.jsonl``)."""
    return _load(path, _parse_ask)


def _load(path: Path, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """Parse every non-blank line with ``parse``; ids must be unique; at least one record."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QueryFileError(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise QueryFileError(f"{path}: cannot read query file ({err})") from None
    records: list[T] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise QueryFileError(f"{where}: not valid JSON ({err.msg})") from None
        if not isinstance(obj, dict):
            raise QueryFileError(f"{where}: expected a JSON object, got {type(obj).__name__}")
        try:
            record = parse(obj)
        except _FieldError as err:
            raise QueryFileError(f"{where}: {err}") from None
        rid = record.id  # type: ignore[attr-defined]
        if rid in seen:
            raise QueryFileError(f"{where}: duplicate id {rid!r} (first on line {seen[rid]})")
        seen[rid] = lineno
        records.append(record)
    if not records:
        raise QueryFileError(f"{path}: no queries in file")
    return records


class _FieldError(Exception):
    """A field of one record is missing or has the wrong type or value."""


def _text(obj: dict[str, Any], name: str) -> str:
    """A required non-empty string field."""
    value = obj.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _FieldError(f"field {name!r} must be a non-empty string")
    return value


def _parse_query(obj: dict[str, Any]) -> Query:
    kind = _text(obj, "kind")
    if kind not in KINDS:
        raise _FieldError(f"field 'kind' is {kind!r}; accepted: {', '.join(KINDS)}")
    relevant = obj.get("relevant")
    if not isinstance(relevant, list) or not relevant:
        raise _FieldError("field 'relevant' must be a non-empty list of {source, evidence}")
    evidence: list[Evidence] = []
    for i, item in enumerate(relevant):
        if not isinstance(item, dict):
            raise _FieldError(f"relevant[{i}] must be an object with 'source' and 'evidence'")
        try:
            ev = Evidence(source=_text(item, "source"), evidence=_text(item, "evidence"))
        except _FieldError as err:
            raise _FieldError(f"relevant[{i}]: {err}") from None
        if not reduce_letters(ev.evidence):
            raise _FieldError(f"relevant[{i}]: field 'evidence' has no letters")
        evidence.append(ev)
    return Query(id=_text(obj, "id"), query=_text(obj, "query"), kind=kind, relevant=tuple(evidence))


def _parse_ask(obj: dict[str, Any]) -> AskQuestion:
    required = obj.get("required")
    if not isinstance(required, list) or not all(isinstance(r, str) and r.strip() for r in required):
        raise _FieldError("field 'required' must be a list of non-empty strings")
    unanswerable = obj.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise _FieldError("field 'unanswerable' must be true or false")
    if not required and not unanswerable and not obj.get("any_of"):
        raise _FieldError("field 'required' is empty but 'unanswerable' is not true")
    if required and unanswerable:
        raise _FieldError("an unanswerable question must have an empty 'required'")
    source = obj.get("source")
    if source is not None and not isinstance(source, str):
        raise _FieldError("field 'source' must be a string or null")
    kind = obj.get("type", "other")
    if kind not in ASK_TYPES:
        raise _FieldError(f"field 'type' is {kind!r}; accepted: {', '.join(ASK_TYPES)}")
    span = obj.get("span")
    if span is not None and (not isinstance(span, str) or not span.strip()):
        raise _FieldError("field 'span' must be a non-empty string or absent")
    any_of = obj.get("any_of", [])
    if not isinstance(any_of, list) or not all(
            isinstance(g, list) and g and all(isinstance(r, str) and r.strip() for r in g) for g in any_of):
        raise _FieldError("field 'any_of' must be a list of non-empty lists of strings")
    return AskQuestion(id=_text(obj, "id"), question=_text(obj, "question"),
                       required=tuple(required), source=source, unanswerable=unanswerable, type=kind,
                       span=span, any_of=tuple(tuple(g) for g in any_of))
