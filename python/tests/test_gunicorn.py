"""gunicorn --preload -w 4 with a module-level haven client (made in the
master, before the fork) serves 10,000 requests that each GET and SET:
0 errors, every worker serving."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Tuple

import pytest

from conftest import STANDALONE, cli, key

pytest.importorskip("gunicorn")
GUNICORN = Path(sys.executable).with_name("gunicorn")
REQUESTS = int(os.environ.get("HAVEN_GUNICORN_REQUESTS", "10000"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> Tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_gunicorn_preload_four_workers_ten_thousand_requests(standalone_server: None) -> None:
    assert GUNICORN.exists() or shutil.which("gunicorn"), "gunicorn not installed in the venv"
    port = free_port()
    prefix = key("gunicorn")
    env = dict(os.environ, HAVEN_TEST_REDIS_PORT=str(STANDALONE), HAVEN_TEST_PREFIX=prefix)
    proc = subprocess.Popen(
        [str(GUNICORN), "--preload", "-w", "4", "-b", f"127.0.0.1:{port}", "--chdir",
         str(Path(__file__).parent), "--log-level", "warning", "gunicorn_app:app"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/0")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        errors: Dict[str, int] = {}
        pids: Dict[bytes, int] = {}

        def one(i: int) -> None:
            try:
                status, body = get(port, f"/{i % 500}")
            except OSError as e:
                errors[repr(e)] = errors.get(repr(e), 0) + 1
                return
            if status != 200:
                errors[body.decode(errors="replace")] = errors.get(body.decode(errors="replace"), 0) + 1
            else:
                pids[body] = pids.get(body, 0) + 1

        t0 = time.monotonic()
        with ThreadPoolExecutor(16) as pool:
            list(pool.map(one, range(REQUESTS)))
        elapsed = time.monotonic() - t0
        print(f"\ngunicorn --preload -w 4: {REQUESTS} requests in {elapsed:.1f} s "
              f"({REQUESTS / elapsed:.0f}/s), workers {sorted(pids.values())}, errors {errors}")
        assert errors == {}
        assert sum(pids.values()) == REQUESTS
        assert len(pids) == 4, "every worker served"
        assert cli(STANDALONE, "GET", f"{prefix}:7") == "7"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        keys = [f"{prefix}:{i}" for i in range(500)]
        for i in range(0, 500, 100):
            cli(STANDALONE, "DEL", *keys[i : i + 100])
