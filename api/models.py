"""Request and response models of the HTTP API (one family per resource).

Every route declares its ``response_model`` from here, so the OpenAPI spec at
``/docs`` documents exactly what the service returns. One model per concept:
the response models validate from the domain objects (``HitOut.model_validate(hit)``,
``PassageOut.model_validate(passage)``, ``FootnoteOut.model_validate(footnote)``);
where a response gathers several of them the ``from_*`` class method next to
the model is the one builder (``DocumentOut.from_catalog`` serves both
``GET /documents/{source}`` and ``kamerzoek document --json``). The CLI
validates its arguments through the same request models (``SearchParams``, ``AskIn``).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from index.answer import Answer
from index.catalog import Catalog, StoredDocument
from index.models import PassageKind, SearchFilters, SearchMode, SortOrder
from index.registry import CommitmentRecord, MeasureRecord, MotionRecord
from index.result_page import ResultPage
from index.watches import Watch, WatchHit
from ingest.extract.models import CommitmentKind, CommitmentStatus, MotionStatus
from ingest.models import KamerstukRef
from ingest.references import compact_dossier

MAX_QUERY_CHARS = 1000
MAX_K = 100
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOSSIER = re.compile(r"^\d[\d ]{0,19}$")


def not_blank(value: str, field: str) -> str:
    """The value, or a ValueError naming the field when it is empty or only whitespace (for validators)."""
    if not value.strip():
        raise ValueError(f"{field} must not be empty or only whitespace")
    return value


def _iso_date(value: str | None) -> str | None:
    """Accept YYYY-MM-DD that is a real calendar date; anything else is a 422 (a one-line CLI error)."""
    if value is None:
        return None
    if not _ISO_DATE.match(value):
        raise ValueError(f"{value[:40]!r} is not a date written YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    return value


# --------------------------------------------------------------------------- errors


class ErrorOut(BaseModel):
    """Body of every 4xx/5xx answer: one line saying what is wrong (and, for 422, the fields)."""

    detail: str
    errors: list[dict[str, Any]] = Field(default_factory=list)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Unknown source, passage or item"},
    422: {"model": ErrorOut, "description": "Invalid parameters; `detail` says which and why"},
}


# --------------------------------------------------------------------------- shared parts


class FootnoteOut(BaseModel):
    """A footnote of a passage or hit (``model_validate(footnote)`` from an ``ingest.models.Footnote``)."""

    model_config = ConfigDict(from_attributes=True)

    number: int
    text: str


class SourceFootnoteOut(FootnoteOut):
    """A footnote of a document, with its page and the ids of the Kamerstukken it cites."""

    page: int
    references: list[str] = Field(default_factory=list, description="canonical ids, e.g. 25295-1025")

    @field_validator("references", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        """A footnote's parsed references (``KamerstukRef``) as their canonical ids."""
        return [r.id if isinstance(r, KamerstukRef) else r for r in value]


class PassageOut(BaseModel):
    """A citable passage of a document, as stored in the catalog (``model_validate(passage)``)."""

    model_config = ConfigDict(from_attributes=True)

    chunk_id: str
    source: str
    ordinal: int
    text: str
    start: int
    end: int
    page_start: int
    page_end: int
    heading: str
    footnotes: list[FootnoteOut] = Field(default_factory=list)


# --------------------------------------------------------------------------- search


class FilterFields(BaseModel):
    """The filters shared by ``GET /search`` and ``POST /ask``."""

    source: str | None = Field(None, max_length=300, description="only this document (its source name)")
    kind: PassageKind | None = Field(None, description="only passages holding a motion, commitment or measure")
    date_from: str | None = Field(None, description="documents dated on or after, YYYY-MM-DD")
    date_to: str | None = Field(None, description="documents dated on or before, YYYY-MM-DD")
    dossier: str | None = Field(None, max_length=20, description="Kamerstuk dossier number, e.g. 25883")
    doc_type: str | None = Field(None, max_length=80, description="only documents of this type, e.g. Kamerbrief")

    @field_validator("date_from", "date_to")
    @classmethod
    def _dates(cls, value: str | None) -> str | None:
        return _iso_date(value)

    @field_validator("dossier")
    @classmethod
    def _dossier(cls, value: str | None) -> str | None:
        if value is not None and not _DOSSIER.match(value):
            raise ValueError(f"dossier must be a dossier number such as 25883, got {value[:40]!r}")
        return value

    @model_validator(mode="after")
    def _period(self) -> "FilterFields":
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        return self

    def filters(self) -> SearchFilters | None:
        """The index's filter object, or None when no filter is set."""
        values = {
            "source": self.source,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "dossier": compact_dossier(self.dossier) if self.dossier else None,
            "kind": self.kind,
            "doc_type": self.doc_type,
        }
        if all(v is None for v in values.values()):
            return None
        return SearchFilters(**values)


