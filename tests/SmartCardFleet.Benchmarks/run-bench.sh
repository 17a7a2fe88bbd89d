#!/usr/bin/env bash
# Runs the benchmark command of issue 6.
#   tests/SmartCardFleet.Benchmarks/run-bench.sh --smoke   seconds, simulated PC/SC only, writes nothing; exit 1 on a broken path
#   tests/SmartCardFleet.Benchmarks/run-bench.sh           full run: writes docs/benchmarks.md and docs/benchmarks.json
# Extra arguments go to `system` (see docs/benchmarks.md). Set NO_BUILD=1 when the solution was just built (test.sh).
# The audit figure needs PostgreSQL: FLEET_TEST_POSTGRES when set (test.sh sets it), else a throwaway server is started
# here (config/test-fleet/postgres.sh) and stopped at the end. The soak does not use it.
set -euo pipefail
cd "$(dirname "$0")/../.."
configuration=${CONFIGURATION:-Release}
build=()
[ "${NO_BUILD:-0}" = 1 ] && build=(--no-build)
if [ -z "${FLEET_TEST_POSTGRES:-}" ] && [[ " $* " != *" --soak "* ]]; then
  postgres_dir=$(mktemp -d /tmp/scf-postgres.XXXXXX)
  trap 'config/test-fleet/postgres.sh stop "$postgres_dir"' EXIT
  if FLEET_TEST_POSTGRES=$(config/test-fleet/postgres.sh start "$postgres_dir"); then
    export FLEET_TEST_POSTGRES
  else
    echo "run-bench.sh: no PostgreSQL for the audit figure (it says so in the report)" >&2
    unset FLEET_TEST_POSTGRES
  fi
fi
dotnet run -c "$configuration" "${build[@]}" --project tests/SmartCardFleet.Benchmarks -- system "$@"
