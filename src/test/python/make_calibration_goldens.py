#!/usr/bin/env python3
"""Writes the golden cases of BrierScoreEvaluator and DiceLossEvaluator (golden/brier.json, dice.json).

References:
- Brier, binary: scikit-learn's brier_score_loss itself (Debian's 1.2 has the binary form), checked
  against the value its documentation quotes (y = [0, 1, 1, 0], p = [.1, .9, .8, .3] -> 0.0375);
- Brier, multiclass: scikit-learn >= 1.7's documented formula written out in numpy,
  mean over rows of sum_c (y_c - p_c)^2 (scale_by_half="auto" halves only the binary form);
- Dice: MONAI DiceLoss's documented formula with one channel written out in numpy,
  1 - (2*sum(p*t) + smooth_nr) / (sum(p) + sum(t) + smooth_dr) per sample (squared_pred: sum(p^2) +
  sum(t^2)), sigmoid first for logits, mean over samples.
Sample weights combine the per-row values as sum(s*l)/sum(s), as make_goldens.py does.

    /usr/bin/python3 src/test/python/make_calibration_goldens.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import brier_score_loss

import make_goldens as g

rng = np.random.default_rng(20261126)


def reduce(per_row, sw, red):
    if red == "sum":
        return float(per_row.sum()) if sw is None else float((sw * per_row).sum())
    return g.weighted(per_row, np.ones(len(per_row)), sw)


def brier_cases():
    assert abs(brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) - 0.0375) < 1e-15
    cases = []
    ref_bin = f"scikit-learn {sklearn.__version__} brier_score_loss"
    for i, (storage, label_type, sample, red, extreme) in enumerate([
        ("scalar", "double", False, "mean", False), ("scalar", "int", True, "mean", True),
        ("vector", "double", False, "mean", False), ("array_double", "long", False, "mean", True),
        ("array_float", "short", True, "mean", False), ("sparse", "double", False, "mean", True),
        ("scalar", "byte", False, "sum", False), ("vector", "decimal", True, "sum", False),
        ("float_scalar", "double", False, "mean", False), ("scalar", "float", True, "mean", False),
        ("vector", "int", False, "mean", True), ("array_double", "double", True, "mean", False),
        ("scalar", "double", False, "mean", True),
    ]):
        n = 60
        p = rng.uniform(0, 1, size=n)
        if extreme:
            p[:4] = [0.0, 1.0, 0.0, 1.0]
        y = rng.integers(0, 2, size=n)
        if extreme:
            y[:4] = [0, 1, 1, 0]
        p = g.as_stored(p, storage)
        sw = g.sample_weights(n) if sample else None
        per_row = (y - p) ** 2
        if red == "mean":
            expected = float(brier_score_loss(y, p, sample_weight=sw))
            assert abs(expected - reduce(per_row, sw, red)) <= 1e-12 * expected
        else:
            expected = reduce(per_row, sw, red)
        preds = np.stack([1 - p, p], axis=1) if storage in ("vector", "array_double", "array_float", "sparse") else p
        if storage == "array_float":
            preds = g.as_stored(preds, storage)
            per_row = (y - preds[:, 1]) ** 2
            expected = reduce(per_row, sw, red)
        params = {"reduction": "sum"} if red == "sum" else {}
        cases.append(g.case(f"brier_binary_{i}_{storage}_{label_type}", params, y.astype(float).tolist(), preds,
                            expected, ref_bin if red == "mean" and storage != "array_float"
                            else "(y - p)^2 per row, reduced in numpy",
                            label_type=label_type,
                            prediction_storage="float" if storage == "float_scalar" else storage, weights=sw))
    for i, (k, storage, zeros, sample, red, label_type) in enumerate([
        (3, "vector", False, False, "mean", "double"), (3, "sparse", True, True, "mean", "int"),
        (4, "array_double", False, False, "mean", "long"), (5, "vector", True, False, "sum", "double"),
        (10, "vector", False, True, "mean", "short"), (10, "array_float", False, False, "mean", "double"),
        (20, "vector", True, False, "mean", "byte"), (3, "array_double", False, True, "sum", "decimal"),
        (6, "sparse", True, False, "mean", "double"), (7, "vector", False, True, "mean", "float"),
        (3, "vector", True, False, "mean", "int"), (50, "vector", False, False, "mean", "double"),
        (4, "vector", False, True, "mean", "double"),
    ]):
        n = 50
        p = g.distributions(n, k, zeros=zeros, sharp=2.5)
        if storage == "array_float":
            p = g.as_stored(p, storage)
            p = g.as_stored(p / p.sum(axis=1, keepdims=True), storage)
        y = rng.integers(0, k, size=n)
        onehot = np.eye(k)[y]
        per_row = ((onehot - p) ** 2).sum(axis=1)
        sw = g.sample_weights(n) if sample else None
        params = {"reduction": "sum"} if red == "sum" else {}
        cases.append(g.case(f"brier_multiclass_{i}_k{k}_{storage}", params, y.tolist(), p, reduce(per_row, sw, red),
                            "scikit-learn >= 1.7 brier_score_loss multiclass formula (numpy)",
                            label_type=label_type, prediction_storage=storage, weights=sw))
    return cases


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def dice_rows(x, t, logits, nr, dr, squared):
    p = sigmoid(x) if logits else x
    inter = (p * t).sum(axis=1)
    den = (p * p).sum(axis=1) + (t * t).sum(axis=1) if squared else p.sum(axis=1) + t.sum(axis=1)
    return 1.0 - (2.0 * inter + nr) / (den + dr)


def dice_cases():
    # MONAI's docs: identical masks give 0 (up to the smoothing); disjoint masks give ~1.
    t = np.array([[1.0, 0.0, 1.0, 0.0]])
    assert abs(dice_rows(t, t, False, 1e-5, 1e-5, False)[0]) < 1e-5
    assert dice_rows(1 - t, t, False, 1e-5, 1e-5, False)[0] > 0.99999
    cases = []
    for i, (L, ptype, storage, nr, dr, squared, sample, red, empty) in enumerate([
        (16, "probabilities", "vector", 1e-5, 1e-5, False, False, "mean", False),
        (16, "logits", "vector", 1e-5, 1e-5, False, False, "mean", False),
        (9, "probabilities", "array_double", 1e-5, 1e-5, True, False, "mean", False),
        (9, "logits", "array_double", 1.0, 1.0, False, True, "mean", False),
        (25, "probabilities", "vector", 0.0, 1e-5, False, False, "mean", True),
        (25, "probabilities", "sparse", 1e-5, 1e-5, False, False, "mean", True),
        (4, "logits", "array_float", 1e-5, 1e-5, True, False, "mean", False),
        (4, "probabilities", "array_float", 1e-5, 1e-5, False, True, "sum", False),
        (64, "probabilities", "vector", 1e-5, 1e-5, False, True, "mean", False),
        (64, "logits", "vector", 0.5, 2.0, True, False, "mean", True),
        (1, "probabilities", "vector", 1e-5, 1e-5, False, False, "mean", False),
        (2, "probabilities", "array_double", 1e-5, 1e-5, False, False, "sum", False),
        (32, "logits", "vector", 1e-5, 1e-5, False, True, "mean", True),
        (8, "probabilities", "vector", 1e-3, 1e-3, True, True, "mean", False),
        (12, "logits", "sparse", 1e-5, 1e-5, False, False, "mean", False),
        (10, "probabilities", "vector", 1e-5, 1e-5, False, False, "sum", True),
        (6, "logits", "array_double", 0.0, 1e-7, True, True, "mean", False),
        (20, "probabilities", "array_double", 2.0, 2.0, False, False, "mean", True),
        (3, "logits", "vector", 1e-5, 1e-5, False, True, "sum", False),
        (48, "probabilities", "array_float", 1e-5, 1e-5, True, False, "mean", True),
    ]):
        n = 30
        if ptype == "probabilities":
            x = rng.uniform(0, 1, size=(n, L))
            x[x < 0.25] = 0.0
        else:
            x = rng.normal(size=(n, L)) * 3.0
        if storage == "sparse" and ptype == "logits":
            x[x < 0] = 0.0
        x = g.as_stored(x, storage)
        t = (rng.uniform(0, 1, size=(n, L)) < 0.4).astype(np.float64)
        if empty:
            t[:3] = 0.0
            if ptype == "probabilities":
                x[:2] = 0.0
        per_row = dice_rows(x, t, ptype == "logits", nr, dr, squared)
        sw = g.sample_weights(n) if sample else None
        params = {}
        if ptype != "probabilities":
            params["predictionType"] = ptype
        if nr != 1e-5:
            params["smoothNumerator"] = nr
        if dr != 1e-5:
            params["smoothDenominator"] = dr
        if squared:
            params["squaredPrediction"] = True
        if red == "sum":
            params["reduction"] = "sum"
        cases.append(g.case(f"dice_{i}_{ptype}_L{L}_{storage}", params, t, x, reduce(per_row, sw, red),
                            "MONAI DiceLoss formula, one channel (numpy)",
                            label_storage="vector" if storage != "array_double" else "array_double",
                            prediction_storage=storage, weights=sw))
    # Scalars: each row a one-pixel mask.
    for i, (ptype, sample) in enumerate([("probabilities", False), ("logits", True), ("probabilities", True),
                                        ("logits", False), ("probabilities", False)]):
        n = 40
        x = rng.uniform(0, 1, size=n) if ptype == "probabilities" else rng.normal(size=n) * 2
        t = rng.integers(0, 2, size=n).astype(np.float64)
        per_row = dice_rows(x[:, None], t[:, None], ptype == "logits", 1e-5, 1e-5, i == 4)
        sw = g.sample_weights(n) if sample else None
        params = {} if ptype == "probabilities" else {"predictionType": ptype}
        if i == 4:
            params["squaredPrediction"] = True
        cases.append(g.case(f"dice_scalar_{i}_{ptype}", params, t.tolist(), x, reduce(per_row, sw, "mean"),
                            "MONAI DiceLoss formula, one channel, one element (numpy)",
                            prediction_storage="scalar", weights=sw))
    return cases


def main():
    for name, make, gen in [("brier", brier_cases, "make_calibration_goldens.py"),
                            ("dice", dice_cases, "make_calibration_goldens.py")]:
        cases = make()
        for c in cases:
            assert np.isfinite(c["expected"]), c["name"]
        with open(os.path.join(g.OUT, name + ".json"), "w") as f:
            json.dump({"loss": name, "generator": "src/test/python/" + gen, "cases": cases}, f,
                      indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: {len(cases)} cases")


if __name__ == "__main__":
    main()
