"""The tidy results schema that every evaluation writes and every table reads.

One row per seed, fold, model, scored corpus and metric:

========== =============================================================
column     meaning
========== =============================================================
``seed``   the run's seed (int)
``fold``   the fold of the source (int; 0 for a single split)
``model``  the model's name (str)
``corpus`` the scored corpus (str: a corpus name, or ``"test"``)
``role``   ``"source"`` (held-out rows of the training corpus) or
           ``"target"`` (a corpus the model never trained on, test only)
``metric`` one of :data:`METRIC_NAMES`' names (str)
``value``  the metric's value (float)
========== =============================================================

An evaluation may add columns after these (``condition`` and ``level`` for the
robustness evaluation, ``fraction`` for the label fractions, ...); tables and
figures read the seven. Metric names, one per metric everywhere:

- ``balanced_accuracy_<class set>``: balanced accuracy (unweighted average
  recall, UAR) on a class set, e.g. ``balanced_accuracy_4class`` (neutral, sad,
  happy, angry) or ``balanced_accuracy_3class`` (neutral, sad, angry);
  :func:`balanced_accuracy_metric` makes the name;
- per continuous label (``activation``, ``valence``): ``adjusted_r2_<label>``,
  ``p_<label>``, ``ccc_<label>``, ``pairwise_r2_<label>``,
  ``spearman_pairs_<label>``, ``spearman_projection_<label>``;
- ``bhattacharyya_to_source``;
- row counts: ``n_scored``, ``n_outliers``, ``n_trained``.

:func:`metric_name` says each in words, for tables and figures alike.
"""

import re
import warnings

import numpy as np
import pandas as pd

#: Columns of the tidy results, in order.
RESULT_COLUMNS = ["seed", "fold", "model", "corpus", "role", "metric", "value"]

#: Columns of the predictions (one row per scored utterance), in order.
PREDICTION_COLUMNS = ["seed", "fold", "model", "corpus", "class_set", "true",
                      "predicted"]  # fmt: skip

#: The roles of a scored corpus: held-out rows of the training corpus, or a corpus
#: the models never trained on.
ROLES = ("source", "target")

#: Names of the reference models in the results, by key. ``"supervised-metric"``
#: is filled with the name of the MetricDAE it repeats with the transfer corpus's
#: own labels.
REFERENCE_MODELS = {
    "zero-shot": "eGeMAPS zero-shot",
    "supervised": "eGeMAPS supervised",
    "supervised-metric": "{model} supervised",
}

#: Metric names (regular expressions) and their words; ``\1`` is the group.
METRIC_NAMES = (
    (r"balanced_accuracy_(\d+)class", r"Balanced accuracy, \1 classes"),
    (r"balanced_accuracy_(.+)", r"Balanced accuracy, \1"),
    (r"adjusted_r2_(.+)", r"Adjusted R² \1"),
    (r"p_(.+)", r"F-test p \1"),
    (r"ccc_(.+)", r"CCC \1"),
    (r"pairwise_r2_(.+)", r"Pairwise R² \1"),
    (r"spearman_pairs_(.+)", r"Spearman ρ pairs \1"),
    (r"spearman_projection_(.+)", r"Spearman ρ projection \1"),
    (r"bhattacharyya_to_source", r"Bhattacharyya distance to source"),
    (r"n_scored", r"Rows scored"),
    (r"n_outliers", r"Outlying rows left out"),
    (r"n_trained", r"Rows trained on"),
)


def metric_name(metric):
    """Return a metric's readable name, e.g. ``"Balanced accuracy, 4 classes"``.

    Parameters
    ----------
    metric : str
        A metric of the tidy results.

    Returns
    -------
    name : str
        The words of :data:`METRIC_NAMES`; an unknown metric with ``_`` read as
        spaces.

    Examples
    --------
    >>> from skser.utils import metric_name
    >>> metric_name("balanced_accuracy_4class")
    'Balanced accuracy, 4 classes'
    >>> metric_name("adjusted_r2_activation")
    'Adjusted R² activation'
    """
    for pattern, template in METRIC_NAMES:
        if re.fullmatch(pattern, metric):
            return re.sub(pattern, template, metric)
    return metric.replace("_", " ")


