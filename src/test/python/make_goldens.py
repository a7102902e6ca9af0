#!/usr/bin/env python3
"""Writes the golden cases of LossDive's evaluators from independent references.

Every expected value comes from PyTorch (torch.nn.functional), scikit-learn or, for Spark's
clipped logLoss, Spark's own formula written out below and cross-checked against scikit-learn.
Run with Debian's python3-torch and python3-sklearn:

    apt-get install -y python3-torch python3-sklearn
    /usr/bin/python3 src/test/python/make_goldens.py

It writes src/test/resources/golden/<loss>.json; the Java tests read those files, so CI needs no
Python. Per-sample weights (LossDive's weightCol) have no torch argument: the reference is torch's
reduction='none' output, combined as sum(s * l) / sum(s * d), where d is torch's own mean
denominator for the row (the class weight for cross-entropy and NLL, 1 otherwise, K for the
element means of KL 'mean' and multi-label BCE).
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import hinge_loss, log_loss

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")
rng = np.random.default_rng(20261123)

STORAGES = ["vector", "sparse", "array_double", "array_float"]
LABEL_TYPES = ["double", "int", "long", "short", "byte", "float", "decimal"]


def as_stored(x, storage):
    """Values as the column will hold them: array<float> rounds to float32."""
    x = np.asarray(x, dtype=np.float64)
    if storage == "array_float" or storage == "float_scalar":
        return x.astype(np.float32).astype(np.float64)
    return x


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def distributions(n, k, zeros=False, sharp=1.0):
    p = softmax(rng.normal(size=(n, k)) * sharp)
    if zeros:
        # Exact zeros (and some rows with an exact one) exercise clipping and sparse vectors.
        p[p < np.quantile(p, 0.4)] = 0.0
        p[0] = 0.0
        p[0, 0] = 1.0
        p = p / p.sum(axis=1, keepdims=True)
    return p


def weighted(per_row, den, weights):
    """sum(s*l)/sum(s*d) for LossDive's weightCol; torch's own mean when weights is None."""
    per_row = np.asarray(per_row, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    s = np.ones(len(per_row)) if weights is None else np.asarray(weights)
    return float((s * per_row).sum() / (s * den).sum())


def case(name, params, labels, predictions, expected, reference, label_type="double",
         prediction_storage="vector", weights=None, label_storage=None):
    rows = []
    for i in range(len(predictions)):
        p = predictions[i]
        lab = labels[i]
        row = {
            "label": lab.tolist() if isinstance(lab, np.ndarray) else lab,
            "prediction": p.tolist() if isinstance(p, np.ndarray) else float(p),
        }
        if weights is not None:
            row["weight"] = float(weights[i])
        rows.append(row)
    return {
        "name": name,
        "params": params,
        "labelType": label_storage or label_type,
        "predictionStorage": prediction_storage,
        "weighted": weights is not None,
        "rows": rows,
        "expected": expected,
        "reference": reference,
    }


def sample_weights(n):
    w = rng.uniform(0.0, 3.0, size=n)
    w[0] = 0.0
    return w


# ----------------------------------------------------------------------------------------------
# Cross-entropy
# ----------------------------------------------------------------------------------------------

def ce_torch(logits_or_logp, y, weight=None, ignore=None, smoothing=0.0, soft=False):
    """torch cross_entropy per row (reduction='none') and its mean denominators."""
    x = torch.tensor(logits_or_logp)
    w = None if weight is None else torch.tensor(weight)
    if soft:
        t = torch.tensor(y)
        per_row = F.cross_entropy(x, t, weight=w, reduction="none", label_smoothing=smoothing)
        return per_row.numpy(), np.ones(len(y))
    t = torch.tensor(y, dtype=torch.long)
    kwargs = {} if ignore is None else {"ignore_index": ignore}
    per_row = F.cross_entropy(x, t, weight=w, reduction="none", label_smoothing=smoothing, **kwargs)
    den = np.array([0.0 if (ignore is not None and yi == ignore) else (1.0 if weight is None else weight[yi])
                    for yi in y])
    # torch's own mean must agree with sum/den when rows are unweighted.
    mean = F.cross_entropy(x, t, weight=w, reduction="mean", label_smoothing=smoothing, **kwargs).item()
    assert abs(mean - per_row.sum().item() / den.sum()) <= 1e-12 * abs(mean) + 1e-300, (mean,)
    return per_row.numpy(), den


def spark_log_loss(p, y, eps, weights=None):
    """Spark's MulticlassMetrics.logLoss: mean of -log(clip(p[y], eps, 1-eps)), weighted."""
    py = np.clip(p[np.arange(len(y)), y], eps, 1 - eps)
    return weighted(-np.log(py), np.ones(len(y)), weights)


