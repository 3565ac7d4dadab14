#!/usr/bin/env bash
# The data stage, end to end through `gyre data add`, on a fresh platform (H2, local artifact store).
#
#   bench/data.sh [ROWS]      (default: 1000000)
#
# (a) Ingest: bench/DataGen.java writes a ROWS × 20 CSV (an id, 11 numeric and 8 categorical columns,
#     some values missing); `gyre data add` hashes it, uploads it, and the platform parses and profiles
#     it. Rows/s of the whole command, and the peak RSS (VmHWM) of the platform and of the CLI process.
#     Peer: pandas read_csv + describe(include='all') on the same file (peer=skipped when pandas cannot
#     be imported); ingest_vs_pandas_ratio is Gyre's rows/s over pandas' (above 1: Gyre is faster).
# (b) Hashing a 1 GiB file: Gyre's ContentHasher (SHA-256 and MD5 from one read, bench/DataHash.java,
#     JVM start-up excluded) against sha256sum (SHA-256 only), page cache warm for both;
#     hash_vs_sha256sum_ratio is Gyre's throughput over sha256sum's (goal ≥ 0.8).
# (c) Re-adding that unchanged 1 GiB file with `gyre data add`: seconds for the whole command, JVM
#     start-up included (goal < 1), median of three: the hash cache knows the file, the platform has the
#     blob, nothing is read or uploaded. `gyre whoami` (start-up and one request) is timed alongside as
#     the floor any command pays.
#
# Every file lives in a temporary folder that is removed at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rows="${1:-1000000}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
gyre="$root/gyre"

"$gyre" version >/dev/null 2>&1 || true   # builds the distribution if needed
jar=$(ls "$root"/gyre-cli/target/gyre-cli-*.jar | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1)
classpath="$jar:$root/gyre-cli/target/lib/*"

work=$(mktemp -d "${TMPDIR:-/tmp}/gyre-bench-data.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
hwm_mib() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo n/a; }
# Follows a process's peak RSS until it exits; the last line written is the peak, in MiB.
follow_hwm() {
  local pid="$1" out="$2" value
  while kill -0 "$pid" 2>/dev/null; do
    value=$(hwm_mib "$pid")
    [ "$value" != n/a ] && [ -n "$value" ] && echo "$value" >"$out"
    sleep 0.05
  done
}
ratio() { case "$1$2" in *n/a* | *skipped*) echo n/a ;; *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' ;; esac; }

port=$(free_port)
"$gyre" server --home "$work/home" --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
export GYRE_URL="http://127.0.0.1:$port" GYRE_TOKEN="$(cat "$work/home/admin.token")" GYRE_CONFIG_DIR="$work/config"
export GYRE_PROGRESS=0
"$gyre" project create bench >/dev/null

