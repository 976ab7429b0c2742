#!/usr/bin/env bash
# MiniMarket — one command that runs everything on this machine (loopback only).
#
#   ./run.sh            install what is missing, start PostgreSQL, Redis, Prometheus, Alertmanager and the
#                       exporters with the project's configs and data under .data/, run the three agents and the
#                       console, seed the demo data, print the URLs and demo logins. Ctrl-C stops what it started.
#   ./run.sh backups | backup full|diff|incr|files | restore [TIME] | restore-files [TARBALL]
#                       the local backups (pgBackRest under .data/backups; see backup/README.md)
#   ./run.sh --tls      the same, and the production proxy (proxy/Caddyfile, Debian's Caddy) in front of the console:
#                       https://localhost:8443 with Caddy's own CA (its root certificate is printed), HTTP on 8081
#                       redirected.
#   ./run.sh --stores N a demo chain of N stores (2 to 4): Casa Central as above, and Quilmes, Tigre, Belgrano, each with
#                       its own database, its three agents, its Prometheus (the store's rules; remote-writing through
#                       observability/prometheus/entrypoint.sh, as compose does) and its own demo traffic (busier or
#                       quieter); a central Prometheus with the remote-write receiver (Mimir's protocol and query API)
#                       that the console's Sucursales page and the other stores' pages read. See docs/chain.md.
#
# test.sh sources this file for the same set-up (functions only; nothing runs when sourced).
# Every port and path can be overridden with the MM_* variables below.
set -euo pipefail

MM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MM_DATA="${MM_DATA:-$MM_ROOT/.data}"
MM_HOST=127.0.0.1
MM_PG_PORT="${MM_PG_PORT:-5432}"
MM_REDIS_PORT="${MM_REDIS_PORT:-6379}"
MM_PROMETHEUS_PORT="${MM_PROMETHEUS_PORT:-9090}"
MM_ALERTMANAGER_PORT="${MM_ALERTMANAGER_PORT:-9093}"
MM_NODE_EXPORTER_PORT="${MM_NODE_EXPORTER_PORT:-9100}"
MM_PG_EXPORTER_PORT="${MM_PG_EXPORTER_PORT:-9187}"
MM_REDIS_EXPORTER_PORT="${MM_REDIS_EXPORTER_PORT:-9121}"
MM_CONSOLE_PORT="${MM_CONSOLE_PORT:-8080}"
MM_HTTPS_PORT="${MM_HTTPS_PORT:-8443}"
MM_HTTP_PORT="${MM_HTTP_PORT:-8081}"
MM_CONFIGURATION="${MM_CONFIGURATION:-Release}"
MM_CENTRAL_PORT="${MM_CENTRAL_PORT:-9290}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"

MM_STARTED_PIDS=()
MM_STARTED_NAMES=()
MM_STARTED_POSTGRES=0

log() { printf '\033[1;34m[minimarket]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[minimarket] error:\033[0m %s\n' "$*" >&2; exit 1; }

# --- packages -------------------------------------------------------------------------------------------------
MM_APT_PACKAGES=(
  postgresql postgresql-contrib redis-server
  prometheus prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter prometheus-redis-exporter
  tesseract-ocr tesseract-ocr-spa libgtk-3-0 chromium fonts-dejavu-core fonts-dejavu-extra fonts-liberation2
  caddy pgbackrest jq curl ca-certificates openssl procps
)

mm_missing_packages() {
  local missing=() p
  for p in "${MM_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] || printf '%s\n' "${missing[@]}"
}

mm_install_packages() {
  mapfile -t missing < <(mm_missing_packages)
  [ "${#missing[@]}" -eq 0 ] && { log "Debian packages: all present"; return 0; }
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    sudo="sudo"
  fi
  # Debian's packages start their services on install; ours run with the project's own configs on loopback,
  # so keep the distribution's copies from starting (and from taking the ports) while installing.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ "$created_policy" -eq 1 ] && $sudo rm -f "$policy"
  return 0
}

# --- secrets (generated once, kept in .data, never committed) --------------------------------------------------
mm_random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-32}"; }

mm_secrets() {
  mkdir -p "$MM_DATA"
  local file="$MM_DATA/secrets.env"
  if [ ! -f "$file" ]; then
    umask 077
    cat >"$file" <<EOF
MM_PG_PASSWORD=$(mm_random 24)
MM_JWT_SIGNING_KEY=$(mm_random 48)
MM_ADMIN_PASSWORD=Admin-$(mm_random 10)
MM_ENCARGADO_PASSWORD=Encargado-$(mm_random 8)
MM_GUARDIA_PASSWORD=Guardia-$(mm_random 8)
EOF
    umask 022
    log "generated secrets in $file"
  fi
  # Added later than the others: an existing secrets file gets it the first time.
  if ! grep -q '^MM_LOG_TOKEN=' "$file"; then
    echo "MM_LOG_TOKEN=$(mm_random 32)" >>"$file"
  fi
  # shellcheck disable=SC1090
  source "$file"
  export MM_PG_CONNECTION="Host=$MM_HOST;Port=$MM_PG_PORT;Database=minimarket;Username=minimarket;Password=$MM_PG_PASSWORD"
  export MM_REDIS_CONNECTION="$MM_HOST:$MM_REDIS_PORT"
}

