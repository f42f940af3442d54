"""The data-dir lock: a second holder fails at once with a message that says what to do."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from index.config import Settings
from index.errors import DataDirLockedError
from index.lock import DataDirLock

pytestmark = pytest.mark.unit


def test_second_lock_fails_at_once_naming_the_holder(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    with DataDirLock(settings, holder="kamerzoek serve"):
        started = time.monotonic()
        with pytest.raises(DataDirLockedError) as err:
            DataDirLock(settings, holder="kamerzoek ingest").acquire()
        assert time.monotonic() - started < 1
    message = str(err.value)
    assert f"data dir {settings.data_dir} is in use by another kamerzoek process" in message
    assert "kamerzoek serve" in message and "KAMERZOEK_CHROMA_URL" in message


def test_lock_is_released_on_exit_and_when_holder_is_killed(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    with DataDirLock(settings):
        pass
    with DataDirLock(settings):  # released by the context manager
        pass
    code = ("import sys,time; from index.config import Settings; from index.lock import DataDirLock;"
            f"DataDirLock(Settings(data_dir={str(settings.data_dir)!r}), holder='kamerzoek serve')"
            ".acquire(); print('held', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DataDirLockedError, match=rf"pid {holder.pid}, `kamerzoek serve`"):
            DataDirLock(settings).acquire()
    finally:
        holder.kill()
        holder.wait()
    with DataDirLock(settings):  # the kernel dropped the killed holder's lock
        pass


def test_shared_holders_coexist_but_exclude_a_writer(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    with DataDirLock(settings, holder="kamerzoek search", shared=True), \
            DataDirLock(settings, holder="kamerzoek search", shared=True):
        with pytest.raises(DataDirLockedError, match="in use by another kamerzoek process"):
            DataDirLock(settings, holder="kamerzoek ingest").acquire()
    with DataDirLock(settings, holder="kamerzoek ingest"):
        with pytest.raises(DataDirLockedError, match=r"pid \d+, `kamerzoek ingest`"):
            DataDirLock(settings, shared=True).acquire()
