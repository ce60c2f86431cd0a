#!/usr/bin/env bash
# Services the tests start on their own: makes sure their programs are installed.
# PostgreSQL: the tests run Debian's initdb/pg_ctl from /usr/lib/postgresql/*/bin on a private
# data directory and port (tests/helpers/postgres-server.ts); no system cluster is used.
# Redis: the tests run /usr/bin/redis-server on a private port (tests/helpers/redis-server.ts).
# As root (CI on a fresh machine) it installs what is missing; otherwise it says what to run.
set -euo pipefail

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_redis() { [ -x /usr/bin/redis-server ]; }

missing=()
have_postgres || missing+=(postgresql)
have_redis || missing+=(redis-server)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    # One installer at a time: test files may call this script at once.
    exec 9>/tmp/medallion-ci-services.lock
    flock 9
    missing=()
    have_postgres || missing+=(postgresql)
    have_redis || missing+=(redis-server)
    if [ "${#missing[@]}" -gt 0 ]; then
      echo "ci-services: installing ${missing[*]} (apt-get install)" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
    fi
  else
    echo "ci-services: ${missing[*]} not installed; the tests that need them will be skipped. Run 'sudo apt-get install -y ${missing[*]}' to run them." >&2
  fi
fi
