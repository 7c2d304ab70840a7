#!/usr/bin/env bash
# step "what it does (how long)" command...: says what a long step is doing before it starts and how
# long it took after, so no script sits silent for minutes. Output of the command is kept in a log and
# shown only when it fails.
step() {
  local what="$1"; shift
  local log started
  log=$(mktemp)
  started=$(date +%s)
  echo "==> $what ..." >&2
  if "$@" >"$log" 2>&1; then
    echo "    done in $(( $(date +%s) - started )) s" >&2
    rm -f "$log"
  else
    local status=$?
    echo "    failed after $(( $(date +%s) - started )) s; its output:" >&2
    cat "$log" >&2
    rm -f "$log"
    return $status
  fi
}