def cross_entropy_cases():
    cases = []
    # Probabilities: Spark's logLoss, cross-checked with scikit-learn's log_loss.
    for i, (k, storage, zeros, label_type, eps) in enumerate([
        (2, "vector", False, "double", 1e-15), (3, "sparse", True, "int", 1e-15),
        (5, "array_double", False, "long", 1e-7), (10, "array_float", False, "short", 1e-15),
        (50, "vector", True, "byte", 1e-3), (4, "vector", False, "decimal", 1e-15),
        (3, "array_double", True, "float", 1e-15),
    ]):
        n = 40
        p = as_stored(distributions(n, k, zeros=zeros, sharp=3.0), storage)
        if storage == "array_float":
            p = p / p.sum(axis=1, keepdims=True)  # stays within the 1e-6 distribution check
            p = as_stored(p, storage)
        y = rng.integers(0, k, size=n)
        for weights in [None, sample_weights(n)] if i % 2 == 0 else [None]:
            expected = spark_log_loss(p, y, eps, weights)
            if not zeros:
                ref = log_loss(y, p, eps=eps, labels=list(range(k)), sample_weight=weights)
                assert abs(ref - expected) <= 1e-9 * expected, (ref, expected)
            params = {} if eps == 1e-15 else {"eps": eps}
            cases.append(case(f"ce_prob_k{k}_{storage}_{label_type}{'_w' if weights is not None else ''}",
                              params, y.tolist(), p, expected,
                              "Spark MulticlassMetrics.logLoss formula; scikit-learn log_loss",
                              label_type=label_type, prediction_storage=storage, weights=weights))
    # Logits and log-probabilities: torch cross_entropy with every param.
    combos = [
        dict(k=2, scale=1.0), dict(k=3, scale=1000.0), dict(k=5, weight=True),
        dict(k=10, ignore=2), dict(k=10, smoothing=0.1), dict(k=4, weight=True, smoothing=0.25, ignore=1),
        dict(k=50, scale=20.0, smoothing=0.05), dict(k=7, soft=True), dict(k=7, soft=True, weight=True, smoothing=0.2),
        dict(k=3, logp=True), dict(k=6, logp=True, weight=True), dict(k=5, sum=True, weight=True),
        dict(k=5, sample=True, weight=True), dict(k=8, sample=True, soft=True),
        dict(k=4, ignore=-100, sample=True, smoothing=0.3), dict(k=3, scale=1000.0, soft=True),
        dict(k=20, storage="array_float"), dict(k=6, storage="array_double", sum=True, ignore=0),
    ]
    for c in combos:
        k, n = c["k"], 50
        storage = c.get("storage", "vector")
        x = as_stored(rng.normal(size=(n, k)) * c.get("scale", 3.0), storage)
        if c.get("logp"):
            x = torch.log_softmax(torch.tensor(x), 1).numpy()
        weight = rng.uniform(0.1, 2.0, size=k) if c.get("weight") else None
        smoothing = c.get("smoothing", 0.0)
        ignore = c.get("ignore")
        if c.get("soft"):
            y = distributions(n, k, zeros=True)
        else:
            y = rng.integers(0, k, size=n)
            if ignore is not None and 0 <= ignore < k:
                y[:5] = ignore
        per_row, den = ce_torch(x, y, weight, ignore, smoothing, soft=c.get("soft", False))
        sw = sample_weights(n) if c.get("sample") else None
        expected = float(per_row.sum()) if c.get("sum") else weighted(per_row, den, sw)
        params = {"predictionType": "logProbabilities" if c.get("logp") else "logits"}
        if weight is not None:
            params["classWeights"] = weight.tolist()
        if ignore is not None:
            params["ignoreIndex"] = int(ignore)
        if smoothing:
            params["labelSmoothing"] = smoothing
        if c.get("sum"):
            params["reduction"] = "sum"
        name = "ce_" + "_".join(f"{a}{'' if b is True else b}" for a, b in c.items())
        cases.append(case(name, params, y if c.get("soft") else y.tolist(), x, expected,
                          "torch.nn.functional.cross_entropy", prediction_storage=storage,
                          weights=sw, label_storage="vector" if c.get("soft") else "int"))
    # Probabilities with label smoothing and class weights: torch cross_entropy semantics on the
    # clipped log-probabilities (log_softmax of log p is log p for a distribution; here torch's
    # nll_loss on log(clip(p)) gives the hard part, and the smoothing term is written out).
    for k, smoothing, with_weight in [(4, 0.1, False), (6, 0.0, True), (3, 0.2, True)]:
        n = 30
        p = distributions(n, k, zeros=True)
        y = rng.integers(0, k, size=n)
        logp = np.log(np.clip(p, 1e-15, 1 - 1e-15))
        w = rng.uniform(0.1, 2.0, size=k) if with_weight else np.ones(k)
        nll = F.nll_loss(torch.tensor(logp), torch.tensor(y), weight=torch.tensor(w), reduction="none").numpy()
        smooth = -(logp * w).sum(axis=1)
        per_row = (1 - smoothing) * nll + smoothing / k * smooth
        expected = weighted(per_row, w[y], None)
        params = {"labelSmoothing": smoothing} if smoothing else {}
        if with_weight:
            params["classWeights"] = w.tolist()
        cases.append(case(f"ce_prob_smooth{smoothing}_w{with_weight}_k{k}", params, y.tolist(), p, expected,
                          "torch.nn.functional.nll_loss on log(clip(p)) plus torch's smoothing term"))
    return cases


