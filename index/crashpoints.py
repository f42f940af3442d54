"""Test hook for the crash tests: SIGKILL this process at a named stage.

Set ``KAMERZOEK_TEST_KILL_AT=<stage>``; the stages are named where ``checkpoint``
is called (``after-catalog-commit``, ``mid-catalog-write``, ``mid-dense-upsert``,
``before-lexical-save``).
"""
from __future__ import annotations

import os
import signal

KILL_ENV = "KAMERZOEK_TEST_KILL_AT"


def checkpoint(stage: str) -> None:
    """SIGKILL ourselves if the test hook names ``stage``."""
    if os.environ.get(KILL_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)
