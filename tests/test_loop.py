"""The one evaluation loop: run_tasks, its order and its on_result callback."""

import time

import joblib
import numpy as np
import pandas as pd
import pytest

from skser.evaluation import run_tasks


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
