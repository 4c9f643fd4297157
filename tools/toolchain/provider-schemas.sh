#!/usr/bin/env bash
# Writes the real provider schemas (what `tofu providers schema -json` prints) of the
# pinned providers to tools/gen/schemas/, one document per provider, plus versions.json.
#
# Usage: tools/toolchain/provider-schemas.sh [--check]
#   --check   do not write; exit 1 if the committed files differ from the built providers
# Needs: tools/toolchain/build.sh --only providers (run first if its outputs are missing), node.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${CDKTF_KAFKA_MESH_CACHE:-$HOME/.cache/cdktf-kafka-mesh}"
OUT="$REPO/tools/gen/schemas"
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1

die() { printf '[schemas] ERROR: %s\n' "$*" >&2; exit 1; }
command -v node >/dev/null 2>&1 || die "'node' is not installed or not on PATH (Node 20 is needed)"

if [ ! -f "$CACHE/env.sh" ] || [ ! -x "$CACHE/bin/tofu" ]; then
  "$HERE/build.sh" --only providers
fi
# shellcheck disable=SC1091
. "$CACHE/env.sh"

# name in tools/gen/schemas  namespace/type
PROVIDERS=(
  "mongey-kafka mongey/kafka"
  "cultureamp-schemaregistry cultureamp/schemaregistry"
  "mongey-kafka-connect mongey/kafka-connect"
  "mastercard-restapi mastercard/restapi"
)

# Exact versions, from the mirror that build.sh filled.
version_of() {
  local d="$CACHE/providers/registry.terraform.io/$1"
  [ -d "$d" ] || return 1
  ls "$d" | sort -V | tail -n1
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
req=""
BUILT=()
for p in "${PROVIDERS[@]}"; do
  set -- $p
  if ! v="$(version_of "$2")"; then
    # An optional provider the module proxy does not serve keeps its committed schema (both
    # when checking and when writing); any other provider must be built.
    optional_dir="$(grep -l "terraform-provider-${2#*/}\b" "$HERE"/*/go.mod | head -n1)"
    [ -n "$optional_dir" ] && [ -f "$(dirname "$optional_dir")/OPTIONAL" ] \
      || die "provider $2 is not in $CACHE/providers: run tools/toolchain/build.sh (see its warnings)"
    echo "[schemas] skip $2: not built on this machine (see MESH_PROVIDERS_MISSING and tools/toolchain/README.md)" >&2
    continue
  fi
  BUILT+=("$p")
  # Full registry.terraform.io addresses, so the schema documents are keyed the way
  # `terraform providers schema -json` keys them (and cdktf's generator expects).
  req+="    ${2#*/} = { source = \"registry.terraform.io/$2\", version = \"= $v\" }
"
done
printf 'terraform {\n  required_providers {\n%s  }\n}\n' "$req" >"$tmp/main.tf"

(cd "$tmp" && tofu init -input=false -no-color >"$tmp/init.log" 2>&1) \
  || { cat "$tmp/init.log" >&2; die "tofu init failed"; }
(cd "$tmp" && tofu providers schema -json >"$tmp/all.json") || die "tofu providers schema -json failed"

mkdir -p "$tmp/out"
[ "${#BUILT[@]}" -gt 0 ] || die "none of the pinned providers is built: run tools/toolchain/build.sh"
node - "$tmp/all.json" "$tmp/out" "${BUILT[@]}" <<'EOF'
const fs = require('fs');
const [all, outDir, ...providers] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(all, 'utf8'));
const versions = {};
const lock = fs.readFileSync(require('path').join(require('path').dirname(all), '.terraform.lock.hcl'), 'utf8');
for (const p of providers) {
  const [file, addr] = p.split(' ');
  const key = `registry.terraform.io/${addr}`;
  const schema = doc.provider_schemas[key];
  if (!schema) throw new Error(`no schema for ${key} in tofu's output`);
  const one = { format_version: doc.format_version, provider_schemas: { [key]: schema } };
  fs.writeFileSync(`${outDir}/${file}.json`, JSON.stringify(one, null, 2) + '\n');
  const m = lock.match(new RegExp(`provider "${key.replace(/[.\/]/g, '\\$&')}" \\{\\s*version\\s*=\\s*"([^"]+)"`));
  if (!m) throw new Error(`no locked version for ${key}`);
  versions[addr] = m[1];
}
fs.writeFileSync(`${outDir}/versions.json`, JSON.stringify(versions, null, 2) + '\n');
EOF

if [ "$CHECK" = 1 ]; then
  status=0
  for f in "$tmp/out"/*.json; do
    if [ "$(basename "$f")" = versions.json ] && [ "${#BUILT[@]}" != "${#PROVIDERS[@]}" ]; then
      # Compare only the versions of what was built.
      node -e 'const [a, b] = process.argv.slice(1).map(f => JSON.parse(require("fs").readFileSync(f, "utf8")));
        for (const [k, v] of Object.entries(a)) if (b[k] !== v) { console.error(`[schemas] ${k}: built ${v}, committed ${b[k]}`); process.exit(1); }' \
        "$f" "$OUT/versions.json" || status=1
      continue
    fi
    if ! cmp -s "$f" "$OUT/$(basename "$f")"; then
      echo "[schemas] $OUT/$(basename "$f") differs from the built providers" >&2
      status=1
    fi
  done
  [ "$status" = 0 ] && echo "[schemas] committed schemas match the built providers (${BUILT[*]#* })" >&2
  exit "$status"
fi
mkdir -p "$OUT"
# versions.json: the built providers' versions over the committed ones (kept for those skipped).
node -e 'const fs = require("fs"); const [built, committed] = process.argv.slice(1);
  const old = fs.existsSync(committed) ? JSON.parse(fs.readFileSync(committed, "utf8")) : {};
  fs.writeFileSync(built, JSON.stringify({ ...old, ...JSON.parse(fs.readFileSync(built, "utf8")) }, null, 2) + "\n");' \
  "$tmp/out/versions.json" "$OUT/versions.json"
cp "$tmp/out"/*.json "$OUT/"
echo "[schemas] wrote $(cd "$tmp/out" && ls | tr '\n' ' ')to tools/gen/schemas/" >&2
