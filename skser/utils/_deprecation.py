"""Old import paths that still work, with a warning, until the version of removal.

When scikit-learn 0.22 made its modules private, each old path became a small module
that warned on use and named the new one. skser does the same with one helper: an old
module is two lines, ``__getattr__, __dir__ = moved(__name__, "skser.new")``, and
:data:`MOVED_MODULES` lists every such module, so nothing else (the estimator
discovery, the tests of public names) has to guess which modules are shims.
"""

import importlib
import warnings

REMOVAL_VERSION = "0.6"

# Old module path -> where its public names live now.
MOVED_MODULES = {
    "skser.adaptation": "skser.preprocessing",
    "skser.alignment": "skser.preprocessing",
    "skser.attribution": "skser.inspection",
    "skser.audio": "skser.features",
    "skser.autoencoders": "skser.latent",
    "skser.classifiers": "skser.neural_network",
    "skser.features._chunked": "skser.io",
    "skser.features._files": "skser.io",
    "skser.losses": "skser.nn",
    "skser.modules": "skser.nn",
    "skser.robustness": "skser.evaluation",
}


def moved(old, new, names=None, *, rest=True, removal=REMOVAL_VERSION):
    """Return ``(__getattr__, __dir__)`` for a module whose names moved elsewhere.

    Reading a name from the old module imports it from its new home and warns once
    per access with a :class:`FutureWarning` that names both paths and the version
    that removes the old one (PEP 562 module ``__getattr__``). A module that stays
    but lost some names (``rest=False``) assigns only ``__getattr__``.

    Parameters
    ----------
    old : str
        The old module's dotted name (pass ``__name__``).
    new : str
        The module that holds the names now.
    names : dict of str to str, optional
        Names that moved somewhere other than ``new``: name -> its module. A name
        listed here is served from that module, and the warning names it (e.g. a
        private base class the old module exported).
    rest : bool, default=True
        Whether every other name is looked up in ``new`` (the whole module moved);
        False forwards only the names of ``names`` (the old module stays).
    removal : str, default="0.6"
        The version that removes the old module.

    Returns
    -------
    __getattr__ : callable
        Assign it to the old module's ``__getattr__``.
    __dir__ : callable
        Assign it to the old module's ``__dir__``: the new module's public names.

    Raises
    ------
    AttributeError
        From ``__getattr__``, for a name the new module does not hold either.

    Examples
    --------
    >>> import warnings
    >>> from skser.utils import moved
    >>> getattr_, _ = moved("skser.old_metrics", "skser.metrics")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     function = getattr_("adjusted_r2")
    >>> function.__name__, str(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    ('adjusted_r2', 'skser.old_metrics is deprecated and will be removed in
    0.6: import adjusted_r2 from skser.metrics instead')
    """
    names = dict(names or {})

    def module_getattr(name):
        if name.startswith("__"):  # module machinery (__path__, __file__, ...)
            raise AttributeError(f"module {old!r} has no attribute {name!r}")
        if not rest and name not in names:
            raise AttributeError(f"module {old!r} has no attribute {name!r}")
        where = names.get(name, new)
        home = importlib.import_module(where)
        if not hasattr(home, name):
            raise AttributeError(
                f"module {old!r} has no attribute {name!r} (it moved to {new}, "
                f"which has no {name!r} either)"
            )
        deprecated = old if rest else f"{old}.{name}"
        warnings.warn(
            f"{deprecated} is deprecated and will be removed in {removal}: import "
            f"{name} from {where} instead",
            FutureWarning,
            stacklevel=2,
        )
        return getattr(home, name)

    def module_dir():
        module = importlib.import_module(new)
        public = getattr(module, "__all__", None) or [
            name for name in vars(module) if not name.startswith("_")
        ]
        return sorted(set(public) | set(names))

    return module_getattr, module_dir
