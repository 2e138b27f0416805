"""Logistic regression on sentence embeddings, trained in numpy by Newton's method.

Why logistic regression: on about 2,000 labelled posts a one-hidden-layer network fitted the
training split perfectly and did no better on validation (see safety/ml/train.py), and a
convex fit solved by Newton's method lands on the same weights on every machine up to rounding,
which the reproducibility test relies on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LogisticHead:
    """P(positive | embedding) = sigmoid(((x - mean) / scale) . weights + bias)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def predict(self, embeddings: np.ndarray) -> np.ndarray:
        z = ((embeddings - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, l2: float, positive_weight: float = 1.0, max_steps: int = 100
) -> LogisticHead:
    """Fit with an L2 penalty on the weights (not the bias). Features are standardised first;
    a few of all-MiniLM-L6-v2's dimensions are always ~0, hence the floor on the scale."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = np.maximum(x.std(axis=0), 1e-3)
    features = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    sample_weight = np.where(y == 1, positive_weight, 1.0)
    penalty = np.full(features.shape[1], l2)
    penalty[-1] = 0.0
    w = np.zeros(features.shape[1])
    for _ in range(max_steps):
        p = 1.0 / (1.0 + np.exp(-(features @ w)))
        gradient = features.T @ (sample_weight * (p - y)) + penalty * w
        curvature = sample_weight * p * (1.0 - p)
        hessian = (features * curvature[:, None]).T @ features + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-12:
            break
    return LogisticHead(mean=mean, scale=scale, weights=w[:-1], bias=float(w[-1]))
