#!/usr/bin/env python3
"""Writes the synthetic benchmark set for bench/training.sh: 50 000 rows (by default), 10 numeric columns
x0..x9, 3 categorical columns c0..c2 and a binary target y drawn from a known rule plus noise:

    logit = 1.2 x0 - 0.8 x1 + 0.6 x2 x3 + 1.0 [x4 > 0.5] - 0.9 [x5 < -0.3 and x6 > 0] + 0.4 sin(2 x7)
            + effect(c0) + effect(c1) + effect(c2)
    y ~ Bernoulli(sigmoid(logit))

x8 and x9 are pure noise. Columns x0..x9 have different scales (x9 is in the thousands).
Usage: training_data.py OUT.csv [ROWS] [SEED]"""
import csv
import math
import random
import sys

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20240601)
levels = {"c0": ["a", "b", "c", "d"], "c1": ["red", "green", "blue"], "c2": ["p", "q", "r", "s", "t"]}
effect = {"c0": [0.0, 0.5, -0.5, 1.0], "c1": [0.0, -0.8, 0.4], "c2": [0.0, 0.3, -0.3, 0.6, -0.6]}
scale = [1, 1, 1, 1, 1, 1, 1, 1, 10, 1000]

with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id"] + [f"x{i}" for i in range(10)] + list(levels) + ["y"])
    for r in range(rows):
        x = [rng.gauss(0, 1) for _ in range(10)]
        cats = {c: rng.randrange(len(v)) for c, v in levels.items()}
        logit = (1.2 * x[0] - 0.8 * x[1] + 0.6 * x[2] * x[3] + (1.0 if x[4] > 0.5 else 0.0)
                 - (0.9 if x[5] < -0.3 and x[6] > 0 else 0.0) + 0.4 * math.sin(2 * x[7])
                 + sum(effect[c][i] for c, i in cats.items()))
        y = 1 if rng.random() < 1 / (1 + math.exp(-logit)) else 0
        w.writerow([r] + [f"{v * s:.6g}" for v, s in zip(x, scale)] + [levels[c][i] for c, i in cats.items()] + [y])
