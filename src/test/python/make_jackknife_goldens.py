#!/usr/bin/env python3
"""Golden values of the delete-a-group jackknife, written out in numpy and scipy.

Each case gives its rows with an explicit bucket; the test gives each row an id that Spark's
pmod(xxhash64(id), G) puts in that bucket. The metric is computed here from its definition:
cross-entropy of probabilities (-log p[label], weighted mean), and the calibration error as
TorchMetrics bins it ([k/B, (k+1)/B), confidence 1.0 in the last bin; binary: p(positive) and the
label; multiclass: the largest probability, lowest index on ties, and whether it is the label).
Jackknife: theta_(g) is the metric without bucket g, for each non-empty bucket; with G' of them,
SE = sqrt((G'-1)/G' * sum (theta_(g) - mean)^2); interval theta -+ t(0.975, G'-1) * SE, its low
end clipped at 0; a comparison's p-value 2 * (1 - T(|d| / SE)).

Writes ../resources/golden/jackknife.json. Run with Debian's python3-numpy and python3-scipy.
"""
import json
import os

import numpy as np
from scipy import stats

rng = np.random.default_rng(20261202)


def ce(label, prob, weight):
    loss = -np.log(prob[np.arange(len(label)), label])
    return float(np.sum(weight * loss) / np.sum(weight))


def ece(label, prob, weight, bins, norm):
    if prob.ndim == 1:
        conf = prob
        acc = label.astype(float)
    else:
        conf = prob.max(axis=1)
        acc = (prob.argmax(axis=1) == label).astype(float)
    b = np.minimum(np.floor(conf * bins).astype(int), bins - 1)
    total = np.sum(weight)
    gaps = []
    shares = []
    for k in range(bins):
        m = b == k
        n = np.sum(weight[m])
        if n == 0:
            continue
        gaps.append(np.sum(weight[m] * acc[m]) / n - np.sum(weight[m] * conf[m]) / n)
        shares.append(n / total)
    gaps = np.array(gaps)
    shares = np.array(shares)
    if norm == "l1":
        return float(np.sum(shares * np.abs(gaps)))
    if norm == "l2":
        return float(np.sqrt(np.sum(shares * gaps ** 2)))
    return float(np.max(np.abs(gaps)))


def jackknife(metric, buckets, groups):
    present = [g for g in range(groups) if np.any(buckets == g)]
    theta = metric(np.ones(len(buckets), dtype=bool))
    if len(present) < 2:
        return theta, float("nan"), len(present) - 1
    loo = np.array([metric(buckets != g) for g in present])
    n = len(present)
    se = float(np.sqrt((n - 1) / n * np.sum((loo - loo.mean()) ** 2)))
    return theta, se, n - 1


def summary_case(name, loss, params, label, prob, weight, buckets, groups, metric, weighted):
    theta, se, df = jackknife(lambda m: metric(label[m], prob[m], weight[m]), buckets, groups)
    t = stats.t.ppf(0.975, df) if df > 0 else float("nan")
    rows = []
    for i in range(len(label)):
        r = {"label": int(label[i]), "prediction": prob[i].tolist() if prob.ndim > 1 else float(prob[i]),
             "bucket": int(buckets[i])}
        if weighted:
            r["weight"] = float(weight[i])
        rows.append(r)
    return {"name": name, "loss": loss, "params": params, "groups": groups, "weighted": weighted, "rows": rows,
            "expected": theta, "standardError": se, "degreesOfFreedom": df,
            "interval95": [max(0.0, theta - t * se), theta + t * se]}


def probabilities(n, k):
    return rng.dirichlet(np.ones(k) * 2.0, size=n)


cases = []
n, k, g = 60, 3, 5
label = rng.integers(0, k, n)
prob = probabilities(n, k)
buckets = rng.integers(0, g, n)
ones = np.ones(n)
weight = rng.uniform(0.2, 2.0, n)
cases.append(summary_case("ce_unweighted", "crossEntropy", {}, label, prob, ones, buckets, g,
                          ce, False))
cases.append(summary_case("ce_weighted", "crossEntropy", {}, label, prob, weight, buckets, g,
                          ce, True))
# Empty buckets: 8 buckets of which only 0, 2 and 5 hold rows (G' = 3).
sparse = rng.choice([0, 2, 5], n)
cases.append(summary_case("ce_empty_buckets", "crossEntropy", {}, label, prob, ones, sparse, 8,
                          ce, False))
# Calibration error, binary (scalar p(positive)) l1, and multiclass l2 weighted.
bl = rng.integers(0, 2, 200)
bp = np.clip(0.15 + 0.7 * bl + rng.normal(0, 0.2, 200), 0.01, 0.99)
bb = rng.integers(0, 20, 200)
cases.append(summary_case("ece_binary_l1", "ece", {"numBins": 10, "norm": "l1"}, bl, bp, np.ones(200), bb, 20,
                          lambda l, p, w: ece(l, p, w, 10, "l1"), False))
ml = rng.integers(0, 4, 200)
mp = probabilities(200, 4)
mw = rng.uniform(0.5, 1.5, 200)
cases.append(summary_case("ece_multiclass_l2_weighted", "ece", {"numBins": 8, "norm": "l2"}, ml, mp, mw, bb, 20,
                          lambda l, p, w: ece(l, p, w, 8, "l2"), True))

# Paired cross-entropy: the candidate's and a baseline's, the difference's jackknife.
base = probabilities(n, k)
theta, se, df = jackknife(lambda m: ce(label[m], prob[m], ones[m]) - ce(label[m], base[m], ones[m]), buckets, g)
rows = [{"label": int(label[i]), "prediction": prob[i].tolist(), "baseline": base[i].tolist(),
         "bucket": int(buckets[i])} for i in range(n)]
cases.append({"name": "compare_ce", "loss": "crossEntropy", "params": {}, "groups": g, "weighted": False,
              "rows": rows, "expected": ce(label, prob, ones),
              "comparison": {"candidate": ce(label, prob, ones), "baseline": ce(label, base, ones),
                             "difference": theta, "stdError": se, "degreesOfFreedom": df,
                             "pValue": float(2 * stats.t.sf(abs(theta) / se, df))}})

# Paired calibration error, binary l1: two models' ECE over the same rows, the difference resampled.
bbase = np.clip(0.2 + 0.6 * bl + rng.normal(0, 0.25, 200), 0.01, 0.99)
w1 = np.ones(200)
theta, se, df = jackknife(lambda m: ece(bl[m], bp[m], w1[m], 10, "l1") - ece(bl[m], bbase[m], w1[m], 10, "l1"), bb, 20)
rows = [{"label": int(bl[i]), "prediction": float(bp[i]), "baseline": float(bbase[i]), "bucket": int(bb[i])}
        for i in range(200)]
cases.append({"name": "compare_ece_binary_l1", "loss": "ece", "params": {"numBins": 10, "norm": "l1"}, "groups": 20,
              "weighted": False, "rows": rows, "expected": ece(bl, bp, w1, 10, "l1"),
              "comparison": {"candidate": ece(bl, bp, w1, 10, "l1"), "baseline": ece(bl, bbase, w1, 10, "l1"),
                             "difference": theta, "stdError": se, "degreesOfFreedom": df,
                             "pValue": float(2 * stats.t.sf(abs(theta) / se, df))}})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "jackknife.json")
with open(out, "w") as f:
    json.dump({"generator": "src/test/python/make_jackknife_goldens.py", "numpy": np.__version__,
               "cases": cases}, f)
print("wrote", out, len(cases), "cases")
