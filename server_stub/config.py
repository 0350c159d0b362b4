"""Server settings: defaults < TOML file (`--config`) < environment < command line.

    [server]
    data_dir = "/var/lib/privshare"         # PRIVSHARE_SERVER_DATA_DIR
    host = "127.0.0.1"                      # PRIVSHARE_SERVER_HOST
    port = 8080                             # PRIVSHARE_SERVER_PORT (0: any free port)
    public_url = "https://files.example"    # PRIVSHARE_SERVER_PUBLIC_URL (discovery base)
    open_registration = false               # PRIVSHARE_SERVER_OPEN_REGISTRATION
    db_threads = 1                          # PRIVSHARE_SERVER_DB_THREADS
    log_level = "INFO"                      # PRIVSHARE_SERVER_LOG_LEVEL
    trusted_proxies = ["127.0.0.1", "::1"]  # PRIVSHARE_SERVER_TRUSTED_PROXIES (comma-separated)
    database = "postgresql://privshare@db:5432/privshare"  # PRIVSHARE_SERVER_DATABASE
    blob_store = "s3://privshare-blocks"    # PRIVSHARE_SERVER_BLOB_STORE
    s3_endpoint = "http://s3.internal:9000" # PRIVSHARE_SERVER_S3_ENDPOINT (unset: AWS)
    leader_interval = 60                    # PRIVSHARE_SERVER_LEADER_INTERVAL (seconds between
                                            # the fleet leader's clean-ups and head checks)

    [limits]                                # the object store (server_stub/OBJECTS.md)
    quota = 10737418240                     # PRIVSHARE_OBJECTS_QUOTA (bytes per user)
    versions_kept = 10                      # PRIVSHARE_OBJECTS_VERSIONS
    max_block, max_extra, max_blocks, max_descriptors, transfer_ttl, max_ids  # PRIVSHARE_OBJECTS_*

    [rate_limits]
    login_failures = 16                     # PRIVSHARE_SERVER_LOGIN_FAILURES
    login_window = 3840                     # PRIVSHARE_SERVER_LOGIN_WINDOW (seconds)

The file may also be named by PRIVSHARE_SERVER_CONFIG. Unknown sections or keys and
ill-typed values are refused (`ConfigError`) rather than ignored, so a typo cannot
silently leave a default in force. `to_toml` writes the effective settings in the same
layout (`--print-config`); loading that text gives the same settings back.
`trusted_proxies` (addresses or CIDR networks, default none) are the reverse proxies
whose `X-Forwarded-For` / `Forwarded` headers name the client (web.py); they are kept
normalised ("10.0.0.0/8", "::1").

`database` and `blob_store` go together: set, the server keeps its rows in PostgreSQL
and its blocks in an S3 bucket, shared by any number of processes (backends/SPEC.md);
unset, in DATA_DIR (SQLite + block files). No secret is ever a setting: the database
password comes from PGPASSWORD or ~/.pgpass, the bucket's from AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY (or the other places boto3 reads).
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from server_stub.objects.config import ENV_NAMES as OBJECT_ENV_NAMES
from server_stub.objects.config import ObjectLimits
from server_stub.throttle import MAX_FAILURES, WINDOW

if TYPE_CHECKING:  # the server and its web stack load only to serve: `privshare put` skips them
    from server_stub.server import Options

__all__ = [
    "CONFIG_ENV",
    "LOG_LEVELS",
    "ConfigError",
    "ServerConfig",
    "add_arguments",
    "from_arguments",
    "load",
    "to_options",
    "to_toml",
]

CONFIG_ENV = "PRIVSHARE_SERVER_CONFIG"
SERVER_ENV_PREFIX = "PRIVSHARE_SERVER_"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LIMIT_NAMES = tuple(OBJECT_ENV_NAMES)  # the object limits a config may set


class ConfigError(ValueError):
    """The settings are unusable; the message names the key and where it came from."""


@dataclass(frozen=True)
class ServerConfig:
    """The effective settings of one server process."""

    data_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 0
    public_url: str | None = None
    open_registration: bool = False
    db_threads: int = 1
    log_level: str = "INFO"
    limits: ObjectLimits = field(default_factory=ObjectLimits)
    login_failures: int = MAX_FAILURES
    login_window: int = int(WINDOW)
    trusted_proxies: tuple[str, ...] = ()
    database: str | None = None
    blob_store: str | None = None
    s3_endpoint: str | None = None
    leader_interval: int = 60

    def __post_init__(self) -> None:
        _check_settings(self)


# the keys of [server] and [rate_limits] (ServerConfig fields of the same names)
_SERVER_KEYS: tuple[str, ...] = ("data_dir", "host", "port", "public_url", "open_registration")
_SERVER_KEYS += ("db_threads", "log_level", "trusted_proxies", "database", "blob_store")
_SERVER_KEYS += ("s3_endpoint", "leader_interval")
_RATE_KEYS = ("login_failures", "login_window")


def _check_settings(config: ServerConfig) -> None:
    if not config.host or any(c.isspace() for c in config.host):
        raise ConfigError("server.host must be a host name or address")
    if not 0 <= config.port <= 65535:
        raise ConfigError("server.port must be from 0 to 65535")
    if not 1 <= config.db_threads <= 64:
        raise ConfigError("server.db_threads must be from 1 to 64")
    if config.log_level not in LOG_LEVELS:
        raise ConfigError(f"server.log_level must be one of {', '.join(LOG_LEVELS)}")
    if config.public_url is not None:
        _check_public_url(config.public_url)
    if config.login_failures < 1 or config.login_window < 1:
        raise ConfigError("rate_limits.login_failures and login_window must be at least 1")
    _check_trusted_proxies(config.trusted_proxies)
    _check_backend(config)


def _check_backend(config: ServerConfig) -> None:
    if (config.database is None) != (config.blob_store is None):
        raise ConfigError(
            "server.database and server.blob_store go together: give both "
            "(--database postgresql://… --blob-store s3://BUCKET) or neither"
        )
    if not 1 <= config.leader_interval <= 86400:
        raise ConfigError("server.leader_interval must be from 1 to 86400 seconds")
    if config.database is not None:
        parts = urlsplit(config.database)
        if parts.scheme not in ("postgresql", "postgres") or not parts.hostname:
            raise ConfigError(
                "server.database must look like postgresql://USER@HOST:PORT/DB, "
                f"not {config.database!r}"
            )
        if parts.password is not None:
            raise ConfigError(
                "server.database must not hold a password: put it in PGPASSWORD or ~/.pgpass"
            )
    if config.blob_store is not None and not re.fullmatch(
        r"s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/?", config.blob_store
    ):
        raise ConfigError(
            f"server.blob_store must look like s3://BUCKET, not {config.blob_store!r}"
        )
    if config.s3_endpoint is not None:
        parts = urlsplit(config.s3_endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.password:
            raise ConfigError(
                "server.s3_endpoint must look like http://HOST:PORT (credentials come from "
                f"AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), not {config.s3_endpoint!r}"
            )
        if config.blob_store is None:
            raise ConfigError("server.s3_endpoint needs server.blob_store")


def _check_trusted_proxies(entries: tuple[str, ...]) -> None:
    for entry in entries:
        if not _is_network(entry):
            raise ConfigError(
                f"server.trusted_proxies: {entry!r} is not an IP address or network "
                "(like 10.0.0.0/8, with no host bits set)"
            )


def _is_network(text: str) -> bool:
    from server_stub.web import parse_networks

    try:
        parse_networks([text])
    except ValueError:
        return False
    return True


def _network_text(text: str) -> str:
    """The normal spelling of an address or network; a bad one is left for the check."""
    if not _is_network(text):
        return text
    from server_stub.web import parse_networks

    (network,) = parse_networks([text])
    if network.prefixlen == network.max_prefixlen:
        return str(network.network_address)
    return str(network)


def _check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"server.public_url must be an https:// URL, not {url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError("server.public_url must have no query, fragment or credentials")


# ---- reading values ---------------------------------------------------------------------


def _typed(value: Any, kind: type, where: str) -> Any:
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is bool and isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    if kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(f"{where} must be {_KIND_NAMES[kind]}, not {value!r}")


_KIND_NAMES: dict[type, str] = {
    int: "an integer",
    bool: "true or false",
    str: "a string",
    list: "a list of strings",
}
_KINDS: dict[str, type] = {
    "data_dir": str,
    "host": str,
    "port": int,
    "public_url": str,
    "open_registration": bool,
    "db_threads": int,
    "log_level": str,
    "trusted_proxies": list,
    "database": str,
    "blob_store": str,
    "s3_endpoint": str,
    "leader_interval": int,
    "login_failures": int,
    "login_window": int,
}


def _from_text(text: str, kind: type, where: str) -> Any:
    if kind is int:
        try:
            return int(text.strip())
        except ValueError:
            raise ConfigError(f"{where} must be an integer, not {text!r}") from None
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{where} must be true or false, not {text!r}")
    if kind is list:
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _normalized(name: str, value: Any) -> Any:
    if name == "data_dir":
        return Path(value).expanduser() if value else None
    if name in ("public_url", "database", "blob_store", "s3_endpoint"):
        return value or None
    if name == "log_level":
        return str(value).upper()
    if name == "trusted_proxies":
        return tuple(_network_text(entry) for entry in value)
    return value


def _file_values(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    allowed = {"server": _SERVER_KEYS, "limits": LIMIT_NAMES, "rate_limits": _RATE_KEYS}
    values: dict[str, Any] = {}
    limits: dict[str, int] = {}
    for section, table in document.items():
        if section not in allowed or not isinstance(table, dict):
            raise ConfigError(f"{path}: unknown section [{section}]")
        for key, value in table.items():
            where = f"{section}.{key} in {path}"
            if key not in allowed[section]:
                raise ConfigError(f"{path}: unknown key {section}.{key}")
            if section == "limits":
                limits[key] = _typed(value, int, where)
            else:
                values[key] = _normalized(key, _typed(value, _KINDS[key], where))
    if values.get("data_dir") is not None:  # relative to the file's folder
        values["data_dir"] = path.parent / values["data_dir"]
    return values, limits


def _environment_values(environ: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, int]]:
    values: dict[str, Any] = {}
    for name in (*_SERVER_KEYS, *_RATE_KEYS):
        variable = SERVER_ENV_PREFIX + name.upper()
        if variable in environ:
            values[name] = _normalized(name, _from_text(environ[variable], _KINDS[name], variable))
    limits = {
        name: _from_text(environ[variable], int, variable)
        for name, variable in OBJECT_ENV_NAMES.items()
        if variable in environ
    }
    return values, limits


def _with(
    config: ServerConfig, values: dict[str, Any], limits: dict[str, int], source: str
) -> ServerConfig:
    try:
        return replace(config, **values, limits=replace(config.limits, **limits))
    except ValueError as error:  # ServerConfig's checks, ObjectLimits' values below 1
        text = str(error).replace("object limit ", "limits.")
        raise ConfigError(f"{text} ({source})") from None


def load(path: Path | None = None, environ: Mapping[str, str] = os.environ) -> ServerConfig:
    """Defaults, then the file (`path`, else $PRIVSHARE_SERVER_CONFIG), then the environment."""
    config = ServerConfig()
    if path is None and environ.get(CONFIG_ENV):
        path = Path(environ[CONFIG_ENV])
    if path is not None:
        config = _with(config, *_file_values(path), f"in {path}")
    return _with(config, *_environment_values(environ), "from the environment")


# ---- command line -----------------------------------------------------------------------


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be from 0 to 65535")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every server command line shares; unset ones leave the config alone."""
    add = parser.add_argument
    add("--config", type=Path, metavar="FILE", help=f"TOML settings (also ${CONFIG_ENV})")
    add("--print-config", action="store_true", help="print the effective settings and exit")
    add("--data-dir", type=Path, help="where data and key live")
    add("--host", help="address to listen on (default 127.0.0.1)")
    add("--port", type=_port, help="port (default 0: any free port)")
    add("--open-registration", action="store_true", default=None, help="anyone may register")
    add("--public-url", help="base URL published by discovery, e.g. https://files.example")
    add("--db-threads", type=_positive, help="SQLite worker threads (default 1)")
    add("--log-level", type=str.upper, choices=LOG_LEVELS, help="default INFO")
    add("--database", metavar="URL", help="postgresql://USER@HOST:PORT/DB: rows in PostgreSQL")
    add("--blob-store", metavar="URL", help="s3://BUCKET: blocks in an S3 bucket")
    add("--s3-endpoint", metavar="URL", help="the S3 API, e.g. http://HOST:PORT (default AWS)")


