#!/usr/bin/env bash
# Builds the real local toolchain of cdktf-kafka-mesh, cached outside the repo:
#   - the OpenTofu CLI (tofu)
#   - the Terraform providers mongey/kafka, mongey/kafka-connect and mastercard/restapi (schema
#     subjects through the registry's REST API), laid out as a filesystem mirror, plus a tofu
#     CLI config that uses it offline; cultureamp/schemaregistry, the opt-in schema backend, when
#     the Go module proxy serves it (a module dir with an OPTIONAL file may be missing)
#   - a Confluent-API-compatible schema registry (AxonOps, Go, in-memory storage)
#   - Apache Kafka jars from Maven Central (broker + CLI tools, and a Connect worker)
#
# Every Go tool is pinned by its own tools module (tools/toolchain/<name>/go.mod with a
# `tool` directive, go.sum committed) and built through the Go module proxy.
# Outputs are keyed by version (and by a hash of the pinning files), so a rerun only
# checks that they exist: seconds.
#
# Usage: tools/toolchain/build.sh [--only go|kafka|providers] [--no-verify]
# Environment:
#   CDKTF_KAFKA_MESH_CACHE   cache root (default: $HOME/.cache/cdktf-kafka-mesh)
#   MESH_REQUIRE_ALL_PROVIDERS=1
#                            fail (instead of warn) when an optional provider cannot be built
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${CDKTF_KAFKA_MESH_CACHE:-$HOME/.cache/cdktf-kafka-mesh}"

ONLY=""
VERIFY=1
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="${2:?--only needs go, providers or kafka}"; shift 2 ;;
    --no-verify) VERIFY=0; shift ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

log() { printf '[build] %s\n' "$*" >&2; }
warn() { printf '[build] WARNING: %s\n' "$*" >&2; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH; $2"
}

mkdir -p "$CACHE/logs" "$CACHE/bin" "$CACHE/tools"
START=$(date +%s)

# ---------------------------------------------------------------- Go tools
GO_OS_ARCH=""
go_setup() {
  need go "install Go 1.26 or newer (the tools modules use go.mod 'tool' directives)"
  local v
  v="$(go env GOVERSION)"            # e.g. go1.26.8
  v="${v#go}"
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 26 ]; }; then
    die "go $v found; Go 1.26 or newer is needed (the schema registry module declares go 1.26)"
  fi
  # Never let go fetch another toolchain; only use the module proxy, verify with the sum DB.
  export GOTOOLCHAIN=local
  # Two cores: two parallel compile jobs; no VCS stamping; go.mod/go.sum are authoritative.
  export GOFLAGS="-mod=readonly -buildvcs=false -p=2"
  export CGO_ENABLED=0
  GO_OS_ARCH="$(go env GOOS)_$(go env GOARCH)"
}

# Hash of a tools module's pinning files: a change of go.mod/go.sum rebuilds.
module_hash() {
  cat "$1/go.mod" "$1/go.sum" 2>/dev/null | sha256sum | cut -c1-12
}

# Version of module $2 required by tools module $1 (read from go.mod, no network).
module_version() {
  local v
  v="$(awk -v m="$2" '($1 == m && $2 ~ /^v/) {print $2; exit} ($1 == "require" && $2 == m) {print $3; exit}' "$1/go.mod")"
  [ -n "$v" ] || die "$1/go.mod does not require $2"
  printf '%s\n' "$v"
}

# build_tool <tools-module-dir> <module> <package> <binary-name> [extra ldflags]
#   -> prints the binary path
# The output lives in $CACHE/tools/<binary-name>/<version>-<hash>/<binary-name>.
build_tool() {
  local dir="$1" mod="$2" pkg="$3" name="$4" ldflags="-s -w ${5:-}"
  local ver hash out logf
  ver="$(module_version "$dir" "$mod")"
  hash="$( (module_hash "$dir"; echo "$ldflags") | sha256sum | cut -c1-12)"
  out="$CACHE/tools/$name/$ver-$hash/$name"
  logf="$CACHE/logs/$name-$ver.log"
  if [ -x "$out" ]; then
    log "$name $ver: cached ($out)"
    printf '%s\n' "$out"
    return 0
  fi
  log "$name $ver: building $pkg (log: $logf)"
  mkdir -p "$(dirname "$out")"
  local t0=$SECONDS
  if (cd "$dir" && go build -trimpath -ldflags "$ldflags" -o "$out.tmp" "$pkg") >"$logf" 2>&1; then
    mv -f "$out.tmp" "$out"
    log "$name $ver: built in $((SECONDS - t0))s"
    printf '%s\n' "$out"
    return 0
  fi
  rm -f "$out.tmp"
  # go.sum lacks the tool module's own hash when it was pinned from a local source (see
  # README.md): build in a scratch copy that may add it, checked against the checksum DB.
  if grep -q 'missing go.sum entry' "$logf"; then
    local work="$CACHE/tools/$name/work-$ver-$hash"
    rm -rf "$work"; mkdir -p "$work"; cp "$dir/go.mod" "$dir/go.sum" "$work/"
    log "$name $ver: go.sum incomplete, retrying with -mod=mod in $work"
    if (cd "$work" && GOFLAGS="-mod=mod -buildvcs=false -p=2" go build -trimpath -ldflags "$ldflags" -o "$out.tmp" "$pkg") >>"$logf" 2>&1; then
      mv -f "$out.tmp" "$out"; rm -rf "$work"
      log "$name $ver: built in $((SECONDS - t0))s"
      printf '%s\n' "$out"
      return 0
    fi
    rm -rf "$work" "$out.tmp"
  fi
  return 1
}

