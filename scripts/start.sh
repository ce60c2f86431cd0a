#!/usr/bin/env bash
# The main job, from a fresh clone: install, generate the raw data if missing, materialize every
# asset, then show where things stand (and serve the UI once `medallion dev` exists).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund

if [ ! -e data/raw/user_signups.jsonl ]; then
  npm run --silent generate-data
fi

npx medallion materialize --select '*' || echo "Some assets failed or were blocked: see above, and \`npx medallion status\`." >&2
npx medallion status
if npx medallion --help | grep -q '^  dev'; then
  exec npx medallion dev
fi
