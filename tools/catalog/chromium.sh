#!/usr/bin/env bash
# Makes sure Debian's chromium is installed at /usr/bin/chromium (the HTML catalog's browser
# test drives it headless through playwright-core). Installs it with apt-get when missing.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  echo /usr/bin/chromium
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tools/catalog/chromium.sh: /usr/bin/chromium is missing and there is no apt-get; install Chromium so that /usr/bin/chromium exists" >&2
  exit 1
fi
sudo=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
    echo "tools/catalog/chromium.sh: /usr/bin/chromium is missing; run as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update >&2
"${sudo[@]}" apt-get install -y --no-install-recommends chromium >&2
if [[ ! -x /usr/bin/chromium ]]; then
  echo "tools/catalog/chromium.sh: apt-get installed chromium but /usr/bin/chromium is still missing" >&2
  exit 1
fi
echo /usr/bin/chromium
