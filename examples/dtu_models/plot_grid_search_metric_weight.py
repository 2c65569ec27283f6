"""
Grid search over the weight of the metric loss
==============================================

What you learn: how to tune a loss weight of a skser model with scikit-learn's
:class:`~sklearn.model_selection.GridSearchCV`, with the label frame ``y``
carrying both the training target (activation, for MetricDAE) and the emotion the
classifier is scored on. :func:`skser.column_scorer` and
:class:`skser.ColumnStratifiedKFold` tell scikit-learn which column to use.

MetricDAE trains 10 epochs per fit (the default is 50), over 3 folds: a quick look,
not a tuned result.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import (
    ColumnStratifiedKFold,
    MetricDAE,
    OutlierFilter,
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
    OutlierFilter(),
    StandardScaler(),
    MetricDAE(target="activation", max_epochs=10, random_state=0),
    TargetColumn(LinearSVC(), "emotion"),
)
search = GridSearchCV(
    pipe,
    {"metricdae__metric_weight": [0.0, 1.0, 10.0]},
    cv=ColumnStratifiedKFold(3, "emotion", shuffle=True, random_state=0),
    scoring=column_scorer("balanced_accuracy", "emotion"),
).fit(X, y)
print("best:", search.best_params_, f"{search.best_score_:.2f}")

# %%
# Mean and standard deviation over the 3 folds for each weight. A weight of 0
# turns the metric loss off: the plain DAE.
scores = pd.DataFrame(search.cv_results_)
weights = scores["param_metricdae__metric_weight"].astype(float)
positions = np.arange(len(weights))
fig, ax = plt.subplots(figsize=(6, 4))
ax.errorbar(
    positions,
    scores["mean_test_score"],
    yerr=scores["std_test_score"],
    color=PALETTE[0],
    marker="o",
    capsize=4,
    label="MetricDAE + LinearSVC",
)
ax.axhline(0.25, color="0.3", linestyle="--", label="chance (0.25)")
ax.set_xticks(positions, [f"{w:g}" for w in weights])
ax.set_xlabel("metric_weight (weight of the continuous metric loss)")
ax.set_ylabel("balanced accuracy (4 classes)")
ax.set_ylim(0, 1)
ax.legend()
ax.set_title(
    "MetricDAE (activation) on EmoDB (bundled), held-out folds\n"
    "points: mean; error bars: ±1 std over 3 folds"
)
plt.show()
