#!/usr/bin/env bash
# System tools the tests use for real: GNU gettext's msgfmt (every PO file must pass
# `msgfmt --check-format`). Installs them with apt when missing; says what to do otherwise.
# Optional: Debian's chromium and the Noto CJK fonts, for the test that renders the Korean
# and Chinese HTML editions in a headless browser, and Debian's hugo (one binary, ~15 MB),
# for the test that builds a Hugo site from publish's hugo layout (they skip, saying why,
# where these cannot be installed).
set -euo pipefail

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
optional=()
command -v chromium >/dev/null 2>&1 || optional+=(chromium)
command -v hugo >/dev/null 2>&1 || optional+=(hugo)
if ! fc-list :lang=ko 2>/dev/null | grep -q . || ! fc-list :lang=zh-cn 2>/dev/null | grep -q .; then
  optional+=(fonts-noto-cjk)
fi

if [ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ${#optional[@]} -gt 0 ]; then
    echo "installing system packages: ${optional[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      "${optional[@]}" >/dev/null \
      || echo "warning: could not install ${optional[*]}; the tests that need them will be skipped." >&2
  fi
elif [ ${#missing[@]} -gt 0 ]; then
  echo "error: please install ${missing[*]} (GNU gettext) with your package manager." >&2
  exit 1
else
  echo "warning: install chromium, Noto CJK fonts and hugo to run the browser and Hugo tests." >&2
fi