PROVIDERS_OK=()
PROVIDERS_MISSING=()

# install_provider <binary> <namespace> <type> <version>
# Lays the binary out as an unpacked filesystem mirror for both registry host names
# (OpenTofu resolves "mongey/kafka" to registry.opentofu.org, Terraform to registry.terraform.io).
install_provider() {
  local bin="$1" ns="$2" type="$3" ver="$4" host dest
  for host in registry.terraform.io registry.opentofu.org; do
    dest="$CACHE/providers/$host/$ns/$type/$ver/$GO_OS_ARCH"
    mkdir -p "$dest"
    if ! cmp -s "$bin" "$dest/terraform-provider-${type}_v$ver" 2>/dev/null; then
      cp -f "$bin" "$dest/terraform-provider-${type}_v$ver.tmp"
      chmod 0755 "$dest/terraform-provider-${type}_v$ver.tmp"
      mv -f "$dest/terraform-provider-${type}_v$ver.tmp" "$dest/terraform-provider-${type}_v$ver"
    fi
  done
  PROVIDERS_OK+=("$ns/$type=$ver")
}

# provider <tools-dir> <module> <namespace> <type>
# A provider whose tools module has an OPTIONAL file may be missing (warned); any other must build.
provider() {
  local dir="$HERE/$1" mod="$2" ns="$3" type="$4" bin ver optional=0
  [ -f "$dir/OPTIONAL" ] && optional=1
  ver="$(module_version "$dir" "$mod")"; ver="${ver#v}"
  if bin="$(build_tool "$dir" "$mod" "$mod" "terraform-provider-$type")"; then
    install_provider "$bin" "$ns" "$type" "$ver"
    return 0
  fi
  local logf="$CACHE/logs/terraform-provider-$type-v$ver.log"
  tail -n 15 "$logf" >&2 || true
  local probe
  probe="$( (cd "$dir" && go mod download "$mod@v$ver") 2>&1 || true)"
  local why="build failed (see $logf)"
  grep -q 'not available' <<<"$probe" && why="the Go module proxy refuses to serve $mod@v$ver"
  [ "$optional" = 1 ] || die "$ns/$type $ver: $why; the default deploy path needs it"
  warn "$ns/$type $ver (optional): $why."
  warn "  tofu will install it from its registry instead (needs access to it), as for any provider."
  [ "${MESH_REQUIRE_ALL_PROVIDERS:-0}" = 1 ] && die "provider $ns/$type could not be built"
  PROVIDERS_MISSING+=("$ns/$type=$ver")
  return 0
}

TOFU_BIN=""
SR_BIN=""
build_go_tools() {
  go_setup
  TOFU_BIN="$(build_tool "$HERE/tofu" github.com/opentofu/opentofu \
              github.com/opentofu/opentofu/cmd/tofu tofu \
              "-X github.com/opentofu/opentofu/version.dev=no")" \
    || { tail -n 20 "$CACHE/logs/"tofu-*.log >&2 || true; die "building tofu failed"; }
  ln -sfn "$TOFU_BIN" "$CACHE/bin/tofu"

  provider kafka-provider github.com/Mongey/terraform-provider-kafka mongey kafka
  provider kafka-connect-provider github.com/Mongey/terraform-provider-kafka-connect mongey kafka-connect
  provider restapi-provider github.com/Mastercard/terraform-provider-restapi mastercard restapi
  provider schemaregistry-provider github.com/cultureamp/terraform-provider-schemaregistry cultureamp schemaregistry
  write_tofurc
}

build_registry() {
  go_setup
  SR_BIN="$(build_tool "$HERE/schema-registry" github.com/axonops/axonops-schema-registry \
            github.com/axonops/axonops-schema-registry/cmd/schema-registry schema-registry)" \
    || { tail -n 20 "$CACHE/logs/"schema-registry-*.log >&2 || true; die "building the schema registry failed"; }
  ln -sfn "$SR_BIN" "$CACHE/bin/schema-registry"
}

