"""The numerics the two learned models share (coach/resources/model.py, the issue types;
coach/analysis/second_opinion.py, the verdicts): logistic outputs, one Adam step, and the
rounding and digest that make a saved model the same text for the same weights.

Both are trained by full-batch gradient descent from zero weights for a fixed number of
steps, with no random step, so the same goals always give the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

DIGITS = 4  # decimals kept in saved weights: enough for any ranking, stable across runs


def sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(logits, -30, 30)))


def adam_step(
    gradient: np.ndarray, moments: list[np.ndarray], step: int, learning_rate: float
) -> np.ndarray:
    """One Adam update (beta 0.9 and 0.999), keeping its running moments in `moments`."""
    moments[0] = 0.9 * moments[0] + 0.1 * gradient
    moments[1] = 0.999 * moments[1] + 0.001 * gradient * gradient
    mean = moments[0] / (1 - 0.9**step)
    variance = moments[1] / (1 - 0.999**step)
    return learning_rate * mean / (np.sqrt(variance) + 1e-8)


def rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), DIGITS) + 0.0 for v in values]  # + 0.0 turns -0.0 into 0.0


def weights_digest(body: Mapping[str, Any]) -> str:
    """A model's version: a digest of its weights, so it changes exactly when they do."""
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]