def from_arguments(
    args: argparse.Namespace,
    environ: Mapping[str, str] = os.environ,
    default_data_dir: Callable[[], Path] | None = None,
) -> ServerConfig:
    """`load` with the command line's options on top (those given)."""
    config = load(getattr(args, "config", None), environ)
    given = {
        name: _normalized(name, getattr(args, name))
        for name in _SERVER_KEYS
        if getattr(args, name, None) is not None
    }
    config = _with(config, given, {}, "on the command line")
    if config.data_dir is None and default_data_dir is not None:
        config = replace(config, data_dir=default_data_dir())
    return config


def to_options(config: ServerConfig, *, bench: bool = False) -> Options:
    """The server's `Options`; a data directory is required by now."""
    from server_stub.server import Options

    if config.data_dir is None:
        raise ConfigError(
            "no data directory: give --data-dir, data_dir in [server] or "
            f"{SERVER_ENV_PREFIX}DATA_DIR"
        )
    return Options(
        config.data_dir,
        config.host,
        config.port,
        config.open_registration,
        config.public_url,
        bench,
        config.db_threads,
        object_env={
            variable: str(getattr(config.limits, name))
            for name, variable in OBJECT_ENV_NAMES.items()
        },
        login_failures=config.login_failures,
        login_window=config.login_window,
        trusted_proxies=config.trusted_proxies,
        database_url=config.database,
        blob_store=config.blob_store,
        s3_endpoint=config.s3_endpoint,
        leader_interval=float(config.leader_interval),
    )


