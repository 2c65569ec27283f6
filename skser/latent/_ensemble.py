"""Seed ensembles: one latent model trained from several seeds, codes side by side."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.random import sample_without_replacement
from sklearn.utils.validation import check_is_fitted


def _seeded(estimator, seed):
    """Return an unfitted clone of ``estimator`` with every ``random_state`` = ``seed``.

    Nested ones included (a pipeline's steps, an ensemble's member).
    """
    estimator = clone(estimator)
    keys = [key for key in estimator.get_params() if key.endswith("random_state")]
    return estimator.set_params(**dict.fromkeys(keys, seed))


def member_seeds(random_state, n_members):
    """Seeds of the members of a seed ensemble, drawn from ``random_state``.

    Parameters
    ----------
    random_state : int, RandomState or None
        The ensemble's seed.
    n_members : int
        Members.

    Returns
    -------
    seeds : ndarray of shape (n_members,)
        Distinct int seeds; the same ``random_state`` (an int) gives the same
        seeds.

    Examples
    --------
    >>> from skser.latent import member_seeds
    >>> member_seeds(0, 3).tolist() == member_seeds(0, 3).tolist()
    True
    >>> len(set(member_seeds(0, 5)))
    5
    """
    population = np.iinfo(np.int32).max
    return sample_without_replacement(population, n_members, random_state=random_state)


class SeedEnsemble(TransformerMixin, BaseEstimator):
    """One latent model trained from several seeds, its codes side by side.

    A small autoencoder's code depends on its initialisation; training the same
    model from ``n_members`` seeds and concatenating the codes gives the
    classifier after it several views of the data (a seed ensemble in
    representation space). Each member is a clone of ``estimator`` whose every
    ``random_state`` parameter (nested ones included) is set to a seed drawn from
    this ensemble's ``random_state``; every member is fitted on the same rows and
    label frame. Parameters add up: count them against a budget.

    Parameters
    ----------
    estimator : transformer
        The latent model (or a pipeline ending in one).
    n_members : int, default=3
        Members trained.
    random_state : int, RandomState or None, default=None
        Seed of the members' seeds (:func:`member_seeds`).

    Attributes
    ----------
    estimators_ : list of transformers
        The fitted members.
    seeds_ : ndarray of shape (n_members,)
        The seed of each member.
    n_features_in_ : int
        Features seen in ``fit``.

    See Also
    --------
    MetricDAE : A typical member.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import DAE
    >>> from skser.latent import SeedEnsemble
    >>> X = np.random.default_rng(0).standard_normal((60, 6))
    >>> ensemble = SeedEnsemble(DAE(max_epochs=2), n_members=2, random_state=0)
    >>> ensemble.fit_transform(X).shape
    (60, 4)
    >>> ensemble.get_feature_names_out().tolist()
    ['member0_latent0', 'member0_latent1', 'member1_latent0', 'member1_latent1']
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "transform"])],
        "n_members": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator, n_members=3, random_state=None):
        self.estimator = estimator
        self.n_members = n_members
        self.random_state = random_state

    def fit(self, X, y=None):
        """Fit every member on ``X`` (and ``y``, as the estimator takes it).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Features.
        y : array-like or DataFrame, default=None
            Labels, passed to each member's ``fit``.

        Returns
        -------
        self : SeedEnsemble
            The fitted ensemble.
        """
        self._validate_params()
        self.seeds_ = member_seeds(self.random_state, self.n_members)
        self.estimators_ = [
            _seeded(self.estimator, int(seed)).fit(X, y) for seed in self.seeds_
        ]
        self.n_features_in_ = self.estimators_[0].n_features_in_
        if hasattr(self.estimators_[0], "feature_names_in_"):
            self.feature_names_in_ = self.estimators_[0].feature_names_in_
        return self

    def transform(self, X):
        """Concatenate the members' codes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        Z : ndarray of shape (n_samples, sum of the members' code sizes)
            Member 0's code, then member 1's, and so on.
        """
        check_is_fitted(self)
        return np.hstack([np.asarray(m.transform(X)) for m in self.estimators_])

    def get_feature_names_out(self, input_features=None):
        """Names of the concatenated code: ``member{i}_{member's name}``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Passed to each member.

        Returns
        -------
        names : ndarray of str
            One name per output column.
        """
        check_is_fitted(self)
        return np.asarray(
            [
                f"member{i}_{name}"
                for i, member in enumerate(self.estimators_)
                for name in member.get_feature_names_out(input_features)
            ],
            dtype=object,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = self.random_state is None
        tags.input_tags.sparse = False
        member = get_tags(self.estimator).transformer_tags
        if member is not None:  # the members' output dtype is the ensemble's
            tags.transformer_tags.preserves_dtype = member.preserves_dtype
        return tags
