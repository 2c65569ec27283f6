"""
Emotion in eGeMAPS features of two languages
============================================

The bundled eGeMAPS tables of EmoDB (German) and URDU (Urdu) carry the
activation labels of Das et al. (2022). Loudness rises with activation in both
languages, but each corpus sits at its own level: that offset is why each corpus is
standardised with its own statistics before a model trained on one is used on the
other.
"""

import matplotlib.pyplot as plt

from skser.datasets import load_bundled

fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
for ax, name in zip(axes, ["emodb", "urdu"], strict=True):
    X, y = load_bundled(name)
    points = ax.scatter(
        y["activation"], X["loudness_sma3_amean"], c=y["activation"], s=12,
        cmap="viridis",
    )  # fmt: skip
    ax.set_title(name)
    ax.set_xlabel("activation (Das et al. 2022)")
axes[0].set_ylabel("mean loudness (eGeMAPS)")
fig.colorbar(points, ax=axes, label="activation")
plt.show()
