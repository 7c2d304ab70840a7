#!/usr/bin/env bash
# The fuzz suite on its own, larger than CI's 10,000 cases: seeded mutations of every capture against
# the real app and Azurite (ZlmHooks.Tests/FuzzTests.cs). The same seed gives the same requests.
#   ./fuzz.sh --iterations 100000 [--seed 14]
set -euo pipefail
cd "$(dirname "$0")"
source .ci/azurite.sh
iterations=10000 seed=14
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) shift; iterations="$1" ;;
    --seed) shift; seed="$1" ;;
    *) echo "usage: ./fuzz.sh [--iterations N] [--seed S]" >&2; exit 2 ;;
  esac
  shift
done
trap azurite_stop EXIT
azurite_start_private .azurite-test
export ZLMHOOKS_TEST_STORAGE="$AZURITE_CONNECTION_STRING" ZLMHOOKS_FUZZ_ITERATIONS="$iterations" ZLMHOOKS_FUZZ_SEED="$seed"
dotnet test ZlmHooks.Tests -c Release --filter "FullyQualifiedName~FuzzTests" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "^ (fuzz:|#|log:)|Passed!|Failed!|error"
