#!/usr/bin/env bash
# Reproducibility guard: every Go tool module the toolchain pins must be served by the Go module
# proxy, checked with an empty, temporary module cache, so that a module that only exists in a
# local cache (left by an earlier session, or copied in by hand) fails here instead of on the
# next fresh machine.
#
# A tools module with an OPTIONAL file (an opt-in backend) is reported but never fails the check:
# the default path must not need it.
#
# Usage: tools/toolchain/check-proxy.sh        (exit 1 when a required module is not served)
# Needs: go (the same GOPROXY/GONOSUMDB settings the build uses).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v go >/dev/null 2>&1 || { echo "[proxy] ERROR: 'go' is not installed or not on PATH" >&2; exit 1; }
export GOTOOLCHAIN=local GOFLAGS=-mod=mod

empty="$(mktemp -d)"
cleanup() { chmod -R u+w "$empty" 2>/dev/null; rm -rf "$empty"; }
trap cleanup EXIT

# The module (and version) that provides tool package $2, from go.mod $1: the longest required
# module path that is a prefix of the package path.
tool_module() {
  awk -v pkg="$2" '
    $1 == "require" && $2 != "(" { mods[$2] = $3 }
    $1 == "require" && $2 == "(" { inreq = 1; next }
    inreq && $1 == ")" { inreq = 0; next }
    inreq { mods[$1] = $2 }
    END {
      best = ""
      for (m in mods) if ((pkg == m || index(pkg, m "/") == 1) && length(m) > length(best)) best = m
      if (best != "") print best, mods[best]
    }' "$1"
}

status=0
checked=0
for gomod in "$HERE"/*/go.mod; do
  dir="$(dirname "$gomod")"
  name="$(basename "$dir")"
  optional=0
  [ -f "$dir/OPTIONAL" ] && optional=1
  while read -r _ pkg; do
    read -r mod ver < <(tool_module "$gomod" "$pkg")
    if [ -z "${mod:-}" ]; then
      echo "[proxy] ERROR: $name/go.mod: tool $pkg has no require line" >&2
      status=1
      continue
    fi
    checked=$((checked + 1))
    if out="$(cd "$dir" && GOMODCACHE="$empty" go mod download -json "$mod@$ver" 2>&1)"; then
      echo "[proxy] ok: $mod@$ver ($name)"
    elif [ "$optional" = 1 ]; then
      echo "[proxy] optional, not served: $mod@$ver ($name); the opt-in backend it provides is left to tofu's registry installation, and its e2e test is skipped"
    else
      echo "[proxy] ERROR: $mod@$ver ($name) is not served by the Go module proxy:" >&2
      printf '%s\n' "$out" | sed -n '1,4p' | sed 's/^/[proxy]   /' >&2
      echo "[proxy]   Fix: pin a version the proxy serves in tools/toolchain/$name/go.mod (go get -tool $mod@<version>), or mark the module OPTIONAL and keep it off the default path" >&2
      status=1
    fi
  done < <(awk '$1 == "tool" { print "tool", $2 }' "$gomod")
done
[ "$checked" -gt 0 ] || { echo "[proxy] ERROR: no tool directives found under $HERE" >&2; exit 1; }
[ "$status" = 0 ] && echo "[proxy] all $checked pinned tool modules checked against the module proxy with an empty cache"
exit "$status"
