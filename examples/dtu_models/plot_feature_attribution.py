"""
Which acoustic features drive each emotion decision
===================================================

What you learn: how to attribute the decisions of a latent model and its
classifier to the eGeMAPS feature groups (pitch, loudness, spectral balance, ...)
with :func:`skser.inspection.feature_attributions` (Integrated Gradients, through
captum), and test which groups separate each emotion from neutral with
:func:`skser.inspection.compare_classes` (Welch's t-test, Holm-corrected).

The heatmap has one colour scale per model: attributions are in units of each
model's own decision scores. Models train 10 epochs (default 50).
"""

import matplotlib.pyplot as plt
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import DAE, MetricDAE, OutlierFilter, TargetColumn, make_pipeline
from skser.datasets import load_bundled, to_class_set
from skser.inspection import compare_classes, feature_attributions, group_attributions
from skser.plotting import plot_group_attributions

X, y = load_bundled("emodb")
four = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
X, y = X[four], y[four]

tables, comparisons = {}, {}
for name, model in {
    "DAE": DAE(max_epochs=10, random_state=0),
    "MetricDAE (activation)": MetricDAE(
        target="activation", max_epochs=10, random_state=0
    ),
}.items():
    pipe = make_pipeline(
        OutlierFilter(), StandardScaler(), model, TargetColumn(LinearSVC(), "emotion")
    ).fit(X, y)
    attributions = feature_attributions(pipe, X, y["emotion"], n_steps=20)
    tables[name] = group_attributions(attributions)
    comparisons[name] = compare_classes(attributions)

# %%
# The strongest differences from neutral, per model.
for name, comparison in comparisons.items():
    own = comparison[comparison["output"] == comparison["class_b"]]
    print(name)
    print(own.nsmallest(3, "p_holm")[["class_b", "group", "difference", "p_holm"]])

plot_group_attributions(
    tables, comparisons, method="Integrated Gradients", corpus="EmoDB (bundled)"
)
plt.show()
