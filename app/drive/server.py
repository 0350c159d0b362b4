"""`DriveServer`: WsgiDAV over `DriveProvider`, served by cheroot on loopback only.

    with DriveServer(DriveFiles(files), port=0) as server:   # port 0: a free port
        server.url          # http://privshare:<password>@127.0.0.1:<port>/
        ...                 # serves on its own threads until stop()
    # stopped: the listening socket is closed and the spool is wiped

Every run draws a new user password (HTTP Basic: loopback only, so it never crosses a
network) and a new spool key; a request without the password gets 401.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from cheroot import wsgi
from wsgidav.dc.base_dc import BaseDomainController
from wsgidav.wsgidav_app import WsgiDAVApp

from app.drive.provider import DriveProvider
from app.services.drive.ops import DriveFiles
from app.services.drive.spool import Spool

__all__ = ["DRIVE_USER", "DriveServer"]

DRIVE_USER = "privshare"
_REALM = "Privshare Drive"
_THREADS = 8
_BLOCK = 1 << 20
_SHUTDOWN_SECONDS = 1  # a file manager's idle keep-alive connections do not hold up a stop


class _OneUser(BaseDomainController):  # type: ignore[misc]
    """One user with this run's password (compared in constant time); no anonymous access."""

    def __init__(self, wsgidav_app: Any, config: dict[str, Any]) -> None:
        super().__init__(wsgidav_app, config)
        self._password = config["privshare_drive"]["password"].encode()

    def get_domain_realm(self, path_info: str, environ: dict[str, Any] | None) -> str:
        return _REALM

    def require_authentication(self, realm: str, environ: dict[str, Any] | None) -> bool:
        return True

    def basic_auth_user(
        self, realm: str, user_name: str, password: str, environ: dict[str, Any]
    ) -> bool:
        user_ok = hmac.compare_digest(user_name.encode(), DRIVE_USER.encode())
        return hmac.compare_digest(password.encode(), self._password) and user_ok

    def supports_http_digest_auth(self) -> bool:
        return False


def _check_loopback(host: str) -> None:
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the drive serves on loopback only, not on {host}")


class DriveServer:
    """One run of the drive: a password, a spool, a WsgiDAV app and a cheroot server."""

    def __init__(
        self,
        drive: DriveFiles,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        spool_parent: Path | None = None,
    ) -> None:
        _check_loopback(host)
        self.password = secrets.token_urlsafe(24)
        self.spool = Spool(spool_parent)
        self.provider = DriveProvider(drive, self.spool)
        self._server = wsgi.Server(
            (host, port), self._app(), numthreads=_THREADS, shutdown_timeout=_SHUTDOWN_SECONDS
        )
        self._thread: threading.Thread | None = None

    def _app(self) -> WsgiDAVApp:
        config = {
            "provider_mapping": {"/": self.provider},
            "http_authenticator": {
                "domain_controller": _OneUser,
                "accept_basic": True,
                "accept_digest": False,
                "default_to_digest": False,
            },
            "privshare_drive": {"password": self.password},
            "property_manager": True,  # dead properties: in memory, for this run
            "lock_storage": True,  # locks: in memory, for this run
            "block_size": _BLOCK,
            "verbose": 0,
            "logging": {"enable": False, "enable_loggers": []},
            "dir_browser": {"enable": True, "response_trailer": "Privshare Drive"},
        }
        return WsgiDAVApp(config)

    @property
    def port(self) -> int:
        return int(self._server.bind_addr[1])

    @property
    def host(self) -> str:
        return str(self._server.bind_addr[0])

    @property
    def dav_location(self) -> str:
        """The address for gio/GVfs (`dav://`), without the password."""
        return f"dav://{DRIVE_USER}@{self.host}:{self.port}/"

    @property
    def url(self) -> str:
        """The address with this run's credentials, for a file manager or `gio mount`."""
        return f"http://{DRIVE_USER}:{self.password}@{self.host}:{self.port}/"

    def start(self) -> str:
        """Bind (port 0: a free one) and serve on background threads; returns `url`."""
        host, port = self._server.bind_addr
        try:
            self._server.prepare()
        except OSError as error:
            raise OSError(
                f"the drive cannot listen on {host}:{port} ({error.__class__.__name__}): "
                "choose another port with --port, or --port 0 for any free one"
            ) from error
        self._thread = threading.Thread(target=self._server.serve, name="drive", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving, then wipe the spool (its files and its key)."""
        try:
            if self._thread is not None:
                self._server.stop()
                self._thread.join(timeout=10)
                self._thread = None
        finally:
            self.spool.wipe()

    def __enter__(self) -> DriveServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
