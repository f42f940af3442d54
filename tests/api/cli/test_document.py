"""`kamerzoek document`: its JSON is the API's ``DocumentOut`` (``GET /documents/{source}``)."""
from __future__ import annotations

import json

import pytest

from tests.api.cli.conftest import run_cli

DOCUMENTS = ["000_f9fde6f7b868fb2e.txt", "002_017fb9ede22c3067.txt"]  # letters with footnotes


@pytest.mark.integration
@pytest.mark.parametrize("source", DOCUMENTS)
def test_document_json_is_exactly_the_http_document(client, cli_settings, capsys, source):
    code, out, _ = run_cli(capsys, "document", source, "--json", "--data-dir", str(cli_settings.data_dir))
    http = client.get(f"/documents/{source}")
    assert code == 0 and http.status_code == 200
    cli_json = json.loads(out)
    assert cli_json["footnotes"] and cli_json["passages"]
    assert cli_json == http.json()
