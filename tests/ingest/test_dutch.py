"""The Dutch text module: folding, stop words, stems, compounds, months and sentence spans."""
from __future__ import annotations

import re
import threading

import pytest

from ingest.dutch import (MONTHS, char_ngrams, content_words, fold, fold_text, sentence_spans,
                          split_compound, stem, word_spans)
from tests.conftest import CORPUS

pytestmark = pytest.mark.unit


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_fold_drops_case_and_accents():
    assert fold("Geïnformeerd") == "geinformeerd"
    assert fold("Één") == "een"


def test_fold_text_keeps_offsets():
    text = "De Kröger-motie is geïnformeerd (ß, ﬁ, m²)."
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded.startswith("de kroger-motie is geinformeerd")
    for start, end, word in word_spans(text):
        assert fold(text[start:end]) in (word, fold(word))


def test_content_words_drop_stop_words_and_fold():
    assert content_words("De minister heeft het Geïnformeerd") == ["minister", "geinformeerd"]
    assert "de" not in content_words("de de de")


def test_stems_are_dutch_snowball():
    assert stem(["rijkshubs", "geopend", "thuiswerkers"]) == ["rijkshub", "geop", "thuiswerker"]
    assert stem([]) == []


def test_one_stemmer_serves_many_threads():
    words = [w for w in re.findall(r"\w+", (CORPUS / "002_017fb9ede22c3067.txt").read_text().lower())][:2000]
    expected = stem(words)
    results: list[list[str]] = []

    def work() -> None:
        for _ in range(5):
            results.append(stem(words))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 20 and all(r == expected for r in results)


def test_compound_split_into_vocabulary_words_with_linking_s():
    vocabulary = {"thuiswerk", "kosten", "vergoeding", "arbeid", "omstandigheden"}
    assert split_compound("thuiswerkkostenvergoeding", vocabulary) == ["thuiswerk", "kosten", "vergoeding"]
    assert split_compound("arbeidsomstandigheden", vocabulary) == ["arbeid", "omstandigheden"]
    assert split_compound("kosten", vocabulary) == []


def test_char_ngrams_mark_the_edges():
    assert char_ngrams("werk") == ["#wer", "werk", "erk#"]


def test_months_are_numbered():
    assert MONTHS["januari"] == 1 and MONTHS["december"] == 12 and len(MONTHS) == 12


def test_sentences_keep_abbreviations_initials_and_amounts_whole():
    text = ("De motie van het lid Kröger (Kamerstuk 35 669, nr. 36) is o.a. door M.I. Hamer besproken. "
            "Het bedrag is € 2,15 per dag, d.w.z. ca. 50 euro per maand. Klaar?")
    assert split(text) == [
        "De motie van het lid Kröger (Kamerstuk 35 669, nr. 36) is o.a. door M.I. Hamer besproken.",
        "Het bedrag is € 2,15 per dag, d.w.z. ca. 50 euro per maand.",
        "Klaar?",
    ]


def test_sentence_ends_after_apostrophe_plurals_and_final_abbreviations():
    text = ("Werkenden missen hun collega's. Met name jongeren. De brief van 16 november jl. "
            "Het doel is helder, etc. De motie Marijnissen c.s. d.d. 26 januari jl. vraagt dat.")
    assert split(text) == [
        "Werkenden missen hun collega's.", "Met name jongeren.", "De brief van 16 november jl.",
        "Het doel is helder, etc.", "De motie Marijnissen c.s. d.d. 26 januari jl. vraagt dat."]


def test_closing_quote_belongs_to_its_sentence_and_lower_case_continues():
    text = "Het platform «Zo Werkt Het!» verspreidt kennis. Zij zei: \"Het werkt.\" Daarna niets."
    assert split(text) == ["Het platform «Zo Werkt Het!» verspreidt kennis.", "Zij zei: \"Het werkt.\"",
                           "Daarna niets."]


def test_numbered_items_blank_lines_and_bullets_end_sentences():
    text = "Vragen aan de SER\n\n1. Welke ontwikkelingen ziet u?\n2. Hoe verder?\n- in Zwolle\n- in Eindhoven"
    assert split(text) == ["Vragen aan de SER", "1. Welke ontwikkelingen ziet u?", "2. Hoe verder?",
                           "- in Zwolle", "- in Eindhoven"]


def test_spans_are_offsets_into_the_text():
    text = (CORPUS / "001_0fad4857e130a749.txt").read_text(encoding="utf-8")
    spans = sentence_spans(text)
    assert len(spans) > 50
    assert all(0 <= s < e <= len(text) and not text[s].isspace() and not text[e - 1].isspace()
               for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
