"""Questions about what became of a motion or a commitment, answered from the registry timeline.

"Wat is er gedaan met de motie Van Weyenberg en Smeulders?", "Is de toezegging
over de SER-adviesaanvraag nagekomen?": the answer is the item's status, the
letter and date that settled it (or last reported on it), quoted and cited, and
where it was first given or named. Questions that only mention a motion
("Hoeveel geld is vrijgemaakt naar aanleiding van de motie …?") are left to
the extractive answerer: they ask for a fact, not a status.

The answerer calls ``answer_from_registry`` first (one hook) and falls back to
its own sentences when this returns None.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.catalog import Catalog
from index.registry import CommitmentMention, MentionRecord
from ingest.dutch import content_words, fold, stem as stem_all
from ingest.extract.models import MotionStatus
from ingest.references import parse_reference_query, parse_references

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
# A question about the status or fate of an item, not a fact in it.
STATUS_CUE = re.compile(
    r"\b(?:wat\s+is\s+er\s+(?:gedaan|gebeurd|geworden)\s+(?:met|van)|hoe\s+staat\s+het\s+met"
    r"|wat\s+is\s+de\s+(?:status|stand\s+van\s+zaken)|status\s+van|stand\s+van\s+zaken"
    r"|nagekomen|uitgevoerd|afgedaan|voldaan|opgevolgd|ingevuld|invulling|gestand|afgehandeld)\b",
    re.IGNORECASE)
_MOTION = re.compile(r"\bmoties?\b", re.IGNORECASE)
_COMMITMENT = re.compile(r"\btoezegging(?:en)?\b|\btoegezegd", re.IGNORECASE)
_COMPACT_ID = re.compile(r"\b(?:kst-)?\d{2}\s?\d{3}(?:[-\s][IVXLC]+)?[-\s]\d{1,5}\b")
# Words of the question that say nothing about which commitment is meant.
_FORMULA = frozenset("""toezegging toezeggingen toegezegd toegezegde nagekomen uitgevoerd afgedaan voldaan
opgevolgd ingevuld invulling gedaan gebeurd geworden status stand zaken kamer minister kabinet motie moties""".split())
STATUS_WORDS = {"afgedaan": "afgedaan", "deels_afgedaan": "deels afgedaan", "openstaand": "nog open",
                "in_uitvoering": "in uitvoering", "betrokken": "betrokken bij beleid", "genoemd": "alleen genoemd"}


@dataclass(frozen=True)
class RegistryCitation:
    chunk_id: str
    quote: str


@dataclass(frozen=True)
class RegistryAnswer:
    """The answer text with ``[n]`` markers and what citation n quotes."""

    text: str
    citations: tuple[RegistryCitation, ...]
    item_ids: tuple[str, ...]  # the motions or commitments it is about


def is_status_question(question: str) -> bool:
    return bool(STATUS_CUE.search(question)) and bool(_MOTION.search(question) or _COMMITMENT.search(question))


def _long_date(iso: str) -> str:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", iso or "")
    return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}" if m else (iso or "datum onbekend")


def _tokens(text: str) -> set[str]:
    return {fold(t) for t in re.split(r"[\s/,&?.!()«»\"']+", text) if t}


def _stems(text: str) -> set[str]:
    words = [w for part in content_words(text) for w in part.split("-") if w]
    return {s for s in stem_all([w for w in words if w.lower() not in _FORMULA and not w.isdigit()])}


def _titles(catalog: Catalog) -> dict[str, str]:
    """Document titles by source, to name the letters cited."""
    return {source: title for source, (title, _) in catalog.titles().items()}


def motions_named(question: str, catalog: Catalog) -> list[str]:
    """Motion ids the question names: by Kamerstuk reference, else by all of its submitters
    (narrowed to those whose subject the question shares words with, when some do)."""
    refs = list(parse_references(question))
    refs += [r for r in (parse_reference_query(m.group(0)) for m in _COMPACT_ID.finditer(question)) if r]
    known = catalog.registry.motion_ids()
    by_ref = [r.id for r in refs if r.id in known]
    if by_ref:
        return list(dict.fromkeys(by_ref))
    words = _tokens(question)
    records = catalog.registry.motions()
    found = []
    for record in records:
        surnames = [_tokens(name) for name in record.submitters]
        if surnames and all(s and s <= words for s in surnames):
            found.append(record)
    asked = _stems(question)
    if not found:  # no names: the motion whose subject shares the most words with the question
        scored = [(len(_stems(r.subject) & asked), r) for r in records]
        top = max((n for n, _ in scored), default=0)
        return [r.id for n, r in scored if n == top and n > 0][:1]
    on_subject = [r for r in found if _stems(r.subject) & asked]
    return [r.id for r in (on_subject or found)]


def commitment_asked(question: str, catalog: Catalog) -> str | None:
    """The commitment whose subject and statements share the most words with the question
    (relative to their length); None when none shares a word."""
    asked = _stems(question)
    if not asked:
        return None
    best, best_score = None, 0.0
    for record in catalog.registry.commitments():
        subject = _stems(record.subject)
        words = subject | {s for m in record.mentions for s in _stems(m.text)}
        shared = asked & words
        if not shared:
            continue
        score = len(shared) + len(shared) / len(subject or words)
        if score > best_score:
            best, best_score = record.id, score
    return best


_TELLING = re.compile(r"\b(?:afgedaan|voldaan|invulling|plaatsgevonden|uitgevoerd|uitvoering|nagekomen|gerealiseerd"
                      r"|betrek|vrijgemaakt)\w*", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z«“])")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split()).rstrip("…")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def telling_sentence(quote: str, width: int = 320) -> str:
    """The sentence of a mention's quote that says what became of the item (the last one naming
    a status: "… als afgedaan", "geef ik invulling aan"), else its first sentence."""
    sentences = [x for x in _SENTENCE.split(" ".join(quote.split())) if x]
    telling = [x for x in sentences if _TELLING.search(x)]
    return _clip((telling or sentences or [quote])[-1 if telling else 0], width)


Mention = MentionRecord | CommitmentMention
Cite = Callable[[Mention], str]


def _settling(mentions: Sequence[Mention]) -> Mention:
    """The mention that says most in the latest letter: the strongest status there."""
    last = max(m.date for m in mentions)
    return max((m for m in mentions if m.date == last), key=lambda m: m.status.rank)


def _motion_part(catalog: Catalog, motion_id: str, titles: dict[str, str], cite: Cite) -> str:
    record = catalog.registry.motion(motion_id)
    telling = [m for m in record.mentions if m.status is not MotionStatus.GENOEMD] or record.mentions
    last = _settling(telling)
    dossier = record.dossier.replace("-", " ")
    head = (f"De motie {dossier[:2]} {dossier[2:]}, nr. {record.number}"
            f" ({', '.join(record.submitters)}{' c.s.' if record.cosigned else ''})"
            + (f" over “{_clip(record.subject, 120)}”" if record.subject else ""))
    text = (f"{head} is {STATUS_WORDS.get(record.status.value, record.status.value)} volgens "
            f"“{titles.get(last.source, last.source)}” van {_long_date(last.date)}: {telling_sentence(last.quote)}"
            f" {cite(last)}")
    first = record.mentions[0]
    if first.chunk_id != last.chunk_id:
        text += f" Eerst genoemd in “{titles.get(first.source, first.source)}” van {_long_date(first.date)} {cite(first)}."
    return text


def _commitment_part(catalog: Catalog, commitment_id: str, titles: dict[str, str], cite: Cite) -> str:
    record = catalog.registry.commitment(commitment_id)
    last = _settling(record.mentions)
    given = f", gegeven in {record.given_at}" if record.given_at and record.given_at != "deze brief" else ""
    given += f" ({_long_date(record.given_on)})" if record.given_on else ""
    what = f"over {record.subject}" if record.subject[:1].islower() else f"“{_clip(record.subject, 120)}”"
    text = (f"De toezegging {what}{given} is {STATUS_WORDS.get(record.status.value, record.status.value)}"
            f" volgens “{titles.get(last.source, last.source)}” van {_long_date(last.date)}:"
            f" {telling_sentence(last.quote)} {cite(last)}")
    first = record.mentions[0]
    if first.chunk_id != last.chunk_id:
        text += (f" Eerder genoemd in “{titles.get(first.source, first.source)}” van {_long_date(first.date)}"
                 f" {cite(first)}.")
    return text


def answer_from_registry(question: str, catalog: Catalog) -> RegistryAnswer | None:
    """The registry's answer to a question about a motion's or commitment's status, or None."""
    if not is_status_question(question):
        return None
    citations: list[RegistryCitation] = []

    def cite(mention: Mention) -> str:
        item = RegistryCitation(mention.chunk_id, telling_sentence(mention.quote))
        if item not in citations:
            citations.append(item)
        return f"[{citations.index(item) + 1}]"

    parts: list[str] = []
    ids: list[str] = []
    motion_ids = motions_named(question, catalog) if _MOTION.search(question) else []
    if motion_ids:
        if len(motion_ids) > 1:
            parts.append(f"Er zijn {len(motion_ids)} moties die hierbij passen.")
        titles = _titles(catalog)  # only once an item is found: most questions name none
        parts += [_motion_part(catalog, m, titles, cite) for m in motion_ids[:3]]
        ids += motion_ids[:3]
    elif _COMMITMENT.search(question):
        found = commitment_asked(question, catalog)
        if found is not None:
            parts.append(_commitment_part(catalog, found, _titles(catalog), cite))
            ids.append(found)
    if not parts:
        return None
    return RegistryAnswer(" ".join(parts), tuple(citations), tuple(ids))


def locate(text: str, quote: str) -> tuple[int, int]:
    """The span of ``quote`` in ``text`` where only whitespace differs (line breaks of the
    letter); (0, 0) when it is not there."""
    words = quote.rstrip("…").split()
    if not words:
        return 0, 0
    m = re.search(r"\s+".join(map(re.escape, words)), text)
    return (m.start(), m.end()) if m else (0, 0)
