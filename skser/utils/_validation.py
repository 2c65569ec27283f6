"""Parameter constraints shared by every torch-trained estimator, and level checks."""

import math
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


def check_levels(levels, name, what, minimum=None):
    """Refuse a level that is not a finite number (or is below ``minimum``).

    The one check of the levels of a perturbation (noise SNRs in dB, FGSM sizes),
    shared by the noise augmentation, the attack and the robustness evaluation.

    Parameters
    ----------
    levels : iterable
        The levels given.
    name : str
        The argument's name, for the message.
    what : str
        What a level is, in words, for the message.
    minimum : float, default=None
        The smallest level allowed (None: any finite number).

    Raises
    ------
    ValueError
        Naming the argument and the level, for a level that is not a finite
        number (NaN, infinity, text) or is below ``minimum``.
    """
    for level in levels:
        try:
            value = float(level)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value) or (minimum is not None and value < minimum):
            bound = "" if minimum is None else f" >= {minimum}"
            raise ValueError(
                f"{name}: {level!r} is not a usable {what}; give finite numbers{bound}"
            )


def check_waveforms(waveforms, name, dtype=None):
    """Return ``waveforms`` as an array of shape (n, samples), every sample finite.

    Parameters
    ----------
    waveforms : array-like of shape (n, samples)
        Audio, one utterance per row.
    name : str
        The argument's name, for the message.
    dtype : numpy dtype, default=None
        The array's dtype (None: float64).

    Returns
    -------
    waveforms : ndarray of shape (n, samples)

    Raises
    ------
    ValueError
        If the array is not two-dimensional, or a sample is NaN or infinite (the
        message names the first such row: a NaN would spread to every score).
    """
    import numpy as np

    array = np.asarray(waveforms, dtype=np.float64 if dtype is None else dtype)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be an array of shape (n, samples), one utterance per "
            f"row; got shape {array.shape}"
        )
    finite = np.isfinite(array).all(axis=1)
    if not finite.all():
        row = int(np.flatnonzero(~finite)[0])
        raise ValueError(
            f"{name}: row {row} holds NaN or infinite samples ({int((~finite).sum())}"
            " row(s) in all); drop or repair those utterances first"
        )
    return array
