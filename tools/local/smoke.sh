#!/usr/bin/env bash
# Smoke check of the local services started by tools/local/up.sh, with Kafka's own CLI classes:
#   1. the admin (PLAIN) creates a topic; the admin over SCRAM-SHA-512 sees it
#   2. a SCRAM user with no ACL is refused (describe, produce-side create), a wrong password
#      is refused at authentication
#   3. after an ACL grant (DESCRIBE, DESCRIBE_CONFIGS on that topic) the same user is allowed
#   4. the schema registry: register AVRO, JSON and PROTOBUF schemas, set a subject's
#      compatibility level, and check an incompatible change is reported as such
# Everything it creates is named smoke.* and removed at the end.
# Usage: tools/local/smoke.sh        Exit status 0 when every check passed.
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

tmp="$(mktemp -d)"
printf 'log4j.rootLogger=ERROR, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.layout.ConversionPattern=%%p %%m (%%c)%%n\n' >"$tmp/log4j.properties"
JAVA=(java -Xmx256m "-Dlog4j.configuration=file:$tmp/log4j.properties" -cp "$MESH_KAFKA_LIBS/*")
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); printf '[smoke] ok   %s\n' "$*"; }
bad() { FAILED=$((FAILED + 1)); printf '[smoke] FAIL %s\n' "$*"; }

