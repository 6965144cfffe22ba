"""Local HTTP servers that speak LibreTranslate's and Google's formats, for the translation tests.

Each runs a real `http.server.ThreadingHTTPServer` on 127.0.0.1 in a thread, counts the
requests it gets, and answers according to `plan` (consumed one entry per request) and
then `mode`: `ok` (translates to `EN[<text>]`), `429`, `500`, `slow` (answers after
`delay` seconds) or `drip` (sends a byte every 0.2 s for `delay` seconds). Nothing here touches the internet.
"""

from __future__ import annotations

import html
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


def english(text: str) -> str:
    """What the fake servers answer for `text`."""
    return f"EN[{text}]"


class FakeServer:
    """A running fake translation server and what it has seen."""

    def __init__(self, kind: str, mode: str = "ok", delay: float = 2.0) -> None:
        self.kind = kind  # libre | google
        self.mode = mode
        self.delay = delay
        self.plan: list[str] = []
        self.requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        if self.kind == "google":
            return f"http://{host}:{port}/m"
        return f"http://{host}:{port}/"

    def _next_mode(self, params: dict[str, str]) -> str:
        with self._lock:
            self.requests.append(params)
            return self.plan.pop(0) if self.plan else self.mode

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _params(self) -> dict[str, str]:
            query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                body = self.rfile.read(length).decode("utf-8")
                query.update(parse_qs(body, keep_blank_values=True))
            return {k: v[0] for k, v in query.items()}

        def _send(self, status: int, body: str, content_type: str) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _answer(self, expected_path: str) -> None:
            params = self._params()
            params["_path"] = urlsplit(self.path).path
            params["_method"] = self.command
            mode = server._next_mode(params)
            if params["_path"] != expected_path:
                self._send(404, "not found", "text/plain")
                return
            if mode == "slow":
                time.sleep(server.delay)
            if mode == "drip":  # a byte at a time, each within any read timeout, never finishing soon
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                for _ in range(int(server.delay / 0.2)):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
                return
            if mode == "429":
                self._send(429, json.dumps({"error": "Too many requests"}), "application/json")
                return
            if mode == "500":
                self._send(500, json.dumps({"error": "boom"}), "application/json")
                return
            text = params.get("q", "")
            if server.kind == "libre":
                self._send(200, json.dumps({"translatedText": english(text)}), "application/json")
            else:
                page = (
                    "<html><body><div class='result-container'>"
                    f"{html.escape(english(text))}</div></body></html>"
                )
                self._send(200, page, "text/html; charset=utf-8")

        def do_POST(self) -> None:
            self._answer("/translate")

        def do_GET(self) -> None:
            self._answer("/m" if server.kind == "google" else "/translate")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout under test) is expected


@contextmanager
def serve(kind: str, mode: str = "ok", delay: float = 2.0) -> Iterator[FakeServer]:
    """A fake server of `kind` (libre | google) on 127.0.0.1, running for the `with` block."""
    fake = FakeServer(kind, mode, delay)
    httpd = _QuietServer(("127.0.0.1", 0), _handler(fake))
    fake._httpd = httpd
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()


def refused_url(path: str = "/") -> str:
    """An address on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
