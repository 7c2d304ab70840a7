#!/usr/bin/env bash
# Publishes the isolated worker as Azure runs it (hosting "isolated", the default): ZlmHooks.Functions,
# ReadyToRun for linux-x64, framework-dependent (Flex Consumption's dotnet-isolated 10.0 brings the
# runtime). ReadyToRun cross-compiles, so this runs on any OS with the .NET SDK (no Linux needed, unlike
# the Native AOT handler of infra/publish.sh). The worker cannot be Native AOT (README "Deploy").
# The output is the package as it is: the assemblies, host.json, functions.metadata (one entry per
# [Function]), worker.config.json and .azurefunctions/ (the host's side of the extensions).
# Usage: infra/publish-worker.sh OUTPUT_DIR      (used by infra/package.sh and test.sh; ~1.5 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: infra/publish-worker.sh OUTPUT_DIR}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -rf "$out"   # nothing left over from an earlier publish (a stale function.json would stop the host)
dotnet publish ZlmHooks.Functions -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$out" --nologo -clp:NoSummary >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -f "$out"/*.pdb "$out"/*.xml   # symbols and API docs stay out of the package (kept in obj/ for debugging)
for file in host.json functions.metadata worker.config.json ZlmHooks.Functions.dll; do
  [ -f "$out/$file" ] || { cat "$log" >&2; echo "publish-worker: no $file in $out" >&2; exit 1; }
done
echo "publish-worker: $out holds the isolated worker ($(grep -c '"scriptFile"' "$out/functions.metadata") functions, ReadyToRun linux-x64)" >&2
