"""The registry's HTTP interface on the ingested corpus: ``GET /motions``, ``/motions/{id}``,
``/commitments``, ``/measures`` (the CLI's: tests/api/cli/test_motions.py and beside it).

They read the catalog that ``indexed_settings`` built with the real ingest
pipeline (which extracts and stores the registry inside each document's
transaction), through the app on its private copy (``client``).
"""
from __future__ import annotations

import pytest

from tests.api.conftest import CORPUS_MOTIONS as MOTIONS

pytestmark = pytest.mark.integration


def test_get_motions(client):
    body = client.get("/motions").json()
    assert body["count"] == len(body["data"]) == len(MOTIONS)
    assert {m["id"] for m in body["data"]} == MOTIONS
    assert client.get("/motions", params={"status": "afgedaan"}).json()["count"] == len(MOTIONS)
    assert client.get("/motions", params={"status": "klaar"}).status_code == 422


def test_get_motion_timeline(client):
    response = client.get("/motions/35669-36")
    body = response.json()
    assert response.status_code == 200
    assert {"id", "dossier", "number", "submitters", "subject", "status", "mentions"} <= set(body)
    assert body["status"] == "afgedaan" and body["submitters"] == ["Van Weyenberg", "Smeulders"]
    sources = [m["source"][:3] for m in body["mentions"]]
    assert list(dict.fromkeys(sources)) == ["001", "004", "002"]
    assert set(body["mentions"][0]) == {"source", "date", "page_start", "chunk_id", "status", "quote"}


def test_get_unknown_motion_is_404(client):
    response = client.get("/motions/25883-394")
    assert response.status_code == 404
    assert "no motion" in response.json()["detail"]


def test_motion_one_click_from_a_passage(client):
    mention = client.get("/motions/35714-17").json()["mentions"][0]
    body = client.get("/motions", params={"chunk_id": mention["chunk_id"]}).json()
    assert "35714-17" in {m["id"] for m in body["data"]}


def test_get_commitments(client):
    body = client.get("/commitments", params={"status": "openstaand", "sort": "age"}).json()
    assert body["count"] == 2
    assert [c["since"] for c in body["data"]] == sorted(c["since"] for c in body["data"])
    assert client.get("/commitments").json()["count"] == 7
    assert client.get("/commitments", params={"status": "voldaan"}).json()["count"] == 5  # = afgedaan
    assert client.get("/commitments", params={"status": "klaar"}).status_code == 422
    assert client.get("/commitments", params={"sort": "oldest"}).status_code == 422


def test_get_one_commitment_with_its_timeline(client):
    every = client.get("/commitments").json()["data"]
    record = max(every, key=lambda c: c["mention_count"])
    assert set(record) >= {"id", "subject", "given_on", "given_at", "who", "status", "deadline", "mentions"}
    one = client.get(f"/commitments/{record['id']}").json()
    assert one == record
    for mention in one["mentions"]:
        assert set(mention) >= {"source", "date", "page_start", "chunk_id", "status", "quote", "reason"}
    assert [m["date"] for m in one["mentions"]] == sorted(m["date"] for m in one["mentions"])
    assert one["status"] == one["mentions"][-1]["status"]
    assert client.get(f"/commitments/{one['mentions'][-1]['id']}").json()["id"] == record["id"]
    missing = client.get("/commitments/c-000000000000")
    assert missing.status_code == 404 and "no commitment" in missing.json()["detail"]


def test_csv_exports(client):
    import csv
    import io

    for path, first in (("/motions", "id,dossier,number"), ("/commitments", "id,subject,status"),
                        ("/measures", "id,source,date")):
        response = client.get(path, params={"format": "csv"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert response.text.startswith(first)
        assert len(rows) == client.get(path).json()["count"]
    motions = list(csv.DictReader(io.StringIO(client.get("/motions", params={"format": "csv"}).text)))
    assert next(r for r in motions if r["id"] == "35669-36")["submitters"] == "Van Weyenberg; Smeulders"
    assert client.get("/motions", params={"format": "xml"}).status_code == 422


def test_get_measures(client):
    body = client.get("/measures").json()
    assert body["count"] == len(body["data"]) >= 16
    for m in body["data"]:
        assert m["quote"] and m["chunk_id"] and m["page_start"] >= 1


def test_search_kind_filter_keeps_registry_passages(client):
    """``/search?kind=motion`` keeps only passages that hold a motion mention."""
    motion_chunks = {m["chunk_id"] for r in client.get("/motions").json()["data"] for m in r["mentions"]}
    body = client.get("/search", params={"q": "motie thuiswerken", "kind": "motion", "mode": "lexical"}).json()
    assert body["results"]
    assert {h["chunk_id"] for h in body["results"]} <= motion_chunks
    measures = client.get("/search", params={"q": "rijkshubs", "kind": "measure", "mode": "lexical"}).json()
    assert any("rijkshubs" in h["text"] for h in measures["results"])
