#!/usr/bin/env python3
"""Writes the golden cases of CalibrationErrorEvaluator (src/test/resources/golden/ece.json).

Reference: TorchMetrics' binary_calibration_error / multiclass_calibration_error, written out in
numpy from their documented definition (TorchMetrics is not packaged for Debian): confidence = p(1)
for binary rows, the largest probability (lowest index of ties) for multiclass rows; accuracy = the
label, or 1 where the arg-max is the label; bins [k/B, (k+1)/B) decided exactly (fractions), confidence
1.0 in the last bin (as LossDive's README states; TorchMetrics' own bucketize gives 1.0 a bin of its own);
l1 = sum_b n_b/N |acc_b - conf_b|, l2 = sqrt(sum_b n_b/N (acc_b - conf_b)^2), max = max over non-empty
bins; with sample weights the counts and means are weighted. Checked against the values TorchMetrics'
docstrings quote.

    /usr/bin/python3 src/test/python/make_ece_goldens.py
"""
import json
import math
import os
from fractions import Fraction

import numpy as np

import make_goldens as g

rng = np.random.default_rng(20261127)


def bin_of(c, bins):
    k = math.floor(Fraction(c) * bins)
    return min(max(k, 0), bins - 1)


def ece(conf, acc, bins, norm, w=None):
    w = np.ones(len(conf)) if w is None else np.asarray(w, dtype=np.float64)
    n = np.zeros(bins)
    sc = np.zeros(bins)
    sa = np.zeros(bins)
    for c, a, wi in zip(conf, acc, w):
        b = bin_of(float(c), bins)
        n[b] += wi
        sc[b] += wi * c
        sa[b] += wi * a
    total = n.sum()
    gaps = [abs(sa[b] / n[b] - sc[b] / n[b]) for b in range(bins) if n[b] > 0]
    props = [n[b] / total for b in range(bins) if n[b] > 0]
    if norm == "max":
        return max(gaps)
    if norm == "l2":
        return math.sqrt(sum(p * gp * gp for p, gp in zip(props, gaps)))
    return sum(p * gp for p, gp in zip(props, gaps))


def binary_conf(p, y):
    return np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)


def multiclass_conf(p, y):
    p = np.asarray(p)
    top = p.argmax(axis=1)  # numpy's argmax takes the first (lowest index) of ties
    return p[np.arange(len(p)), top], (top == np.asarray(y)).astype(np.float64)


def check_docs():
    # binary_calibration_error docstring: 2 bins -> l1 0.2900, l2 0.2918, max 0.3167.
    c, a = binary_conf([0.25, 0.25, 0.55, 0.75, 0.75], [0, 0, 1, 1, 1])
    for norm, want in [("l1", 0.2900), ("l2", 0.2918), ("max", 0.3167)]:
        assert abs(ece(c, a, 2, norm) - want) < 5e-5, (norm, ece(c, a, 2, norm))
    # multiclass_calibration_error docstring: 3 bins -> 0.2000, 0.2082, 0.2333.
    p = [[0.25, 0.20, 0.55], [0.55, 0.05, 0.40], [0.10, 0.30, 0.60], [0.90, 0.05, 0.05]]
    c, a = multiclass_conf(p, [0, 1, 2, 0])
    for norm, want in [("l1", 0.2000), ("l2", 0.2082), ("max", 0.2333)]:
        assert abs(ece(c, a, 3, norm) - want) < 5e-5, (norm, ece(c, a, 3, norm))
    return p


