"""server_stub/config.py: layers (defaults < file < environment < flags), refusals, and
`--print-config` output that tomllib (the independent reader) parses back to the same
settings."""

from __future__ import annotations

import argparse
import ipaddress
import os
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server_stub import config
from server_stub.config import ConfigError, ServerConfig
from server_stub.objects.config import ENV_NAMES, MAX_BLOCK, ObjectLimits
from server_stub.throttle import MAX_FAILURES, WINDOW

ROOT = Path(__file__).resolve().parents[3]


def _write(folder: Path, text: str) -> Path:
    path = folder / "server.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    config.add_arguments(parser)
    return parser.parse_args(list(argv))


FILE = """
[server]
data_dir = "data"
host = "0.0.0.0"
port = 8080
public_url = "https://files.example.com"
open_registration = true
db_threads = 2
log_level = "warning"

[limits]
quota = 5000
versions_kept = 3

[rate_limits]
login_failures = 5
login_window = 600
"""


def test_defaults_are_the_servers_own() -> None:
    loaded = config.load(None, {})
    assert loaded == ServerConfig()
    assert loaded.limits == ObjectLimits()
    assert (loaded.login_failures, loaded.login_window) == (MAX_FAILURES, WINDOW)
    assert (loaded.host, loaded.port, loaded.open_registration) == ("127.0.0.1", 0, False)
    with pytest.raises(ConfigError, match="no data directory"):
        config.to_options(loaded)


def test_file_values_are_read(tmp_path: Path) -> None:
    loaded = config.load(_write(tmp_path, FILE), {})
    assert loaded.data_dir == tmp_path / "data"  # relative to the file's folder
    assert (loaded.host, loaded.port, loaded.db_threads) == ("0.0.0.0", 8080, 2)
    assert loaded.public_url == "https://files.example.com"
    assert loaded.open_registration is True
    assert loaded.log_level == "WARNING"
    assert loaded.limits == replace(ObjectLimits(), quota=5000, versions_kept=3)
    assert (loaded.login_failures, loaded.login_window) == (5, 600)


def test_config_file_named_by_the_environment(tmp_path: Path) -> None:
    path = _write(tmp_path, FILE)
    assert config.load(None, {config.CONFIG_ENV: str(path)}) == config.load(path, {})


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    environ = {
        "PRIVSHARE_SERVER_PORT": "9000",
        "PRIVSHARE_SERVER_OPEN_REGISTRATION": "no",
        "PRIVSHARE_SERVER_PUBLIC_URL": "",  # empty: unset
        "PRIVSHARE_SERVER_LOGIN_WINDOW": "60",
        "PRIVSHARE_OBJECTS_QUOTA": "7777",  # the store's own variable still works
        "PRIVSHARE_SERVER_DATA_DIR": str(tmp_path / "elsewhere"),
    }
    loaded = config.load(_write(tmp_path, FILE), environ)
    assert (loaded.port, loaded.open_registration, loaded.public_url) == (9000, False, None)
    assert loaded.login_window == 60 and loaded.login_failures == 5
    assert loaded.limits.quota == 7777 and loaded.limits.versions_kept == 3
    assert loaded.data_dir == tmp_path / "elsewhere"


def test_flags_override_the_environment(tmp_path: Path) -> None:
    path = _write(tmp_path, FILE)
    args = _args("--config", str(path), "--port", "1234", "--log-level", "debug")
    loaded = config.from_arguments(args, {"PRIVSHARE_SERVER_PORT": "9000"})
    assert (loaded.port, loaded.log_level, loaded.host) == (1234, "DEBUG", "0.0.0.0")
    unset = config.from_arguments(_args(), {}, default_data_dir=lambda: tmp_path / "d")
    assert unset.data_dir == tmp_path / "d" and unset.port == 0


