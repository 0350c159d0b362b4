#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (GnuPG for OpenPGP interop, the
# libraries Qt loads offscreen and under Xvfb, Chromium and its driver for the link-page
# tests, litmus and gio with GVfs's WebDAV backend for the drive, PostgreSQL and nginx for
# the scale-out tests in tests/scale). Installs only what is missing.
set -euo pipefail
# --bench adds the peers the benchmarks measure against (age, openssl, rclone, restic, curl).
packages=(gnupg xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core chromium chromium-driver)
packages+=(tinyproxy microsocks)  # real HTTP and SOCKS5 proxies for the client tests
packages+=(gnome-keyring dbus)  # a Secret Service (dbus-run-session) for the OS keyring test
packages+=(desktop-file-utils)  # desktop-file-validate for the desktop entry test
packages+=(litmus libglib2.0-bin gvfs-backends dbus-daemon)  # the drive: litmus, gio and GVfs's WebDAV backend
packages+=(postgresql nginx)  # real engines and balancer for tests/scale (issue 13)
[ "${1:-}" = "--bench" ] && packages+=(age openssl rclone restic curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