# --- helpers ----------------------------------------------------------------------------------------------------
mm_port_open() { (exec 3<>"/dev/tcp/$MM_HOST/$1") 2>/dev/null; }

mm_wait_http() { # url seconds name
  local url=$1 seconds=$2 name=$3 i
  for ((i = 0; i < seconds * 4; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.25
  done
  die "$name did not answer $url within ${seconds}s (see $MM_DATA/logs/)"
}

mm_start() { # name command...: start in the background, log to .data/logs/name.log
  local name=$1; shift
  mkdir -p "$MM_DATA/logs"
  # stdin from /dev/null: a service must never read (or reconfigure) the terminal that Ctrl-C comes from.
  "$@" </dev/null >>"$MM_DATA/logs/$name.log" 2>&1 &
  MM_STARTED_PIDS+=($!)
  MM_STARTED_NAMES+=("$name")
}

# Keeps a service up as compose's restart policy does: when it exits (a crash, kill -9, an unhandled error at start-up),
# a log line says so and the same command starts again after a back-off (1 s, doubling up to 30 s; back to 1 s after a
# minute up). Stopping the stack (TERM) stops the loop and, gracefully, the service.
mm_supervise() { # name command...
  local name=$1; shift
  mkdir -p "$MM_DATA/logs"
  (
    child="" delay=1
    trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; [ -n "$child" ] && wait "$child" 2>/dev/null; exit 0' TERM INT
    while true; do
      started=$SECONDS
      "$@" </dev/null >>"$MM_DATA/logs/$name.log" 2>&1 &
      child=$!
      code=0
      wait "$child" || code=$?
      child=""
      [ $((SECONDS - started)) -ge 60 ] && delay=1
      log "$name exited with code $code; starting it again in $delay s (log: $MM_DATA/logs/$name.log)"
      sleep "$delay" &
      wait $! || true
      delay=$((delay * 2 > 30 ? 30 : delay * 2))
    done
  ) &
  MM_STARTED_PIDS+=($!)
  MM_STARTED_NAMES+=("$name")
}

mm_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# --- infrastructure ---------------------------------------------------------------------------------------------
# PostgreSQL refuses to run as root, so as root it runs as user postgres, which must reach its data directory. When the
# checkout lives where postgres cannot go (a home directory with mode 700), its data goes to /var/tmp instead, under a
# name derived from the checkout so that two checkouts never share a cluster.
mm_postgres_dirs() {
  MM_PG_DIR="$MM_DATA/postgres" MM_PG_RUN="$MM_DATA/postgres-run" MM_BACKUP_PG="$MM_DATA/backups/pgbackrest"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$MM_DATA" 2>/dev/null; then
    local base
    base="/var/tmp/minimarket-$(printf '%s' "$MM_DATA" | md5sum | cut -c1-10)"
    MM_PG_DIR="$base/postgres" MM_PG_RUN="$base/postgres-run" MM_BACKUP_PG="$base/backups/pgbackrest"
    mkdir -p "$base" && chmod 755 "$base"
    log "user postgres cannot reach $MM_DATA: PostgreSQL data and its backup repository go to $base"
  fi
}

mm_start_postgres() {
  [ -n "$PG_BIN" ] || die "PostgreSQL is not installed (apt-get install postgresql)"
  local dir run
  mm_postgres_dirs
  dir=$MM_PG_DIR run=$MM_PG_RUN
  mkdir -p "$dir" "$run" "$MM_DATA/logs"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir" "$run"
  mm_backup_config
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "initialising PostgreSQL in $dir"
    local pw="$run/initpw"
    printf '%s\n' "$MM_PG_PASSWORD" >"$pw"
    [ "$(id -u)" -eq 0 ] && chown postgres "$pw"
    mm_as_postgres "$PG_BIN/initdb" -D "$dir" -U postgres --pwfile="$pw" --auth-local=peer --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >>"$MM_DATA/logs/postgres-init.log" 2>&1 || die "initdb failed (see $MM_DATA/logs/postgres-init.log)"
    rm -f "$pw"
  fi
  if mm_as_postgres "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "PostgreSQL already running on $MM_HOST:$MM_PG_PORT"
  else
    mm_port_open "$MM_PG_PORT" && die "port $MM_PG_PORT is taken by another program (set MM_PG_PORT)"
    log "starting PostgreSQL on $MM_HOST:$MM_PG_PORT"
    mm_as_postgres "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=$MM_HOST -p $MM_PG_PORT -k $run -c max_connections=300 -c shared_buffers=256MB \
          -c wal_level=replica -c archive_mode=on -c archive_timeout=60 \
          -c archive_command='pgbackrest --config=$MM_BACKUP_PG/pgbackrest.conf --stanza=minimarket archive-push %p'" start >/dev/null ||
      die "PostgreSQL did not start (see $dir/server.log)"
    MM_STARTED_POSTGRES=1
  fi
  # After a restore (./run.sh restore) the server first replays the archived WAL, read-only: wait until it accepts writes.
  local i state
  for ((i = 0; i < 1200; i++)); do
    state=$(mm_as_postgres "$PG_BIN/psql" -h "$run" -p "$MM_PG_PORT" -U postgres -d postgres -qAtX -c "SELECT pg_is_in_recovery()" 2>/dev/null || true)
    [ "$state" = f ] && break
    [ "$i" -eq 0 ] && log "PostgreSQL is replaying WAL (after a restore): waiting until it accepts writes"
    sleep 0.5
  done
  [ "$state" = f ] || die "PostgreSQL is still recovering after 10 minutes (see $dir/server.log)"
  # The application role and database (idempotent).
  PGOPTIONS='-c client_min_messages=warning' mm_as_postgres "$PG_BIN/psql" -h "$run" -p "$MM_PG_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -qAt >/dev/null <<SQL
SELECT 'CREATE ROLE minimarket LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'minimarket')\gexec
ALTER ROLE minimarket PASSWORD '$MM_PG_PASSWORD';
SELECT 'CREATE DATABASE minimarket OWNER minimarket' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'minimarket')\gexec
GRANT pg_monitor TO minimarket;
SQL
}

# --- backups (backup/minimarket-backup.sh, backup/README.md) -----------------------------------------------------------
# pgBackRest's configuration, repository, log and lock (the postgres user's: archive-push runs as it) under
# .data/backups/pgbackrest; the script's state, log and files tarballs under .data/backups/state; its metrics in
# .data/backups/metrics, node-exporter's textfile directory.
mm_backup_config() {
  mkdir -p "$MM_BACKUP_PG/repo" "$MM_BACKUP_PG/log" "$MM_BACKUP_PG/lock" "$MM_DATA/backups/state" "$MM_DATA/backups/metrics"
  cat >"$MM_BACKUP_PG/pgbackrest.conf" <<CONF
# Written by run.sh (mm_backup_config). compose: backup/pgbackrest.conf.
[global]
repo1-path=$MM_BACKUP_PG/repo
repo1-retention-full=${MM_BACKUP_RETENTION_FULL:-2}
repo1-retention-diff=${MM_BACKUP_RETENTION_DIFF:-7}
compress-type=zst
log-path=$MM_BACKUP_PG/log
lock-path=$MM_BACKUP_PG/lock
log-level-console=warn
log-level-file=info
start-fast=y

[minimarket]
pg1-path=$MM_PG_DIR
pg1-port=$MM_PG_PORT
pg1-socket-path=$MM_PG_RUN
CONF
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$MM_BACKUP_PG"
  return 0
}

mm_backup_env() {
  MM_BACKUP_ENV=(MM_BACKUP_CONFIG="$MM_BACKUP_PG/pgbackrest.conf" MM_BACKUP_STATE="$MM_DATA/backups/state"
    MM_BACKUP_TEXTFILE="$MM_DATA/backups/metrics/minimarket_backup.prom"
    MM_BACKUP_FILES="$MM_DATA/models:$MM_DATA/console-keys"
    PGHOST="$MM_PG_RUN" PGPORT="$MM_PG_PORT" PGUSER=postgres PGDATABASE=postgres)
}

# The backup schedule beside the stack (a full now when there is none, then full weekly, differential daily, files when
# they change; MM_BACKUP_* override), restarted like the services if it dies.
mm_start_backups() {
  mm_backup_env
  log "starting the backup schedule (pgBackRest repository $MM_BACKUP_PG/repo)"
  mm_supervise backup env "${MM_BACKUP_ENV[@]}" bash "$MM_ROOT/backup/minimarket-backup.sh" loop
}

mm_stop_postgres() {
  [ "$MM_STARTED_POSTGRES" -eq 1 ] || return 0
  # The segment in use closed first: the archiver sends it before the server stops, so a restore right after a clean stop
  # loses nothing (archive_timeout bounds the loss only for a crash).
  PGOPTIONS='-c client_min_messages=warning' mm_as_postgres "$PG_BIN/psql" -h "$MM_PG_RUN" -p "$MM_PG_PORT" -U postgres -d postgres \
    -qAt -c "SELECT pg_switch_wal()" >/dev/null 2>&1 || true
  mm_as_postgres "$PG_BIN/pg_ctl" -D "$MM_PG_DIR" -m fast -w stop >/dev/null 2>&1 || true
}

mm_start_redis() {
  if redis-cli -h "$MM_HOST" -p "$MM_REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    log "Redis already running on $MM_HOST:$MM_REDIS_PORT"; return 0
  fi
  mkdir -p "$MM_DATA/redis"
  log "starting Redis on $MM_HOST:$MM_REDIS_PORT"
  mm_start redis redis-server --bind "$MM_HOST" --port "$MM_REDIS_PORT" --dir "$MM_DATA/redis" --daemonize no \
    --save 300 1 --appendonly no --protected-mode yes --maxmemory 256mb --maxmemory-policy allkeys-lru
  local i
  for ((i = 0; i < 40; i++)); do redis-cli -h "$MM_HOST" -p "$MM_REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.25; done
  die "Redis did not start (see $MM_DATA/logs/redis.log)"
}

mm_start_if_free() { # name port health-url command...
  local name=$1 port=$2 url=$3; shift 3
  if mm_port_open "$port"; then
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null || die "port $port is taken by another program (needed by $name)"
    log "$name already running on $MM_HOST:$port"; return 0
  fi
  log "starting $name on $MM_HOST:$port"
  mm_start "$name" "$@"
  mm_wait_http "$url" 30 "$name"
}

mm_start_monitoring() {
  mkdir -p "$MM_DATA/prometheus" "$MM_DATA/alertmanager"
  promtool check config "$MM_ROOT/observability/prometheus/prometheus.local.yml" >/dev/null ||
    die "observability/prometheus/prometheus.local.yml is not valid (promtool check config)"
  if [ "$MM_STORES" -gt 1 ]; then
    local i
    mm_start_central
    for ((i = 0; i < MM_STORES; i++)); do mm_start_store_prometheus "$i"; done
  else
    mm_start_if_free prometheus "$MM_PROMETHEUS_PORT" "http://$MM_HOST:$MM_PROMETHEUS_PORT/-/ready" \
      prometheus --config.file="$MM_ROOT/observability/prometheus/prometheus.local.yml" \
      --storage.tsdb.path="$MM_DATA/prometheus" --storage.tsdb.retention.time=30d \
      --web.listen-address="$MM_HOST:$MM_PROMETHEUS_PORT" --web.enable-lifecycle \
      --web.external-url="http://$MM_HOST:$MM_PROMETHEUS_PORT/"
  fi
  mm_start_if_free alertmanager "$MM_ALERTMANAGER_PORT" "http://$MM_HOST:$MM_ALERTMANAGER_PORT/-/ready" \
    env TZ=America/Argentina/Buenos_Aires prometheus-alertmanager --config.file="$MM_ROOT/observability/alertmanager/alertmanager.local.yml" \
    --storage.path="$MM_DATA/alertmanager" --web.listen-address="$MM_HOST:$MM_ALERTMANAGER_PORT" \
    --cluster.listen-address= --web.external-url="http://$MM_HOST:$MM_ALERTMANAGER_PORT/"
  mm_start_if_free node-exporter "$MM_NODE_EXPORTER_PORT" "http://$MM_HOST:$MM_NODE_EXPORTER_PORT/metrics" \
    prometheus-node-exporter --web.listen-address="$MM_HOST:$MM_NODE_EXPORTER_PORT" \
    --collector.textfile.directory="$MM_DATA/backups/metrics"
  mm_start_if_free postgres-exporter "$MM_PG_EXPORTER_PORT" "http://$MM_HOST:$MM_PG_EXPORTER_PORT/metrics" \
    env DATA_SOURCE_NAME="postgresql://minimarket:$MM_PG_PASSWORD@$MM_HOST:$MM_PG_PORT/minimarket?sslmode=disable" \
    prometheus-postgres-exporter --web.listen-address="$MM_HOST:$MM_PG_EXPORTER_PORT"
  mm_start_if_free redis-exporter "$MM_REDIS_EXPORTER_PORT" "http://$MM_HOST:$MM_REDIS_EXPORTER_PORT/metrics" \
    prometheus-redis-exporter -web.listen-address "$MM_HOST:$MM_REDIS_EXPORTER_PORT" -redis.addr "redis://$MM_HOST:$MM_REDIS_PORT"
}

mm_start_infrastructure() {
  mm_secrets
  mm_start_postgres
  mm_start_redis
  mm_start_monitoring
  mm_start_backups
}

# --- a demo chain (./run.sh --stores N) ----------------------------------------------------------------------------
# Store 0 is the one ./run.sh always runs (its ids and ports above); the others get their own database, agents and
# Prometheus. Their habits differ: the demo traffic sells every MM_CHAIN_SALE_SECONDS (a busy store, a quiet one).
MM_STORES=1
MM_CHAIN_IDS=(casa-central quilmes tigre belgrano)
MM_CHAIN_NAMES=("Casa Central" "Quilmes" "Tigre" "Belgrano")
MM_CHAIN_SALE_SECONDS=(2 7 1 4)

mm_store_port() { # store agent(1 deposito, 2 negocio, 3 ml): 8001-8003 for store 0, 8111-8113 for store 1, ...
  if [ "$1" -eq 0 ]; then echo $((8000 + $2)); else echo $((8100 + 10 * $1 + $2)); fi
}

mm_store_prometheus_port() { if [ "$1" -eq 0 ]; then echo "$MM_PROMETHEUS_PORT"; else echo $((9190 + $1)); fi; }

mm_store_database() { if [ "$1" -eq 0 ]; then echo minimarket; else echo "minimarket_${MM_CHAIN_IDS[$1]//-/_}"; fi; }

# The store's Prometheus folder as compose mounts it (observability/prometheus/entrypoint.sh reads it): prometheus.yml
# (the local one with this store's label, agents and own port), the project's rules, remote-write.yml and the store's
# password at the central gateway.
mm_chain_store_config() { # store
  local i=$1 id=${MM_CHAIN_IDS[$1]} dir="$MM_DATA/chain/${MM_CHAIN_IDS[$1]}"
  mkdir -p "$dir/data"
  ln -sfn "$MM_ROOT/observability/prometheus/rules" "$dir/rules"
  sed -e "s/^    store: casa-central\$/    store: $id/" \
    -e "s/\"127\.0\.0\.1:8001\"/\"127.0.0.1:$(mm_store_port "$i" 1)\"/" \
    -e "s/\"127\.0\.0\.1:8002\"/\"127.0.0.1:$(mm_store_port "$i" 2)\"/" \
    -e "s/\"127\.0\.0\.1:8003\"/\"127.0.0.1:$(mm_store_port "$i" 3)\"/" \
    -e "s/\"127\.0\.0\.1:9090\"/\"127.0.0.1:$(mm_store_prometheus_port "$i")\"/" \
    "$MM_ROOT/observability/prometheus/prometheus.local.yml" >"$dir/prometheus.yml"
  grep -q "^    store: $id\$" "$dir/prometheus.yml" || die "could not set the store label in $dir/prometheus.yml"
  cp "$MM_ROOT/observability/prometheus/remote-write.yml" "$dir/remote-write.yml"
  if [ ! -s "$dir/central_password" ]; then
    (umask 077 && mm_random 24 >"$dir/central_password")
  fi
  promtool check config "$dir/prometheus.yml" >/dev/null || die "the generated $dir/prometheus.yml is not valid (promtool check config)"
}

# The store's Prometheus through compose's entrypoint: the store's rules and alerts locally, everything remote-written.
mm_start_store_prometheus() { # store
  local i=$1 id=${MM_CHAIN_IDS[$1]} dir="$MM_DATA/chain/${MM_CHAIN_IDS[$1]}" port data name
  port=$(mm_store_prometheus_port "$i")
  data="$dir/data" name="prometheus-$id"
  if [ "$i" -eq 0 ]; then data="$MM_DATA/prometheus" name=prometheus; fi
  mm_chain_store_config "$i"
  mm_start_if_free "$name" "$port" "http://$MM_HOST:$port/-/ready" \
    env MINIMARKET_PROMETHEUS_CONFIG_DIR="$dir" MINIMARKET_PROMETHEUS_EFFECTIVE_CONFIG="$dir/effective.yml" \
    MINIMARKET_CENTRAL_PASSWORD_FILE="$dir/central_password" MINIMARKET_PROMETHEUS_BINARY="$(command -v prometheus)" \
    MINIMARKET_CENTRAL_METRICS_URL="http://$MM_HOST:$MM_CENTRAL_PORT/api/v1/write" MINIMARKET_STORE_ID="$id" \
    sh "$MM_ROOT/observability/prometheus/entrypoint.sh" \
    --storage.tsdb.path="$data" --storage.tsdb.retention.time=30d \
    --web.listen-address="$MM_HOST:$port" --web.enable-lifecycle --web.external-url="http://$MM_HOST:$port/"
}

# The chain's store: Debian's Prometheus with the remote-write receiver (what Mimir is in compose.central.yaml), the
# chain's rules (observability/central/rules), its alerts to the same Alertmanager.
mm_start_central() {
  local dir="$MM_DATA/chain/central"
  mkdir -p "$dir/data"
  printf '%s\n' "# Written by run.sh --stores: the demo chain's central store (no scrapes: everything arrives by remote write)." \
    "global:" "  evaluation_interval: 15s" "rule_files:" "  - $MM_ROOT/observability/central/rules/*.rules.yml" \
    "alerting:" "  alertmanagers:" "    - static_configs:" "        - targets: [\"$MM_HOST:$MM_ALERTMANAGER_PORT\"]" >"$dir/prometheus.yml"
  promtool check config "$dir/prometheus.yml" >/dev/null || die "the generated $dir/prometheus.yml is not valid (promtool check config)"
  mm_start_if_free prometheus-central "$MM_CENTRAL_PORT" "http://$MM_HOST:$MM_CENTRAL_PORT/-/ready" \
    prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=30d \
    --web.enable-remote-write-receiver --web.listen-address="$MM_HOST:$MM_CENTRAL_PORT" --web.external-url="http://$MM_HOST:$MM_CENTRAL_PORT/"
}

# The other stores' databases (same PostgreSQL, one database each) and agents.
mm_start_chain_stores() {
  local i role n port db bin="bin/$MM_CONFIGURATION/net10.0"
  mm_app_env
  for ((i = 1; i < MM_STORES; i++)); do
    db=$(mm_store_database "$i")
    echo "SELECT 'CREATE DATABASE $db OWNER minimarket' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')\\gexec" |
      PGOPTIONS='-c client_min_messages=warning' mm_as_postgres "$PG_BIN/psql" -h "$MM_PG_RUN" -p "$MM_PG_PORT" -U postgres -d postgres \
        -v ON_ERROR_STOP=1 -qAt >/dev/null || die "could not create the database $db"
    local urls=("Ml__DepositoUrl=http://$MM_HOST:$(mm_store_port "$i" 1)" "Negocio__DepositoUrl=http://$MM_HOST:$(mm_store_port "$i" 1)"
      "Negocio__MlUrl=http://$MM_HOST:$(mm_store_port "$i" 3)" "Deposito__NegocioUrl=http://$MM_HOST:$(mm_store_port "$i" 2)")
    n=1
    for role in deposito negocio ml; do
      port=$(mm_store_port "$i" "$n")
      n=$((n + 1))
      mm_port_open "$port" && die "port $port is taken (agent $role of ${MM_CHAIN_IDS[$i]}): stop the other program first"
      log "starting agent $role of ${MM_CHAIN_NAMES[$i]} on $MM_HOST:$port"
      mm_supervise "$role-${MM_CHAIN_IDS[$i]}" env "${MM_APP_ENV[@]}" "${MM_OTLP_ENV[@]}" Agent__Role="$role" ASPNETCORE_URLS="http://$MM_HOST:$port" \
        "ConnectionStrings__Postgres=Host=$MM_HOST;Port=$MM_PG_PORT;Database=$db;Username=minimarket;Password=$MM_PG_PASSWORD" \
        "Redis__KeyPrefix=minimarket-${MM_CHAIN_IDS[$i]}" "Store__Id=${MM_CHAIN_IDS[$i]}" "Store__Name=${MM_CHAIN_NAMES[$i]}" \
        "Ml__ModelDirectory=$MM_DATA/chain/${MM_CHAIN_IDS[$i]}/models" "${urls[@]}" \
        dotnet "$MM_ROOT/MiniMarket.Agents/$bin/MiniMarket.Agents.dll" --contentRoot "$MM_ROOT/MiniMarket.Agents/$bin"
    done
  done
  for ((i = 1; i < MM_STORES; i++)); do
    for n in 1 2 3; do mm_wait_http "http://$MM_HOST:$(mm_store_port "$i" "$n")/health/ready" 120 "${MM_CHAIN_IDS[$i]} agent $n"; done
  done
}

# The settings the demo's seed and traffic get for another store: its id, name, agents and how often it sells.
mm_store_console_env() { # store
  MM_STORE_ENV=("Store__Id=${MM_CHAIN_IDS[$1]}" "Store__Name=${MM_CHAIN_NAMES[$1]}"
    "Agents__DepositoUrl=http://$MM_HOST:$(mm_store_port "$1" 1)" "Agents__NegocioUrl=http://$MM_HOST:$(mm_store_port "$1" 2)"
    "Agents__MlUrl=http://$MM_HOST:$(mm_store_port "$1" 3)" "Demo__SaleInterval=00:00:0${MM_CHAIN_SALE_SECONDS[$1]}")
}

# --- the application --------------------------------------------------------------------------------------------
mm_build() {
  log "building ($MM_CONFIGURATION)"
  dotnet build "$MM_ROOT/MiniMarket.Agents/MiniMarket.Agents.csproj" -c "$MM_CONFIGURATION" -nologo -v q -clp:ErrorsOnly
  dotnet build "$MM_ROOT/MiniMarket.Console/MiniMarket.Console.csproj" -c "$MM_CONFIGURATION" -nologo -v q -clp:ErrorsOnly
}

# The settings every service gets (secrets through the environment, never through files in git), as arguments for
# env(1): a real program, so that the PID run.sh keeps is the service's own and Ctrl-C reaches it.
mm_app_env() {
  MM_APP_ENV=(ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
    "ConnectionStrings__Postgres=$MM_PG_CONNECTION" "ConnectionStrings__Redis=$MM_REDIS_CONNECTION"
    "Jwt__SigningKey=$MM_JWT_SIGNING_KEY")
  MM_CONSOLE_ENV=("${MM_APP_ENV[@]}"
    "Observability__PrometheusUrl=http://$MM_HOST:$MM_PROMETHEUS_PORT"
    "Observability__AlertmanagerUrl=http://$MM_HOST:$MM_ALERTMANAGER_PORT"
    Admin__UserName=admin "Admin__Password=$MM_ADMIN_PASSWORD" "DataProtection__KeysPath=$MM_DATA/console-keys"
    "Observability__LogStore__Path=$MM_DATA/logstore/logs.db" "Observability__LogStore__Token=$MM_LOG_TOKEN")
  # A chain: the console knows the other stores' agents and reads the chain's store for them and for Sucursales.
  local i
  if [ "$MM_STORES" -gt 1 ]; then
    MM_CONSOLE_ENV+=("Observability__ChainPrometheusUrl=http://$MM_HOST:$MM_CENTRAL_PORT")
    for ((i = 1; i < MM_STORES; i++)); do
      MM_CONSOLE_ENV+=("Chain__Stores__$((i - 1))__Id=${MM_CHAIN_IDS[$i]}" "Chain__Stores__$((i - 1))__Name=${MM_CHAIN_NAMES[$i]}"
        "Chain__Stores__$((i - 1))__DepositoUrl=http://$MM_HOST:$(mm_store_port "$i" 1)"
        "Chain__Stores__$((i - 1))__NegocioUrl=http://$MM_HOST:$(mm_store_port "$i" 2)"
        "Chain__Stores__$((i - 1))__MlUrl=http://$MM_HOST:$(mm_store_port "$i" 3)")
    done
  fi
  # The services' logs go to the console's embedded store over OTLP/HTTP (Loki's protocol), with the token it asks for.
  MM_OTLP_ENV=("Logging__Otlp__Endpoint=http://$MM_HOST:$MM_CONSOLE_PORT/otlp/v1/logs" "Logging__Otlp__BearerToken=$MM_LOG_TOKEN")
}

mm_start_app() {
  local bin="bin/$MM_CONFIGURATION/net10.0" role port
  mm_app_env
  for role in deposito negocio ml; do
    case $role in deposito) port=8001 ;; negocio) port=8002 ;; ml) port=8003 ;; esac
    mm_port_open "$port" && die "port $port is taken (agent $role): stop the other program first"
    log "starting agent $role on $MM_HOST:$port"
    mm_supervise "$role" env "${MM_APP_ENV[@]}" "${MM_OTLP_ENV[@]}" Agent__Role="$role" ASPNETCORE_URLS="http://$MM_HOST:$port" \
      "Ml__DepositoUrl=http://$MM_HOST:8001" "Ml__ModelDirectory=$MM_DATA/models" \
      "Negocio__DepositoUrl=http://$MM_HOST:8001" "Negocio__MlUrl=http://$MM_HOST:8003" "Deposito__NegocioUrl=http://$MM_HOST:8002" \
      dotnet "$MM_ROOT/MiniMarket.Agents/$bin/MiniMarket.Agents.dll" --contentRoot "$MM_ROOT/MiniMarket.Agents/$bin"
  done
  mm_port_open "$MM_CONSOLE_PORT" && die "port $MM_CONSOLE_PORT is taken (console): stop the other program first"
  log "starting the console on $MM_HOST:$MM_CONSOLE_PORT"
  mm_supervise console env "${MM_CONSOLE_ENV[@]}" "${MM_OTLP_ENV[@]}" ASPNETCORE_URLS="http://$MM_HOST:$MM_CONSOLE_PORT" \
    dotnet "$MM_ROOT/MiniMarket.Console/$bin/MiniMarket.Console.dll" --contentRoot "$MM_ROOT/MiniMarket.Console/$bin"
  for port in 8001 8002 8003 "$MM_CONSOLE_PORT"; do
    mm_wait_http "http://$MM_HOST:$port/health/ready" 90 "service on port $port"
  done
}

