"""The app's error handling, without an index: one-line 4xx details, logged 500s."""
from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.routes.passages import paragraph_after, paragraph_before
from tests.conftest import make_settings

pytestmark = pytest.mark.unit


@pytest.fixture
def bare_client(tmp_path):
    """The app with its routes but no lifespan run (no index needed for these paths)."""
    app = create_app(make_settings(tmp_path / "data"))

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("secret internals")

    return TestClient(app, raise_server_exceptions=False)


def test_unexpected_error_is_a_logged_500_without_internals(bare_client, caplog):
    with caplog.at_level(logging.ERROR, logger="kamerzoek.api"):
        response = bare_client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error; the server log has the details", "errors": []}
    assert "secret" not in response.text
    assert any("unexpected error on GET /boom" in r.getMessage() for r in caplog.records)


def test_unknown_route_is_a_404_with_detail(bare_client):
    response = bare_client.get("/nope")
    assert response.status_code == 404 and response.json()["detail"] == "Not Found"


def test_index_not_loaded_is_a_503_saying_so(bare_client):
    response = bare_client.get("/health")
    assert response.status_code == 503
    assert response.json()["detail"] == "the index is not loaded (the server is starting or failed to start)"


def test_paragraphs_around_a_span():
    text = "Eerste alinea.\n\nTweede alinea,\nover twee regels.\n\nDerde.\n\nVierde alinea."
    start = text.index("Derde")
    assert paragraph_before(text, start) == "Tweede alinea,\nover twee regels."
    assert paragraph_after(text, start + len("Derde.")) == "Vierde alinea."
    assert paragraph_before(text, 0) == ""
    assert paragraph_after(text, len(text)) == ""
    middle = text.index("over twee")
    assert paragraph_before(text, middle) == "Tweede alinea,"