# ---------------------------------------------------------------- (a) ingest
echo "== (a) gyre data add: $rows rows × 20 columns" >&2
"$java" "$root/bench/DataGen.java" "$work/data.csv" "$rows"
csv_mib=$(awk -v b="$(stat -c %s "$work/data.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
server_before=$(hwm_mib "$server")
started=$(now)
"$gyre" data add "$work/data.csv" --project bench --name big --json >"$work/add.json" &
cli=$!
follow_hwm "$cli" "$work/cli.hwm" &
follower=$!
wait "$cli"
finished=$(now)
wait "$follower" 2>/dev/null || true
ingest_s=$(elapsed "$started" "$finished")
ingest_rps=$(awk -v r="$rows" -v s="$ingest_s" 'BEGIN { printf "%.0f", r / s }')
server_hwm=$(hwm_mib "$server")
cli_hwm=$(tail -n 1 "$work/cli.hwm" 2>/dev/null || echo n/a)
grep -q '"row_count" : '"$rows" "$work/add.json" || { echo "the version does not have $rows rows:" >&2; cat "$work/add.json" >&2; exit 1; }
echo "Gyre:   ${csv_mib} MiB in ${ingest_s} s = ${ingest_rps} rows/s; peak RSS platform ${server_hwm} MiB (${server_before} MiB before), CLI ${cli_hwm} MiB" >&2

peer="skipped"; pandas_rps="skipped"; pandas_s="skipped"; pandas_hwm="skipped"
for python in python3 /usr/bin/python3; do
  if "$python" -c 'import pandas' >/dev/null 2>&1; then
    read -r pandas_s pandas_hwm < <("$python" - "$work/data.csv" <<'PY'
import resource, sys, time
import pandas as pd
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
frame.describe(include="all")
print(f"{time.perf_counter() - started:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
PY
)
    peer="pandas"
    pandas_rps=$(awk -v r="$rows" -v s="$pandas_s" 'BEGIN { printf "%.0f", r / s }')
    echo "pandas: read_csv + describe(include='all') in ${pandas_s} s = ${pandas_rps} rows/s; peak RSS ${pandas_hwm} MiB" >&2
    break
  fi
done
[ "$pandas_rps" = skipped ] && echo "pandas: cannot be imported; peer=skipped" >&2

# ---------------------------------------------------------------- (b) hashing
echo "== (b) hashing 1 GiB" >&2
head -c 1073741824 /dev/urandom >"$work/big.bin"
touch -d '1 minute ago' "$work/big.bin"   # older than the hash cache's racy window
cat "$work/big.bin" >/dev/null            # page cache warm for both
started=$(now)
sha256sum "$work/big.bin" >"$work/sha256sum.txt"
sha_s=$(elapsed "$started" "$(now)")
gyre_hash=$("$java" -cp "$classpath" "$root/bench/DataHash.java" "$work/big.bin")
hash_s=$(tr ' ' '\n' <<<"$gyre_hash" | sed -n 's/^seconds=//p')
[ "$(tr ' ' '\n' <<<"$gyre_hash" | sed -n 's/^sha256=//p')" = "$(cut -d ' ' -f 1 "$work/sha256sum.txt")" ] \
  || { echo "ContentHasher and sha256sum disagree" >&2; exit 1; }
hash_ratio=$(ratio "$sha_s" "$hash_s")
echo "sha256sum ${sha_s} s; ContentHasher (SHA-256 + MD5) ${hash_s} s; throughput ratio ${hash_ratio}" >&2

# ---------------------------------------------------------------- (c) re-adding unchanged data
echo "== (c) re-adding the unchanged 1 GiB file" >&2
started=$(now)
"$gyre" data add "$work/big.bin" --project bench --name blob --format bin --json >"$work/first.json"
first_s=$(elapsed "$started" "$(now)")
# three re-adds and three `gyre whoami` (start-up plus one request: the floor of any command); medians
readds=(); floors=()
for _ in 1 2 3; do
  started=$(now)
  "$gyre" data add "$work/big.bin" --project bench --name blob --format bin --json >"$work/again.json"
  readds+=("$(elapsed "$started" "$(now)")")
  grep -q '"created" : false' "$work/again.json" && grep -q '"uploaded_bytes" : 0' "$work/again.json" \
    && grep -q '"hashed_bytes" : 0' "$work/again.json" \
    || { echo "re-adding read or uploaded something:" >&2; cat "$work/again.json" >&2; exit 1; }
  started=$(now)
  "$gyre" whoami >/dev/null
  floors+=("$(elapsed "$started" "$(now)")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
readd_s=$(median "${readds[@]}")
floor_s=$(median "${floors[@]}")
echo "first add (hash + upload 1 GiB) ${first_s} s; re-add ${readd_s} s (median of ${readds[*]}), nothing hashed or uploaded;" \
  "\`gyre whoami\` ${floor_s} s (median of ${floors[*]}) is the start-up floor of any command" >&2

echo "RESULT peer=${peer} rows=${rows} csv_mib=${csv_mib} ingest_s=${ingest_s} ingest_rows_per_s=${ingest_rps} platform_peak_rss_mib=${server_hwm} cli_peak_rss_mib=${cli_hwm} pandas_s=${pandas_s} pandas_rows_per_s=${pandas_rps} pandas_peak_rss_mib=${pandas_hwm} ingest_vs_pandas_ratio=$(ratio "$ingest_rps" "$pandas_rps") sha256sum_s=${sha_s} hash_s=${hash_s} hash_vs_sha256sum_ratio=${hash_ratio} first_add_1gib_s=${first_s} readd_1gib_s=${readd_s} cli_floor_whoami_s=${floor_s}"
