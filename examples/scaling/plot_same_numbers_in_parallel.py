"""
The same numbers on one core, on several, or on a cluster
=========================================================

What you learn: how to spread the fits of a grid search over processes with
``n_jobs`` and joblib, and that doing so changes where the fits run, not what
they give. Each fit seeds its own generators from its ``random_state``, so the
scores of a parallel search equal those of a serial one. The same search runs on a
Dask cluster under ``joblib.parallel_config(backend="dask")`` after
``pip install "skser[dask]"`` and ``Client("scheduler-address:8786")`` (see the
user guide's "Scaling out").

MetricDAE trains 5 epochs per fit (the default is 50), over 3 folds: a check of
equality, not a tuned result.
"""

import joblib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import (
    ColumnStratifiedKFold,
    MetricDAE,
    TargetColumn,
    column_scorer,
    make_pipeline,
)
from skser.datasets import load_bundled, to_class_set
from skser.plotting import PALETTE, STYLE

plt.style.use(STYLE)
X, y = load_bundled("emodb")
four = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
X, y = X[four], y[four]

pipe = make_pipeline(
    StandardScaler(),
    MetricDAE(target="activation", max_epochs=5, random_state=0),
    TargetColumn(LinearSVC(), "emotion"),
)
search = GridSearchCV(
    pipe,
    {"metricdae__metric_weight": [0.0, 1.0, 10.0]},
    cv=ColumnStratifiedKFold(3, "emotion", shuffle=True, random_state=0),
    scoring=column_scorer("balanced_accuracy", "emotion"),
    refit=False,
)

# %%
# The search on one core, then on two worker processes (joblib's default
# backend; ``backend="dask"`` sends the same jobs to a cluster).
serial = pd.DataFrame(search.set_params(n_jobs=1).fit(X, y).cv_results_)
with joblib.parallel_config(backend="loky"):
    parallel = pd.DataFrame(search.set_params(n_jobs=2).fit(X, y).cv_results_)
folds = [f"split{i}_test_score" for i in range(3)]
print("equal fold scores:", np.array_equal(serial[folds], parallel[folds]))

# %%
# Each fold's score of each weight, serial against parallel: every point lies on
# the diagonal.
fig, ax = plt.subplots(figsize=(5, 5))
for i, weight in enumerate(serial["param_metricdae__metric_weight"]):
    ax.scatter(
        serial.loc[i, folds],
        parallel.loc[i, folds],
        color=PALETTE[i],
        label=f"metric_weight={weight:g}",
    )
ax.plot([0, 1], [0, 1], color="0.3", linestyle="--", label="equal")
ax.set_xlabel("balanced accuracy, n_jobs=1")
ax.set_ylabel("balanced accuracy, n_jobs=2")
ax.set_xlim(0, 1)
ax.set_ylim(0, 1)
ax.legend()
ax.set_title("Grid search on EmoDB (bundled): one fold per point")
plt.show()
