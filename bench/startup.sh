#!/usr/bin/env bash
# Start-up time of the platform: from running `./gyre server` (the launcher's up-to-date check and
# the JVM start included, the build excluded) to the first 200 of /readyz, on a fresh home each run
# (first start: migrations and admin bootstrap included), over N runs (default 5). Also measures the
# same start without the class-data archive (GYRE_CDS=0) for comparison.
# Prints each run, the medians, and a RESULT line.
#
#   bench/startup.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"

"$root/gyre" version >/dev/null 2>&1 || true   # builds the distribution and its class-data archive if needed

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

measure() {   # $1: label, $2: GYRE_CDS value; prints the median
times=()
for i in $(seq 1 "$runs"); do
  home=$(mktemp -d)
  port=$(free_port)
  start=$(now_ms)
  GYRE_CDS="$2" "$root/gyre" server --home "$home" --port "$port" >"$home/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "server exited; log:" >&2; cat "$home/server.log" >&2; exit 1; fi
    if [ $(( $(now_ms) - start )) -gt 60000 ]; then echo "not ready after 60 s" >&2; kill "$pid"; exit 1; fi
    sleep 0.02
  done
  elapsed=$(( $(now_ms) - start ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
  echo "$1 run $i: ${elapsed} ms" >&2
  times+=("$elapsed")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'
}

median=$(measure "with class-data archive" 1)
plain=$(measure "without class-data archive" 0)
echo "median: ${median} ms with the class-data archive, ${plain} ms without, over ${runs} runs each (./gyre server to /readyz 200, fresh home)"
echo "RESULT startup_median_ms=${median} startup_median_no_cds_ms=${plain} runs=${runs} cds_speedup_ratio=$(awk -v a="$plain" -v b="$median" 'BEGIN{printf "%.2f", a/b}')"
