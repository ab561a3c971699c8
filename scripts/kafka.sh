#!/usr/bin/env bash
# Runs a real single-node Kafka broker (KRaft, broker+controller in one JVM) on 127.0.0.1,
# without Docker: the jars come from Maven Central via scripts/kafka/pom.xml.
# The non-obvious settings carry their reason next to them (see write_properties).
#
#   scripts/kafka.sh fetch    copy the broker jars into .kafka/lib (skipped when already there)
#   scripts/kafka.sh start    fetch if needed, format, start in the background, wait until ready
#   scripts/kafka.sh stop     SIGTERM, wait up to 20 s, then SIGKILL; fine if not running
#   scripts/kafka.sh kill     SIGKILL at once (fault tests)
#   scripts/kafka.sh status   exit 0 if running, 1 if not
#
# Environment (so that a test can run a second, independent broker next to the first):
#   KAFKA_PORT             client port                  (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port        (default 9093)
#   KAFKA_RUN_DIR          server.properties, data, logs, tmp, pid file
#                          (default .kafka/run-$KAFKA_PORT; a relative path is taken from the repo root)
#   KAFKA_KEEP_DATA=1      start keeps the data dir and its cluster id (restart keeping topics);
#                          otherwise the data dir is wiped and formatted fresh
#   KAFKA_HEAP_OPTS        JVM heap (default "-Xms256m -Xmx512m")
#   KAFKA_START_TIMEOUT    seconds to wait for "Kafka Server started" (default 90)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
POM="$SCRIPT_DIR/kafka/pom.xml"
LOG4J="$SCRIPT_DIR/kafka/log4j.properties"
LIB_DIR="$REPO_ROOT/.kafka/lib"
# Written after a complete copy; holds the pom's checksum so that a changed pom fetches again.
LIB_STAMP="$LIB_DIR/.fetched"

PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
RUN_DIR="${KAFKA_RUN_DIR:-.kafka/run-$PORT}"
case "$RUN_DIR" in /*) ;; *) RUN_DIR="$REPO_ROOT/$RUN_DIR" ;; esac
DATA_DIR="$RUN_DIR/data"
LOG_DIR="$RUN_DIR/logs"
TMP_DIR="$RUN_DIR/tmp"
PID_FILE="$RUN_DIR/kafka.pid"
PROPS="$RUN_DIR/server.properties"
SERVER_LOG="$LOG_DIR/server.log"
CONSOLE_LOG="$LOG_DIR/console.log"

HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT=20
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "kafka.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# fetch

pom_sum() { sha256sum "$POM" | cut -d' ' -f1; }

jars_present() {
  [[ -f "$LIB_STAMP" && "$(cat "$LIB_STAMP")" == "$(pom_sum)" ]] &&
    compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null
}

cmd_fetch() {
  if jars_present; then
    log "broker jars already in ${LIB_DIR#"$REPO_ROOT"/}"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch the broker jars)"
  log "fetching broker jars from Maven Central into ${LIB_DIR#"$REPO_ROOT"/} ..."
  # Copy into a scratch folder and swap it in, so an interrupted fetch never leaves a half lib.
  local staging="$REPO_ROOT/.kafka/lib.partial"
  rm -rf "$staging"
  mkdir -p "$staging"
  # Debian's Maven 3.8 prints bare ANSI reset codes even with -B -q; strip them (pipefail keeps
  # mvn's exit status) and send everything to stderr like the rest of our messages.
  mvn -B -q -f "$POM" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$staging" 2>&1 </dev/null | sed 's/\x1b\[[0-9;]*m//g' >&2 ||
    die "maven could not fetch the broker jars (is Maven Central reachable?)"
  compgen -G "$staging/kafka_2.13-*.jar" >/dev/null || die "maven finished but no kafka_2.13 jar in $staging"
  pom_sum >"$staging/.fetched"
  rm -rf "$LIB_DIR"
  mv "$staging" "$LIB_DIR"
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIB_DIR" | cut -f1))"
}

# ---------------------------------------------------------------------------------------------
# process helpers

# True when something accepts TCP connections on 127.0.0.1:$1 (also catches 0.0.0.0 listeners).
port_in_use() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Describes who listens on a port, when ss can tell (root sees all processes).
port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -1 || true
}

# Pid from the pid file, only when that process is still alive AND is our broker: a pid file
# from a crashed run may point to a pid the system has since given to something else.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  # cmdline is NUL-separated; the broker's carries its own server.properties path.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $PROPS" || return 1
  alive "$pid" || return 1
  echo "$pid"
}

# Whether a process still lives. A zombie (dead, not yet reaped) counts as gone, BUT after a
# SIGKILL the JVM's main thread turns zombie while its other threads are still tearing down and
# still hold the listening sockets; so a zombie with threads left is still alive.
alive() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n "$state" ]] || return 1
  [[ "$state" != "Z" ]] && return 0
  (($(find "/proc/$1/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l) > 1))
}

wait_gone() { # pid seconds -> 0 when gone
  local pid="$1" deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

# After stop/kill, so that an immediate restart on the same ports cannot race the old sockets.
wait_ports_free() {
  local p deadline=$((SECONDS + 5))
  for p in "$PORT" "$CONTROLLER_PORT"; do
    while port_in_use "$p" && ((SECONDS < deadline)); do sleep 0.1; done
  done
}

# ---------------------------------------------------------------------------------------------
# start

write_properties() {
  cat >"$PROPS" <<EOF
# Generated by scripts/kafka.sh — edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA_DIR

# One node: the internal topics must not ask for 3 replicas, or consumers wait forever for a
# group coordinator and transactions never start.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Faster start and faster consumer group joins.
offsets.topic.num.partitions=1
group.initial.rebalance.delay.ms=0

auto.create.topics.enable=true
num.partitions=3

# After a SIGKILL (fault tests) the controller keeps the dead broker's registration until its
# session expires (counted from the controller's own restart), and a KAFKA_KEEP_DATA=1 restart
# retries with back-off meanwhile (DUPLICATE_BROKER_REGISTRATION). Measured kill -> ready:
# ~17 s at the default 9 s, ~7 s at 3 s. 3 s still leaves 4 missed heartbeats of slack.
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=750

# The log cleaner (for compacted __consumer_offsets) allocates this buffer on the heap;
# the default 128 MB is a quarter of our 512 MB heap.
log.cleaner.dedupe.buffer.size=33554432
EOF
}

# Same format as `kafka-storage random-uuid` (16 random bytes, base64url, no padding) without
# paying a JVM start (~0.8 s). Kafka itself rejects ids starting with "-" (they look like options).
random_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    [[ "$id" == -* ]] || break
  done
  echo "$id"
}

format_storage() {
  if [[ "${KAFKA_KEEP_DATA:-}" == "1" && -f "$DATA_DIR/meta.properties" ]]; then
    log "keeping data in $DATA_DIR ($(grep '^cluster.id=' "$DATA_DIR/meta.properties"))"
    return 0
  fi
  [[ "${KAFKA_KEEP_DATA:-}" == "1" ]] && log "KAFKA_KEEP_DATA=1 but no formatted data yet; formatting fresh"
  # A data dir with another cluster id stops the start, so wipe before each format.
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  local cluster_id
  local tool=("$JAVA" -Djava.io.tmpdir="$TMP_DIR" -Dlog4j.configuration="file:$LOG4J"
    -Dkafka.logs.dir="$LOG_DIR" -cp "$LIB_DIR/*" kafka.tools.StorageTool)
  cluster_id="$(random_cluster_id)"
  "${tool[@]}" format -t "$cluster_id" -c "$PROPS" >>"$CONSOLE_LOG" 2>&1 ||
    { tail -n 30 "$CONSOLE_LOG" >&2; die "formatting $DATA_DIR failed"; }
  log "formatted $DATA_DIR (cluster.id=$cluster_id)"
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    die "a broker from ${RUN_DIR#"$REPO_ROOT"/} is already running (pid $pid) on port $PORT; run 'scripts/kafka.sh stop' first"
  fi
  local p owner
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_in_use "$p"; then
      owner="$(port_owner "$p")"
      die "port $p on 127.0.0.1 is already in use${owner:+ by $owner}." \
        "Probably a broker left from an earlier run: stop it (scripts/kafka.sh stop, with the same KAFKA_PORT/KAFKA_RUN_DIR)" \
        "or kill that process, or choose KAFKA_PORT/KAFKA_CONTROLLER_PORT."
    fi
  done

  jars_present || cmd_fetch

  mkdir -p "$RUN_DIR" "$LOG_DIR" "$TMP_DIR"
  rm -f "$PID_FILE"
  # Each start begins a fresh log, so that the readiness check cannot see an older run's line.
  [[ -f "$SERVER_LOG" ]] && mv -f "$SERVER_LOG" "$SERVER_LOG.prev"
  : >"$CONSOLE_LOG"
  write_properties
  format_storage

  # setsid: own session, so a Ctrl-C / SIGINT to the calling script's process group does not
  # reach the broker; nohup: survives the terminal closing. Both exec, so $! is the JVM's pid.
  # java.io.tmpdir: snappy/zstd unpack their native libraries there; keep that in the project.
  # shellcheck disable=SC2086 # HEAP_OPTS holds several options on purpose
  nohup setsid "$JAVA" $HEAP_OPTS \
    -Djava.awt.headless=true \
    -Djava.io.tmpdir="$TMP_DIR" \
    -Dlog4j.configuration="file:$LOG4J" \
    -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" \
    </dev/null >>"$CONSOLE_LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"

  # Ready only when the log says so: the listener accepts connections before requests are served.
  local deadline=$((SECONDS + START_TIMEOUT))
  while ! grep -q 'Kafka Server started' "$SERVER_LOG" 2>/dev/null; do
    if ! alive "$pid"; then
      start_failed "the broker process (pid $pid) exited during start"
    fi
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      start_failed "the broker did not log 'Kafka Server started' within ${START_TIMEOUT}s (killed pid $pid)"
    fi
    sleep 0.3
  done
  echo "kafka ready on 127.0.0.1:$PORT"
}

start_failed() {
  rm -f "$PID_FILE"
  {
    echo "----- tail of $SERVER_LOG -----"
    tail -n 40 "$SERVER_LOG" 2>/dev/null || echo "(no server log)"
    echo "----- tail of $CONSOLE_LOG -----"
    tail -n 20 "$CONSOLE_LOG" 2>/dev/null || true
    echo "-----"
  } >&2
  die "$1"
}

# ---------------------------------------------------------------------------------------------
# stop / kill / status

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running (${RUN_DIR#"$REPO_ROOT"/})"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  if wait_gone "$pid" "$STOP_TIMEOUT"; then
    log "stopped pid $pid"
  else
    log "pid $pid still running after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "pid $pid survived SIGKILL"
  fi
  rm -f "$PID_FILE"
  wait_ports_free
}

cmd_kill() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running (${RUN_DIR#"$REPO_ROOT"/})"
    return 0
  fi
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid" 10 || die "pid $pid survived SIGKILL"
  rm -f "$PID_FILE"
  wait_ports_free
  log "killed pid $pid"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "kafka running on 127.0.0.1:$PORT (pid $pid, ${RUN_DIR#"$REPO_ROOT"/})"
    return 0
  fi
  echo "kafka not running (${RUN_DIR#"$REPO_ROOT"/})"
  return 1
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  kill) cmd_kill ;;
  status) cmd_status ;;
  *)
    sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
