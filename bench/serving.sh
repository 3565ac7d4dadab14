#!/usr/bin/env bash
# Online serving of one row per request: `gyre serve` against scikit-learn behind FastAPI + uvicorn, and against a
# bare Javalin handler doing the logistic regression's arithmetic (the floor of what a JVM server can do).
#
#   bench/serving.sh [SECONDS] [WARMUP_SECONDS]      (defaults: 10 3)
#
# Data: the Titanic passengers (examples/titanic/titanic.csv), features Pclass, Sex (1 male, 0 female), Age (median
# imputed), SibSp, Parch, Fare, target Survived; bench/serving_sklearn.py prepares the rows and both sides train on
# all of them: a logistic regression and a random forest of 100 trees (scikit-learn's LogisticRegression and
# RandomForestClassifier; Gyre's logistic_regression and random_forest, plus gradient_boosting, i.e. XGBoost with
# 100 rounds, see bench/ServingPackages.java).
#
# Configurations, each started on a free port of 127.0.0.1, answered once (start-up: launch to the first
# successful prediction), warmed up for WARMUP_SECONDS with 2 connections and WARMUP_SECONDS with all, then loaded
# for SECONDS:
#   python_lr_1w, python_lr_2w   FastAPI + uvicorn, 1 and 2 workers, POST /predict (bench/serving_app.py)
#   javalin_lr                   bare Javalin handler, POST /predict (bench/ServingFloor.java)
#   gyre_lr                      gyre serve --package titanic-lr.zip, POST /api/v1/deployments/titanic-lr/predict
#   python_rf_1w, python_rf_2w   as above with the random forest
#   gyre_rf, gyre_xgb            gyre serve with the random forest and the XGBoost package
# Every server gets the same body, {"records": [{"Pclass": 3, "Sex": 1, "Age": 22.0, …}]}, and answers the
# predicted class and the probabilities. The load is wrk with bench/serving.lua: CONNECTIONS connections (64) on
# THREADS threads (2). A run with any non-2xx answer or socket error is reported as failed and not counted.
# RSS is the resident memory (VmRSS, summed over the server's processes, so uvicorn's workers count) after the load.
#
# Ratios (above 1: Gyre is better): lr_vs_python_ratio = gyre_lr req/s / the best python_lr req/s;
# lr_vs_javalin_ratio = gyre_lr / javalin_lr; rf_vs_python_ratio and xgb_vs_python_ratio = gyre_rf and gyre_xgb /
# the best python_rf. Goals: lr_vs_python_ratio >= 8, lr_vs_javalin_ratio >= 0.8 and gyre_lr p99 <= 5 ms, and
# rf_vs_python_ratio and xgb_vs_python_ratio >= 20 (each of the two that was run); goal_met=yes when all hold.
#
# Environment: GYRE_BENCH_CONNECTIONS (64), GYRE_BENCH_THREADS (2), GYRE_BENCH_CONFIGS (a space-separated subset of
# the configurations above), GYRE_BENCH_SERVE_OPTS (extra options for gyre serve), GYRE_MAVEN_OPTS (default -o:
# the launcher builds offline). The machine's load average is printed before and after: other work on the machine
# changes every figure, and wrk shares the cores with the server it loads.
# Needs python3 with scikit-learn, FastAPI and uvicorn (Debian: apt-get install python3-sklearn python3-fastapi
# python3-uvicorn), wrk (apt-get install wrk), curl and a JDK 17.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"; warmup="${2:-3}"
connections="${GYRE_BENCH_CONNECTIONS:-64}"; threads="${GYRE_BENCH_THREADS:-2}"
configs="${GYRE_BENCH_CONFIGS:-python_lr_1w python_lr_2w javalin_lr gyre_lr python_rf_1w python_rf_2w gyre_rf gyre_xgb}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"; javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
export OMP_WAIT_POLICY=PASSIVE
export GYRE_MAVEN_OPTS="${GYRE_MAVEN_OPTS:--o}"

