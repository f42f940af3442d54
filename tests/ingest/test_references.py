"""Parsing Kamerstuk references in footnote text."""
from __future__ import annotations

import pytest

from ingest.models import KamerstukRef
from ingest.references import compact_dossier, normalise_motion_id, parse_references

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text,expected", [
    ("Kamerstuk 35 669, nr. 36", KamerstukRef("35 669", "36")),
    ("Kamerstuk 35 570 XV, nr. 54", KamerstukRef("35 570", "54", sub="XV")),
    ("Kamerstukken 25 295 en 25 883, nr. 1025", KamerstukRef("25 295", "1025", also=("25 883",))),
    ("Kamerstuk 25 883 nr. 394", KamerstukRef("25 883", "394")),
    ("Kamerstuk II 2021–2022, 35 669, nr. 36", KamerstukRef("35 669", "36")),
    ("Kamerstukken II, 2020/21, 29 544, nr. 1041", KamerstukRef("29 544", "1041")),
    ("Tweede Kamer, vergaderjaar 2020–2021, 25 883 nr. 394", KamerstukRef("25 883", "394")),
    ("Kamerstuk 25 295, nr.988", KamerstukRef("25 295", "988")),
    ("Kamerstuk II, 2022–2023, 26 834 en 25 883, nr. 57", KamerstukRef("26 834", "57", also=("25 883",))),
    ("Kamerstuk II 2022–2023 25 883, nr. 454.", KamerstukRef("25 883", "454")),
])
def test_reference_forms(text, expected):
    assert parse_references(text) == (expected,)


def test_ids():
    assert KamerstukRef("35 570", "54", sub="XV").id == "35570-XV-54"
    assert parse_references("Kamerstukken 25 295 en 25 883, nr. 1025")[0].id == "25295-1025"


def test_years_are_not_dossiers_and_several_references_are_found():
    text = ("Zie o.a. de brieven van 21 december 2021 (Kamerstuk II 2021–2022, 25 295, nr. 1705), en "
            "21 maart 2022 (Kamerstuk II 2021–2022, 25 883, nr. 425).")
    assert [r.id for r in parse_references(text)] == ["25295-1705", "25883-425"]


@pytest.mark.parametrize("text", [
    "TNO, Nationale Enquête Arbeidsomstandigheden 2022, (april 2023).",
    "Handelingen II 2020/21, nr. 27",
    "Kenmerk 2020-0000154934",
])
def test_no_reference(text):
    assert parse_references(text) == ()


def test_motion_ids_normalised_in_one_place():
    for written in ("35669-36", "35 669, nr. 36", "Kamerstuk 35 669, nr. 36", "motie 35669-36"):
        assert normalise_motion_id(written) == "35669-36"
    assert normalise_motion_id("35570 xv 54") == "35570-XV-54"
    assert normalise_motion_id("Kamerstuk 35 570 XV, nr. 54") == "35570-XV-54"


def test_compact_dossier_is_the_form_of_ids_and_filters():
    assert compact_dossier(" 25 883 ") == "25883"
    ref = KamerstukRef(dossier="25 295", number="1025", also=("25 883",))
    assert ref.dossiers() == ("25295", "25883") and ref.id == "25295-1025"
