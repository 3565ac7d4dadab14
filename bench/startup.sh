#!/usr/bin/env bash
# Start-up time of the platform: from JVM start to the first 200 of /readyz, on a fresh home each
# run (first start: migrations and admin bootstrap included), over N runs (default 5).
# Prints each run, the median, and a RESULT line.
#
#   bench/startup.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

"$root/gyre" version >/dev/null 2>&1 || true   # builds the distribution if needed
lib="$root/gyre-cli/target/lib"
jar=$(ls "$root"/gyre-cli/target/gyre-cli-*.jar | head -n 1)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

times=()
for i in $(seq 1 "$runs"); do
  home=$(mktemp -d)
  port=$(free_port)
  start=$(now_ms)
  "$java" -cp "$jar:$lib/*" dev.gyre.cli.Main server --home "$home" --port "$port" >"$home/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "server exited; log:" >&2; cat "$home/server.log" >&2; exit 1; fi
    if [ $(( $(now_ms) - start )) -gt 60000 ]; then echo "not ready after 60 s" >&2; kill "$pid"; exit 1; fi
    sleep 0.02
  done
  elapsed=$(( $(now_ms) - start ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
  echo "run $i: ${elapsed} ms"
  times+=("$elapsed")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}')
echo "median: ${median} ms over ${runs} runs (JVM start to /readyz 200, fresh home)"
echo "RESULT startup_median_ms=${median} runs=${runs}"
