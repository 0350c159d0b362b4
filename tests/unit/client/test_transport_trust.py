"""HttpTransport checks https certificates against the system trust store (truststore).

A throw-away CA signs the certificate of a loopback TLS front; the CA is "installed in
the system" by SSL_CERT_FILE (which OpenSSL, and so truststore on Linux, reads). certifi
never knows it, so each acceptance below is the system store's (or the explicit bundle's).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
import urllib3
from tls_helpers import Authority, TlsFront

from app.client.transport import HttpTransport, UnreachableError


class Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"ok": 1}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Authority]]:
    plain = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    authority = Authority(tmp_path_factory.mktemp("ca"))
    front = TlsFront(*authority.issue())
    front.start(("127.0.0.1", plain.server_address[1]))
    yield f"https://127.0.0.1:{front.port}/config.json", authority
    front.stop()
    plain.shutdown()
    plain.server_close()


@pytest.fixture(autouse=True)
def clean_trust_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_an_unknown_authority_is_refused(site: tuple[str, Authority]) -> None:
    url, _ = site
    with HttpTransport() as transport, pytest.raises(UnreachableError, match="TLS failed"):
        transport.get_json(url)


def test_the_system_trust_store_is_used(
    site: tuple[str, Authority], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, authority = site
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.ca_file))
    with HttpTransport() as transport:
        assert transport.get_json(url) == {"ok": 1}
    with pytest.raises(requests.exceptions.SSLError):  # certifi alone would refuse it
        requests.get(url, timeout=5)


def test_an_explicit_bundle_is_trusted_too(site: tuple[str, Authority]) -> None:
    url, authority = site
    with HttpTransport(verify=str(authority.ca_file)) as transport:
        assert transport.get_json(url) == {"ok": 1}


def test_verify_false_still_works(site: tuple[str, Authority]) -> None:
    url, _ = site
    with HttpTransport(verify=False) as transport:
        with pytest.warns(urllib3.exceptions.InsecureRequestWarning):
            assert transport.get_json(url) == {"ok": 1}
