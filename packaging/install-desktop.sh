#!/usr/bin/env bash
# Install the built bundle for the current user on Linux: the program in
# ~/.local/opt/privshare, a `privshare` link in ~/.local/bin, the desktop entry (with an
# absolute Exec path) and the icon, and make Privshare the handler of privshare:// links.
#   packaging/install-desktop.sh [BUNDLE_DIR]     (default dist/privshare)
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="${1:-dist/privshare}"
[ -x "$bundle/privshare" ] || { echo "no bundle at $bundle: run make package" >&2; exit 1; }
data="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$HOME/.local/opt/privshare"
rm -rf "$target" && mkdir -p "$target" "$HOME/.local/bin" "$data/applications" \
  "$data/icons/hicolor/scalable/apps" "$data/icons/hicolor/256x256/apps"
cp -a "$bundle/." "$target/"
ln -sf "$target/privshare" "$HOME/.local/bin/privshare"
sed -e "s|^Exec=privshare |Exec=$target/privshare |" -e "s|^TryExec=privshare$|TryExec=$target/privshare|" \
  resources/privshare.desktop > "$data/applications/privshare.desktop"
cp resources/icons/privshare-app.svg "$data/icons/hicolor/scalable/apps/privshare.svg"
cp resources/icons/privshare-256.png "$data/icons/hicolor/256x256/apps/privshare.png"
if command -v update-desktop-database >/dev/null; then update-desktop-database "$data/applications"; fi
if command -v xdg-mime >/dev/null; then xdg-mime default privshare.desktop x-scheme-handler/privshare; fi
echo "installed in $target; privshare:// links now open Privshare"
