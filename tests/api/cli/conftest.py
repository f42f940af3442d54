"""Fixtures of the CLI tests: a private copy of the indexed data dir, and one way to run a command."""
from __future__ import annotations

import pytest

from api.cli import main
from index.config import Settings
from tests.api.conftest import copy_data_dir


@pytest.fixture(scope="session")
def cli_settings(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the indexed data dir: the CLI opens its own Chroma client on it."""
    return copy_data_dir(indexed_settings, tmp_path_factory.mktemp("cli") / "data")


def run_cli(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    """``kamerzoek ARGV`` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