python=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import sklearn, fastapi, uvicorn' >/dev/null 2>&1; then python="$candidate"; break; fi
done
[ -n "$python" ] || { echo "python3 with scikit-learn, FastAPI and uvicorn is missing:" \
  "apt-get install python3-sklearn python3-fastapi python3-uvicorn" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then stop_server; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
descendants() { local child; for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$child"; descendants "$child"; done; }
rss_kb() {   # VmRSS of a process and all its descendants
  local total=0 pid kb
  for pid in "$1" $(descendants "$1"); do
    kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    total=$(( total + ${kb:-0} ))
  done
  echo "$total"
}
stop_server() {
  local pids
  pids="$server_pid $(descendants "$server_pid" | tr '\n' ' ')"
  kill $pids 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 $pids 2>/dev/null || break
    sleep 0.1
  done
  kill -9 $pids 2>/dev/null || true
  server_pid=""
}

echo "== preparing the rows and training scikit-learn $("$python" -c 'import sklearn; print(sklearn.__version__)')" >&2
"$python" "$root/bench/serving_sklearn.py" "$root/examples/titanic/titanic.csv" "$work" >&2

echo "== building Gyre" >&2
"$root/gyre" version >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
jar="$(ls "$root"/gyre-cli/target/gyre-cli-*.jar | grep -v -e '-sources' -e '-tests' -e '-javadoc' | head -n 1)"
cp="$jar:$root/gyre-cli/target/lib/*"
echo "== training Gyre's models" >&2
"$java" -cp "$cp" "$root/bench/ServingPackages.java" "$work/rows.csv" "$work" >&2
# The floor is compiled first, so that its start-up is the server's, not the compiler's.
"$javac" -cp "$cp" -d "$work/floor" "$root/bench/ServingFloor.java"

has_serve=yes
"$root/gyre" serve --help >"$work/serve-help.txt" 2>&1 || true
if ! grep -q -- '--package' "$work/serve-help.txt"; then
  has_serve=no
  echo "== gyre serve does not exist in this build (\`gyre serve --help\` does not describe it): the gyre_*" \
    "configurations are skipped and reported as missing" >&2
fi

# run LABEL PATH COMMAND…: starts the server (the command gets the port as $PORT in its environment), measures it
# and appends "ROW label rps p50_ms p99_ms errors startup_ms rss_mb status" to $work/rows.txt.
run() {
  local label="$1" path="$2"; shift 2
  local port start startup line rps p50 p99 non2xx socket errors rss status=ok
  port="$(free_port)"
  echo "== $label (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  start="$(now_ms)"
  (cd "$work" && PORT="$port" exec "$@") >"$work/$label.log" 2>&1 &
  server_pid=$!
  until curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$work/request.json" \
      "http://127.0.0.1:$port$path"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$label exited before answering; its output:" >&2; tail -n 30 "$work/$label.log" >&2
      server_pid=""; echo "ROW $label - - - - - - failed" >>"$work/rows.txt"; return
    fi
    if [ $(( $(now_ms) - start )) -gt 120000 ]; then
      echo "$label did not answer within 120 s; its output:" >&2; tail -n 30 "$work/$label.log" >&2
      stop_server; echo "ROW $label - - - - - - failed" >>"$work/rows.txt"; return
    fi
    sleep 0.02
  done
  startup=$(( $(now_ms) - start ))
  export SERVING_BODY_FILE="$work/request.json" SERVING_PATH="$path"
  if [ "$warmup" -gt 0 ]; then
    # First with 2 connections, then with all: a JVM's just-in-time compiler gets the CPU to compile the request
    # path before 64 busy request threads compete with it (on a busy machine, starting with 64 connections left a
    # JVM server interpreting for many seconds); the same for every server.
    wrk -t1 -c2 -d"${warmup}s" --timeout 10s -s "$root/bench/serving.lua" "http://127.0.0.1:$port" >/dev/null 2>&1 || true
    wrk -t"$threads" -c"$connections" -d"${warmup}s" --timeout 10s -s "$root/bench/serving.lua" \
      "http://127.0.0.1:$port" >/dev/null 2>&1 || true
  fi
  line="$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$root/bench/serving.lua" \
    "http://127.0.0.1:$port" 2>&1 | tee "$work/$label.wrk" | grep '^WRK ' || true)"
  rss=$(( $(rss_kb "$server_pid") / 1024 ))
  stop_server
  if [ -z "$line" ]; then
    echo "wrk gave no result for $label:" >&2; cat "$work/$label.wrk" >&2
    echo "ROW $label - - - - $startup $rss failed" >>"$work/rows.txt"; return
  fi
  rps="$(sed -n 's/.* rps=\([^ ]*\).*/\1/p' <<<"$line")"
  p50="$(sed -n 's/.* p50_ms=\([^ ]*\).*/\1/p' <<<"$line")"
  p99="$(sed -n 's/.* p99_ms=\([^ ]*\).*/\1/p' <<<"$line")"
  non2xx="$(sed -n 's/.* non2xx=\([^ ]*\).*/\1/p' <<<"$line")"
  socket="$(sed -n 's/.* socket_errors=\([^ ]*\).*/\1/p' <<<"$line")"
  errors=$(( non2xx + socket ))
  if [ "$errors" -gt 0 ]; then
    status=failed
    echo "$label: $non2xx non-2xx answers and $socket socket errors: failed, not counted" >&2
  fi
  echo "$label: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors, start-up $startup ms, RSS $rss MB" >&2
  echo "ROW $label $rps $p50 $p99 $errors $startup $rss $status" >>"$work/rows.txt"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== load average before: $load_before ($(nproc) cores); $seconds s per configuration after $warmup s of" \
  "warm-up, $connections connections, $threads wrk threads" >&2
: >"$work/rows.txt"
for config in $configs; do
  case "$config" in
    python_lr_1w | python_lr_2w | python_rf_1w | python_rf_2w)
      model="${config#python_}"; model="${model%_*}"; workers="${config##*_}"; workers="${workers%w}"
      run "$config" /predict sh -c "GYRE_BENCH_MODEL='$work/$model.pkl' exec '$python' -m uvicorn serving_app:app \
        --app-dir '$root/bench' --host 127.0.0.1 --port \"\$PORT\" --workers $workers --log-level warning \
        --no-access-log" ;;
    javalin_lr)
      run "$config" /predict sh -c "exec '$java' -cp '$work/floor:$cp' ServingFloor '$work/lr.json' \"\$PORT\"" ;;
    gyre_lr | gyre_rf | gyre_xgb)
      model="titanic-${config#gyre_}"
      if [ "$has_serve" = no ]; then echo "ROW $config - - - - - - missing" >>"$work/rows.txt"; continue; fi
      # shellcheck disable=SC2086  # GYRE_BENCH_SERVE_OPTS holds several options on purpose
      run "$config" "/api/v1/deployments/$model/predict" sh -c "exec '$root/gyre' serve --package '$work/$model.zip' \
        --host 127.0.0.1 --port \"\$PORT\" ${GYRE_BENCH_SERVE_OPTS:-}" ;;
    *) echo "unknown configuration '$config'" >&2; exit 1 ;;
  esac
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== load average after: $load_after" >&2

