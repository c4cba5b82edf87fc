#!/bin/sh
# The same cold starts as startup.ts, measured by hyperfine (apt-get install hyperfine), for a built checkout:
#   npm run build && [RUNS=20] bench/cli/hyperfine.sh [ROOT] [extra hyperfine flags, e.g. --export-markdown out.md]
set -e
ROOT=${1:-$(dirname "$0")/../..}
[ $# -gt 0 ] && shift
cd "$ROOT"
exec hyperfine -N --warmup 2 --runs "${RUNS:-20}" "$@" \
  'node -e 0' \
  'node bin/accord.js --help' \
  'node bin/accord.js validate examples/us-japan-milestones/agreement.yaml' \
  'node bin/accord.js duty --hts 8703.23.01 --origin JP --date 2025-10-01 --value 40000'
