"""The `privshare` command through real proxies to a real server behind TLS (issue 15).

The server process publishes `https://127.0.0.1:PORT`, where a TLS front (a certificate
from a throw-away CA) relays to it. The client trusts that CA only through the system
trust store (SSL_CERT_FILE, read by truststore), never through certifi. Through
tinyproxy (HTTP CONNECT, with Basic auth) and microsocks (SOCKS5, user/password) the
usual commands work end to end; a proxy that is down or refuses the login exits 5 with a
message that names the proxy and never its password.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from proxy_helpers import free_port, microsocks, tinyproxy
from server_harness import ROOT, ServerProcess, start_server
from tls_helpers import Authority, TlsFront

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PASSWORD = "correct horse battery staple"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@dataclass
class TlsServer:
    server: ServerProcess
    front: TlsFront
    authority: Authority

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.front.port}"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    folder = tmp_path_factory.mktemp("tls-server")
    authority = Authority(folder / "ca")
    front = TlsFront(*authority.issue("localhost"))
    server = start_server(
        folder / "data", "--open-registration", "--public-url", f"https://127.0.0.1:{front.port}"
    )
    plain = server.url.removeprefix("http://").rsplit(":", 1)
    front.start((plain[0], int(plain[1])))
    yield TlsServer(server, front, authority)
    front.stop()
    assert server.stop() == 0


def run(
    profile: Path, *args: str, trust: Path | None, proxies: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`privshare --profile PROFILE ARGS` with only the given trust file and proxies."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRIVSHARE_", "SSL_CERT_", "REQUESTS_CA_", "CURL_CA_"))
        and k.upper() not in PROXY_VARIABLES
    }
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    if trust is not None:
        env["SSL_CERT_FILE"] = str(trust)
    env.update(proxies or {})
    return subprocess.run(
        [sys.executable, "-m", "app", "--profile", str(profile), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def account(tls_server: TlsServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An account with one file, made directly (no proxy) over https."""
    folder = tmp_path_factory.mktemp("account")
    address = f"u{uuid.uuid4().hex[:10]}#{tls_server.host}"
    trust = tls_server.authority.ca_file
    made = run(folder / "profile", "account", "create", address, trust=trust)
    assert made.returncode == 0, made.stderr
    (folder / "report.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    put = run(folder / "profile", "put", str(folder / "report.bin"), "/", trust=trust)
    assert put.returncode == 0, put.stderr
    return address


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 5, (result.stdout, result.stderr)
    assert result.stderr.startswith("privshare: ") and result.stderr.count("\n") == 1
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_the_system_trust_store_decides(tls_server: TlsServer, tmp_path: Path) -> None:
    """Without the CA in the system store the TLS check fails (certifi does not know it)."""
    address = f"nobody#{tls_server.host}"
    refused = run(tmp_path / "p", "login", address, trust=None)
    assert_one_line_failure(refused, f"https://{tls_server.host}/", "TLS failed")
    trusted = run(tmp_path / "p", "login", address, trust=tls_server.authority.ca_file)
    assert trusted.returncode == 3, trusted.stderr  # TLS fine; the server says: no such user


def test_login_put_ls_get_through_tinyproxy_connect(
    tls_server: TlsServer, account: str, tmp_path: Path
) -> None:
    trust = tls_server.authority.ca_file
    with tinyproxy(tmp_path, user="alice", password="s3cret") as proxy:
        via = {"HTTPS_PROXY": proxy.url}
        profile = tmp_path / "device"
        assert run(profile, "login", account, trust=trust, proxies=via).returncode == 0
        listed = run(profile, "ls", "/", "--json", trust=trust, proxies=via)
        assert listed.returncode == 0, listed.stderr
        assert [e["name"] for e in json.loads(listed.stdout)] == ["report.bin"]
        got = run(profile, "get", "/report.bin", str(tmp_path / "copy"), trust=trust, proxies=via)
        assert got.returncode == 0, got.stderr
        log = proxy.log()
    assert (tmp_path / "copy").stat().st_size == 3 * 1024 * 1024
    assert f"CONNECT 127.0.0.1:{tls_server.front.port}" in log, log  # tunnels, not forwarding


def test_login_and_get_through_microsocks(
    tls_server: TlsServer, account: str, tmp_path: Path
) -> None:
    trust = tls_server.authority.ca_file
    connections_before = tls_server.front.connections
    with microsocks(user="alice", password="s3cret") as proxy:
        via = {"ALL_PROXY": proxy.url}
        profile = tmp_path / "device"
        logged_in = run(profile, "login", account, trust=trust, proxies=via)
        assert logged_in.returncode == 0, logged_in.stderr
        got = run(profile, "get", "/report.bin", str(tmp_path / "copy"), trust=trust, proxies=via)
        assert got.returncode == 0, got.stderr
    assert (tmp_path / "copy").stat().st_size == 3 * 1024 * 1024
    assert tls_server.front.connections > connections_before


def test_a_wrong_socks_password_names_the_proxy(
    tls_server: TlsServer, account: str, tmp_path: Path
) -> None:
    with microsocks(user="alice", password="s3cret") as proxy:
        wrong = proxy.url.replace("s3cret", "wrong")
        result = run(
            tmp_path / "p",
            "login",
            account,
            trust=tls_server.authority.ca_file,
            proxies={"ALL_PROXY": wrong},
        )
    assert_one_line_failure(result, proxy.shown, "refused the login")
    assert "wrong" not in result.stderr and "alice" not in result.stderr


def test_a_wrong_http_proxy_password_names_the_proxy(
    tls_server: TlsServer, account: str, tmp_path: Path
) -> None:
    with tinyproxy(tmp_path, user="alice", password="s3cret") as proxy:
        result = run(
            tmp_path / "p",
            "login",
            account,
            trust=tls_server.authority.ca_file,
            proxies={"HTTPS_PROXY": proxy.url.replace("s3cret", "wrong")},
        )
    assert_one_line_failure(result, proxy.shown, "refused the login")
    assert "wrong" not in result.stderr


@pytest.mark.parametrize("variable, scheme", [("HTTPS_PROXY", "http"), ("ALL_PROXY", "socks5h")])
def test_a_proxy_that_is_down_is_named(
    tls_server: TlsServer, account: str, tmp_path: Path, variable: str, scheme: str
) -> None:
    dead = f"{scheme}://127.0.0.1:{free_port()}"
    result = run(
        tmp_path / "p",
        "login",
        account,
        trust=tls_server.authority.ca_file,
        proxies={variable: dead},
    )
    assert_one_line_failure(result, f"proxy {dead}")
    assert "cannot connect)" not in result.stderr  # not blamed on the server


def test_plain_http_forwarding_through_tinyproxy(server: ServerProcess, tmp_path: Path) -> None:
    """An http server (no TLS) through tinyproxy's forwarding; then a wrong password."""
    address = f"u{uuid.uuid4().hex[:10]}#{server.host}"
    with tinyproxy(tmp_path, user="alice", password="s3cret") as proxy:
        via = {"HTTP_PROXY": proxy.url}
        made = run(tmp_path / "p", "account", "create", address, trust=None, proxies=via)
        assert made.returncode == 0, made.stderr
        log = proxy.log()
        wrong = {"HTTP_PROXY": proxy.url.replace("s3cret", "wrong")}
        refused = run(tmp_path / "p", "ls", "/", trust=None, proxies=wrong)
    assert f"http://{server.host}/privmx/api/v1" in log, log  # forwarded, absolute URI
    assert_one_line_failure(refused, proxy.shown, "refused the login")
    assert "wrong" not in refused.stderr


def test_socks_proxy_that_cannot_reach_the_server_says_so(
    tls_server: TlsServer, tmp_path: Path
) -> None:
    with microsocks() as proxy:
        result = run(
            tmp_path / "p",
            "login",
            f"nobody#127.0.0.1:{free_port()}",
            trust=tls_server.authority.ca_file,
            proxies={"ALL_PROXY": proxy.url},
        )
    # loopback discovery tries http first (app/client/discovery.py)
    assert_one_line_failure(result, f"the proxy {proxy.shown} could not reach http://127.0.0.1:")