def test_options_carry_every_setting(tmp_path: Path) -> None:
    loaded = config.load(_write(tmp_path, FILE), {})
    options = config.to_options(loaded, bench=True)
    assert options.data_dir == tmp_path / "data" and options.bench
    assert (options.host, options.port, options.db_threads) == ("0.0.0.0", 8080, 2)
    assert options.public_url == "https://files.example.com" and options.open_registration
    assert (options.login_failures, options.login_window) == (5, 600)
    assert options.object_env is not None and set(options.object_env) == set(ENV_NAMES.values())
    # the object store parses that mapping itself: it must give the configured limits
    assert ObjectLimits.from_environ(options.object_env) == loaded.limits


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[server]\nprot = 80\n", "unknown key server.prot"),
        ("[serverr]\nport = 80\n", r"unknown section \[serverr\]"),
        ("port = 80\n", r"unknown section \[port\]"),
        ('[server]\nport = "80"\n', "server.port .* must be an integer"),
        ("[server]\nport = 70000\n", "server.port must be from 0 to 65535"),
        ("[server]\nport = 80.0\n", "must be an integer"),
        ('[server]\nopen_registration = "yes"\n', "must be true or false"),
        ("[server]\ndb_threads = 0\n", "db_threads must be from 1 to 64"),
        ('[server]\nlog_level = "LOUD"\n', "log_level must be one of"),
        ('[server]\npublic_url = "ftp://x"\n', "public_url must be an https:// URL"),
        ('[server]\npublic_url = "https://x/?a=1"\n', "no query"),
        ("[limits]\nquota = 0\n", "limits.quota must be a positive integer"),
        ("[limits]\nquota = true\n", "limits.quota .* must be an integer"),
        ("[limits]\nmax_transfers = 3\n", "unknown key limits.max_transfers"),
        ("[rate_limits]\nlogin_failures = 0\n", "login_failures"),
        ("[server\n", "not valid TOML"),
    ],
)
def test_bad_files_are_refused_by_name(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config.load(_write(tmp_path, text), {})


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PRIVSHARE_SERVER_PORT": "eighty"}, "PRIVSHARE_SERVER_PORT must be an integer"),
        ({"PRIVSHARE_SERVER_OPEN_REGISTRATION": "maybe"}, "must be true or false"),
        ({"PRIVSHARE_OBJECTS_QUOTA": "lots"}, "PRIVSHARE_OBJECTS_QUOTA must be an integer"),
        ({"PRIVSHARE_OBJECTS_QUOTA": "-1"}, "limits.quota .*from the environment"),
        ({"PRIVSHARE_SERVER_PORT": "-1"}, "port must be from 0 to 65535 .*environment"),
        ({"PRIVSHARE_OBJECTS_MAX_BLOCK": "16781313"}, "max_block must be at most 16781312 "),
    ],
)
def test_bad_environment_values_are_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config.load(None, environ)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the config file"):
        config.load(tmp_path / "absent.toml", {})


_limits = st.builds(
    ObjectLimits,
    **{name: st.integers(1, 2**62) for name in ENV_NAMES if name != "max_block"},
    max_block=st.integers(1, MAX_BLOCK),
)
# characters TOML strings must escape or keep as they are, and any others
_path_chars = st.sampled_from(list("ab/\\\"'\t\n\x00\x1f\x7f é☃😀#=[]{}")) | st.characters(
    exclude_categories=("Cs",)  # no lone surrogates: the path is written to a file
)
_urls = st.from_regex(
    r"https://[a-z]{1,12}(\.[a-z]{2,5})?(:[0-9]{1,5})?(/[a-z]{0,8})?", fullmatch=True
)
_configs = st.builds(
    ServerConfig,
    data_dir=st.none() | st.text(_path_chars, min_size=1, max_size=30).map(lambda t: Path("/" + t)),
    host=st.sampled_from(["127.0.0.1", "::1", "0.0.0.0", "files.example"]),
    port=st.integers(0, 65535),
    public_url=st.none() | _urls,
    open_registration=st.booleans(),
    db_threads=st.integers(1, 64),
    log_level=st.sampled_from(config.LOG_LEVELS),
    limits=_limits,
    login_failures=st.integers(1, 10_000),
    login_window=st.integers(1, 10**7),
)


@settings(max_examples=60, deadline=None)
@given(_configs)
def test_printed_settings_read_back_the_same(
    tmp_path_factory: pytest.TempPathFactory, settings_: ServerConfig
) -> None:
    text = config.to_toml(settings_)
    document = tomllib.loads(text)  # the standard reader, not ours
    assert document["server"]["port"] == settings_.port
    assert document["limits"]["quota"] == settings_.limits.quota
    path = _write(tmp_path_factory.mktemp("printed"), text)
    assert config.load(path, {}) == settings_


