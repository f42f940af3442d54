"""Metadata a document states about itself: publication id, Kamerstuk, date, type, title, sender.

Three sources, one result type (``DocumentMetadata``):

- the official meta tags (``DC.*``, ``DCTERMS.*``, ``OVERHEIDop.*``) of the HTML page and
  of the ``metadata.xml`` that comes with an official download (``from_meta_tags``);
- the lines a parser found outside the body, or at its head: the kamerstukkop, the colophon
  (``kst-32545-143``, ``ah-tk-20232024-1432``), the running line (``Tweede Kamer, vergaderjaar
  2020–2021, 32 545, nr. 143``), the ministry margin column (``Datum``, ``Kenmerk``), the
  letterhead and the first body lines (``from_lines``);
- the corpus manifest, which wins wherever it has a value (``merge_metadata``).

Rules work on the words inside one line; which lines are header lines is decided by the
parsers from the document's structure (PDF geometry, HTML elements, XML schema).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ingest.dutch import MONTH_NAMES, MONTHS
from ingest.models import DocumentMetadata, KamerstukRef
from ingest.references import normalise_dossier

_DATE = r"(\d{1,2})\s+(" + MONTH_NAMES + r")\s+(\d{4})"
# Where a document states its own date, strongest first: an answer's receipt, a motion's
# proposal, the place-and-date line of a letter, the margin column's "Datum".
_DATE_CUES = (
    re.compile(r"\(ontvangen\s+" + _DATE, re.IGNORECASE),
    re.compile(r"^Voorgesteld\s+" + _DATE, re.IGNORECASE),
    re.compile(r"^(?:Den Haag|['’]s-Gravenhage)\s*,\s*" + _DATE, re.IGNORECASE),
    re.compile(r"^Datum\s*:?\s+" + _DATE, re.IGNORECASE),
    re.compile(r"^Vastgesteld\s+" + _DATE, re.IGNORECASE),
)
PUBLICATION_ID = re.compile(
    r"\b((?:kst|ah-tk|ah-ek|h-tk|h-ek|kv-tk|blg|stcrt|stb|trb|gmb|prb)-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)\b")
_KST_ID = re.compile(r"^kst-(\d{5,6})-(?:([IVXLC]+|[A-Z])-)?(\d+)$")
# The running line of Tweede/Eerste Kamer papers: "…, vergaderjaar 2020–2021, 32 545, nr. 143".
RUNNING_LINE = re.compile(
    r"^(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[–-]\s*\d{4}\s*,\s*(?P<rest>.+)$")
_RUNNING_KAMERSTUK = re.compile(r"^(?P<dossier>\d{2}\s?\d{3})(?:\s+(?P<sub>[IVXLC]+|[A-Z]))?\s*,\s*nr\.\s*(?P<nr>\d+)")
_DOSSIER_LINE = re.compile(r"^(?P<dossier>\d{2}\s\d{3})(?:\s+(?P<sub>[IVXLC]+|[A-Z]))?(?:\s+(?P<title>\S.*))?$")
NUMBER_LINE = re.compile(r"^Nr\.\s*(?P<nr>\d+)(?:\s+(?P<title>\S.*))?$")
_MOTION_TITLE = re.compile(r"^(?:GEWIJZIGDE\s+)?MOTIE\s+VAN\s+(?:HET\s+LID|DE\s+LEDEN)\s+(?P<names>.+)$")
_BRIEF_VAN = re.compile(r"^BRIEF\s+VAN\s+(?:DE\s+|HET\s+)?(?P<sender>[A-Z][A-Z ,.'’-]+)$")
_QUESTIONS = re.compile(r"^Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<who>.+?)\s+(?:\([^()]*\)\s+)?aan\s+de\s+")
_ANSWER_BY = re.compile(r"^Antwoord\s+van\s+(?P<who>.+?)\s*\(ontvangen\b", re.IGNORECASE)
# The signature: "De Minister van Sociale Zaken en Werkgelegenheid," (and the name after it).
_SIGNATURE = re.compile(r"(?:^|groet,\s+)De\s+(?P<who>(?:[Mm]inister|[Ss]taatssecretaris)\s+(?:van|voor)\s+[^,]{3,80}),"
                        r"(?:\s+[A-Z][^,]{1,40})?$")
_MINISTRY = re.compile(r"^Ministerie\s+van\s+[A-Z][^,.;:]{2,80}$")
_LABEL = re.compile(r"^(?P<label>Datum|Betreft|Onderwerp|Kenmerk|Onze referentie|Ons kenmerk|Uw brief|Uw kenmerk)"
                    r"\s*:?\s*(?P<value>.*)$")
_TYPE_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:GEWIJZIGDE\s+)?MOTIE\s+VAN\b"), "Motie"),
    (re.compile(r"^(?:GEWIJZIGD\s+)?AMENDEMENT\s+VAN\b"), "Amendement"),
    (re.compile(r"^Aanhangsel van de Handelingen\b|^Vragen gesteld door de leden der Kamer"), "Antwoord op Kamervragen"),
    (re.compile(r"^Antwoord\s+van\s+.+\(ontvangen\b"), "Antwoord op Kamervragen"),
    (re.compile(r"^Fiche\s*\d*\s*:|^BNC[- ]fiche\b|Beoordeling Nieuwe Commissievoorstellen", re.IGNORECASE),
     "BNC-fiche"),
    (re.compile(r"^(?:VERSLAG|LIJST VAN VRAGEN EN ANTWOORDEN|NOTA NAAR AANLEIDING VAN HET VERSLAG)\b"), "Verslag"),
    (re.compile(r"^MEMORIE VAN TOELICHTING\b"), "Memorie van toelichting"),
    (re.compile(r"^BRIEF\s+VAN\b"), "Kamerbrief"),
    (re.compile(r"^Geachte\s+(?:voorzitter|Voorzitter)\b"), "Kamerbrief"),
)


def merge_metadata(primary: DocumentMetadata, fallback: DocumentMetadata) -> DocumentMetadata:
    """``primary`` with its empty fields filled from ``fallback``."""
    changes = {k: getattr(fallback, k) for k in fallback.__dataclass_fields__
               if not getattr(primary, k) and getattr(fallback, k)}
    return replace(primary, **changes)


def iso_date(day: str, month: str, year: str) -> str:
    """``("6", "juli", "2021")`` → ``2021-07-06``; "" for an unknown month."""
    number = MONTHS.get(month.lower())
    return f"{int(year):04d}-{number:02d}-{int(day):02d}" if number else ""


def kamerstuk_from_id(publication_id: str) -> KamerstukRef | None:
    """``kst-32545-143`` → Kamerstuk 32 545, nr. 143; ``kst-36410-VIII-82`` keeps the sub-number."""
    m = _KST_ID.match(publication_id)
    if not m:
        return None
    return KamerstukRef(dossier=normalise_dossier(m.group(1)), number=m.group(3), sub=m.group(2) or "")


def sentence_case(upper: str) -> str:
    """``MINISTER VAN SOCIALE ZAKEN`` → ``minister van Sociale Zaken`` (small words lower)."""
    small = {"van", "de", "en", "voor", "het", "der", "op", "in"}
    words = upper.lower().split()
    return " ".join(w if (i == 0 or w in small) else w.capitalize() for i, w in enumerate(words))


def _label_lines(lines: list[str]) -> list[str]:
    """A margin label on its own line ("Datum", then "1 maart 2011") joined to its value."""
    out: list[str] = []
    for line in lines:
        if out and _LABEL.fullmatch(out[-1]) and not _LABEL.match(out[-1]).group("value"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _date(lines: list[str]) -> str:
    for cue in _DATE_CUES:
        for line in lines:
            if m := cue.search(line):
                if date := iso_date(*m.groups()[-3:]):
                    return date
    return ""


def _kamerstuk(lines: list[str], publication_id: str) -> tuple[KamerstukRef | None, str]:
    """(Kamerstuk, dossier title) from the kamerstukkop, the running line or the publication id."""
    dossier = sub = number = title = ""
    for line in lines:
        if not dossier and (m := _DOSSIER_LINE.match(line)):
            dossier, sub, title = m.group("dossier"), m.group("sub") or "", m.group("title") or ""
        elif dossier and not number and (m := NUMBER_LINE.match(line)):
            number = m.group("nr")
    if dossier and number:
        return KamerstukRef(dossier=normalise_dossier(dossier), number=number, sub=sub), title
    for line in lines:
        if (m := RUNNING_LINE.match(line)) and (k := _RUNNING_KAMERSTUK.match(m.group("rest"))):
            return KamerstukRef(dossier=normalise_dossier(k.group("dossier")), number=k.group("nr"),
                                sub=k.group("sub") or ""), title
    return kamerstuk_from_id(publication_id), title


def _title(lines: list[str]) -> str:
    """The stuk title ("MOTIE VAN …"), a letter's subject ("Betreft …"), or the questions asked."""
    for line in lines:
        if (m := NUMBER_LINE.match(line)) and m.group("title"):
            return m.group("title").strip()
    for line in lines:
        if (m := _LABEL.match(line)) and m.group("label") in ("Betreft", "Onderwerp") and m.group("value"):
            return m.group("value").strip()
    for line in lines:
        if _MOTION_TITLE.match(line) or _BRIEF_VAN.match(line):
            return line.strip()
    for line in lines:
        if _QUESTIONS.match(line):
            return re.sub(r"\s*\(ingezonden[^()]*\)\.?\s*$", "", line).strip()
    return ""


