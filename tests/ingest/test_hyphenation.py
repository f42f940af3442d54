"""Line-end hyphenation rules."""
from __future__ import annotations

import pytest

from ingest.hyphenation import join_lines

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("left,right,joined", [
    ("het coronadash-", "board van", "het coronadashboard van"),
    ("voor thuis-", "werken.", "voor thuiswerken."),
    ("met werkgevers- ", "en werknemersorganisaties", "met werkgevers- en werknemersorganisaties"),
    ("hbo-", "of wo-opleiding", "hbo- of wo-opleiding"),
    ("de leden Nijkerken-", "De Haan", "de leden Nijkerken-De Haan"),
    ("minder CO2-", "uitstoot", "minder CO2-uitstoot"),
    ("een lagere CO2 -", "uitstoot.", "een lagere CO2-uitstoot."),
    ("het SER-", "advies", "het SER-advies"),
    ("en niet- ", "thuiswerkers", "en niet-thuiswerkers"),
    ("wij (samen-", ")werken", "wij (samen)werken"),
    ("https://nos.nl/artikel/2366749-grote-werkgevers-gaan-na-corona- ", "kantoorruimte-schrappen.html",
     "https://nos.nl/artikel/2366749-grote-werkgevers-gaan-na-corona-kantoorruimte-schrappen.html"),
    ("een niet-", "thuiswerker", "een niet-thuiswerker"),
    ("een ex-", "tra taak", "een extra taak"),
    ("de oud- ", "minister", "de oud-minister"),  # a hard hyphen: the extraction kept its space
    ("gewoon", "verder", "gewoon verder"),
])
def test_join_lines(left, right, joined):
    assert join_lines(left, right) == joined
