"""Old path of the robustness names, until version 0.6: each warns and names its home.

Noise augmentation moved to :mod:`skser.augmentation`, the FGSM attack to
:mod:`skser.nn`, the robustness evaluation and experiment to
:mod:`skser.evaluation`, and its figure to :mod:`skser.plotting`.
"""

from skser.utils import moved

__getattr__ = moved(
    __name__, "skser.evaluation", {
        "add_noise": "skser.augmentation",
        "babble_noise": "skser.augmentation",
        "white_noise": "skser.augmentation",
        "fgsm": "skser.nn",
        "evaluate_robustness": "skser.evaluation",
        "robustness_experiment": "skser.evaluation",
        "plot_robustness": "skser.plotting",
    }, rest=False,
)[0]  # fmt: skip
