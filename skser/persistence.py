"""Keep a fitted model in a file and use it on new recordings.

:func:`save` writes an estimator together with what is needed to trust it later:
the versions of skser, scikit-learn and torch it was fitted with, the feature set,
the classes, the training corpus and the date. :func:`load` reads it back and warns
when the file comes from other versions. :func:`train_model` fits the papers'
pipeline on a labelled corpus, with :class:`~skser.EGeMAPSExtractor` first so the
saved model takes audio files; :func:`predict_files` applies it to files.

Model files are pickles (joblib): load only files you trust.
"""

import datetime
import os
import platform
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
import torch
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from skser.compose import TargetColumn, make_pipeline
from skser.datasets import to_class_set
from skser.features import EGeMAPSExtractor, egemaps_feature_names
from skser.preprocessing import OutlierFilter
from skser.utils import label_column

__all__ = [
    "CLASSIFIERS",
    "FEATURE_SET",
    "VersionMismatchWarning",
    "load",
    "predict_files",
    "save",
    "train_and_save",
    "train_model",
]

#: Marks a file written by :func:`save`; raised when the layout changes.
FILE_FORMAT = 1
#: The features a model from :func:`train_model` expects.
FEATURE_SET = "eGeMAPSv02 functionals (88, openSMILE, 16 kHz mono)"
#: Final classifiers of :func:`train_model`, by name.
CLASSIFIERS = {
    # The papers' classifier: decisions only, no probabilities.
    "linear-svc": lambda: LinearSVC(max_iter=10_000),
    # The same linear boundary family, with class probabilities.
    "logistic": lambda: LogisticRegression(max_iter=1_000),
}
_VERSIONED = ("skser", "scikit-learn", "torch")
#: What :func:`predict_files` does with a file it cannot read.
_ON_ERROR = ("raise", "nan", "skip")
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
    train_model : Fit a pipeline that takes audio files.

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
            "skser.persistence.train_model)"
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


def _is_feature_table(X):
    return isinstance(X, pd.DataFrame) and set(egemaps_feature_names()) <= set(
        X.columns
    )


def _paper_model(name, random_state, params):
    from skser.evaluation import paper_models  # evaluation sits above persistence

    if name == "eGeMAPS":
        return make_pipeline(OutlierFilter(), StandardScaler())
    models = paper_models(random_state, **params)
    if name not in models:
        raise ValueError(
            f"unknown model {name!r}; use one of eGeMAPS, {', '.join(models)}"
        )
    return models[name]