def _sender(lines: list[str]) -> str:
    """Who sends it: "BRIEF VAN DE MINISTER …", "Antwoord van …", the signature "De minister van …,",
    or the ministry of the letterhead."""
    for line in lines:
        if m := _BRIEF_VAN.match(line):
            return sentence_case(m.group("sender"))
        if m := _ANSWER_BY.match(line):
            return m.group("who").strip()
    for line in reversed(lines):
        if m := _SIGNATURE.search(line):
            return m.group("who")[0].lower() + m.group("who")[1:]
    return next((m.group(0) for line in lines if (m := _MINISTRY.match(line))), "")


def _doc_type(lines: list[str]) -> str:
    for cue, doc_type in _TYPE_CUES:
        if any(cue.search(line) for line in lines):
            return doc_type
    return ""


def _reference(lines: list[str]) -> str:
    for line in lines:
        if (m := _LABEL.match(line)) and m.group("label") in ("Kenmerk", "Onze referentie", "Ons kenmerk"):
            return m.group("value").strip()
    return ""


_ANY_MOTION_TITLE = re.compile(
    r"^(?:gewijzigde\s+)?motie\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<names>.+?)(?:\s+over\s+.*)?$",
    re.IGNORECASE)


def submitters_from_title(title: str) -> tuple[str, ...]:
    """``MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS`` or ``Motie van de leden Inge van Dijk en
    Grinwis over …`` → ("Inge van Dijk", "Grinwis"), capital letters as names are written."""
    m = _ANY_MOTION_TITLE.match(title.strip())
    if not m:
        return ()
    names = re.sub(r"\s+c\.s\.$", "", m.group("names").strip(), flags=re.IGNORECASE)
    parts = [n for n in re.split(r"\s*,\s*|\s+en\s+", names, flags=re.IGNORECASE) if n]
    return tuple(_name_case(n) if n.isupper() else n for n in parts)


