#!/usr/bin/env python3
"""Golden cases of PoissonNegativeLogLikelihoodEvaluator from torch.nn.functional.poisson_nll_loss (float64).

    /usr/bin/python3 src/test/python/make_poissonNll_goldens.py

Covers every layout, weights, 'sum', log-rates and rates, full (Stirling's term, which torch
applies only where the count is above 1, so counts of 0 and 1 are covered), a non-default eps, and
a rate of exactly 0 with logInput=false (the log of eps).
"""
import numpy as np
import torch.nn.functional as F

from torch_goldens import elementwise_cases, single, write

REFERENCE = "torch.nn.functional.poisson_nll_loss"


def loss_fn(y, x, unused, reduction, log_input=True, full=False, eps=1e-8):
    return F.poisson_nll_loss(x, y, log_input=log_input, full=full, eps=eps, reduction=reduction)


def inputs(rng, n, width, kwargs):
    shape = (n,) if width is None else (n, width)
    rate = rng.gamma(2.0, 1.5, size=shape)
    counts = rng.poisson(rate).astype(np.float64)
    return counts, (np.log(rate) if kwargs.get("log_input", True) else rate), None


def main():
    rng = np.random.default_rng(20261205)
    cases = elementwise_cases("poissonNll", rng, inputs, loss_fn, [
        ({}, {}),
        ({"full": True}, {"full": True}),
        ({"logInput": False}, {"log_input": False}),
        ({"logInput": False, "full": True, "eps": 1e-3}, {"log_input": False, "full": True, "eps": 1e-3}),
    ], ["double", "int", "long", "float", "decimal"], REFERENCE)
    y = np.array([0.0, 1.0, 2.0, 0.0, 5.0])
    rate = np.array([0.0, 0.0, 1.5, 2.0, 0.0])
    cases.append(single("poissonNll", "rate_0_counts_0_and_1_full", {"logInput": False, "full": True}, y, rate,
                        loss_fn, REFERENCE, "double", "scalar", log_input=False, full=True))
    cases.append(single("poissonNll", "rate_0_eps", {"logInput": False, "eps": 1e-4}, y, rate, loss_fn,
                        REFERENCE, "double", "scalar", log_input=False, eps=1e-4))
    write("poissonNll", "src/test/python/make_poissonNll_goldens.py", cases)


if __name__ == "__main__":
    main()
