"""Read scanned PDF pages (no text layer, only images) with Tesseract OCR.

The page's images are taken out with pypdf (a scan is one image per page) and read by
Tesseract through pytesseract, in Dutch (``nld``). Tesseract's words come back with their
block, paragraph and line numbers; a page becomes paragraphs of lines, in reading order.
Tesseract itself is a Debian package (``tesseract-ocr``, ``tesseract-ocr-nld``, installed by
``scripts/test-deps.sh``); when it is missing, ``OcrUnavailableError`` says how to install it.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from ingest.errors import OcrUnavailableError

log = logging.getLogger(__name__)
LANGUAGE = "nld"
INSTALL_HINT = "install it with `apt-get install tesseract-ocr tesseract-ocr-nld` (or `bash scripts/test-deps.sh`)"
_MIN_CONFIDENCE = 30.0  # Tesseract word confidence below which a "word" is speckle, not text


def has_images(page) -> bool:
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
    import pytesseract

    try:
        return tuple(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        return ()


def available() -> bool:
    """Whether Tesseract with the Dutch language data can be run."""
    return LANGUAGE in _languages()


def read_page(page, path, number: int) -> list[list[str]]:
    """The text of a scanned page as paragraphs of lines; raises OcrUnavailableError."""
    import pytesseract

    languages = _languages()
    if not languages:
        raise OcrUnavailableError(path, f"page {number} is an image and Tesseract is not installed: {INSTALL_HINT}")
    if LANGUAGE not in languages:
        raise OcrUnavailableError(path, f"page {number} is an image and Tesseract has no Dutch language data: "
                                        f"{INSTALL_HINT}")
    paragraphs: list[list[str]] = []
    for image in page.images:
        try:
            picture = image.image
        except Exception as exc:  # an image pypdf cannot decode
            log.warning("%s: page %d: an image cannot be decoded (%s)", getattr(path, "name", path), number,
                        type(exc).__name__)
            continue
        if picture is None or min(picture.size) < 100:  # logos and rules, not text
            continue
        paragraphs.extend(_paragraphs(pytesseract.image_to_data(
            picture.convert("L"), lang=LANGUAGE, output_type=pytesseract.Output.DICT)))
    return paragraphs


def _paragraphs(data: dict[str, list]) -> list[list[str]]:
    """Tesseract's word table → paragraphs of lines, in its reading order."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word or float(data["conf"][i]) < _MIN_CONFIDENCE:
            continue
        lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(word)
    paragraphs: dict[tuple[int, int], list[str]] = {}
    for (block, par, _), words in lines.items():
        paragraphs.setdefault((block, par), []).append(" ".join(words))
    return list(paragraphs.values())
