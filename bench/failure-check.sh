#!/usr/bin/env bash
# The benchmark's failure check (issue 34): a handler SIGKILLed in the middle of the fuzz phase (smoke
# size) must come out as a failed phase that names the kill and keeps the handler's log, and the run
# must exit non-zero, not die of an unhandled exception. About 30 s after the benchmark is built.
set -uo pipefail
cd "$(dirname "$0")/.."
err=$(mktemp)
out=$(mktemp)
./bench.sh --smoke --fuzz-only --kill-handler-during fuzz >"$out" 2>"$err"
status=$?
fail() { echo "bench failure check: $*" >&2; echo "--- its stdout:" >&2; cat "$out" >&2; echo "--- its stderr:" >&2; cat "$err" >&2; rm -f "$out" "$err"; exit 1; }
[ "$status" -ne 0 ] || fail "the run exited 0 with its handler killed"
grep -q "Unhandled exception" "$err" && fail "the run died of an unhandled exception"
grep -q "^| fuzz | .*ended by signal 9 (SIGKILL" "$out" || fail "the report does not name the kill in a failed fuzz row"
log=$(grep -o "log \`[^\`]*failed-fuzz-handler-[^\`]*\.log\`" "$out" | head -n 1 | tr -d '`' | cut -d' ' -f2)
[ -n "$log" ] && [ -s "$log" ] || fail "the handler's log was not kept (${log:-no path in the report})"
rm -f "$log" "$out" "$err"
echo "bench failure check: a killed handler is a failed phase (exit $status, SIGKILL named, log kept)" >&2
