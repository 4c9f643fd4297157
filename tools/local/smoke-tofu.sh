#!/usr/bin/env bash
# End-to-end check of the built providers against the services of tools/local/up.sh:
# `tofu apply` of a topic, a SCRAM-SHA-256 user, ACLs and (if that provider was built) a
# schema subject with a compatibility level; then the new user logs in with SCRAM and sees
# exactly its topic, a second plan shows no drift, and `tofu destroy` removes everything.
# Usage: tools/local/smoke-tofu.sh        Exit status 0 when every check passed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${MESH_LOCAL_DIR:-$REPO/.local}"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
[ -f "$STATE/cluster.env" ] || die "no $STATE/cluster.env: run tools/local/up.sh first"
# shellcheck disable=SC1091
. "$STATE/cluster.env"
need java "install a Java 17 runtime"
command -v tofu >/dev/null 2>&1 || die "no tofu on PATH: run tools/toolchain/build.sh"

PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); printf '[smoke-tofu] ok   %s\n' "$*"; }
bad() { FAILED=$((FAILED + 1)); printf '[smoke-tofu] FAIL %s\n' "$*"; }

SUFFIX="$(random_secret | cut -c1-8)"
TOPIC="smoke.tofu-$SUFFIX"
USER_NAME="smoke-tofu-$SUFFIX"
USER_PASSWORD="$(random_secret)"
WITH_SR=0
case " $MESH_PROVIDERS " in *" cultureamp/schemaregistry="*) WITH_SR=1 ;; esac

tmp="$(mktemp -d)"
export TF_VAR_bootstrap="$KAFKA_BOOTSTRAP_SERVERS" TF_VAR_user_password="$USER_PASSWORD"
export TF_IN_AUTOMATION=1
cleanup() {
  (cd "$tmp" && tofu destroy -auto-approve -input=false -no-color >/dev/null 2>&1) || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# Provider configuration from the environment of cluster.env: KAFKA_SASL_*, KAFKA_ENABLE_TLS,
# SCHEMA_REGISTRY_URL (which the schemaregistry provider prefers over its block's value).
cat >"$tmp/main.tf" <<EOF
terraform {
  required_providers {
    kafka = { source = "mongey/kafka" }
$( [ $WITH_SR = 1 ] && echo '    schemaregistry = { source = "cultureamp/schemaregistry" }' )
  }
}
variable "bootstrap" { type = string }
variable "user_password" {
  type      = string
  sensitive = true
}
provider "kafka" {
  bootstrap_servers = [var.bootstrap]
}
resource "kafka_topic" "t" {
  name               = "$TOPIC"
  partitions         = 2
  replication_factor = 1
  config = {
    "cleanup.policy" = "delete"
    "retention.ms"   = "86400000"
  }
}
resource "kafka_user_scram_credential" "u" {
  username        = "$USER_NAME"
  scram_mechanism = "SCRAM-SHA-256"
  password        = var.user_password
}
resource "kafka_acl" "describe" {
  resource_name       = kafka_topic.t.name
  resource_type       = "Topic"
  acl_principal       = "User:$USER_NAME"
  acl_host            = "*"
  acl_operation       = "Describe"
  acl_permission_type = "Allow"
}
EOF
if [ $WITH_SR = 1 ]; then
  cat >>"$tmp/main.tf" <<EOF
provider "schemaregistry" {
  schema_registry_url = "$SCHEMA_REGISTRY_URL"
}
resource "schemaregistry_schema" "v" {
  subject             = "$TOPIC-value"
  schema_type         = "AVRO"
  schema              = jsonencode({ type = "record", name = "Check", namespace = "smoke", fields = [{ name = "id", type = "string" }] })
  compatibility_level = "FULL"
}
EOF
fi

if (cd "$tmp" && tofu init -input=false -no-color >"$tmp/init.log" 2>&1); then
  ok "tofu init from the local provider mirror ($MESH_PROVIDERS)"
else
  cat "$tmp/init.log"; bad "tofu init"
fi
if (cd "$tmp" && tofu apply -auto-approve -input=false -no-color >"$tmp/apply.log" 2>&1); then
  ok "tofu apply: $(grep -o 'Resources: .*' "$tmp/apply.log")"
else
  cat "$tmp/apply.log"; bad "tofu apply"
fi
set +e
(cd "$tmp" && tofu plan -detailed-exitcode -input=false -no-color >"$tmp/plan.log" 2>&1)
rc=$?
set -e
if [ $rc = 0 ]; then ok "second plan: no changes (no drift)"; else cat "$tmp/plan.log"; bad "second plan exit code $rc"; fi

cat >"$tmp/user.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-256
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$USER_NAME" password="$USER_PASSWORD";
EOF
printf 'log4j.rootLogger=ERROR, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.layout.ConversionPattern=%%p %%m (%%c)%%n\n' >"$tmp/log4j.properties"
if java -Xmx256m "-Dlog4j.configuration=file:$tmp/log4j.properties" -cp "$MESH_KAFKA_LIBS/*" \
     org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
     --command-config "$tmp/user.properties" --list >"$tmp/list.log" 2>&1 \
   && [ "$(grep -v '^\s*$' "$tmp/list.log")" = "$TOPIC" ]; then
  ok "the Terraform-created SCRAM-SHA-256 user logs in and sees exactly its one topic"
else
  cat "$tmp/list.log"; bad "SCRAM login of the Terraform-created user / ACL-filtered listing"
fi
if [ $WITH_SR = 1 ]; then
  r="$(http_request GET "${SCHEMA_REGISTRY_URL#http://}" "/config/$TOPIC-value")"
  if grep -q FULL <<<"$r"; then ok "schema subject $TOPIC-value registered with compatibility FULL"; else bad "registry config: $r"; fi
else
  printf '[smoke-tofu] skip cultureamp/schemaregistry was not built (see tools/toolchain/README.md)\n'
fi
if (cd "$tmp" && tofu destroy -auto-approve -input=false -no-color >"$tmp/destroy.log" 2>&1); then
  ok "tofu destroy: $(grep -o 'Resources: .*' "$tmp/destroy.log")"
else
  cat "$tmp/destroy.log"; bad "tofu destroy"
fi

echo "smoke-tofu: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
