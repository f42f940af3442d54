#!/usr/bin/env bash
# System packages kamerzoek and its test suite need, from Debian:
# - Chromium and its driver, for the browser test of the search page
#   (tests/api/test_page_browser.py). Playwright drives /usr/bin/chromium; we never run
#   `playwright install` (no browser downloads).
# - Tesseract OCR with the Dutch language data, for scanned (image-only) PDF pages
#   (ingest/ocr.py, tests/ingest/test_ocr.py).
# Each package is checked on its own: only the missing ones are installed.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver fonts-dejavu-core)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx nld; }; then
    missing+=(tesseract-ocr-nld)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium
tesseract --list-langs 2>/dev/null | grep -x nld
