"""`kamerzoek measures` on the registry the ingest of the corpus built (``indexed_settings``)."""
from __future__ import annotations

import json

import pytest

from tests.api.cli.conftest import run_cli as cli

pytestmark = pytest.mark.integration


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


def test_cli_json_is_the_http_json(indexed_settings, client, capsys):
    """One model per item at both edges: `--json` prints what the API answers (same corpus)."""
    data_dir = str(indexed_settings.data_dir)
    for argv, path, params in ((["measures"], "/measures", {}),):
        code, out, _ = cli(capsys, *argv, "--json", "--data-dir", data_dir)
        assert code == 0
        assert json.loads(out) == client.get(path, params=params).json(), argv