write_tofurc() {
  local addrs="" p ns_type
  for p in "${PROVIDERS_OK[@]}"; do
    ns_type="${p%%=*}"
    addrs+="      \"registry.terraform.io/$ns_type\",
      \"registry.opentofu.org/$ns_type\",
"
  done
  # A provider this run could not build is left to tofu's usual installation from its
  # registry (the normal case on a machine that reaches it).
  cat >"$CACHE/tofurc.tmp" <<EOF
# Written by tools/toolchain/build.sh: the project's providers come from a local
# filesystem mirror built from source; nothing is downloaded for them.
provider_installation {
  filesystem_mirror {
    path    = "$CACHE/providers"
    include = [
$addrs    ]
  }
  direct {
    exclude = [
$addrs    ]
  }
}
EOF
  mv -f "$CACHE/tofurc.tmp" "$CACHE/tofurc"
}

# ---------------------------------------------------------------- Kafka jars
KAFKA_VERSION_PINNED=""
KAFKA_HOME_DIR=""
build_kafka() {
  need java "install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless)"
  need mvn "install Maven 3.8+ (Debian: apt-get install maven)"
  local pom="$REPO/tools/kafka/pom.xml"
  KAFKA_VERSION_PINNED="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom" | head -n1)"
  [ -n "$KAFKA_VERSION_PINNED" ] || die "no <kafka.version> in $pom"
  KAFKA_HOME_DIR="$CACHE/kafka-$KAFKA_VERSION_PINNED"
  local hash profile dir
  hash="$(sha256sum "$pom" | cut -c1-12)"
  for profile in broker:libs connect:connect-libs; do
    dir="$KAFKA_HOME_DIR/${profile#*:}"
    if [ -f "$dir/.complete-$hash" ]; then
      log "kafka $KAFKA_VERSION_PINNED ${profile%%:*} jars: cached ($dir)"
      continue
    fi
    log "kafka $KAFKA_VERSION_PINNED ${profile%%:*} jars: resolving from Maven Central (log: $CACHE/logs/kafka-${profile%%:*}.log)"
    rm -rf "$dir.tmp"
    local t0=$SECONDS
    if ! mvn -B -q -f "$pom" -P "${profile%%:*}" dependency:copy-dependencies \
          -Dmesh.libs.dir="$dir.tmp" >"$CACHE/logs/kafka-${profile%%:*}.log" 2>&1; then
      tail -n 30 "$CACHE/logs/kafka-${profile%%:*}.log" >&2 || true
      die "mvn dependency:copy-dependencies failed for profile ${profile%%:*}"
    fi
    ls "$dir.tmp"/kafka-clients-*.jar >/dev/null 2>&1 || die "no kafka-clients jar in $dir.tmp"
    rm -rf "$dir"; mv "$dir.tmp" "$dir"
    touch "$dir/.complete-$hash"
    log "kafka ${profile%%:*} jars: $(ls "$dir" | wc -l) jars in $((SECONDS - t0))s"
  done
}

# ---------------------------------------------------------------- verification
verify_tofu_init() {
  [ -x "$CACHE/bin/tofu" ] || return 0
  local stamp="$CACHE/.verified-$( (cat "$CACHE/tofurc" "$CACHE/bin/tofu"; echo "${PROVIDERS_OK[*]}") 2>/dev/null | sha256sum | cut -c1-12)"
  if [ -f "$stamp" ]; then
    log "tofu init against the mirror: verified earlier"
    return 0
  fi
  local tmp p ns_type ver req=""
  tmp="$(mktemp -d)"
  for p in "${PROVIDERS_OK[@]}"; do
    ns_type="${p%%=*}"; ver="${p#*=}"
    req+="    ${ns_type#*/} = { source = \"$ns_type\", version = \"= $ver\" }
"
  done
  # Short addresses (as cdktf writes them): OpenTofu resolves them to registry.opentofu.org.
  printf 'terraform {\n  required_providers {\n%s  }\n}\n' "$req" >"$tmp/main.tf"
  log "verifying 'tofu init' offline against the mirror (${PROVIDERS_OK[*]})"
  # A dead proxy makes any attempt to go online fail loudly.
  if ! (cd "$tmp" && TF_CLI_CONFIG_FILE="$CACHE/tofurc" CHECKPOINT_DISABLE=1 \
          HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY= \
          "$CACHE/bin/tofu" init -input=false -no-color) >"$CACHE/logs/tofu-init-verify.log" 2>&1; then
    cat "$CACHE/logs/tofu-init-verify.log" >&2
    rm -rf "$tmp"
    die "tofu init against the filesystem mirror failed"
  fi
  rm -rf "$tmp"
  touch "$stamp"
  log "tofu init: OK (offline, from $CACHE/providers)"
}

