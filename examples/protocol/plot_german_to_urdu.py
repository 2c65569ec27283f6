"""
German to Urdu: what transfers, class by class
==============================================

What you learn: how a model trained on German speech (EmoDB) meets Urdu speech
(URDU) it never saw, and which emotions survive the trip. The pipeline is fitted
on EmoDB; :func:`skser.evaluation.adapt` then refits only its standardisation on a
fifth of the Urdu utterances, without their labels, as the papers' protocol does.
The other four fifths are scored. Confusion matrices show where the errors go.

MetricDAE trains 15 epochs (default 50): a quick look.
"""

import matplotlib.pyplot as plt
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import MetricDAE, OutlierFilter, TargetColumn, make_pipeline
from skser.datasets import load_bundled, to_class_set
from skser.evaluation import adapt
from skser.plotting import plot_confusion_matrices


def four_classes(name):
    X, y = load_bundled(name)
    keep = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
    return X[keep], y[keep]


X_de, y_de = four_classes("emodb")
X_ur, y_ur = four_classes("urdu")
X_train, X_test, y_train, y_test = train_test_split(
    X_de, y_de, test_size=0.3, stratify=y_de["emotion"], random_state=0
)
X_adapt, X_scored, _, y_scored = train_test_split(
    X_ur, y_ur, train_size=0.2, random_state=0
)

german = make_pipeline(
    OutlierFilter(),
    StandardScaler(),
    MetricDAE(target="activation", max_epochs=15, random_state=0),
    TargetColumn(LinearSVC(), "emotion"),
).fit(X_train, y_train)
urdu = adapt(german, X_adapt)  # labels of X_adapt unused

# %%
# A tidy frame of predictions, one row per scored utterance: the shape
# :func:`skser.plotting.plot_confusion_matrices` draws.
predictions = pd.concat(
    [
        pd.DataFrame(
            {
                "model": "MetricDAE (activation)",
                "corpus": corpus,
                "true": y["emotion"].to_numpy(),
                "predicted": model.predict(X),
            }
        )
        for corpus, model, X, y in [
            ("emodb (held-out 30%)", german, X_test, y_test),
            ("urdu (80% not used to adapt)", urdu, X_scored, y_scored),
        ]
    ]
)
print(
    predictions.groupby("corpus").apply(
        lambda p: (p["true"] == p["predicted"]).mean(), include_groups=False
    )
)
plot_confusion_matrices(predictions, class_set="4class")
plt.show()