mm_seed_demo() {
  log "seeding demo data (through the services' own APIs)"
  mm_app_env
  env "${MM_CONSOLE_ENV[@]}" Demo__EncargadoPassword="$MM_ENCARGADO_PASSWORD" Demo__GuardiaPassword="$MM_GUARDIA_PASSWORD" \
    dotnet "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0/MiniMarket.Console.dll" seed-demo \
    --contentRoot "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0" \
    >>"$MM_DATA/logs/seed.log" 2>&1 || die "seeding failed (see $MM_DATA/logs/seed.log)"
  sed -n 's/.*"Outcome":"\([^"]*\)","Step":"\([^"]*\)".*/  demo \2: \1/p' "$MM_DATA/logs/seed.log" | tail -n 5 >&2 || true
  local i
  for ((i = 1; i < MM_STORES; i++)); do
    log "seeding ${MM_CHAIN_NAMES[$i]} (its agents, with its store's tokens)"
    mm_store_console_env "$i"
    env "${MM_CONSOLE_ENV[@]}" "${MM_STORE_ENV[@]}" Demo__EncargadoPassword="$MM_ENCARGADO_PASSWORD" Demo__GuardiaPassword="$MM_GUARDIA_PASSWORD" \
      dotnet "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0/MiniMarket.Console.dll" seed-demo \
      --contentRoot "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0" \
      >>"$MM_DATA/logs/seed-${MM_CHAIN_IDS[$i]}.log" 2>&1 || die "seeding ${MM_CHAIN_IDS[$i]} failed (see $MM_DATA/logs/seed-${MM_CHAIN_IDS[$i]}.log)"
  done
}

