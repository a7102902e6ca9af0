#!/usr/bin/env python3
"""Golden cases of MultiLabelMarginLossEvaluator from torch.nn.functional.multilabel_margin_loss (float64).

    /usr/bin/python3 src/test/python/make_multiLabelMargin_goldens.py

Labels are torch's layout: target class indices, then -1, then anything (not read). Covers every
vector storage, widths 2 to 12, rows with no target and with every class a target, a repeated
index (counted twice, as torch does), weights, 'sum', and the docstring example (0.85).
"""
import numpy as np
import torch
import torch.nn.functional as F

from torch_goldens import VECTOR_STORAGES, case, reduce, sample_weights, stored, write

REFERENCE = "torch.nn.functional.multilabel_margin_loss"


def loss(y, x, reduction):
    return F.multilabel_margin_loss(torch.tensor(x), torch.tensor(y, dtype=torch.long), reduction=reduction)


def one(name, y, x, storage, label_storage, weights=None, reduction="mean"):
    params = {"reduction": "sum"} if reduction == "sum" else {}
    value = reduce(loss(y, x, "none").numpy(), 1, weights, reduction, loss(y, x, reduction).item())
    return case(f"multiLabelMargin_{name}", params, np.asarray(y, dtype=np.float64), x, value, REFERENCE,
                label_storage, storage, weights)


def labels(rng, n, width):
    y = np.full((n, width), -1.0)
    for r in range(n):
        k = rng.integers(0, width + 1)  # 0 targets up to all of them
        y[r, :k] = rng.permutation(width)[:k]
        if k + 1 < width:
            y[r, k + 1:] = rng.integers(0, width, size=width - k - 1)  # after the -1: not read
    return y


def main():
    rng = np.random.default_rng(20261208)
    cases = []
    i = 0
    for width in [2, 4, 7, 12]:
        for storage in VECTOR_STORAGES:
            for _ in range(2):
                n = 25
                x = stored(rng.normal(size=(n, width)), storage)
                label_storage = ["vector", "array_double", "array_float", "sparse"][i % 4]
                w = sample_weights(rng, n) if i % 2 == 1 else None
                reduction = "sum" if i % 3 == 2 else "mean"
                cases.append(one(f"{i}_w{width}_{storage}_{label_storage}", labels(rng, n, width), x, storage,
                                 label_storage, w, reduction))
                i += 1
    cases.append(one("docstring_example", [[3, 0, -1, 1]], np.array([[0.1, 0.2, 0.4, 0.8]]), "vector", "vector"))
    cases.append(one("repeated_index", [[3, 3, -1, 1], [0, -1, 2, 2]], np.array([[0.1, 0.2, 0.4, 0.8],
                                                                                   [0.5, -0.3, 2.0, 0.0]]),
                     "array_double", "array_double"))
    write("multiLabelMargin", "src/test/python/make_multiLabelMargin_goldens.py", cases)


if __name__ == "__main__":
    main()
