#!/usr/bin/env bash
# The benchmark, one command: hook latency and throughput against the bare-Kestrel baseline, cold
# start, memory, and a 100,000-rule table, on loopback against a release build and Azurite.
#   ./bench.sh                 full run; rewrites docs/benchmarks.md
#   ./bench.sh --smoke [--out FILE]   tiny sizes, proves it works (CI); writes FILE (default: a temp file)
#   ./bench.sh --hosts         only the two hosts side by side (the isolated worker through the tests'
#                              Functions host vs the Native AOT handler vs the baseline), printed
set -euo pipefail
cd "$(dirname "$0")"
source .ci/azurite.sh
source .ci/steps.sh

out=docs/benchmarks.md
extra=()
hosts=0
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts=1 ;;
    --smoke) extra+=(--smoke); out="${out_override:-$(mktemp --suffix=.md)}" ;;
    --out) shift; out="$1"; out_override="$1" ;;
    *) extra+=("$1") ;;
  esac
  shift
done

trap azurite_stop EXIT
azurite_start_private .azurite-bench

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Only the settings the run gives its apps: never the developer's local.settings.json.
export ZLMHOOKS_SETTINGS_FILE=none
# The handler as Azure runs it: Native AOT, linux-x64 (infra/publish.sh, as infra/package.sh builds
# it); test.sh passes the one it already published in ZLMHOOKS_PUBLISHED_HANDLER.
handler="${ZLMHOOKS_PUBLISHED_HANDLER:-}"
if [ -z "$handler" ]; then
  handler=bench/out/handler
  step "publishing the handler as it ships (Native AOT; 2-6 min)" infra/publish.sh "$handler"
fi
if [ "$hosts" = 1 ]; then
  worker="${ZLMHOOKS_PUBLISHED_WORKER:-}"
  if [ -z "$worker" ]; then
    worker=bench/out/worker
    step "publishing the isolated worker as it ships (ReadyToRun; 1-2 min)" infra/publish-worker.sh "$worker"
  fi
  extra+=(--hosts "$worker")
fi
step "building the benchmark (about 20 s)" dotnet build bench/ZlmHooks.Bench -c Release -o bench/out/bench --nologo -v quiet
# The baseline, published as the handler is (Native AOT), and JIT-compiled as a reference.
step "publishing the baseline (Native AOT; about 1 min)" dotnet publish bench/ZlmHooks.Baseline -c Release -r linux-x64 -o bench/out/baseline --nologo -v quiet
step "building the JIT baseline (about 10 s)" dotnet build bench/ZlmHooks.Baseline -c Release -o bench/out/baseline-jit --nologo -v quiet

# wrk gives the throughput cells a second opinion (full runs only); from Debian's packages if missing.
if [[ " ${extra[*]} " != *" --smoke "* ]] && ! command -v wrk >/dev/null; then
  { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null 2>&1; } \
    || echo "bench: wrk not installed (needs apt-get as root); its cross-check is skipped" >&2
fi

captures="${ZLM_CAPTURES_DIR:-$(cd .. && pwd)/shared/zlm-captures}"
bench/out/bench/ZlmHooks.Bench --handler "$handler/ZlmHooks.Handler" \
  --baseline bench/out/baseline/ZlmHooks.Baseline --baseline-jit bench/out/baseline-jit/ZlmHooks.Baseline.dll \
  --storage "$AZURITE_CONNECTION_STRING" --captures "$captures" --out "$out" "${extra[@]}"
[ "$hosts" = 1 ] || echo "bench: wrote $out" >&2