mm_start_demo_traffic() {
  log "starting the demo traffic (sales and deliveries while run.sh runs)"
  mm_start demo-traffic env "${MM_CONSOLE_ENV[@]}" dotnet "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0/MiniMarket.Console.dll" \
    demo-traffic --contentRoot "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0"
  local i
  for ((i = 1; i < MM_STORES; i++)); do
    mm_store_console_env "$i"
    mm_start "demo-traffic-${MM_CHAIN_IDS[$i]}" env "${MM_CONSOLE_ENV[@]}" "${MM_STORE_ENV[@]}" \
      dotnet "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0/MiniMarket.Console.dll" \
      demo-traffic --contentRoot "$MM_ROOT/MiniMarket.Console/bin/$MM_CONFIGURATION/net10.0"
  done
}

mm_stop_all() {
  trap - INT TERM EXIT
  local i
  if [ "${#MM_STARTED_PIDS[@]}" -gt 0 ]; then
    log "stopping ${MM_STARTED_NAMES[*]}"
    for ((i = ${#MM_STARTED_PIDS[@]} - 1; i >= 0; i--)); do
      kill -TERM "${MM_STARTED_PIDS[$i]}" 2>/dev/null || true
    done
    for ((i = 0; i < 40; i++)); do
      local alive=0 pid
      for pid in "${MM_STARTED_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" -eq 0 ] && break
      sleep 0.25
    done
    for pid in "${MM_STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  mm_stop_postgres
}

# The production proxy with the same Caddyfile as compose, in front of the local console, on loopback, with Caddy's own
# CA (nothing is added to the machine's trust store).
mm_start_proxy() {
  local caddy="$MM_DATA/caddy"
  mkdir -p "$caddy"
  mm_port_open "$MM_HTTPS_PORT" && die "port $MM_HTTPS_PORT is taken (HTTPS proxy): stop the other program first"
  log "starting the HTTPS proxy (Caddy) on https://localhost:$MM_HTTPS_PORT"
  mm_supervise proxy env MINIMARKET_CADDY_ADMIN=off MINIMARKET_BIND="$MM_HOST" \
    MINIMARKET_HTTP_PORT="$MM_HTTP_PORT" MINIMARKET_HTTPS_PORT="$MM_HTTPS_PORT" MINIMARKET_TLS=internal \
    MINIMARKET_CONSOLE_HOST=localhost MINIMARKET_CONSOLE_UPSTREAM="$MM_HOST:$MM_CONSOLE_PORT" \
    MINIMARKET_GRAFANA_HOST=grafana.localhost MINIMARKET_GRAFANA_UPSTREAM="$MM_HOST:9" \
    XDG_DATA_HOME="$caddy/data" XDG_CONFIG_HOME="$caddy/config" HOME="$caddy" \
    caddy run --config "$MM_ROOT/proxy/Caddyfile" --adapter caddyfile
  local i
  for ((i = 0; i < 60; i++)); do
    [ -f "$caddy/data/caddy/pki/authorities/local/root.crt" ] && mm_port_open "$MM_HTTPS_PORT" && return 0
    sleep 0.5
  done
  die "the HTTPS proxy did not start (see $MM_DATA/logs/proxy.log)"
}

# ./run.sh backups | backup full|diff|incr|files | restore [TIME] | restore-files [TARBALL]: the local stack's backups
# (backup/minimarket-backup.sh with run.sh's settings; the procedure: observability/runbooks/guias/restaurar-backup.md).
mm_backup_command() {
  mm_secrets
  mm_postgres_dirs
  mm_backup_config
  mm_backup_env
  local script="$MM_ROOT/backup/minimarket-backup.sh" tarball
  case "$1" in
    backups) env "${MM_BACKUP_ENV[@]}" bash "$script" info ;;
    backup)
      [ "${2:-}" = files ] && { env "${MM_BACKUP_ENV[@]}" bash "$script" files; return; }
      env "${MM_BACKUP_ENV[@]}" bash "$script" backup "${2:-}" ;;
    restore) env "${MM_BACKUP_ENV[@]}" bash "$script" restore "${2:-}" ;;
    restore-files)
      tarball="${2:-$(ls -1 "$MM_DATA/backups/state/files"/files-*.tar.gz 2>/dev/null | sort | tail -n 1)}"
      [ -n "$tarball" ] || die "no files tarball in $MM_DATA/backups/state/files"
      env "${MM_BACKUP_ENV[@]}" bash "$script" restore-files "$tarball" "$MM_DATA" ;;
  esac
}

