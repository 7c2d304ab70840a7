#!/usr/bin/env bash
# The one test command: starts Azurite (from package.json), runs every test against it, stops it.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter CaptureReplayTests]
set -euo pipefail
cd "$(dirname "$0")"
source .ci/azurite.sh

trap azurite_stop EXIT
azurite_start_private .azurite-test

export ZLMHOOKS_TEST_STORAGE="$AZURITE_CONNECTION_STRING"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Only the settings the run gives its apps: never the developer's local.settings.json.
export ZLMHOOKS_SETTINGS_FILE=none
rm -rf TestResults
status=0
# infra/: restore the Bicep CLI from NuGet, build and lint (warnings fail).
.ci/bicep.sh || status=$?
# The handler as it ships (Native AOT), published once: the package test and the benchmark use it.
if [ $# -eq 0 ]; then
  infra/publish.sh bench/out/handler || status=$?
  export ZLMHOOKS_PUBLISHED_HANDLER="$PWD/bench/out/handler"
fi
dotnet test ZlmHooks.sln -c Release --logger "trx;LogFileName=tests.trx" --results-directory TestResults "$@" || status=$?
# The benchmark in its smoke size: proves ./bench.sh still works against the published handler
# (any wrong answer fails it). Skipped when a filter was given.
if [ $# -eq 0 ]; then
  ./bench.sh --smoke --out TestResults/bench-smoke.md || status=$?
fi

# A closing line any CI reader understands: "tests: N passed, N failed".
trx=$(ls TestResults/*.trx 2>/dev/null | head -n 1 || true)
if [ -n "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | tr -dc '0-9')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | tr -dc '0-9')
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
fi
exit $status
