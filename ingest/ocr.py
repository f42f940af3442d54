"""Read scanned PDF pages (no text layer, only images) with Tesseract OCR.

The page's images are taken out with pypdf (a scan is one image per page) and read by
Tesseract through pytesseract, in Dutch (``nld``). Tesseract's words come back with their
boxes and block, paragraph and line numbers; a page becomes lines with their boxes, which
``ingest/pdf.py`` turns into positioned text runs, so the scanned page goes through the same
layout classification as a page with a text layer (body, notes, running lines).
Tesseract itself is a Debian package (``tesseract-ocr``, ``tesseract-ocr-nld``, installed by
``scripts/test-deps.sh``); when it is missing, ``OcrUnavailableError`` says how to install it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import pytesseract
from pypdf import PageObject

from ingest.errors import OcrUnavailableError

log = logging.getLogger(__name__)
LANGUAGE = "nld"
INSTALL_HINT = "install it with `apt-get install tesseract-ocr tesseract-ocr-nld` (or `bash scripts/test-deps.sh`)"
_MIN_CONFIDENCE = 30.0  # Tesseract word confidence below which a "word" is speckle, not text


def has_images(page: PageObject) -> bool:
    """Whether the page holds any image (a scan); pages that are blank stay blank."""
    try:
        resources = page.get("/Resources") or {}
        xobjects = resources.get_object().get("/XObject") if resources else None
        if not xobjects:
            return False
        return any(xobjects[name].get_object().get("/Subtype") in ("/Image", "/Form") for name in xobjects)
    except Exception:
        return False


@lru_cache(maxsize=1)
def _languages() -> tuple[str, ...]:
    try:
        return tuple(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        return ()


def available() -> bool:
    """Whether Tesseract with the Dutch language data can be run."""
    return LANGUAGE in _languages()


@dataclass(frozen=True)
class OcrLine:
    """One line Tesseract read, its box as fractions of the image (0 at the top left, 1 at the
    bottom right), and its font size (em) as a fraction of the image height."""

    text: str
    left: float
    top: float
    width: float
    height: float
    em: float


def read_page(page: PageObject, path, number: int) -> list[OcrLine]:
    """The lines of a scanned page with their boxes; raises OcrUnavailableError."""
    languages = _languages()
    if not languages:
        raise OcrUnavailableError(path, f"page {number} is an image and Tesseract is not installed: {INSTALL_HINT}")
    if LANGUAGE not in languages:
        raise OcrUnavailableError(path, f"page {number} is an image and Tesseract has no Dutch language data: "
                                        f"{INSTALL_HINT}")
    lines: list[OcrLine] = []
    for image in page.images:
        try:
            picture = image.image
        except Exception as exc:  # an image pypdf cannot decode
            log.warning("%s: page %d: an image cannot be decoded (%s)", getattr(path, "name", path), number,
                        type(exc).__name__)
            continue
        if picture is None or min(picture.size) < 100:  # logos and rules, not text
            continue
        data = pytesseract.image_to_data(picture.convert("L"), lang=LANGUAGE, output_type=pytesseract.Output.DICT)
        lines.extend(_lines(data, *picture.size))
    return lines


def _lines(data: dict[str, list], width: int, height: int) -> list[OcrLine]:
    """Tesseract's word table → lines with boxes, in its reading order."""
    words: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if (word or "").strip() and float(data["conf"][i]) >= _MIN_CONFIDENCE:
            words.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    out: list[OcrLine] = []
    for ids in words.values():
        left = min(data["left"][i] for i in ids)
        top = min(data["top"][i] for i in ids)
        right = max(data["left"][i] + data["width"][i] for i in ids)
        bottom = max(data["top"][i] + data["height"][i] for i in ids)
        ems = sorted(_em(data["text"][i].strip(), data["height"][i]) for i in ids)
        out.append(OcrLine(" ".join(data["text"][i].strip() for i in ids), left / width, top / height,
                           (right - left) / width, (bottom - top) / height, ems[len(ems) // 2] / height))
    return out


def _em(word: str, height: float) -> float:
    """The font size a word's box height implies: the box spans ascenders and descenders only
    where the word has them (Latin type: ascender ≈ 0.73 em, descender ≈ 0.22, x-height ≈ 0.5)."""
    ascends = any(c in "bdfhklt" or c.isupper() or c.isdigit() for c in word)
    descends = any(c in "gjpqy,;()" for c in word)
    share = (0.95 if descends else 0.73) if ascends else (0.72 if descends else 0.5)
    return height / share