def balanced_accuracy_metric(class_set):
    """Return the metric name of balanced accuracy on a class set.

    Parameters
    ----------
    class_set : str or int
        The class set's name (``"4class"``), or its number of classes.

    Returns
    -------
    metric : str
        ``"balanced_accuracy_<class set>"``; a number ``n`` reads ``<n>class``.

    Examples
    --------
    >>> from skser.utils import balanced_accuracy_metric
    >>> balanced_accuracy_metric(4), balanced_accuracy_metric("3class")
    ('balanced_accuracy_4class', 'balanced_accuracy_3class')
    """
    if isinstance(class_set, (int, np.integer)):
        class_set = f"{int(class_set)}class"
    return f"balanced_accuracy_{class_set}"


def balanced_accuracy(true, predicted):
    """Balanced accuracy (unweighted average recall) of predicted classes.

    The mean over the true classes of each class's recall. A class that is
    predicted but absent from ``true`` does not count (scikit-learn warns about
    it; the warning is silenced here, since a corpus may lack a class that the
    classifier knows).

    Parameters
    ----------
    true, predicted : array-like of shape (n,)
        True and predicted class labels, any hashable values.

    Returns
    -------
    score : float
        In [0, 1]; 1 / n_classes is chance for a balanced guess.

    Examples
    --------
    >>> from skser.utils import balanced_accuracy
    >>> balanced_accuracy(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    0.75
    """
    from sklearn.exceptions import UndefinedMetricWarning
    from sklearn.metrics import balanced_accuracy_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (UserWarning, UndefinedMetricWarning))
        true, predicted = np.asarray(true), np.asarray(predicted)
        if not (true.dtype.kind in "biu" and predicted.dtype.kind in "biu"):
            # Labels of any kind compare as text: scikit-learn cannot tell the
            # type of an object array of numbers ("unknown").
            true, predicted = true.astype(str), predicted.astype(str)
        return float(balanced_accuracy_score(true, predicted))


def results_frame(rows, extra_columns=()):
    """Build a tidy results frame from records, columns in the schema's order.

    Parameters
    ----------
    rows : iterable of dict
        One dict per result, with the keys of :data:`RESULT_COLUMNS` and of
        ``extra_columns``.
    extra_columns : sequence of str, default=()
        Columns kept after the schema's seven.

    Returns
    -------
    results : DataFrame
        Checked by :func:`check_results`; ``value`` is float.

    Raises
    ------
    ValueError
        As :func:`check_results`.
    """
    columns = [*RESULT_COLUMNS, *extra_columns]
    results = pd.DataFrame(list(rows), columns=columns)
    results["value"] = results["value"].astype(float)
    return check_results(results)


def check_results(results):
    """Check that a frame follows the tidy results schema; return it.

    Parameters
    ----------
    results : DataFrame
        Tidy results (columns :data:`RESULT_COLUMNS`, other columns allowed).

    Returns
    -------
    results : DataFrame
        The same frame.

    Raises
    ------
    TypeError
        If ``results`` is not a DataFrame.
    ValueError
        If a column of the schema is missing, a ``role`` is not one of
        :data:`ROLES`, ``value`` is not numeric, or a key column (all but
        ``value``) holds a missing value; the message names the column and value.
    """
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a DataFrame, got {type(results).__name__}")
    missing = [column for column in RESULT_COLUMNS if column not in results]
    if missing:
        raise ValueError(
            f"results lack column(s) {', '.join(missing)} (columns: "
            f"{', '.join(map(str, results.columns))}); tidy results have "
            f"{', '.join(RESULT_COLUMNS)}"
        )
    unknown = sorted(set(results["role"].dropna()) - set(ROLES))
    if unknown:
        raise ValueError(
            f"results column 'role' holds {', '.join(map(repr, unknown))}; a role "
            f"is one of {', '.join(map(repr, ROLES))}"
        )
    if not pd.api.types.is_numeric_dtype(results["value"]):
        raise ValueError(
            f"results column 'value' must be numeric, got dtype "
            f"{results['value'].dtype}"
        )
    for column in RESULT_COLUMNS[:-1]:
        empty = results[column].isna()
        if empty.any():
            raise ValueError(
                f"results column {column!r} is missing in {int(empty.sum())} row(s) "
                f"(first: row {results.index[empty.to_numpy()][0]}); every row "
                "names its seed, fold, model, corpus, role and metric"
            )
    return results