def test_print_config_of_the_server_process(tmp_path: Path) -> None:
    """`python -m server_stub --print-config`: the file, the environment and a flag, as TOML;
    nothing is created in the data directory."""
    path = _write(tmp_path, FILE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_OBJECTS_VERSIONS"] = "4"
    command = [sys.executable, "-m", "server_stub", "--config", str(path), "--port", "4321"]
    result = subprocess.run(
        [*command, "--print-config"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    printed = tomllib.loads(result.stdout)
    assert printed["server"]["port"] == 4321
    assert printed["server"]["data_dir"] == str(tmp_path / "data")
    assert printed["limits"]["versions_kept"] == 4 and printed["limits"]["quota"] == 5000
    assert printed["rate_limits"] == {"login_failures": 5, "login_window": 600}
    assert not (tmp_path / "data").exists()


def test_cli_server_refuses_a_bad_config_with_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "[server]\nport = 99999\n")
    command = [sys.executable, "-m", "app", "server", "--config", str(path), "--print-config"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "server.port must be from 0 to 65535" in result.stderr


def test_the_shipped_example_config_loads() -> None:
    """packaging/server/server.toml (docs/deploy.md) is valid and says what it claims."""
    loaded = config.load(ROOT / "packaging" / "server" / "server.toml", {})
    assert loaded.data_dir == Path("/var/lib/privshare")
    assert (loaded.host, loaded.port) == ("127.0.0.1", 8080)
    assert loaded.public_url == "https://files.example.com" and not loaded.open_registration
    assert loaded.limits == ObjectLimits()  # the example spells out the defaults
    assert (loaded.login_failures, loaded.login_window) == (MAX_FAILURES, WINDOW)


# ---- trusted_proxies (web.py `client_address`) ------------------------------------------


def test_trusted_proxies_from_the_file_are_normalised(tmp_path: Path) -> None:
    text = '[server]\ntrusted_proxies = ["127.0.0.1/32", "10.0.0.0/8", "2001:DB8::/32", "::1"]\n'
    loaded = config.load(_write(tmp_path, text), {})
    assert loaded.trusted_proxies == ("127.0.0.1", "10.0.0.0/8", "2001:db8::/32", "::1")
    assert config.load(None, {}).trusted_proxies == ()  # none trusted by default
    options = config.to_options(replace(loaded, data_dir=tmp_path))
    assert options.trusted_proxies == loaded.trusted_proxies


def test_trusted_proxies_from_the_environment_are_comma_separated(tmp_path: Path) -> None:
    path = _write(tmp_path, '[server]\ntrusted_proxies = ["10.0.0.0/8"]\n')
    variable = "PRIVSHARE_SERVER_TRUSTED_PROXIES"
    loaded = config.load(path, {variable: " 127.0.0.1 , ::1,,192.168.0.0/16 "})
    assert loaded.trusted_proxies == ("127.0.0.1", "::1", "192.168.0.0/16")
    assert config.load(path, {variable: ""}).trusted_proxies == ()  # empty: none


@pytest.mark.parametrize(
    "text",
    [
        '[server]\ntrusted_proxies = ["10.0.0.1/8"]\n',  # host bits set: a typo
        '[server]\ntrusted_proxies = ["proxy.example"]\n',  # names are not resolved
        '[server]\ntrusted_proxies = ["127.0.0.1", ""]\n',
        '[server]\ntrusted_proxies = ["fe80::1%eth0"]\n',
    ],
)
def test_bad_trusted_proxies_are_refused_by_name(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match=r"server.trusted_proxies: .* is not an IP address"):
        config.load(_write(tmp_path, text), {})


@pytest.mark.parametrize(
    "text", ['[server]\ntrusted_proxies = "127.0.0.1"\n', "[server]\ntrusted_proxies = [1]\n"]
)
def test_trusted_proxies_must_be_a_list_of_strings(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match=r"trusted_proxies .* must be a list of strings"):
        config.load(_write(tmp_path, text), {})


def test_bad_trusted_proxies_in_the_environment_are_refused() -> None:
    environ = {"PRIVSHARE_SERVER_TRUSTED_PROXIES": "127.0.0.1, nginx"}
    with pytest.raises(ConfigError, match=r"'nginx' is not an IP address .*from the environment"):
        config.load(None, environ)


_networks = st.one_of(
    st.ip_addresses().map(str),
    st.builds(lambda ip, bits: f"{ip}/{bits}", st.ip_addresses(v=4), st.integers(0, 32)),
    st.builds(lambda ip, bits: f"{ip}/{bits}", st.ip_addresses(v=6), st.integers(0, 128)),
).map(lambda text: str(ipaddress.ip_network(text, strict=False)))


@settings(max_examples=60, deadline=None)
@given(st.lists(_networks, max_size=5))
def test_printed_trusted_proxies_read_back_the_same(
    tmp_path_factory: pytest.TempPathFactory, networks: list[str]
) -> None:
    loaded = config.load(None, {"PRIVSHARE_SERVER_TRUSTED_PROXIES": ",".join(networks)})
    expected = [ipaddress.ip_network(text) for text in networks]
    assert [ipaddress.ip_network(text) for text in loaded.trusted_proxies] == expected
    text = config.to_toml(loaded)
    assert tomllib.loads(text)["server"]["trusted_proxies"] == list(loaded.trusted_proxies)
    path = _write(tmp_path_factory.mktemp("printed"), text)
    assert config.load(path, {}) == loaded


def test_print_config_shows_the_trusted_proxies(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_SERVER_TRUSTED_PROXIES"] = "127.0.0.1,::1"
    command = [sys.executable, "-m", "server_stub", "--data-dir", str(tmp_path), "--print-config"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(result.stdout)["server"]["trusted_proxies"] == ["127.0.0.1", "::1"]
