#!/usr/bin/env bash
# Local PostgreSQL for development and CI (the Debian cluster "<version> main", no Docker).
#
#   scripts/db.sh ensure-up             start the cluster unless 127.0.0.1:5432 already answers
#   scripts/db.sh create <service>...   create databases amtsweg_<service> if missing
#
# Environment:
#   DATABASE_URL   server for `create` (default postgres://postgres@127.0.0.1:5432/postgres);
#                  the database named in it is only where we connect to run CREATE DATABASE.
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
READY_TIMEOUT=60

log() { echo "db.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# DATABASE_URL without a password, for messages.
safe_url() { sed -E 's#//([^:@/]*):[^@/]*@#//\1:***@#' <<<"$DATABASE_URL"; }

is_ready() { pg_isready -q -h 127.0.0.1 -p 5432 -t 2; }

cmd_ensure_up() {
  command -v pg_isready >/dev/null || die "pg_isready not found (apt-get install postgresql-client)"
  if is_ready; then
    log "PostgreSQL on 127.0.0.1:5432 is up"
    return 0
  fi
  [[ -d /etc/postgresql ]] || die "PostgreSQL does not answer on 127.0.0.1:5432 and no cluster is installed (/etc/postgresql missing)"
  local version
  # shellcheck disable=SC2012 # version folders are plain numbers ("15")
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  [[ -n "$version" ]] || die "no PostgreSQL version under /etc/postgresql"
  log "starting PostgreSQL $version/main ..."
  # --skip-systemctl-redirect: there is no systemd here (containers, CI); start the cluster directly.
  # A failing start is not fatal on its own: another process may be starting it at the same time,
  # and the wait below is what decides.
  pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
    log "pg_ctlcluster start returned $? (waiting anyway)"
  local deadline=$((SECONDS + READY_TIMEOUT))
  until is_ready; do
    if ((SECONDS >= deadline)); then
      pg_lsclusters >&2 2>/dev/null || true
      tail -n 20 "/var/log/postgresql/postgresql-$version-main.log" >&2 2>/dev/null || true
      die "PostgreSQL did not become ready on 127.0.0.1:5432 within ${READY_TIMEOUT}s"
    fi
    sleep 0.5
  done
  log "PostgreSQL on 127.0.0.1:5432 is up"
}

cmd_create() {
  (($# > 0)) || die "usage: scripts/db.sh create <service>..."
  command -v psql >/dev/null || die "psql not found (apt-get install postgresql-client)"
  local service db out exists
  for service in "$@"; do
    # Names go into SQL unquoted below, so only allow plain identifiers.
    [[ "$service" =~ ^[a-z][a-z0-9_]*$ ]] ||
      die "invalid service name '$service' (lower-case letters, digits, underscore)"
    db="amtsweg_$service"
    exists="$(psql "$DATABASE_URL" -XtAq -v ON_ERROR_STOP=1 \
      -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ||
      die "cannot query PostgreSQL at $(safe_url) (scripts/db.sh ensure-up?)"
    if [[ "$exists" == "1" ]]; then
      log "database $db exists"
      continue
    fi
    # CREATE DATABASE has no IF NOT EXISTS; if a parallel run created it in between, that's fine.
    if ! out="$(psql "$DATABASE_URL" -XqAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" 2>&1)"; then
      if grep -q 'already exists' <<<"$out"; then
        log "database $db exists"
        continue
      fi
      echo "$out" >&2
      die "could not create database $db"
    fi
    log "created database $db"
  done
}

case "${1:-}" in
  ensure-up) cmd_ensure_up ;;
  create) shift; cmd_create "$@" ;;
  *)
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
