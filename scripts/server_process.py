"""Run ``kamerzoek serve`` in a subprocess on a free loopback port: a test and load harness.

Used by the browser and concurrency tests (``from scripts.server_process import Server``) and
by ``scripts/load.py``; it lives outside the installed packages on purpose.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``with Server(data_dir) as server:`` — a real uvicorn server at ``server.url``."""

    def __init__(self, data_dir: Path, port: int | None = None, startup_s: float = 180.0) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_s = startup_s
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                            "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}
        command = [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())",
                   "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--data-dir", str(self.data_dir), "--log-level", "warning"]
        self.log_path = Path(tempfile.gettempdir()) / f"kamerzoek-serve-{self.port}.log"
        self._log = open(self.log_path, "w")  # a file, not a pipe: a full pipe would stall the server
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, text=True)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kamerzoek serve exited ({self.process.returncode}):\n"
                                   f"{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"kamerzoek serve did not answer on {self.url} within {self.startup_s:.0f} s")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()
