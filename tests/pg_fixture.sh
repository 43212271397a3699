#!/usr/bin/env bash
# ctest fixture: one throwaway PostgreSQL for the Pg* tests of a ctest run.
#   tests/pg_fixture.sh start FILE   starts it; FILE gets its connection string
#                                    (or FILE.skip the reason there is none)
#   tests/pg_fixture.sh stop FILE    stops it and removes its directory
set -uo pipefail
cmd=$1
file=$2
here=$(cd "$(dirname "$0")/.." && pwd)
case "$cmd" in
  start)
    rm -f "$file" "$file.skip" "$file.dir"
    dir=$(mktemp -d /tmp/dyadpg.XXXXXX)
    if conninfo=$(bash "$here/scripts/pg_local.sh" start "$dir" 2> "$dir.err"); then
      echo "$conninfo" > "$file"
      echo "$dir" > "$file.dir"
      echo "PostgreSQL for the tests: $conninfo"
      rm -f "$dir.err"
    else
      rc=$?
      head -n 1 "$dir.err" > "$file.skip"
      cat "$dir.err"
      rm -rf "$dir" "$dir.err"
      # No PostgreSQL installed: the Pg* tests skip, saying why. Any other failure fails.
      [ "$rc" = 77 ] || exit 1
    fi
    ;;
  stop)
    if [ -f "$file.dir" ]; then
      dir=$(cat "$file.dir")
      bash "$here/scripts/pg_local.sh" stop "$dir" || true
      rm -rf "$dir"
    fi
    rm -f "$file" "$file.skip" "$file.dir"
    ;;
esac
