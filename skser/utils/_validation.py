"""Parameter constraints shared by every torch-trained estimator."""

from numbers import Integral, Real

from sklearn.utils._param_validation import Interval

#: Constraints of the training settings every skorch-trained model shares, for
#: ``_parameter_constraints`` (scikit-learn validates them in ``fit``).
TRAINING_CONSTRAINTS = {
    "max_epochs": [Interval(Integral, 1, None, closed="left")],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "lr": [Interval(Real, 0, None, closed="neither")],
    "device": [str],
    "verbose": ["verbose"],
    "random_state": ["random_state"],
}
