#!/usr/bin/env bash
# Installs what building and testing Quarry needs and is missing: Debian packages (apt, via sudo
# when not root), the UI's npm packages (npm ci, only when the lock file changed) and tauri-driver
# (cargo install, into a cache). Safe to run again and again; prints only what it does.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${QUARRY_CACHE:-$HOME/.cache/quarry}

# Build: the Tauri/WebKitGTK stack and a C++ compiler for DuckDB.
build_packages=(build-essential ccache pkg-config file libwebkit2gtk-4.1-dev libgtk-3-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev libxdo-dev libssl-dev)
# Tests: a virtual display, a session bus, WebKit's WebDriver, ImageMagick for screenshots and
# poppler (pdftotext, pdftoppm) to read the PDFs reports write, and gnome-keyring as the Secret
# Service for crates/auth (.ci/with-keyring), and PostgreSQL's server binaries for the hub's
# and sync's tests (each run starts a throwaway cluster with initdb/pg_ctl; no service is used),
# and Python's venv for the S3-compatible server the hub's S3 tests store snapshots in.
test_packages=(xvfb xauth dbus-daemon dbus-x11 webkit2gtk-driver imagemagick poppler-utils
  gnome-keyring postgresql python3-venv)

want=("${build_packages[@]}")
[ "${1:-}" = "--test" ] && want+=("${test_packages[@]}")

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing; install Rust (rustup) and Node.js 20+ first" >&2; exit 1; }
done

# npm ci only when package-lock.json is newer than the last install.
stamp="$root/ui/node_modules/.quarry-installed"
if [ ! -f "$stamp" ] || [ "$root/ui/package-lock.json" -nt "$stamp" ]; then
  echo "setup: npm ci in ui/"
  # npm 11 rejects this lock in `npm ci` for the Tauri CLI's other-platform optional packages
  # ("Missing: @tauri-apps/cli-darwin-arm64"); `npm install` installs the same locked versions.
  (cd "$root/ui" && { npm ci --no-audit --no-fund --yes --cache "$cache/npm" 2>/dev/null ||
    npm install --no-audit --no-fund --yes --cache "$cache/npm"; })
  touch "$stamp"
fi

if [ "${1:-}" = "--test" ]; then
  # The OpenID provider crates/auth's tests run on loopback (oidc-provider from npm).
  provider="$root/tests/oidc-provider"
  provider_stamp="$provider/node_modules/.quarry-installed"
  if [ ! -f "$provider_stamp" ] || [ "$provider/package-lock.json" -nt "$provider_stamp" ]; then
    echo "setup: npm ci in tests/oidc-provider/"
    (cd "$provider" && npm ci --no-audit --no-fund --yes --cache "$cache/npm")
    touch "$provider_stamp"
  fi

  # moto's standalone S3-compatible server (PyPI), in its own virtualenv in the cache.
  moto="$cache/tools/moto"
  if [ ! -x "$moto/bin/moto_server" ]; then
    echo "setup: installing moto[server] 5.2.5 into $moto"
    python3 -m venv "$moto"
    "$moto/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.2.5'
  fi

  driver="$cache/tools/bin/tauri-driver"
  if [ ! -x "$driver" ]; then
    echo "setup: installing tauri-driver 2.1.0 into $cache/tools"
    cargo install tauri-driver --version 2.1.0 --locked --root "$cache/tools"
  fi
fi
