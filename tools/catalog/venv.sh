# Shared by the catalog setup scripts: installs a pinned requirements file into a virtualenv in
# the user's cache and prints the path of one of its commands on the last line of standard
# output. Reruns are instant: the virtualenv is reused while the requirements file is unchanged.
#
#   source tools/catalog/venv.sh
#   install_venv <script name> <venv name> <requirements file> <command> <version args...>
#
#   CDKTF_KAFKA_MESH_CACHE=/some/dir  put the cache somewhere else

install_venv() {
  local script="$1" name="$2" requirements="$3" command="$4"
  shift 4
  local cache="${CDKTF_KAFKA_MESH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-kafka-mesh}"
  local venv="$cache/$name"
  local stamp="$venv/.requirements.sha256"
  local want
  want="$(sha256sum "$requirements" | cut -d' ' -f1)"

  if [[ -x "$venv/bin/$command" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "$venv/bin/$command"
    return 0
  fi

  local python="${PYTHON:-}"
  if [[ -z "$python" ]]; then
    for candidate in python3 python; do
      if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
    done
  fi
  if [[ -z "$python" ]]; then
    echo "$script: no python3 found; install Python 3.10 or newer (Debian: apt-get install -y python3 python3-venv)" >&2
    return 1
  fi
  if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
    echo "$script: $command needs Python 3.10 or newer; $python is $("$python" --version 2>&1)" >&2
    return 1
  fi

  mkdir -p "$cache"
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >&2; then
    echo "$script: '$python -m venv' failed; on Debian install python3-venv" >&2
    return 1
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2; then
    echo "$script: pip could not install $requirements into $venv" >&2
    return 1
  fi
  "$venv/bin/$command" "$@" >&2
  echo "$want" > "$stamp"
  echo "$venv/bin/$command"
}
