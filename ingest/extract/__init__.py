"""Extraction of motions, commitments and measures from passages and their footnotes.

Contract used by the index pipeline: ``extract(document, passages) -> Extraction``.
The rules work on the document's cleaned body sentence by sentence (footnote
markers give the Kamerstuk references) and cite each item with the passage
that holds it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from ingest.extract.commitments import extract_commitments
from ingest.extract.measures import extract_measures
from ingest.extract.models import (
    Citation,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Extraction,
    Measure,
    MotionMention,
    MotionStatus,
)
from ingest.extract.motions import extract_motions
from ingest.extract.text import Citer, Sentence, sentences
from ingest.models import Document, Passage

log = logging.getLogger(__name__)

__all__ = ["extract", "Extraction", "MotionMention", "Commitment", "Measure", "Citation",
           "MotionStatus", "CommitmentStatus", "CommitmentKind"]


def extract(document: Document, passages: list[Passage]) -> Extraction:
    """Extract motion mentions, commitments and measures from a document's body.

    A failing extractor is logged and yields nothing for its kind: the document
    is still ingested and searchable (the registry only misses its items).
    """
    sents = sentences(document)
    citer = Citer(document, passages)
    return Extraction(
        motion_mentions=_run("motions", extract_motions, document, sents, citer),
        commitments=_run("commitments", extract_commitments, document, sents, citer),
        measures=_run("measures", extract_measures, document, sents, citer),
    )


def _run(kind: str, extractor: Callable[[Document, list[Sentence], Citer], list], document: Document,
         sents: list[Sentence], citer: Citer) -> tuple:
    try:
        return tuple(extractor(document, sents, citer))
    except Exception:  # a rule bug must not keep the letter out of the index
        log.warning("%s: extracting %s failed; the registry lists none for it", document.source, kind,
                    exc_info=True)
        return ()
