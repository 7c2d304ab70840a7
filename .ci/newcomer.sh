#!/usr/bin/env bash
# A newcomer's first minutes, as README.md tells them, on a fresh clone: ./run.sh in the background,
# then README's quick-start block run verbatim, each `play` answering what its comment says; then
# the given command (CI: ./test.sh) while the dev app is still up, which proves the tests ignore it.
#   .ci/newcomer.sh [command...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -e local.settings.json ] || [ -e .azurite ]; then
  echo "newcomer: local.settings.json or .azurite/ exists already; this walk-through is for a fresh clone" >&2
  exit 2
fi
log=$(mktemp)
setsid ./run.sh >"$log" 2>&1 &
run=$!
stop() {
  kill -TERM -- "-$run" 2>/dev/null || true
  wait "$run" 2>/dev/null || true
  rm -rf local.settings.json .azurite   # what ./run.sh created: the clone is fresh again
}
trap stop EXIT

echo "newcomer: ./run.sh started; waiting for http://127.0.0.1:7071/ (the first build takes a minute or two)" >&2
for _ in $(seq 1 600); do
  curl -sf http://127.0.0.1:7071/ >/dev/null 2>&1 && break
  if ! kill -0 "$run" 2>/dev/null; then echo "newcomer: ./run.sh exited; its output:" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.5
done
curl -sf http://127.0.0.1:7071/ >/dev/null || { echo "newcomer: the handler did not answer within 5 min; ./run.sh said:" >&2; cat "$log" >&2; exit 1; }

# The block between the quickstart markers, exactly as README.md shows it.
block=$(sed -n '/<!-- quickstart:begin -->/,/<!-- quickstart:end -->/p' README.md | sed '1,2d;$d' | sed '$d')
out=$(bash -euo pipefail -c "$block" 2>&1) || { echo "newcomer: the quick start failed:" >&2; echo "$out" >&2; exit 1; }
codes=$(echo "$out" | grep -o '^{"code":-\?[0-9]*' | sed 's/{"code"://' | tr '\n' ' ')
expected="-1 0 0 -1 0 "
if [ "$codes" != "$expected" ]; then
  echo "newcomer: the quick start's plays answered codes '$codes', README says '$expected'. Its output:" >&2
  echo "$out" >&2
  exit 1
fi
echo "$out" | sed "s/^/  /" >&2
echo "newcomer: README's quick start works verbatim (plays answered $codes)" >&2

# README's console paragraph: the page answers at the URL it gives, and the admin key its sed command
# finds opens the API behind the page (which lists the rule the quick start added).
console_url=$(grep -o 'http://127.0.0.1:7071/console' README.md | head -n 1)
admin_cmd=$(grep -o "sed -n 's/[^']*ZlmHooks__AdminKeys[^']*' local.settings.json" README.md | head -n 1)
admin=$(bash -c "$admin_cmd")
if [ -z "$console_url" ] || [ -z "$admin" ] \
  || ! curl -sf "$console_url" | grep -q '<title>ZlmHooks console</title>' \
  || ! curl -sf -H "Authorization: Bearer $admin" http://127.0.0.1:7071/api/rules | grep -q '"id":"cams"'; then
  echo "newcomer: README's console paragraph does not work: page '$console_url', admin key command '$admin_cmd'" >&2
  exit 1
fi
echo "newcomer: README's console paragraph works (the page at $console_url, the admin key from local.settings.json)" >&2

if [ $# -gt 0 ]; then
  echo "newcomer: now '$*', with the dev app and its Azurite still running" >&2
  "$@"
fi
