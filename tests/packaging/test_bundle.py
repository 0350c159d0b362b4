"""The PyInstaller bundle itself: built from packaging/privshare.spec into a temporary
folder (or PRIVSHARE_BUNDLE=path/to/dist/privshare to check one built by `make package`),
then its contents, its size, its self-test, its embedded-server role and its first window,
all offscreen. Slow (~45 s to build on 2 cores). PyInstaller is in the dev extra, so
`make test` builds and self-tests the bundle (issue 8: under two minutes here)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]
SIZE_TARGET = 200 * 1024 * 1024
QT_PLUGINS = "_internal/PySide6/Qt/plugins"


def _measure_once() -> object:
    spec = importlib.util.spec_from_file_location("measure", ROOT / "packaging/measure_start.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure_once


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("PRIVSHARE_BUNDLE")
    if given:
        yield Path(given)
        return
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (`make package` installs the package extra)")
    folder = tmp_path_factory.mktemp("bundle")
    env = dict(os.environ, DISTPATH=str(folder / "dist"), WORKPATH=str(folder / "work"))
    build = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), sys.executable],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    yield folder / "dist" / "privshare"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update(QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path), HOME=str(tmp_path))
    return env


def test_size_is_within_target(bundle: Path) -> None:
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size <= SIZE_TARGET, f"{size / 2**20:.0f} MiB"


@pytest.mark.parametrize(
    "relative",
    [
        "privshare",
        "_internal/resources/icons/privshare.svg",
        "_internal/resources/icons/privshare-app.svg",
        "_internal/resources/styles/light.qss",
        "_internal/resources/styles/dark.qss",
        "_internal/resources/privshare.desktop",
        "_internal/mnemonic/wordlist/english.txt",
        "_internal/shamir_mnemonic/wordlist.txt",
        "_internal/app/gui/translations/privshare_de.qm",  # compiled by build.sh
        "_internal/app/gui/translations/privshare_pl.qm",
        "_internal/PySide6/Qt/translations/qtbase_de.qm",  # Qt's own dialog buttons
        "_internal/PySide6/Qt/translations/qtbase_pl.qm",
        f"{QT_PLUGINS}/platforms/libqoffscreen.so",
        f"{QT_PLUGINS}/platforms/libqxcb.so",
        f"{QT_PLUGINS}/imageformats/libqsvg.so",
        f"{QT_PLUGINS}/iconengines/libqsvgicon.so",
    ],
)
def test_declared_files_are_inside(bundle: Path, relative: str) -> None:
    assert (bundle / relative).is_file(), relative


@pytest.mark.parametrize(
    "pattern",
    [
        "_internal/coincurve/_libsecp256k1*.so",
        "_internal/nacl/_sodium*.so",
        "_internal/msgpack/_cmsgpack*.so",
        "_internal/keyring-*.dist-info/entry_points.txt",
    ],
)
def test_native_parts_and_metadata_are_inside(bundle: Path, pattern: str) -> None:
    assert list(bundle.glob(pattern)), pattern


def test_keyring_backends_are_declared(bundle: Path) -> None:
    (entry_points,) = bundle.glob("_internal/keyring-*.dist-info/entry_points.txt")
    text = entry_points.read_text()
    assert "[keyring.backends]" in text and "keyring.backends.SecretService" in text


def test_wordlist_is_the_published_one(bundle: Path) -> None:
    words = (bundle / "_internal/mnemonic/wordlist/english.txt").read_text().split()
    assert len(words) == 2048 and words[0] == "abandon" and words[-1] == "zoo"


def test_self_test_passes_offscreen(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(bundle / "privshare"), "--self-test"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("privshare self-test passed")


def test_embedded_server_role(bundle: Path, tmp_path: Path) -> None:
    command = [str(bundle / "privshare"), "-m", "server_stub", "--data-dir", str(tmp_path / "d")]
    result = subprocess.run(
        [*command, "--print-config"], capture_output=True, text=True, env=_env(tmp_path), timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(result.stdout)["server"]["data_dir"] == str(tmp_path / "d")


def test_first_window_is_shown(bundle: Path) -> None:
    measure_once = _measure_once()
    seconds = measure_once([str(bundle / "privshare")])  # type: ignore[operator]
    assert 0 < seconds < 20  # the 1.5 s target is reported by measure_start.py, not gated
