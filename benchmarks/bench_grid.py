"""A grid search on two Dask workers against one, through joblib's Dask backend.

GridSearchCV over MetricDAE's metric_weight (4 values x 3 folds = 12 fits of
2000 x 88 synthetic rows, 20 epochs; ``--quick``: 2 values, 5 epochs) runs under
``joblib.parallel_config(backend="dask")`` on a LocalCluster of one worker
process, then of two (one thread each; the clusters' start is not timed). Prints
both wall times and the ratio two / one, measured in the same run, and checks
that both found the same scores.

    nice -n 10 python benchmarks/bench_grid.py [--quick]
"""

import argparse
import time

import joblib
import numpy as np
from distributed import Client, LocalCluster
from sklearn.model_selection import GridSearchCV, KFold

from skser import MetricDAE

N_ROWS, N_FEATURES = 2000, 88


def search(quick):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((N_ROWS, N_FEATURES)).astype(np.float32)
    activation = X[:, :3].sum(axis=1) + rng.normal(0, 0.5, N_ROWS)
    weights = [0.1, 1.0] if quick else [0.1, 1.0, 3.0, 10.0]
    grid = GridSearchCV(
        MetricDAE(max_epochs=5 if quick else 20, random_state=0),
        {"metric_weight": weights},
        cv=KFold(3, shuffle=True, random_state=0),
        scoring=lambda model, X, y: -np.abs(model.transform(X)).mean(),
        n_jobs=-1,
    )
    return grid, X, activation


def on_cluster(n_workers, quick):
    """Return the seconds of the search on ``n_workers`` and its scores."""
    grid, X, y = search(quick)
    with (
        LocalCluster(
            n_workers=n_workers, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster),
        joblib.parallel_config(backend="dask"),
    ):
        start = time.perf_counter()
        grid.fit(X, y)
        seconds = time.perf_counter() - start
    return seconds, grid.cv_results_["mean_test_score"]


def ratios(quick=False):
    """Rows of ``make bench``'s table."""
    one, scores_one = on_cluster(1, quick)
    two, scores_two = on_cluster(2, quick)
    same = np.array_equal(scores_one, scores_two)
    return [
        {
            "benchmark": "GridSearchCV(MetricDAE) on Dask, 2 workers"
            + ("" if same else " (SCORES DIFFER)"),
            "ours": f"{two:.1f} s",
            "reference": f"1 Dask worker {one:.1f} s",
            "ratio": two / one,
        }
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    (row,) = ratios(args.quick)
    print(f"{row['benchmark']}: {row['ours']}; {row['reference']}; "
          f"ratio {row['ratio']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
