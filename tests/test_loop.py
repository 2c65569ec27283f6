"""The one evaluation loop: run_tasks, its order and its on_result callback."""

import time
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning

from skser.evaluation import fold_splitter, run_tasks
from skser.evaluation._latif import _convergence_counted


def _row(task, metric="balanced_accuracy_4class"):
    return {"seed": 0, "fold": task, "model": f"m{task}", "corpus": "emodb",
            "role": "source", "metric": metric, "value": task / 10}  # fmt: skip


def _slow_first(task):
    """Task 0 ends last: it sleeps while the others run."""
    time.sleep(0.6 if task == 0 else 0.0)
    frame = pd.DataFrame({"task": [task]})
    return [_row(task), _row(task, "n_scored")], [frame]


@pytest.mark.parametrize("ordered", [True, False])
def test_results_are_in_task_order_and_each_task_reported_once(ordered):
    arrived = []

    def on_result(task, rows, predictions):
        arrived.append(task)
        # a task's own rows and predictions, as it returned them
        assert [row["fold"] for row in rows] == [task, task]
        assert predictions[0]["task"].tolist() == [task]

    with joblib.parallel_config(backend="threading"):
        results, predictions = run_tasks(
            _slow_first, [0, 1, 2], n_jobs=2, progress=False, ordered=ordered,
            on_result=on_result,
        )  # fmt: skip
    assert sorted(arrived) == [0, 1, 2]
    # ordered: task 0 first though it ends last; unordered: as each task ends
    assert arrived[0] == 0 if ordered else arrived[-1] == 0
    assert results["fold"].tolist() == [0, 0, 1, 1, 2, 2]
    np.testing.assert_allclose(results["value"], [0, 0, 0.1, 0.1, 0.2, 0.2])
    assert [frame["task"].item() for frame in predictions] == [0, 1, 2]


def test_extra_columns_follow_the_schema_and_bad_rows_are_refused():
    def evaluate(task):
        return [{**_row(task), "condition": "clean"}], []

    results, _ = run_tasks(evaluate, range(2), progress=False,
                           extra_columns=["condition"])  # fmt: skip
    assert results.columns[-1] == "condition"
    assert results["condition"].tolist() == ["clean", "clean"]

    def unknown_role(task):
        return [{**_row(task), "role": "transfer"}], []

    with pytest.raises(ValueError, match="transfer"):
        run_tasks(unknown_role, [0], progress=False)


def _warns_twice(task):
    warnings.warn(f"task {task} stopped early", ConvergenceWarning, stacklevel=1)
    warnings.warn(f"task {task} stopped early", ConvergenceWarning, stacklevel=1)
    return [_row(task)], []


@pytest.mark.parametrize("n_jobs", [None, 2])
def test_warnings_of_tasks_reach_the_caller_from_any_process(n_jobs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results, _ = run_tasks(_warns_twice, range(3), n_jobs=n_jobs, progress=False)
    said = sorted(str(w.message) for w in caught if w.category is ConvergenceWarning)
    # Each of the six, with its own text (two per task), from a worker or not.
    assert said == [f"task {task} stopped early" for task in range(3) for _ in "12"]
    assert results["fold"].tolist() == [0, 1, 2]


def test_latif_studies_count_the_convergence_warnings_of_workers():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with _convergence_counted():
            run_tasks(_warns_twice, range(3), n_jobs=2, progress=False)
    said = [str(w.message) for w in caught]
    assert len(said) == 1 and said[0].startswith("6 MLP classifier fits stopped")


def test_fold_splitter_takes_a_column_name_or_each_rows_group():
    speakers = np.repeat(["a", "b", "c", "d"], 6)
    y = pd.DataFrame({"emotion": ["sad", "angry", "happy"] * 8, "speaker": speakers})
    by_name = list(fold_splitter(4, 0, "speaker").split(y, y))
    given = fold_splitter(4, 0, speakers.tolist())
    # The same folds from the array as from the column, for a 1-D y too.
    for (train, test), (train2, test2) in zip(
        by_name, given.split(y, y["emotion"].to_numpy()), strict=True
    ):
        np.testing.assert_array_equal(test, test2)
        np.testing.assert_array_equal(train, train2)
        assert len(set(speakers[test])) == 1
    assert given.get_n_splits() == 4
    with pytest.raises(ValueError, match="given 24 groups for 23 rows"):
        list(given.split(y[1:], y[1:]))
    with pytest.raises(ValueError, match=r"1 row\(s\) have no group \(first: row 5\)"):
        missing = speakers.astype(object)
        missing[5] = None
        list(fold_splitter(4, 0, missing).split(y, y))
