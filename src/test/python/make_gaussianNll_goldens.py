#!/usr/bin/env python3
"""Golden cases of GaussianNegativeLogLikelihoodEvaluator from torch.nn.functional.gaussian_nll_loss (float64).

    /usr/bin/python3 src/test/python/make_gaussianNll_goldens.py

Covers every layout (a variance per element, and one per row of a vector, torch's homoscedastic
case), weights, 'sum', full, a non-default eps, and variances of 0 and below eps, which torch
clamps to eps.
"""
import numpy as np
import torch.nn.functional as F

from torch_goldens import elementwise_cases, single, write

REFERENCE = "torch.nn.functional.gaussian_nll_loss"


def loss_fn(y, mean, var, reduction, full=False, eps=1e-6):
    return F.gaussian_nll_loss(mean, y, var, full=full, eps=eps, reduction=reduction)


def inputs(rng, n, width, kwargs):
    shape = (n,) if width is None else (n, width)
    mean = rng.normal(size=shape)
    var = rng.gamma(2.0, 0.5, size=shape)
    return mean + rng.normal(size=shape) * np.sqrt(var), mean, var


def main():
    rng = np.random.default_rng(20261206)
    cases = elementwise_cases("gaussianNll", rng, inputs, loss_fn, [
        ({}, {}),
        ({"full": True}, {"full": True}),
        ({"eps": 0.25}, {"eps": 0.25}),
        ({"full": True, "eps": 1e-3}, {"full": True, "eps": 1e-3}),
    ], ["double", "float"], REFERENCE, second_param="varianceCol", second_per_row=True)
    y = np.array([[0.1, 0.2], [1.0, -1.0], [0.0, 0.5]])
    mean = np.array([[0.0, 0.0], [0.9, -1.2], [0.3, 0.5]])
    var = np.array([[1e-9, 0.0], [1e-7, 2.0], [0.5, 1e-6]])
    cases.append(single("gaussianNll", "variance_below_eps", {}, y, mean, loss_fn, REFERENCE, "vector", "vector",
                        s=var, second_param="varianceCol", second_storage="vector"))
    cases.append(single("gaussianNll", "variance_per_row_below_eps", {"full": True}, y, mean, loss_fn, REFERENCE,
                        "vector", "vector", s=var[:, 0], second_param="varianceCol", second_storage="scalar",
                        full=True))
    write("gaussianNll", "src/test/python/make_gaussianNll_goldens.py", cases)


if __name__ == "__main__":
    main()
