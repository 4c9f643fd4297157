#!/usr/bin/env bash
# Starts the local, loopback-only services the project deploys to:
#   - Apache Kafka 3.9 in KRaft mode: one node (broker + controller), or N with --brokers N
#     (each broker + controller, a quorum of N), SASL on every listener (PLAIN, SCRAM-SHA-256,
#     SCRAM-SHA-512) and the StandardAuthorizer, so ACLs really deny
#   - a Confluent-API-compatible schema registry (AxonOps, in-memory storage: its subjects do not
#     survive a restart of the registry; the next npm run deploy registers them again)
# then writes <state>/cluster.env and prints it.
#
# Usage: tools/local/up.sh [--brokers N] [--connect]     (npm run local:up)
#   --brokers N               N KRaft nodes (default 1; fixed when the state dir is first formatted)
# Environment:
#   MESH_LOCAL_DIR            state dir (default: <repo>/.local; gitignored)
#   CDKTF_KAFKA_MESH_CACHE    toolchain cache (see tools/toolchain/build.sh)
#   MESH_UP_TIMEOUT           seconds to wait for each service (default 120)
#   MESH_ADMIN_PASSWORD       admin password on first start (default: random)
#   MESH_CONNECT=1            also start a Kafka Connect worker (distributed mode, REST on
#                             127.0.0.1, file connectors + JSON converter), or pass --connect
# Idempotent: if the services it started are alive, it prints the env and exits 0.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${CDKTF_KAFKA_MESH_CACHE:-$HOME/.cache/cdktf-kafka-mesh}"
STATE="${MESH_LOCAL_DIR:-$REPO/.local}"
TIMEOUT="${MESH_UP_TIMEOUT:-120}"
HOST=127.0.0.1   # never anything else
CONNECT="${MESH_CONNECT:-0}"
BROKERS_ARG=""
while [ $# -gt 0 ]; do
  a="$1"; shift
  case "$a" in
    --connect) CONNECT=1 ;;
    --brokers) BROKERS_ARG="${1:-}"; shift || true
      case "$BROKERS_ARG" in [1-9]) ;; *) echo "up.sh: --brokers must be a number of brokers from 1 to 9 (got '$BROKERS_ARG'); e.g. --brokers 3" >&2; exit 2 ;; esac ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "up.sh: unknown argument: $a" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib.sh
. "$HERE/lib.sh"

need java "install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless)"

mkdir -p "$STATE"
STATE="$(cd "$STATE" && pwd)"
exec 9>"$STATE/.lock"
flock -w 300 9 || die "another up.sh/down.sh holds $STATE/.lock"
# A worker started earlier with --connect stays part of the environment.
pid_alive "$STATE/connect.pid" && CONNECT=1
# The number of nodes is fixed by the first start of a state dir (its storage is formatted for it).
KNOWN_BROKERS="$(sed -n 's/^BROKERS=//p' "$STATE/ports.env" 2>/dev/null || true)"
[ -n "$KNOWN_BROKERS" ] || { [ -f "$STATE/kafka/metadata/meta.properties" ] && KNOWN_BROKERS=1; }
if [ -n "$KNOWN_BROKERS" ] && [ -n "$BROKERS_ARG" ] && [ "$BROKERS_ARG" != "$KNOWN_BROKERS" ]; then
  die "--brokers $BROKERS_ARG, but $STATE holds a cluster of $KNOWN_BROKERS broker(s). Fix: use another state dir (MESH_LOCAL_DIR) or delete this one with tools/local/down.sh --purge"
