#!/usr/bin/env python3
"""Writes torch's per-row cross-entropy (reduction='none') for the logits cases of the golden file.

LossFunctions.perRow promises torch's reduction='none' values: class weights applied, 0 for an
ignored target. This script reads the inputs of src/test/resources/golden/crossEntropy.json (written
by make_goldens.py), runs torch.nn.functional.cross_entropy on them with each case's params, and
writes src/test/resources/golden/perRow/crossEntropy.json: {case name: [per-row loss, ...]}.

    apt-get install -y python3-torch
    /usr/bin/python3 src/test/python/make_per_row_goldens.py
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
GOLDEN = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")


def per_row(case):
    p = case["params"]
    x = torch.tensor([r["prediction"] for r in case["rows"]])
    if p.get("predictionType") == "logProbabilities":
        x = torch.log_softmax(x, 1)  # what cross_entropy does to its input anyway
    weight = torch.tensor(p["classWeights"]) if "classWeights" in p else None
    labels = [r["label"] for r in case["rows"]]
    soft = isinstance(labels[0], list)
    target = torch.tensor(labels) if soft else torch.tensor([int(y) for y in labels], dtype=torch.long)
    kwargs = {} if soft or "ignoreIndex" not in p else {"ignore_index": p["ignoreIndex"]}
    return F.cross_entropy(x, target, weight=weight, reduction="none",
                           label_smoothing=p.get("labelSmoothing", 0.0), **kwargs).tolist()


def main():
    with open(os.path.join(GOLDEN, "crossEntropy.json")) as f:
        cases = json.load(f)["cases"]
    out = {"generator": "src/test/python/make_per_row_goldens.py", "torch": torch.__version__,
           "reference": "torch.nn.functional.cross_entropy(reduction='none')", "cases": {}}
    for c in cases:
        if c["params"].get("predictionType") in ("logits", "logProbabilities") and not c["weighted"]:
            out["cases"][c["name"]] = per_row(c)
    os.makedirs(os.path.join(GOLDEN, "perRow"), exist_ok=True)
    with open(os.path.join(GOLDEN, "perRow", "crossEntropy.json"), "w") as f:
        json.dump(out, f)
    print(len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