mm_main() {
  local tls=0 arg
  case "${1:-}" in
    backups | backup | restore | restore-files) mm_backup_command "$@"; return ;;
  esac
  local usage="usage: ./run.sh [--tls] [--stores 2-4] | backups | backup full|diff|incr|files | restore [TIME] | restore-files [TARBALL]"
  while [ $# -gt 0 ]; do
    arg=$1
    shift
    case $arg in
      --tls) tls=1 ;;
      --stores | --stores=*)
        if [ "$arg" = --stores ]; then
          MM_STORES=${1:-}
          [ $# -gt 0 ] && shift
        else
          MM_STORES=${arg#--stores=}
        fi
        case $MM_STORES in
          1 | 2 | 3 | 4) ;;
          *) die "--stores takes 1 to ${#MM_CHAIN_IDS[@]} stores, not '$MM_STORES' ($usage)" ;;
        esac ;;
      *) die "unknown argument: $arg ($usage)" ;;
    esac
  done
  local t0=$SECONDS
  cd "$MM_ROOT"
  mm_install_packages
  local t_packages=$SECONDS
  trap mm_stop_all EXIT
  trap 'exit 130' INT TERM
  # Monitoring starts once the services answer: the minute they take to build and start is not measured as an outage of
  # the store (the availability SLO counts every scrape that finds a service down; a restart later is measured).
  mm_secrets
  mm_start_postgres
  mm_start_redis
  mm_start_backups
  mm_build
  mm_start_app
  if [ "$MM_STORES" -gt 1 ]; then mm_start_chain_stores; fi
  mm_start_monitoring
  mm_seed_demo
  mm_start_demo_traffic
  local https=""
  if [ "$tls" -eq 1 ]; then
    mm_start_proxy
    https="
  Console HTTPS https://localhost:$MM_HTTPS_PORT  (Caddy's own CA: $MM_DATA/caddy/data/caddy/pki/authorities/local/root.crt)"
  fi
  local chain="" i
  if [ "$MM_STORES" -gt 1 ]; then
    chain="
  Chain         $MM_STORES stores: console page /sucursales; choose the store in the app bar. Central store (Prometheus with
                the remote-write receiver, as Mimir) http://$MM_HOST:$MM_CENTRAL_PORT"
    for ((i = 1; i < MM_STORES; i++)); do
      chain="$chain
                ${MM_CHAIN_NAMES[$i]}: agents $(mm_store_port "$i" 1)-$(mm_store_port "$i" 3), Prometheus $(mm_store_prometheus_port "$i"), database $(mm_store_database "$i")"
    done
  fi
  cat <<EOF

  MiniMarket is running (started in $((SECONDS - t_packages)) s after packages; $((SECONDS - t0)) s in all).

  Console       http://$MM_HOST:$MM_CONSOLE_PORT$https
  Demo logins   admin / $MM_ADMIN_PASSWORD
                encargado / $MM_ENCARGADO_PASSWORD
                guardia / $MM_GUARDIA_PASSWORD
  Agents        deposito http://$MM_HOST:8001  negocio http://$MM_HOST:8002  ml http://$MM_HOST:8003  (/openapi/v1.json)
  Prometheus    http://$MM_HOST:$MM_PROMETHEUS_PORT    Alertmanager http://$MM_HOST:$MM_ALERTMANAGER_PORT
  Logs          console page /logs (the services send them to the console: $MM_DATA/logstore/); raw output in $MM_DATA/logs/$chain

  Ctrl-C stops everything this command started.
EOF
  wait
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  mm_main "$@"
fi