# ----------------------------------------------------------------------------------------------
# NLL
# ----------------------------------------------------------------------------------------------

def nll_cases():
    cases = []
    settings = []
    for k in [2, 3, 5, 10, 50]:
        for storage in STORAGES[:3] if k != 50 else ["vector"]:
            settings.append(dict(k=k, storage=storage))
    settings += [dict(k=4, weight=True), dict(k=4, ignore=1), dict(k=6, weight=True, ignore=0),
                 dict(k=5, sum=True), dict(k=5, sum=True, weight=True), dict(k=3, sample=True),
                 dict(k=3, sample=True, weight=True), dict(k=7, storage="array_float"),
                 dict(k=3, scale=1000.0), dict(k=12, ignore=-100, weight=True),
                 dict(k=2, label_type="long"), dict(k=3, label_type="decimal"), dict(k=3, label_type="float")]
    for c in settings:
        k, n = c["k"], 40
        storage = c.get("storage", "vector")
        x = torch.log_softmax(torch.tensor(rng.normal(size=(n, k)) * c.get("scale", 2.0)), 1).numpy()
        if c.get("scale", 2.0) > 100:
            x = np.maximum(x, -1e300)  # the winner's neighbours are -1000ish: finite, as required
        x = as_stored(x, storage)
        y = rng.integers(0, k, size=n)
        ignore = c.get("ignore")
        if ignore is not None and 0 <= ignore < k:
            y[:4] = ignore
        w = rng.uniform(0.1, 2.0, size=k) if c.get("weight") else None
        kwargs = {} if ignore is None else {"ignore_index": ignore}
        per_row = F.nll_loss(torch.tensor(x), torch.tensor(y), weight=None if w is None else torch.tensor(w),
                             reduction="none", **kwargs).numpy()
        den = np.array([0.0 if yi == ignore else (1.0 if w is None else w[yi]) for yi in y])
        sw = sample_weights(n) if c.get("sample") else None
        if c.get("sum"):
            expected = F.nll_loss(torch.tensor(x), torch.tensor(y), weight=None if w is None else torch.tensor(w),
                                  reduction="sum", **kwargs).item()
        elif sw is None:
            expected = F.nll_loss(torch.tensor(x), torch.tensor(y), weight=None if w is None else torch.tensor(w),
                                  reduction="mean", **kwargs).item()
        else:
            expected = weighted(per_row, den, sw)
        params = {}
        if w is not None:
            params["classWeights"] = w.tolist()
        if ignore is not None:
            params["ignoreIndex"] = int(ignore)
        if c.get("sum"):
            params["reduction"] = "sum"
        name = "nll_" + "_".join(f"{a}{'' if b is True else b}" for a, b in c.items())
        cases.append(case(name, params, y.tolist(), x, expected, "torch.nn.functional.nll_loss",
                          label_type=c.get("label_type", "double"), prediction_storage=storage, weights=sw))
    return cases


