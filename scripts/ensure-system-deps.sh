#!/usr/bin/env bash
# System tools the tests use for real: GNU gettext's msgfmt (every PO file must pass
# `msgfmt --check-format`). Installs them with apt when missing; says what to do otherwise.
set -euo pipefail

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing system packages: ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "error: please install ${missing[*]} (GNU gettext) with your package manager." >&2
  exit 1
fi
