#!/usr/bin/env bash
# The main job, from a fresh clone: install, generate the raw data if missing, materialize every
# asset, then serve the UI (and the automation daemon) on http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund

if [ ! -e data/raw/user_signups.jsonl ]; then
  npm run --silent generate-data
fi

[ -f ui/dist/index.html ] || npm run --silent build:ui

npx medallion materialize --select '*' || echo "Some assets failed or were blocked: see above, and \`npx medallion status\`." >&2
exec npx medallion dev "$@"