awk -v load_before="$load_before" -v load_after="$load_after" -v seconds="$seconds" -v connections="$connections" \
    -v has_serve="$has_serve" '
  $1 == "ROW" {
    labels[++n] = $2; status[$2] = $9
    rps[$2] = $3; p50[$2] = $4; p99[$2] = $5; errors[$2] = $6; startup[$2] = $7; rss[$2] = $8
  }
  function ok(k) { return (k in status) && status[k] == "ok" }
  function best(a, b) { return ok(a) && (!ok(b) || rps[a] >= rps[b]) ? a : (ok(b) ? b : "") }
  function ratio(g, peer) { return ok(g) && peer != "" ? sprintf("%.2f", rps[g] / rps[peer]) : "na" }
  function val(k, a) { return ok(k) ? a[k] : "na" }
  END {
    printf "%-14s %10s %9s %9s %7s %11s %7s  %s\n", "configuration", "req/s", "p50_ms", "p99_ms", "errors",
      "startup_ms", "rss_mb", "status"
    for (i = 1; i <= n; i++) {
      k = labels[i]
      printf "%-14s %10s %9s %9s %7s %11s %7s  %s\n", k, rps[k], p50[k], p99[k], errors[k], startup[k], rss[k], status[k]
    }
    py_lr = best("python_lr_1w", "python_lr_2w"); py_rf = best("python_rf_1w", "python_rf_2w")
    lr_py = ratio("gyre_lr", py_lr); lr_jv = ratio("gyre_lr", ok("javalin_lr") ? "javalin_lr" : "")
    rf_py = ratio("gyre_rf", py_rf); xgb_py = ratio("gyre_xgb", py_rf)
    # Tree goal: every tree configuration that was run (gyre_rf, gyre_xgb) at 20 times the best Python forest.
    trees_ok = ("gyre_rf" in status || "gyre_xgb" in status)
    if ("gyre_rf" in status && (rf_py == "na" || rf_py + 0 < 20)) trees_ok = 0
    if ("gyre_xgb" in status && (xgb_py == "na" || xgb_py + 0 < 20)) trees_ok = 0
    goal = (lr_py != "na" && lr_py + 0 >= 8 && lr_jv != "na" && lr_jv + 0 >= 0.8 && p99["gyre_lr"] + 0 <= 5 && trees_ok) \
      ? "yes" : "no"
    failed = ""
    for (i = 1; i <= n; i++) if (status[labels[i]] == "failed") failed = failed (failed == "" ? "" : ",") labels[i]
    gsub(" ", ",", load_before); gsub(" ", ",", load_after)
    printf "RESULT lr_rps=%s lr_p50_ms=%s lr_p99_ms=%s lr_vs_python_ratio=%s lr_vs_javalin_ratio=%s", \
      val("gyre_lr", rps), val("gyre_lr", p50), val("gyre_lr", p99), lr_py, lr_jv
    printf " rf_rps=%s rf_p99_ms=%s rf_vs_python_ratio=%s xgb_rps=%s xgb_p99_ms=%s xgb_vs_python_ratio=%s", \
      val("gyre_rf", rps), val("gyre_rf", p99), rf_py, val("gyre_xgb", rps), val("gyre_xgb", p99), xgb_py
    printf " startup_ms=%s rss_mb=%s python_lr_rps=%s python_lr_p99_ms=%s python_rf_rps=%s javalin_lr_rps=%s", \
      val("gyre_lr", startup), val("gyre_lr", rss), py_lr == "" ? "na" : rps[py_lr], \
      py_lr == "" ? "na" : p99[py_lr], py_rf == "" ? "na" : rps[py_rf], val("javalin_lr", rps)
    printf " python_startup_ms=%s python_rss_mb=%s gyre_serve=%s failed=%s goal_met=%s seconds=%s connections=%s", \
      py_lr == "" ? "na" : startup[py_lr], py_lr == "" ? "na" : rss[py_lr], has_serve == "yes" ? "present" : "missing", \
      failed == "" ? "none" : failed, goal, seconds, connections
    printf " load_before=%s load_after=%s\n", load_before, load_after
  }' "$work/rows.txt"
