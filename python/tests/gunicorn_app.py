"""A WSGI app for test_gunicorn.py: its haven client is made at import,
which `gunicorn --preload` does in the master, before forking the workers.
Each request GETs and SETs a key and answers with the worker's pid."""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable

import haven

PORT = int(os.environ.get("HAVEN_TEST_REDIS_PORT", "6400"))
client = haven.SyncClient.connect(
    haven.StandaloneConfig([f"127.0.0.1:{PORT}"], database=11, request_timeout_ms=3000)
)
client.ping()  # used in the master before the fork
PREFIX = os.environ.get("HAVEN_TEST_PREFIX", "gunicorn")


def app(environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
    n = environ.get("PATH_INFO", "/").strip("/") or "0"
    key = f"{PREFIX}:{n}"
    try:
        client.get(key)
        client.set(key, n, ex=60)
    except haven.HavenError as e:
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [repr(e).encode()]
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
