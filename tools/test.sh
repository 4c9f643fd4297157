#!/usr/bin/env bash
# npm test: types, lint, formatting, unit tests, the toolchain's reproducibility guard, then the end-to-end tests against a real local Kafka and
# schema registry (started and stopped by test/e2e's global setup). Every part runs; the exit
# status is non-zero if any failed. Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results=.local/test-results
rm -rf "$results" && mkdir -p "$results"
status=0
echo "== types (tsc --noEmit)"; npx tsc --noEmit -p tsconfig.json || status=1
echo "== lint (typescript-eslint)"; npm run --silent lint || status=1
echo "== formatting (prettier --check)"; npm run --silent format:check || status=1
echo "== unit tests"; npx jest --json --outputFile="$results/unit.json" || status=1
echo "== toolchain: every pinned Go tool module is served by the module proxy"; bash tools/toolchain/check-proxy.sh || status=1
echo "== end-to-end tests"; npx jest -c jest.e2e.config.js --runInBand --json --outputFile="$results/e2e.json" || status=1
node tools/test-summary.js "$results/unit.json" "$results/e2e.json"
exit $status
