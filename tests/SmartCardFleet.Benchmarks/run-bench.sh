#!/usr/bin/env bash
# Runs the benchmark command of issue 6.
#   tests/SmartCardFleet.Benchmarks/run-bench.sh --smoke   seconds, simulated PC/SC only, writes nothing; exit 1 on a broken path
#   tests/SmartCardFleet.Benchmarks/run-bench.sh           full run: writes docs/benchmarks.md and docs/benchmarks.json
# Extra arguments go to `system` (see docs/benchmarks.md). Set NO_BUILD=1 when the solution was just built (test.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
configuration=${CONFIGURATION:-Release}
build=()
[ "${NO_BUILD:-0}" = 1 ] && build=(--no-build)
exec dotnet run -c "$configuration" "${build[@]}" --project tests/SmartCardFleet.Benchmarks -- system "$@"
