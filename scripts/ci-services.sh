#!/usr/bin/env bash
# Services the tests start on their own: makes sure their programs are installed.
# PostgreSQL: the tests run Debian's initdb/pg_ctl from /usr/lib/postgresql/*/bin on a private
# data directory and port (tests/helpers/postgres-server.ts); no system cluster is used.
# As root (CI on a fresh machine) it installs what is missing; otherwise it says what to run.
set -euo pipefail

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }

if ! have_postgres; then
  if [ "$(id -u)" = 0 ]; then
    # One installer at a time: test files may call this script at once.
    exec 9>/tmp/medallion-ci-services.lock
    flock 9
    if ! have_postgres; then
      echo "ci-services: installing PostgreSQL (apt-get install postgresql)" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
    fi
  else
    echo "ci-services: PostgreSQL is not installed; the PostgreSQL tests will be skipped. Run 'sudo apt-get install -y postgresql' to run them." >&2
  fi
fi