def train_model(
    X,
    y,
    model="MetricDAE (activation)",
    classifier="linear-svc",
    class_set="4class",
    random_state=0,
    extractor=None,
    **model_params,
):
    """Fit one of the papers' pipelines for emotion classes, audio files in.

    The pipeline is ``EGeMAPSExtractor -> OutlierFilter -> StandardScaler ->
    latent model -> TargetColumn(classifier, "emotion")``, trained on the rows
    whose emotion is in ``class_set`` (the papers train on neutral, sad, happy
    and angry).

    Parameters
    ----------
    X : DataFrame or sequence of path-like
        Either the 88 eGeMAPS features (as :func:`skser.datasets.load_bundled`
        returns them), or audio files: a loader's frame with a ``path`` column or
        a list of paths. Features are fitted on directly and the extractor is put
        in front; files go through the extractor.
    y : DataFrame
        The label frame: ``emotion``, and the column the latent model learns from
        (``activation``, ``valence``).
    model : str, default="MetricDAE (activation)"
        A name of :func:`skser.evaluation.paper_models`, or ``"eGeMAPS"`` for no
        latent model (the raw-feature reference).
    classifier : {"linear-svc", "logistic"}, default="linear-svc"
        ``"linear-svc"`` is the papers' LinearSVC (decisions only);
        ``"logistic"`` a logistic regression, which gives class probabilities.
    class_set : {"4class", "3class"} or list of str, default="4class"
        Emotions to train on; rows with others are dropped (and counted in the
        returned pipeline's ``n_dropped_rows_``).
    random_state : int, default=0
        Seed of the latent model.
    extractor : EGeMAPSExtractor, default=None
        The extractor to put first (its cache and parallel settings); by default
        ``EGeMAPSExtractor()``.
    **model_params : dict
        Settings of the latent model, e.g. ``max_epochs=20``.

    Returns
    -------
    pipeline : Pipeline
        Fitted; ``classes_`` are the emotions, ``n_dropped_rows_`` the rows
        outside ``class_set``. Save it with :func:`save`.

    See Also
    --------
    predict_files : Apply the pipeline to audio files.

    Examples
    --------
    >>> from skser.datasets import load_bundled
    >>> from skser.persistence import train_model
    >>> X, y = load_bundled("emodb")
    >>> pipe = train_model(X, y, max_epochs=2)
    >>> pipe.classes_.tolist(), pipe.n_dropped_rows_
    (['angry', 'happy', 'neutral', 'sad'], 196)
    """
    if classifier not in CLASSIFIERS:
        raise ValueError(
            f"unknown classifier {classifier!r}; use one of {', '.join(CLASSIFIERS)}"
        )
    if not isinstance(y, pd.DataFrame) or "emotion" not in y.columns:
        columns = ", ".join(map(str, getattr(y, "columns", [])))
        raise ValueError(f"y needs an 'emotion' column (columns: {columns or 'none'})")
    extractor = EGeMAPSExtractor() if extractor is None else extractor
    extractor = extractor.set_output(transform="pandas")
    keep = to_class_set(label_column(y, "emotion").to_numpy(), class_set)
    keep = keep.notna().to_numpy()
    if not keep.any():
        raise ValueError(f"no row of y has an emotion of the class set {class_set!r}")
    rows = np.flatnonzero(keep)
    y_kept = y.iloc[rows]
    X_kept = X.iloc[rows] if hasattr(X, "iloc") else [X[i] for i in rows]
    steps = [
        step for _, step in _paper_model(model, random_state, model_params).steps
    ] + [TargetColumn(CLASSIFIERS[classifier](), "emotion")]
    if _is_feature_table(X_kept):
        features = make_pipeline(*steps).fit(X_kept[egemaps_feature_names()], y_kept)
        # The extractor learns nothing (requires_fit is False): it goes in as is.
        pipeline = make_pipeline(extractor, *[s for _, s in features.steps])
    else:
        pipeline = make_pipeline(extractor, *steps).fit(X_kept, y_kept)
    pipeline.n_dropped_rows_ = int((~keep).sum())
    return pipeline


