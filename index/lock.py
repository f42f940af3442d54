"""An exclusive, non-blocking lock on the data dir.

Chroma's embedded store is single-process: a second ``PersistentClient`` on the
same directory can hang for minutes on SQLite's lock. So every process that
opens the embedded store for writing (``ingest``, ``reindex``, ``serve``) takes
this lock first, and a second one fails at once with a message that says who
holds it and what to do. The lock is ``flock`` on ``DATA_DIR/.lock``: the kernel
drops it when its holder exits, even on SIGKILL, so it never goes stale.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.config import Settings
from index.errors import DataDirLockedError

LOCK_NAME = ".lock"


class DataDirLock:
    """``with DataDirLock(settings, holder="kamerzoek ingest"):`` — exclusive use of the data dir.

    Raises DataDirLockedError at once (never waits) when another process holds it.
    ``holder`` is written into the lock file so the error can name the other process.
    ``shared=True`` takes a shared lock instead: readers of the embedded store
    (a CLI search) can run side by side but not beside a writer or ``serve``.
    """

    def __init__(self, settings: Settings, holder: str = "kamerzoek", name: str = LOCK_NAME,
                 shared: bool = False) -> None:
        self.data_dir = Path(settings.data_dir)
        self.path = self.data_dir / name
        self.holder = holder
        self.shared = shared  # readers (e.g. a CLI search) may share; writers may not
        self._fd: int | None = None

    def acquire(self) -> "DataDirLock":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            other = _read_holder(fd)
            os.close(fd)
            raise DataDirLockedError(
                f"data dir {self.data_dir} is in use by another kamerzoek process ({other}) — "
                "stop it or use a Chroma server (KAMERZOEK_CHROMA_URL)") from None
        if not self.shared:  # shared holders are many: only an exclusive one signs the file
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {self.holder}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            if not self.shared:
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "DataDirLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def writer_lock(settings: Settings, holder: str) -> Iterator[DataDirLock]:
    """The lock a writer needs: the data dir itself with embedded Chroma; with a
    Chroma server only a lock that keeps two ingestions apart (``serve`` may run)."""
    name = ".ingest.lock" if settings.chroma_url else LOCK_NAME
    with DataDirLock(settings, holder=holder, name=name) as lock:
        yield lock


def _read_holder(fd: int) -> str:
    """'pid N, kamerzoek serve' from the lock file, as far as it can be read."""
    try:
        content = os.pread(fd, 256, 0).decode(errors="replace").strip()
    except OSError:
        content = ""
    pid, _, holder = content.partition(" ")
    if not pid.isdigit():  # a shared holder (a reader such as `kamerzoek search`)
        return "pid unknown, `kamerzoek serve` or `kamerzoek search`?"
    return f"pid {pid}, `{holder or 'kamerzoek serve'}`"
