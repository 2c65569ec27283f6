"""The tidy results schema of skser.utils: columns, roles, metric names, checks."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skser.utils import (
    RESULT_COLUMNS,
    ROLES,
    balanced_accuracy,
    balanced_accuracy_metric,
    check_results,
    metric_name,
    results_frame,
)

ROW = {"seed": 0, "fold": 1, "model": "DAE", "corpus": "urdu", "role": "target",
       "metric": "balanced_accuracy_4class", "value": 0.5}  # fmt: skip


def test_balanced_accuracy_is_the_mean_recall_of_the_true_classes():
    # recalls: a 1/2, b 2/2, c 0/1 -> (0.5 + 1 + 0) / 3; "d" predicted, never true
    true = ["a", "a", "b", "b", "c"]
    predicted = ["a", "d", "b", "b", "a"]
    assert balanced_accuracy(true, predicted) == pytest.approx(0.5)


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abcd")),
                min_size=1, max_size=30), st.randoms())  # fmt: skip
def test_balanced_accuracy_ignores_row_order_and_is_a_recall_mean(pairs, rng):
    shuffled = list(pairs)
    rng.shuffle(shuffled)
    true, predicted = map(list, zip(*pairs, strict=True))
    score = balanced_accuracy(true, predicted)
    assert score == pytest.approx(balanced_accuracy(*zip(*shuffled, strict=True)))
    recalls = [
        np.mean([p == t for t2, p in pairs if t2 == t]) for t in sorted(set(true))
    ]
    assert score == pytest.approx(np.mean(recalls))


def test_metric_names_are_one_table_for_tables_and_figures():
    assert balanced_accuracy_metric(4) == "balanced_accuracy_4class"
    assert balanced_accuracy_metric(np.int64(3)) == "balanced_accuracy_3class"
    assert balanced_accuracy_metric("binary") == "balanced_accuracy_binary"
    assert metric_name("balanced_accuracy_4class") == "Balanced accuracy, 4 classes"
    assert metric_name("balanced_accuracy_binary") == "Balanced accuracy, binary"
    assert metric_name("spearman_pairs_valence") == "Spearman ρ pairs valence"
    assert metric_name("n_scored") == "Rows scored"
    assert metric_name("my_metric") == "my metric"


def test_results_frame_orders_the_columns_and_keeps_the_extra_ones():
    frame = results_frame([{**ROW, "level": 10.0}], extra_columns=["level"])
    assert list(frame.columns) == [*RESULT_COLUMNS, "level"]
    assert frame["value"].dtype == float
    assert ROLES == ("source", "target")


def test_an_empty_results_frame_has_the_columns():
    assert list(results_frame([]).columns) == list(RESULT_COLUMNS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"role": "transfer"}, "'role' holds 'transfer'; a role is one of 'source'"),
        ({"value": "high"}, "'value' must be numeric, got dtype"),
        ({"corpus": None}, "'corpus' is missing in 1 row"),
    ],
)
def test_check_results_names_the_column_and_the_value(change, message):
    with pytest.raises(ValueError, match=message):
        check_results(pd.DataFrame([{**ROW, **change}]))


def test_check_results_names_the_missing_columns():
    with pytest.raises(ValueError, match="lack column.s. role, metric"):
        check_results(pd.DataFrame([ROW]).drop(columns=["role", "metric"]))
    with pytest.raises(TypeError, match="must be a DataFrame, got list"):
        check_results([ROW])


def test_balanced_accuracy_of_integer_codes():
    # class 0: 2 of 3 right; class 1: 1 of 1 -> (2/3 + 1) / 2, as for text labels
    from skser.utils import balanced_accuracy

    assert balanced_accuracy(np.array([0, 0, 0, 1]), np.array([0, 0, 1, 1])) == (
        pytest.approx(5 / 6)
    )
    assert balanced_accuracy(["0", "0", "0", "1"], ["0", "0", "1", "1"]) == (
        pytest.approx(5 / 6)
    )
