"""Schemathesis against the app's own OpenAPI spec: no input makes the server answer 5xx.

For every operation, Hypothesis draws up to ``MAX_EXAMPLES`` requests from
schemathesis' strategies — valid ones (positive) and invalid ones (negative) —
and sends them in-process (ASGI) to an app on its own copy of the indexed data
dir. Each answer must be below 500 and match the response schema the spec
documents for its status. Bounded: no per-example deadline, ~30 examples each.

(The operations are listed from the spec at import time and looked up in the
live schema inside the test: schemathesis' lazy ``from_fixture`` loader does
not work with pytest 9.)
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.main import create_app
from tests.api.conftest import copy_data_dir

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MAX_EXAMPLES = 30
OPERATIONS = [(path, method.upper()) for path, item in create_app().openapi()["paths"].items()
              for method in item]


@pytest.fixture(scope="module")
def api_schema(indexed_settings, tmp_path_factory):
    app = create_app(copy_data_dir(indexed_settings, tmp_path_factory.mktemp("fuzz") / "data"))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    from schemathesis.python import asgi

    asgi.shutdown_lifespans()  # release the data dir (searcher, lock) now, not at exit


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_input_gives_a_server_error(api_schema, path, method):
    operation = api_schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call()
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} query={case.query} body={case.body!r} → "
            f"{response.status_code} {response.text[:300]}")
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    check()
