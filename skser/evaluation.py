"""The cross-corpus protocol of Das et al.: train on one language, test on others.

Per fold of the source corpus, every model is fitted on the training part and scored
on the held-out part and on every transfer corpus. Transfer corpora are test-only and
the same in every fold: each is standardised with the statistics of a fixed fraction
of its own rows (their labels unused) and scored on the rest.
"""

import copy
import math
import warnings

import joblib
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import balanced_accuracy_score
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils import check_random_state
from tqdm.auto import tqdm

from skser.autoencoders import DAE, VAE, ClusterDAE, ClusterVAE, MetricDAE
from skser.compose import ColumnStratifiedKFold, make_pipeline
from skser.datasets import CLASS_SETS
from skser.metrics import (
    adjusted_r2,
    bhattacharyya_distance,
    pairwise_adjusted_r2,
    spearman,
)
from skser.preprocessing import OutlierFilter

__all__ = [
    "REFERENCE_MODELS",
    "adapt",
    "cross_corpus_validate",
    "latent_codes",
    "paper_models",
    "render_table",
    "summarize",
]

#: Names of the raw-eGeMAPS references in the results.
REFERENCE_MODELS = {
    "zero-shot": "eGeMAPS zero-shot",
    "supervised": "eGeMAPS supervised",
}
_LABELS = ("activation", "valence")


def paper_models(random_state=0, **params):
    """Return the models of the papers as unfitted pipelines, by name.

    Each is ``OutlierFilter -> StandardScaler -> latent model``: DAE, MetricDAE on
    activation and on valence, ClusterDAE and ClusterVAE on emotion, and VAE, with
    the default (paper) settings.

    Parameters
    ----------
    random_state : int, default=0
        Seed of every model.
    **params : dict
        Settings for every latent model (e.g. ``max_epochs=10``).

    Returns
    -------
    models : dict of str to Pipeline
        Ready for :func:`cross_corpus_validate`.
    """
    params = {"random_state": random_state, **params}
    latent = {
        "DAE": DAE(**params),
        "MetricDAE (activation)": MetricDAE(target="activation", **params),
        "MetricDAE (valence)": MetricDAE(target="valence", **params),
        "ClusterDAE": ClusterDAE(target="emotion", **params),
        "VAE": VAE(**params),
        "ClusterVAE": ClusterVAE(target="emotion", **params),
    }
    return {
        name: make_pipeline(OutlierFilter(), StandardScaler(), model)
        for name, model in latent.items()
    }


def adapt(pipeline, X_unlabelled):
    """Return a copy of a fitted pipeline standardised for a new corpus.

    The pipeline's :class:`~sklearn.preprocessing.StandardScaler` step is refitted
    on ``X_unlabelled`` (passed through the steps before it); every other step
    stays as fitted, and ``pipeline`` itself is left untouched. Labels are not
    needed: this is how a model trained on one corpus meets another.

    Parameters
    ----------
    pipeline : Pipeline
        A fitted pipeline with exactly one ``StandardScaler`` step.
    X_unlabelled : array-like of shape (n_samples, n_features)
        Unlabelled rows of the new corpus.

    Returns
    -------
    adapted : Pipeline
        The adapted copy.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skser import make_pipeline
    >>> from skser.evaluation import adapt
    >>> source = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> pipe = make_pipeline(StandardScaler()).fit(source)
    >>> adapted = adapt(pipe, source * 3 + 10)
    >>> adapted[-1].mean_, pipe[-1].mean_
    (array([13., 16.]), array([1., 2.]))
    """
    positions = [
        i
        for i, (_, step) in enumerate(pipeline.steps)
        if isinstance(step, StandardScaler)
    ]
    if len(positions) != 1:
        raise ValueError(
            f"adapt needs a pipeline with exactly one StandardScaler step, found "
            f"{len(positions)} (steps: {', '.join(name for name, _ in pipeline.steps)})"
        )
    position = positions[0]
    adapted = copy.deepcopy(pipeline)
    X = X_unlabelled
    for _, step in adapted.steps[:position]:
        if not hasattr(step, "fit_resample"):  # samplers act only during fit
            X = step.transform(X)
    adapted.steps[position][1].fit(X)
    return adapted


def _split_adaptation(n_rows, adapt_fraction, random_state):
    """Return (adaptation rows, evaluation rows), fixed for a corpus and seed."""
    order = check_random_state(random_state).permutation(n_rows)
    n_adapt = math.ceil(adapt_fraction * n_rows)
    return np.sort(order[:n_adapt]), np.sort(order[n_adapt:])


