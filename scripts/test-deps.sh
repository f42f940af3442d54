#!/usr/bin/env bash
# System packages the test suite needs: Debian's Chromium and its driver, for the
# browser test of the search page (tests/api/test_page_browser.py). Playwright drives
# /usr/bin/chromium; we never run `playwright install` (no browser downloads).
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
command -v chromium
