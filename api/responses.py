"""JSON responses made straight from a response model, serialised once.

FastAPI re-validates what a route returns against its ``response_model`` (for
a plain ``def`` route in a second trip through the thread pool) and then
encodes it. The hot routes (``/search``, ``/ask``) build their model once —
that validates it — and return its JSON through ``ModelResponse``; the
``response_model`` on the route still documents the shape in the OpenAPI spec.
"""
from __future__ import annotations

from fastapi.responses import Response
from pydantic import BaseModel


class ModelResponse(Response):
    """``application/json`` body of a pydantic model (``model_dump_json``, done in pydantic-core)."""

    media_type = "application/json"

    def __init__(self, model: BaseModel, status_code: int = 200) -> None:
        super().__init__(content=model.model_dump_json(), status_code=status_code)
