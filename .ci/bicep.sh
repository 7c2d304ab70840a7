#!/usr/bin/env bash
# Restores the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64, pinned) and checks infra/:
# bicep build and bicep lint of main.bicep and main.bicepparam, any warning failing the check.
set -euo pipefail
cd "$(dirname "$0")/.."

BICEP_VERSION=0.49.2
cache="${BICEP_CACHE:-$HOME/.cache/zlmhooks-bicep}"
bicep="$cache/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"
if [ ! -x "$bicep" ]; then
  work=$(mktemp -d)
  cat > "$work/restore.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" /></ItemGroup>
</Project>
PROJ
  dotnet restore "$work/restore.csproj" --packages "$cache" --verbosity quiet >&2
  rm -rf "$work"
  chmod +x "$bicep"
fi
echo "$("$bicep" --version)" >&2

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Placeholder secrets of the right shape, only so the parameters file can be built.
export ZLMHOOKS_ADMIN_KEY=ci-placeholder-admin-key-0123456789abcdef
export ZLMHOOKS_SIGNING_KEY=Y2ktcGxhY2Vob2xkZXItc2lnbmluZy1rZXktMDEyMzQ1Njc4OQ==
log="$out/bicep.log"
status=0
"$bicep" build infra/main.bicep --outdir "$out" >"$log" 2>&1 || status=1
"$bicep" lint infra/main.bicep >>"$log" 2>&1 || status=1
"$bicep" build-params infra/main.bicepparam --outfile "$out/main.parameters.json" >>"$log" 2>&1 || status=1
"$bicep" lint infra/main.bicepparam >>"$log" 2>&1 || status=1
cat "$log" >&2
if [ $status -ne 0 ] || grep -qiE "warning|error" "$log"; then
  echo "bicep: infra/ has errors or warnings (treated as errors)" >&2
  exit 1
fi
echo "bicep: infra/main.bicep and main.bicepparam build and lint clean" >&2
