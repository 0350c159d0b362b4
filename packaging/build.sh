#!/usr/bin/env bash
# Build the one-folder desktop bundle dist/privshare/ (Linux) from packaging/privshare.spec.
#   packaging/build.sh [PYTHON]      (default .venv/bin/python, with the `package` extra)
# DISTPATH and WORKPATH may point elsewhere (the packaging tests build into a temporary
# folder). Prints the bundle's size and the build time at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"
distpath="${DISTPATH:-dist}"
workpath="${WORKPATH:-build/pyinstaller}"
SECONDS=0
# the interface's translations: compiled from the .ts sources here, never committed
for ts in app/gui/translations/privshare_*.ts; do
  "$(dirname "$python")/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$distpath" --workpath "$workpath" packaging/privshare.spec
size=$(du -sm "$distpath/privshare" | cut -f1)
printf 'bundle %s/privshare: %s MB, built in %d s\n' "$distpath" "$size" "$SECONDS"
