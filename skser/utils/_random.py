"""Random state: one seed from ``random_state``, and forks of the global generators.

torch's ``manual_seed`` reseeds the CPU generator and every CUDA generator, while
``torch.random.fork_rng(devices=[])`` restores only the CPU one: a fit seeded that
way on a GPU machine reseeds the caller's CUDA generator. :func:`forked_random_state`
forks every generator it seeds.
"""

import contextlib

import numpy as np
from sklearn.utils import check_random_state


def draw_seed(random_state):
    """Return an int seed in ``[0, 2**31 - 1)`` drawn from ``random_state``.

    Parameters
    ----------
    random_state : int, RandomState instance or None
        As scikit-learn takes it: an int gives the same seed every time, a
        RandomState advances, None draws from numpy's global generator.

    Returns
    -------
    seed : int

    Examples
    --------
    >>> from skser.utils import draw_seed
    >>> draw_seed(0) == draw_seed(0)
    True
    """
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def seeded_clone(estimator, seed):
    """Return an unfitted clone of ``estimator`` with every ``random_state`` = ``seed``.

    Nested ones included (a pipeline's steps, an ensemble's member), so one seed
    fixes every random draw of a fit.

    Parameters
    ----------
    estimator : estimator
        Any scikit-learn estimator; it is cloned, not changed.
    seed : int
        The seed every ``random_state`` parameter receives.

    Returns
    -------
    clone : estimator
        Unfitted.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.svm import LinearSVC
    >>> from skser.utils import seeded_clone
    >>> pipe = seeded_clone(make_pipeline(LinearSVC(), LogisticRegression()), 3)
    >>> [step.random_state for _, step in pipe.steps]
    [3, 3]
    """
    from sklearn.base import clone

    estimator = clone(estimator)
    keys = [key for key in estimator.get_params() if key.endswith("random_state")]
    return estimator.set_params(**dict.fromkeys(keys, seed))


@contextlib.contextmanager
def forked_random_state(seed, *, numpy=False):
    """Seed torch's generators (CPU and every CUDA device) for the ``with`` block.

    The caller's generators are restored afterwards, so a seeded fit is
    reproducible and leaves the random state of the code around it as it was.

    Parameters
    ----------
    seed : int
        The seed, e.g. from :func:`draw_seed`.
    numpy : bool, default=False
        Also seed (and restore) numpy's global generator, for libraries that draw
        from ``np.random`` (captum's GradientShap).

    Examples
    --------
    >>> import torch
    >>> from skser.utils import forked_random_state
    >>> before = torch.random.get_rng_state()
    >>> with forked_random_state(0):
    ...     first = torch.rand(1)
    >>> with forked_random_state(0):
    ...     second = torch.rand(1)
    >>> bool(first == second), bool((torch.random.get_rng_state() == before).all())
    (True, True)
    """
    import torch

    cuda = list(range(torch.cuda.device_count())) if torch.cuda.is_available() else []
    numpy_state = np.random.get_state() if numpy else None
    try:
        with torch.random.fork_rng(devices=cuda):
            torch.manual_seed(seed)
            if numpy:
                np.random.seed(seed)
            yield
    finally:
        if numpy:
            np.random.set_state(numpy_state)