def main():
    doc_multiclass = check_docs()
    cases = []
    ref = "TorchMetrics calibration error, documented definition written out (numpy, exact bins)"
    # The documentation's own examples, every norm.
    for norm in ["l1", "l2", "max"]:
        params = {"numBins": 2} if norm == "l1" else {"numBins": 2, "norm": norm}
        c, a = binary_conf([0.25, 0.25, 0.55, 0.75, 0.75], [0, 0, 1, 1, 1])
        cases.append(g.case(f"ece_doc_binary_{norm}", params, [0.0, 0.0, 1.0, 1.0, 1.0],
                            np.array([0.25, 0.25, 0.55, 0.75, 0.75]), ece(c, a, 2, norm), ref,
                            prediction_storage="scalar"))
        c, a = multiclass_conf(doc_multiclass, [0, 1, 2, 0])
        params = {"numBins": 3} if norm == "l1" else {"numBins": 3, "norm": norm}
        cases.append(g.case(f"ece_doc_multiclass_{norm}", params, [0, 1, 2, 0], np.array(doc_multiclass),
                            ece(c, a, 3, norm), ref, label_type="int"))
    # Binary, random and at the edges (confidence exactly 0, 1 and on bin boundaries).
    for i, (bins, norm, storage, sample, edges, label_type) in enumerate([
        (15, "l1", "scalar", False, False, "double"), (10, "l2", "scalar", True, True, "int"),
        (5, "max", "vector", False, True, "double"), (15, "l1", "array_double", True, False, "long"),
        (1, "l1", "scalar", False, False, "double"), (20, "l1", "vector", False, True, "short"),
        (3, "l2", "array_float", False, False, "double"), (7, "max", "scalar", True, False, "byte"),
        (10, "l1", "scalar", False, True, "decimal"),
    ]):
        n = 80
        p = rng.beta(2, 2, size=n)
        if edges:
            p[:8] = [0.0, 1.0, 1.0, 0.5, 0.3, 0.7, 0.1, 0.9]
        y = (rng.uniform(size=n) < p * 0.8 + 0.1).astype(np.float64)
        p = g.as_stored(p, storage)
        preds = np.stack([1 - p, p], axis=1) if storage != "scalar" else p
        if storage == "array_float":
            preds = g.as_stored(preds, storage)
            p = preds[:, 1]
        sw = g.sample_weights(n) if sample else None
        c, a = binary_conf(p, y)
        params = {"numBins": bins}
        if norm != "l1":
            params["norm"] = norm
        cases.append(g.case(f"ece_binary_{i}_B{bins}_{norm}_{storage}", params, y.tolist(), preds,
                            ece(c, a, bins, norm, sw), ref, label_type=label_type, prediction_storage=storage,
                            weights=sw))
    # Multiclass, with ties for the arg-max and empty bins.
    for i, (k, bins, norm, storage, sample, ties) in enumerate([
        (3, 15, "l1", "vector", False, False), (5, 10, "l2", "sparse", True, True),
        (10, 15, "max", "array_double", False, False), (4, 5, "l1", "vector", True, True),
        (3, 2, "l1", "array_float", False, False), (20, 15, "l1", "vector", False, False),
        (6, 30, "l2", "vector", True, False), (3, 4, "max", "sparse", False, True),
        (4, 15, "l1", "array_double", False, True), (8, 12, "l1", "vector", True, False),
    ]):
        n = 70
        p = g.distributions(n, k, zeros=storage == "sparse", sharp=2.0)
        if ties:
            p[:5] = np.full(k, 1.0 / k)
            p[5:8] = 0.0
            p[5:8, :2] = 0.5
        if storage == "array_float":
            p = g.as_stored(p, storage)
            p = g.as_stored(p / p.sum(axis=1, keepdims=True), storage)
        y = rng.integers(0, k, size=n)
        sw = g.sample_weights(n) if sample else None
        c, a = multiclass_conf(p, y)
        params = {"numBins": bins}
        if norm != "l1":
            params["norm"] = norm
        cases.append(g.case(f"ece_multiclass_{i}_k{k}_B{bins}_{norm}_{storage}", params, y.tolist(), p,
                            ece(c, a, bins, norm, sw), ref, label_type="int", prediction_storage=storage,
                            weights=sw))
    with open(os.path.join(g.OUT, "ece.json"), "w") as f:
        json.dump({"loss": "ece", "generator": "src/test/python/make_ece_goldens.py", "cases": cases}, f,
                  indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"ece: {len(cases)} cases")


if __name__ == "__main__":
    main()
