"""Noise augmentation: white and babble noise added at a signal-to-noise ratio.

Pure functions of numpy arrays. Latif et al. (Interspeech 2020) train and test
speech emotion models on audio with additive white noise and speech babble at
20, 10 and 0 dB; :func:`skser.evaluation.evaluate_robustness` scores fitted
models on such copies, and the same functions make noisy training copies.
"""

import numpy as np
from sklearn.utils import check_random_state

from skser.utils._validation import check_levels, check_waveforms

__all__ = ["add_noise", "babble_noise", "noisy_copy", "white_noise"]


def add_noise(waveforms, noise, snr_db):
    """Add noise to each waveform at a given signal-to-noise ratio.

    The noise of each row is scaled so that ``10 log10(P_signal / P_noise)`` equals
    ``snr_db``, with ``P`` the mean power over the row. Silent rows, or rows of
    silent noise, are returned unchanged.

    Parameters
    ----------
    waveforms : ndarray of shape (n, samples)
        Clean signals.
    noise : ndarray of shape (n, samples)
        Noise, any level.
    snr_db : float
        Target signal-to-noise ratio in dB.

    Returns
    -------
    noisy : ndarray of shape (n, samples)
        ``waveforms + scale * noise``, float32.

    Raises
    ------
    ValueError
        If ``snr_db`` is not a finite number (NaN, infinity), the two arrays differ
        in shape, or either holds NaN or infinite samples.

    References
    ----------
    .. [1] S. Latif et al., "Deep architecture enhancing robustness to noise,
       adversarial attacks, and cross-corpus setting for speech emotion
       recognition", Interspeech 2020, Sec. 3.2.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.augmentation import add_noise
    >>> add_noise(np.array([[1.0, -1.0]]), np.array([[1.0, 1.0]]), snr_db=20.0)
    array([[ 1.1, -0.9]], dtype=float32)
    """
    check_levels([snr_db], "snr_db", "signal-to-noise ratio in dB")
    waveforms = check_waveforms(waveforms, "waveforms")
    noise = check_waveforms(noise, "noise")
    if noise.shape != waveforms.shape:
        raise ValueError(
            f"noise must have the shape of the waveforms, one noise row per "
            f"waveform: got {noise.shape} for waveforms of shape {waveforms.shape}"
        )
    signal_power = np.mean(waveforms**2, axis=-1, keepdims=True)
    noise_power = np.mean(noise**2, axis=-1, keepdims=True)
    target_power = signal_power / 10 ** (snr_db / 10)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(noise_power > 0, np.sqrt(target_power / noise_power), 0.0)
    return (waveforms + scale * noise).astype(np.float32)


def white_noise(shape, random_state=None):
    """Return Gaussian white noise of unit variance.

    Parameters
    ----------
    shape : tuple of int
        Output shape, e.g. ``(n, samples)``.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    noise : ndarray of float64

    Examples
    --------
    >>> from skser.augmentation import white_noise
    >>> white_noise((2, 16000), random_state=0).shape
    (2, 16000)
    """
    return check_random_state(random_state).standard_normal(shape)


def babble_noise(waveforms, n_talkers=4, random_state=None):
    """Return speech babble for each waveform, made of the other waveforms.

    Row ``i`` of the result is the sum of ``n_talkers`` other rows (never row
    ``i`` itself), each scaled to unit power first so that no talker dominates.

    Parameters
    ----------
    waveforms : ndarray of shape (n, samples)
        Utterances; at least two.
    n_talkers : int, default=4
        Talkers per babble (fewer if there are not enough other rows).
    random_state : int, RandomState instance or None, default=None
        Seed of the choice of talkers.

    Returns
    -------
    babble : ndarray of shape (n, samples), float64

    Raises
    ------
    ValueError
        If there are fewer than two waveforms, ``n_talkers`` is below 1, or a
        waveform holds NaN or infinite samples (it would spread to the babble of
        every other row).

    References
    ----------
    .. [1] S. Latif et al., "Deep architecture enhancing robustness to noise,
       adversarial attacks, and cross-corpus setting for speech emotion
       recognition", Interspeech 2020, Sec. 3.2 (babble noise).

    Examples
    --------
    >>> import numpy as np
    >>> from skser.augmentation import babble_noise
    >>> babble_noise(np.array([[1.0, 1.0], [2.0, -2.0]]), n_talkers=1)
    array([[ 1., -1.],
           [ 1.,  1.]])
    """
    waveforms = check_waveforms(waveforms, "waveforms")
    n = len(waveforms)
    if n < 2:
        raise ValueError(
            f"babble needs other utterances to mix: got {n} waveform(s), pass two "
            "or more"
        )
    if n_talkers < 1:
        raise ValueError(f"n_talkers must be at least 1, got {n_talkers!r}")
    rng = check_random_state(random_state)
    power = np.sqrt(np.mean(waveforms**2, axis=1, keepdims=True))
    unit = np.divide(waveforms, power, out=np.zeros_like(waveforms), where=power > 0)
    talkers = min(n_talkers, n - 1)
    babble = np.empty_like(waveforms)
    for i in range(n):
        others = rng.choice(n - 1, size=talkers, replace=False)
        others[others >= i] += 1  # skip row i
        babble[i] = unit[others].sum(axis=0)
    return babble


def noisy_copy(waveforms, kind, snr_db, random_state=0):
    """Return ``waveforms`` with white or babble noise at ``snr_db``, reproducibly.

    The noise of one corpus is drawn once for all its rows (babble from the
    corpus's other utterances) from one seed, so every fold's test rows, every
    network and the eGeMAPS baseline of
    :func:`skser.evaluation.evaluate_end_to_end` see the same noisy audio.
    Clipped to 16-bit full scale, as a recording chain would clip it.

    Parameters
    ----------
    waveforms : ndarray of shape (n, samples)
        Clean audio in [-1, 1].
    kind : {"white", "babble"}
        Noise kind (:func:`white_noise`, :func:`babble_noise`).
    snr_db : float
        Signal-to-noise ratio in dB.
    random_state : int, default=0
        Seed of the noise.

    Returns
    -------
    noisy : ndarray of shape (n, samples), float32

    Raises
    ------
    ValueError
        For another ``kind``, or waveforms :func:`add_noise` refuses.
    """
    rng = np.random.default_rng(random_state)
    seed = int(rng.integers(2**31))
    if kind == "white":
        noise = white_noise(waveforms.shape, seed)
    elif kind == "babble":
        noise = babble_noise(waveforms, random_state=seed)
    else:
        raise ValueError(f"unknown noise kind {kind!r}; use 'white' or 'babble'")
    noisy = add_noise(waveforms, noise, snr_db)
    return np.clip(noisy, -1.0, 32767 / 32768).astype(np.float32)
