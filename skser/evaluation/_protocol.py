"""The cross-corpus protocol of Das et al.: train on one language, test on others.

Per seed and fold of the source corpus, every model is fitted on the training part
(the papers' four classes) and scored on the held-out part and on every transfer
corpus. Transfer corpora are test-only and the same in every fold: each is
standardised with the statistics of a fixed fraction of its own rows (their labels
unused) and scored on the rest. Rows with any |z| > 10 (z from their own corpus)
are removed before training and before scoring, and counted.

The corpora are checked in :mod:`._corpora`, the models named in :mod:`._models`,
one (seed, fold, model) is fitted and scored in :mod:`._scoring`, and the tasks
run through the one loop of :mod:`._loop`.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.svm import LinearSVC

from skser.datasets import CLASS_SETS
from skser.evaluation._checks import check_source, make_folds, plan_references
from skser.evaluation._corpora import (
    _check_sizes,
    _prepare_corpora,
    _report_duplicates,
    check_adapt_fraction,
)
from skser.evaluation._loop import prediction_frame, run_tasks, seed_list
from skser.evaluation._models import (
    TRAIN_CLASSES,
    _metric_models,
    _raw_features,
)
from skser.evaluation._scoring import (
    _evaluate_fold,
    _Settings,
    _supervised_reference,
    _Task,
)
from skser.utils import (
    PREDICTION_COLUMNS,
    REFERENCE_MODELS,
    RESULT_COLUMNS,
    label_column,
    results_frame,
)

__all__ = ["PREDICTION_COLUMNS", "RESULT_COLUMNS", "cross_corpus_validate",
           "latent_codes"]  # fmt: skip


def _references(references):
    if references is True:
        return tuple(REFERENCE_MODELS)
    if not references:
        return ()
    references = (references,) if isinstance(references, str) else tuple(references)
    unknown = set(references) - set(REFERENCE_MODELS)
    if unknown:
        raise ValueError(
            f"unknown reference(s) {', '.join(sorted(unknown))}; use any of "
            f"{', '.join(REFERENCE_MODELS)}"
        )
    return references


@dataclass
class _Plan:
    """Everything the protocol decided before fitting anything."""

    source: object  # _Corpus
    targets: dict  # name -> _Corpus
    counts: dict  # source rows before and after the class selection
    seeds: list
    n_splits: int
    source_folds: dict  # seed -> [(train, test)]
    supervised_folds: dict  # (seed, target) -> [(train, test)]
    metric_pairs: set  # (MetricDAE name, target) of the supervised-metric reference
    metric_models: dict  # MetricDAE name -> labels it learns
    notes: list
    duplicates: dict


def _check_groups(groups, corpora):
    if groups is None:
        return
    for corpus in corpora:
        try:
            label_column(corpus.y, groups)
        except ValueError as exc:
            raise ValueError(f"groups: corpus {corpus.name!r}: {exc}") from None


def _plan(models, source, targets, options):
    """Check the corpora and settings and make every split, before any fit."""
    check_adapt_fraction(options["adapt_fraction"])
    source, targets, counts = _prepare_corpora(
        source, targets, options["source_name"], options["train_classes"],
        options["outlier_threshold"],
    )  # fmt: skip
    references, seeds = options["references"], seed_list(options["random_state"])
    cv, groups = options["cv"], options["groups"]
    n_splits = cv if isinstance(cv, int) else cv.get_n_splits()
    _check_sizes(source, targets, n_splits, options["adapt_fraction"])
    _check_groups(groups, [source, *targets.values()])
    check_source(source, options["class_sets"])
    source_folds = {
        seed: make_folds(cv, groups, seed, source.X, source.y, source.duplicates,
                         source.name)
        for seed in seeds
    }  # fmt: skip
    metric_models = _metric_models(models) if "supervised-metric" in references else {}
    supervised_folds, metric_pairs, notes = plan_references(
        source, targets, cv=cv, groups=groups, seeds=seeds,
        adapt_fraction=options["adapt_fraction"], class_sets=options["class_sets"],
        train_classes=options["train_classes"],
        supervised="supervised" in references, metric_targets=metric_models,
    )  # fmt: skip
    duplicates = _report_duplicates([source, *targets.values()])
    if notes:
        warnings.warn(
            "left out of the results (see results.attrs['protocol']['notes']): "
            + "; ".join(notes),
            UserWarning,
            stacklevel=3,
        )
    return _Plan(source, targets, counts, seeds, n_splits, source_folds,
                 supervised_folds, metric_pairs, metric_models, notes,
                 duplicates)  # fmt: skip


def _tasks(plan, models):
    """One task per seed, fold and model, and per supervised-metric repeat."""
    tasks = []
    for seed in plan.seeds:
        for fold, (train, test) in enumerate(plan.source_folds[seed]):
            tasks += [_Task(seed, fold, name, model, train, test)
                      for name, model in models.items()]  # fmt: skip
            tasks += [
                _Task(seed, fold, REFERENCE_MODELS["supervised-metric"].format(
                    model=name), models[name], train, test, target)
                for name in plan.metric_models
                for target in plan.targets
                if (name, target) in plan.metric_pairs
            ]  # fmt: skip
    return tasks


def _description(plan, options):
    """``results.attrs["protocol"]``: the run, for :func:`summarize`'s caption."""
    train_classes = options["train_classes"]
    return {
        "source": plan.source.name,
        "targets": list(plan.targets),
        "train_classes": None if train_classes is None else list(train_classes),
        "n_splits": plan.n_splits,
        "seeds": plan.seeds,
        "groups": options["groups"],
        "adapt_fraction": options["adapt_fraction"],
        "train_on_adaptation": options["train_on_adaptation"],
        "outlier_threshold": options["outlier_threshold"],
        "n_outliers": {
            corpus.name: int((~corpus.inliers).sum())
            for corpus in [plan.source, *plan.targets.values()]
        },
        "n_duplicates": plan.duplicates,
        "notes": plan.notes,
        **plan.counts,
    }


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
    train_classes=TRAIN_CLASSES,
    outlier_threshold=10.0,
    groups=None,
    return_predictions=False,
    train_on_adaptation=False,
):
    """Run the cross-corpus protocol and return its results as a tidy frame.

    Parameters
    ----------
    models : dict of str to Pipeline
        Unfitted pipelines from features to a latent code, e.g.
        ``make_pipeline(OutlierFilter(), StandardScaler(), MetricDAE(...))``.
        Each must have one ``StandardScaler`` step (see
        :func:`~skser.preprocessing.adapt`).
    source : (X, y)
        The source corpus: features and a label frame with ``emotion`` and, where
        known, ``activation`` and ``valence``.
    targets : dict of str to (X, y)
        Transfer corpora, test-only. Their feature columns are matched to the
        source's by name.
    cv : int or splitter, default=5
        Folds of the source: an int gives stratified folds on ``emotion``
        (grouped by ``groups`` when given), shuffled with each seed.
    adapt_fraction : float, default=0.2
        Fraction of each transfer corpus whose (unlabelled) statistics standardise
        it; the rest is scored. 0 keeps the source's statistics.
    class_sets : dict of str to list, default=None
        Class sets for balanced accuracy; by default the papers' ``4class``
        (neutral, sad, happy, angry) and ``3class`` (neutral, sad, angry).
    classifier : estimator, default=None
        Classifier trained on the latent code of the source's training rows of each
        class set (through :class:`~skser.compose.TargetColumn` on ``emotion``);
        ``LinearSVC(max_iter=10_000)`` by default. A classifier with an ``adapt``
        method (:class:`~skser.preprocessing.BalancedSelfTraining`,
        :class:`~skser.preprocessing.LabelShiftAdapter`) is also adapted to each
        transfer corpus's unlabelled adaptation rows (their codes) before it
        scores that corpus.
    references : bool or collection of str, default=True
        References to add (True: all): ``"zero-shot"`` (raw eGeMAPS trained on the
        source, scored everywhere), ``"supervised"`` (raw eGeMAPS cross-validated
        within each transfer corpus) and ``"supervised-metric"`` (every MetricDAE
        of ``models`` trained again with each transfer corpus's adaptation rows
        and their activation/valence labels added, scored on the rest: the upper
        bound of the papers' Table 3).
    source_name : str, default=None
        Name of the source in the results; by default its ``corpus`` label.
    random_state : int or sequence of int, default=0
        Seed(s): the whole protocol runs once per seed, which sets the folds, the
        adaptation split and every ``random_state`` of each model.
    n_jobs : int, default=None
        Parallel (seed, fold, model) fits, with joblib.
    progress : bool, default=True
        Show a progress bar over seeds x folds x models.
    train_classes : collection of str or None, default=("neutral", "sad", \
"happy", "angry")
        Emotions of the source rows every model and reference is fitted on, and of
        the held-out rows it is scored on ("trained with data from the emotional
        categories neutral, sad, happy, angry"); rows with no emotion stay in as
        unlabelled rows. None: every row.
    outlier_threshold : float or None, default=10.0
        Rows with any feature's ``|z|`` above it, z from their own corpus's
        statistics, are left out of every scored set and of the adaptation rows
        (training rows are filtered by the pipelines' own
        :class:`~skser.preprocessing.OutlierFilter`). None keeps every row, as
        does an input that is not numeric (audio paths for a model that reads
        files).
    groups : str, default=None
        A label column (e.g. ``"speaker"``) whose groups never straddle a fold:
        speaker-independent folds, for the source and the supervised reference.
        By default the papers' stratified folds.
    return_predictions : bool, default=False
        Also return every scored row's true and predicted emotion.
    train_on_adaptation : bool, default=False
        Also train every model on each transfer corpus's adaptation rows, with
        ``emotion``, ``activation`` and ``valence`` removed (NaN) and ``corpus``
        and ``speaker`` kept, their features moved to the source's mean and scale:
        the unlabelled target rows of domain-adversarial training (e.g.
        ``DAE(domain_weight=1.0)``, which reads ``corpus``). The source's
        classifier and codes still use source rows only. False: the models never
        see a transfer corpus in training, as in the papers.

    Returns
    -------
    results : DataFrame
        One row per seed, fold, model, corpus and metric: columns ``seed``,
        ``fold``, ``model``, ``corpus``, ``role`` (source or target), ``metric``,
        ``value``. Metrics: ``balanced_accuracy_<class set>``; for embeddings,
        per label, ``adjusted_r2_<label>`` and its F-test ``p_<label>``,
        ``ccc_<label>`` (Lin's concordance correlation of the label and the same
        OLS read-out, :func:`~skser.metrics.readout_concordance`),
        ``pairwise_r2_<label>``, ``spearman_pairs_<label>``,
        ``spearman_projection_<label>``, and ``bhattacharyya_to_source``: between
        Gaussian fits of the corpus's codes and of the source's training codes
        (the rows the pipeline's samplers kept); on the held-out source fold it
        shows the distance that sampling alone gives. Row counts: ``n_scored``
        (rows scored) and ``n_outliers`` (rows left out as outlying) per corpus,
        and ``n_trained`` (source rows the model trained on). ``results.attrs
        ["protocol"]`` describes the run, for :func:`summarize`'s caption.
    predictions : DataFrame
        Only with ``return_predictions``: columns ``seed``, ``fold``, ``model``,
        ``corpus``, ``class_set``, ``true``, ``predicted``.

    See Also
    --------
    summarize : Mean +- std tables of the results.
    skser.preprocessing.adapt : The standardisation of a transfer corpus.

    References
    ----------
    .. [1] S. Das, N. N. Lund, N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen,
       "Continuous Metric Learning For Transferable Speech Emotion Recognition and
       Embedding Across Low-resource Languages", NLDL 2022, Sec. 4 and Table 3.
    """
    options = {
        "cv": cv, "adapt_fraction": adapt_fraction, "references": _references(
            references), "source_name": source_name, "random_state": random_state,
        "train_classes": train_classes, "outlier_threshold": outlier_threshold,
        "groups": groups, "train_on_adaptation": train_on_adaptation,
        "class_sets": dict(CLASS_SETS if class_sets is None else class_sets),
    }  # fmt: skip
    models = dict(models)
    plan = _plan(models, source, targets, options)
    if "zero-shot" in options["references"]:
        models[REFERENCE_MODELS["zero-shot"]] = _raw_features()
    # Raw eGeMAPS (88 dimensions) needs more iterations than liblinear's 1000.
    classifier = LinearSVC(max_iter=10_000) if classifier is None else classifier
    settings = _Settings(adapt_fraction, classifier, options["class_sets"],
                         return_predictions, train_on_adaptation)  # fmt: skip

    def evaluate(task):
        return _evaluate_fold(task, plan.source, plan.targets, settings)

    results, predictions = run_tasks(
        evaluate, _tasks(plan, models), n_jobs=n_jobs, progress=progress,
        desc="seeds x folds x models",
    )  # fmt: skip
    frames, prediction_frames = [results], list(predictions)
    for (seed, name), folds in plan.supervised_folds.items():
        rows, new_predictions = _supervised_reference(
            plan.targets[name], folds, seed, settings, train_classes
        )
        frames.append(results_frame(rows))
        prediction_frames += new_predictions
    results = pd.concat([f for f in frames if len(f)] or frames[:1],
                        ignore_index=True)  # fmt: skip
    results.attrs["protocol"] = _description(plan, options)
    if not return_predictions:
        return results
    return results, prediction_frame(prediction_frames)


