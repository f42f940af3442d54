"""``GET /motions``, ``GET /motions/{id}``, ``GET /commitments``, ``GET /measures``.

The registry of motions, commitments and measures (``index.registry``), read
from the catalog. Shapes match ``kamerzoek motions|commitments|measures --json``:
a motion with its mentions ordered by letter date; lists as ``{data, count}``.
"""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from api.deps import CatalogDep
from api.models import ERROR_RESPONSES
from index import registry

router = APIRouter(tags=["registry"])

MotionStatus = Literal["afgedaan", "in_uitvoering", "betrokken", "ingediend", "genoemd"]
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


class CommitmentOut(BaseModel):
    """A commitment (toezegging); ``since`` is when it was given, else the letter date."""

    id: str
    source: str
    date: str
    page_start: int
    chunk_id: str
    status: CommitmentStatus
    text: str
    quote: str
    kind: Literal["given", "made"]
    who: str
    given_at: str
    given_on: str
    deadline: str
    since: str


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


@router.get("/motions", response_model=MotionsOut, responses=ERROR_RESPONSES)
def list_motions(
    catalog: CatalogDep,
    status: MotionStatus | None = Query(None, description="only motions with this latest status"),
    chunk_id: str | None = Query(None, max_length=64, description="only motions mentioned in this passage"),
) -> MotionsOut:
    """Every motion named in the letters, most recently mentioned first."""
    data = [r.to_dict() for r in registry.motions(catalog.connection, status=status, chunk_id=chunk_id)]
    return MotionsOut(data=data, count=len(data))


@router.get("/motions/{motion_id}", response_model=MotionOut, responses=ERROR_RESPONSES)
def get_motion(motion_id: str, catalog: CatalogDep) -> MotionOut:
    """One motion (id like ``35669-36`` or ``35570-XV-54``) with all its mentions by letter date."""
    try:
        record = registry.motion(catalog.connection, motion_id[:100])
    except registry.UnknownMotionError as err:
        raise HTTPException(404, str(err)) from None
    return MotionOut(**record.to_dict())


@router.get("/commitments", response_model=CommitmentsOut, responses=ERROR_RESPONSES)
def list_commitments(
    catalog: CatalogDep,
    status: CommitmentStatus | Literal["voldaan"] | None = Query(
        None, description="only commitments with this status (voldaan = afgedaan)"),
    sort: Literal["age", "date"] = Query("age", description="age: open longest first; date: newest letter first"),
) -> CommitmentsOut:
    """Commitments given to or made to the Kamer."""
    data = [r.to_dict() for r in registry.commitments(catalog.connection, status=status, sort=sort)]
    return CommitmentsOut(data=data, count=len(data))


@router.get("/measures", response_model=MeasuresOut, responses=ERROR_RESPONSES)
def list_measures(catalog: CatalogDep) -> MeasuresOut:
    """Concrete government measures, newest letter first."""
    data = [r.to_dict() for r in registry.measures(catalog.connection)]
    return MeasuresOut(data=data, count=len(data))
