"""The one evaluation loop: split -> fit -> score -> record.

Every evaluation of skser runs its (seed, fold, model) tasks through
:func:`run_tasks`, which fits and scores them (in parallel with joblib, with a
progress bar) and gathers the tidy rows of :mod:`skser.utils._results`; the
seeds come from :func:`seed_list` and the folds from :func:`fold_splitter`.
"""

import os
import warnings
from collections.abc import Iterable

import joblib
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from skser.model_selection import ColumnStratifiedGroupKFold, ColumnStratifiedKFold
from skser.utils import PREDICTION_COLUMNS, results_frame


def seed_list(random_state):
    """Return the seeds of a run: one int, or distinct ints.

    Raises
    ------
    ValueError
        If a sequence is empty or repeats a seed (it would repeat a run).
    """
    if isinstance(random_state, Iterable) and not isinstance(random_state, str):
        seeds = [int(seed) for seed in random_state]
        if not seeds or len(set(seeds)) != len(seeds):
            raise ValueError(
                f"random_state must be an int or distinct ints, got {random_state!r}"
            )
        return seeds
    return [random_state]


class _GivenGroups:
    """A group splitter whose ``split`` reads groups given up front."""

    def __init__(self, splitter, groups):
        self.splitter = splitter
        self.groups = groups

    def get_n_splits(self, X=None, y=None, groups=None):
        """Return the number of folds."""
        return self.splitter.get_n_splits()

    def split(self, X, y=None, groups=None):
        """Yield train and test indices; no group of ``self.groups`` straddles."""
        if len(self.groups) != len(X):
            raise ValueError(
                f"fold_splitter was given {len(self.groups)} groups for "
                f"{len(X)} rows; pass one group per row"
            )
        missing = np.flatnonzero(pd.isna(pd.Series(self.groups)))
        if len(missing):
            raise ValueError(
                f"fold_splitter's groups: {len(missing)} row(s) have no group "
                f"(first: row {missing[0]}); every row needs one"
            )
        return self.splitter.split(X, y, self.groups)

    def __repr__(self):
        return f"{self.splitter!r} (with {len(self.groups)} groups given)"


def fold_splitter(n_splits, seed, groups=None, column="emotion"):
    """Return the folds of a source: stratified on ``column``, grouped if asked.

    Parameters
    ----------
    n_splits : int
        Number of folds.
    seed : int
        Seed of the shuffle.
    groups : str, array-like of shape (n_samples,) or None, default=None
        Groups that never straddle a fold: the name of a label column (e.g.
        ``"speaker"``, read from the ``y`` given to ``split``), or each row's
        group (e.g. an array of speakers), which ``split`` then uses for any
        ``X`` and ``y`` of that many rows. None: stratified folds only.
    column : str, default="emotion"
        The label column to stratify on; a 1-D ``y`` is that column itself.

    Returns
    -------
    splitter : ColumnStratifiedKFold or ColumnStratifiedGroupKFold
        With groups as an array: that ``ColumnStratifiedGroupKFold`` with the
        groups bound, so its ``split(X, y)`` needs no ``groups=`` (one given is
        ignored).

    Raises
    ------
    ValueError
        From ``split``, if an array of groups has another length than ``X``
        or a row has no group.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.evaluation import fold_splitter
    >>> y = np.array(["sad", "angry"] * 6)
    >>> speakers = np.repeat(["a", "b", "c"], 4)
    >>> cv = fold_splitter(3, seed=0, groups=speakers)
    >>> sorted(np.unique(speakers[test]).tolist() for _, test in cv.split(y, y))
    [['a'], ['b'], ['c']]
    """
    if groups is None:
        return ColumnStratifiedKFold(n_splits, column, shuffle=True,
                                     random_state=seed)  # fmt: skip
    if isinstance(groups, str):
        return ColumnStratifiedGroupKFold(n_splits, column, groups, shuffle=True,
                                          random_state=seed)  # fmt: skip
    splitter = ColumnStratifiedGroupKFold(n_splits, column, shuffle=True,
                                          random_state=seed)  # fmt: skip
    return _GivenGroups(splitter, np.asarray(groups, dtype=object))


