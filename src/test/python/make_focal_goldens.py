#!/usr/bin/env python3
"""Writes the golden cases of FocalLossEvaluator (src/test/resources/golden/focal.json).

References:
- binary and multi-label on logits: torchvision.ops.sigmoid_focal_loss itself;
- binary and multi-label on probabilities: the same formula with torch's binary_cross_entropy
  (each log clamped at -100) as the cross-entropy term, written out below with torch ops;
- multiclass (class-index label, K >= 3 probabilities or logits): Keras 3's
  CategoricalFocalCrossentropy, written out in numpy from its documented formula
  (softmax for logits; y_pred / sum(y_pred); clip to [1e-7, 1 - 1e-7];
  sum_c y_c * alpha * (1 - p_c)^gamma * -log(p_c); mean over rows). A negative alpha turns the
  weighting off, as torchvision's does (LossDive's choice for the multiclass form; see the Javadoc).

Sample weights (weightCol) combine the unreduced values as sum(s * l) / sum(s * d), as make_goldens.py
does (d = number of elements for multi-label rows, 1 otherwise).

    apt-get install -y python3-torch python3-torchvision python3-sklearn
    /usr/bin/python3 src/test/python/make_focal_goldens.py
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from torchvision.ops import sigmoid_focal_loss

import make_goldens as g

rng = np.random.default_rng(20261124)
KERAS_EPSILON = 1e-7


def torch_probability_focal(p, y, alpha, gamma):
    """sigmoid_focal_loss's formula with p given and binary_cross_entropy's clamped logs."""
    pt, yt = torch.tensor(p), torch.tensor(y)
    ce = F.binary_cross_entropy(pt, yt, reduction="none")
    p_t = pt * yt + (1 - pt) * (1 - yt)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * yt + (1 - alpha) * (1 - yt)) * loss
    return loss.numpy()


def keras_categorical_focal(pred, y, alpha, gamma, from_logits):
    """Keras 3 categorical_focal_crossentropy per row, one-hot targets from class indices."""
    pred = np.asarray(pred, dtype=np.float64)
    if from_logits:
        pred = g.softmax(pred)
    out = pred / pred.sum(axis=1, keepdims=True)
    out = np.clip(out, KERAS_EPSILON, 1.0 - KERAS_EPSILON)
    onehot = np.eye(pred.shape[1])[y]
    cce = -onehot * np.log(out)
    weighting = (1.0 - out) ** gamma * (alpha if alpha >= 0 else 1.0)
    return (weighting * cce).sum(axis=1)


def reduce(per_row, den, sw, red):
    if red == "sum":
        return float(per_row.sum()) if sw is None else float((sw * per_row).sum())
    return g.weighted(per_row, den, sw)


def params_of(ptype, alpha, gamma, red):
    p = {}
    if ptype != "probabilities":
        p["predictionType"] = ptype
    if alpha != 0.25:
        p["alpha"] = alpha
    if gamma != 2.0:
        p["gamma"] = gamma
    if red == "sum":
        p["reduction"] = "sum"
    return p


def binary_cases():
    cases = []
    for i, (ptype, storage, soft, alpha, gamma, red, sample, extreme, label_type) in enumerate([
        ("logits", "scalar", False, 0.25, 2.0, "mean", False, False, "double"),
        ("logits", "scalar", False, -1.0, 2.0, "mean", False, False, "int"),
        ("logits", "vector", False, 0.5, 0.0, "mean", False, False, "double"),
        ("logits", "scalar", True, 0.75, 1.5, "mean", False, True, "double"),
        ("logits", "array_double", False, 0.25, 3.0, "sum", False, False, "long"),
        ("logits", "scalar", False, 0.25, 2.0, "mean", True, True, "float"),
        ("logits", "float_scalar", False, 0.1, 1.0, "mean", False, False, "double"),
        ("logits", "array_float", True, 0.25, 2.0, "mean", False, False, "double"),
        ("probabilities", "scalar", False, 0.25, 2.0, "mean", False, False, "double"),
        ("probabilities", "scalar", False, 0.25, 2.0, "mean", False, True, "short"),
        ("probabilities", "vector", False, -0.5, 2.0, "mean", False, False, "int"),
        ("probabilities", "scalar", True, 0.6, 0.5, "sum", True, False, "double"),
        ("probabilities", "array_double", False, 0.25, 5.0, "mean", True, True, "double"),
        ("probabilities", "scalar", False, 0.0, 2.0, "mean", False, False, "byte"),
        ("probabilities", "float_scalar", False, 1.0, 2.0, "mean", False, False, "decimal"),
    ]):
        n = 60
        if ptype == "probabilities":
            x = rng.uniform(0, 1, size=n)
            if extreme:
                x[:6] = [0.0, 1.0, 0.0, 1.0, 1e-300, 1 - 1e-16]
        else:
            x = rng.normal(size=n) * 3.0
            if extreme:
                x[:4] = [1000.0, -1000.0, 40.0, -40.0]
        x = g.as_stored(x, storage)
        y = rng.uniform(0, 1, size=n) if soft else rng.integers(0, 2, size=n).astype(np.float64)
        if extreme and not soft:
            y[:6] = [0, 1, 1, 0, 1, 0]
        if ptype == "logits":
            per_row = sigmoid_focal_loss(torch.tensor(x), torch.tensor(y), alpha=alpha, gamma=gamma,
                                         reduction="none").numpy()
            ref = f"torchvision.ops.sigmoid_focal_loss (torchvision {torchvision.__version__})"
        else:
            per_row = torch_probability_focal(x, y, alpha, gamma)
            ref = "sigmoid_focal_loss's formula on probabilities, torch binary_cross_entropy term"
        sw = g.sample_weights(n) if sample else None
        expected = reduce(per_row, np.ones(n), sw, red)
        two = storage in ("vector", "array_double", "array_float")
        preds = (np.stack([1 - x, x], axis=1) if ptype == "probabilities" else np.stack([-x, x], axis=1)) \
            if two else x
        if storage == "array_float":
            preds = g.as_stored(preds, storage)
        cases.append(g.case(f"focal_{i}_{ptype}_{storage}_a{alpha}_g{gamma}", params_of(ptype, alpha, gamma, red),
                            y.tolist(), preds, expected, ref, label_type=label_type if not soft else "double",
                            prediction_storage="float" if storage == "float_scalar" else storage, weights=sw))
    return cases


def multilabel_cases():
    cases = []
    for i, (ptype, L, storage, alpha, gamma, sample) in enumerate([
        ("logits", 4, "vector", 0.25, 2.0, False), ("logits", 3, "array_double", -1.0, 1.0, True),
        ("probabilities", 5, "vector", 0.25, 2.0, False), ("probabilities", 2, "sparse", 0.4, 3.0, True),
        ("logits", 6, "array_float", 0.25, 0.0, False),
    ]):
        n = 40
        x = rng.uniform(0, 1, size=(n, L)) if ptype == "probabilities" else rng.normal(size=(n, L)) * 2
        if storage == "sparse":
            x[x < 0.3] = 0.0
        x = g.as_stored(x, storage)
        y = rng.integers(0, 2, size=(n, L)).astype(np.float64)
        if ptype == "logits":
            per_el = sigmoid_focal_loss(torch.tensor(x), torch.tensor(y), alpha=alpha, gamma=gamma,
                                        reduction="none").numpy()
            # torchvision's own mean is the mean over every element.
            mean = sigmoid_focal_loss(torch.tensor(x), torch.tensor(y), alpha=alpha, gamma=gamma,
                                      reduction="mean").item()
            assert abs(mean - per_el.mean()) <= 1e-12 * abs(mean)
            ref = f"torchvision.ops.sigmoid_focal_loss (torchvision {torchvision.__version__})"
        else:
            per_el = torch_probability_focal(x, y, alpha, gamma)
            ref = "sigmoid_focal_loss's formula on probabilities, torch binary_cross_entropy term"
        sw = g.sample_weights(n) if sample else None
        expected = float(per_el.mean()) if sw is None else g.weighted(per_el.sum(axis=1), np.full(n, L), sw)
        cases.append(g.case(f"focal_multilabel_{i}_{ptype}_L{L}", params_of(ptype, alpha, gamma, "mean"), y, x,
                            expected, ref, label_storage="vector" if storage != "array_double" else "array_double",
                            prediction_storage=storage, weights=sw))
    return cases


def multiclass_cases():
    cases = []
    for i, (ptype, k, storage, alpha, gamma, red, sample, zeros, label_type) in enumerate([
        ("probabilities", 3, "vector", 0.25, 2.0, "mean", False, False, "int"),
        ("probabilities", 10, "array_double", 0.25, 2.0, "mean", True, True, "double"),
        ("probabilities", 5, "sparse", -1.0, 1.0, "mean", False, True, "long"),
        ("probabilities", 4, "vector", 0.5, 0.0, "sum", False, False, "short"),
        ("logits", 3, "vector", 0.25, 2.0, "mean", False, False, "int"),
        ("logits", 7, "array_float", 0.8, 3.0, "mean", True, False, "double"),
        ("logits", 20, "vector", 0.25, 2.0, "mean", False, False, "decimal"),
    ]):
        n = 50
        if ptype == "probabilities":
            x = g.as_stored(g.distributions(n, k, zeros=zeros, sharp=3.0), storage)
        else:
            x = g.as_stored(rng.normal(size=(n, k)) * 3.0, storage)
        y = rng.integers(0, k, size=n)
        per_row = keras_categorical_focal(x, y, alpha, gamma, ptype == "logits")
        sw = g.sample_weights(n) if sample else None
        expected = reduce(per_row, np.ones(n), sw, red)
        cases.append(g.case(f"focal_multiclass_{i}_{ptype}_k{k}_{storage}", params_of(ptype, alpha, gamma, red),
                            y.tolist(), x, expected,
                            "Keras 3 CategoricalFocalCrossentropy formula (numpy, float64)",
                            label_type=label_type, prediction_storage=storage, weights=sw))
    return cases


def check_docs():
    """torchvision's documented behaviour on a case worked by hand: x = 0, y = 1, alpha = 0.25,
    gamma = 2: p = 0.5, ce = log 2, (1 - p_t)^2 = 0.25, alpha_t = 0.25 -> 0.25 * 0.25 * log 2."""
    v = sigmoid_focal_loss(torch.tensor([0.0]), torch.tensor([1.0]), reduction="sum").item()
    assert abs(v - 0.0625 * np.log(2)) < 1e-15, v


def main():
    check_docs()
    cases = binary_cases() + multilabel_cases() + multiclass_cases()
    for c in cases:
        assert np.isfinite(c["expected"]), c["name"]
    with open(os.path.join(g.OUT, "focal.json"), "w") as f:
        json.dump({"loss": "focal", "generator": "src/test/python/make_focal_goldens.py",
                   "torch": torch.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"focal: {len(cases)} cases")


if __name__ == "__main__":
    main()
