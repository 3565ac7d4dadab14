#!/usr/bin/env bash
# Training speed and accuracy of Gyre's trainers against scikit-learn, side by side.
#
#   bench/training.sh [REPEATS] [ROWS]      (defaults: 3 50000)
#
# Data: the Titanic passengers (examples/titanic/titanic.csv) and a generated set of ROWS rows with 10
# numeric and 3 categorical columns and a binary target from a known rule plus noise (bench/training_data.py).
# Both sides build the same features (see bench/TrainingBench.java and bench/training_sklearn.py) and split
# the same way (id % 5 == 0 is test). For each family — logistic regression, decision tree, random forest of
# 50 trees on 2 threads, gradient boosting — each side warms up, trains REPEATS times with seeds 0, 1, …, and
# reports the best training time and the mean test accuracy and ROC AUC over those models.
# Ratios: <dataset>_<family>_time_ratio = scikit-learn time / Gyre time (above 1: Gyre is faster);
# <dataset>_<family>_acc_delta = Gyre accuracy - scikit-learn accuracy, in points. The goal is every ratio
# >= 1 and every delta >= -0.5. random_forest_xgb (XGBoost's random-forest mode) is shown for comparison
# only; GYRE_BENCH_XGB_FOREST=0 skips it.
#
# Both sides run with OMP_WAIT_POLICY=PASSIVE: XGBoost's and scikit-learn's OpenMP threads otherwise spin
# while waiting, which on a shared machine slows them many times. The machine's load is printed before and
# after, since other work on it changes every timing.
# Needs python3 with scikit-learn (Debian: apt-get install python3-sklearn) and a JDK 17.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats="${1:-3}"; rows="${2:-50000}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export OMP_WAIT_POLICY=PASSIVE

python=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import sklearn' >/dev/null 2>&1; then python="$candidate"; break; fi
done
[ -n "$python" ] || { echo "scikit-learn is missing: apt-get install python3-sklearn" >&2; exit 1; }

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$python" "$root/bench/training_data.py" "$work/synthetic.csv" "$rows"
(cd "$root" && ./mvnw -B -q -o -pl gyre-training -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime >"$work/build.log" 2>&1) \
  || { cat "$work/build.log" >&2; exit 1; }
cp="$root/gyre-training/target/classes:$(cat "$work/cp.txt")"
titanic="$root/examples/titanic/titanic.csv"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== Gyre (load average $load_before, $(nproc) cores)" >&2
"$java" -cp "$cp" "$root/bench/TrainingBench.java" "$titanic" "$work/synthetic.csv" "$repeats" 2>"$work/gyre.err" \
  | tee "$work/gyre.txt" >&2 || { cat "$work/gyre.err" >&2; exit 1; }
echo "== scikit-learn $("$python" -c 'import sklearn; print(sklearn.__version__)') (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$python" "$root/bench/training_sklearn.py" "$titanic" "$work/synthetic.csv" "$repeats" | tee "$work/sklearn.txt" >&2
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

awk -v load_before="$load_before" -v load_after="$load_after" -v repeats="$repeats" -v rows="$rows" '
  FNR == NR { if ($1 == "ROW") { gyre_t[$2" "$3] = $4; gyre_a[$2" "$3] = $5; gyre_u[$2" "$3] = $6 } next }
  $1 == "ROW" { key = $2" "$3; keys[++n] = key; sk_t[key] = $4; sk_a[key] = $5; sk_u[key] = $6 }
  END {
    printf "%-10s %-20s %9s %9s %7s %8s %8s %7s %7s %7s\n", "dataset", "family", "gyre_s", "sklearn_s", "ratio",
      "gyre_acc", "sk_acc", "delta", "g_auc", "sk_auc"
    result = ""; min_ratio = 1e9; min_delta = 1e9
    for (i = 1; i <= n; i++) {
      key = keys[i]; split(key, parts, " ")
      if (!(key in gyre_t) || gyre_t[key] !~ /^[0-9.]+$/) { printf "%-10s %-20s failed\n", parts[1], parts[2]; result = result " " parts[1] "_" parts[2] "_failed=1"; min_ratio = 0; min_delta = -100; continue }
      ratio = sk_t[key] / gyre_t[key]; delta = 100 * (gyre_a[key] - sk_a[key])
      printf "%-10s %-20s %9.4f %9.4f %7.2f %8.4f %8.4f %+7.2f %7.4f %7.4f\n", parts[1], parts[2], gyre_t[key],
        sk_t[key], ratio, gyre_a[key], sk_a[key], delta, gyre_u[key], sk_u[key]
      result = result sprintf(" %s_%s_time_ratio=%.2f %s_%s_acc_delta=%+.2f", parts[1], parts[2], ratio, parts[1], parts[2], delta)
      if (ratio < min_ratio) min_ratio = ratio
      if (delta < min_delta) min_delta = delta
    }
    for (key in gyre_t) if (key ~ / random_forest_xgb$/) {
      split(key, parts, " ")
      printf "%-10s %-20s %9.4f %9s %7s %8.4f %8s %7s %7.4f   (XGBoost random-forest mode, for the forest decision)\n",
        parts[1], parts[2], gyre_t[key], "-", "-", gyre_a[key], "-", "-", gyre_u[key]
      result = result sprintf(" %s_xgb_forest_s=%.4f", parts[1], gyre_t[key])
    }
    goal = (min_ratio >= 1 && min_delta >= -0.5) ? "yes" : "no"
    gsub(" ", ",", load_before); gsub(" ", ",", load_after)
    printf "RESULT%s min_time_ratio=%.2f min_acc_delta=%+.2f goal_met=%s repeats=%s synthetic_rows=%s load_before=%s load_after=%s\n",
      result, min_ratio, min_delta, goal, repeats, rows, load_before, load_after
  }' "$work/gyre.txt" "$work/sklearn.txt"
