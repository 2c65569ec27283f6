"""
What training did: each loss term per epoch
===========================================

What you learn: how to see whether the papers' models trained to the end, with
:func:`skser.plotting.plot_training_history`. Every skser torch model records the
mean of each of its loss terms per epoch in ``history_`` (already multiplied by
its weight, so the terms add up to the total loss); the function draws one panel
per model. A curve still falling at the last epoch had not converged: train
longer (``max_epochs``). ``skser demo``, ``skser evaluate`` and the Latif
evaluations draw this figure into ``training.png`` and the report.

The six models of the papers train 20 epochs here (the papers: 50) on the bundled
EmoDB rows of neutral, sad, happy and angry.
"""

from skser.datasets import load_bundled
from skser.evaluation import TRAIN_CLASSES, paper_models
from skser.plotting import plot_training_history

X, y = load_bundled("emodb")
rows = y["emotion"].isin(TRAIN_CLASSES).to_numpy()
models = {
    name: pipeline.fit(X[rows], y[rows])
    for name, pipeline in paper_models(random_state=0, max_epochs=20).items()
}
plot_training_history(models)

# %%
# A term's values are in ``history_`` too, one per epoch, for figures of your own
# (:func:`skser.plotting.history_terms` collects them all).
vae = models["VAE"][-1]
print([round(value, 3) for value in vae.history_[:, "train_kl"]][:5])
