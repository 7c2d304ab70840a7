#!/usr/bin/env bash
# Starts the published handler on Debian 11 (bullseye, glibc 2.31), the oldest image the Functions
# host runs on: a minimal bullseye from debootstrap (cached), the binary copied in, started in a
# chroot, then GET / and one hook over loopback. Exit 0: it answered; 1: it did not start or answer;
# 3: this machine cannot build the chroot (no debootstrap, no mirror, not root), so nothing was proved.
# Usage: .ci/glibc-floor.sh PUBLISHED_DIR
set -uo pipefail
published="${1:?usage: .ci/glibc-floor.sh PUBLISHED_DIR}"
root="${GLIBC_FLOOR_ROOT:-$HOME/.cache/zlmhooks-bullseye}"

[ "$(id -u)" = 0 ] || { echo "glibc floor: not root, cannot chroot" >&2; exit 3; }
if [ ! -x "$root/bin/bash" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -q debootstrap >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q debootstrap >&2; } \
    || { echo "glibc floor: debootstrap cannot be installed" >&2; exit 3; }
  rm -rf "$root.partial"
  debootstrap --variant=minbase bullseye "$root.partial" http://deb.debian.org/debian >&2 \
    || { echo "glibc floor: debootstrap of bullseye failed" >&2; exit 3; }
  mv "$root.partial" "$root"
fi
libc=$(ls "$root"/lib/x86_64-linux-gnu/libc-*.so 2>/dev/null | head -n 1)
echo "glibc floor: chroot with $(basename "$libc")" >&2

cp "$published/ZlmHooks.Handler" "$root/root/ZlmHooks.Handler"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin ZLMHOOKS_SETTINGS_FILE=none ZlmHooks__DevelopmentMode=true \
  ZlmHooks__Urls="http://127.0.0.1:$port" /root/ZlmHooks.Handler >"$root/root/handler.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/" >/dev/null && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.2
done
home=$(curl -sf "http://127.0.0.1:$port/")
play=$(curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$port/index/hook/on_play" \
  -d '{"mediaServerId":"floor","app":"live","stream":"cam1","schema":"rtmp","vhost":"__defaultVhost__","ip":"127.0.0.1","params":"","id":"1","port":1}')
if [ "$home" = "ZlmHooks" ] && [[ "$play" == *'"code":'* ]]; then
  echo "glibc floor: the handler started on $(basename "$libc") and answered on_play: $play" >&2
  exit 0
fi
echo "glibc floor: the handler did not start or answer on bullseye; its output:" >&2
cat "$root/root/handler.log" >&2
exit 1
