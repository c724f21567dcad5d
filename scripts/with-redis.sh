#!/usr/bin/env bash
# Run a command against a throwaway Redis server: started in a temporary directory, listening on a
# Unix socket only (no TCP port to collide with), nothing saved to disk; export REDIS_URL, run,
# then stop it and clean up. Installs Debian's redis-server with apt-get when it is missing.
set -euo pipefail

if ! command -v redis-server >/dev/null; then
  echo "Installing redis-server (apt-get)..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

dir=$(mktemp -d /tmp/portal-redis.XXXXXX)
socket="$dir/redis.sock"

cleanup() {
  if [ -f "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -e "$socket" ] || break; sleep 0.1; done
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

# volatile-lru: when full, evict page entries (they have a timeout), never the page cache's
# generation token (it has none), as docs/deployment.md advises for production.
redis-server --port 0 --unixsocket "$socket" --unixsocketperm 700 --dir "$dir" \
  --save "" --appendonly no --daemonize yes --pidfile "$dir/redis.pid" \
  --logfile "$dir/redis.log" --maxmemory 256mb --maxmemory-policy volatile-lru

for _ in $(seq 100); do
  [ -S "$socket" ] && redis-cli -s "$socket" ping >/dev/null 2>&1 && break
  sleep 0.1
done
if ! redis-cli -s "$socket" ping >/dev/null 2>&1; then
  echo "Redis did not start:" >&2
  cat "$dir/redis.log" >&2
  exit 1
fi

export REDIS_URL="unix://$socket"
"$@"
