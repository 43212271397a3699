#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl in
# DIR, listening on a Unix socket in DIR only (no TCP port), trust
# authentication for the socket (DIR is mode 0700, so only its owner and root
# can reach it). initdb refuses to run as root, so as root the server runs as
# `nobody` and DIR is handed to it.
#
#   scripts/pg_local.sh start DIR   prints the libpq connection string
#   scripts/pg_local.sh stop DIR    stops the server (DIR is left for the caller to remove)
#
# PG_LOCAL_DURABLE=1 keeps PostgreSQL's durable defaults (benchmarks); without
# it fsync is off (tests: the cluster is thrown away). Extra server settings:
# PG_LOCAL_OPTS="-c shared_buffers=256MB". Exit status 77: no PostgreSQL server
# binaries (install Debian's `postgresql`); callers skip.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
bindir=${DYAD_PG_BIN:-}
if [ -z "$bindir" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql, or set DYAD_PG_BIN)" >&2
  exit 77
fi
as=()
if [ "$(id -u)" = 0 ]; then
  as=(runuser -u nobody --)
fi
cd /  # the server user may not be able to read the caller's directory
case "$cmd" in
  start)
    mkdir -p "$dir"
    chmod 700 "$dir"
    if [ "$(id -u)" = 0 ]; then chown nobody "$dir"; fi
    if [ ${#dir} -gt 90 ]; then
      echo "DIR is too long for a Unix socket path; use a short one (mktemp -d /tmp/dyadpg.XXXXXX)" >&2
      exit 2
    fi
    "${as[@]}" "$bindir/initdb" -D "$dir/data" -U dyad --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
      > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=64"
    if [ "${PG_LOCAL_DURABLE:-0}" != 1 ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    opts="$opts ${PG_LOCAL_OPTS:-}"
    "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start > /dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir user=dyad dbname=postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop > /dev/null
    fi
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