SUFFIX="$(random_secret | cut -c1-8)"
TOPIC="smoke.check-$SUFFIX"
USER_NAME="smoke-user-$SUFFIX"
USER_PASSWORD="$(random_secret)"
cleanup() {
  "${JAVA[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --command-config "$MESH_KAFKA_ADMIN_CONFIG" --delete --topic "$TOPIC" >/dev/null 2>&1 || true
  "${JAVA[@]}" kafka.admin.AclCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --command-config "$MESH_KAFKA_ADMIN_CONFIG" --remove --force --allow-principal "User:$USER_NAME" \
    --operation Describe --operation DescribeConfigs --topic "$TOPIC" >/dev/null 2>&1 || true
  "${JAVA[@]}" kafka.admin.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --command-config "$MESH_KAFKA_ADMIN_CONFIG" --alter --delete-config SCRAM-SHA-512 \
    --entity-type users --entity-name "$USER_NAME" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

topics() { "${JAVA[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" "$@"; }

# ------------------------------------------------------------------ 1. admin
if topics --command-config "$MESH_KAFKA_ADMIN_CONFIG" --create --topic "$TOPIC" \
     --partitions 3 --replication-factor 1 --config cleanup.policy=delete >"$tmp/create.log" 2>&1; then
  ok "admin (SASL/PLAIN) created topic $TOPIC"
else
  cat "$tmp/create.log"; bad "admin could not create $TOPIC"
fi
if topics --command-config "$MESH_KAFKA_ADMIN_SCRAM_CONFIG" --describe --topic "$TOPIC" >"$tmp/describe.log" 2>&1 \
   && grep -q "PartitionCount: 3" "$tmp/describe.log"; then
  ok "admin (SASL/SCRAM-SHA-512) describes $TOPIC: 3 partitions"
else
  cat "$tmp/describe.log"; bad "admin over SCRAM could not describe $TOPIC"
fi

# ------------------------------------------------------------------ 2. a user without ACLs
# Created the way Terraform's kafka_user_scram_credential does: AlterUserScramCredentials.
if "${JAVA[@]}" kafka.admin.ConfigCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
     --command-config "$MESH_KAFKA_ADMIN_CONFIG" --alter \
     --add-config "SCRAM-SHA-512=[iterations=4096,password=$USER_PASSWORD]" \
     --entity-type users --entity-name "$USER_NAME" >"$tmp/scram.log" 2>&1; then
  ok "admin created SCRAM-SHA-512 credentials for $USER_NAME"
else
  cat "$tmp/scram.log"; bad "could not create SCRAM credentials for $USER_NAME"
fi
cat >"$tmp/user.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$USER_NAME" password="$USER_PASSWORD";
EOF
cat >"$tmp/wrong.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$USER_NAME" password="not-the-password";
EOF
sleep 1   # SCRAM credentials propagate through the metadata log

if topics --command-config "$tmp/user.properties" --describe --topic "$TOPIC" >"$tmp/denied.log" 2>&1; then
  cat "$tmp/denied.log"; bad "$USER_NAME (no ACL) was allowed to describe $TOPIC"
elif grep -qiE 'authoriz|does not exist' "$tmp/denied.log"; then
  # Kafka hides topics a principal may not DESCRIBE: "does not exist" for it, while the admin sees it.
  ok "$USER_NAME (SCRAM login works, no ACL) cannot see $TOPIC: $(grep -oiE '[A-Za-z ]*authoriz[A-Za-z ]*|does not exist' "$tmp/denied.log" | head -n1)"
else
  cat "$tmp/denied.log"; bad "$USER_NAME failed for another reason than authorization"
fi
if topics --command-config "$tmp/user.properties" --create --topic "smoke.denied-$SUFFIX" \
     --partitions 1 --replication-factor 1 >"$tmp/denied-create.log" 2>&1; then
  bad "$USER_NAME (no ACL) was allowed to create a topic"
elif grep -qi 'authoriz' "$tmp/denied-create.log"; then
  ok "$USER_NAME (no ACL) is refused topic creation"
else
  cat "$tmp/denied-create.log"; bad "topic creation by $USER_NAME failed for another reason"
fi
if timeout 60 "${JAVA[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
     --command-config "$tmp/wrong.properties" --list >"$tmp/wrong.log" 2>&1; then
  bad "a wrong SCRAM password was accepted"
elif grep -qi 'authentication' "$tmp/wrong.log"; then
  ok "a wrong SCRAM password is refused at authentication"
else
  cat "$tmp/wrong.log"; bad "wrong password failed for another reason"
fi

# ------------------------------------------------------------------ 3. grant, then allowed
if "${JAVA[@]}" kafka.admin.AclCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
     --command-config "$MESH_KAFKA_ADMIN_CONFIG" --add --allow-principal "User:$USER_NAME" --allow-host '*' \
     --operation Describe --operation DescribeConfigs --topic "$TOPIC" >"$tmp/acl.log" 2>&1; then
  ok "admin granted DESCRIBE and DESCRIBE_CONFIGS on $TOPIC to $USER_NAME"
else
  cat "$tmp/acl.log"; bad "could not add the ACL"
fi
allowed=0
for _ in 1 2 3 4 5; do
  if topics --command-config "$tmp/user.properties" --describe --topic "$TOPIC" >"$tmp/allowed.log" 2>&1 \
     && grep -q "PartitionCount: 3" "$tmp/allowed.log"; then allowed=1; break; fi
  sleep 1
done
if [ $allowed = 1 ]; then ok "$USER_NAME may describe $TOPIC once the ACL exists"; else cat "$tmp/allowed.log"; bad "ACL grant had no effect"; fi

# ------------------------------------------------------------------ 4. schema registry
SR="${SCHEMA_REGISTRY_URL#http://}"
sr() { http_request "$@"; }
json_str() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
SUBJ="smoke.check-$SUFFIX-value"
AVRO1='{"type":"record","name":"Check","namespace":"smoke","fields":[{"name":"id","type":"string"}]}'
AVRO2_BAD='{"type":"record","name":"Check","namespace":"smoke","fields":[{"name":"id","type":"int"}]}'
JSONS='{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}'
PROTO='syntax = "proto3"; package smoke; message Check { string id = 1; }'

r="$(sr POST "$SR" "/subjects/$SUBJ/versions" "{\"schema\":\"$(json_str "$AVRO1")\"}")"
if [ "$(head -n1 <<<"$r")" = 200 ] && grep -q '"id"' <<<"$r"; then ok "registry: AVRO v1 registered ($(tail -n1 <<<"$r"))"; else bad "registry: AVRO register: $r"; fi
r="$(sr PUT "$SR" "/config/$SUBJ" '{"compatibility":"FULL"}')"
if [ "$(head -n1 <<<"$r")" = 200 ]; then ok "registry: PUT /config/$SUBJ FULL"; else bad "registry: PUT /config: $r"; fi
r="$(sr GET "$SR" "/config/$SUBJ")"
if grep -q 'FULL' <<<"$r"; then ok "registry: GET /config/$SUBJ -> $(tail -n1 <<<"$r")"; else bad "registry: GET /config: $r"; fi
r="$(sr POST "$SR" "/compatibility/subjects/$SUBJ/versions/latest" "{\"schema\":\"$(json_str "$AVRO2_BAD")\"}")"
if grep -q '"is_compatible":false' <<<"$r"; then ok "registry: an incompatible AVRO change is reported incompatible"; else bad "registry: compatibility check: $r"; fi
r="$(sr POST "$SR" "/compatibility/subjects/$SUBJ/versions" "{\"schema\":\"$(json_str "$AVRO1")\"}")"
if grep -q '"is_compatible":true' <<<"$r"; then ok "registry: POST /compatibility/subjects/{s}/versions (all versions) works"; else bad "registry: compatibility (all versions): $r"; fi
r="$(sr POST "$SR" "/subjects/smoke.json-$SUFFIX-value/versions" "{\"schemaType\":\"JSON\",\"schema\":\"$(json_str "$JSONS")\"}")"
if [ "$(head -n1 <<<"$r")" = 200 ]; then ok "registry: JSON schema registered"; else bad "registry: JSON register: $r"; fi
r="$(sr POST "$SR" "/subjects/smoke.proto-$SUFFIX-value/versions" "{\"schemaType\":\"PROTOBUF\",\"schema\":\"$(json_str "$PROTO")\"}")"
if [ "$(head -n1 <<<"$r")" = 200 ]; then ok "registry: PROTOBUF schema registered"; else bad "registry: PROTOBUF register: $r"; fi
for s in "$SUBJ" "smoke.json-$SUFFIX-value" "smoke.proto-$SUFFIX-value"; do
  sr DELETE "$SR" "/subjects/$s" >/dev/null; sr DELETE "$SR" "/subjects/$s?permanent=true" >/dev/null
done

echo "smoke: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
