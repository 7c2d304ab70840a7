#!/usr/bin/env bash
# Runs ZlmHooks locally on Azurite.
#   ./run.sh        Azurite + the handler with `dotnet run` (no Azure tools needed)
#   ./run.sh func   Azurite + `func start` (needs Azure Functions Core Tools v4)
# First run copies local.settings.sample.json to local.settings.json with a fresh random key.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/azurite.sh

if [ ! -f local.settings.json ]; then
  key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  sed "s/replace-with-a-long-random-key/$key/" local.settings.sample.json > local.settings.json
  echo "created local.settings.json; hook key: $key (ZlmHooks__FunctionKeys)" >&2
fi

trap azurite_stop EXIT
azurite_start .azurite
export ZLMHOOKS_SETTINGS_FILE="$PWD/local.settings.json"

# Nothing on a hook's path creates a table: `init` creates the tables, the recordings container and
# the event queue (the Bicep does in Azure). It is safe to run every time.
case "${1:-dotnet}" in
  func)
    infra/publish.sh handler   # host.json starts handler/ZlmHooks.Functions, as in Azure
    handler/ZlmHooks.Functions init
    func start
    ;;
  dotnet)
    dotnet build ZlmHooks.Functions -c Release --nologo -v quiet
    dotnet run --no-build --project ZlmHooks.Functions -c Release -- init
    dotnet run --no-build --project ZlmHooks.Functions -c Release
    ;;
  *)
    echo "usage: $0 [dotnet|func]" >&2; exit 2 ;;
esac
