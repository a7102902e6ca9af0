#!/usr/bin/env python3
"""Writes golden standard errors and paired comparisons (src/test/resources/golden/uncertainty.json).

Per-row losses come from torch (reduction='none'); the standard errors are docs/statistics.md's formulas written
out in numpy, independently of the Java code:

    mean:  a_i = s_i * l_i, b_i = s_i * d_i, R = sum(a)/sum(b),
           SE = sqrt(n/(n-1) * sum((a_i - R*b_i)^2)) / sum(b)      (unweighted: std(l, ddof=1)/sqrt(n))
    sum:   SE = sqrt(n/(n-1) * sum((a_i - mean(a))^2))
    paired comparison: the mean formula on delta_i = a_cand,i - a_base,i over the shared b_i;
           p-value = erfc(|difference| / SE / sqrt(2)).

Each case is a make_goldens.py case plus "loss", "standardError" and, for comparisons, a "baseline"
value per row and the expected "comparison".

    /usr/bin/python3 src/test/python/make_uncertainty_goldens.py
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

import make_goldens as g

rng = np.random.default_rng(20261125)


def ratio_se(a, b):
    n = len(a)
    r = a.sum() / b.sum()
    return math.sqrt(n / (n - 1) * ((a - r * b) ** 2).sum()) / b.sum()


def sum_se(a):
    n = len(a)
    return math.sqrt(n / (n - 1) * ((a - a.mean()) ** 2).sum())


def ce_rows(x, y, weight=None, ignore=None):
    """torch cross_entropy per row, its mean denominators, and which rows count (not ignored)."""
    kwargs = {} if ignore is None else {"ignore_index": ignore}
    per_row = F.cross_entropy(torch.tensor(x), torch.tensor(y, dtype=torch.long),
                              weight=None if weight is None else torch.tensor(weight), reduction="none",
                              **kwargs).numpy()
    keep = np.ones(len(y), dtype=bool) if ignore is None else np.asarray(y) != ignore
    den = np.ones(len(y)) if weight is None else np.asarray(weight)[y]
    return per_row, den, keep


def finish(c, loss, per_row, den, keep, sw, red="mean"):
    """Adds the loss name, the expected loss and its standard error to a case."""
    s = np.ones(len(per_row)) if sw is None else np.asarray(sw)
    a = (s * per_row)[keep]
    b = (s * den)[keep]
    if red == "sum":
        c["expected"], se = float(a.sum()), sum_se(a)
    else:
        c["expected"], se = float(a.sum() / b.sum()), ratio_se(a, b)
    c["loss"] = loss
    c["standardError"] = se
    return c


def single_cases():
    cases = []
    n = 80
    # Cross-entropy on logits: unweighted (s/sqrt(n)), sample weights, class weights with ignoreIndex,
    # both weights, and reduction=sum.
    for name, weight, ignore, sample, red in [
        ("ce_unweighted", False, None, False, "mean"), ("ce_sample_weights", False, None, True, "mean"),
        ("ce_class_weights_ignore", True, 1, False, "mean"), ("ce_both_weights", True, None, True, "mean"),
        ("ce_sum", False, None, False, "sum"), ("ce_sum_weighted", True, None, True, "sum"),
    ]:
        k = 4
        x = rng.normal(size=(n, k)) * 2.0
        y = rng.integers(0, k, size=n)
        if ignore is not None:
            y[:7] = ignore
        w = rng.uniform(0.2, 2.0, size=k) if weight else None
        per_row, den, keep = ce_rows(x, y, w, ignore)
        sw = g.sample_weights(n) if sample else None
        params = {"predictionType": "logits"}
        if w is not None:
            params["classWeights"] = w.tolist()
        if ignore is not None:
            params["ignoreIndex"] = ignore
        if red == "sum":
            params["reduction"] = "sum"
        c = g.case(name, params, y.tolist(), x, 0.0, "torch cross_entropy(reduction='none'); SE formula in numpy",
                   label_type="int", weights=sw)
        if name == "ce_unweighted":
            # Unweighted, the ratio estimator's SE is the textbook s/sqrt(n).
            assert abs(ratio_se(per_row, np.ones(n)) - per_row.std(ddof=1) / math.sqrt(n)) < 1e-15
        cases.append(finish(c, "crossEntropy", per_row, den, keep, sw, red))
    # A constant loss: every row the same logits and label, SE exactly 0.
    x = np.tile([[0.5, -1.0, 2.0]], (n, 1))
    y = np.full(n, 2)
    per_row, den, keep = ce_rows(x, y)
    c = g.case("ce_constant", {"predictionType": "logits"}, y.tolist(), x, 0.0, "constant loss: SE = 0",
               label_type="int")
    cases.append(finish(c, "crossEntropy", per_row, den, keep, None))
    # By hand: every a_i equals R, every residual is 0, so SE = 0 exactly; the numpy formula above
    # leaves only the rounding of R = sum(a)/n.
    assert cases[-1]["standardError"] < 1e-15
    cases[-1]["standardError"] = 0.0
    # KL 'mean' (b_i = K) and 'batchmean' (b_i = 1), with sample weights for one.
    for red, sample in [("mean", False), ("batchmean", True)]:
        k = 5
        pred = g.distributions(n, k, sharp=2.0)
        target = g.distributions(n, k, zeros=True, sharp=2.0)
        per_el = F.kl_div(torch.log(torch.tensor(pred)), torch.tensor(target), reduction="none").numpy()
        per_row = per_el.sum(axis=1)
        den = np.full(n, float(k) if red == "mean" else 1.0)
        sw = g.sample_weights(n) if sample else None
        c = g.case(f"kl_{red}", {"reduction": red}, target, pred, 0.0,
                   "torch kl_div(reduction='none') summed per row; SE formula in numpy",
                   label_storage="vector", weights=sw)
        cases.append(finish(c, "kl", per_row, den, np.ones(n, dtype=bool), sw))
    # BCE on probabilities (scalars) and binary hinge written out.
    p = rng.uniform(0.02, 0.98, size=n)
    yb = rng.integers(0, 2, size=n).astype(np.float64)
    per_row = F.binary_cross_entropy(torch.tensor(p), torch.tensor(yb), reduction="none").numpy()
    c = g.case("bce_scalar", {}, yb.tolist(), p, 0.0, "torch binary_cross_entropy(reduction='none')",
               prediction_storage="scalar")
    cases.append(finish(c, "bce", per_row, np.ones(n), np.ones(n, dtype=bool), None))
    f = rng.normal(size=n) * 1.5
    per_row = np.maximum(0.0, 1.0 - (2 * yb - 1) * f)
    c = g.case("hinge_binary_weighted", {}, yb.tolist(), f, 0.0, "max(0, 1 - y*f) (scikit-learn hinge_loss per row)",
               prediction_storage="scalar", weights=g.sample_weights(n))
    cases.append(finish(c, "hinge", per_row, np.ones(n), np.ones(n, dtype=bool), np.asarray(
        [r["weight"] for r in c["rows"]])))
    return cases


def comparison_cases():
    """A candidate and a correlated baseline: the baseline's logits are the candidate's plus noise."""
    cases = []
    n = 120
    for name, k, sample, weight, noise in [("compare_ce", 3, False, False, 0.7),
                                           ("compare_ce_weighted", 4, True, True, 0.4),
                                           ("compare_ce_identical", 3, False, False, 0.0)]:
        y = rng.integers(0, k, size=n)
        x = rng.normal(size=(n, k)) * 1.5
        x[np.arange(n), y] += 1.0  # a model better than chance
        base = x + rng.normal(size=(n, k)) * noise
        w = rng.uniform(0.3, 2.0, size=k) if weight else None
        lc, den, keep = ce_rows(x, y, w)
        lb, _, _ = ce_rows(base, y, w)
        sw = g.sample_weights(n) if sample else None
        s = np.ones(n) if sw is None else sw
        ac, ab, b = s * lc, s * lb, s * den
        diff = (ac - ab).sum() / b.sum()
        se = ratio_se(ac - ab, b)
        params = {"predictionType": "logits"}
        if w is not None:
            params["classWeights"] = w.tolist()
        c = g.case(name, params, y.tolist(), x, float(ac.sum() / b.sum()),
                   "torch cross_entropy(reduction='none') of both models; paired SE formula in numpy",
                   label_type="int", weights=sw)
        for row, bl in zip(c["rows"], base):
            row["baseline"] = bl.tolist()
        c["loss"] = "crossEntropy"
        c["standardError"] = ratio_se(ac, b)
        c["comparison"] = {"candidate": float(ac.sum() / b.sum()), "baseline": float(ab.sum() / b.sum()),
                           "difference": float(diff), "stdError": se,
                           # Identical models: no difference at all, p = 1 (z = 0).
                           "pValue": 1.0 if diff == 0 else math.erfc(abs(diff) / se / math.sqrt(2))}
        if noise > 0:
            # Correlated models: the paired SE is well below the unpaired sqrt(se_c^2 + se_b^2).
            assert se < 0.5 * math.hypot(ratio_se(ac, b), ratio_se(ab, b)), name
        cases.append(c)
    return cases


def main():
    cases = single_cases() + comparison_cases()
    with open(os.path.join(g.OUT, "uncertainty.json"), "w") as f:
        json.dump({"generator": "src/test/python/make_uncertainty_goldens.py", "torch": torch.__version__,
                   "cases": cases}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"uncertainty: {len(cases)} cases")


if __name__ == "__main__":
    main()
