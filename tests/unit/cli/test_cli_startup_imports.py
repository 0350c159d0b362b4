"""A command such as `put` against an http server does not load what only other paths
need (issue 14: the cost of one command). A fresh interpreter does what `privshare put`
does before its session (the parser of `put`, a transport and one request over http);
the modules below must still be absent after it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]

# module -> the only paths that need it
NOT_AT_START = {
    "truststore": "https and proxies (the system trust store)",
    "platform": "truststore",
    "subprocess": "`gui` and `--self-test`",
    "app.cli.commands.trash": "`rm` and `trash`",
    "app.services.trash.service": "`rm` and `trash`",
    "app.services.devices": "`device` and joining a device",
}

CHILD = """
import json, sys
from app.cli.main import build_parser
build_parser("put")
import app.cli.session, app.services.session
from app.client.transport import HttpTransport
with HttpTransport(use_system_proxy=False) as transport:
    assert transport.get_json(sys.argv[1]) == {"ok": 1}
print(json.dumps(sorted(name for name in sys.argv[2:] if name in sys.modules)))
"""


class Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"ok": 1}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def plain_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/config.json"
    server.shutdown()
    server.server_close()
    thread.join(30)


def test_a_put_over_http_loads_none_of_the_other_paths_modules(plain_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, plain_url, *NOT_AT_START],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert {name: NOT_AT_START[name] for name in loaded} == {}
