#!/usr/bin/env bash
# npm test: types, lint, formatting, unit tests, the toolchain's reproducibility guard, then the end-to-end tests against a real local Kafka and
# schema registry (started and stopped by test/e2e's global setup). Every part runs; the exit
# status is non-zero if any failed. Ends with the line "tests: N passed, N failed", and, when a
# part failed, a last line naming the parts that failed with their exit codes.
set -uo pipefail
cd "$(dirname "$0")/.."
results=.local/test-results
rm -rf "$results" && mkdir -p "$results"
failed=()
step() { local name=$1; shift; "$@"; local rc=$?; [ $rc -eq 0 ] || failed+=("$name (exit $rc)"); }
echo "== types (tsc --noEmit)"; step types npx tsc --noEmit -p tsconfig.json
echo "== lint (typescript-eslint)"; step lint npm run --silent lint
echo "== formatting (prettier --check)"; step formatting npm run --silent format:check
echo "== unit tests"; step unit npx jest --json --outputFile="$results/unit.json"
echo "== toolchain: every pinned Go tool module is served by the module proxy"; step toolchain bash tools/toolchain/check-proxy.sh
echo "== end-to-end tests"; step e2e npx jest -c jest.e2e.config.js --runInBand --json --outputFile="$results/e2e.json"
node tools/test-summary.js "$results/unit.json" "$results/e2e.json"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed parts: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')"
  exit 1
fi
