#!/usr/bin/env bash
# The whole test suite: lint, types, unit, integration and browser tests. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ci-services.sh # PostgreSQL and Redis for the instance-store and queue tests

# Browser tests drive Debian's chromium; install it when missing and we may (root), else say what to do.
if ls tests/e2e/*.test.ts >/dev/null 2>&1 && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "Browser tests need Debian's chromium: run 'sudo apt-get install -y chromium' and try again." >&2
    exit 1
  fi
fi

status=0
npx biome check . || status=1
npm run --silent typecheck || status=1
npx vitest run --reporter=default --reporter=json --outputFile=.vitest-report.json || status=1
node scripts/print-test-summary.mjs .vitest-report.json || status=1
exit $status
