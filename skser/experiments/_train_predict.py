"""Train one of the papers' pipelines on audio files, and predict with it.

What ``skser train`` and ``skser predict`` do: :func:`train_model` fits the papers'
pipeline on a labelled corpus, with :class:`~skser.EGeMAPSExtractor` first so the
saved model takes audio files; :func:`train_and_save` does that on a corpus folder
or the bundled features and writes the model with :func:`skser.save`;
:func:`predict_files` applies a model (or a model file) to audio files. They build
the models of :func:`skser.evaluation.paper_models`, so they live here, above
evaluation, and not in :mod:`skser.persistence` (save and load only).
"""

import os

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser.compose import TargetColumn, make_pipeline
from skser.datasets import load_bundled, load_corpus, to_class_set
from skser.evaluation import paper_models
from skser.features import EGeMAPSExtractor, egemaps_feature_names
from skser.persistence import load, save
from skser.preprocessing import OutlierFilter
from skser.utils import label_column

#: The features a model from :func:`train_model` expects.
FEATURE_SET = "eGeMAPSv02 functionals (88, openSMILE, 16 kHz mono)"
#: Final classifiers of :func:`train_model`, by name.
CLASSIFIERS = {
    # The papers' classifier: decisions only, no probabilities.
    "linear-svc": lambda: LinearSVC(max_iter=10_000),
    # The same linear boundary family, with class probabilities.
    "logistic": lambda: LogisticRegression(max_iter=1_000),
}
#: What :func:`predict_files` does with a file it cannot read.
_ON_ERROR = ("raise", "nan", "skip")


def _is_feature_table(X):
    return isinstance(X, pd.DataFrame) and set(egemaps_feature_names()) <= set(
        X.columns
    )


def _paper_model(name, random_state, params):
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
        outside ``class_set``. Save it with :func:`~skser.save`.

    See Also
    --------
    predict_files : Apply the pipeline to audio files.

    Examples
    --------
    >>> from skser.datasets import load_bundled
    >>> from skser.experiments import train_model
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
        written by :func:`~skser.save`.
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
            "skser.experiments.train_model"
        )
    rest = model[1:]
    if not hasattr(rest, "predict"):
        last = type(model.steps[-1][1]).__name__
        raise ValueError(
            f"the model ends with a {last}, which predicts nothing: it has no "
            "classifier. Train a model with a classifier at its end (skser train, "
            "or skser.experiments.train_model)"
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
        What :func:`~skser.save` stored beside the model.
    """
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