class SearchParams(FilterFields):
    """Query parameters of ``GET /search``."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="the query, 1–1000 characters")
    k: int = Field(10, ge=1, le=MAX_K, description="number of results, 1–100")
    mode: SearchMode = Field(SearchMode.HYBRID, description="lexical, dense or hybrid")
    sort: SortOrder = Field(SortOrder.RELEVANCE, description="relevance, or date (newest letter first)")
    format: Literal["json", "csv"] = Field("json", description="json, or csv (text/csv, a header row)")

    @field_validator("q")
    @classmethod
    def _q_not_blank(cls, value: str) -> str:
        return not_blank(value, "q")


class HitOut(BaseModel):
    """One search result: a citable passage (same fields as ``kamerzoek search --json``).

    Made with ``HitOut.model_validate(hit)`` from an ``index.models.Hit``.
    """

    model_config = ConfigDict(from_attributes=True)

    chunk_id: str
    source: str
    title: str
    date: str
    page_start: int
    page_end: int
    heading: str
    text: str
    score: float
    footnotes: list[FootnoteOut] = Field(default_factory=list)
    highlights: list[tuple[int, int]] = Field(default_factory=list)


class FacetValueOut(BaseModel):
    """One filter value and the number of candidate hits that have it."""

    model_config = ConfigDict(from_attributes=True)

    value: str
    label: str
    count: int


class FacetsOut(BaseModel):
    """Counts of the candidate hits per document (``source``), year, document type and dossier."""

    model_config = ConfigDict(from_attributes=True)

    document: list[FacetValueOut] = Field(default_factory=list)
    year: list[FacetValueOut] = Field(default_factory=list)
    doc_type: list[FacetValueOut] = Field(default_factory=list)
    dossier: list[FacetValueOut] = Field(default_factory=list)


class ReferenceOut(BaseModel):
    """The reference the query was recognised as; the hits citing it come first."""

    kind: Literal["kamerstuk", "motion"]
    ids: list[str] = Field(description="canonical ids, e.g. 35669-36 (a submitters' query may name several motions)")
    label: str
    citing: list[str] = Field(description="chunk ids of the results that cite it (in their text or footnotes)")
    named: list[str] = Field(description="chunk ids of the results from the document it names")


class SearchOut(BaseModel):
    query: str
    mode: SearchMode
    sort: SortOrder = SortOrder.RELEVANCE
    reference: ReferenceOut | None = None
    facets: FacetsOut = Field(default_factory=FacetsOut)
    results: list[HitOut]

    @classmethod
    def from_page(cls, query: str, mode: SearchMode, sort: SortOrder, page: ResultPage) -> "SearchOut":
        """The response to a query, from the result page ``index.result_page.search_page`` made."""
        ref = page.reference
        return cls(query=query, mode=mode, sort=sort,
                   reference=ReferenceOut(kind=ref.kind, ids=list(ref.ids), label=ref.label,
                                          citing=page.citing, named=page.named) if ref else None,
                   facets=FacetsOut.model_validate(page.facets),
                   results=[HitOut.model_validate(h) for h in page.hits])


# --------------------------------------------------------------------------- ask


class AskIn(FilterFields):
    """Body of ``POST /ask`` (the filters are optional, as for ``/search``)."""

    model_config = ConfigDict(extra="ignore")

    question: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="a question in Dutch")
    k: int = Field(8, ge=1, le=MAX_K, description="passages to read, 1–100")

    @field_validator("question")
    @classmethod
    def _question_not_blank(cls, value: str) -> str:
        return not_blank(value, "question")


class CitationOut(BaseModel):
    """Citation ``[n]`` of an answer: the passage and the sentence quoted from it.

    ``page_start`` is the page of the quoted sentence (a PDF opens there with
    ``#page=N``); ``start``/``end`` are the quote's offsets in the document's body;
    ``answer_span`` is what the question asked for, as offsets within ``quote``.
    """

    n: int
    chunk_id: str
    source: str
    title: str
    date: str
    page_start: int
    quote: str
    start: int = Field(description="offset of the quote in the document's cleaned body")
    end: int
    answer_span: tuple[int, int] | None = Field(
        None, description="the answer itself (amount, date, name …) as [start, end) within quote")
    answer_value: str | None = Field(
        None, description="the answer span normalised: euros, percent or a count as a number; a date as ISO")


class AskOut(BaseModel):
    answer: str
    found: bool = Field(description="false when no passage answers the question")
    citations: list[CitationOut]
    passages: list[HitOut]

    @classmethod
    def from_answer(cls, result: Answer) -> "AskOut":
        """From an ``index.answer.Answer`` (shared by ``POST /ask`` and ``kamerzoek ask --json``)."""
        return cls(
            answer=result.text,
            found=result.found,
            citations=[
                CitationOut(n=c.n, chunk_id=c.hit.chunk_id, source=c.hit.source, title=c.hit.title,
                            date=c.hit.date, page_start=c.page or c.hit.page_start, quote=c.quote,
                            start=c.offset, end=c.offset + len(c.quote), answer_span=c.answer_span,
                            answer_value=c.answer_value)
                for c in result.citations
            ],
            passages=[HitOut.model_validate(h) for h in result.passages],
        )


# --------------------------------------------------------------------------- documents


class DocumentSummary(BaseModel):
    """A document's metadata as the catalog holds it, with where its original file is served."""

    source: str
    kind: str
    title: str
    date: str
    sender: str
    doc_type: str
    kamerstuk: str | None
    publication_id: str
    document_number: str
    description: str
    dossier_title: str = Field(description="the title of the Kamerstuk's dossier, e.g. 'Arbeidsmarktbeleid'")
    submitters: list[str] = Field(description="the members who signed a motion or asked the questions")
    reference: str = Field(description="the sender's own reference (kenmerk)")
    ocr_pages: list[int] = Field(description="pages read by OCR (a scan without a text layer)")
    status: str
    passage_count: int
    file_url: str

    @classmethod
    def from_stored(cls, doc: StoredDocument, **parts: Any) -> Self:
        """From the catalog's record of a document; ``parts`` are the fields a subclass adds."""
        meta = doc.metadata
        return cls(
            source=doc.source,
            kind=doc.kind,
            title=meta.title or doc.source,
            date=meta.date,
            sender=meta.sender,
            doc_type=meta.doc_type,
            kamerstuk=meta.kamerstuk.id if meta.kamerstuk else None,
            publication_id=meta.publication_id,
            document_number=meta.document_number,
            description=meta.description,
            dossier_title=meta.dossier_title,
            submitters=list(meta.submitters),
            reference=meta.reference,
            ocr_pages=list(meta.ocr_pages),
            status=doc.status,
            passage_count=doc.passage_count,
            file_url=f"/documents/{doc.source}/file",
            **parts,
        )


class DocumentsOut(BaseModel):
    data: list[DocumentSummary]
    count: int


class DocumentOut(DocumentSummary):
    """A document in full: metadata, cleaned text, footnotes and passages."""

    error: str = Field(description="why the document failed to ingest (status 'failed'); empty when ok")
    content_hash: str = Field(description="SHA-256 of the file as ingested")
    text: str
    footnotes: list[SourceFootnoteOut]
    linked_sources: dict[str, str] = Field(
        description="the corpus document each Kamerstuk cited in the footnotes names, by reference id")
    passages: list[PassageOut]

    @classmethod
    def from_catalog(cls, catalog: Catalog, source: str) -> "DocumentOut":
        """Document ``source`` in full: the one builder of ``GET /documents/{source}`` and
        ``kamerzoek document --json``. Raises UnknownSourceError for a source not in the catalog."""
        doc = catalog.document(source)
        cited = {ref.id: ref for note in doc.footnotes for ref in note.references}
        linked = {ref_id: found for ref_id, ref in cited.items() if (found := catalog.linked_source(ref))}
        return cls.from_stored(doc, error=doc.error, content_hash=doc.content_hash, text=doc.text,
                               footnotes=[SourceFootnoteOut.model_validate(f) for f in doc.footnotes],
                               linked_sources=linked,
                               passages=[PassageOut.model_validate(p) for p in catalog.passages(source)])


# --------------------------------------------------------------------------- passages


class PassageContextOut(BaseModel):
    """A passage with what surrounds it, so a citation can be read in context."""

    passage: PassageOut
    document: DocumentSummary
    paragraph_before: str = Field(description="the paragraph of the cleaned text just before the passage")
    paragraph_after: str = Field(description="the paragraph just after the passage")
    previous: list[PassageOut] = Field(description="neighbouring passages before, nearest last")
    next: list[PassageOut] = Field(description="neighbouring passages after, nearest first")
    page_url: str = Field(description="the original file at the passage's page")


# --------------------------------------------------------------------------- health


class HealthOut(BaseModel):
    status: str
    documents: int
    passages: int
    model: str
    generation: int


# --------------------------------------------------------------------------- registry
# Made from the registry's records (``index.registry``) with ``model_validate(record)``;
# ``kamerzoek motions|commitments|measures --json`` prints the same models.


class MentionOut(BaseModel):
    """One place a letter mentions the motion, with the status it expresses there."""

    model_config = ConfigDict(from_attributes=True)

    source: str
    date: str
    page_start: int
    chunk_id: str
    status: MotionStatus
    quote: str


class MotionOut(BaseModel):
    """A motion by its Kamerstuk id, with its latest status and its timeline."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    dossier: str
    number: str
    submitters: list[str]
    cosigned: bool
    subject: str
    status: MotionStatus
    first_date: str
    last_date: str
    mention_count: int
    mentions: list[MentionOut]


class MotionsOut(BaseModel):
    data: list[MotionOut]
    count: int

    @classmethod
    def of(cls, records: list[MotionRecord]) -> "MotionsOut":
        return cls(data=[MotionOut.model_validate(r) for r in records], count=len(records))


class CommitmentMentionOut(BaseModel):
    """One letter's statement about the commitment, and why it belongs to it (``reason``)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    source: str
    date: str
    page_start: int
    chunk_id: str
    status: CommitmentStatus
    quote: str
    kind: CommitmentKind
    text: str
    given_at: str
    given_on: str
    reason: str


class CommitmentOut(BaseModel):
    """A commitment (toezegging) followed across letters: status is the latest mention's;
    ``since`` is when it was given, else the first letter naming it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    subject: str
    given_on: str
    given_at: str
    who: str
    status: CommitmentStatus
    deadline: str
    first_date: str
    last_date: str
    mention_count: int
    since: str
    mentions: list[CommitmentMentionOut]


class CommitmentsOut(BaseModel):
    data: list[CommitmentOut]
    count: int

    @classmethod
    def of(cls, records: list[CommitmentRecord]) -> "CommitmentsOut":
        return cls(data=[CommitmentOut.model_validate(r) for r in records], count=len(records))


class MeasureOut(BaseModel):
    """A concrete government measure with its figure (``amount``) and date or year (``when``)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    source: str
    date: str
    page_start: int
    chunk_id: str
    text: str
    quote: str
    amount: str
    when: str


class MeasuresOut(BaseModel):
    data: list[MeasureOut]
    count: int

    @classmethod
    def of(cls, records: list[MeasureRecord]) -> "MeasuresOut":
        return cls(data=[MeasureOut.model_validate(r) for r in records], count=len(records))


# --------------------------------------------------------------------------- watches


class WatchIn(FilterFields):
    """A watch: the query (or a motion or commitment id) and the filters of ``/search``
    (the body of ``POST /watches``; ``kamerzoek watch add`` checks its arguments with it)."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)
    mode: SearchMode = Field(SearchMode.LEXICAL, description="lexical (default), hybrid or dense")

    @field_validator("query")
    @classmethod
    def _query_not_blank(cls, value: str) -> str:
        return not_blank(value, "query")


class WatchOut(BaseModel):
    """A saved search (``index.watches.Watch``) and where its Atom feed is."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    query: str
    mode: str
    filters: dict[str, str]
    target_kind: str = Field(description="motion or commitment when the watch follows one, else empty")
    target_id: str
    created_at: str
    last_checked: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def feed_url(self) -> str:
        return f"/watches/{self.id}/feed.atom"


class WatchesOut(BaseModel):
    data: list[WatchOut]
    count: int

    @classmethod
    def of(cls, watches: list[Watch]) -> "WatchesOut":
        return cls(data=[WatchOut.model_validate(w) for w in watches], count=len(watches))


class WatchHitOut(BaseModel):
    """A new passage for a watch (``kamerzoek watch check --json``)."""

    model_config = ConfigDict(from_attributes=True)

    watch_id: str
    chunk_id: str
    source: str
    title: str
    date: str
    page_start: int
    quote: str
    status: str = Field(description="the mention's status for a motion or commitment watch, else empty")
    found_at: str


class WatchHitsOut(BaseModel):
    data: list[WatchHitOut]

    @classmethod
    def of(cls, hits: list[WatchHit]) -> "WatchHitsOut":
        return cls(data=[WatchHitOut.model_validate(h) for h in hits])