def predict_files(
    model, paths, n_jobs=None, progress=False, on_error="raise", cache=None
):
    """Predict the emotion of audio files with a model that takes paths.

    Parameters
    ----------
    model : estimator or str or os.PathLike
        A fitted pipeline starting with :class:`~skser.EGeMAPSExtractor` and
        ending with a classifier (as :func:`train_model` makes it), or a file
        written by :func:`save`.
    paths : sequence of path-like
        The audio files (a list, even of one file).
    n_jobs : int, default=None
        Files extracted at once (see :class:`~skser.EGeMAPSExtractor`).
    progress : bool, default=False
        A progress bar over the files.
    on_error : {"raise", "nan", "skip"}, default="raise"
        What a file that cannot be read does: ``"raise"`` an
        :class:`~skser.ExtractionError` naming every such file (nothing is
        predicted); ``"nan"`` gives its row an empty (NaN) prediction; ``"skip"``
        leaves its row out. Either of the last two warns with the files and why.
    cache : str or os.PathLike, default=None
        Folder of a persistent feature cache (see :class:`~skser.EGeMAPSExtractor`);
        by default the model's own setting (none for a model of :func:`train_model`).

    Returns
    -------
    predictions : DataFrame
        One row per file: ``path``, ``predicted``, and, when the classifier has
        ``predict_proba``, one ``probability_<class>`` column per class.

    Raises
    ------
    TypeError
        If ``paths`` is a single path rather than a sequence of them.
    ValueError
        If the model cannot read audio files or has no classifier at its end
        (checked before any file is read), or ``on_error`` is unknown.

    See Also
    --------
    train_model : Fit such a pipeline.
    """
    if on_error not in _ON_ERROR:
        raise ValueError(
            f"on_error={on_error!r} is not one of {', '.join(map(repr, _ON_ERROR))}"
        )
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError(
            f"expected a sequence of audio file paths, got the single path "
            f"{paths!r}; wrap it in a list"
        )
    if isinstance(model, (str, os.PathLike)):
        model = load(model)
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise ValueError("no audio files given")
    first = model.steps[0][1] if hasattr(model, "steps") else None
    if not isinstance(first, EGeMAPSExtractor):
        raise ValueError(
            "the model does not start with an EGeMAPSExtractor, so it cannot read "
            f"audio files (first step: {type(first).__name__}); train it with "
            "skser.persistence.train_model"
        )
    rest = model[1:]
    if not hasattr(rest, "predict"):
        last = type(model.steps[-1][1]).__name__
        raise ValueError(
            f"the model ends with a {last}, which predicts nothing: it has no "
            "classifier. Train a model with a classifier at its end (skser train, "
            "or skser.persistence.train_model)"
        )
    settings = {"n_jobs": n_jobs, "progress": progress}
    settings["on_error"] = "raise" if on_error == "raise" else "nan"
    if cache is not None:
        settings["cache"] = cache
    first.set_params(**settings)
    features = first.transform(paths)
    read = ~np.isnan(np.asarray(features, dtype=np.float64)).all(axis=1)
    rows = np.flatnonzero(read)
    features = features.iloc[rows] if hasattr(features, "iloc") else features[rows]
    table = pd.DataFrame({"path": paths, "predicted": np.nan}, dtype=object)
    if len(rows):
        table.loc[rows, "predicted"] = rest.predict(features)
    if hasattr(rest, "predict_proba"):
        probabilities = np.full((len(paths), len(model.classes_)), np.nan)
        if len(rows):
            probabilities[rows] = rest.predict_proba(features)
        for i, name in enumerate(model.classes_):
            table[f"probability_{name}"] = probabilities[:, i]
    if on_error == "skip":
        table = table.iloc[rows].reset_index(drop=True)
    return table


def train_and_save(
    out,
    corpus=None,
    bundled=None,
    labels=None,
    model="MetricDAE (activation)",
    classifier="linear-svc",
    class_set="4class",
    max_epochs=None,
    random_state=0,
    cache=None,
    n_jobs=None,
    progress=True,
):
    """Fit :func:`train_model` on a corpus folder or bundled features and save it.

    What ``skser train`` does.

    Parameters
    ----------
    out : str or os.PathLike
        The model file to write.
    corpus : (str, str), default=None
        Loader name (``"emodb"``, ``"urdu"``, ...) and corpus folder.
    bundled : {"emodb", "urdu"}, default=None
        Train on the bundled features instead of a corpus folder.
    labels : str or os.PathLike, default=None
        Das et al. (2022) activation/valence labels of the corpus (file or
        folder); MetricDAE needs them.
    model, classifier, class_set, random_state
        As for :func:`train_model`.
    max_epochs : int, default=None
        Epochs of the latent model; by default the model's own.
    cache, n_jobs, progress
        Feature cache, parallel files and progress bar of the extractor.

    Returns
    -------
    metadata : dict
        What :func:`save` stored beside the model.
    """
    from skser.datasets import load_bundled, load_corpus

    if (corpus is None) == (bundled is None):
        raise ValueError("give either a corpus (name, folder) or a bundled name")
    extractor = EGeMAPSExtractor(cache=cache, n_jobs=n_jobs, progress=progress)
    if bundled is not None:
        X, y = load_bundled(bundled)
        name = f"{bundled} (bundled features)"
    else:
        name, root = corpus
        X = load_corpus(name, root, labels)
        y = X.drop(columns="path")
        name = f"{name} ({root})"
    params = {} if max_epochs is None else {"max_epochs": max_epochs}
    pipeline = train_model(
        X, y, model, classifier, class_set, random_state, extractor, **params
    )
    pipeline[0].set_params(cache=None, n_jobs=None, progress=False)
    return save(
        pipeline,
        out,
        model_name=model,
        classifier=classifier,
        feature_set=FEATURE_SET,
        training_corpus=name,
        n_training_rows=len(y) - pipeline.n_dropped_rows_,
        n_dropped_rows=pipeline.n_dropped_rows_,
        class_set=class_set,
        random_state=random_state,
    )
