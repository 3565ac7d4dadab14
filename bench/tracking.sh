#!/usr/bin/env bash
# Tracking throughput and search latency through the MLflow-compatible API, on H2 and on PostgreSQL.
#
#   bench/tracking.sh [RUNS] [CLIENTS] [SECONDS]      (defaults: 100000 20 20)
#
# For each store: a fresh platform, RUNS seeded runs, then CLIENTS concurrent clients sending
# runs/log-batch with 10 metrics for SECONDS seconds (requests/s), then CLIENTS clients sending
# runs/search with a metric filter and a metric order-by (average and p95 latency).
#
# The peer is MLflow's tracking server with PostgreSQL and 20 concurrent clients, from MLflow's
# published figures (it cannot be installed here): LogMetricBatch of 10 metrics ≈ 340 requests/s,
# SearchRuns ≈ 1.0 s average. Ratios are Gyre over MLflow (above 1: Gyre is better).
# GYRE_BENCH_STORES="h2 pg" (default) chooses the stores. A store whose run fails (for example
# searches timing out) is reported as failed and the other still runs.
# PostgreSQL: GYRE_BENCH_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/postgres, user
# postgres); the benchmark works in a database gyre_bench that it drops and creates.
# GYRE_BENCH_SERVER_OPTS adds JVM options to the server (for example a flight recording:
# -XX:StartFlightRecording=filename=/abs/path.jfr,settings=profile); GYRE_BENCH_LOG_DIR, when set,
# keeps each server's log there. Server settings pass through the environment as usual, e.g.
# GYRE_SEARCH_INDEX=false to measure run search in SQL only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-100000}"; clients="${2:-20}"; seconds="${3:-20}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MLFLOW_LOGBATCH_RPS=340
MLFLOW_SEARCH_AVG_MS=1000

"$root/gyre" version >/dev/null 2>&1 || true   # builds the distribution if needed
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

run_on() {   # $1 label, then extra server flags
  local label="$1"; shift
  local home port pid
  home=$(mktemp -d); port=$(free_port)
  GYRE_JAVA_OPTS="-Xmx4g ${GYRE_BENCH_SERVER_OPTS:-}" "$root/gyre" server --home "$home" --port "$port" "$@" >"$home/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$home/server.log" >&2; kill "$pid"; exit 1; }
  echo "== $label" >&2
  "$java" "$root/bench/TrackingLoad.java" "http://127.0.0.1:$port" "$(cat "$home/admin.token")" "$runs" "$clients" "$seconds" \
    2>&1 | tee "$home/figures.txt" | grep -v '^[[:space:]]*at ' >&2 || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if [ -n "${GYRE_BENCH_LOG_DIR:-}" ]; then mkdir -p "$GYRE_BENCH_LOG_DIR" && cp "$home/server.log" "$GYRE_BENCH_LOG_DIR/server-${label%% *}.log"; fi
  grep '^FIGURES' "$home/figures.txt" | sed 's/^FIGURES //' || echo "failed=1"
  rm -rf "$home"
}

value() { local v; v=$(tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"); echo "${v:-n/a}"; }

stores="${GYRE_BENCH_STORES:-h2 pg}"
h2="skipped=1"; pg="skipped=1"
case " $stores " in *" h2 "*) h2=$(run_on "H2 (embedded)") ;; esac

pg_url="${GYRE_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}"
pg_user="${GYRE_BENCH_POSTGRES_USER:-postgres}"
case " $stores " in *" pg "*)
  psql -h 127.0.0.1 -U "$pg_user" -d postgres -qc "DROP DATABASE IF EXISTS gyre_bench" -c "CREATE DATABASE gyre_bench" >/dev/null
  pg=$(run_on "PostgreSQL" --db "${pg_url%/*}/gyre_bench" --db-user "$pg_user")
  psql -h 127.0.0.1 -U "$pg_user" -d postgres -qc "DROP DATABASE IF EXISTS gyre_bench" >/dev/null || true ;;
esac

ratio() { case "$1$2" in *n/a*) echo n/a ;; *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' ;; esac; }
pg_rps=$(value "$pg" logbatch_rps); pg_avg=$(value "$pg" search_avg_ms); pg_p95=$(value "$pg" search_p95_ms)
h2_rps=$(value "$h2" logbatch_rps); h2_avg=$(value "$h2" search_avg_ms); h2_p95=$(value "$h2" search_p95_ms)
echo "PostgreSQL: log-batch(10) ${pg_rps} req/s (MLflow ${MLFLOW_LOGBATCH_RPS}), search avg ${pg_avg} ms p95 ${pg_p95} ms (MLflow avg ${MLFLOW_SEARCH_AVG_MS} ms) over ${runs} runs, ${clients} clients"
echo "H2:         log-batch(10) ${h2_rps} req/s, search avg ${h2_avg} ms p95 ${h2_p95} ms"
echo "RESULT pg_logbatch_rps=${pg_rps} pg_search_avg_ms=${pg_avg} pg_search_p95_ms=${pg_p95} pg_search_failed=$(value "$pg" search_failed) h2_logbatch_rps=${h2_rps} h2_search_avg_ms=${h2_avg} h2_search_p95_ms=${h2_p95} h2_search_failed=$(value "$h2" search_failed) runs=${runs} clients=${clients} logbatch_vs_mlflow_ratio=$(ratio "$pg_rps" "$MLFLOW_LOGBATCH_RPS") search_vs_mlflow_ratio=$(ratio "$MLFLOW_SEARCH_AVG_MS" "$pg_avg")"