# ----------------------------------------------------------------------------------------------
# Hinge
# ----------------------------------------------------------------------------------------------

def hinge_cases():
    cases = []
    # Binary: scikit-learn hinge_loss (margin 1); other margins and squared written out by hand.
    for i, (storage, labels01, margin, squared, sample, label_type) in enumerate([
        ("scalar", True, 1.0, False, False, "double"), ("scalar", False, 1.0, False, False, "int"),
        ("vector", True, 1.0, False, False, "long"), ("array_double", False, 1.0, False, True, "double"),
        ("scalar", True, 2.0, False, False, "double"), ("scalar", True, 1.0, True, False, "short"),
        ("vector", False, 0.5, True, True, "double"), ("float_scalar", True, 1.0, False, False, "byte"),
        ("scalar", True, 1.0, False, False, "decimal"), ("array_float", True, 1.0, False, False, "double"),
    ]):
        n = 60
        f = as_stored(rng.normal(size=n) * 2.0, storage)
        y01 = rng.integers(0, 2, size=n)
        ypm = 2 * y01 - 1
        labels = y01 if labels01 else ypm
        sw = sample_weights(n) if sample else None
        if margin == 1.0 and not squared:
            expected = float(hinge_loss(ypm, f, sample_weight=sw))
            ref = "sklearn.metrics.hinge_loss"
        else:
            per_row = np.maximum(0.0, margin - ypm * f) ** (2 if squared else 1)
            expected = weighted(per_row, np.ones(n), sw)
            ref = "hand: max(0, margin - y*f)^p, sklearn hinge_loss generalised"
        if storage in ("vector", "array_double", "array_float"):
            preds = np.stack([-f, f], axis=1)  # as LinearSVC writes rawPrediction
        else:
            preds = f
        params = {}
        if margin != 1.0:
            params["margin"] = margin
        if squared:
            params["squared"] = True
        cases.append(case(f"hinge_bin_{i}_{storage}", params, labels.tolist(), preds, expected, ref,
                          label_type=label_type,
                          prediction_storage="float" if storage == "float_scalar" else storage, weights=sw))
    # Crammer-Singer: scikit-learn's multiclass hinge_loss.
    for k, storage, sample in [(3, "vector", False), (5, "sparse", False), (10, "array_double", True),
                               (50, "vector", False), (4, "array_float", False), (3, "vector", True)]:
        n = 50
        x = as_stored(rng.normal(size=(n, k)) * 2.0, storage)
        if storage == "sparse":
            x[np.abs(x) < 1.0] = 0.0
        y = rng.integers(0, k, size=n)
        y[:k] = np.arange(k)  # scikit-learn needs every class present
        sw = sample_weights(n) if sample else None
        expected = float(hinge_loss(y, x, labels=list(range(k)), sample_weight=sw))
        cases.append(case(f"hinge_cs_k{k}_{storage}", {}, y.tolist(), x, expected,
                          "sklearn.metrics.hinge_loss (Crammer-Singer)", prediction_storage=storage, weights=sw))
    for k, margin, squared in [(4, 2.0, False), (6, 1.0, True)]:
        n = 40
        x = rng.normal(size=(n, k))
        y = rng.integers(0, k, size=n)
        other = np.where(np.eye(k, dtype=bool)[y], -np.inf, x).max(axis=1)
        per_row = np.maximum(0.0, margin - (x[np.arange(n), y] - other)) ** (2 if squared else 1)
        params = {"margin": margin} if margin != 1.0 else {}
        if squared:
            params["squared"] = True
        cases.append(case(f"hinge_cs_k{k}_m{margin}_sq{squared}", params, y.tolist(), x, float(per_row.mean()),
                          "hand: Crammer-Singer with margin m and square"))
    # Weston-Watkins: torch multi_margin_loss.
    for k, margin, squared, weight, red, sample in [
        (3, 1.0, False, False, "mean", False), (5, 1.0, True, False, "mean", False),
        (10, 0.5, False, True, "mean", False), (4, 2.0, True, True, "sum", False),
        (7, 1.0, False, True, "mean", True), (50, 1.0, False, False, "mean", False),
        (3, 1.0, False, False, "sum", False),
    ]:
        n = 40
        x = rng.normal(size=(n, k)) * 2.0
        y = rng.integers(0, k, size=n)
        w = rng.uniform(0.1, 2.0, size=k) if weight else None
        tw = None if w is None else torch.tensor(w)
        per_row = F.multi_margin_loss(torch.tensor(x), torch.tensor(y), p=2 if squared else 1, margin=margin,
                                      weight=tw, reduction="none").numpy()
        sw = sample_weights(n) if sample else None
        if sw is None:
            expected = F.multi_margin_loss(torch.tensor(x), torch.tensor(y), p=2 if squared else 1, margin=margin,
                                           weight=tw, reduction=red).item()
        else:
            expected = weighted(per_row, np.ones(n), sw)
        params = {"multiclassFormula": "westonWatkins"}
        if margin != 1.0:
            params["margin"] = margin
        if squared:
            params["squared"] = True
        if w is not None:
            params["classWeights"] = w.tolist()
        if red == "sum":
            params["reduction"] = "sum"
        cases.append(case(f"hinge_ww_k{k}_m{margin}_sq{squared}_w{weight}_{red}_s{sample}", params, y.tolist(), x,
                          expected, "torch.nn.functional.multi_margin_loss", weights=sw))
    return cases


