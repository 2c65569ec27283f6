"""Every public estimator of skser, found by walking its public modules."""

import importlib
import inspect
import pkgutil

from skser.utils._deprecation import MOVED_MODULES

# type_filter's kinds: the mixin (or method) that makes an estimator one.
_KINDS = ("classifier", "regressor", "transformer", "cluster", "sampler")


def _is_kind(cls, kind):
    from sklearn.base import (
        ClassifierMixin,
        ClusterMixin,
        RegressorMixin,
        TransformerMixin,
    )

    if kind == "sampler":
        return hasattr(cls, "fit_resample")
    mixin = {
        "classifier": ClassifierMixin,
        "regressor": RegressorMixin,
        "transformer": TransformerMixin,
        "cluster": ClusterMixin,
    }[kind]
    if kind == "transformer":  # TransformerMixin is optional: transform is not
        return issubclass(cls, mixin) or hasattr(cls, "transform")
    return issubclass(cls, mixin)


def _is_skorch_net(cls):
    """Whether ``cls`` is a skorch net (a BaseEstimator by inheritance only)."""
    return any(base.__module__.split(".")[0] == "skorch" for base in cls.__mro__)


def public_modules():
    """Return the dotted names of skser's public modules, sorted.

    A module is public when no part of its name starts with an underscore; the old
    paths of :data:`MOVED_MODULES` are left out (they only forward, with a warning).

    Returns
    -------
    names : list of str
        ``["skser", "skser.cli", ...]``.
    """
    import skser

    names = ["skser"]
    for info in pkgutil.walk_packages(skser.__path__, "skser."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts):
            continue
        if info.name in MOVED_MODULES:
            continue
        names.append(info.name)
    return sorted(names)


def all_estimators(type_filter=None):
    """Return every public estimator class of skser as sorted ``(name, class)`` pairs.

    Walks skser's public modules (:func:`public_modules`) as
    :func:`sklearn.utils.discovery.all_estimators` walks scikit-learn's, and keeps
    the classes that subclass :class:`sklearn.base.BaseEstimator`, have a public name
    (in the module's ``__all__`` where it has one) and are defined in skser (a
    re-exported scikit-learn class is not skser's).
    Abstract classes are left out. Importing every module takes seconds (torch,
    openSMILE): this is for tests and documentation, not for a hot path.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "transformer", "cluster", \
"sampler"} or list of them, default=None
        Keep only estimators of these kinds (any of them, for a list): a
        classifier, regressor or cluster subclasses scikit-learn's mixin, a
        transformer has ``transform``, a sampler (imbalanced-learn's kind) has
        ``fit_resample``. None keeps every estimator.

    Returns
    -------
    estimators : list of (str, type)
        Class name and class, sorted by name; each class once.

    Raises
    ------
    ValueError
        When ``type_filter`` names a kind outside the list above.

    See Also
    --------
    sklearn.utils.discovery.all_estimators : The same walk over scikit-learn.

    Examples
    --------
    >>> from skser.utils import all_estimators
    >>> dict(all_estimators(type_filter="sampler"))["OutlierFilter"].__name__
    'OutlierFilter'
    """
    from sklearn.base import BaseEstimator

    kinds = [type_filter] if isinstance(type_filter, str) else type_filter
    unknown = sorted(set(kinds or ()) - set(_KINDS))
    if unknown:
        raise ValueError(
            f"type_filter {unknown} is not a kind of estimator; use one or a list "
            f"of {', '.join(map(repr, _KINDS))}, or None"
        )
    found = {}
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        public = getattr(module, "__all__", None)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if name.startswith("_") or not cls.__module__.startswith("skser"):
                continue
            if public is not None and name not in public:
                continue  # imported for the module's own use
            if not issubclass(cls, BaseEstimator) or inspect.isabstract(cls):
                continue
            if _is_skorch_net(cls):
                continue  # a piece of the training kit that estimators compose
            if kinds and not any(_is_kind(cls, kind) for kind in kinds):
                continue
            found[name] = cls
    return sorted(found.items())