# ---- writing ----------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return '"' + "".join(_ESCAPES.get(c) or _escaped(c) for c in str(value)) + '"'


_ESCAPES = {'"': '\\"', "\\": "\\\\"}


def _escaped(char: str) -> str:
    """A character of a TOML basic string: control characters as \\uXXXX."""
    return f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char


def _line(key: str, value: Any, unset: str) -> str:
    return f"# {key} is unset: {unset}" if value is None else f"{key} = {_toml_value(value)}"


def to_toml(config: ServerConfig) -> str:
    """The settings as TOML, in the layout `load` reads."""
    unset = {
        "data_dir": "give --data-dir",
        "public_url": "discovery uses each request's Host header",
        "database": "rows in DATA_DIR (SQLite)",
        "blob_store": "blocks in DATA_DIR",
        "s3_endpoint": "AWS",
    }
    lines = ["# Privshare server: effective settings (defaults < file < environment < flags)"]
    lines.append("[server]")
    lines += [_line(name, getattr(config, name), unset.get(name, "")) for name in _SERVER_KEYS]
    lines += ["", "[limits]"]
    lines += [f"{name} = {getattr(config.limits, name)}" for name in LIMIT_NAMES]
    lines += ["", "[rate_limits]"]
    lines += [f"{name} = {getattr(config, name)}" for name in _RATE_KEYS]
    return "\n".join(lines) + "\n"
