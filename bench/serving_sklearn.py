"""The scikit-learn side of bench/serving.sh: prepares the rows both sides train on and trains the peer's models.

    python3 bench/serving_sklearn.py TITANIC.csv OUT_DIR

Writes into OUT_DIR:
  rows.csv       the training rows both sides use: Pclass, Sex (1 male, 0 female), Age (empty when unknown),
                 SibSp, Parch, Fare, Survived; every passenger of the file
  request.json   the one-row request every server is sent: {"records": [{...}]}
  lr.pkl, rf.pkl scikit-learn pipelines (median imputation of Age, then LogisticRegression or
                 RandomForestClassifier with 100 trees), read by bench/serving_app.py
  lr.json        the logistic regression's numbers (feature order, Age median, coefficients, intercept) for the
                 bare Javalin floor, bench/ServingFloor.java
"""
import csv
import json
import pickle
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

FEATURES = ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"]
REQUEST = {"Pclass": 3, "Sex": 1, "Age": 22.0, "SibSp": 1, "Parch": 0, "Fare": 7.25}


def main(titanic, out):
    rows = []
    with open(titanic, newline="") as f:
        for r in csv.DictReader(f):
            rows.append({"Pclass": int(r["Pclass"]), "Sex": 1 if r["Sex"] == "male" else 0,
                         "Age": float(r["Age"]) if r["Age"] else None, "SibSp": int(r["SibSp"]),
                         "Parch": int(r["Parch"]), "Fare": float(r["Fare"]), "Survived": int(r["Survived"])})
    with open(f"{out}/rows.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(FEATURES + ["Survived"])
        for r in rows:
            w.writerow(["" if r[c] is None else r[c] for c in FEATURES + ["Survived"]])
    with open(f"{out}/request.json", "w") as f:
        json.dump({"records": [REQUEST]}, f)

    x = np.array([[np.nan if r[c] is None else float(r[c]) for c in FEATURES] for r in rows])
    y = np.array([str(r["Survived"]) for r in rows])
    lr = Pipeline([("impute", SimpleImputer(strategy="median")),
                   ("model", LogisticRegression(max_iter=5000))]).fit(x, y)
    rf = Pipeline([("impute", SimpleImputer(strategy="median")),
                   ("model", RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=1))]).fit(x, y)
    for name, model in (("lr", lr), ("rf", rf)):
        with open(f"{out}/{name}.pkl", "wb") as f:
            pickle.dump(model, f)
        one = np.array([[REQUEST[c] for c in FEATURES]], dtype=float)
        print(f"sklearn {name}: training accuracy {model.score(x, y):.4f}, request probabilities "
              f"{dict(zip(model.classes_, model.predict_proba(one)[0].round(4)))}")
    m = lr.named_steps["model"]
    with open(f"{out}/lr.json", "w") as f:
        json.dump({"features": FEATURES, "age_median": float(lr.named_steps["impute"].statistics_[2]),
                   "coefficients": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
                   "classes": [str(c) for c in m.classes_]}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
