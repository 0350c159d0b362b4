# Every target sets up what it needs: a fresh Debian/Ubuntu machine with Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export MALLOC_MMAP_THRESHOLD_ ?= 67108864
export MALLOC_TRIM_THRESHOLD_ ?= 268435456

.PHONY: run test check lint types fast-tests sysdeps bench clean package package-test fuzz crash
.PHONY: translations translations-update

$(VENV)/.runtime: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

$(VENV)/.package: $(VENV)/.runtime
	$(PY) -m pip install -q -e '.[package]'
	@touch $@

# The interface's translations (app/gui/i18n.py): `translations-update` refreshes the .ts
# sources from the code (new strings come in unfinished; the test names them), and
# `translations` compiles them into .qm files beside them (build output, not committed).
TS := app/gui/translations/privshare_de.ts app/gui/translations/privshare_pl.ts
QM := $(TS:.ts=.qm)
translations: $(QM)

app/gui/translations/%.qm: app/gui/translations/%.ts $(VENV)/.runtime
	@$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations-update: $(VENV)/.dev
	$(VENV)/bin/pyside6-lupdate -no-obsolete -locations none $$(find app/gui -name '*.py' | sort) -ts $(TS)
	$(PY) -m pytest -q tests/unit/test_translations.py

# The desktop bundle dist/privshare/ (PyInstaller, one folder; packaging/README.md).
package: $(VENV)/.package translations
	@bash packaging/build.sh $(PY)

# Build, then the bundle's self-test and its start to first window, both offscreen.
package-test: package
	QT_QPA_PLATFORM=offscreen dist/privshare/privshare --self-test
	$(PY) packaging/measure_start.py --runs 3

sysdeps:
	@bash scripts/sysdeps.sh

# The desktop app (embedded local server by default). With no display it says how to run
# it (xvfb-run -a make run, or the CLI) and exits 3. Qt's system libraries: scripts/sysdeps.sh.
run: $(VENV)/.runtime translations
	@bash scripts/sysdeps.sh || echo "make run: some system libraries are missing (above); trying anyway"
	$(PY) -m app.gui

# PNGs of the real app against a local server with sample data, under Xvfb (docs/screenshots/).
.PHONY: screenshots
screenshots: $(VENV)/.runtime translations
	@bash scripts/sysdeps.sh
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m app.gui.screenshots docs/screenshots

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check app server_stub tests bench
	$(VENV)/bin/ruff format --check app server_stub tests bench

types: $(VENV)/.dev
	$(VENV)/bin/mypy

fast-tests: $(VENV)/.dev translations
	$(PY) -m pytest -q -m "not slow"

check: lint types fast-tests

test: $(VENV)/.dev sysdeps lint types translations
	$(PY) -m pytest -q

# Every benchmark under bench/, each beside its peers, then docs/performance.md (~6 min).
# The app's modules are compiled first, as an installed wheel or the bundle has them:
# PYTHONDONTWRITEBYTECODE (set on these machines) would make every bench client compile
# them again at start-up.
bench: $(VENV)/.dev
	@bash scripts/sysdeps.sh --bench
	$(PY) -m compileall -q app server_stub
	$(PY) bench/report.py

# Coverage-guided fuzzing (atheris) of every target in tests/fuzz/targets.py, FUZZ_MINUTES
# each, one after another on one core at low priority; crashes go to tests/fuzz/findings/.
FUZZ_MINUTES ?= 5
fuzz: $(VENV)/.dev
	@for target in $$($(PY) -c 'import sys; sys.path.insert(0, "tests"); from fuzz.targets import TARGETS; print(" ".join(TARGETS))'); do \
		echo "== fuzz $$target ($(FUZZ_MINUTES) min)"; \
		nice $(PY) tests/fuzz/run.py $$target $$(( $(FUZZ_MINUTES) * 60 )) 2>&1 | grep -E '^(stat::|==[0-9]+== ERROR|INFO: Running|Done )' || true; \
	done

# Fault injection (tests/crash/crash_run.py): kill -9 of the real server during put, mkdir,
# mv, rm, share, unshare and accept, and of `privshare put`/`get`; prints trials, lost,
# plaintext-left. A 20-trial version runs inside make test (marked slow).
CRASH_TRIALS ?= 300
crash: $(VENV)/.dev
	$(PY) tests/crash/crash_run.py $(CRASH_TRIALS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
