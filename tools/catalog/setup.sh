#!/usr/bin/env bash
# Installs datacontract-cli (pinned in requirements.txt) into a virtualenv in the user's cache
# and prints the path of its `datacontract` command on the last line of standard output.
# Reruns are instant: the virtualenv is reused while requirements.txt is unchanged.
#
#   tools/catalog/setup.sh            install if needed, print the command's path
#   CDKTF_KAFKA_MESH_CACHE=/some/dir  put the cache somewhere else
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${CDKTF_KAFKA_MESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-kafka-mesh}"
venv="$cache/venv"
requirements="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [[ -x "$venv/bin/datacontract" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$venv/bin/datacontract"
  exit 0
fi

python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
if [[ -z "$python" ]]; then
  echo "tools/catalog/setup.sh: no python3 found; install Python 3.10 or newer (Debian: apt-get install -y python3 python3-venv)" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "tools/catalog/setup.sh: datacontract-cli needs Python 3.10 or newer; $python is $("$python" --version 2>&1)" >&2
  exit 1
fi

mkdir -p "$cache"
rm -rf "$venv"
if ! "$python" -m venv "$venv" >&2; then
  echo "tools/catalog/setup.sh: '$python -m venv' failed; on Debian install python3-venv" >&2
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2; then
  echo "tools/catalog/setup.sh: pip could not install $requirements into $venv" >&2
  exit 1
fi
"$venv/bin/datacontract" --version >&2
echo "$want" > "$stamp"
echo "$venv/bin/datacontract"
