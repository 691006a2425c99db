#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the central tests (issue #16):
#   pg_cluster.sh start DIR   initdb into DIR/data, postgres on a Unix socket in
#                             DIR only (no TCP), superuser "kiosk", trust auth
#   pg_cluster.sh stop DIR    stop it and delete DIR
# ctest runs start as a fixture setup and stop as its cleanup (which runs even
# when tests fail); start first clears what an interrupted run left in DIR.
# Run as root (a CI container), the server runs as the "postgres" user that
# Debian's package makes: PostgreSQL refuses to run as root.
# PG_BIN (default /usr/lib/postgresql/15/bin): where initdb, pg_ctl, postgres are.
# PG_DURABLE=1: keep fsync and synchronous commits (tools/bench-central compares
# stores that both sync every commit); the tests turn them off.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
[[ ( "$cmd" == start || "$cmd" == stop ) && -n "$dir" ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

as_owner=()
if [[ $(id -u) == 0 ]]; then
  id postgres >/dev/null 2>&1 || { echo "pg_cluster: running as root and there is no postgres user to run PostgreSQL as" >&2; exit 1; }
  as_owner=(runuser -u postgres --)
fi

stop() {
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

if [[ "$cmd" == stop ]]; then
  stop
  exit 0
fi

for tool in initdb pg_ctl postgres; do
  if [[ ! -x "$bin/$tool" ]]; then
    echo "pg_cluster: $bin/$tool is missing: install Debian's postgresql-15 (tools/deps installs tools/packages.txt)" >&2
    exit 1
  fi
done
stop
mkdir -p "$dir"
chmod 0700 "$dir"
[[ ${#as_owner[@]} == 0 ]] || chown postgres: "$dir"
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U kiosk --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# Throwaway data: no fsync unless PG_DURABLE=1. Enough connections for
# parallel tests, each with one or two kiosk-central processes.
durability="-c fsync=off -c synchronous_commit=off"
[[ "${PG_DURABLE:-0}" != 1 ]] || durability=""
if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
     -o "-k $dir -c listen_addresses='' $durability -c max_connections=200" start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
echo "pg_cluster: PostgreSQL on postgresql:///postgres?host=$dir&user=kiosk"
