#!/usr/bin/env python3
"""Golden cases of SoftMarginLossEvaluator from torch.nn.functional.soft_margin_loss (float64).

    /usr/bin/python3 src/test/python/make_softMargin_goldens.py

Covers every layout, weights, 'sum', and scores of ±200, where log(1 + exp(200)) must be 200
rather than an overflow.
"""
import numpy as np
import torch.nn.functional as F

from torch_goldens import LABEL_TYPES, elementwise_cases, single, write

REFERENCE = "torch.nn.functional.soft_margin_loss"


def loss_fn(y, x, unused, reduction):
    return F.soft_margin_loss(x, y, reduction=reduction)


def inputs(rng, n, width, kwargs):
    shape = (n,) if width is None else (n, width)
    return rng.choice([-1.0, 1.0], size=shape), rng.normal(scale=2.0, size=shape), None


def main():
    rng = np.random.default_rng(20261203)
    cases = elementwise_cases("softMargin", rng, inputs, loss_fn, [({}, {}), ({}, {})] + [({}, {})],
                              LABEL_TYPES, REFERENCE)
    y = np.array([[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0], [-1.0, -1.0]])
    x = np.array([[200.0, 200.0], [200.0, -200.0], [-200.0, 0.5], [-200.0, 3.0]])
    cases.append(single("softMargin", "logits_200", {}, y, x, loss_fn, REFERENCE, "vector", "vector"))
    cases.append(single("softMargin", "logits_200_scalar", {}, y[:, 0], x[:, 0], loss_fn, REFERENCE, "double",
                        "scalar"))
    write("softMargin", "src/test/python/make_softMargin_goldens.py", cases)


if __name__ == "__main__":
    main()
