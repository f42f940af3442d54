"""``GET /motions``, ``GET /motions/{id}``, ``GET /commitments``, ``GET /commitments/{id}``, ``GET /measures``.

The registry of motions, commitments and measures (``index.registry``), read
from the catalog. Shapes match ``kamerzoek motions|commitments|measures --json``:
a motion or commitment with its mentions ordered by letter date; lists as ``{data, count}``,
or CSV with ``?format=csv`` (``api.export``).
"""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel

from api import export
from api.deps import CatalogDep
from api.models import ERROR_RESPONSES
from index import registry

router = APIRouter(tags=["registry"])

MotionStatus = Literal["afgedaan", "in_uitvoering", "betrokken", "ingediend", "genoemd"]
Format = Literal["json", "csv"]
FORMAT = Query("json", description="json, or csv (text/csv with a header row)")
CSV_RESPONSES = {200: {"content": {"text/csv": {}}, "description": "the list (CSV when format=csv)"}}


def csv_response(rows: list[dict], columns: list[str], name: str) -> Response:
    """A CSV download of ``rows``."""
    return Response(export.to_csv(rows, columns), media_type=export.CSV_MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
CommitmentStatus = Literal["afgedaan", "deels_afgedaan", "openstaand"]


class MentionOut(BaseModel):
    """One place a letter mentions the motion, with the status it expresses there."""

    source: str
    date: str
    page_start: int
    chunk_id: str
    status: MotionStatus
    quote: str


class MotionOut(BaseModel):
    """A motion by its Kamerstuk id, with its latest status and its timeline."""

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


class CommitmentMentionOut(BaseModel):
    """One letter's statement about the commitment, and why it belongs to it (``reason``)."""

    id: str
    source: str
    date: str
    page_start: int
    chunk_id: str
    status: CommitmentStatus
    quote: str
    kind: Literal["given", "made"]
    text: str
    given_at: str
    given_on: str
    reason: str


class CommitmentOut(BaseModel):
    """A commitment (toezegging) followed across letters: status is the latest mention's;
    ``since`` is when it was given, else the first letter naming it."""

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


class MeasureOut(BaseModel):
    """A concrete government measure with its figure (``amount``) and date or year (``when``)."""

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


@router.get("/motions", response_model=MotionsOut, responses={**ERROR_RESPONSES, **CSV_RESPONSES})
def list_motions(
    catalog: CatalogDep,
    status: MotionStatus | None = Query(None, description="only motions with this latest status"),
    chunk_id: str | None = Query(None, max_length=64, description="only motions mentioned in this passage"),
    format: Format = FORMAT,
) -> MotionsOut | Response:
    """Every motion named in the letters, most recently mentioned first."""
    data = [r.to_dict() for r in registry.motions(catalog.connection, status=status, chunk_id=chunk_id)]
    if format == "csv":
        return csv_response(data, export.MOTION_COLUMNS, "motions")
    return MotionsOut(data=data, count=len(data))


@router.get("/motions/{motion_id}", response_model=MotionOut, responses=ERROR_RESPONSES)
def get_motion(motion_id: str, catalog: CatalogDep) -> MotionOut:
    """One motion (id like ``35669-36`` or ``35570-XV-54``) with all its mentions by letter date."""
    try:
        record = registry.motion(catalog.connection, motion_id[:100])
    except registry.UnknownMotionError as err:
        raise HTTPException(404, str(err)) from None
    return MotionOut(**record.to_dict())


@router.get("/commitments", response_model=CommitmentsOut, responses={**ERROR_RESPONSES, **CSV_RESPONSES})
def list_commitments(
    catalog: CatalogDep,
    status: CommitmentStatus | Literal["voldaan"] | None = Query(
        None, description="only commitments with this status (voldaan = afgedaan)"),
    sort: Literal["age", "date"] = Query(
        "age", description="age: open ones first, longest open first; date: latest mention first"),
    format: Format = FORMAT,
) -> CommitmentsOut | Response:
    """Commitments given to the Kamer, each followed across the letters that mention it."""
    data = [r.to_dict() for r in registry.commitments(catalog.connection, status=status, sort=sort)]
    if format == "csv":
        return csv_response(export.commitment_rows(data), export.COMMITMENT_COLUMNS, "commitments")
    return CommitmentsOut(data=data, count=len(data))


@router.get("/commitments/{commitment_id}", response_model=CommitmentOut, responses=ERROR_RESPONSES)
def get_commitment(commitment_id: str, catalog: CatalogDep) -> CommitmentOut:
    """One commitment (by its id, or the id of one of its statements) with its timeline."""
    try:
        record = registry.commitment(catalog.connection, commitment_id[:100])
    except registry.UnknownCommitmentError as err:
        raise HTTPException(404, str(err)) from None
    return CommitmentOut(**record.to_dict())


@router.get("/measures", response_model=MeasuresOut, responses={**ERROR_RESPONSES, **CSV_RESPONSES})
def list_measures(catalog: CatalogDep, format: Format = FORMAT) -> MeasuresOut | Response:
    """Concrete government measures, newest letter first."""
    data = [r.to_dict() for r in registry.measures(catalog.connection)]
    if format == "csv":
        return csv_response(data, export.MEASURE_COLUMNS, "measures")
    return MeasuresOut(data=data, count=len(data))
