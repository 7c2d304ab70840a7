#!/usr/bin/env bash
# Builds the deployment zip for either hosting (infra/main.bicep's hosting parameter):
#   isolated (default): the .NET isolated worker published ReadyToRun for linux-x64 (infra/publish-worker.sh),
#     at the zip root: host.json, functions.metadata, worker.config.json, .azurefunctions/, the assemblies;
#     no function.json (the worker declares its functions itself).
#   custom: the Native AOT handler (infra/publish.sh: one native executable, cold start ~55 ms,
#     docs/benchmarks.md) under handler/, host.json with its customHandler section, one folder per
#     function with its function.json (written by `ZlmHooks.Handler package` from the catalog).
# Usage: infra/package.sh [--hosting isolated|custom] [output.zip] [published-dir]
#   (default dist/zlmhooks.zip; a published-dir from infra/publish-worker.sh or infra/publish.sh, of the
#   same hosting, is packaged as it is instead of publishing again)
# Deploy it:  az functionapp deployment source config-zip -g <rg> -n <app> --src dist/zlmhooks.zip
set -euo pipefail
cd "$(dirname "$0")/.."
hosting=isolated
if [ "${1:-}" = "--hosting" ]; then hosting="${2:?--hosting needs isolated or custom}"; shift 2; fi
case "$hosting" in
  isolated|custom) ;;
  *) echo "package: --hosting is isolated or custom, not '$hosting'" >&2; exit 2 ;;
esac
out="${1:-dist/zlmhooks.zip}"
publish="${2:-}"
if [ -z "$publish" ]; then
  publish=$(mktemp -d)
  trap 'rm -rf "$publish"' EXIT
  if [ "$hosting" = custom ]; then infra/publish.sh "$publish"; else infra/publish-worker.sh "$publish"; fi
fi

if [ "$hosting" = custom ]; then
  exec "$publish/ZlmHooks.Handler" package --publish-dir "$publish" --host-json host.json --output "$out"
fi

# isolated: the publish output as it is, at the zip root.
[ -f "$publish/functions.metadata" ] && [ -f "$publish/worker.config.json" ] \
  || { echo "package: $publish is not an isolated-worker publish (infra/publish-worker.sh)" >&2; exit 2; }
if [ -n "$(find "$publish" -name function.json -print -quit)" ]; then
  echo "package: $publish holds a function.json; the isolated worker's host reads functions.metadata only" >&2; exit 2
fi
mkdir -p "$(dirname "$out")"
zip="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$zip"
if command -v zip >/dev/null; then
  (cd "$publish" && zip -q -r -X "$zip" . -x '*.pdb' '*.xml')
else
  (cd "$publish" && python3 -m zipfile -c "$zip" $(ls -A))
fi
echo "package: $out (isolated worker, $(du -h "$zip" | cut -f1))" >&2
