"""The data and the scipy side of bench/drift.sh.

    python3 bench/drift_scipy.py generate DIR [REFERENCE_ROWS] [CURRENT_ROWS]   (defaults: 100000 1000000)
    python3 bench/drift_scipy.py run DIR [REPEATS] [SMALL_ROWS]                  (defaults: 3 10000)

generate writes 20 seeded columns (numpy's default_rng, seed 20261129 and the column's index) to DIR:
manifest.txt (one line per column: name, kind, number of levels, shifted or not, what it is) and per column
ref_<name>.bin and cur_<name>.bin, little-endian float64 values for numeric columns and int16 codes for
categorical ones; code i stands for the label "<name>_<i, three digits>" (bench/DriftBench.java reads the same
files and builds the same labels).

run reads those files (not timed) and computes, column by column, what Evidently's defaults compute for a
reference of more than 1000 rows:
  numeric columns with more than 5 distinct values: scipy.stats.wasserstein_distance(ref, cur) divided by
    max(np.std(ref), 0.001), drifted when >= 0.1;
  the other columns: Evidently's categorical binning (one bin per value seen in either sample, shares of each
    sample's size) and scipy.spatial.distance.jensenshannon, drifted when >= 0.1.
The categorical side gets the integer codes and counts them with np.bincount, which is faster than counting
labels (pandas' value_counts in Evidently): this favours scipy. The choice itself (distinct values over
reference and current together, np.unique of the concatenation) is timed apart and left out of default_s.
Second figure: scipy.stats.ks_2samp(ref, cur) (method auto: asymptotic at these sizes) on every numeric column,
drifted when p <= 0.05. Each is timed REPEATS times after one untimed run, the best time printed.
Per-column latency: the default test on the first SMALL_ROWS rows of reference and current, median of 200
repetitions after 20, per column.

Printed lines: "ROW default <column> <test> <value> <drifted 0|1>", "ROW ks <column> <D> <p> <drifted 0|1>",
"TIME <name> <value>".
"""

import sys
import time

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp, wasserstein_distance

SEED = 20261129


def columns():
    """(name, kind, levels, shifted, description, reference sampler, current sampler) per column."""
    def normal(mu, sigma):
        return lambda r, n: r.normal(mu, sigma, n)

    def lognormal(scale):
        return lambda r, n: scale * r.lognormal(0.0, 0.75, n)

    def uniform(lo, hi):
        return lambda r, n: r.uniform(lo, hi, n)

    def exponential(scale):
        return lambda r, n: r.exponential(scale, n)

    def mixture(w):
        def f(r, n):
            first = r.random(n) < w
            return np.where(first, r.normal(-2.0, 1.0, n), r.normal(3.0, 1.5, n))
        return f

    def rounded(mu):
        return lambda r, n: np.round(r.normal(mu, 10.0, n))

    def gamma(shift):
        return lambda r, n: r.gamma(2.0, 1.0, n) + shift

    def student(scale):
        return lambda r, n: scale * r.standard_t(5, n)

    def categorical(p):
        p = np.asarray(p, dtype=float) / np.sum(p)
        return lambda r, n: r.choice(len(p), size=n, p=p).astype(np.int16)

    zipf50 = 1.0 / np.arange(1, 51)
    uniform200 = np.ones(200)
    moved200 = np.concatenate([np.ones(160), np.zeros(20), 4 * np.ones(20)])
    return [
        ("n00", "numeric", 0, "no", "normal(0, 1)", normal(0, 1), normal(0, 1)),
        ("n01", "numeric", 0, "yes", "normal(0, 1), current mean +0.5", normal(0, 1), normal(0.5, 1)),
        ("n02", "numeric", 0, "no", "log-normal", lognormal(1.0), lognormal(1.0)),
        ("n03", "numeric", 0, "yes", "log-normal, current scaled 1.5", lognormal(1.0), lognormal(1.5)),
        ("n04", "numeric", 0, "no", "uniform(0, 10)", uniform(0, 10), uniform(0, 10)),
        ("n05", "numeric", 0, "yes", "uniform(0, 10), current uniform(2, 12)", uniform(0, 10), uniform(2, 12)),
        ("n06", "numeric", 0, "no", "exponential(2)", exponential(2), exponential(2)),
        ("n07", "numeric", 0, "yes", "exponential(2), current exponential(3)", exponential(2), exponential(3)),
        ("n08", "numeric", 0, "no", "mixture 0.6 normal(-2, 1) + 0.4 normal(3, 1.5)", mixture(0.6), mixture(0.6)),
        ("n09", "numeric", 0, "yes", "same mixture, current weights 0.3/0.7", mixture(0.6), mixture(0.3)),
        ("n10", "numeric", 0, "no", "round(normal(50, 10)) (ties)", rounded(50), rounded(50)),
        ("n11", "numeric", 0, "yes", "round(normal(50, 10)), current mean +3", rounded(50), rounded(53)),
        ("n12", "numeric", 0, "slight", "gamma(2, 1), current +0.07 (Wasserstein 0.05: below 0.1, KS drifts)",
         gamma(0), gamma(0.07)),
        ("n13", "numeric", 0, "yes", "student t(5), current scaled 1.3", student(1.0), student(1.3)),
        ("c0", "categorical", 3, "no", "3 levels 0.5/0.3/0.2", categorical([5, 3, 2]), categorical([5, 3, 2])),
        ("c1", "categorical", 5, "yes", "5 levels, current shares moved", categorical([4, 3, 1, 1, 1]),
         categorical([1, 1, 2, 3, 3])),
        ("c2", "categorical", 2, "no", "binary 0.7/0.3", categorical([7, 3]), categorical([7, 3])),
        ("c3", "categorical", 2, "yes", "binary 0.7/0.3, current 0.4/0.6", categorical([7, 3]), categorical([4, 6])),
        ("c4", "categorical", 50, "no", "50 levels, Zipf shares", categorical(zipf50), categorical(zipf50)),
        ("c5", "categorical", 200, "yes", "200 levels uniform, current: 20 gone, 20 four times as common",
         categorical(uniform200), categorical(moved200)),
    ]


