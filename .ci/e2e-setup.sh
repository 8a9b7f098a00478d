#!/usr/bin/env bash
# Prepares a machine for the end-to-end tests (test/e2e/run.mjs): Debian's Chromium and a real
# VS Code server (code-server, with playwright-core beside it) in a cache folder that later runs
# reuse. Idempotent: when everything is in place it only checks and returns.
#
#   SLA_E2E_CACHE          cache root (default ~/.cache/sla-e2e); code-server goes to $SLA_E2E_CACHE/code-server
#   SLA_E2E_INSTALLER      the installer script (default: shared/tools/install-code-server.sh beside the clone)
#
# Prints the code-server folder as its last line.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${SLA_E2E_CACHE:-$HOME/.cache/sla-e2e}"
DEST="$CACHE/code-server"
INSTALLER="${SLA_E2E_INSTALLER:-$(dirname "$REPO")/shared/tools/install-code-server.sh}"
CODE_SERVER_VERSION=4.100.3
VSCODE_MODULES="$DEST/node_modules/code-server/lib/vscode/node_modules"
# Native modules that code-server's install scripts compile; without them the server cannot start.
NATIVE_MODULES=(
  "$DEST/node_modules/argon2/lib/binding/napi-v3/argon2.node"
  "$VSCODE_MODULES/node-pty/build/Release/pty.node"
  "$VSCODE_MODULES/@vscode/spdlog/build/Release/spdlog.node"
  "$VSCODE_MODULES/native-watchdog/build/Release/watchdog.node"
)
APT_PACKAGES=(chromium ripgrep build-essential python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)

missing_native_modules() {
  local file
  for file in "${NATIVE_MODULES[@]}"; do [ -e "$file" ] || echo "$file"; done
}

# Prints what is still missing, one item a line; nothing when the machine is ready.
missing_pieces() {
  [ -x "$DEST/node_modules/.bin/code-server" ] || echo "$DEST/node_modules/.bin/code-server"
  [ -d "$DEST/node_modules/playwright-core" ] || echo "$DEST/node_modules/playwright-core"
  command -v chromium >/dev/null || echo "chromium (apt package)"
  missing_native_modules
}

is_ready() { [ -z "$(missing_pieces)" ]; }

install_apt_packages_if_missing() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "e2e-setup: apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# npm 11 asks projects to approve dependencies' install scripts (allowScripts). code-server's
# postinstall and argon2's build are the ones this folder needs, so approve exactly those.
write_cache_manifest() {
  mkdir -p "$DEST"
  [ -f "$DEST/package.json" ] && return 0
  cat > "$DEST/package.json" <<EOF
{"private":true,"dependencies":{"code-server":"$CODE_SERVER_VERSION"},"allowScripts":{"code-server":true,"argon2":true}}
EOF
}

# code-server's postinstall runs nested npm installs (lib/vscode) that no allowScripts field of ours
# covers. If an npm that blocks unapproved scripts skipped them, run them again with the policy lifted
# for this one pinned tool folder: code-server's postinstall (installs lib/vscode's modules), then a
# rebuild of lib/vscode's native modules (the postinstall does not rebuild modules already there).
rebuild_native_modules() {
  echo "e2e-setup: native modules missing, rebuilding:"; missing_native_modules
  export npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true
  (cd "$DEST" && npm rebuild --no-audit --no-fund argon2 code-server)
  (cd "$DEST/node_modules/code-server/lib/vscode" && npm rebuild --no-audit --no-fund)
}

if is_ready; then
  echo "e2e-setup: code-server, playwright-core and chromium are ready"
  echo "$DEST"; exit 0
fi

install_apt_packages_if_missing
if [ ! -x "$DEST/node_modules/.bin/code-server" ] || [ ! -d "$DEST/node_modules/playwright-core" ]; then
  [ -f "$INSTALLER" ] || { echo "e2e-setup: installer not found at $INSTALLER (set SLA_E2E_INSTALLER)" >&2; exit 1; }
  write_cache_manifest
  rm -f "$DEST/node_modules/.bin/code-server"   # the installer skips everything when this exists
  CODE_SERVER_VERSION="$CODE_SERVER_VERSION" bash "$INSTALLER" "$DEST"
fi
[ -z "$(missing_native_modules)" ] || rebuild_native_modules

if ! is_ready; then
  echo "e2e-setup: still not ready after installing; missing:" >&2
  missing_pieces >&2
  exit 1
fi
"$DEST/node_modules/.bin/code-server" --config /dev/null --version >/dev/null
echo "e2e-setup: ready"
echo "$DEST"
