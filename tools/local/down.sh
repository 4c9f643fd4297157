#!/usr/bin/env bash
# Stops the services tools/local/up.sh started (only those: by the pids in its pid files).
#
# Usage: tools/local/down.sh [--purge]     (npm run local:down)
#   --purge   also delete what up.sh and npm run deploy keep there (Kafka data, credentials,
#             logs, state, synth output); other folders in it (test-results/, the e2e and bench
#             clusters' own dirs) are left alone
# Environment: MESH_LOCAL_DIR (default <repo>/.local), MESH_DOWN_TIMEOUT (default 30 s)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${MESH_LOCAL_DIR:-$REPO/.local}"
TIMEOUT="${MESH_DOWN_TIMEOUT:-30}"
PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "down.sh: unknown argument: $a" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib.sh
. "$HERE/lib.sh"

if [ ! -d "$STATE" ]; then
  log "nothing to stop ($STATE does not exist)"
  exit 0
fi
STATE="$(cd "$STATE" && pwd)"
exec 9>"$STATE/.lock"
flock -w 300 9 || die "another up.sh/down.sh holds $STATE/.lock"

# stop <name>: SIGTERM the recorded pid (a clean Kafka shutdown), SIGKILL after the timeout.
stop() {
  local name="$1" f="$STATE/$1.pid" pid
  if ! [ -f "$f" ]; then
    return 0
  fi
  if ! pid_alive "$f"; then
    log "$name: not running (stale pid file removed)"
    rm -f "$f"
    return 0
  fi
  pid="$(cat "$f")"
  log "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: still alive after ${TIMEOUT}s, sending SIGKILL to pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# Registry first (it does not depend on Kafka today, but clients do in that order).
stop connect
stop schema-registry
# Every node of a multi-node cluster at once: a node left alone has no controller quorum to
# finish its controlled shutdown with.
for f in "$STATE"/kafka.pid "$STATE"/kafka-[0-9].pid; do [ -e "$f" ] && pid_alive "$f" && kill -TERM "$(cat "$f")" 2>/dev/null; done
for f in "$STATE"/kafka-[0-9].pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)"; done
stop kafka
rm -f "$STATE/cluster.env"

if [ "$PURGE" = 1 ]; then
  # What up.sh and npm run deploy write; nothing else (npm test keeps its results in test-results/).
  rm -rf "$STATE"/kafka "$STATE"/kafka-[0-9] "$STATE/logs" "$STATE/connect" "$STATE/state" "$STATE/runs" "$STATE/cdktf.out" \
    "$STATE"/*.pid "$STATE/ports.env" "$STATE/admin.password" "$STATE"/admin-*.properties "$STATE/schema-registry.yaml" \
    "$STATE/credentials.env" "$STATE/cluster.env" "$STATE/e2e-started"
  exec 9>&-
  rm -f "$STATE/.lock"
  rmdir "$STATE" 2>/dev/null || true
  log "purged the cluster's data in $STATE"
else
  log "stopped; data kept in $STATE (use --purge to delete it)"
fi
