#!/usr/bin/env bash
# MiniMarket — backups of the store's PostgreSQL and of the files the database does not hold, and their state for
# Prometheus. PostgreSQL: pgBackRest (continuous WAL archiving, full and differential backups, retention,
# point-in-time restore). Files: ml's model files and the console's data-protection keys, as tarballs.
# The state is written for node-exporter's textfile collector (minimarket_backup_* metrics, see backup/README.md).
#
# ./run.sh runs it as a loop beside the services; compose runs the same script in the `backup` service.
#
#   minimarket-backup.sh info                        pgBackRest's view: every backup kept, WAL range, repository status
#   minimarket-backup.sh setup                       the stanza (idempotent) and a check that WAL archiving works
#   minimarket-backup.sh backup full|diff|incr       one backup now, recorded in the state and the metrics
#   minimarket-backup.sh files                       the file directories as one tarball (the newest MM_BACKUP_FILES_KEEP kept)
#   minimarket-backup.sh metrics                     writes MM_BACKUP_TEXTFILE from pgBackRest, pg_stat_archiver and the state
#   minimarket-backup.sh tick                        what is due, then metrics (see "when" below)
#   minimarket-backup.sh loop                        setup, then a tick every MM_BACKUP_TICK seconds
#   minimarket-backup.sh restore [TIME]              PostgreSQL stopped: restores the cluster to TIME ('2026-12-06 14:30:00-03')
#                                                    or to the end of the archived WAL; the old data folder is kept aside
#   minimarket-backup.sh restore-files TARBALL DIR   unpacks a files tarball into DIR (checked against its .sha256 first)
#
# When (tick): a full backup when there is none or the newest is older than MM_BACKUP_FULL_EVERY; otherwise a
# differential when the newest backup of any type is older than MM_BACKUP_DIFF_EVERY; the files when they changed
# since their last tarball. A type whose last run failed is tried again after MM_BACKUP_RETRY_AFTER.
#
# Settings (environment):
#   MM_BACKUP_CONFIG      pgBackRest's configuration file (required)
#   MM_BACKUP_STANZA      the stanza (minimarket)
#   MM_BACKUP_STATE       this script's state, log and files tarballs (required)
#   MM_BACKUP_TEXTFILE    the .prom file node-exporter reads (required by metrics, tick and loop)
#   MM_BACKUP_FILES       directories backed up as files, separated by ':' (may be empty)
#   MM_BACKUP_FULL_EVERY, MM_BACKUP_DIFF_EVERY, MM_BACKUP_RETRY_AFTER   seconds (604800, 86400, 900)
#   MM_BACKUP_FILES_KEEP  tarballs kept (14)
#   MM_BACKUP_TICK        seconds between ticks (60)
#   MM_BACKUP_OS_USER     the operating-system user that owns the cluster (postgres): pgBackRest and psql run as it
#   PGHOST, PGPORT, PGUSER, PGDATABASE   how psql reaches the server for pg_stat_archiver (libpq's own variables)
set -euo pipefail

: "${MM_BACKUP_CONFIG:?set MM_BACKUP_CONFIG (pgBackRest configuration file)}"
: "${MM_BACKUP_STATE:?set MM_BACKUP_STATE (state directory)}"
STANZA="${MM_BACKUP_STANZA:-minimarket}"
FULL_EVERY="${MM_BACKUP_FULL_EVERY:-604800}"
DIFF_EVERY="${MM_BACKUP_DIFF_EVERY:-86400}"
RETRY_AFTER="${MM_BACKUP_RETRY_AFTER:-900}"
FILES_KEEP="${MM_BACKUP_FILES_KEEP:-14}"
TICK="${MM_BACKUP_TICK:-60}"
OS_USER="${MM_BACKUP_OS_USER:-postgres}"
STATE="$MM_BACKUP_STATE"
LOG="$STATE/backup.log"

for n in FULL_EVERY DIFF_EVERY RETRY_AFTER FILES_KEEP TICK; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || { echo "minimarket-backup: MM_BACKUP_$n must be a positive whole number, not '${!n}'" >&2; exit 2; }
done

say() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" | tee -a "$LOG" >&2; }

# pgBackRest and psql run as the cluster's owner (archive-push runs as it too, and the repository must be its).
as_owner() {
  if [ "$(id -u)" -eq 0 ] && [ "$OS_USER" != root ]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}
backrest() { as_owner pgbackrest --config="$MM_BACKUP_CONFIG" --stanza="$STANZA" "$@"; }

# --- state: per type "ok errors last_result last_run_epoch", written whole (a reader never sees half a line) --------
state_get() { # type -> "ok err last ts"
  local f="$STATE/run-$1"
  if [ -f "$f" ]; then cat "$f"; else echo "0 0 -1 0"; fi
}
state_record() { # type result(1|0)
  local ok err last ts
  read -r ok err last ts < <(state_get "$1")
  if [ "$2" -eq 1 ]; then ok=$((ok + 1)); else err=$((err + 1)); fi
  printf '%s %s %s %s\n' "$ok" "$err" "$2" "$(date +%s)" >"$STATE/run-$1.tmp"
  mv -f "$STATE/run-$1.tmp" "$STATE/run-$1"
}

cmd_setup() {
  mkdir -p "$STATE"
  # The repository and its log and lock directories belong to the cluster's owner.
  local dir
  for dir in $(sed -n 's/^\(repo1-path\|log-path\|lock-path\)=//p' "$MM_BACKUP_CONFIG"); do
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$OS_USER" "$dir"
  done
  backrest stanza-create >>"$LOG" 2>&1 || { say "stanza-create failed (see $LOG)"; return 1; }
  backrest check >>"$LOG" 2>&1 || { say "check failed: WAL archiving does not reach the repository (see $LOG)"; return 1; }
  say "stanza $STANZA ready, WAL archiving checked"
}

cmd_backup() {
  local type="${1:-}"
  case "$type" in full | diff | incr) ;; *) echo "minimarket-backup: backup needs full, diff or incr, not '$type'" >&2; return 2 ;; esac
  mkdir -p "$STATE"
  local t0=$SECONDS
  if backrest --type="$type" backup >>"$LOG" 2>&1; then
    state_record "$type" 1
    say "backup $type done in $((SECONDS - t0)) s"
  else
    state_record "$type" 0
    say "backup $type FAILED after $((SECONDS - t0)) s (see $LOG)"
    return 1
  fi
}

files_dirs() { local IFS=:; for d in ${MM_BACKUP_FILES:-}; do [ -n "$d" ] && printf '%s\n' "$d"; done; }

# What the files are now: names, sizes and times of every file, so that an unchanged directory is not archived again.
files_fingerprint() {
  local d
  files_dirs | while read -r d; do
    [ -d "$d" ] && find "$d" -type f -printf '%p %s %T@\n'
  done | sort | md5sum | cut -d' ' -f1
}

cmd_files() {
  mkdir -p "$STATE/files"
  local dirs=() d
  while read -r d; do [ -d "$d" ] && dirs+=(-C "$(dirname "$d")" "$(basename "$d")"); done < <(files_dirs)
  if [ "${#dirs[@]}" -eq 0 ]; then say "files: no directory to back up (MM_BACKUP_FILES)"; return 0; fi
  local stamp out fingerprint
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  out="$STATE/files/files-$stamp.tar.gz"
  fingerprint=$(files_fingerprint)
  if tar -czf "$out.tmp" "${dirs[@]}" 2>>"$LOG" && tar -tzf "$out.tmp" >/dev/null 2>>"$LOG"; then
    (cd "$STATE/files" && sha256sum "$(basename "$out.tmp")" | sed 's/\.tmp$//' >"files-$stamp.tar.gz.sha256")
    mv -f "$out.tmp" "$out"
    printf '%s\n' "$fingerprint" >"$STATE/files.fingerprint"
    state_record files 1
    # Retention: the newest FILES_KEEP tarballs.
    ls -1 "$STATE/files"/files-*.tar.gz | sort -r | tail -n +"$((FILES_KEEP + 1))" | while read -r old; do rm -f "$old" "$old.sha256"; done
    say "files backed up: $(basename "$out") ($(stat -c %s "$out") bytes)"
  else
    rm -f "$out.tmp"
    state_record files 0
    say "files backup FAILED (see $LOG)"
    return 1
  fi
}