def _name_case(upper: str) -> str:
    """``INGE VAN DIJK`` → ``Inge van Dijk``; a leading particle stays capitalised (``Van Zanten``)."""
    particles = {"van", "de", "der", "den", "ter", "ten", "het", "'t"}
    words = upper.lower().split()
    return " ".join(w if (i and w in particles) else "-".join(p.capitalize() for p in w.split("-"))
                    for i, w in enumerate(words))


def from_lines(lines: list[str]) -> DocumentMetadata:
    """What header lines (kop, colophon, running line, margin column, letterhead, first body
    lines) state: publication id, Kamerstuk, date, type, title, sender, reference."""
    lines = _label_lines([re.sub(r"\s+", " ", ln).strip() for ln in lines if ln.strip()])
    publication_id = next((m.group(1) for ln in lines if (m := PUBLICATION_ID.fullmatch(ln))), "")
    kamerstuk, dossier_title = _kamerstuk(lines, publication_id)
    if not publication_id and kamerstuk is not None:
        publication_id = "kst-" + "-".join([kamerstuk.dossiers()[0], *([kamerstuk.sub] if kamerstuk.sub else []),
                                            kamerstuk.number])
    title = _title(lines)
    return DocumentMetadata(
        title=title, date=_date(lines), sender=_sender(lines), doc_type=_doc_type(lines),
        kamerstuk=kamerstuk, publication_id=publication_id, dossier_title=dossier_title,
        submitters=submitters_from_title(title) or _askers(lines), reference=_reference(lines))


