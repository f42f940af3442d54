"""Motion mentions: "de motie van het lid Brenk", "motie-Kröger", "motie Marijnissen c.s.".

A mention's identity is the Kamerstuk reference attached to it: the footnote
whose marker follows the motion phrase, or an inline "(Kamerstuk 25 295, nr. 988)".
A phrase without a reference ("Hiermee geef ik invulling aan de motie van het lid
Marijnissen c.s.") takes the id of the nearest referenced mention with the same
submitters in the same letter. "deze motie" / "de benoemde moties" carry a status
to the motion(s) mentioned just before.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.extract.models import MotionMention, MotionStatus
from ingest.extract.text import Citer, Sentence, normalise
from ingest.models import Document, KamerstukRef
from ingest.references import parse_references

# A name particle, lower or capitalised ("van", "De").
_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en)\s+"
# One surname: optional particles, a capitalised word of letters, optionally joined by a
# (spaced) hyphen or dash to a second part ("Nijkerken-De Haan", "Van Nijkerken – De Haan").
_SURNAME = (rf"(?:{_PARTICLE})*[A-ZÀ-ÖØ-Þ][^\W\d_]+"
            rf"(?:\s*[-–]\s*(?:{_PARTICLE})*[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:\s+[A-ZÀ-ÖØ-Þ][^\W\d_]+)?)*")
# A member: surname plus an optional party in brackets ("Van Weyenberg (D66)").
_MEMBER = rf"{_SURNAME}(?:\s*\([^()]{{1,25}}\))?"
# Members joined by "," / "en" / "/", optionally followed by "c.s." (and others).
_MEMBERS = rf"{_MEMBER}(?:\s*(?:,|\ben\b|/)\s*{_MEMBER})*(?:\s+c\.s\.)?"
# The motion phrase: "(gewijzigde) motie van het lid X" / "van de leden X en Y", or "motie-X" / "motie X c.s.".
MOTION_RE = re.compile(
    rf"\b(?:[Gg]ewijzigde\s+)?[Mm]otie(?:\s+van\s+(?:het\s+lid|de\s+leden)\s+|-|\s+(?=[A-ZÀ-Þ]))"
    rf"(?P<members>{_MEMBERS})")
# A motion referred back to without names: "deze motie", "de motie" (not "de motie van …").
ANAPHOR_RE = re.compile(r"\b(?:deze|de|die|genoemde|bovengenoemde)\s+motie\b(?!\s+van\b)(?!-)",
                        re.IGNORECASE)
# Several motions referred back to: "de benoemde moties", "beide moties", "deze moties".
PLURAL_ANAPHOR_RE = re.compile(r"\b(?:benoemde|genoemde|beide|deze|die)\s+moties\b", re.IGNORECASE)

# Status cues, strongest first; the strongest cue in the mention's sentence wins.
STATUS_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # settled: "beschouw ... als afgedaan", "Hiermee is invulling gegeven aan", "geef ik invulling aan"
    ("afgedaan", re.compile(r"\bafgedaan\b|(?<!verdere )\binvulling\s+(?:gegeven\s+)?aan\b",
                            re.IGNORECASE)),
    # under way: money made available, acting "conform"/"in opvolging van"/"in het kader van" it
    ("in_uitvoering", re.compile(
        r"\bvrijgemaakt\b|\bin\s+opvolging\s+van\b|\bconform\s+(?:de|deze)\s+motie\b"
        r"|\buitvoering\s+(?:van|aan)\s+(?:de|deze)\s+motie\b|\bverdere\s+invulling\b"
        r"|\bin\s+het\s+kader\s+van\s+de\s+motie\b", re.IGNORECASE)),
    # taken into a request or plan: "Ik betrek ... bij de adviesaanvraag", "meegenomen in"
    ("betrokken", re.compile(r"\bbetrek(?:t|ken)?\b.*\bbij\b|\bbetrokken\s+bij\b|\bmeegenomen\b"
                             r"|\bneem\b.*\bmee\b", re.IGNORECASE)),
)
# Subject as "over X" right after the members (and their reference).
_OVER_RE = re.compile(r"^\s*(?:,\s*)?(?:d\.d\.\s+\d{1,2}\s+\w+(?:\s+\d{4})?(?:\s+jl\.)?\s*)?over\s+(?P<s>.+)",
                      re.IGNORECASE | re.DOTALL)
# Subject as the request: "de regering wordt verzocht om X", "verzoekt de regering om X", "het kabinet verzocht om X".
_REQUEST_RE = re.compile(
    r"(?:(?:de\s+regering|het\s+kabinet)\s+(?:wordt\s+)?verzo(?:cht|ekt)|verzoekt\s+(?:de\s+regering|het\s+kabinet))"
    r"(?:\s+tevens)?\s*,?\s+(?:om\s*,?\s+)?(?P<s>.+)", re.IGNORECASE | re.DOTALL)
# A motion's own text: its title ("MOTIE VAN HET LID CHAKOR", "Motie van de leden … over X") and request.
_MOTION_TITLE_RE = re.compile(r"^(?:gewijzigde\s+)?motie\s+van\s+(?:het\s+lid|de\s+leden)\s+", re.IGNORECASE)
_TITLE_SUBJECT_RE = re.compile(r"\s+over\s+(?P<s>.+)$", re.IGNORECASE)
_SUBJECT_END = re.compile(r"[.;]|,\s|\s(?:en|als)\s+de\s+motie\b|\sbij\s+de\s+adviesaanvraag")
_SUBJECT_MAX = 120
_MARKER_REACH = 160  # characters after the phrase in which its footnote marker may sit
_ANAPHOR_REACH = 3000  # characters back in which "deze motie" finds its motion
_MERGE_SENTENCES = 2  # "deze motie" within this many sentences joins the mention's quote


@dataclass
class _Found:
    """A mention while being resolved (mutable working state)."""

    sentence: Sentence
    start: int
    end: int
    members: str
    ref: KamerstukRef | None
    subject: str
    status: str
    quote_start: int
    quote_end: int


def submitter_names(members: str) -> tuple[tuple[str, ...], bool]:
    """("Van Weyenberg", "Smeulders"), cosigned from "Van Weyenberg (D66) en Smeulders c.s."."""
    cosigned = bool(re.search(r"\bc\.s\.", members))
    members = re.sub(r"\s+c\.s\.", "", members)
    members = re.sub(r"\s*\([^()]*\)", "", members)
    parts = re.split(r"\s*(?:,|\ben\b|/)\s*", normalise(members))
    names = tuple(re.sub(r"\s*[-–]\s*", "-", p).strip() for p in parts if p.strip())
    return names, cosigned


def submitter_key(names: tuple[str, ...]) -> frozenset[str]:
    """Names compared without case and leading particles: "Van Nijkerken-De Haan" ~ "Nijkerken-De Haan"."""
    key = set()
    for name in names:
        n = name.lower()
        while True:
            stripped = re.sub(r"^(?:van|de|der|den|ter|ten)\s+", "", n)
            if stripped == n:
                break
            n = stripped
        key.add(n)
    return frozenset(key)


def sentence_status(text: str) -> str:
    """The strongest status cue in ``text``, or "genoemd"."""
    for status, cue in STATUS_CUES:
        if cue.search(text):
            return status
    return "genoemd"


def _subject(after: str, sentence_rest: str) -> str:
    """Short subject: "over X" after the members, else the request the sentence states."""
    m = _OVER_RE.match(after) or _REQUEST_RE.search(sentence_rest)
    if not m:
        return ""
    text = m.group("s")
    end = _SUBJECT_END.search(text)
    text = normalise(text[: end.start()] if end else text)
    # cut off where the next motion phrase began: "over wonen en de [motie …]"
    text = re.sub(r"(?:\s+(?:en|als|de|het|zowel))+$", "", text)
    if len(text) > _SUBJECT_MAX:
        text = text[:_SUBJECT_MAX].rsplit(" ", 1)[0] + "…"
    return text


def _reference(document: Document, start: int, limit: int) -> tuple[KamerstukRef | None, int, int]:
    """The reference attached to a phrase ending at ``start``: the first footnote marker
    with a Kamerstuk ref in ``start..limit``, or an inline "(Kamerstuk …)" before it.

    Returns the ref and the span it occupies in the body (a marker has no width),
    so the subject can end before it or skip past it.
    """
    ref: KamerstukRef | None = None
    at = limit
    for marker in document.markers:
        if start <= marker.offset <= limit:
            note = document.footnote(marker.number)
            if note is not None and note.references:
                ref, at = note.references[0], marker.offset
                break
    # "(Kamerstuk 25 295, nr. 988)" or "(zie Kamerstuk …)" written in the sentence itself.
    inline = re.search(r"\((?:zie\s+)?(?P<r>(?:Kamerstuk|Tweede\s+Kamer)[^()]*)\)", document.text[start:at],
                       re.IGNORECASE)
    if inline:
        refs = parse_references(inline.group("r"))
        if refs:
            return refs[0], start + inline.start(), start + inline.end()
    return ref, at, at


def _phrase_mentions(document: Document, sents: list[Sentence]) -> list[_Found]:
    """Every motion phrase in the body with its reference (if any), subject and status."""
    found: list[_Found] = []
    for sent in sents:
        if sent.is_heading:
            continue
        matches = list(MOTION_RE.finditer(sent.text))
        for i, m in enumerate(matches):
            start, end = sent.start + m.start(), sent.start + m.end("members")
            limit = min(sent.end, end + _MARKER_REACH,
                        sent.start + matches[i + 1].start() if i + 1 < len(matches) else sent.end)
            ref, ref_start, ref_end = _reference(document, end, limit)
            after = document.text[end:limit]
            if ref is not None and ref_start - end <= 2:  # reference right after the names: skip it
                after = document.text[ref_end:limit]
            elif ref is not None:  # reference after the subject ("… over X¹⁴"): X ends there
                after = document.text[end:ref_start]
            subject = _subject(after, document.text[end:sent.end])
            found.append(_Found(sent, start, end, m.group("members"), ref, subject,
                                sentence_status(sent.text), sent.start, sent.end))
    return found


def _resolve(found: list[_Found]) -> list[_Found]:
    """Give reference-less mentions the ref of the nearest referenced one with the same names."""
    by_key: dict[frozenset[str], list[_Found]] = {}
    for f in found:
        if f.ref is not None:
            by_key.setdefault(submitter_key(submitter_names(f.members)[0]), []).append(f)
    out = []
    for f in found:
        if f.ref is None:
            same = by_key.get(submitter_key(submitter_names(f.members)[0]), [])
            before = [g for g in same if g.start < f.start]
            pick = before[-1] if before else (same[0] if same else None)
            if pick is None:
                continue  # no id anywhere in this letter: cannot be registered
            f.ref = pick.ref
        out.append(f)
    return out


def _apply_anaphora(found: list[_Found], sents: list[Sentence]) -> list[_Found]:
    """"deze motie ... afgedaan" joins (or adds) a mention of the motion mentioned just before."""
    starts = [f.start for f in found]
    for sent in sents:
        if sent.is_heading or MOTION_RE.search(sent.text):
            continue
        plural = PLURAL_ANAPHOR_RE.search(sent.text)
        if not (plural or ANAPHOR_RE.search(sent.text)):
            continue
        i = bisect.bisect_left(starts, sent.start)
        prior = [f for f in found[:i] if sent.start - f.start <= _ANAPHOR_REACH]
        if not prior:
            continue
        if plural:
            last_para = prior[-1].sentence.paragraph
            targets = [f for f in prior if f.sentence.paragraph == last_para]
            targets = list({f.ref.id: f for f in targets}.values())
        else:
            targets = [prior[-1]]
        status = sentence_status(sent.text)
        for target in targets:
            if (target.sentence.paragraph == sent.paragraph
                    and sent.index - target.sentence.index <= _MERGE_SENTENCES):
                target.quote_end = max(target.quote_end, sent.end)
                if MotionStatus(status).rank > MotionStatus(target.status).rank:
                    target.status = status
            else:
                extra = _Found(sent, sent.start, sent.start, target.members, target.ref,
                               target.subject, status, sent.start, sent.end)
                found.append(extra)
    return sorted(found, key=lambda f: f.start)


def _ref_mentions(document: Document, sents: list[Sentence], found: list[_Found],
                  citer: Citer) -> list[MotionMention]:
    """Bare footnote references (no motion phrase): kept as candidates (``via_ref``).

    They count only if another letter names the same id as a motion; a footnote
    in a sentence that already mentions that id is skipped.
    """
    out = []
    starts = [s.start for s in sents]
    for marker in document.markers:
        note = document.footnote(marker.number)
        if note is None or not note.references:
            continue
        i = max(bisect.bisect_right(starts, marker.offset) - 1, 0)
        sent = sents[i] if sents else None
        if sent is None:
            continue
        for ref in note.references:
            if any(f.ref.id == ref.id and f.sentence.index == sent.index for f in found):
                continue
            out.append(_mention(ref, (), False, "", sentence_status(sent.text),
                                citer.cite(sent.start, sent.end), marker.offset, via_ref=True))
    return out


def _mention(ref: KamerstukRef, names: tuple[str, ...], cosigned: bool, subject: str, status: str,
             citation, offset: int, via_ref: bool = False) -> MotionMention:
    dossier = ref.dossiers()[0] + (f"-{ref.sub}" if ref.sub else "")
    return MotionMention(motion_id=ref.id, dossier=dossier, number=ref.number, submitters=names,
                         cosigned=cosigned, subject=subject, status=status, citation=citation,
                         offset=offset, via_ref=via_ref)


def is_motion_document(document: Document) -> bool:
    """Whether the document is a motion itself: typed so, or titled "MOTIE VAN …", with its id known."""
    meta = document.metadata
    titled = any(_MOTION_TITLE_RE.match(h.text) for h in document.headings[:2]) or bool(
        _MOTION_TITLE_RE.match(meta.title))
    return meta.kamerstuk is not None and (meta.doc_type.lower() in ("motie", "gewijzigde motie") or titled)


def motion_document(document: Document, sents: list[Sentence], citer: Citer) -> MotionMention | None:
    """A motion's own text as the first entry of its timeline: status "ingediend", dated by its
    "Voorgesteld" date, its submitters and request (cited: the "verzoekt de regering" sentence)."""
    if not is_motion_document(document):
        return None
    request = next((s for s in sents if not s.is_heading and _REQUEST_RE.search(s.text)), None)
    if request is None:
        return None
    meta = document.metadata
    title = meta.title or (document.headings[0].text if document.headings else "")
    names = meta.submitters or submitter_names(_MOTION_TITLE_RE.sub("", title))[0]
    over = _TITLE_SUBJECT_RE.search(title)
    subject = normalise(over.group("s")) if over else _subject("", request.text)
    return _mention(meta.kamerstuk, tuple(names), bool(re.search(r"\bc\.s\.", title, re.IGNORECASE)),
                    subject, "ingediend", citer.cite(request.start, request.end), request.start)


def extract_motions(document: Document, sents: list[Sentence], citer: Citer) -> list[MotionMention]:
    """All motion mentions of one document, in document order (plus bare-reference candidates);
    a motion's own text comes first, as the motion being submitted."""
    own = motion_document(document, sents, citer)
    found = _apply_anaphora(_resolve(_phrase_mentions(document, sents)), sents)
    mentions = [own] if own is not None else []
    for f in found:
        names, cosigned = submitter_names(f.members)
        mentions.append(_mention(f.ref, names, cosigned, f.subject, f.status,
                                 citer.cite(f.quote_start, f.quote_end), f.start))
    return mentions + _ref_mentions(document, sents, found, citer)


__all__ = ["extract_motions", "motion_document", "is_motion_document", "MOTION_RE", "submitter_names",
           "submitter_key", "sentence_status"]
