#!/usr/bin/env bash
# Builds the deployment package: the handler published self-contained for linux-x64 (the Flex
# Consumption image does not promise a .NET runtime) and ReadyToRun (pre-compiled: a cold start
# about 20% shorter, docs/benchmarks.md), host.json at the root, one folder per
# function. Usage: infra/package.sh [output.zip]   (default dist/zlmhooks.zip)
# Deploy it:  az functionapp deployment source config-zip -g <rg> -n <app> --src dist/zlmhooks.zip
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist/zlmhooks.zip}"
publish=$(mktemp -d)
trap 'rm -rf "$publish"' EXIT
dotnet publish ZlmHooks.Functions -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o "$publish" --nologo -v quiet >&2
dotnet "$publish/ZlmHooks.Functions.dll" package --publish-dir "$publish" --host-json host.json --output "$out"
