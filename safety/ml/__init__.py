"""The crisis scanner's second layer: all-MiniLM-L6-v2 run in numpy, and a classifier on it.

    layer = load_layer_or_none(strict=False)   # None (and an error logged) if it cannot load
    result = combine(scanner.scan(text, lexicon), layer.rate(text) if layer else None)

See safety/ml/layer.py for the contract and safety/ml/train.py for the training.
"""

from safety.ml.layer import (
    ModelLayer,
    ModelLoadError,
    ModelRating,
    combine,
    load_layer_or_none,
)

__all__ = ["ModelLayer", "ModelLoadError", "ModelRating", "combine", "load_layer_or_none"]
