#!/usr/bin/env bash
# Deploys ZlmHooks to Azure with the az CLI, in one command:
#   infra/deploy.sh <resource-group> [--hosting isolated|custom] [--location <region>] [--admin-principal <object-id> [--admin-principal-type User|Group|ServicePrincipal]]
#                   [--package <zip>] [--what-if]
# --hosting: isolated (default), the .NET isolated worker (ReadyToRun; the platform pre-starts it), or
#    custom, the Native AOT handler as a custom handler (README "Deploy": which to choose).
# 1. the resource group, created in --location when it does not exist (an existing group keeps its own);
# 2. the keys: the function key (MediaServer's ?code=), the admin key (/api/*) and the signed-URL key,
#    from ZLMHOOKS_FUNCTION_KEY / ZLMHOOKS_ADMIN_KEY / ZLMHOOKS_SIGNING_KEY, else from this group's
#    .zlmhooks/<group>.env (kept from the last run, mode 600, never committed), else made now. They reach
#    az through the environment (main.bicepparam reads them), never through its command line;
# 3. a Key Vault of this group that was deleted (soft delete keeps its name 7 days) is recovered;
# 4. infra/main.bicep, with the signed-in user (or --admin-principal) given the storage data roles the
#    admin commands need;
# 5. the package of that hosting (infra/package.sh --hosting: the worker ReadyToRun, or the handler Native
#    AOT linked for glibc 2.28), uploaded to the app; a --package must be of the same hosting;
# 6. the function key, set as a host key now that the code is there (a Flex app refuses host keys
#    before any code is deployed, Azure/azure-functions-host#11379);
# 7. MediaServer's [hook] section, ready to paste into config.ini.
# --what-if: steps 1 and 4 as az's what-if only; nothing is created, uploaded or set.
# isolated needs the .NET 10 SDK on any OS (ReadyToRun cross-compiles for linux-x64); custom needs Linux x64
# (or WSL): Native AOT does not cross-compile between operating systems.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '3,6p' "$0" | sed 's/^# //' >&2; exit 2; }
group="" location="" principal="" principal_type=User package="" what_if=0 hosting=isolated
while [ $# -gt 0 ]; do
  case "$1" in
    --hosting) hosting="${2:?--hosting needs isolated or custom}"; shift ;;
    --location) location="${2:?--location needs a region}"; shift ;;
    --admin-principal) principal="${2:?--admin-principal needs an object id}"; shift ;;
    --admin-principal-type) principal_type="${2:?}"; shift ;;
    --package) package="${2:?--package needs a zip}"; shift ;;
    --what-if) what_if=1 ;;
    -h|--help) usage ;;
    -*) echo "deploy: unknown option $1" >&2; usage ;;
    *) [ -z "$group" ] || usage; group="$1" ;;
  esac
  shift
done
[ -n "$group" ] || usage
case "$hosting" in
  isolated|custom) ;;
  *) echo "deploy: --hosting is isolated or custom, not '$hosting'" >&2; exit 2 ;;
esac
command -v az >/dev/null || { echo "deploy: the az CLI is not installed (https://aka.ms/azcli)" >&2; exit 2; }
say() { echo "deploy: $*" >&2; }
# What building the package needs, said before anything is created, not after. custom: Native AOT
# compiles for the machine it runs on, and the Functions host runs linux-x64. isolated: the .NET SDK
# (ReadyToRun cross-compiles for linux-x64 from any OS).
if [ -z "$package" ] && [ "$what_if" = 0 ]; then
  if [ "$hosting" = custom ] && [ "$(uname -sm)" != "Linux x86_64" ]; then
    say "building the custom-handler package needs Linux x64 (here: $(uname -sm)); run this in WSL or a Linux VM, pass --package <zip> built there, or deploy --hosting isolated"
    exit 2
  fi
  if [ "$hosting" = isolated ] && ! command -v dotnet >/dev/null; then
    say "building the isolated-worker package needs the .NET 10 SDK (https://dot.net), or pass --package <zip>"
    exit 2
  fi
fi

subscription=$(az account show --query id -o tsv) || { say "not signed in: run 'az login' first"; exit 2; }
say "subscription $subscription, resource group $group, hosting $hosting"

# 1. The group.
if az group show --name "$group" --output none 2>/dev/null; then
  [ -z "$location" ] || say "group $group exists; its own location is used (--location $location ignored)"
elif [ "$what_if" = 1 ]; then
  say "group $group does not exist; it would be created in ${location:-<--location needed>}"
  exit 0
else
  [ -n "$location" ] || { say "group $group does not exist: give --location <region> to create it"; exit 2; }
  az group create --name "$group" --location "$location" --output none
  say "created group $group in $location"
fi

# 2. The keys: the environment, else the last run's, else new ones.
state_dir="${ZLMHOOKS_DEPLOY_STATE:-.zlmhooks}"
state="$state_dir/$group.env"
if [ -f "$state" ]; then
  # shellcheck disable=SC1090
  saved() { (set +u; source "$state"; eval "printf %s \"\${$1:-}\""); }
