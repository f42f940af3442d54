#!/usr/bin/env bash
# System packages the test suite needs (filled in by the API/browser work).
set -euo pipefail
