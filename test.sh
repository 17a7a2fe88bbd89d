#!/usr/bin/env bash
# Sets up and runs every test of SmartCardFleet:
#   1. installs what the tests need when it is missing: the real test fleet (pcscd, vsmartcard-vpcd), the
#      browser the dashboard test drives (chromium; Playwright uses /usr/bin/chromium, it downloads nothing) and
#      PostgreSQL (postgresql; the storage tests run on a throwaway server started here and stopped at the end),
#   2. builds the whole solution (warnings are errors) and packs the plugin-author packages into artifacts/packages,
#   3. runs every test project, the integration tests against a real pcscd with 16 virtual readers, the
#      benchmark command in its smoke mode and the short chaos soak on the real fleet,
#   4. prints one summary line "tests: N passed, N failed, N skipped" and fails on any failure or skip.
set -euo pipefail
cd "$(dirname "$0")"

configuration=${CONFIGURATION:-Release}
results=artifacts/test-results

# --- 1. system packages -------------------------------------------------------------------------------
missing=()
command -v pcscd >/dev/null 2>&1 || [ -x /usr/sbin/pcscd ] || missing+=(pcscd)
[ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || missing+=(vsmartcard-vpcd)
ldconfig -p 2>/dev/null | grep -q 'libpcsclite.so.1 ' || missing+=(libpcsclite1)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: the real test fleet needs these Debian packages: ${missing[*]}" >&2
    echo "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }

# --- 2. build -----------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build SmartCardFleet.sln -c "$configuration" -nologo -v quiet

# The packages plugin authors use (SDK, test kit, dotnet new template) into artifacts/packages: the package and
# template tests read them from there.
rm -rf artifacts/packages
if ! dotnet pack SmartCardFleet.sln -c "$configuration" --no-build -nologo -v quiet -o artifacts/packages > artifacts/pack.log 2>&1; then
  cat artifacts/pack.log >&2
  echo "test.sh: packing the plugin-author packages failed (see above)" >&2
  exit 1
fi

# --- 3. test ------------------------------------------------------------------------------------------
rm -rf "$results"
mkdir -p "$results"

# A throwaway PostgreSQL on a free loopback port for the storage specs and the bench smoke (they create and drop
# their own databases on it), stopped and deleted at the end, also when a step fails. Under CI=true a PostgreSQL spec
# fails without it.
postgres_dir=$(mktemp -d /tmp/scf-postgres.XXXXXX)
trap 'config/test-fleet/postgres.sh stop "$postgres_dir"' EXIT
FLEET_TEST_POSTGRES=$(config/test-fleet/postgres.sh start "$postgres_dir")
export FLEET_TEST_POSTGRES
echo "test.sh: PostgreSQL for the storage tests: $FLEET_TEST_POSTGRES"
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  if ! dotnet test "$project" -c "$configuration" --no-build -nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --results-directory "$results" --blame-hang --blame-hang-timeout 10m; then
    status=1
  fi
done

# The benchmark command's smoke mode (simulated PC/SC, seconds): proves the bench code paths still run. The full
# measurement is not part of the tests; see docs/benchmarks.md.
echo "=== SmartCardFleet.Benchmarks (smoke)"
if ! NO_BUILD=1 CONFIGURATION="$configuration" tests/SmartCardFleet.Benchmarks/run-bench.sh --smoke > "$results/bench-smoke.log" 2>&1; then
  tail -n 40 "$results/bench-smoke.log" >&2
  echo "test.sh: benchmark smoke failed (see $results/bench-smoke.log)" >&2
  status=1
else
  tail -n 3 "$results/bench-smoke.log"
fi

# The chaos soak on the real fleet, short: 40 s of card inserts, removals, yanks mid-command, resets by another
# PC/SC client, a pcscd kill -9 and plugin reloads under 4 HTTP clients, about a minute in all. Any broken
# invariant fails the run; the seed is printed (replay: SOAK_SEED=<seed> ./test.sh, or run-bench.sh --soak 40s --seed <seed>).
echo "=== SmartCardFleet.Benchmarks (soak 40s)"
soak_seed=()
[ -n "${SOAK_SEED:-}" ] && soak_seed=(--seed "$SOAK_SEED")
if ! NO_BUILD=1 CONFIGURATION="$configuration" tests/SmartCardFleet.Benchmarks/run-bench.sh --soak 40s "${soak_seed[@]}" > "$results/soak.log" 2>&1; then
  grep -E '^soak: ' "$results/soak.log" | tail -n 40 >&2
  echo "test.sh: the short soak failed (see $results/soak.log)" >&2
  status=1
else
  grep -E '^soak: ' "$results/soak.log" | sed -n '1p;$p'
fi

# --- 4. summary ---------------------------------------------------------------------------------------
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  printf '  %-45s %s passed, %s failed, %s not executed\n' "$(basename "$trx" .trx)" "${p:-0}" "${f:-0}" "$(( ${t:-0} - ${e:-0} ))"
done
if ((skipped > 0)); then
  echo "test.sh: $skipped test(s) were skipped; a skipped test is a failure here" >&2
  status=1
fi
if ((passed == 0)); then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
