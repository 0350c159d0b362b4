"""The window's own settings, kept as JSON in the profile folder (`gui-settings.json`).

Secrets are not kept here: a proxy password lives only in memory for the session unless
the OS keyring works (the window asks again otherwise).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from urllib.parse import quote

from app.services.session import Network

__all__ = [
    "LANGUAGE_CHOICES",
    "LOCAL_SERVER",
    "PROXY_MODES",
    "ROUTES",
    "SETTINGS_FILE",
    "Settings",
    "load_settings",
    "save_settings",
]

SETTINGS_FILE = "gui-settings.json"
PROXY_MODES = ("system", "none", "http", "socks5")
LOCAL_SERVER = "local"
ROUTES = ("auto", "direct", "via-home")  # app.services.connection.Connector.route
LANGUAGE_CHOICES = ("system", "en", "de", "pl")  # app/gui/i18n.py LANGUAGES


@dataclass(frozen=True)
class Settings:
    """What the Settings dialog edits."""

    server: str = ""  # "local" (this computer), a host such as files.example, "" unknown yet
    local_port: int = 0  # the embedded server's port, fixed after its first start
    address: str = ""  # the signed-in account, name#host
    proxy_mode: str = "system"
    proxy_host: str = ""
    proxy_port: int = 0
    proxy_user: str = ""
    route: str = "auto"  # other servers: directly, through the home server, or auto
    lock_minutes: int = 10
    download_folder: str = ""
    remember: bool = False
    notifications: bool = True  # desktop notifications (app/gui/notifications.py)
    language: str = "system"  # or "en", "de", "pl" (app/gui/i18n.py), used at the next start

    def checked(self) -> Settings:
        """The same settings with out-of-range values brought back to sane ones."""
        mode = self.proxy_mode if self.proxy_mode in PROXY_MODES else "system"
        minutes = min(max(self.lock_minutes, 1), 24 * 60)
        port = self.proxy_port if 0 <= self.proxy_port <= 65535 else 0
        route = self.route if self.route in ROUTES else "auto"
        language = self.language if self.language in LANGUAGE_CHOICES else "system"
        return replace(
            self,
            proxy_mode=mode,
            lock_minutes=minutes,
            proxy_port=port,
            route=route,
            language=language,
        )

    @property
    def use_system_proxy(self) -> bool:
        """Whether the transport honours the environment's proxy (mode "system")."""
        return self.proxy_mode == "system"

    def proxy_url(self, password: str = "") -> str | None:
        """The manual proxy URL for the transport (None: the system's, or no proxy).
        `password` is the session's proxy password (never saved)."""
        if self.proxy_mode in ("system", "none") or not self.proxy_host:
            return None
        scheme = "socks5h" if self.proxy_mode == "socks5" else "http"
        user = quote(self.proxy_user, safe="")
        secret = f":{quote(password, safe='')}" if password and user else ""
        credentials = f"{user}{secret}@" if user else ""
        return f"{scheme}://{credentials}{self.proxy_host}:{self.proxy_port}"

    def network(self, proxy_password: str = "") -> Network:
        """The connection settings the session uses."""
        return Network(self.proxy_url(proxy_password), self.use_system_proxy, self.route)


def load_settings(folder: Path) -> Settings:
    """The saved settings, or the defaults when there are none or the file is damaged."""
    try:
        raw = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {f.name: f.type for f in fields(Settings)}
    defaults = asdict(Settings())
    values = {
        name: raw[name]
        for name in known
        if name in raw and isinstance(raw[name], type(defaults[name]))
    }
    return Settings(**values).checked()


def save_settings(folder: Path, settings: Settings) -> None:
    """Write atomically (temp file then rename), private to this user."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / SETTINGS_FILE
    temporary = target.with_suffix(".tmp")
    data = json.dumps(asdict(settings.checked()), indent=2, sort_keys=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(data)
    os.replace(temporary, target)
