#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage tests and the bench (docs/storage.md, "Tests"):
#   config/test-fleet/postgres.sh start <dir> [port]   initdb in <dir>, start on 127.0.0.1:<port> (a free one when not
#                                                      given) with its socket in <dir>; prints the connection string
#                                                      (superuser "fleet", trust authentication, database "postgres")
#   config/test-fleet/postgres.sh stop <dir>           stops that server and deletes <dir>
# Needs Debian's postgresql package (/usr/lib/postgresql/<version>/bin). initdb refuses to run as root, so as root the
# server runs as the "postgres" user (runuser) and <dir> is given to that user. Trust authentication is for a loopback
# test server only: never for a station's database.
set -euo pipefail

usage() { echo "usage: $0 start <dir> [port] | stop <dir>" >&2; exit 2; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres.sh: PostgreSQL is not installed (sudo apt-get install -y postgresql)" >&2
  exit 1
fi

as_owner() {
  # From /: the postgres user may not enter the caller's (often private) working folder.
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local dir=$1 port=${2:-}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  if ! as_owner "$bin/initdb" -D "$dir/data" -U fleet --auth=trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    echo "postgres.sh: initdb failed in $dir" >&2
    exit 1
  fi

  # A port given is used as is; otherwise a free one in 21000-28999 (below Linux's ephemeral range and the test
  # fleet's vpcd ports), tried up to 5 times in case another process takes it between the check and the start.
  local attempt
  for attempt in 1 2 3 4 5; do
    if [ -z "${2:-}" ]; then
      port=$((21000 + RANDOM % 8000))
      port_is_free "$port" || continue
    fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start > /dev/null; then
      echo "Host=127.0.0.1;Port=$port;Username=fleet;Database=postgres"
      return 0
    fi
    [ -n "${2:-}" ] && break
  done

  tail -n 20 "$dir/server.log" >&2 || true
  echo "postgres.sh: the server in $dir did not start" >&2
  exit 1
}

stop() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop > /dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -ge 2 ] || usage; start "$2" "${3:-}" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
