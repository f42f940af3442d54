"""Answer candidates of a passage: sentences without page chrome, form lines, title lines."""
from __future__ import annotations

import pytest

from index.candidates import chrome_spans, passage_candidates

pytestmark = pytest.mark.unit


def candidates(text: str) -> list[tuple[str, bool]]:
    return [(text[c.start:c.end], c.field) for c in passage_candidates(text)[1]]


def test_running_footer_and_page_number_are_cut_out_of_a_sentence():
    text = ("De regeling kent drie belangrijkste onderdelen die hieronder worden besproken en die\n"
            "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3\n"
            "7\n"
            "samen de werkkostenregeling vormen zoals die per 2024 geldt.")
    assert [t for t, _ in chrome_spans_text(text)] == ["Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3", "7"]
    assert all("vergaderjaar" not in t and t.strip() != "7" for t, _ in candidates(text))
    assert any(t.startswith("De regeling kent drie") for t, _ in candidates(text))


def chrome_spans_text(text: str) -> list[tuple[str, int]]:
    return [(text[a:b], a) for a, b in chrome_spans(text)]


def test_form_lines_are_candidates_each_with_its_value():
    text = "Datum ontvangst Commissiedocument 25 november 2021\nKenmerk 2021-0000123456\nBetreft Reactie op de motie"
    assert ("Datum ontvangst Commissiedocument 25 november 2021", True) in candidates(text)


def test_title_lines_are_candidates_headings_and_questions_are_not():
    text = ("MOTIE VAN HET LID CHAKOR\n\nVoorgesteld 5 december 2024\n\nStand van zaken\n\n"
            "Hoeveel kost het programma volgens u?\n\nHet programma kost € 5 miljoen per jaar en loopt tot 2026.")
    found = candidates(text)
    assert ("MOTIE VAN HET LID CHAKOR", True) in found and ("Voorgesteld 5 december 2024", True) in found
    assert ("Het programma kost € 5 miljoen per jaar en loopt tot 2026.", False) in found
    assert all(t not in {"Stand van zaken", "Hoeveel kost het programma volgens u?"} for t, _ in found)


def test_a_document_question_that_lists_things_is_kept_for_list_questions():
    text = ("Welke gevolgen heeft een nieuwe balans voor specifieke groepen waaronder in ieder geval: ouderen, "
            "zzp'ers, uitzendkrachten en flexwerkers?")
    [candidate] = passage_candidates(text)[1]
    assert candidate.asked
