"""Every string the interface shows has a finished German and Polish translation with
the source's placeholders: pyside6-lupdate reads the current sources into copies of the
shipped .ts files (a string added since comes in unfinished), and lrelease compiles them.

`make translations-update` refreshes the shipped files the same way; this test then lists
what is left to translate."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from app.gui.i18n import pick_language

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "app" / "gui"
SHIPPED = ("de", "pl")
PLURAL_FORMS = {"de": 2, "pl": 3}  # Qt's numerus forms: Polish has one, few and many
PLACEHOLDER = re.compile(r"%n|%\d|\{[A-Za-z_]\w*\}")
ACCELERATOR = re.compile(r"&(?=\w)")
TIMEOUT = 120  # seconds: a busy machine


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is missing: it comes with PySide6 (pip install -e .)"
    return found


def _updated(tmp_path: Path) -> dict[str, Path]:
    sources = sorted(str(path) for path in GUI.rglob("*.py"))
    copies = {}
    for language in SHIPPED:
        copy = tmp_path / f"privshare_{language}.ts"
        shutil.copy(GUI / "translations" / copy.name, copy)
        copies[language] = copy
    options = ["-silent", "-no-obsolete", "-locations", "none"]
    subprocess.run(
        [_tool("pyside6-lupdate"), *options, *sources, "-ts", *map(str, copies.values())],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return copies


def _problems(language: str, ts_file: Path) -> list[str]:
    found = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            forms = (
                [form.text or "" for form in translation.iter("numerusform")]
                if message.get("numerus") == "yes"
                else [translation.text or ""]
            )
            where = f"{language} {name}: {source!r}"
            if translation.get("type") in ("unfinished", "vanished", "obsolete"):
                found.append(f"{where} is not translated")
            elif not all(form.strip() for form in forms):
                found.append(f"{where} has an empty translation")
            elif message.get("numerus") == "yes" and len(forms) != PLURAL_FORMS[language]:
                found.append(f"{where} needs {PLURAL_FORMS[language]} plural forms")
            for form in forms:
                wanted, got = PLACEHOLDER.findall(source), PLACEHOLDER.findall(form)
                if form.strip() and Counter(wanted) != Counter(got):
                    found.append(f"{where} -> {form!r}: placeholders {wanted} != {got}")
                if form.strip() and ACCELERATOR.search(source) and not ACCELERATOR.search(form):
                    found.append(f"{where} -> {form!r}: the & accelerator is missing")
    return found


def _hidden_from_lupdate(path: Path) -> list[str]:
    """tr()/translate() calls lupdate cannot read: an f-string as the text, or a literal
    text inside an f-string's {...}."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside_fstring = {
        id(node)
        for joined in ast.walk(tree)
        if isinstance(joined, ast.JoinedStr)
        for node in ast.walk(joined)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        text = node.args[1 if name == "translate" else 0] if name in ("tr", "translate") else None
        if name == "translate" and len(node.args) < 2:
            continue
        if isinstance(text, ast.JoinedStr):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(f-string)")
        elif isinstance(text, ast.Constant) and id(node) in inside_fstring:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}() inside an f-string")
    return found


def test_lupdate_sees_every_translated_string() -> None:
    hidden = [line for path in sorted(GUI.rglob("*.py")) for line in _hidden_from_lupdate(path)]
    assert not hidden, 'use tr("... %1").replace("%1", value) instead:\n' + "\n".join(hidden)


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _updated(tmp_path_factory.mktemp("translations"))


@pytest.mark.parametrize("language", SHIPPED)
def test_every_string_has_a_finished_translation_with_its_placeholders(
    language: str, updated: dict[str, Path]
) -> None:
    problems = _problems(language, updated[language])
    assert not problems, (
        f"{len(problems)} strings to fix in app/gui/translations/privshare_{language}.ts "
        "(make translations-update adds new ones):\n" + "\n".join(problems)
    )


def test_the_checks_catch_a_missing_translation_and_a_lost_placeholder(tmp_path: Path) -> None:
    broken = tmp_path / "privshare_de.ts"
    broken.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="de">'
        "<context><name>Menu</name>"
        "<message><source>Sent “%1” to %2</source><translation>Gesendet an %2"
        "</translation></message>"
        '<message><source>Upload</source><translation type="unfinished"></translation>'
        "</message>"
        "<message><source>&amp;Files</source><translation>Dateien</translation></message>"
        '<message numerus="yes"><source>%n items</source><translation>'
        "<numerusform>%n Element</numerusform></translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    problems = "\n".join(_problems("de", broken))
    assert "placeholders ['%1', '%2'] != ['%2']" in problems
    assert "'Upload' is not translated" in problems
    assert "accelerator is missing" in problems
    assert "needs 2 plural forms" in problems


@pytest.mark.parametrize("language", SHIPPED)
def test_lrelease_compiles_every_message(language: str, updated: dict[str, Path]) -> None:
    target = updated[language].with_suffix(".qm")
    done = subprocess.run(
        [_tool("pyside6-lrelease"), str(updated[language]), "-qm", str(target)],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    generated = re.search(
        r"Generated (\d+) translation\(s\) \((\d+) finished and (\d+) unfin", done.stdout
    )
    assert generated is not None, done.stdout
    total, finished, unfinished = map(int, generated.groups())
    assert total == finished > 0 and unfinished == 0, done.stdout
    assert "Ignored" not in done.stdout, done.stdout


@pytest.mark.parametrize(
    ("env", "setting", "system", "chosen"),
    [
        ({"PRIVSHARE_LANG": "pl"}, "de", ["de-DE"], "pl"),  # the environment wins
        ({"PRIVSHARE_LANG": "de_AT.UTF-8"}, "system", ["en-US"], "de"),
        ({"PRIVSHARE_LANG": "fr"}, "pl", ["pl-PL"], "en"),  # not shipped: English
        ({}, "de", ["pl-PL"], "de"),  # the Settings dialog's choice
        ({}, "en", ["pl-PL"], "en"),
        ({}, "system", ["pl-PL", "pl", "en-US"], "pl"),
        ({}, "system", ["fr-FR", "de-CH", "en"], "de"),  # the first shipped one
        ({}, "system", ["fr-FR", "en-GB", "de"], "en"),  # English before German
        ({}, "system", ["fr-FR"], "en"),
    ],
)
def test_the_language_comes_from_the_environment_then_the_setting_then_the_system(
    env: dict[str, str], setting: str, system: list[str], chosen: str
) -> None:
    assert pick_language(setting, env, system) == chosen
