"""`kamerzoek commitments` on the registry the ingest of the corpus built (``indexed_settings``)."""
from __future__ import annotations

import json

import pytest

from tests.api.cli.conftest import run_cli as cli

pytestmark = pytest.mark.integration


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


def test_cli_json_is_the_http_json(indexed_settings, client, capsys):
    """One model per item at both edges: `--json` prints what the API answers (same corpus)."""
    data_dir = str(indexed_settings.data_dir)
    for argv, path, params in ((["commitments", "--status", "voldaan"], "/commitments", {"status": "voldaan"}),
                               (["commitments", "--sort", "date"], "/commitments", {"sort": "date"})):
        code, out, _ = cli(capsys, *argv, "--json", "--data-dir", data_dir)
        assert code == 0
        assert json.loads(out) == client.get(path, params=params).json(), argv
