"""``GET /motions``, ``GET /motions/{id}``, ``GET /commitments``, ``GET /commitments/{id}``, ``GET /measures``.

The registry of motions, commitments and measures (``catalog.registry``). Shapes
match ``kamerzoek motions|commitments|measures --json`` (the same models of
``api.models``): a motion or commitment with its mentions ordered by letter date;
lists as ``{data, count}``, or CSV with ``?format=csv`` (``api.export``).
"""
from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from api import export
from api.deps import CatalogDep
from api.models import (ERROR_RESPONSES, CommitmentOut, CommitmentsOut, MeasuresOut, MotionOut, MotionsOut)
from index.errors import UnknownCommitmentError, UnknownMotionError
from index.registry import CommitmentSort
from ingest.extract.models import CommitmentStatus, MotionStatus

router = APIRouter(tags=["registry"])

Format = Literal["json", "csv"]
FORMAT = Query("json", description="json, or csv (text/csv with a header row)")
CSV_RESPONSES = {200: {"content": {"text/csv": {}}, "description": "the list (CSV when format=csv)"}}


def csv_response(rows: list[dict[str, Any]], columns: list[str], name: str) -> Response:
    """A CSV download of ``rows``."""
    return Response(export.to_csv(rows, columns), media_type=export.CSV_MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/motions", response_model=MotionsOut, responses={**ERROR_RESPONSES, **CSV_RESPONSES})
def list_motions(
    catalog: CatalogDep,
    status: MotionStatus | None = Query(None, description="only motions with this latest status"),
    chunk_id: str | None = Query(None, max_length=64, description="only motions mentioned in this passage"),
    format: Format = FORMAT,
) -> MotionsOut | Response:
    """Every motion named in the letters, most recently mentioned first."""
    out = MotionsOut.of(catalog.registry.motions(status=status, chunk_id=chunk_id))
    if format == "csv":
        return csv_response(out.model_dump(mode="json")["data"], export.MOTION_COLUMNS, "motions")
    return out


@router.get("/motions/{motion_id}", response_model=MotionOut, responses=ERROR_RESPONSES)
def get_motion(motion_id: str, catalog: CatalogDep) -> MotionOut:
    """One motion (id like ``35669-36`` or ``35570-XV-54``) with all its mentions by letter date."""
    try:
        return MotionOut.model_validate(catalog.registry.motion(motion_id[:100]))
    except UnknownMotionError as err:
        raise HTTPException(404, str(err)) from None


@router.get("/commitments", response_model=CommitmentsOut, responses={**ERROR_RESPONSES, **CSV_RESPONSES})
def list_commitments(
    catalog: CatalogDep,
    status: CommitmentStatus | None = Query(
        None, description="only commitments with this status (voldaan = afgedaan)"),
    sort: CommitmentSort = Query(
        CommitmentSort.AGE, description="age: open ones first, longest open first; date: latest mention first"),
    format: Format = FORMAT,
) -> CommitmentsOut | Response:
    """Commitments given to the Kamer, each followed across the letters that mention it."""
    out = CommitmentsOut.of(catalog.registry.commitments(status=status, sort=sort))
    if format == "csv":
        rows = export.commitment_rows(out.model_dump(mode="json")["data"])
        return csv_response(rows, export.COMMITMENT_COLUMNS, "commitments")
    return out


@router.get("/commitments/{commitment_id}", response_model=CommitmentOut, responses=ERROR_RESPONSES)
def get_commitment(commitment_id: str, catalog: CatalogDep) -> CommitmentOut:
    """One commitment (by its id, or the id of one of its statements) with its timeline."""
    try:
        return CommitmentOut.model_validate(catalog.registry.commitment(commitment_id[:100]))
    except UnknownCommitmentError as err:
        raise HTTPException(404, str(err)) from None


@router.get("/measures", response_model=MeasuresOut, responses={**ERROR_RESPONSES, **CSV_RESPONSES})
def list_measures(catalog: CatalogDep, format: Format = FORMAT) -> MeasuresOut | Response:
    """Concrete government measures, newest letter first."""
    out = MeasuresOut.of(catalog.registry.measures())
    if format == "csv":
        return csv_response(out.model_dump(mode="json")["data"], export.MEASURE_COLUMNS, "measures")
    return out
