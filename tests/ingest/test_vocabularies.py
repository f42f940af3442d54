"""The registry's vocabularies (``ingest.extract.models``): members, the one alias, ranks, and
the same words at every edge (argparse choices, pydantic, SQL values)."""
from __future__ import annotations

import argparse
import sqlite3

import pytest
from pydantic import BaseModel, ValidationError

from index.registry import CommitmentSort
from index.models import PassageKind
from ingest.extract.models import Citation, Commitment, CommitmentKind, CommitmentStatus, MotionMention, MotionStatus

pytestmark = pytest.mark.unit

CITATION = Citation("a.txt", "2021-02-24", 1, "a.txt#0", "…")


def test_voldaan_is_afgedaan_wherever_a_status_is_read():
    assert CommitmentStatus("voldaan") is CommitmentStatus.AFGEDAAN
    assert CommitmentStatus.from_str(" Voldaan ") is CommitmentStatus.AFGEDAAN
    assert "voldaan" in CommitmentStatus.choices()
    assert "voldaan" not in [m.value for m in CommitmentStatus]  # an alias, never a stored value

    class Filter(BaseModel):
        status: CommitmentStatus

    assert Filter(status="voldaan").status is CommitmentStatus.AFGEDAAN
    with pytest.raises(ValidationError):
        Filter(status="klaar")


def test_ranks_follow_the_strength_of_the_status():
    assert [s.rank for s in MotionStatus] == [4, 3, 2, 1, 0]
    assert max(MotionStatus, key=lambda s: s.rank) is MotionStatus.AFGEDAAN
    assert CommitmentStatus.DEELS_AFGEDAAN.rank > CommitmentStatus.OPENSTAAND.rank


def test_unknown_word_is_named_with_the_accepted_ones():
    with pytest.raises(ValueError, match="unknown motion status 'klaar'; accepted: afgedaan, in_uitvoering, betrokken, ingediend, genoemd"):
        MotionStatus.from_str("klaar")
    with pytest.raises(ValueError, match="unknown sort 'size'; accepted: age, date"):
        CommitmentSort.from_str("size")


def test_items_carry_members_not_loose_strings():
    mention = MotionMention("35669-36", "35669", "36", (), False, "", "afgedaan", CITATION)
    assert mention.status is MotionStatus.AFGEDAAN
    commitment = Commitment("c-1", "…", "given", "voldaan", "", "", "", "", CITATION)
    assert (commitment.kind, commitment.status) == (CommitmentKind.GIVEN, CommitmentStatus.AFGEDAAN)
    with pytest.raises(ValueError):
        MotionMention("35669-36", "35669", "36", (), False, "", "klaar", CITATION)


def test_same_words_in_argparse_text_and_sql():
    parser = argparse.ArgumentParser()
    parser.add_argument("--status", choices=CommitmentStatus.choices())
    parser.add_argument("--kind", choices=PassageKind.choices())
    args = parser.parse_args(["--status", "voldaan", "--kind", "measure"])
    assert CommitmentStatus(args.status) is CommitmentStatus.AFGEDAAN and PassageKind(args.kind) is PassageKind.MEASURE
    assert f"{MotionStatus.IN_UITVOERING:<14}|" == "in_uitvoering |"  # formats as its word
    conn = sqlite3.connect(":memory:")
    assert conn.execute("SELECT ?", (MotionStatus.BETROKKEN,)).fetchone() == ("betrokken",)