def _for_target(fitted, X_target, adapt_fraction, random_state):
    """Return the model for a transfer corpus and the rows it is scored on.

    The model is ``fitted`` adapted to the corpus's adaptation rows, or ``fitted``
    itself when ``adapt_fraction`` is 0.
    """
    adapt_rows, eval_rows = _split_adaptation(len(X_target), adapt_fraction,
                                              random_state)  # fmt: skip
    if adapt_fraction == 0:
        return fitted, eval_rows
    return adapt(fitted, X_target.iloc[adapt_rows]), eval_rows


def _corpus_name(y):
    """Return the name of a corpus: its ``corpus`` label, or ``"source"``."""
    return str(y["corpus"].iloc[0]) if "corpus" in y else "source"


def _balanced_accuracies(classifier, z_train, y_train, evaluations, class_sets):
    """Yield (corpus, metric, value) for every class set and evaluated corpus."""
    for set_name, classes in class_sets.items():
        known = y_train["emotion"].isin(classes).to_numpy()
        if len(np.unique(y_train["emotion"][known])) < 2:
            continue
        fitted = clone(classifier).fit(z_train[known], y_train["emotion"][known])
        for corpus, (z, y) in evaluations.items():
            rows = y["emotion"].isin(classes).to_numpy()
            if rows.sum() == 0:
                continue
            with warnings.catch_warnings():
                # A corpus may lack a class that the classifier predicts.
                warnings.simplefilter("ignore", (UserWarning, UndefinedMetricWarning))
                score = balanced_accuracy_score(
                    y["emotion"][rows], fitted.predict(z[rows])
                )
            yield corpus, f"balanced_accuracy_{set_name}", score


def _embedding_metrics(z, y, z_source):
    """Yield (metric, value) of how well the code ``z`` explains the labels.

    ``bhattacharyya_to_source`` compares ``z`` with the source's training codes.
    """
    for label in _LABELS:
        if label not in y or y[label].notna().sum() < z.shape[1] + 3:
            continue
        values = y[label].to_numpy(dtype=float)
        r2, p = adjusted_r2(z, values)
        yield f"adjusted_r2_{label}", r2
        yield f"p_{label}", p
        yield f"pairwise_r2_{label}", pairwise_adjusted_r2(z, values)[0]
        yield f"spearman_pairs_{label}", spearman(z, values, on="pairs")[0]
        yield f"spearman_projection_{label}", spearman(z, values, on="projection")[0]
    yield "bhattacharyya_to_source", bhattacharyya_distance(z_source, z)


def _trained_rows(pipeline, n_rows):
    """Positions of the training rows that the pipeline's samplers kept."""
    kept = np.arange(n_rows)
    for _, step in getattr(pipeline, "steps", []):
        if hasattr(step, "sample_indices_"):
            kept = kept[step.sample_indices_]
    return kept


def _evaluate_fold(fold, name, model, source, train, test, targets, settings):
    """Fit one model on one fold; return its tidy result rows."""
    source_name, X, y = source
    adapt_fraction, classifier, class_sets, seed = settings
    X_train, y_train = X.iloc[train], y.iloc[train]
    fitted = clone(model).fit(X_train, y_train)
    codes = {source_name: (fitted.transform(X.iloc[test]), y.iloc[test])}
    roles = {source_name: "source"}
    for target_name, (X_target, y_target) in targets.items():
        target_model, eval_rows = _for_target(fitted, X_target, adapt_fraction, seed)
        codes[target_name] = (
            target_model.transform(X_target.iloc[eval_rows]),
            y_target.iloc[eval_rows],
        )
        roles[target_name] = "target"
    z_train = fitted.transform(X_train)
    rows = [
        (corpus, metric, value)
        for corpus, metric, value in _balanced_accuracies(
            classifier, z_train, y_train, codes, class_sets
        )
    ]
    if z_train.shape[1] < X.shape[1]:  # an embedding, not the raw features
        # The source's cloud is the rows the model trained on: a single outlying
        # utterance would otherwise dominate a fold's Gaussian fit.
        reference = z_train[_trained_rows(fitted, len(z_train))]
        for corpus, (z, y_corpus) in codes.items():
            rows.extend(
                (corpus, metric, value)
                for metric, value in _embedding_metrics(z, y_corpus, reference)
            )
    return [
        {"fold": fold, "model": name, "corpus": corpus, "role": roles[corpus],
         "metric": metric, "value": float(value)}
        for corpus, metric, value in rows
    ]  # fmt: skip


def _raw_features():
    return make_pipeline(OutlierFilter(), StandardScaler())


def _supervised_reference(target_name, X, y, cv, classifier, class_sets):
    """Within-corpus cross-validation on raw eGeMAPS: the upper bound."""
    rows = []
    for fold, (train, test) in enumerate(cv.split(X, y)):
        features = _raw_features().fit(X.iloc[train], y.iloc[train])
        evaluation = {target_name: (features.transform(X.iloc[test]), y.iloc[test])}
        for corpus, metric, value in _balanced_accuracies(
            classifier, features.transform(X.iloc[train]), y.iloc[train], evaluation,
            class_sets,
        ):  # fmt: skip
            rows.append(
                {"fold": fold, "model": REFERENCE_MODELS["supervised"],
                 "corpus": corpus, "role": "target", "metric": metric,
                 "value": float(value)}
            )  # fmt: skip
    return rows