def latent_codes(
    pipeline,
    source,
    targets,
    adapt_fraction=0.2,
    random_state=0,
    *,
    train_classes=TRAIN_CLASSES,
    outlier_threshold=10.0,
):
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
    train_classes : collection of str or None, default=("neutral", "sad", \
"happy", "angry")
        Source rows to fit on and show, as in :func:`cross_corpus_validate`.
    outlier_threshold : float or None, default=10.0
        Rows with any ``|z|`` above it (z within their corpus) are left out of the
        adaptation rows and of the codes returned.

    Returns
    -------
    codes : dict of str to DataFrame
        Per corpus (the source under its ``corpus`` label, or ``"source"``): the
        latent dimensions and the label columns, for the source's rows and each
        target's evaluation rows.
    """
    source, targets, _ = _prepare_corpora(
        source, targets, None, train_classes, outlier_threshold
    )
    fitted = clone(pipeline).fit(source.X, source.y)

    def frame(model, X_rows, y_rows):
        z = model.transform(X_rows)
        columns = [f"latent{i}" for i in range(z.shape[1])]
        z = pd.DataFrame(z, index=y_rows.index, columns=columns)
        return pd.concat([z, y_rows], axis=1)

    rows = np.flatnonzero(source.inliers)
    codes = {source.name: frame(fitted, source.X.iloc[rows], source.y.iloc[rows])}
    for corpus in targets.values():
        model, _, eval_rows = corpus.adapted(fitted, adapt_fraction, random_state)
        codes[corpus.name] = frame(
            model, corpus.X.iloc[eval_rows], corpus.y.iloc[eval_rows]
        )
    return codes
