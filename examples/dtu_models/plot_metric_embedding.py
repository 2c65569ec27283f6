"""
Latent codes ordered by activation
==================================

A denoising autoencoder squeezes the 88 eGeMAPS features of EmoDB into two
dimensions. Trained with the continuous metric loss on activation (MetricDAE), the
code is ordered by activation; the plain DAE's is not. The adjusted R2 of an OLS
fit of activation on the code of held-out utterances measures it.
"""

import matplotlib.pyplot as plt
import statsmodels.api as sm
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skser import DAE, MetricDAE, OutlierFilter, make_pipeline
from skser.datasets import load_bundled, to_class_set

X, y = load_bundled("emodb")
four_classes = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
X, y = X[four_classes], y[four_classes]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y["emotion"], random_state=0
)

fig, axes = plt.subplots(1, 2, figsize=(9, 4))
for ax, model in zip(
    axes, [DAE(random_state=0), MetricDAE(target="activation", random_state=0)],
    strict=True,
):  # fmt: skip
    pipe = make_pipeline(OutlierFilter(), StandardScaler(), model)
    z = pipe.fit(X_train, y_train).transform(X_test)
    r2 = sm.OLS(y_test["activation"].to_numpy(), sm.add_constant(z)).fit().rsquared_adj
    points = ax.scatter(z[:, 0], z[:, 1], c=y_test["activation"], cmap="viridis", s=14)
    ax.set_title(f"{type(model).__name__}: adjusted R2 = {r2:.2f}")
    ax.set_xlabel("latent0")
axes[0].set_ylabel("latent1")
fig.colorbar(points, ax=axes, label="activation")
plt.show()
