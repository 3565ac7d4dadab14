"""The peer server of bench/serving.sh: a scikit-learn model behind FastAPI, one POST endpoint for one row.

    GYRE_BENCH_MODEL=lr.pkl python3 -m uvicorn serving_app:app --app-dir bench --host 127.0.0.1 --port 8000 \
        [--workers 2]

POST /predict with {"records": [{"Pclass": 3, "Sex": 1, "Age": 22.0, "SibSp": 1, "Parch": 0, "Fare": 7.25}]}
answers {"predictions": [{"predicted_class": "0", "probabilities": {"0": 0.9, "1": 0.1}}]}, the shape of Gyre's
native predict route. The body is validated by pydantic, as a FastAPI service usually does; the handler is
`async def` so that the row is predicted on the event loop without a hop to the thread pool (the faster choice
for a short CPU-bound call), and the model's own parallelism is off (n_jobs=1), which is fastest for one row.
"""
import os
import pickle
from typing import List, Optional

import numpy as np
from fastapi import FastAPI
from pydantic import BaseModel, conlist

FEATURES = ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"]

with open(os.environ["GYRE_BENCH_MODEL"], "rb") as f:
    model = pickle.load(f)
classes = [str(c) for c in model.classes_]


class Passenger(BaseModel):
    Pclass: int
    Sex: int
    Age: Optional[float] = None
    SibSp: int
    Parch: int
    Fare: float


class PredictRequest(BaseModel):
    records: conlist(Passenger, min_items=1, max_items=1)


app = FastAPI()


@app.post("/predict")
async def predict(body: PredictRequest):
    r = body.records[0]
    x = np.array([[r.Pclass, r.Sex, np.nan if r.Age is None else r.Age, r.SibSp, r.Parch, r.Fare]], dtype=float)
    p = model.predict_proba(x)[0]
    best = int(np.argmax(p))
    return {"predictions": [{"predicted_class": classes[best],
                             "probabilities": {c: float(v) for c, v in zip(classes, p)}}]}


@app.get("/ready")
async def ready():
    return {"ready": True}
