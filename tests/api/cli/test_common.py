"""The flags and settings every subcommand shares (api/cli/common.py)."""
from __future__ import annotations

import pytest

from api.cli import main
from api.cli.common import UsageError
from index.errors import KamerzoekIndexError


@pytest.mark.unit
def test_a_bad_setting_in_the_environment_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KAMERZOEK_EMBED_BACKEND", "gpu")
    assert main(["search", "thuiswerken", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kamerzoek search: setting embed_backend (KAMERZOEK_EMBED_BACKEND): Input should be")
    assert err.count("\n") == 0 and "'onnx-int8', 'onnx' or 'torch'" in err


@pytest.mark.unit
def test_usage_errors_are_not_index_errors():
    assert not issubclass(UsageError, KamerzoekIndexError)
