"""Deprecated old path of :mod:`skser.latent` (removed in 0.6)."""

from skser.utils import moved

# _LatentModel was exported here; old pickles and subclasses may still name it.
# evaluate_label_fractions moved on from skser.latent to skser.evaluation.
__getattr__, __dir__ = moved(
    __name__, "skser.latent", {"_LatentModel": "skser.latent._base",
                               "evaluate_label_fractions": "skser.evaluation"},
)  # fmt: skip