fi
BROKERS="${BROKERS_ARG:-${KNOWN_BROKERS:-1}}"
# node i: pid file and dir kafka (i=1) or kafka-<i>
node_name() { if [ "$1" = 1 ]; then echo kafka; else echo "kafka-$1"; fi; }
all_kafka_alive() { local i; for i in $(seq 1 "$BROKERS"); do pid_alive "$STATE/$(node_name "$i").pid" || return 1; done; }
# For each node that is not running: its name, the errors in its server log and the end of its console output.
report_dead_nodes() {
  local i name nodelog
  for i in $(seq 1 "$BROKERS"); do
    name="$(node_name "$i")"
    pid_alive "$STATE/$name.pid" && continue
    nodelog="kafka-server.log"; [ "$i" = 1 ] || nodelog="$name-server.log"
    echo "[local] node $i exited; errors in $STATE/logs/$nodelog:" >&2
    grep -E "ERROR|FATAL" "$STATE/logs/$nodelog" 2>/dev/null | tail -n 12 >&2 || true
    echo "[local] end of $STATE/logs/$name.out:" >&2
    tail -n 12 "$STATE/logs/$name.out" >&2 2>/dev/null || true
  done
}

# --------------------------------------------------------------- already up?
if all_kafka_alive && pid_alive "$STATE/schema-registry.pid" && [ -f "$STATE/cluster.env" ] \
   && { [ "$CONNECT" != 1 ] || pid_alive "$STATE/connect.pid"; }; then
  log "already running (pids $(cat "$STATE/kafka.pid") $(cat "$STATE/schema-registry.pid")); state in $STATE"
  cat "$STATE/cluster.env"
  exit 0
fi

# --------------------------------------------------------------- toolchain
if [ ! -f "$CACHE/env.sh" ] || [ ! -x "$CACHE/bin/schema-registry" ] || [ ! -d "$CACHE/kafka-$(kafka_pinned_version)/libs" ]; then
  log "toolchain missing or incomplete: running tools/toolchain/build.sh"
  "$REPO/tools/toolchain/build.sh"
fi
# shellcheck disable=SC1091
. "$CACHE/env.sh"
[ -n "${MESH_KAFKA_LIBS:-}" ] && [ -d "$MESH_KAFKA_LIBS" ] || die "no Kafka jars (MESH_KAFKA_LIBS) after build.sh"
[ -x "${MESH_SCHEMA_REGISTRY_BIN:-}" ] || die "no schema registry binary after build.sh"

mkdir -p "$STATE/logs" "$STATE/kafka"

# --------------------------------------------------------------- credentials
if [ ! -f "$STATE/admin.password" ]; then
  (umask 077; printf '%s' "${MESH_ADMIN_PASSWORD:-$(random_secret)}" >"$STATE/admin.password")
