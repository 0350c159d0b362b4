"""DESIGN §1: the import directions, and which packages may touch what."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# package -> the internal packages it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "app.crypto": set(),
    "app.protocol": {"app.crypto"},
    "app.wire": {"app.protocol", "app.crypto"},
    "app.pki": {"app.protocol", "app.crypto"},
    "app.fs": {"app.wire", "app.protocol", "app.crypto"},
    "app.vault": {"app.protocol", "app.crypto"},
    "app.client": {"app.wire", "app.protocol", "app.crypto"},
    "app.services": {
        "app.client",
        "app.vault",
        "app.fs",
        "app.pki",
        "app.wire",
        "app.protocol",
        "app.crypto",
    },
    "app.gui": {"app.drive", "app.services"},  # a thin shell over the use cases
    "app.drive": {"app.services"},
    "app.cli": {"app.drive", "app.services", "server_stub"},
    "server_stub": {"app.wire", "app.protocol", "app.pki", "app.crypto"},
}
PURE = {"app.crypto", "app.protocol"}

# Only `privshare server` starts the server in-process.
SERVER_COMMAND = "app.cli.commands.server"
DRIVE_COMMAND = "app.cli.commands.drive"  # starts the drive shell (app.drive)

FORBIDDEN_IN_PURE = {"socket", "time", "threading", "asyncio", "requests", "aiohttp"}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for top in ("app", "server_stub"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            found.append((".".join(rel.parts), path))
    return found


def _package_of(module: str) -> str | None:
    for pkg in sorted(ALLOWED, key=len, reverse=True):
        if module == pkg or module.startswith(pkg + "."):
            return pkg
    return None


def _imports(path: Path, module: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                is_pkg = path.name == "__init__.py"
                base = base[: len(base) - node.level + (1 if is_pkg else 0)]
                names.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                names.append(node.module)
    return names


def _imported_names(source: str) -> set[str]:
    """`package.module.Name` for every absolute `from ... import Name` (and every
    `import x.y`) of a module's source."""
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _past_services(module: str, source: str) -> list[str]:
    """What a CLI module imports from below `app.services` (DESIGN §1: none of it)."""
    found = []
    for name in sorted(_imported_names(source)):
        target = _package_of(name)
        if target in (None, "app.cli", "app.services"):
            continue
        if target == "server_stub" and module == SERVER_COMMAND:
            continue
        if target == "app.drive" and module == DRIVE_COMMAND:
            continue
        found.append(name)
    return found


MODULES = _modules()


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_import_direction(module: str, path: Path) -> None:
    own = _package_of(module)
    if own is None or own == "app.cli":  # the CLI has its own, name-by-name test below
        return
    for name in _imports(path, module):
        target = _package_of(name)
        if target is None or target == own:
            if name.split(".")[0] == "app" and target is None and name != "app":
                pytest.fail(f"{module} imports {name}, which belongs to no package of DESIGN §1")
            continue
        assert target in ALLOWED[own], f"{module} imports {name}: {own} may not import {target}"


CLI_MODULES = [(m, p) for m, p in MODULES if _package_of(m) == "app.cli"]


@pytest.mark.parametrize(("module", "path"), CLI_MODULES, ids=[m for m, _ in CLI_MODULES])
def test_the_cli_uses_services_only(module: str, path: Path) -> None:
    """The CLI is a shell over app.services: not one name from the floors below (the
    composition of vault, transport and connector is app.services.session's)."""
    reached = _past_services(module, path.read_text(encoding="utf-8"))
    assert not reached, f"{module} imports {reached}: the CLI uses app.services only"


@pytest.mark.parametrize(
    "line",
    [
        "from app.vault import Vault",
        "from app.client.transport import HttpTransport",
        "import app.crypto.bip39",
        "from app.pki.openpgp import Keystore",
        "from server_stub.config import ServerConfig",
        "from app.drive.server import DriveServer",
    ],
)
def test_the_cli_rule_catches_an_import_past_services(line: str) -> None:
    source = f"from app.services.session import Session\n{line}\n"
    assert _past_services("app.cli.commands.files", source), line
    assert not _past_services("app.cli.commands.files", "from app.services import pki\n")


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_library_confinement(module: str, path: Path) -> None:
    own = _package_of(module)
    roots = {name.split(".")[0] for name in _imports(path, module)}
    if "requests" in roots:
        assert own == "app.client", f"{module}: only app.client may use requests"
    if "PySide6" in roots:
        assert own == "app.gui", f"{module}: only app.gui may use PySide6"
    if roots & {"wsgidav", "cheroot"}:
        assert own == "app.drive", f"{module}: only app.drive may use WsgiDAV and cheroot"
    if own in PURE:
        bad = roots & FORBIDDEN_IN_PURE
        assert not bad, f"{module} ({own} does no I/O) imports {sorted(bad)}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "open"
        ]
        assert not calls, f"{module} ({own} does no I/O) calls open()"


def test_guard_sees_the_packages() -> None:
    seen = {_package_of(m) for m, _ in MODULES}
    assert {"app.crypto", "app.protocol", "server_stub"} <= seen


def _services_parts() -> dict[str, set[str]]:
    """Each part of app.services (a subpackage or a module) -> the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES:
        parts = module.split(".")
        if parts[:2] != ["app", "services"] or len(parts) < 3 or parts[2] == "__init__":
            continue
        found = graph.setdefault(parts[2], set())
        # `from app.services import account` names the part; `from app.services.x...` too
        for name in _imported_names(path.read_text(encoding="utf-8")) | set(_imports(path, module)):
            if name.startswith("app.services."):
                found.add(name.split(".")[2])
        found.discard(parts[2])
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports in `graph`, or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for target in sorted(graph.get(node, ())):
            circle = visit(target, [*path, node])
            if circle:
                return circle
        done.add(node)
        return None

    for start in sorted(graph):
        circle = visit(start, [])
        if circle:
            return circle
    return None


def test_the_parts_of_services_import_each_other_in_one_direction() -> None:
    """Inside app.services every arrow points down too: a part that imports another is
    never imported by it, however indirectly (so `account` may not reach into `sharing`,
    which builds on accounts, nor `files` into `sharing`, which mounts trees of files)."""
    graph = _services_parts()
    assert {"account", "files", "sharing", "session"} <= set(graph)
    circle = _circle(graph)
    assert circle is None, f"app.services imports in a circle: {' -> '.join(circle or [])}"


def test_the_circle_finder_finds_one() -> None:
    assert _circle({"account": {"pki"}, "pki": {"errors"}, "errors": set()}) is None
    found = _circle({"account": {"sharing"}, "sharing": {"files", "account"}, "files": set()})
    assert found == ["account", "sharing", "account"]
