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
import platform
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser.compose import TargetColumn, make_pipeline
from skser.datasets import to_class_set
from skser.features import EGeMAPSExtractor, egemaps_feature_names
from skser.preprocessing import OutlierFilter

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
    try:
        payload = joblib.load(path)
    except Exception as exc:  # unpickling raises many types; name the file
        raise ValueError(
            f"{path} is not a model file written by skser.save ({exc})"
        ) from exc
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
    keep = to_class_set(y["emotion"].to_numpy(), class_set).notna().to_numpy()
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


def predict_files(model, paths, n_jobs=None, progress=False):
    """Predict the emotion of audio files with a model that takes paths.

    Parameters
    ----------
    model : estimator or str or os.PathLike
        A fitted pipeline starting with :class:`~skser.EGeMAPSExtractor` (as
        :func:`train_model` makes it), or a file written by :func:`save`.
    paths : sequence of path-like
        The audio files.
    n_jobs : int, default=None
        Files extracted at once (see :class:`~skser.EGeMAPSExtractor`).
    progress : bool, default=False
        A progress bar over the files.

    Returns
    -------
    predictions : DataFrame
        One row per file: ``path``, ``predicted``, and, when the classifier has
        ``predict_proba``, one ``probability_<class>`` column per class.

    See Also
    --------
    train_model : Fit such a pipeline.
    """
    if isinstance(model, (str, Path)):
        model = load(model)
    paths = [str(p) for p in paths]
    if not paths:
        raise ValueError("no audio files given")
    first = model.steps[0][1] if hasattr(model, "steps") else None
    if not isinstance(first, EGeMAPSExtractor):
        raise ValueError(
            "the model does not start with an EGeMAPSExtractor, so it cannot read "
            f"audio files (first step: {type(first).__name__}); train it with "
            "skser.persistence.train_model"
        )
    first.set_params(n_jobs=n_jobs, progress=progress)
    features = first.transform(paths)
    rest = model[1:]
    table = pd.DataFrame({"path": paths, "predicted": rest.predict(features)})
    if hasattr(rest, "predict_proba"):
        probabilities = rest.predict_proba(features)
        for i, name in enumerate(model.classes_):
            table[f"probability_{name}"] = probabilities[:, i]
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