# Pinned providers (namespace/type=version), from the tools modules.
pinned_providers() {
  printf '%s\n' \
    "mongey/kafka=$(module_version "$HERE/kafka-provider" github.com/Mongey/terraform-provider-kafka)" \
    "mongey/kafka-connect=$(module_version "$HERE/kafka-connect-provider" github.com/Mongey/terraform-provider-kafka-connect)" \
    "mastercard/restapi=$(module_version "$HERE/restapi-provider" github.com/Mastercard/terraform-provider-restapi)" \
    "cultureamp/schemaregistry=$(module_version "$HERE/schemaregistry-provider" github.com/cultureamp/terraform-provider-schemaregistry)" \
    | sed 's/=v/=/'
}

write_env() {
  local f="$CACHE/env.sh" p os_arch
  present=""; missing=""
  # What the mirror holds for this platform, whichever parts this run built.
  os_arch="$GO_OS_ARCH"
  if [ -z "$os_arch" ]; then
    case "$(uname -m)" in x86_64) os_arch=linux_amd64 ;; aarch64|arm64) os_arch=linux_arm64 ;; *) os_arch="linux_$(uname -m)" ;; esac
  fi
  for p in $(pinned_providers); do
    local ns_type="${p%%=*}" ver="${p#*=}"
    if [ -x "$CACHE/providers/registry.terraform.io/$ns_type/$ver/$os_arch/terraform-provider-${ns_type#*/}_v$ver" ]; then
      present="${present:+$present }$p"
    else
      missing="${missing:+$missing }$p"
    fi
  done
  {
    echo "# Written by tools/toolchain/build.sh; source it: . \"$f\""
    echo "export CDKTF_KAFKA_MESH_CACHE=\"$CACHE\""
    echo "case \":\$PATH:\" in *\":$CACHE/bin:\"*) ;; *) export PATH=\"$CACHE/bin:\$PATH\" ;; esac"
    echo "export TF_CLI_CONFIG_FILE=\"$CACHE/tofurc\""
    echo "export TERRAFORM_BINARY_NAME=tofu"
    echo "export CHECKPOINT_DISABLE=1"
    [ -n "$KAFKA_HOME_DIR" ] && echo "export MESH_KAFKA_HOME=\"$KAFKA_HOME_DIR\""
    [ -n "$KAFKA_HOME_DIR" ] && echo "export MESH_KAFKA_LIBS=\"$KAFKA_HOME_DIR/libs\""
    [ -n "$KAFKA_HOME_DIR" ] && echo "export MESH_KAFKA_CONNECT_LIBS=\"$KAFKA_HOME_DIR/connect-libs\""
    [ -n "$KAFKA_VERSION_PINNED" ] && echo "export MESH_KAFKA_DIST_VERSION=\"$KAFKA_VERSION_PINNED\""
    [ -x "$CACHE/bin/schema-registry" ] && echo "export MESH_SCHEMA_REGISTRY_BIN=\"$CACHE/bin/schema-registry\""
    echo "export MESH_PROVIDERS=\"$present\""
    echo "export MESH_PROVIDERS_MISSING=\"$missing\""
  } >"$f.tmp"
  mv -f "$f.tmp" "$f"
}

case "$ONLY" in
  "") build_go_tools; build_registry; build_kafka ;;
  providers|go-providers) build_go_tools ;;
  go) build_go_tools; build_registry ;;
  kafka) build_kafka ;;
  *) die "--only must be go, providers or kafka (got $ONLY)" ;;
esac
# Keep what a partial run did not touch in env.sh.
if [ -z "$KAFKA_HOME_DIR" ] && [ -f "$REPO/tools/kafka/pom.xml" ]; then
  KAFKA_VERSION_PINNED="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$REPO/tools/kafka/pom.xml" | head -n1)"
  [ -d "$CACHE/kafka-$KAFKA_VERSION_PINNED/libs" ] && KAFKA_HOME_DIR="$CACHE/kafka-$KAFKA_VERSION_PINNED" || KAFKA_VERSION_PINNED=""
fi
if [ -z "$ONLY" ] || [ "$ONLY" = go ] || [ "$ONLY" = providers ]; then
  [ "$VERIFY" = 1 ] && verify_tofu_init
fi
write_env

log "done in $(( $(date +%s) - START ))s"
cat >&2 <<EOF
[build] cache:          $CACHE
[build] tofu:           $CACHE/bin/tofu
[build] providers:      $CACHE/providers (${present:-none})
[build] tofu config:    $CACHE/tofurc
[build] schema registry: $( [ -x "$CACHE/bin/schema-registry" ] && readlink -f "$CACHE/bin/schema-registry")
[build] kafka jars:     ${KAFKA_HOME_DIR:+$KAFKA_HOME_DIR/libs}
[build] environment:    . "$CACHE/env.sh"
EOF
if [ -n "$missing" ]; then
  warn "providers NOT in the mirror: $missing"
fi
