#!/usr/bin/env python3
"""The scikit-learn side of bench/training.sh.

Usage: training_sklearn.py TITANIC.csv SYNTH.csv [REPEATS]

Builds the same features as bench/TrainingBench.java (see training_features below), trains
LogisticRegression, DecisionTreeClassifier, RandomForestClassifier(n_estimators=50, n_jobs=2) and
HistGradientBoostingClassifier on each data set once to warm up and then REPEATS times (default 3) with
random_state 0, 1, …, and prints one line per model family:

    ROW <dataset> <family> <best training seconds> <mean test accuracy> <mean test ROC AUC>
"""
import csv
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.tree import DecisionTreeClassifier


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def titanic(path):
    """Pclass, Sex one-hot (female, male), Age (median of the training rows where missing), SibSp, Parch,
    Fare (likewise), Embarked one-hot (C, Q, S; missing taken as S). Test rows: PassengerId % 5 == 0."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    test = [int(r["PassengerId"]) % 5 == 0 for r in rows]
    age_median = median([float(r["Age"]) for r, t in zip(rows, test) if not t and r["Age"]])
    fare_median = median([float(r["Fare"]) for r, t in zip(rows, test) if not t and r["Fare"]])
    x, y = [], []
    for r in rows:
        embarked = r["Embarked"] or "S"
        x.append([float(r["Pclass"]), r["Sex"] == "female", r["Sex"] == "male",
                  float(r["Age"]) if r["Age"] else age_median, float(r["SibSp"]), float(r["Parch"]),
                  float(r["Fare"]) if r["Fare"] else fare_median,
                  embarked == "C", embarked == "Q", embarked == "S"])
        y.append(int(r["Survived"]))
    return split(np.array(x, dtype=float), np.array(y), np.array(test))


def synthetic(path):
    """x0..x9 as they are, then c0, c1, c2 one-hot with levels in sorted order. Test rows: id % 5 == 0."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    levels = {c: sorted({r[c] for r in rows}) for c in ("c0", "c1", "c2")}
    x, y, test = [], [], []
    for r in rows:
        features = [float(r[f"x{i}"]) for i in range(10)]
        for c, values in levels.items():
            features += [1.0 if r[c] == v else 0.0 for v in values]
        x.append(features)
        y.append(int(r["y"]))
        test.append(int(r["id"]) % 5 == 0)
    return split(np.array(x), np.array(y), np.array(test))


def split(x, y, test):
    return x[~test], y[~test], x[test], y[test]


MODELS = {
    "logistic_regression": lambda seed: LogisticRegression(max_iter=1000),
    "decision_tree": lambda seed: DecisionTreeClassifier(random_state=seed),
    "random_forest": lambda seed: RandomForestClassifier(n_estimators=50, n_jobs=2, random_state=seed),
    "gradient_boosting": lambda seed: HistGradientBoostingClassifier(random_state=seed),
}


def main():
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    for name, data in (("titanic", titanic(sys.argv[1])), ("synthetic", synthetic(sys.argv[2]))):
        x_train, y_train, x_test, y_test = data
        for family, make in MODELS.items():
            make(1000).fit(x_train, y_train)  # warm-up, as on the JVM side
            best, accuracy, auc = float("inf"), 0.0, 0.0
            for seed in range(repeats):
                model = make(seed)
                start = time.perf_counter()
                model.fit(x_train, y_train)
                best = min(best, time.perf_counter() - start)
                p = model.predict_proba(x_test)[:, 1]
                accuracy += accuracy_score(y_test, (p > 0.5).astype(int)) / repeats
                auc += roc_auc_score(y_test, p) / repeats
            print(f"ROW {name} {family} {best:.4f} {accuracy:.4f} {auc:.4f}", flush=True)


if __name__ == "__main__":
    main()
