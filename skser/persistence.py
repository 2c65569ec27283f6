"""Keep a fitted model in a file, with what is needed to trust it later.

:func:`save` writes an estimator together with the versions of skser,
scikit-learn and torch it was fitted with, the feature set, the classes, the
training corpus and the date. :func:`load` reads it back and warns when the file
comes from other versions. Training a model on audio files and predicting with it
(:func:`skser.experiments.train_model`, :func:`~skser.experiments.predict_files`,
:func:`~skser.experiments.train_and_save`) build the papers' models, so they live
in :mod:`skser.experiments`; their old names here warn until 0.6.

Model files are pickles (joblib): load only files you trust.
"""

import datetime
import os
import platform
import warnings
from pathlib import Path

import joblib
import sklearn
import torch
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from skser.utils import moved

__all__ = ["VersionMismatchWarning", "load", "save"]

#: Names that moved to :mod:`skser.experiments` (the layer that trains and
#: predicts for the command line): their old path here warns until version 0.6.
_MOVED = (
    "CLASSIFIERS",
    "FEATURE_SET",
    "predict_files",
    "train_and_save",
    "train_model",
)

# By name, at the call: persistence never imports the layers above it.
__getattr__ = moved(
    __name__, "skser.experiments", dict.fromkeys(_MOVED, "skser.experiments"),
    rest=False,
)[0]  # fmt: skip

#: Marks a file written by :func:`save`; raised when the layout changes.
FILE_FORMAT = 1
_VERSIONED = ("skser", "scikit-learn", "torch")
#: The first byte of a pickle of protocol 2 or later, as joblib.dump writes it.
_PICKLE_START = b"\x80"


class VersionMismatchWarning(UserWarning):
    """A model file was written by other versions of skser, scikit-learn or torch."""


def _versions():
    import skser

    return {
        "skser": skser.__version__,
        "scikit-learn": sklearn.__version__,
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def _classes(model):
    classes = getattr(model, "classes_", None)
    return None if classes is None else [str(c) for c in classes]


def save(model, path, **metadata):
    """Write a fitted estimator and its metadata to a file.

    Parameters
    ----------
    model : estimator
        A fitted estimator or pipeline.
    path : str or os.PathLike
        The file to write (``.skser`` by convention); its folder must exist.
    **metadata : dict
        What a later reader needs to know, e.g. ``feature_set=``,
        ``training_corpus=``, ``classes=``. The versions of skser, scikit-learn,
        torch and Python, the date (UTC) and, when the model has ``classes_``,
        the classes are added.

    Returns
    -------
    metadata : dict
        Everything stored beside the model.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If ``model`` is not fitted: a model file holds a fitted model, and an
        unfitted one would fail only later, after its input was extracted.

    See Also
    --------
    load : Read the model back.
    skser.experiments.train_model : Fit a pipeline that takes audio files.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn.svm import LinearSVC
    >>> import skser
    >>> model = LinearSVC().fit([[0.0], [1.0]], ["sad", "angry"])
    >>> path = os.path.join(tempfile.mkdtemp(), "svc.skser")
    >>> skser.save(model, path, training_corpus="toy")["classes"]
    ['angry', 'sad']
    >>> skser.load(path).predict([[0.9]]).tolist()
    ['angry']
    """
    try:
        check_is_fitted(model)
    except NotFittedError:
        raise NotFittedError(
            f"skser.save: this {type(model).__name__} is not fitted, so there is "
            f"nothing to keep in {os.fspath(path)}; fit it first (or use "
            "skser.experiments.train_model)"
        ) from None
    stored = {
        **_versions(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "estimator": type(model).__name__,
        "classes": _classes(model),
        **metadata,
    }
    joblib.dump(
        {"skser_file_format": FILE_FORMAT, "metadata": stored, "model": model}, path
    )
    return stored


def load(path, return_metadata=False):
    """Read a model written by :func:`save`; warn if other versions wrote it.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by :func:`save`. It is a pickle: load only files you trust.
    return_metadata : bool, default=False
        Also return the metadata stored with the model.

    Returns
    -------
    model : estimator
        The fitted estimator.
    metadata : dict
        Only with ``return_metadata=True``: versions, date, classes and what was
        passed to :func:`save`.

    Warns
    -----
    VersionMismatchWarning
        When the skser, scikit-learn or torch version of the file differs from
        the installed one: predictions may then differ from the original ones.

    See Also
    --------
    save : Write a model with its metadata.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file not found: {path}")
    payload = _unpickle(path)
    if not isinstance(payload, dict) or "skser_file_format" not in payload:
        raise ValueError(f"{path} is not a model file written by skser.save")
    if payload["skser_file_format"] > FILE_FORMAT:
        raise ValueError(
            f"{path} has model file format {payload['skser_file_format']}; this "
            f"skser reads format {FILE_FORMAT} only: upgrade skser"
        )
    metadata = payload["metadata"]
    installed = _versions()
    differ = [
        f"{name} {metadata.get(name)} (installed: {installed[name]})"
        for name in _VERSIONED
        if metadata.get(name) != installed[name]
    ]
    if differ:
        warnings.warn(
            f"{path} was saved with other versions: {', '.join(differ)}. Its "
            "predictions may differ from the original ones; install those versions "
            "or train the model again.",
            VersionMismatchWarning,
            stacklevel=2,
        )
    model = payload["model"]
    return (model, metadata) if return_metadata else model


def _unpickle(path):
    """Return the unpickled contents of ``path``, or say why they cannot be read."""
    with open(path, "rb") as file:
        start = file.read(1)
    if start != _PICKLE_START:
        what = "it is empty" if not start else "it does not start as a pickle does"
        raise ValueError(
            f"{path} is not a model file written by skser.save ({what}); "
            "give the file that skser.save or 'skser train' wrote, or write it again"
        )
    try:
        return joblib.load(path)
    except (ImportError, AttributeError) as exc:
        raise ValueError(
            f"{path} needs code this installation lacks ({type(exc).__name__}: "
            f"{exc}); it was probably written by other versions of skser or its "
            "dependencies: install those, or train the model again"
        ) from exc
    except Exception as exc:  # a cut-off or altered pickle fails in many ways
        raise ValueError(
            f"{path} is truncated or damaged: it starts as a model file but cannot "
            f"be read to the end ({type(exc).__name__}: {exc}). Copy it again "
            "completely, or write it again with skser.save ('skser train')"
        ) from exc
