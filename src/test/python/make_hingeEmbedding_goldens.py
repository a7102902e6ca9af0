#!/usr/bin/env python3
"""Golden cases of HingeEmbeddingLossEvaluator from torch.nn.functional.hinge_embedding_loss (float64).

    /usr/bin/python3 src/test/python/make_hingeEmbedding_goldens.py

Covers every layout, weights, 'sum', margins 1 (default), 2 and 0.5, and distances on both sides
of the margin.
"""
import numpy as np
import torch.nn.functional as F

from torch_goldens import LABEL_TYPES, elementwise_cases, single, write

REFERENCE = "torch.nn.functional.hinge_embedding_loss"


def loss_fn(y, x, unused, reduction, margin=1.0):
    return F.hinge_embedding_loss(x, y, margin=margin, reduction=reduction)


def inputs(rng, n, width, kwargs):
    shape = (n,) if width is None else (n, width)
    return rng.choice([-1.0, 1.0], size=shape), rng.uniform(0.0, 2.5, size=shape), None


def main():
    rng = np.random.default_rng(20261204)
    cases = elementwise_cases("hingeEmbedding", rng, inputs, loss_fn,
                              [({}, {}), ({"margin": 2.0}, {"margin": 2.0}), ({"margin": 0.5}, {"margin": 0.5})],
                              LABEL_TYPES, REFERENCE)
    y = np.array([1.0, -1.0, -1.0, -1.0, 1.0])
    x = np.array([0.0, 0.0, 1.0, 3.0, 2.0])
    cases.append(single("hingeEmbedding", "at_the_margin", {}, y, x, loss_fn, REFERENCE, "double", "scalar"))
    write("hingeEmbedding", "src/test/python/make_hingeEmbedding_goldens.py", cases)


if __name__ == "__main__":
    main()
