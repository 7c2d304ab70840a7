#!/usr/bin/env bash
# Builds the deployment package: the handler published Native AOT for linux-x64 (infra/publish.sh:
# one native executable; the Flex Consumption image does not promise a .NET runtime, and the cold
# start is ~55 ms, docs/benchmarks.md), host.json at the root, one folder per function.
# Usage: infra/package.sh [output.zip] [published-dir]   (default dist/zlmhooks.zip; a published-dir
# from infra/publish.sh is packaged as it is instead of publishing again)
# Deploy it:  az functionapp deployment source config-zip -g <rg> -n <app> --src dist/zlmhooks.zip
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist/zlmhooks.zip}"
publish="${2:-}"
if [ -z "$publish" ]; then
  publish=$(mktemp -d)
  trap 'rm -rf "$publish"' EXIT
  infra/publish.sh "$publish"
fi
"$publish/ZlmHooks.Handler" package --publish-dir "$publish" --host-json host.json --output "$out"
