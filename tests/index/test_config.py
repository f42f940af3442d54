"""Settings: the serving defaults follow the machine's cores."""
from __future__ import annotations

import pytest

from index.config import Settings, available_cores

pytestmark = pytest.mark.unit


def test_serving_defaults_follow_the_cores():
    settings = Settings()
    assert settings.serve_threads == available_cores() + 1
    assert settings.serve_workers == min(available_cores(), 2)
    assert settings.query_threads == 1
