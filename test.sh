#!/usr/bin/env bash
# Runs every test of the solution and ends with one line of totals: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
tools/setup.sh || exit 1
log=$(mktemp)
dotnet test ActorTrain.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One summary line per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
totals=$(grep -E '(Passed|Failed)!? +- +Failed: +[0-9]+' "$log" | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {printf "%d %d %d", p, f, s}')
read -r passed failed skipped <<<"${totals:-0 0 0}"
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build error or crashed test host counts as a failure
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
