#!/usr/bin/env python3
"""Golden cases of MultiLabelSoftMarginLossEvaluator from torch.nn.functional.multilabel_soft_margin_loss (float64).

    /usr/bin/python3 src/test/python/make_multiLabelSoftMargin_goldens.py

torch takes the mean over classes per row, then over rows: each row is one term of share 1.
Covers every vector storage, widths 1 to 20, classWeights, weights, 'sum', and logits of ±200.
"""
import numpy as np
import torch
import torch.nn.functional as F

from torch_goldens import VECTOR_STORAGES, case, reduce, sample_weights, stored, write

REFERENCE = "torch.nn.functional.multilabel_soft_margin_loss"


def loss(y, x, reduction, weight=None):
    w = None if weight is None else torch.tensor(weight)
    return F.multilabel_soft_margin_loss(torch.tensor(x), torch.tensor(y), weight=w, reduction=reduction)


def one(name, y, x, storage, label_storage, weights=None, reduction="mean", class_weights=None):
    params = {} if class_weights is None else {"classWeights": list(map(float, class_weights))}
    if reduction == "sum":
        params["reduction"] = "sum"
    value = reduce(loss(y, x, "none", class_weights).numpy(), 1, weights, reduction,
                   loss(y, x, reduction, class_weights).item())
    return case(f"multiLabelSoftMargin_{name}", params, y, x, value, REFERENCE, label_storage, storage, weights)


def main():
    rng = np.random.default_rng(20261207)
    cases = []
    i = 0
    for width in [1, 3, 6, 20]:
        for storage in VECTOR_STORAGES:
            for class_weighted in [False, True]:
                n = 25
                x = stored(rng.normal(scale=2.0, size=(n, width)), storage)
                y = (rng.uniform(size=(n, width)) < 0.3).astype(np.float64)
                label_storage = ["vector", "sparse", "array_double", "array_float"][i % 4]
                w = sample_weights(rng, n) if i % 2 == 1 else None
                reduction = "sum" if i % 3 == 2 else "mean"
                cw = rng.uniform(0.0, 2.0, size=width) if class_weighted else None
                cases.append(one(f"{i}_w{width}_{storage}_{label_storage}", y, x, storage, label_storage, w,
                                 reduction, cw))
                i += 1
    y = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    x = np.array([[200.0, -200.0, -200.0], [200.0, 200.0, -200.0]])
    cases.append(one("logits_200", y, x, "vector", "vector"))
    write("multiLabelSoftMargin", "src/test/python/make_multiLabelSoftMargin_goldens.py", cases)


if __name__ == "__main__":
    main()
