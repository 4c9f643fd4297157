#!/usr/bin/env bash
# Installs datacontract-cli (pinned in requirements.txt) into a virtualenv in the user's cache
# and prints the path of its `datacontract` command on the last line of standard output.
# Reruns are instant: the virtualenv is reused while requirements.txt is unchanged.
#
#   tools/catalog/setup.sh            install if needed, print the command's path
#   CDKTF_KAFKA_MESH_CACHE=/some/dir  put the cache somewhere else
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=venv.sh
source "$here/venv.sh"
install_venv tools/catalog/setup.sh venv "$here/requirements.txt" datacontract --version
