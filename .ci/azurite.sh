#!/usr/bin/env bash
# Installs Azurite from package.json (pinned, via package-lock.json) and starts it in the background.
# Usage: source .ci/azurite.sh; azurite_start <data-dir> [--inMemoryPersistence]; ...; azurite_stop
# Ports are Azurite's defaults (blob 10000, queue 10001, table 10002), as UseDevelopmentStorage=true expects.
# azurite_start_private <log-dir> starts a fresh in-memory Azurite on free ports instead, whatever else
# listens (a developer's ./run.sh Azurite may stay up), and points AZURITE_CONNECTION_STRING at it.

AZURITE_PID=""

azurite_install() {
  if [ ! -x node_modules/.bin/azurite ]; then
    echo "installing Azurite from package.json ..." >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}

azurite_listening() {
  (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null
}

azurite_start() {
  local location="$1"; shift
  azurite_install
  if azurite_listening; then
    echo "Azurite (or something) already listens on 127.0.0.1:10002; using it" >&2
    return 0
  fi
  mkdir -p "$location"
  local where=(--location "$location")
  # Azurite refuses --location together with --inMemoryPersistence; the folder then only holds the log.
  case " $* " in *" --inMemoryPersistence "*) where=() ;; esac
  node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --loose \
    "${where[@]}" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 "$@" \
    >"$location/azurite.log" 2>&1 &
  AZURITE_PID=$!
  azurite_wait "$location" 10000 10002 || return 1
  echo "Azurite started (pid $AZURITE_PID)" >&2
}

# Waits until the Azurite just started (AZURITE_PID) accepts on its blob and table ports.
azurite_wait() {
  local location="$1" blob="$2" table="$3"
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "Azurite exited; its log:" >&2; cat "$location/azurite.log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "Azurite did not start listening within 60 s" >&2
  return 1
}

# The connection string of an Azurite on these ports. Its account is public and well known; it is not a secret.
azurite_connection() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$2/devstoreaccount1;TableEndpoint=http://127.0.0.1:$3/devstoreaccount1;"
}

# Free loopback ports, from the OS (node is there: Azurite needs it).
free_ports() {
  node -e '
    const net = require("net"); const n = +process.argv[1]; const servers = []; const ports = [];
    const next = () => { if (ports.length === n) { servers.forEach(s => s.close()); console.log(ports.join(" ")); return; }
      const s = net.createServer(); servers.push(s); s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); next(); }); };
    next();' "$1"
}

azurite_start_private() {
  local location="$1"; shift
  azurite_install
  mkdir -p "$location"
  local blob queue table
  read -r blob queue table < <(free_ports 3)
  node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --loose --inMemoryPersistence \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob" --queuePort "$queue" --tablePort "$table" "$@" >"$location/azurite.log" 2>&1 &
  AZURITE_PID=$!
  azurite_wait "$location" "$blob" "$table" || return 1
  echo "Azurite started for this run on ports $blob/$queue/$table (pid $AZURITE_PID)" >&2
  AZURITE_CONNECTION_STRING=$(azurite_connection "$blob" "$queue" "$table")
  export AZURITE_CONNECTION_STRING
}

azurite_stop() {
  if [ -n "$AZURITE_PID" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=""
}

AZURITE_CONNECTION_STRING=$(azurite_connection 10000 10001 10002)
export AZURITE_CONNECTION_STRING