def generate(folder, reference_rows, current_rows):
    with open(f"{folder}/manifest.txt", "w") as manifest:
        for index, (name, kind, levels, shifted, description, ref, cur) in enumerate(columns()):
            rng = np.random.default_rng([SEED, index])
            dtype = "<f8" if kind == "numeric" else "<i2"
            ref(rng, reference_rows).astype(dtype).tofile(f"{folder}/ref_{name}.bin")
            cur(rng, current_rows).astype(dtype).tofile(f"{folder}/cur_{name}.bin")
            manifest.write(f"{name} {kind} {levels} {shifted} {description}\n")


def load(folder):
    out = []
    with open(f"{folder}/manifest.txt") as manifest:
        for line in manifest:
            name, kind, levels = line.split()[:3]
            dtype = "<f8" if kind == "numeric" else "<i2"
            ref = np.fromfile(f"{folder}/ref_{name}.bin", dtype=dtype)
            cur = np.fromfile(f"{folder}/cur_{name}.bin", dtype=dtype)
            out.append((name, kind, int(levels), ref, cur))
    return out


def choose(ref, cur):
    """Evidently's rule for more than 1000 reference rows, from the distinct values of both samples together."""
    distinct = np.unique(np.concatenate([ref, cur])).size
    return "wasserstein_normed" if ref.dtype.kind == "f" and distinct > 5 else "jensenshannon"


def default_test(test, ref, cur):
    if test == "wasserstein_normed":
        return wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
    # Evidently's categorical binning: one bin per value seen in either sample, shares of each sample's size
    size = max(int(ref.max()), int(cur.max())) + 1
    r = np.bincount(ref, minlength=size)
    c = np.bincount(cur, minlength=size)
    seen = (r > 0) | (c > 0)
    return jensenshannon(r[seen] / ref.size, c[seen] / cur.size)


def best_of(repeats, fn):
    fn()
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(folder, repeats, small_rows):
    data = load(folder)

    def select():
        return [choose(ref, cur) for _, _, _, ref, cur in data]

    select_s, tests = best_of(repeats, select)

    def report():
        return [default_test(t, ref, cur) for t, (_, _, _, ref, cur) in zip(tests, data)]

    default_s, values = best_of(repeats, report)
    for t, (name, _, _, _, _), v in zip(tests, data, values):
        print(f"ROW default {name} {t} {v!r} {int(v >= 0.1)}")

    numeric = [(name, ref, cur) for name, kind, _, ref, cur in data if kind == "numeric"]

    def ks():
        return [ks_2samp(ref, cur) for _, ref, cur in numeric]

    ks_s, results = best_of(repeats, ks)
    for (name, _, _), r in zip(numeric, results):
        print(f"ROW ks {name} {r.statistic!r} {r.pvalue!r} {int(r.pvalue <= 0.05)}")

    medians = []
    for t, (_, _, _, ref, cur) in zip(tests, data):
        r, c = ref[:small_rows].copy(), cur[:small_rows].copy()
        times = []
        for i in range(220):
            start = time.perf_counter()
            default_test(t, r, c)
            if i >= 20:
                times.append(time.perf_counter() - start)
        medians.append(1000 * float(np.median(times)))
    print(f"TIME select_s {select_s:.4f}")
    print(f"TIME default_s {default_s:.4f}")
    print(f"TIME ks_s {ks_s:.4f}")
    print(f"TIME col10k_ms {float(np.median(medians)):.4f}")
    print(f"TIME col10k_max_ms {max(medians):.4f}")
    print(f"TIME numpy {np.__version__}")
    print(f"TIME scipy {scipy.__version__}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 100_000,
                 int(sys.argv[4]) if len(sys.argv) > 4 else 1_000_000)
    elif sys.argv[1] == "run":
        run(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3, int(sys.argv[4]) if len(sys.argv) > 4 else 10_000)
    else:
        sys.exit("usage: drift_scipy.py generate DIR [REFERENCE_ROWS] [CURRENT_ROWS] | run DIR [REPEATS] [SMALL_ROWS]")
