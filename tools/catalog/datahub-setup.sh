#!/usr/bin/env bash
# Installs DataHub's CLI (acryl-datahub, pinned in datahub-requirements.txt) into a virtualenv
# of its own in the user's cache and prints the path of its `datahub` command on the last line
# of standard output. The catalog test runs `datahub check metadata-file` on the DataHub
# metadata the catalog writes. Reruns are instant while datahub-requirements.txt is unchanged.
#
#   tools/catalog/datahub-setup.sh    install if needed, print the command's path
#   CDKTF_KAFKA_MESH_CACHE=/some/dir  put the cache somewhere else
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=venv.sh
source "$here/venv.sh"
install_venv tools/catalog/datahub-setup.sh venv-datahub "$here/datahub-requirements.txt" datahub version
