"""On a Dask cluster through joblib: the same numbers as a local run, work on workers.

The cluster is a LocalCluster of two worker processes (threads would share torch's
global random generator, which each fit seeds). Every test checks that tasks ran
on the workers, so a run that silently stayed local fails.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import (
    ColumnStratifiedKFold,
    EGeMAPSExtractor,
    MetricDAE,
    TargetColumn,
    column_scorer,
    make_pipeline,
)
from skser.evaluation import cross_corpus_validate

# A guard only: dask[distributed] is in the test extra, so CI runs these tests.
distributed = pytest.importorskip("distributed")
joblib = pytest.importorskip("joblib")

TINY = {"max_epochs": 3, "hidden_layer_sizes": (6,), "random_state": 0}


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def on_cluster(client, func):
    """Run ``func()`` under joblib's dask backend; return it and the tasks run."""
    with distributed.get_task_stream(client) as tasks:
        with joblib.parallel_config(backend="dask"):
            result = func()
    return result, tasks.data


def corpus(name, n=90, shift=0.0, seed=0):
    rng = np.random.default_rng(seed)
    emotion = np.array(["neutral", "sad", "happy", "angry"])[np.arange(n) % 4]
    X = rng.normal(0, 1, (n, 5))
    X[:, 0] += np.arange(n) % 4
    y = pd.DataFrame(
        {
            "emotion": emotion,
            "activation": X[:, 0] + rng.normal(0, 0.3, n),
            "valence": X[:, 1],
            "corpus": name,
        }
    )
    return pd.DataFrame(X + shift, columns=[f"f{i}" for i in range(5)]), y


def test_grid_search_on_the_cluster_equals_the_local_one(client):
    X, y = corpus("src")
    pipe = make_pipeline(
        StandardScaler(),
        MetricDAE(target="activation", **TINY),
        TargetColumn(LinearSVC(), "emotion"),
    )
    search = GridSearchCV(
        pipe,
        {"metricdae__metric_weight": [0.1, 1.0, 10.0]},
        cv=ColumnStratifiedKFold(3, "emotion", shuffle=True, random_state=0),
        scoring=column_scorer("balanced_accuracy", "emotion"),
        n_jobs=-1,
    )
    local = GridSearchCV(**{**search.get_params(deep=False), "n_jobs": 1}).fit(X, y)
    remote, tasks = on_cluster(client, lambda: search.fit(X, y))
    assert len(tasks) >= 9  # 3 settings x 3 folds, at least
    for key in ["mean_test_score", *(f"split{i}_test_score" for i in range(3))]:
        np.testing.assert_array_equal(remote.cv_results_[key], local.cv_results_[key])
    codes = [s.best_estimator_[:-1].transform(X) for s in (remote, local)]
    np.testing.assert_array_equal(*codes)


def test_cross_corpus_validate_on_the_cluster_equals_the_local_run(client):
    models = {
        "MetricDAE": make_pipeline(
            StandardScaler(), MetricDAE(target="activation", **TINY)
        )
    }
    source, targets = corpus("src"), {"tgt": corpus("tgt", shift=3.0, seed=1)}
    options = {"cv": 3, "random_state": [0, 1], "progress": False}
    local = cross_corpus_validate(models, source, targets, n_jobs=1, **options)
    remote, tasks = on_cluster(
        client,
        lambda: cross_corpus_validate(models, source, targets, n_jobs=-1, **options),
    )
    assert len(tasks) >= 12  # 2 seeds x 3 folds x (MetricDAE, zero-shot)
    pd.testing.assert_frame_equal(remote, local)


def test_extraction_on_the_cluster_equals_the_local_one(client, tones, tmp_path):
    local = EGeMAPSExtractor().transform(tones)
    cache = tmp_path / "cache"
    remote, tasks = on_cluster(
        client, lambda: EGeMAPSExtractor(n_jobs=-1, cache=cache).transform(tones)
    )
    assert len(tasks) >= len(tones)
    np.testing.assert_array_equal(remote, local)
    # The cache is the client's: filled there, it serves the next run locally.
    cached, tasks = on_cluster(
        client, lambda: EGeMAPSExtractor(n_jobs=-1, cache=cache).transform(tones)
    )
    assert tasks == []
    np.testing.assert_array_equal(cached, local)
