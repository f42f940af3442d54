"""`kamerzoek motions` on the registry the ingest of the corpus built (``indexed_settings``)."""
from __future__ import annotations

import json

import pytest

from tests.api.cli.conftest import run_cli as cli
from tests.api.conftest import CORPUS_MOTIONS as MOTIONS

pytestmark = pytest.mark.integration


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


def test_cli_json_is_the_http_json(indexed_settings, client, capsys):
    """One model per item at both edges: `--json` prints what the API answers (same corpus)."""
    data_dir = str(indexed_settings.data_dir)
    for argv, path, params in ((["motions"], "/motions", {}), (["motions", "35669-36"], "/motions/35669-36", {})):
        code, out, _ = cli(capsys, *argv, "--json", "--data-dir", data_dir)
        assert code == 0
        assert json.loads(out) == client.get(path, params=params).json(), argv
