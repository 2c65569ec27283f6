"""
The DAE family on EmoDB: five ways to draw emotion in two dimensions
====================================================================

What you learn: how the five latent models of skser shape the same 88 eGeMAPS
features of EmoDB (German acted speech). The plain DAE and the VAE learn from the
features alone; MetricDAE orders its code by activation; ClusterDAE and ClusterVAE
pull utterances of one emotion together. Each model is fitted on 70% of the four
emotion classes of the papers and draws the codes of the other 30%.

Each model trains for 15 epochs here instead of the default 50, to keep the example
quick; the shapes are already visible.
"""

import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skser import (
    DAE,
    VAE,
    ClusterDAE,
    ClusterVAE,
    MetricDAE,
    OutlierFilter,
    make_pipeline,
)
from skser.datasets import load_bundled, to_class_set
from skser.plotting import PALETTE, STYLE

plt.style.use(STYLE)
X, y = load_bundled("emodb")
four = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
X, y = X[four], y[four]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y["emotion"], random_state=0
)

# %%
# One pipeline per model: outliers out, features standardised, then the model.
settings = {"max_epochs": 15, "random_state": 0}
models = {
    "DAE": DAE(**settings),
    "MetricDAE (activation)": MetricDAE(target="activation", **settings),
    "ClusterDAE (emotion)": ClusterDAE(target="emotion", **settings),
    "VAE": VAE(**settings),
    "ClusterVAE (emotion)": ClusterVAE(target="emotion", **settings),
}
codes = {
    name: make_pipeline(OutlierFilter(), StandardScaler(), model)
    .fit(X_train, y_train)
    .transform(X_test)
    for name, model in models.items()
}

# %%
# Emotions get a colour and a marker each, so the figure reads in grey too.
emotions = ["neutral", "sad", "happy", "angry"]
markers = ["o", "s", "^", "D"]
fig, axes = plt.subplots(1, 5, figsize=(17, 3.8), layout="constrained")
for ax, (name, z) in zip(axes, codes.items(), strict=True):
    for emotion, colour, marker in zip(emotions, PALETTE, markers, strict=False):
        rows = (y_test["emotion"] == emotion).to_numpy()
        ax.scatter(
            z[rows, 0],
            z[rows, 1],
            s=12,
            color=colour,
            marker=marker,
            label=emotion,
            alpha=0.8,
        )
    ax.set_title(name)
    ax.set_xlabel("latent dimension 0")
axes[0].set_ylabel("latent dimension 1")
axes[-1].legend(title="emotion", loc="upper left", bbox_to_anchor=(1.02, 1))
fig.suptitle(
    f"Latent codes of held-out EmoDB utterances (n = {len(X_test)}), "
    "one panel per model, 15 epochs"
)
plt.show()