# ----------------------------------------------------------------------------------------------
# Binary cross-entropy
# ----------------------------------------------------------------------------------------------

def bce_cases():
    cases = []
    for i, (ptype, storage, soft, pos_weight, red, sample, extreme, label_type) in enumerate([
        ("probabilities", "scalar", False, None, "mean", False, False, "double"),
        ("probabilities", "vector", False, None, "mean", False, False, "int"),
        ("probabilities", "scalar", True, None, "mean", False, False, "double"),
        ("probabilities", "scalar", False, None, "sum", False, True, "long"),
        ("probabilities", "array_double", False, None, "mean", True, True, "double"),
        ("probabilities", "float_scalar", True, None, "mean", False, False, "double"),
        ("probabilities", "scalar", False, 3.0, "mean", False, False, "double"),
        ("logits", "scalar", False, None, "mean", False, False, "double"),
        ("logits", "scalar", True, None, "mean", False, True, "double"),
        ("logits", "vector", False, 2.5, "mean", False, False, "short"),
        ("logits", "scalar", False, 0.5, "sum", True, False, "double"),
        ("logits", "array_float", True, None, "mean", False, False, "double"),
        ("logits", "scalar", False, None, "mean", False, False, "decimal"),
        ("probabilities", "scalar", False, None, "mean", False, False, "byte"),
        ("probabilities", "vector", True, 2.0, "mean", True, False, "double"),
        ("logits", "array_double", False, None, "sum", False, True, "double"),
        ("logits", "scalar", False, 4.0, "mean", True, True, "float"),
        ("probabilities", "array_float", False, None, "mean", False, False, "double"),
        ("logits", "float_scalar", False, None, "mean", False, False, "long"),
        ("probabilities", "scalar", True, 0.25, "sum", False, True, "double"),
    ]):
        n = 60
        if ptype == "probabilities":
            x = rng.uniform(0, 1, size=n)
            if extreme:
                x[:6] = [0.0, 1.0, 0.0, 1.0, 1e-300, 1 - 1e-16]
        else:
            x = rng.normal(size=n) * 3.0
            if extreme:
                x[:4] = [1000.0, -1000.0, 800.0, -800.0]
        x = as_stored(x, storage)
        y = rng.uniform(0, 1, size=n) if soft else rng.integers(0, 2, size=n).astype(np.float64)
        if extreme and not soft:
            y[:6] = [0, 1, 1, 0, 1, 0]
        xt, yt = torch.tensor(x), torch.tensor(y)
        if ptype == "probabilities":
            if pos_weight is None:
                per_row = F.binary_cross_entropy(xt, yt, reduction="none").numpy()
                ref = "torch.nn.functional.binary_cross_entropy"
            else:
                # torch has no pos_weight for probabilities: its per-term clamped logs, pos term weighted.
                per_row = (-(pos_weight * yt * torch.clamp(torch.log(xt), min=-100)
                             + (1 - yt) * torch.clamp(torch.log1p(-xt), min=-100))).numpy()
                ref = "hand: torch's clamped log terms with the positive term times posWeight"
        else:
            pw = None if pos_weight is None else torch.tensor([pos_weight])
            per_row = F.binary_cross_entropy_with_logits(xt, yt, pos_weight=pw, reduction="none").numpy()
            ref = "torch.nn.functional.binary_cross_entropy_with_logits"
        sw = sample_weights(n) if sample else None
        expected = float(per_row.sum()) if red == "sum" and sw is None else (
            float((sw * per_row).sum()) if red == "sum" else weighted(per_row, np.ones(n), sw))
        preds = np.stack([1 - x, x], axis=1) if storage in ("vector", "array_double") and ptype == "probabilities" \
            else (np.stack([-x, x], axis=1) if storage in ("vector", "array_double", "array_float") else x)
        if storage == "array_float":
            preds = as_stored(preds, storage)
        params = {"predictionType": ptype} if ptype != "probabilities" else {}
        if pos_weight is not None:
            params["posWeight"] = pos_weight
        if red == "sum":
            params["reduction"] = "sum"
        cases.append(case(f"bce_{i}_{ptype}_{storage}", params, y.tolist(), preds, expected, ref,
                          label_type=label_type if not soft else "double",
                          prediction_storage="float" if storage == "float_scalar" else storage, weights=sw))
    # Multi-label: equal-length label and prediction vectors, mean over all elements.
    for i, (ptype, L, pos, storage, sample) in enumerate([
        ("probabilities", 3, None, "vector", False), ("logits", 5, None, "array_double", False),
        ("logits", 4, "vector", "vector", False), ("probabilities", 6, None, "array_float", True),
        ("logits", 3, "scalar", "array_double", True), ("probabilities", 2, None, "sparse", False),
    ]):
        n = 40
        x = rng.uniform(0, 1, size=(n, L)) if ptype == "probabilities" else rng.normal(size=(n, L)) * 2
        if storage == "sparse":
            x[x < 0.3] = 0.0
        x = as_stored(x, storage)
        y = rng.integers(0, 2, size=(n, L)).astype(np.float64)
        if storage == "sparse":
            y[x == 0.0] = 0.0
        xt, yt = torch.tensor(x), torch.tensor(y)
        pw = None
        params = {"predictionType": ptype} if ptype != "probabilities" else {}
        if pos == "vector":
            pw = rng.uniform(0.5, 3.0, size=L)
            params["posWeights"] = pw.tolist()
        elif pos == "scalar":
            pw = np.full(L, 2.0)
            params["posWeight"] = 2.0
        if ptype == "probabilities":
            per_el = F.binary_cross_entropy(xt, yt, reduction="none").numpy()
            ref = "torch.nn.functional.binary_cross_entropy"
        else:
            per_el = F.binary_cross_entropy_with_logits(
                xt, yt, pos_weight=None if pw is None else torch.tensor(pw), reduction="none").numpy()
            ref = "torch.nn.functional.binary_cross_entropy_with_logits"
        sw = sample_weights(n) if sample else None
        if sw is None:
            expected = float(per_el.mean())
        else:
            expected = weighted(per_el.sum(axis=1), np.full(n, L), sw)
        cases.append(case(f"bce_multilabel_{i}_{ptype}_L{L}", params, y, x, expected, ref,
                          label_storage="vector" if storage != "array_double" else "array_double",
                          prediction_storage=storage, weights=sw))
    return cases


