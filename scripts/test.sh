#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL and RabbitMQ, starting (and if needed installing) them first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
set +e
dotnet test EventSourcedRag.sln -c Release --nologo 2>&1 | tee "$LOG"
STATUS=${PIPESTATUS[0]}
set -e

# One closing line for people and CI: the sums of every test assembly's summary.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:")  { gsub(",", "", $(i+1)); failed  += $(i+1) }
         if ($i == "Passed:")  { gsub(",", "", $(i+1)); passed  += $(i+1) }
         if ($i == "Skipped:") { gsub(",", "", $(i+1)); skipped += $(i+1) }
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$LOG"
exit "$STATUS"
