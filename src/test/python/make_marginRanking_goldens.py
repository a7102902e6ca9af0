#!/usr/bin/env python3
"""Golden cases of MarginRankingLossEvaluator from torch.nn.functional.margin_ranking_loss (float64).

    /usr/bin/python3 src/test/python/make_marginRanking_goldens.py

Covers every layout, weights, 'sum', margins 0, 1 and 0.5, and the project's seed snippet
MarginRankingLoss(margin=1)(y_pred * y_true, zeros, y_true) exactly as written. (Since y_true is
±1, that is max(0, 1 - y_pred), not the hinge loss max(0, 1 - y_true * y_pred), which is
MarginRankingLoss(margin=1)(y_pred, zeros, y_true); both are cases here.)
"""
import numpy as np
import torch.nn.functional as F
from sklearn.metrics import hinge_loss

from torch_goldens import LABEL_TYPES, elementwise_cases, single, write

REFERENCE = "torch.nn.functional.margin_ranking_loss"


def loss_fn(y, x1, x2, reduction, margin=0.0):
    return F.margin_ranking_loss(x1, x2, y, margin=margin, reduction=reduction)


def inputs(rng, n, width, kwargs):
    shape = (n,) if width is None else (n, width)
    y = rng.choice([-1.0, 1.0], size=shape)
    return y, rng.normal(size=shape), rng.normal(size=shape)


def main():
    rng = np.random.default_rng(20261202)
    cases = elementwise_cases("marginRanking", rng, inputs, loss_fn,
                              [({}, {}), ({"margin": 1.0}, {"margin": 1.0}), ({"margin": 0.5}, {"margin": 0.5})],
                              LABEL_TYPES, REFERENCE, second_param="secondPredictionCol")
    # The seed snippet: scores f and labels y in {-1, +1}, ranked against a column of zeros.
    y = rng.choice([-1.0, 1.0], size=40)
    f = rng.normal(scale=2.0, size=40)
    cases.append(single("marginRanking", "seed_snippet", {"margin": 1.0}, y, f * y, loss_fn,
                        REFERENCE + "(y_pred * y_true, zeros, y_true, margin=1)", "double", "scalar",
                        s=np.zeros(40), second_param="secondPredictionCol", second_storage="scalar", margin=1.0))
    cases.append(single("marginRanking", "hinge_as_ranking", {"margin": 1.0}, y, f, loss_fn,
                        REFERENCE + "(y_pred, zeros, y_true, margin=1)", "double", "scalar",
                        s=np.zeros(40), second_param="secondPredictionCol", second_storage="scalar", margin=1.0))
    # Ranking against zero is scikit-learn's hinge_loss, an independent check of the case above.
    assert abs(cases[-1]["expected"] - hinge_loss(y, f)) <= 1e-12 * hinge_loss(y, f)
    write("marginRanking", "src/test/python/make_marginRanking_goldens.py", cases)


if __name__ == "__main__":
    main()