def _check_corpus(name, data):
    try:
        X, y = data
    except (TypeError, ValueError):
        raise TypeError(f"corpus {name!r} must be an (X, y) pair") from None
    if not isinstance(y, pd.DataFrame) or "emotion" not in y:
        raise ValueError(
            f"the labels of corpus {name!r} must be a DataFrame with an 'emotion' "
            "column (and activation, valence where known)"
        )
    if len(X) != len(y):
        raise ValueError(f"corpus {name!r}: X has {len(X)} rows, y has {len(y)}")
    X = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
    return X, y


def cross_corpus_validate(
    models,
    source,
    targets,
    *,
    cv=5,
    adapt_fraction=0.2,
    class_sets=None,
    classifier=None,
    references=True,
    source_name=None,
    random_state=0,
    n_jobs=None,
    progress=True,
):
    """Run the cross-corpus protocol and return its results as a tidy frame.

    Parameters
    ----------
    models : dict of str to Pipeline
        Unfitted pipelines from features to a latent code, e.g.
        ``make_pipeline(OutlierFilter(), StandardScaler(), MetricDAE(...))``.
        Each must have one ``StandardScaler`` step (see :func:`adapt`).
    source : (X, y)
        The source corpus: features and a label frame with ``emotion`` and, where
        known, ``activation`` and ``valence``.
    targets : dict of str to (X, y)
        Transfer corpora, test-only.
    cv : int or splitter, default=5
        Folds of the source: an int gives stratified folds on ``emotion``.
    adapt_fraction : float, default=0.2
        Fraction of each transfer corpus whose (unlabelled) statistics standardise
        it; the rest is scored. 0 keeps the source's statistics.
    class_sets : dict of str to list, default=None
        Class sets for balanced accuracy; by default the papers' ``4class``
        (neutral, sad, happy, angry) and ``3class`` (neutral, sad, angry).
    classifier : estimator, default=None
        Classifier trained on the latent code of the source's training rows of each
        class set; ``LinearSVC(max_iter=10_000)`` by default.
    references : bool, default=True
        Add the raw-eGeMAPS references: zero-shot (trained on the source, scored
        everywhere) and supervised (cross-validated within each transfer corpus).
    source_name : str, default=None
        Name of the source in the results; by default its ``corpus`` label.
    random_state : int, default=0
        Seed of the folds and of the adaptation split.
    n_jobs : int, default=None
        Parallel (fold, model) fits, with joblib.
    progress : bool, default=True
        Show a progress bar over folds x models.

    Returns
    -------
    results : DataFrame
        One row per fold, model, corpus and metric: columns ``fold``, ``model``,
        ``corpus``, ``role`` (source or target), ``metric``, ``value``. Metrics:
        ``balanced_accuracy_<class set>``; for embeddings, per label,
        ``adjusted_r2_<label>`` and its F-test ``p_<label>``,
        ``pairwise_r2_<label>``, ``spearman_pairs_<label>``,
        ``spearman_projection_<label>``, and ``bhattacharyya_to_source``: between
        Gaussian fits of the corpus's codes and of the source's training codes
        (the rows the pipeline's samplers kept); on the held-out source fold it
        shows the distance that sampling alone gives.

    See Also
    --------
    summarize : Mean +- std tables of the results.
    adapt : The standardisation of a transfer corpus on its own.
    """
    X, y = _check_corpus("source", source)
    if source_name is None:
        source_name = _corpus_name(y)
    targets = {name: _check_corpus(name, data) for name, data in targets.items()}
    if not 0 <= adapt_fraction < 1:
        raise ValueError(f"adapt_fraction must be in [0, 1), got {adapt_fraction}")
    class_sets = dict(CLASS_SETS if class_sets is None else class_sets)
    # Raw eGeMAPS (88 dimensions) needs more iterations than liblinear's 1000.
    classifier = LinearSVC(max_iter=10_000) if classifier is None else classifier
    splitter = (
        ColumnStratifiedKFold(cv, "emotion", shuffle=True, random_state=random_state)
        if isinstance(cv, int)
        else cv
    )
    models = dict(models)
    if references:
        models[REFERENCE_MODELS["zero-shot"]] = _raw_features()
    folds = list(splitter.split(X, y))
    settings = (adapt_fraction, classifier, class_sets, random_state)
    tasks = [
        joblib.delayed(_evaluate_fold)(
            fold, name, model, (source_name, X, y), train, test, targets, settings
        )
        for fold, (train, test) in enumerate(folds)
        for name, model in models.items()
    ]
    outputs = joblib.Parallel(n_jobs=n_jobs, return_as="generator")(tasks)
    rows = [
        row
        for output in tqdm(
            outputs, total=len(tasks), desc="folds x models", disable=not progress
        )
        for row in output
    ]
    if references:
        for name, (X_target, y_target) in targets.items():
            rows.extend(
                _supervised_reference(name, X_target, y_target, splitter, classifier,
                                      class_sets)
            )  # fmt: skip
    return pd.DataFrame(rows, columns=["fold", "model", "corpus", "role", "metric",
                                       "value"])  # fmt: skip