def _askers(lines: list[str]) -> tuple[str, ...]:
    """The members who asked written questions: "Vragen van het lid Van Eijk en Aartsen (beiden VVD)"."""
    for line in lines:
        if m := _QUESTIONS.match(line):
            who = re.sub(r"\s*\([^()]*\)", "", m.group("who"))
            return tuple(n.strip() for n in re.split(r"\s*,\s*|\s+en\s+", who) if n.strip())
    return ()


def from_meta_tags(tags: list[tuple[str, str, str]]) -> DocumentMetadata:
    """The official meta tags, as (name, scheme, content), of an HTML page or a metadata.xml."""
    values: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    for name, scheme, content in tags:
        content = re.sub(r"\s+", " ", content or "").strip()
        if not content:
            continue
        values.setdefault(name, []).append(content)
        if name == "DC.type":
            types[scheme] = content

    def first(*names: str) -> str:
        return next((values[n][0] for n in names if values.get(n)), "")

    publication_id = first("DC.identifier", "OVERHEIDop.ParlID")
    kamerstuk = None
    dossier, number = first("OVERHEIDop.dossiernummer"), first("OVERHEIDop.ondernummer")
    if dossier and number:
        digits = re.match(r"\d+", dossier.replace(" ", ""))
        sub = re.search(r"[-\s]([IVXLC]+|[A-Z])$", dossier)
        if digits:
            kamerstuk = KamerstukRef(dossier=normalise_dossier(digits.group()), number=number,
                                     sub=sub.group(1) if sub else "")
    if kamerstuk is None:
        kamerstuk = kamerstuk_from_id(publication_id)
    date = first("DCTERMS.issued", "OVERHEIDop.datumOndertekening", "DCTERMS.available", "DC.date")
    doc_type = types.get("OVERHEIDop.KamerstukTypen") or types.get("OVERHEIDop.Parlementair") or ""
    submitters = (submitters_from_title(first("OVERHEIDop.documenttitel"))
                  or tuple(values.get("OVERHEIDop.indiener", ())))
    return DocumentMetadata(
        title=first("OVERHEIDop.documenttitel", "DC.title"),
        date=date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date) else "",
        sender=first("OVERHEIDop.ondertekenaar") or (" en ".join(submitters) if submitters else first("DC.creator")),
        doc_type=doc_type,
        kamerstuk=kamerstuk,
        publication_id=publication_id,
        dossier_title=first("OVERHEIDop.dossiertitel"),
        submitters=submitters,
        description=first("DCTERMS.abstract", "DC.description"),
    )
