# Helpers shared by tools/local/*.sh (sourced, not run).
# shellcheck shell=bash

log() { printf '[local] %s\n' "$*" >&2; }
die() { printf '[local] ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH; $2"; }

# Kafka version pinned by tools/kafka/pom.xml.
kafka_pinned_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$REPO/tools/kafka/pom.xml" | head -n1
}

# True if the pid file names a live process that we started: its command line must
# mention the state dir, so a recycled pid of someone else's process never matches.
pid_alive() {
  local f="$1" pid
  [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null)"
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$STATE" || return 1
}

# start_daemon <pidfile> <logfile> <command...>: detached from this shell, in its own session.
start_daemon() {
  local pidf="$1" logf="$2"; shift 2
  # fd 9 is the state dir's lock: the daemon must not keep holding it.
  setsid "$@" >>"$logf" 2>&1 </dev/null 9>&- &
  echo $! >"$pidf"
}

# True if something accepts connections on 127.0.0.1:<port>.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A free loopback port, different from the ones given.
free_port() {
  local p tries=0 x taken
  while [ $tries -lt 200 ]; do
    tries=$((tries + 1))
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    taken=0
    for x in "$@"; do [ "$x" = "$p" ] && taken=1; done
    [ $taken = 1 ] && continue
    port_in_use "$p" && continue
    # Not listened on by anyone, on any address (ss is optional).
    if command -v ss >/dev/null 2>&1 && ss -Htan "sport = :$p" 2>/dev/null | grep -q .; then continue; fi
    echo "$p"; return 0
  done
  die "no free loopback port found"
}

random_secret() {
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

# http_request <method> <url-without-scheme host:port> <path> [json body]
# Prints "<status code>" on the first line, then the body (bash only, no curl needed).
http_request() {
  local method="$1" hostport="$2" path="$3" body="${4:-}"
  local host="${hostport%:*}" port="${hostport##*:}"
  (
    exec 3<>"/dev/tcp/$host/$port" || exit 1
    local ctype=""
    [ -n "$body" ] && ctype=$'Content-Type: application/vnd.schemaregistry.v1+json\r\n'
    printf '%s %s HTTP/1.0\r\nHost: %s\r\nAccept: application/vnd.schemaregistry.v1+json, application/json\r\n%sContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
      "$method" "$path" "$hostport" "$ctype" "${#body}" "$body" >&3
    timeout 10 cat <&3 | sed -n '1{s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p;d};/^\r\{0,1\}$/,$p' | sed '/^\r\{0,1\}$/d'
  ) 2>/dev/null || true
}