def latent_codes(pipeline, source, targets, adapt_fraction=0.2, random_state=0):
    """Fit a pipeline on the whole source and return every corpus's latent code.

    Parameters
    ----------
    pipeline : Pipeline
        Unfitted pipeline from features to a latent code.
    source : (X, y)
        The source corpus.
    targets : dict of str to (X, y)
        Transfer corpora, adapted as in :func:`cross_corpus_validate`.
    adapt_fraction : float, default=0.2
        Fraction of each transfer corpus used to standardise it.
    random_state : int, default=0
        Seed of the adaptation split (the same as the protocol's).

    Returns
    -------
    codes : dict of str to DataFrame
        Per corpus (the source under its ``corpus`` label, or ``"source"``): the
        latent dimensions and the label columns, for the source's rows and each
        target's evaluation rows.
    """
    X, y = _check_corpus("source", source)
    fitted = clone(pipeline).fit(X, y)
    source_name = _corpus_name(y)

    def frame(model, X_rows, y_rows):
        z = model.transform(X_rows)
        columns = [f"latent{i}" for i in range(z.shape[1])]
        z = pd.DataFrame(z, index=y_rows.index, columns=columns)
        return pd.concat([z, y_rows], axis=1)

    codes = {source_name: frame(fitted, X, y)}
    for name, data in targets.items():
        X_target, y_target = _check_corpus(name, data)
        model, eval_rows = _for_target(fitted, X_target, adapt_fraction, random_state)
        codes[name] = frame(model, X_target.iloc[eval_rows], y_target.iloc[eval_rows])
    return codes


def summarize(results, metrics=None, decimals=2):
    """Tabulate mean +- std over folds, models by (metric, corpus).

    Parameters
    ----------
    results : DataFrame
        The output of :func:`cross_corpus_validate`.
    metrics : list of str, default=None
        Metrics to show, in order; by default balanced accuracy (4 and 3 classes,
        as in the paper's Table 4) and adjusted R2 of activation and valence
        (Table 3), where present.
    decimals : int, default=2
        Decimals shown.

    Returns
    -------
    table : DataFrame
        Rows: models, in the order they appear in ``results``; columns: a
        (metric, corpus) MultiIndex; cells: ``"mean ± std"``.
    """
    if metrics is None:
        preferred = [
            "balanced_accuracy_4class",
            "balanced_accuracy_3class",
            "adjusted_r2_activation",
            "adjusted_r2_valence",
        ]
        metrics = [m for m in preferred if m in set(results["metric"])]
    missing = set(metrics) - set(results["metric"])
    if missing:
        raise ValueError(
            f"metric(s) {', '.join(sorted(missing))} not in the results (metrics: "
            f"{', '.join(sorted(set(results['metric'])))})"
        )
    chosen = results[results["metric"].isin(metrics)]
    stats = chosen.groupby(["model", "metric", "corpus"], sort=False)["value"].agg(
        ["mean", "std"]
    )
    cells = stats.apply(
        lambda row: f"{row['mean']:.{decimals}f} ± {row['std']:.{decimals}f}", axis=1
    ).rename("cell")
    table = cells.reset_index().pivot(
        index="model", columns=["metric", "corpus"], values="cell"
    )
    models = list(dict.fromkeys(results["model"]))
    corpora = list(dict.fromkeys(results["corpus"]))
    columns = [(m, c) for m in metrics for c in corpora if (m, c) in table.columns]
    return table.reindex(index=[m for m in models if m in table.index], columns=columns)


def render_table(table, fmt="markdown"):
    """Render a :func:`summarize` table as Markdown or LaTeX.

    Parameters
    ----------
    table : DataFrame
        A summary table.
    fmt : {"markdown", "latex"}, default="markdown"
        Output format.

    Returns
    -------
    text : str
        The rendered table; empty cells show as ``-``.
    """
    flat = table.fillna("-")
    flat.columns = [f"{metric} ({corpus})" for metric, corpus in table.columns]
    if fmt == "markdown":
        return flat.to_markdown()
    if fmt == "latex":
        return flat.style.to_latex(hrules=True)
    raise ValueError(f"fmt must be 'markdown' or 'latex', got {fmt!r}")
