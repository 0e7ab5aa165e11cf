#!/usr/bin/env bash
# Starts or stops a local Redis Cluster (3 masters + 3 replicas) for the Redis store's tests.
#   scripts/redis-cluster.sh start|stop|status
# Ports: KVSYNC_CLUSTER_BASE_PORT (default 7000) to base+5. Data and logs: KVSYNC_CLUSTER_DIR
# (default /tmp/kvsync-redis-cluster). Nothing is persisted: the cluster starts empty every time.
set -euo pipefail

base=${KVSYNC_CLUSTER_BASE_PORT:-7000}
dir=${KVSYNC_CLUSTER_DIR:-/tmp/kvsync-redis-cluster}
ports=$(seq "$base" $((base + 5)))

cluster_ok() {
  redis-cli -h 127.0.0.1 -p "$base" cluster info 2>/dev/null | grep -q '^cluster_state:ok'
}

start() {
  command -v redis-server >/dev/null || { echo "redis-server not found; install Debian's redis-server package" >&2; exit 1; }
  if cluster_ok; then
    echo "redis cluster already up on 127.0.0.1:$base-$((base + 5))"
    return
  fi
  stop >/dev/null 2>&1 || true
  rm -rf "$dir" && mkdir -p "$dir"
  for port in $ports; do
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
      --cluster-enabled yes --cluster-config-file "$dir/nodes-$port.conf" --cluster-node-timeout 5000 \
      --save "" --appendonly no --dir "$dir" --logfile "$dir/redis-$port.log" --pidfile "$dir/redis-$port.pid"
  done
  for port in $ports; do
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  nodes=""
  for port in $ports; do nodes="$nodes 127.0.0.1:$port"; done
  # shellcheck disable=SC2086
  redis-cli --cluster create $nodes --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 \
    || { cat "$dir/create.log" >&2; exit 1; }
  for _ in $(seq 100); do
    if cluster_ok; then
      echo "redis cluster up on 127.0.0.1:$base-$((base + 5))"
      return
    fi
    sleep 0.2
  done
  echo "redis cluster did not reach cluster_state:ok; see $dir" >&2
  exit 1
}

stop() {
  for port in $ports; do
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
  echo "redis cluster stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if cluster_ok; then echo up; else echo down; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