cmd_restore() {
  local target="${1:-}" data stamp
  data=$(sed -n 's/^pg1-path=//p' "$MM_BACKUP_CONFIG" | head -n 1)
  [ -n "$data" ] || { echo "minimarket-backup: no pg1-path in $MM_BACKUP_CONFIG" >&2; return 2; }
  if [ -f "$data/postmaster.pid" ]; then
    echo "minimarket-backup: $data/postmaster.pid exists: stop PostgreSQL first (after a crash, check that no postgres process runs and delete that file)" >&2
    return 1
  fi
  local options=()
  [ -n "$target" ] && options+=(--type=time "--target=$target" --target-action=promote)
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  if [ -d "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
    # Kept aside, never deleted (what was there may be needed); where the folder is a mount point (compose's volume) it
    # cannot be moved, and pgBackRest restores over it with --delta (files checked by checksum, the rest removed).
    if mv "$data" "$data.before-restore-$stamp" 2>/dev/null; then
      echo "the old data folder is kept as $data.before-restore-$stamp"
      mkdir -m 700 "$data"
      [ "$(id -u)" -eq 0 ] && chown "$OS_USER" "$data"
    else
      options+=(--delta)
    fi
  fi
  local t0=$SECONDS
  backrest "${options[@]}" restore >>"$LOG" 2>&1 || { say "restore FAILED (see $LOG)"; return 1; }
  say "restored ${target:-to the end of the archived WAL} in $((SECONDS - t0)) s; start PostgreSQL: it replays the WAL up to the target and then accepts writes"
}

cmd_restore_files() {
  local tarball="${1:?restore-files needs the tarball}" target="${2:?restore-files needs the target directory}"
  [ -f "$tarball.sha256" ] || { echo "minimarket-backup: $tarball.sha256 is missing: not restoring an unchecked tarball" >&2; return 1; }
  (cd "$(dirname "$tarball")" && sha256sum --quiet -c "$(basename "$tarball").sha256") ||
    { echo "minimarket-backup: $tarball does not match its checksum" >&2; return 1; }
  mkdir -p "$target"
  tar -xzf "$tarball" -C "$target"
  echo "restored $(tar -tzf "$tarball" | grep -c -v '/$') files into $target"
}

# --- metrics -----------------------------------------------------------------------------------------------------
metric() { # name type help: the HELP and TYPE lines
  printf '# HELP %s %s\n# TYPE %s %s\n' "$1" "$3" "$1" "$2"
}

cmd_metrics() {
  : "${MM_BACKUP_TEXTFILE:?set MM_BACKUP_TEXTFILE (node-exporter textfile)}"
  mkdir -p "$(dirname "$MM_BACKUP_TEXTFILE")"
  local out="$MM_BACKUP_TEXTFILE.$$" info collector=1 line
  info=$(backrest --output=json info 2>>"$LOG") || { info='[]'; collector=0; }
  [ "$(jq -r '.[0].status.code // 99' <<<"$info")" = 0 ] || collector=0
  {
    metric minimarket_backup_last_success_timestamp_seconds gauge "When the newest good backup of the type ended (Unix time); type any is the newest of all, 0 when there is none."
    jq -r '.[0].backup // [] | map(select((.error // false) | not)) as $b
      | (["full","diff","incr"][] as $t | ($b | map(select(.type == $t)) | last) | select(. != null)
         | "minimarket_backup_last_success_timestamp_seconds{type=\"\(.type)\"} \(.timestamp.stop)"),
        "minimarket_backup_last_success_timestamp_seconds{type=\"any\"} \(($b | map(.timestamp.stop) | max) // 0)"' <<<"$info"
    metric minimarket_backup_last_duration_seconds gauge "How long the newest good backup of the type took."
    jq -r '.[0].backup // [] | map(select((.error // false) | not)) as $b | ["full","diff","incr"][] as $t
      | ($b | map(select(.type == $t)) | last) | select(. != null)
      | "minimarket_backup_last_duration_seconds{type=\"\(.type)\"} \(.timestamp.stop - .timestamp.start)"' <<<"$info"
    metric minimarket_backup_last_size_bytes gauge "Bytes the newest good backup of the type added to the repository (compressed)."
    jq -r '.[0].backup // [] | map(select((.error // false) | not)) as $b | ["full","diff","incr"][] as $t
      | ($b | map(select(.type == $t)) | last) | select(. != null)
      | "minimarket_backup_last_size_bytes{type=\"\(.type)\"} \(.info.repository.delta)"' <<<"$info"
    metric minimarket_backup_database_size_bytes gauge "Size of the database cluster at the newest backup."
    jq -r '.[0].backup // [] | last | select(. != null) | "minimarket_backup_database_size_bytes \(.info.size)"' <<<"$info"
    metric minimarket_backup_repository_size_bytes gauge "Bytes of every backup kept in the repository (compressed, WAL not counted)."
    jq -r '"minimarket_backup_repository_size_bytes \((.[0].backup // []) | map(.info.repository.delta) | add // 0)"' <<<"$info"
    metric minimarket_backup_kept gauge "Backups of the type kept in the repository (retention)."
    jq -r '(.[0].backup // []) as $b | ["full","diff","incr"][] as $t | "minimarket_backup_kept{type=\"\($t)\"} \($b | map(select(.type == $t)) | length)"' <<<"$info"

    local states=() type ok err last ts
    for type in full diff incr files; do states+=("$type $(state_get "$type")"); done
    metric minimarket_backup_runs_total counter "Backup runs by this script, by type and result."
    for line in "${states[@]}"; do
      read -r type ok err last ts <<<"$line"
      printf 'minimarket_backup_runs_total{type="%s",result="ok"} %s\nminimarket_backup_runs_total{type="%s",result="error"} %s\n' "$type" "$ok" "$type" "$err"
    done
    metric minimarket_backup_last_run_success gauge "1 when the last run of the type succeeded, 0 when it failed."
    for line in "${states[@]}"; do
      read -r type ok err last ts <<<"$line"
      [ "$last" != -1 ] && printf 'minimarket_backup_last_run_success{type="%s"} %s\n' "$type" "$last"
    done
    metric minimarket_backup_last_run_timestamp_seconds gauge "When the last run of the type ended (Unix time)."
    for line in "${states[@]}"; do
      read -r type ok err last ts <<<"$line"
      [ "$last" != -1 ] && printf 'minimarket_backup_last_run_timestamp_seconds{type="%s"} %s\n' "$type" "$ts"
    done
    local newest
    newest=$(ls -1 "$STATE/files"/files-*.tar.gz 2>/dev/null | sort | tail -n 1 || true)
    if [ -n "$newest" ]; then
      metric minimarket_backup_files_last_success_timestamp_seconds gauge "When the newest files tarball (models, data-protection keys) was written (Unix time)."
      printf 'minimarket_backup_files_last_success_timestamp_seconds %s\n' "$(stat -c %Y "$newest")"
    fi

    local archiver
    if archiver=$(as_owner psql -X -qAt -F ' ' -c "SELECT archived_count, failed_count,
        round(coalesce(extract(epoch FROM last_archived_time), 0), 3), round(coalesce(extract(epoch FROM last_failed_time), 0), 3)
        FROM pg_stat_archiver" 2>>"$LOG") && [ -n "$archiver" ]; then
      local archived failed last_archived last_failed
      read -r archived failed last_archived last_failed <<<"$archiver"
      metric minimarket_backup_wal_archived_total counter "WAL segments PostgreSQL archived (pg_stat_archiver; reset when the server's statistics are)."
      printf 'minimarket_backup_wal_archived_total %s\n' "$archived"
      metric minimarket_backup_wal_failed_total counter "Failed attempts to archive a WAL segment (pg_stat_archiver)."
      printf 'minimarket_backup_wal_failed_total %s\n' "$failed"
      metric minimarket_backup_wal_last_archived_timestamp_seconds gauge "When the last WAL segment was archived (Unix time, 0 never)."
      printf 'minimarket_backup_wal_last_archived_timestamp_seconds %s\n' "$last_archived"
      metric minimarket_backup_wal_last_failed_timestamp_seconds gauge "When archiving a WAL segment last failed (Unix time, 0 never)."
      printf 'minimarket_backup_wal_last_failed_timestamp_seconds %s\n' "$last_failed"
    else
      collector=0
    fi
    metric minimarket_backup_collector_success gauge "1 when this script could read both pgBackRest's repository and pg_stat_archiver."
    printf 'minimarket_backup_collector_success %s\n' "$collector"
    metric minimarket_backup_collector_timestamp_seconds gauge "When this file was written (Unix time)."
    printf 'minimarket_backup_collector_timestamp_seconds %s\n' "$(date +%s)"
  } >"$out"
  chmod 644 "$out"
  mv -f "$out" "$MM_BACKUP_TEXTFILE"
}

# --- schedule ----------------------------------------------------------------------------------------------------
due() { # type every: 0 when the type's newest good backup is older than every (or there is none) and no recent failure holds it back
  local type=$1 every=$2 info=$3 now newest ok err last ts
  now=$(date +%s)
  read -r ok err last ts < <(state_get "$type")
  if [ "$last" = 0 ] && [ $((now - ts)) -lt "$RETRY_AFTER" ]; then return 1; fi
  if [ "$type" = full ]; then
    newest=$(jq -r '[.[0].backup // [] | .[] | select(.type == "full" and ((.error // false) | not)) | .timestamp.stop] | max // 0' <<<"$info")
  else
    newest=$(jq -r '[.[0].backup // [] | .[] | select((.error // false) | not) | .timestamp.stop] | max // 0' <<<"$info")
  fi
  [ $((now - newest)) -ge "$every" ]
}

cmd_tick() {
  mkdir -p "$STATE"
  local info
  info=$(backrest --output=json info 2>>"$LOG") || info='[]'
  if due full "$FULL_EVERY" "$info"; then
    cmd_backup full || true
  elif due diff "$DIFF_EVERY" "$info"; then
    cmd_backup diff || true
  fi
  if [ -n "${MM_BACKUP_FILES:-}" ]; then
    local read_ok err last ts
    read -r read_ok err last ts < <(state_get files)
    if [ "$(files_fingerprint)" != "$(cat "$STATE/files.fingerprint" 2>/dev/null || true)" ] &&
      ! { [ "$last" = 0 ] && [ $(($(date +%s) - ts)) -lt "$RETRY_AFTER" ]; }; then
      cmd_files || true
    fi
  fi
  cmd_metrics
}

cmd_loop() {
  mkdir -p "$STATE"
  local tries=0
  until cmd_setup; do
    tries=$((tries + 1))
    # Until PostgreSQL answers (a loop started with the stack): the metrics say the collector fails meanwhile.
    [ -n "${MM_BACKUP_TEXTFILE:-}" ] && { cmd_metrics || true; }
    sleep "$((tries < 6 ? 5 : 60))"
  done
  while :; do
    cmd_tick || say "tick failed"
    sleep "$TICK" &
    wait $!
  done
}

case "${1:-}" in
  info) backrest info ;;
  setup) cmd_setup ;;
  backup) cmd_backup "${2:-}" ;;
  files) cmd_files ;;
  metrics) cmd_metrics ;;
  tick) cmd_tick ;;
  loop) cmd_loop ;;
  restore) cmd_restore "${2:-}" ;;
  restore-files) cmd_restore_files "${2:-}" "${3:-}" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
