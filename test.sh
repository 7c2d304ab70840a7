#!/usr/bin/env bash
# The one test command: starts an Azurite of its own (from package.json, in memory, free ports), runs
# every test against it, stops it. A developer's ./run.sh (and its Azurite) may stay up meanwhile.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter CaptureReplayTests]
set -euo pipefail
cd "$(dirname "$0")"
source .ci/azurite.sh
source .ci/steps.sh

if [ ! -x node_modules/.bin/azurite ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  step "installing Azurite from package.json (npm ci, about 40 s)" azurite_install
fi
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null || [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "installing ffmpeg and chromium from Debian's packages for the real-MediaServer and console tests (1-2 min)" .ci/media-clients.sh
fi
trap azurite_stop EXIT
azurite_start_private .azurite-test

export ZLMHOOKS_TEST_STORAGE="$AZURITE_CONNECTION_STRING"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Only the settings the run gives its apps: never the developer's local.settings.json.
export ZLMHOOKS_SETTINGS_FILE=none
rm -rf TestResults
mkdir -p TestResults
status=0 bicep=skipped publish=skipped worker=skipped glibc=skipped bench=skipped
# infra/: restore the Bicep CLI from NuGet, build and lint (warnings fail).
if step "checking infra/ with the Bicep CLI (restored from NuGet; about 30 s the first time)" .ci/bicep.sh; then bicep=ok; else bicep=failed status=1; fi
# The handler as it ships (Native AOT), published once: the package test and the benchmark use it.
if [ $# -eq 0 ]; then
  if step "publishing the handler as it ships (Native AOT; 2-6 min)" infra/publish.sh bench/out/handler; then publish=ok; else publish=failed status=1; fi
  export ZLMHOOKS_PUBLISHED_HANDLER="$PWD/bench/out/handler"
  # The isolated worker as it ships (the default hosting): the worker package test uses it, and is
  # skipped when this did not run (a filtered run).
  if step "publishing the isolated worker as it ships (ReadyToRun linux-x64; 1-2 min)" infra/publish-worker.sh bench/out/worker; then
    worker=ok
    export ZLMHOOKS_PUBLISHED_WORKER="$PWD/bench/out/worker"
  else
    worker=failed status=1
  fi
fi
# The glibc floor for real: that binary started on Debian 11 (glibc 2.31) in a chroot. Exit 3 is a
# machine that cannot build the chroot (it says why); the package test still checks the symbol versions.
if [ "$publish" = ok ]; then
  floor=0
  step "starting it on Debian 11 (glibc 2.31) in a chroot (debootstrap, about 1 min the first time)" .ci/glibc-floor.sh bench/out/handler || floor=$?
  case $floor in 0) glibc=ok ;; 3) glibc="skipped (no chroot here)" ;; *) glibc=failed status=1 ;; esac
fi
echo "==> dotnet test (build, then about 615 tests in 2-3 min; a count every 50 passed, each failure in full) ..." >&2
# The console logger names each test as it finishes: counted here, so the quiet minutes say how far they
# are; everything else (failures, skips, the summary) is shown as it comes.
count_passed() { awk '/^  Passed /{ if (++n % 50 == 0) { print "    " n " tests passed so far"; fflush() } next } { print; fflush() }'; }
dotnet test ZlmHooks.sln -c Release --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" --results-directory TestResults "$@" 2>&1 | count_passed || status=$?
# The benchmark in its smoke size: proves ./bench.sh still works against the published handler
# (any wrong answer fails it). Skipped when a filter was given. Its report goes to a file.
if [ $# -eq 0 ]; then
  if step "benchmark, smoke size (report: TestResults/bench-smoke.md; about 2 min)" ./bench.sh --smoke --out TestResults/bench-smoke.md; then
    bench=ok
    # And a handler killed mid-phase is a failed, named phase, not a dead benchmark (issue 34).
    step "benchmark failure check: a handler killed mid-phase is reported (about 30 s)" bench/failure-check.sh || bench="failure check failed" status=1
  else
    bench=failed status=1
  fi
fi

# Closing lines any CI reader understands: "tests: N passed, N failed", then every other step.
trx=$(ls TestResults/*.trx 2>/dev/null | head -n 1 || true)
if [ -n "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | tr -dc '0-9')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | tr -dc '0-9')
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
else
  echo "tests: none ran (the build failed?)"
fi
echo "steps: bicep $bicep, publish $publish, worker publish $worker, glibc floor $glibc, bench smoke $bench; exit $status"
exit $status