else
  saved() { :; }
fi
random_key() { head -c 36 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
ZLMHOOKS_FUNCTION_KEY="${ZLMHOOKS_FUNCTION_KEY:-$(saved ZLMHOOKS_FUNCTION_KEY)}"
ZLMHOOKS_ADMIN_KEY="${ZLMHOOKS_ADMIN_KEY:-$(saved ZLMHOOKS_ADMIN_KEY)}"
ZLMHOOKS_SIGNING_KEY="${ZLMHOOKS_SIGNING_KEY:-$(saved ZLMHOOKS_SIGNING_KEY)}"
: "${ZLMHOOKS_FUNCTION_KEY:=$(random_key)}"
: "${ZLMHOOKS_ADMIN_KEY:=$(random_key)}"
: "${ZLMHOOKS_SIGNING_KEY:=$(head -c 32 /dev/urandom | base64)}"
if [ "$ZLMHOOKS_ADMIN_KEY" = "$ZLMHOOKS_FUNCTION_KEY" ]; then
  say "the admin key must differ from the function key (MediaServer logs the function key)"; exit 2
fi
export ZLMHOOKS_FUNCTION_KEY ZLMHOOKS_ADMIN_KEY ZLMHOOKS_SIGNING_KEY

# The operator who runs the admin commands.
if [ -z "$principal" ]; then
  principal=$(az ad signed-in-user show --query id -o tsv 2>/dev/null || true)
  [ -n "$principal" ] || say "no signed-in user (a service principal?): pass --admin-principal <object-id> to grant the admin commands' data roles"
fi
export ZLMHOOKS_OPERATOR_PRINCIPAL_ID="$principal" ZLMHOOKS_OPERATOR_PRINCIPAL_TYPE="$principal_type"
# The template's hosting parameter (main.bicepparam reads it): the runtime must match the package.
export ZLMHOOKS_HOSTING="$hosting"

if [ "$what_if" = 1 ]; then
  az deployment group what-if --resource-group "$group" --name zlmhooks \
    --template-file infra/main.bicep --parameters infra/main.bicepparam
  exit 0
fi

mkdir -p "$state_dir"
chmod 700 "$state_dir"
( umask 077
  printf 'ZLMHOOKS_FUNCTION_KEY=%q\nZLMHOOKS_ADMIN_KEY=%q\nZLMHOOKS_SIGNING_KEY=%q\n' \
    "$ZLMHOOKS_FUNCTION_KEY" "$ZLMHOOKS_ADMIN_KEY" "$ZLMHOOKS_SIGNING_KEY" > "$state" )

# 3. A deleted vault of this group still holds its name: recover it, or the template cannot create it.
for vault in $(az keyvault list-deleted --resource-type vault \
    --query "[?contains(properties.vaultId, '/resourceGroups/$group/')].name" -o tsv 2>/dev/null || true); do
  say "recovering the deleted Key Vault $vault (soft delete keeps its name for 7 days)"
  az keyvault recover --name "$vault" --output none
done

# 4. The template.
say "deploying infra/main.bicep (a few minutes)"
az deployment group create --resource-group "$group" --name zlmhooks \
  --template-file infra/main.bicep --parameters infra/main.bicepparam --output none
output() { az deployment group show --resource-group "$group" --name zlmhooks --query "properties.outputs.$1.value" -o tsv; }
app=$(output appName)
base=$(output baseUrl)
account=$(output storageAccount)

# 5. The code.
if [ -z "$package" ]; then
  package=dist/zlmhooks.zip
  if [ "$hosting" = custom ]; then say "building the package (Native AOT; 2-6 min)"; else say "building the package (ReadyToRun; 1-2 min)"; fi
  infra/package.sh --hosting "$hosting" "$package"
fi
say "uploading $package to $app"
az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$package" --output none

# 6. The function key, now that the host has code to start. It may take a moment to come up.
for attempt in 1 2 3 4 5 6; do
  if az functionapp keys set --resource-group "$group" --name "$app" --key-type functionKeys \
       --key-name zlmhooks --key-value "$ZLMHOOKS_FUNCTION_KEY" --output none 2>/dev/null; then
    break
  fi
  [ "$attempt" = 6 ] && { say "could not set the function key on $app; run this script again"; exit 1; }
  say "the app's host is not ready for keys yet; trying again in 10 s"
  sleep "${ZLMHOOKS_DEPLOY_RETRY_SECONDS:-10}"
done

# 7. What the operator pastes, and how to reach the admin commands.
say "done. Paste this into each MediaServer's config.ini (and set [general] mediaServerId):"
ZlmHooks__FunctionKeys="$ZLMHOOKS_FUNCTION_KEY" ./zlm hook-config --base-url "$base"
say "admin commands:  export ZlmHooks__Storage__Account=$account ZlmHooks__Storage__Connection=  then ./zlm rules list"
say "admin API:       curl -H \"Authorization: Bearer \$ZLMHOOKS_ADMIN_KEY\" $base/api/servers  (the keys are in $state)"
