#!/usr/bin/env bash
# Installs what scripts/vscode-smoke.mjs needs, all outside the project:
#   - code-server 4.100.3 (VS Code 1.100.3 for the browser) from the npm registry, in $INSTALL_DIR/code-server
#   - playwright-core 1.65.1 (no browser download), in $INSTALL_DIR/pw
#   - Debian's chromium, plus git and ripgrep (VS Code's search runs rg) and a C++ toolchain
# Then prints the environment to run the smoke test with.
#
# Needs Node 20: code-server 4.100 declares engines.node 20 and builds native modules against it.
# code-server's own postinstall would fetch ripgrep from outside the npm registry, so its steps are
# done here by hand: dependencies installed without scripts, the native modules built from source,
# and Debian's rg put where VS Code looks for it.
#
# Usage: [INSTALL_DIR=/opt] bash scripts/install-vscode-smoke.sh
# (Not PREFIX: npm reads that variable as its own global prefix.)
set -euo pipefail

INSTALL_DIR="${INSTALL_DIR:-/opt}"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_CORE_VERSION=1.65.1

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  echo "install-vscode-smoke: code-server $CODE_SERVER_VERSION needs Node 20; this is Node $(node -v)." >&2
  exit 1
fi

debian_packages=(chromium git ripgrep python3 make g++)
missing_packages=()
for package in "${debian_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing_packages+=("$package")
done
if [ "${#missing_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update
    apt-get install -y "${missing_packages[@]}"
  else
    echo "install-vscode-smoke: install these Debian packages first: ${missing_packages[*]}" >&2
    exit 1
  fi
fi

# node-gyp as npm ships it; it takes Node's headers from the npm `nodedir` setting when there is one
# (on machines without internet it must be, e.g. /usr with Debian's nodejs headers).
node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
nodedir="$(npm config get nodedir 2>/dev/null || true)"
gyp_args=()
if [ -n "$nodedir" ] && [ "$nodedir" != undefined ] && [ "$nodedir" != null ]; then gyp_args+=("--nodedir=$nodedir"); fi

echo "== code-server $CODE_SERVER_VERSION in $INSTALL_DIR/code-server"
mkdir -p "$INSTALL_DIR/code-server"
npm install --prefix "$INSTALL_DIR/code-server" --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION"
code_server_dir="$INSTALL_DIR/code-server/node_modules/code-server"
# argon2 hashes passwords; its prebuilt download is not reachable, so build it.
(cd "$INSTALL_DIR/code-server" && npm_config_build_from_source=true npm rebuild argon2)

vscode_dir="$code_server_dir/lib/vscode"
(cd "$vscode_dir" && npm install --omit=dev --ignore-scripts --no-save)
for module in node-pty @vscode/spdlog native-watchdog @vscode/deviceid; do
  echo "== building $module"
  (cd "$vscode_dir/node_modules/$module" && node "$node_gyp" rebuild "${gyp_args[@]}" >/dev/null)
done
mkdir -p "$vscode_dir/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"
# What code-server's postinstall.sh does besides installing.
ln -sfn node_modules "$vscode_dir/node_modules.asar"
ln -sfn code-linux.sh "$vscode_dir/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$vscode_dir/bin/helpers/browser.sh"
(cd "$vscode_dir/extensions" && npm install --omit=dev --no-save)

echo "== playwright-core $PLAYWRIGHT_CORE_VERSION in $INSTALL_DIR/pw"
mkdir -p "$INSTALL_DIR/pw"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$INSTALL_DIR/pw" --no-save "playwright-core@$PLAYWRIGHT_CORE_VERSION"

code_server_bin="$INSTALL_DIR/code-server/node_modules/.bin/code-server"
# A throwaway config home: a first run writes a default config (with a password) there.
config_home="$(mktemp -d)"
XDG_CONFIG_HOME="$config_home" "$code_server_bin" --version
rm -rf "$config_home"
cat <<EOF

Installed. Run the smoke test from the project root with:
  CODE_SERVER=$code_server_bin \\
  PLAYWRIGHT_CORE=$INSTALL_DIR/pw/node_modules/playwright-core \\
  node scripts/vscode-smoke.mjs
EOF
