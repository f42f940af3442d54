"""`kamerzoek serve` refusing what it cannot serve, in one line."""
from __future__ import annotations

import pytest

from api.cli import main
from index.lock import DataDirLock
from tests.conftest import make_settings


@pytest.mark.unit
def test_serve_refuses_an_empty_data_dir(tmp_path, capsys):
    assert main(["serve", "--data-dir", str(tmp_path / "nothing"), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "no index in" in err and "run `kamerzoek ingest` first" in err


@pytest.mark.integration
def test_serve_refuses_a_data_dir_in_use(cli_settings, capsys):
    with DataDirLock(make_settings(cli_settings.data_dir), holder="kamerzoek ingest"):
        assert main(["serve", "--data-dir", str(cli_settings.data_dir), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kamerzoek serve: data dir") and "kamerzoek ingest" in err


@pytest.mark.unit
@pytest.mark.parametrize("flag", ["--workers", "--threads"])
@pytest.mark.parametrize("value", ["0", "-2", "twee"])
def test_serve_refuses_fewer_than_one_worker_or_thread(tmp_path, capsys, flag, value):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--data-dir", str(tmp_path), flag, value])
    err = capsys.readouterr().err.strip().splitlines()
    assert exit_.value.code == 2
    assert err[-1] == f"kamerzoek serve: error: argument {flag}: must be a whole number of at least 1, got {value!r}"
