"""What the generators of torch's other classification losses share (make_<loss>_goldens.py).

Each generator builds its cases from torch.nn.functional in float64 and writes
src/test/resources/golden/<loss>.json, the format GoldenCase reads; CI needs no Python. Run with
Debian's python3-torch:

    apt-get install -y python3-torch
    /usr/bin/python3 src/test/python/make_<loss>_goldens.py

Per-sample weights (LossDive's weightCol) have no torch argument. The reference is torch's
reduction='none' output: per row the sum over its elements l, and d its share of the mean (the
number of elements for an element mean, 1 for a per-row loss), combined as sum(s*l)/sum(s*d) for
'mean' and sum(s*l) for 'sum'. Unweighted, that must equal torch's own 'mean' or 'sum', which is
asserted for every case.
"""
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
GOLDEN = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")

VECTOR_STORAGES = ["vector", "sparse", "array_double", "array_float"]
SCALAR_STORAGES = ["scalar", "float"]
LABEL_TYPES = ["double", "int", "long", "short", "byte", "float", "decimal"]


def stored(x, storage):
    """Values as the column will hold them: float and array<float> round to float32."""
    x = np.asarray(x, dtype=np.float64)
    if storage in ("array_float", "float"):
        return x.astype(np.float32).astype(np.float64)
    return x


def sample_weights(rng, n):
    w = rng.uniform(0.0, 3.0, size=n)
    w[0] = 0.0
    return w


def reduce(none, den, weights, reduction, torch_reduced):
    """LossDive's value from torch's reduction='none' output `none` (one row per sample)."""
    none = np.asarray(none, dtype=np.float64)
    n = none.shape[0]
    per_row = none.reshape(n, -1).sum(axis=1)
    den = np.broadcast_to(np.asarray(den, dtype=np.float64), (n,))
    s = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    value = float((s * per_row).sum()) if reduction == "sum" else float((s * per_row).sum() / (s * den).sum())
    if weights is None:
        assert abs(value - torch_reduced) <= 1e-12 * abs(torch_reduced) + 1e-300, (value, torch_reduced)
    return value


def listed(v):
    return v.tolist() if isinstance(v, np.ndarray) else float(v)


def case(name, params, labels, predictions, expected, reference, label_type, prediction_storage,
         weights=None, second=None, second_param=None, second_storage=None):
    rows = []
    for i in range(len(predictions)):
        row = {"label": listed(labels[i]), "prediction": listed(predictions[i])}
        if second is not None:
            row["second"] = listed(second[i])
        if weights is not None:
            row["weight"] = float(weights[i])
        rows.append(row)
    out = {
        "name": name,
        "params": params,
        "labelType": label_type,
        "predictionStorage": prediction_storage,
        "weighted": weights is not None,
        "rows": rows,
        "expected": expected,
        "reference": reference,
    }
    if second is not None:
        out["second"] = {"param": second_param, "storage": second_storage}
    return out


def write(loss, generator, cases):
    assert len(cases) >= 25, (loss, len(cases))
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    with open(os.path.join(GOLDEN, loss + ".json"), "w") as f:
        json.dump({"loss": loss, "generator": generator, "torch": torch.__version__, "cases": cases}, f,
                  indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{loss}: {len(cases)} cases")


def layouts(label_types):
    """(label storage, prediction storage, width): numbers in each label type, alternating double and
    float predictions, then vectors of every storage (width 1 included)."""
    out = [(lt, SCALAR_STORAGES[i % 2], None) for i, lt in enumerate(label_types)]
    out += [(vs, vs, w) for vs, w in zip(VECTOR_STORAGES, [3, 5, 1, 4])]
    return out


def elementwise_cases(loss, rng, inputs, loss_fn, param_sets, label_types, reference, second_param=None,
                      second_per_row=False, n=30):
    """Cases of a loss that torch averages over all elements, over every layout, weighted and not,
    'mean' and 'sum', for each (LossDive params, torch kwargs) of param_sets.

    inputs(rng, n, width, torch_kwargs) -> (target, input, second or None), each of shape (n,) or (n, width).
    loss_fn(target, input, second, reduction, **torch_kwargs) -> tensor.
    """
    cases = []
    i = 0
    for params, kwargs in param_sets:
        for label_storage, storage, width in layouts(label_types):
            weighted = i % 2 == 1
            reduction = "sum" if i % 3 == 2 else "mean"
            y, x, s = inputs(rng, n, width, kwargs)
            x = stored(x, storage)
            y = stored(y, label_storage)
            second_storage = None
            if s is not None:
                # A vector row's second input: its own vector, or (second_per_row) one number for the row.
                if width is not None and second_per_row and i % 2 == 0:
                    s = s[:, 0]
                    second_storage = "scalar"
                else:
                    second_storage = storage
                s = stored(s, second_storage)
            w = sample_weights(rng, n) if weighted else None
            t = [torch.tensor(a) if a is not None else None for a in (y, x, s)]
            none = loss_fn(*t, "none", **kwargs).numpy()
            reduced = loss_fn(*t, reduction, **kwargs).item()
            p = dict(params)
            if reduction == "sum":
                p["reduction"] = "sum"
            shape = "scalar" if width is None else f"w{width}"
            name = f"{loss}_{i}_{shape}_{storage}_{label_storage}{'_weighted' if weighted else ''}_{reduction}"
            cases.append(case(name, p, y, x, reduce(none, width or 1, w, reduction, reduced), reference,
                              label_storage, storage, w, s, second_param, second_storage))
            i += 1
    return cases


def single(loss, name, params, y, x, loss_fn, reference, label_storage, storage, s=None, second_param=None,
           second_storage=None, **kwargs):
    """One unweighted 'mean' case from explicit rows (an extreme, a documented example)."""
    t = [torch.tensor(np.asarray(a, dtype=np.float64)) if a is not None else None for a in (y, x, s)]
    none = loss_fn(*t, "none", **kwargs).numpy()
    reduced = loss_fn(*t, "mean", **kwargs).item()
    width = None if np.ndim(x) == 1 else np.shape(x)[1]
    return case(f"{loss}_{name}", params, np.asarray(y, dtype=np.float64), np.asarray(x, dtype=np.float64),
                reduce(none, width or 1, None, "mean", reduced), reference, label_storage, storage, None,
                None if s is None else np.asarray(s, dtype=np.float64), second_param, second_storage)
