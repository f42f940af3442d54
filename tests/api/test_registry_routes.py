"""The registry's interfaces on the ingested corpus: `kamerzoek motions|commitments|measures`
and ``GET /motions``, ``/motions/{id}``, ``/commitments``, ``/measures``.

Both read the catalog that ``indexed_settings`` built with the real ingest
pipeline (which extracts and stores the registry inside each document's
transaction); the HTTP tests use the app on its private copy (``client``).
"""
from __future__ import annotations

import json

import pytest

from api.cli import main

pytestmark = pytest.mark.integration

MOTIONS = {"35420-135", "25295-926", "35669-36", "35570-XV-54", "35570-XV-35", "35714-17"}


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- CLI


def test_cli_motions_table(indexed_settings, capsys):
    code, out, _ = cli(capsys, "motions", "--data-dir", str(indexed_settings.data_dir))
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split()[:4] == ["ID", "STATUS", "LAST", "LETTER"]
    assert {line.split()[0] for line in lines[1:]} == MOTIONS
    assert all(line.split()[1] == "afgedaan" for line in lines[1:])


def test_cli_motions_json_and_status_filter(indexed_settings, capsys):
    data_dir = str(indexed_settings.data_dir)
    code, out, _ = cli(capsys, "motions", "--json", "--data-dir", data_dir)
    body = json.loads(out)
    assert code == 0 and body["count"] == len(body["data"]) == len(MOTIONS)
    assert {m["id"] for m in body["data"]} == MOTIONS
    code, out, _ = cli(capsys, "motions", "--status", "betrokken", "--json", "--data-dir", data_dir)
    assert json.loads(out) == {"data": [], "count": 0}


def test_cli_motion_timeline(indexed_settings, capsys):
    code, out, _ = cli(capsys, "motions", "35669-36", "--json", "--data-dir", str(indexed_settings.data_dir))
    body = json.loads(out)
    assert code == 0 and body["id"] == "35669-36" and body["status"] == "afgedaan"
    assert [m["date"] for m in body["mentions"]] == sorted(m["date"] for m in body["mentions"])
    assert {m["source"][:3] for m in body["mentions"]} == {"001", "002", "004"}
    code, out, _ = cli(capsys, "motions", "35669-36", "--data-dir", str(indexed_settings.data_dir))
    assert out.startswith("Motie 35669-36 (Van Weyenberg, Smeulders)")
    assert "2024-03-28  afgedaan" in out


def test_cli_unknown_motion_is_one_line_exit_2(indexed_settings, capsys):
    code, out, err = cli(capsys, "motions", "99999-1", "--data-dir", str(indexed_settings.data_dir))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == ["kamerzoek motions: no motion '99999-1' in the registry "
                                        "(see `kamerzoek motions`)"]


def test_cli_commitments_open_by_age(indexed_settings, capsys):
    code, out, _ = cli(capsys, "commitments", "--status", "openstaand", "--sort", "age", "--json",
                       "--data-dir", str(indexed_settings.data_dir))
    body = json.loads(out)
    assert code == 0 and body["count"] == 2
    assert [c["since"] for c in body["data"]] == sorted(c["since"] for c in body["data"])
    assert {"id", "subject", "given_on", "given_at", "who", "status", "deadline", "mentions"} <= set(body["data"][0])
    assert {"source", "date", "page_start", "chunk_id", "status", "quote"} <= set(body["data"][0]["mentions"][0])
    code, out, _ = cli(capsys, "commitments", "--data-dir", str(indexed_settings.data_dir))
    assert out.splitlines()[0].split() == ["ID", "STATUS", "SINCE", "DEADLINE", "MENTIONS", "LAST", "LETTER",
                                           "COMMITMENT"]
    assert len(out.splitlines()) == 1 + 7


def test_cli_one_commitment_timeline_and_csv(indexed_settings, capsys):
    data_dir = str(indexed_settings.data_dir)
    _, out, _ = cli(capsys, "commitments", "--json", "--data-dir", data_dir)
    record = max(json.loads(out)["data"], key=lambda c: c["mention_count"])
    code, out, _ = cli(capsys, "commitments", record["id"], "--data-dir", data_dir)
    assert code == 0 and out.startswith(f"Toezegging {record['id']}: ")
    assert out.count("(same origin: letter of 2020-11-16)") == record["mention_count"] - 1
    code, out, _ = cli(capsys, "commitments", record["id"], "--json", "--data-dir", data_dir)
    assert json.loads(out) == record
    code, out, _ = cli(capsys, "commitments", record["id"], "--csv", "--data-dir", data_dir)
    assert out.splitlines()[0] == "date,status,source,page_start,chunk_id,reason,quote"
    assert len(out.splitlines()) == 1 + record["mention_count"]
    code, out, _ = cli(capsys, "motions", "35669-36", "--csv", "--data-dir", data_dir)
    assert out.startswith("date,status,source") and out.count("\n") == 1 + 9
    code, out, _ = cli(capsys, "commitments", "--csv", "--data-dir", data_dir)
    lines = out.splitlines()
    assert lines[0].startswith("id,subject,status,given_on") and len(lines) == 1 + 7
    code, out, err = cli(capsys, "commitments", "c-000000000000", "--data-dir", data_dir)
    assert code == 2 and "no commitment 'c-000000000000'" in err


def test_cli_measures(indexed_settings, capsys):
    code, out, _ = cli(capsys, "measures", "--json", "--data-dir", str(indexed_settings.data_dir))
    body = json.loads(out)
    assert code == 0 and body["count"] == len(body["data"]) >= 16
    assert "zeven rijkshubs" in {m["amount"] for m in body["data"]}
    code, out, _ = cli(capsys, "measures", "--data-dir", str(indexed_settings.data_dir))
    assert "zeven rijkshubs" in out


def test_cli_without_an_index_is_one_line(tmp_path, capsys):
    code, out, err = cli(capsys, "measures", "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "kamerzoek ingest" in err


# --------------------------------------------------------------------------- HTTP


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


def test_cli_json_is_the_http_json(indexed_settings, client, capsys):
    """One model per item at both edges: `--json` prints what the API answers (same corpus)."""
    data_dir = str(indexed_settings.data_dir)
    for argv, path, params in ((["motions"], "/motions", {}), (["motions", "35669-36"], "/motions/35669-36", {}),
                               (["commitments", "--status", "voldaan"], "/commitments", {"status": "voldaan"}),
                               (["commitments", "--sort", "date"], "/commitments", {"sort": "date"}),
                               (["measures"], "/measures", {})):
        code, out, _ = cli(capsys, *argv, "--json", "--data-dir", data_dir)
        assert code == 0
        assert json.loads(out) == client.get(path, params=params).json(), argv