fi
ADMIN_PASSWORD="$(cat "$STATE/admin.password")"
case "$ADMIN_PASSWORD" in *[\"\\\ \;]*) die "the admin password must not contain quotes, backslashes, spaces or ';'";; esac

# --------------------------------------------------------------- ports
# Reuse the ports of an earlier start (the data dir remembers its listeners), else pick free ones.
if [ -f "$STATE/ports.env" ]; then
  # shellcheck disable=SC1091
  . "$STATE/ports.env"
fi
# A service still running (the other one died) keeps its ports. Node 1 uses BROKER_PORT and
# CONTROLLER_PORT, node i BROKER_PORT_i and CONTROLLER_PORT_i (the quorum knows nodes by them).
TAKEN=""
for i in $(seq 1 "$BROKERS"); do
  sfx=""; [ "$i" = 1 ] || sfx="_$i"
  bvar="BROKER_PORT$sfx"; cvar="CONTROLLER_PORT$sfx"
  if ! pid_alive "$STATE/$(node_name "$i").pid"; then
    # shellcheck disable=SC2086
    if [ -z "${!bvar:-}" ] || port_in_use "${!bvar}"; then printf -v "$bvar" '%s' "$(free_port $TAKEN)"; fi
    # shellcheck disable=SC2086
    if [ -z "${!cvar:-}" ] || port_in_use "${!cvar}" || [ "${!cvar}" = "${!bvar}" ]; then printf -v "$cvar" '%s' "$(free_port $TAKEN "${!bvar}")"; fi
  fi
  TAKEN="$TAKEN ${!bvar} ${!cvar}"
done
if ! pid_alive "$STATE/schema-registry.pid"; then
  if [ -z "${REGISTRY_PORT:-}" ] || port_in_use "$REGISTRY_PORT" || [ "$REGISTRY_PORT" = "$BROKER_PORT" ] || [ "$REGISTRY_PORT" = "$CONTROLLER_PORT" ]; then
    # shellcheck disable=SC2086
    REGISTRY_PORT="$(free_port $TAKEN)"
  fi
fi
if [ "$CONNECT" = 1 ] && ! pid_alive "$STATE/connect.pid"; then
  if [ -z "${CONNECT_PORT:-}" ] || port_in_use "$CONNECT_PORT" || [ "$CONNECT_PORT" = "$BROKER_PORT" ] \
     || [ "$CONNECT_PORT" = "$CONTROLLER_PORT" ] || [ "$CONNECT_PORT" = "$REGISTRY_PORT" ]; then
    CONNECT_PORT="$(free_port "$BROKER_PORT" "$CONTROLLER_PORT" "$REGISTRY_PORT")"
  fi
fi
{
  printf 'BROKERS=%s\nBROKER_PORT=%s\nCONTROLLER_PORT=%s\nREGISTRY_PORT=%s\nCONNECT_PORT=%s\n' \
    "$BROKERS" "$BROKER_PORT" "$CONTROLLER_PORT" "$REGISTRY_PORT" "${CONNECT_PORT:-}"
  for i in $(seq 2 "$BROKERS"); do bvar="BROKER_PORT_$i"; cvar="CONTROLLER_PORT_$i"; printf '%s=%s\n%s=%s\n' "$bvar" "${!bvar}" "$cvar" "${!cvar}"; done
} >"$STATE/ports.env"
BOOTSTRAP="$HOST:$BROKER_PORT"
VOTERS="1@$HOST:$CONTROLLER_PORT"
for i in $(seq 2 "$BROKERS"); do bvar="BROKER_PORT_$i"; cvar="CONTROLLER_PORT_$i"; BOOTSTRAP="$BOOTSTRAP,$HOST:${!bvar}"; VOTERS="$VOTERS,$i@$HOST:${!cvar}"; done
# Replication of Kafka's internal topics: 3 (2 in sync) where there are 3 brokers.
RF=$(( BROKERS < 3 ? BROKERS : 3 )); MIN_ISR=$(( RF < 2 ? 1 : 2 ))

# --------------------------------------------------------------- Kafka config
JAAS_PLAIN="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$ADMIN_PASSWORD\" user_admin=\"$ADMIN_PASSWORD\";"
umask 077
# write_node_config <i> <dir> <broker port> <controller port>
write_node_config() {
mkdir -p "$2"
cat >"$2/server.properties" <<EOF
# Written by tools/local/up.sh: KRaft node $1 of $BROKERS, loopback only.
process.roles=broker,controller
node.id=$1
controller.quorum.voters=$VOTERS
listeners=BROKER://$HOST:$3,CONTROLLER://$HOST:$4
advertised.listeners=BROKER://$HOST:$3
controller.listener.names=CONTROLLER
inter.broker.listener.name=BROKER
# Both listeners authenticate: no anonymous principal anywhere, so no ACL bypass on loopback.
listener.security.protocol.map=BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.broker.plain.sasl.jaas.config=$JAAS_PLAIN
listener.name.controller.plain.sasl.jaas.config=$JAAS_PLAIN
# SCRAM credentials live in the cluster metadata (admin's are added at format time,
# the others by Terraform's kafka_user_scram_credential).
listener.name.broker.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.broker.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;

authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false

auto.create.topics.enable=false
num.partitions=1
default.replication.factor=$RF
min.insync.replicas=1
offsets.topic.replication.factor=$RF
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=$RF
transaction.state.log.min.isr=$MIN_ISR
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
delete.topic.enable=true

log.dirs=$2/data
metadata.log.dir=$2/metadata
log.retention.check.interval.ms=60000
num.network.threads=2
num.io.threads=2
background.threads=2
EOF
}

for i in $(seq 1 "$BROKERS"); do
  bvar="BROKER_PORT"; cvar="CONTROLLER_PORT"; [ "$i" = 1 ] || { bvar="BROKER_PORT_$i"; cvar="CONTROLLER_PORT_$i"; }
  write_node_config "$i" "$STATE/$(node_name "$i")" "${!bvar}" "${!cvar}"
done
cat >"$STATE/kafka/log4j.properties" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$STATE/logs/\${mesh.node.log}
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.authorizer.logger=INFO, file
log4j.logger.org.apache.kafka.metadata.authorizer=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.org.apache.kafka.controller=INFO
log4j.logger.state.change.logger=WARN
EOF

# Client configs for Kafka's own CLI classes (and for tests): admin over PLAIN and SCRAM.
cat >"$STATE/admin-plain.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$ADMIN_PASSWORD";
EOF
cat >"$STATE/admin-scram.properties" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$ADMIN_PASSWORD";
EOF
umask 022

HEAP=512m; [ "$BROKERS" = 1 ] || HEAP=384m
KAFKA_JAVA=(java -Xms256m "-Xmx$HEAP" -Dmesh.node.log=kafka-server.log -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  "-Dlog4j.configuration=file:$STATE/kafka/log4j.properties" "-Dkafka.logs.dir=$STATE/logs"
  -cp "$MESH_KAFKA_LIBS/*")

# --------------------------------------------------------------- format (first start only)
CLUSTER_ID=""
for i in $(seq 1 "$BROKERS"); do
  dir="$STATE/$(node_name "$i")"
  [ ! -f "$dir/metadata/meta.properties" ] || continue
  if [ -z "$CLUSTER_ID" ]; then
    CLUSTER_ID="$(sed -n 's/^cluster.id=//p' "$STATE/kafka/metadata/meta.properties" 2>/dev/null || true)"
    [ -n "$CLUSTER_ID" ] || CLUSTER_ID="$("${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  fi
  [ -n "$CLUSTER_ID" ] || die "kafka-storage random-uuid printed nothing"
  log "formatting KRaft storage of node $i (cluster id $CLUSTER_ID) with SCRAM credentials for admin"
  if ! "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format --ignore-formatted \
        -t "$CLUSTER_ID" -c "$dir/server.properties" \
        --add-scram "SCRAM-SHA-256=[name=admin,password=$ADMIN_PASSWORD]" \
        --add-scram "SCRAM-SHA-512=[name=admin,password=$ADMIN_PASSWORD]" \
        >"$STATE/logs/kafka-format.log" 2>&1; then
    cat "$STATE/logs/kafka-format.log" >&2
    die "kafka-storage format failed (log: $STATE/logs/kafka-format.log)"
  fi
done

# --------------------------------------------------------------- start Kafka
for i in $(seq 1 "$BROKERS"); do
  name="$(node_name "$i")"
  if pid_alive "$STATE/$name.pid"; then
    log "kafka node $i already running (pid $(cat "$STATE/$name.pid"))"
  else
    log "starting Kafka $MESH_KAFKA_DIST_VERSION node $i of $BROKERS (bootstrap $BOOTSTRAP); log: $STATE/logs/$name.out"
    nodelog="kafka-server.log"; [ "$i" = 1 ] || nodelog="$name-server.log"
    start_daemon "$STATE/$name.pid" "$STATE/logs/$name.out" "${KAFKA_JAVA[@]}" "-Dmesh.node.log=$nodelog" kafka.Kafka "$STATE/$name/server.properties"
  fi
done

# --------------------------------------------------------------- start the schema registry
cat >"$STATE/schema-registry.yaml" <<EOF
# Written by tools/local/up.sh: in-memory storage, loopback only, no auth.
server:
  host: "$HOST"
  port: $REGISTRY_PORT
storage:
  type: memory
compatibility:
  default_level: BACKWARD
logging:
  level: info
  format: text
EOF
if pid_alive "$STATE/schema-registry.pid"; then
  log "schema registry already running (pid $(cat "$STATE/schema-registry.pid"))"
else
  log "starting the schema registry on http://$HOST:$REGISTRY_PORT (in-memory: subjects last until it stops); log: $STATE/logs/schema-registry.log"
  SCHEMA_REGISTRY_RESTARTED=1
  # Its env overrides win over the config file: pin them to the same loopback values.
  SCHEMA_REGISTRY_HOST="$HOST" SCHEMA_REGISTRY_PORT="$REGISTRY_PORT" SCHEMA_REGISTRY_STORAGE_TYPE=memory \
    start_daemon "$STATE/schema-registry.pid" "$STATE/logs/schema-registry.log" \
    "$MESH_SCHEMA_REGISTRY_BIN" -config "$STATE/schema-registry.yaml"
fi

# --------------------------------------------------------------- wait until really ready
deadline=$((SECONDS + TIMEOUT))
log "waiting for the broker to answer an authenticated admin request (timeout ${TIMEOUT}s)"
for hostport in ${BOOTSTRAP//,/ }; do
until "${KAFKA_JAVA[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$hostport" \
        --command-config "$STATE/admin-plain.properties" --list >"$STATE/logs/ready-check.log" 2>&1; do
  all_kafka_alive || { report_dead_nodes; die "Kafka exited during startup (see above which node and why)"; }
  [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$STATE/logs/ready-check.log" >&2 || true;
    die "Kafka not ready after ${TIMEOUT}s; see $STATE/logs/kafka-server.log"; }
  sleep 1
done
done
log "waiting for the schema registry to answer GET /subjects"
# (An empty AxonOps registry answers 200 with "null" where Confluent's answers "[]".)
until [ "$(http_request GET "$HOST:$REGISTRY_PORT" /subjects | head -n 1)" = 200 ]; do
  pid_alive "$STATE/schema-registry.pid" || { tail -n 30 "$STATE/logs/schema-registry.log" >&2 || true;
    die "the schema registry exited during startup; see $STATE/logs/schema-registry.log"; }
  [ "$SECONDS" -lt "$deadline" ] || die "the schema registry not ready after ${TIMEOUT}s; see $STATE/logs/schema-registry.log"
  sleep 0.5
done

# --------------------------------------------------------------- Kafka Connect (opt-in)
if [ "$CONNECT" = 1 ]; then
  [ -n "${MESH_KAFKA_CONNECT_LIBS:-}" ] && [ -d "$MESH_KAFKA_CONNECT_LIBS" ] || die "no Kafka Connect jars (MESH_KAFKA_CONNECT_LIBS)"
  mkdir -p "$STATE/connect"
  umask 077
  {
    echo "# Written by tools/local/up.sh: one distributed-mode worker, REST on loopback only."
    echo "bootstrap.servers=$BOOTSTRAP"
    echo "group.id=mesh-local-connect"
    echo "config.storage.topic=_mesh-connect-configs"
    echo "offset.storage.topic=_mesh-connect-offsets"
    echo "status.storage.topic=_mesh-connect-status"
    echo "config.storage.replication.factor=1"
    echo "offset.storage.replication.factor=1"
    echo "status.storage.replication.factor=1"
    echo "offset.flush.interval.ms=5000"
    # Plugins come from the classpath (connect-file, connect-json, connect-transforms),
    # all with ServiceLoader manifests: skip the slow reflective scan.
    echo "plugin.discovery=service_load"
    echo "key.converter=org.apache.kafka.connect.json.JsonConverter"
    echo "value.converter=org.apache.kafka.connect.json.JsonConverter"
    echo "listeners=http://$HOST:$CONNECT_PORT"
    echo "rest.advertised.host.name=$HOST"
    echo "rest.advertised.port=$CONNECT_PORT"
    # The worker and its connectors' clients authenticate as admin.
    for prefix in "" producer. consumer. admin.; do
      echo "${prefix}security.protocol=SASL_PLAINTEXT"
      echo "${prefix}sasl.mechanism=PLAIN"
      echo "${prefix}sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$ADMIN_PASSWORD\";"
    done
  } >"$STATE/connect/worker.properties"
  sed 's#\${mesh.node.log}#connect.log#' "$STATE/kafka/log4j.properties" >"$STATE/connect/log4j.properties"
  umask 022
  if pid_alive "$STATE/connect.pid"; then
    log "Kafka Connect already running (pid $(cat "$STATE/connect.pid"))"
  else
    log "starting a Kafka Connect worker, REST on http://$HOST:$CONNECT_PORT; log: $STATE/logs/connect.log"
    start_daemon "$STATE/connect.pid" "$STATE/logs/connect.out" java -Xms128m -Xmx512m -Djava.awt.headless=true \
      "-Dlog4j.configuration=file:$STATE/connect/log4j.properties" -cp "$MESH_KAFKA_CONNECT_LIBS/*" \
      org.apache.kafka.connect.cli.ConnectDistributed "$STATE/connect/worker.properties"
  fi
  log "waiting for Kafka Connect to answer GET /connectors"
  until [ "$(http_request GET "$HOST:$CONNECT_PORT" /connectors | head -n 1)" = 200 ]; do
    pid_alive "$STATE/connect.pid" || { tail -n 30 "$STATE/logs/connect.out" "$STATE/logs/connect.log" >&2 2>/dev/null || true;
      die "Kafka Connect exited during startup; see $STATE/logs/connect.log"; }
    [ "$SECONDS" -lt "$deadline" ] || die "Kafka Connect not ready after ${TIMEOUT}s; see $STATE/logs/connect.log"
    sleep 1
  done
fi

# --------------------------------------------------------------- cluster.env
{
  echo "# Written by tools/local/up.sh; source it: . \"$STATE/cluster.env\""
  echo "# The Kafka provider reads KAFKA_*; the schema registry provider reads SCHEMA_REGISTRY_*."
  echo "export KAFKA_BOOTSTRAP_SERVERS=\"$BOOTSTRAP\""
  echo "export KAFKA_SASL_MECHANISM=\"plain\""
  echo "export KAFKA_SASL_USERNAME=\"admin\""
  echo "export KAFKA_SASL_PASSWORD=\"$ADMIN_PASSWORD\""
  echo "export KAFKA_ENABLE_TLS=\"false\""
  echo "export MESH_KAFKA_BROKERS=\"$BROKERS\""
  echo "export KAFKA_SKIP_VERIFY=\"false\""
  echo "export SCHEMA_REGISTRY_URL=\"http://$HOST:$REGISTRY_PORT\""
  [ "$CONNECT" = 1 ] && echo "export KAFKA_CONNECT_URL=\"http://$HOST:$CONNECT_PORT\""
  echo "export MESH_KAFKA_CONTROLLER=\"$HOST:$CONTROLLER_PORT\""
  echo "export MESH_KAFKA_ADMIN_CONFIG=\"$STATE/admin-plain.properties\""
  echo "export MESH_KAFKA_ADMIN_SCRAM_CONFIG=\"$STATE/admin-scram.properties\""
  echo "export MESH_LOCAL_DIR=\"$STATE\""
  echo "# toolchain"
  grep '^export\|^case' "$CACHE/env.sh"
} >"$STATE/cluster.env.tmp"
chmod 600 "$STATE/cluster.env.tmp"
mv -f "$STATE/cluster.env.tmp" "$STATE/cluster.env"
[ -n "${SCHEMA_REGISTRY_RESTARTED:-}" ] && log "NOTE: the schema registry keeps its subjects in memory only (its AxonOps build has no file store); it was (re)started empty, so the next npm run deploy registers every subject again (as version 1, under new schema ids; it warns per subject)"
log "ready: Kafka on $BOOTSTRAP (SASL PLAIN/SCRAM, ACLs enforced), schema registry on http://$HOST:$REGISTRY_PORT$( [ "$CONNECT" = 1 ] && echo ", Kafka Connect on http://$HOST:$CONNECT_PORT")"
cat "$STATE/cluster.env"
