#!/usr/bin/env bash
# Runs ZlmHooks locally on Azurite.
#   ./run.sh        Azurite + the standalone handler (Release build, the one ./zlm uses; no Azure tools needed)
#   ./run.sh func   Azurite + the isolated worker under the Functions host (`func host start`; needs
#                   Azure Functions Core Tools v4, which this says first when they are missing)
# First run copies local.settings.sample.json to local.settings.json with a fresh random hook key, a
# fresh admin key (the admin API's own credential) and a fresh local signing key (for ./zlm sign).
set -euo pipefail
cd "$(dirname "$0")"
source .ci/azurite.sh
source .ci/steps.sh

mode="${1:-dotnet}"
case "$mode" in
  dotnet|func) ;;
  *) echo "usage: $0 [dotnet|func]" >&2; exit 2 ;;
esac
if [ "$mode" = func ] && ! command -v func >/dev/null; then
  echo "./run.sh func runs the isolated worker under Azure Functions Core Tools v4 (the 'func' command), which is not installed;" >&2
  echo "install it (https://learn.microsoft.com/azure/azure-functions/functions-run-local), or run ./run.sh (the standalone handler: the same hooks, no Azure tools)." >&2
  exit 2
fi

if [ ! -f local.settings.json ]; then
  key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  admin=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  signing=$(head -c 32 /dev/urandom | base64)   # 32 random bytes, base64, as SignedUrls reads it
  sed -e "s|replace-with-a-long-random-key|$key|" \
      -e "s|replace-with-another-long-random-key|$admin|" \
      -e "s|\"ZlmHooks__AccessRules__SigningKeys__default\": \"\"|\"ZlmHooks__AccessRules__SigningKeys__default\": \"$signing\"|" \
      local.settings.sample.json > local.settings.json
  echo "created local.settings.json: hook key $key (ZlmHooks__FunctionKeys), an admin key for /api/* (ZlmHooks__AdminKeys) and a local signing key 'default'" >&2
fi

if [ ! -x node_modules/.bin/azurite ]; then
  step "installing Azurite from package.json (npm ci, about 40 s the first time)" azurite_install
fi
trap azurite_stop EXIT
azurite_start .azurite
export ZLMHOOKS_SETTINGS_FILE="$PWD/local.settings.json"

# Nothing on a hook's path creates a table: `init` creates the tables, the recordings container and
# the event queue (the Bicep does in Azure). It is safe to run every time.
case "$mode" in
  func)
    step "building the standalone handler (for init) and the isolated worker (Release)" \
      dotnet build ZlmHooks.sln -c Release --nologo -v quiet
    ZlmHooks.Handler/bin/Release/net10.0/ZlmHooks.Handler init
    # The worker's build output is a function app (host.json, functions.metadata, worker.config.json):
    # the host runs it as it is, with the same local settings.
    worker=ZlmHooks.Functions/bin/Release/net10.0
    cp local.settings.json "$worker/local.settings.json"
    cd "$worker" && func host start
    ;;
  dotnet)
    step "building the handler (restore and Release build; about 1-2 min the first time, seconds after)" \
      dotnet build ZlmHooks.Handler -c Release --nologo -v quiet
    app=ZlmHooks.Handler/bin/Release/net10.0/ZlmHooks.Handler
    "$app" init
    echo "==> starting the handler (Ctrl+C stops it and Azurite; ./zlm runs the admin commands)" >&2
    echo "    the keys are in local.settings.json: the admin key (the console, /api/*) is ZlmHooks__AdminKeys, the hook key (?code=) ZlmHooks__FunctionKeys" >&2
    "$app" serve
    ;;
esac