# ----------------------------------------------------------------------------------------------
# KL divergence
# ----------------------------------------------------------------------------------------------

def kl_cases():
    cases = []
    for i, (k, ptype, log_target, red, zeros, storage, sample) in enumerate([
        (2, "probabilities", False, "batchmean", False, "vector", False),
        (3, "probabilities", False, "batchmean", True, "vector", False),
        (5, "probabilities", False, "mean", False, "array_double", False),
        (10, "probabilities", False, "sum", True, "sparse", False),
        (50, "probabilities", False, "batchmean", False, "vector", False),
        (4, "logProbabilities", False, "batchmean", False, "vector", False),
        (4, "logProbabilities", True, "batchmean", False, "array_double", False),
        (6, "logProbabilities", True, "mean", False, "vector", False),
        (6, "probabilities", True, "sum", False, "vector", False),
        (3, "probabilities", False, "batchmean", True, "vector", True),
        (7, "logProbabilities", False, "mean", True, "vector", True),
        (8, "probabilities", False, "batchmean", False, "array_float", False),
        (20, "probabilities", False, "mean", True, "vector", False),
        (3, "logProbabilities", False, "sum", True, "array_double", False),
        (5, "probabilities", False, "batchmean", True, "sparse", False),
        (2, "logProbabilities", True, "sum", False, "array_double", True),
        (10, "probabilities", False, "mean", False, "array_float", True),
        (4, "probabilities", True, "batchmean", False, "sparse", False),
        (30, "logProbabilities", False, "batchmean", True, "vector", False),
        (3, "probabilities", False, "sum", True, "vector", True),
        (12, "logProbabilities", True, "batchmean", False, "vector", True),
        (6, "probabilities", False, "batchmean", True, "array_double", False),
        (9, "logProbabilities", False, "mean", False, "array_float", False),
        (2, "probabilities", False, "mean", True, "vector", False),
        (16, "probabilities", True, "mean", False, "vector", False),
    ]):
        n = 40
        pred = distributions(n, k, sharp=2.0)
        if storage == "array_float":
            pred = as_stored(pred, storage)
            pred = as_stored(pred / pred.sum(axis=1, keepdims=True), storage)
        target = distributions(n, k, zeros=zeros, sharp=2.0)
        logp = np.log(pred)
        if ptype == "logProbabilities":
            logp = as_stored(logp, storage)
            pred_col = logp
        else:
            pred_col = pred
        if log_target:
            with np.errstate(divide="ignore"):
                tcol = np.log(target)
        else:
            tcol = target
        inp = torch.tensor(logp)
        per_el = F.kl_div(inp, torch.tensor(tcol), reduction="none", log_target=log_target).numpy()
        per_el = np.nan_to_num(per_el, nan=0.0)
        sw = sample_weights(n) if sample else None
        d = k if red == "mean" else 1
        if sw is None:
            expected = F.kl_div(inp, torch.tensor(tcol), reduction=red, log_target=log_target).item()
        elif red == "sum":
            expected = float((sw * per_el.sum(axis=1)).sum())
        else:
            expected = weighted(per_el.sum(axis=1), np.full(n, d), sw)
        params = {}
        if ptype != "probabilities":
            params["predictionType"] = ptype
        if log_target:
            params["logTarget"] = True
        if red != "batchmean":
            params["reduction"] = red
        cases.append(case(f"kl_{i}_k{k}_{ptype}_{red}", params, tcol, pred_col, expected,
                          "torch.nn.functional.kl_div", label_storage="vector" if storage != "array_double"
                          else "array_double", prediction_storage=storage, weights=sw))
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in [("crossEntropy", cross_entropy_cases), ("nll", nll_cases), ("hinge", hinge_cases),
                       ("bce", bce_cases), ("kl", kl_cases)]:
        cases = make()
        for c in cases:
            assert np.isfinite(c["expected"]), c["name"]
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"loss": name, "generator": "src/test/python/make_goldens.py",
                       "torch": torch.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: {len(cases)} cases")


if __name__ == "__main__":
    main()