def _indexed(evaluate, index, task, caller):
    """``(index, evaluate(task), warnings)``: which task a result came from.

    In another process than the ``caller``'s (joblib's workers), the task's
    warnings would be lost: they are recorded, every one, and returned as
    (text, category, file, line) for :func:`run_tasks` to warn again.
    """
    if os.getpid() == caller:
        return index, evaluate(task), []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = evaluate(task)
    said = [(str(w.message), w.category, w.filename, w.lineno) for w in caught]
    return index, result, said


def run_tasks(evaluate, tasks, *, n_jobs=None, progress=True, desc="tasks",
              extra_columns=(), ordered=True, on_result=None):  # fmt: skip
    """Run ``evaluate(task)`` on every task; return the tidy results.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(task) -> (rows, predictions)``: it fits and scores one task and
        returns its tidy rows (dicts of :data:`~skser.utils.RESULT_COLUMNS`) and
        a list of prediction frames.
    tasks : iterable
        The (seed, fold, model) tasks, any objects ``evaluate`` reads.
    n_jobs : int, default=None
        Parallel tasks, with joblib.
    progress : bool, default=True
        Show a progress bar over the tasks.
    desc : str, default="tasks"
        The progress bar's words.
    extra_columns : sequence of str, default=()
        Columns of the rows after the schema's seven.
    ordered : bool, default=True
        Hand the tasks' results to ``on_result`` in the order of ``tasks``; False
        hands each over as soon as its task ends (joblib's
        ``return_as="generator_unordered"``), so a slow task does not hold back
        the ones after it. The returned frame is in the order of ``tasks``
        either way.
    on_result : callable, default=None
        ``on_result(task, rows, predictions)``, called in this process once per
        task when its results arrive: e.g. to write what is finished so far, so
        that a run stopped early keeps it.

    Returns
    -------
    results : DataFrame
        The tidy rows, checked (:func:`~skser.utils.results_frame`), task by task
        in the order of ``tasks``.
    predictions : list of DataFrame
        The tasks' prediction frames; :func:`prediction_frame` joins them.

    Warns
    -----
    Warning
        Every warning of a task, also from a task that ran in another process
        (as a warning of its own file and line, once per run where the filters
        show it once).

    Raises
    ------
    ValueError
        As :func:`~skser.utils.results_frame`, for rows that break the schema.
    """
    tasks = list(tasks)
    outputs = joblib.Parallel(
        n_jobs=n_jobs, return_as="generator" if ordered else "generator_unordered"
    )(
        joblib.delayed(_indexed)(evaluate, i, task, os.getpid())
        for i, task in enumerate(tasks)
    )
    finished = [None] * len(tasks)
    registry = {}  # the caller's filters decide, once per run, what is shown
    for index, (new_rows, new_predictions), said in tqdm(
        outputs, total=len(tasks), desc=desc, disable=not progress
    ):
        for text, category, filename, lineno in said:
            warnings.warn_explicit(text, category, filename, lineno, registry=registry)
        finished[index] = (new_rows, new_predictions)
        if on_result is not None:
            on_result(tasks[index], new_rows, new_predictions)
    rows = [row for new_rows, _ in finished for row in new_rows]
    predictions = [frame for _, new_predictions in finished
                   for frame in new_predictions]  # fmt: skip
    return results_frame(rows, extra_columns), predictions


def prediction_frame(predictions):
    """Concatenate prediction frames; none (or only empty ones) gives the columns."""
    predictions = [frame for frame in predictions if len(frame)]
    if not predictions:
        return pd.DataFrame(columns=PREDICTION_COLUMNS)
    return pd.concat(predictions, ignore_index=True)[PREDICTION_COLUMNS]
