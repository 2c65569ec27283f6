"""
Cyclical KL annealing of the VAE
================================

What you learn: how the weight of the KL term of :class:`skser.VAE` rises and
falls over training, and what each loss term does meanwhile. The weight follows the
cyclical schedule of Fu et al. (2019),
:func:`skser.nn.cyclical_kl_weight`: in each of ``kl_cycles`` cycles it rises
linearly from 0 to ``kl_weight`` over the first ``kl_ramp`` of the cycle, then
stays. The model records each loss term's mean over every epoch in ``history_``
(``vae.history_[:, "train_kl"]``): those are the curves.

The VAE trains 24 epochs on the bundled EmoDB features (a quick run).
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.preprocessing import StandardScaler

from skser import VAE, OutlierFilter, make_pipeline
from skser.datasets import load_bundled
from skser.nn import cyclical_kl_weight
from skser.plotting import PALETTE, STYLE

plt.style.use(STYLE)
X, _ = load_bundled("emodb")
vae = VAE(max_epochs=24, kl_cycles=4, kl_ramp=0.5, kl_weight=0.25, random_state=0)
make_pipeline(OutlierFilter(), StandardScaler(), vae).fit(X)

# %%
# Per epoch: the mean of each recorded term over the epoch's rows. The
# recorded KL term is already weighted; dividing by the weight recovers the KL
# divergence itself.
epochs = np.arange(1, vae.max_epochs + 1)
beta = np.array([cyclical_kl_weight(e, vae.max_epochs, 4, 0.5, 0.25) for e in epochs])


def per_epoch(term):
    return np.array(vae.history_[:, term])


reconstruction = per_epoch("train_reconstruction")
weighted_kl = per_epoch("train_kl")
kl = np.divide(weighted_kl, beta, out=np.full_like(beta, np.nan), where=beta > 0)

fig, axes = plt.subplots(3, 1, figsize=(7, 7), sharex=True, layout="constrained")
axes[0].step(epochs, beta, where="mid", color=PALETTE[0])
axes[0].set_ylabel("KL weight (beta)")
axes[1].plot(epochs, reconstruction, color=PALETTE[1], marker="o", markersize=3)
axes[1].set_ylabel("reconstruction\n(squared error per row)")
axes[2].plot(
    epochs, kl, color=PALETTE[2], marker="s", markersize=3, label="KL divergence"
)
axes[2].plot(
    epochs, weighted_kl, color="0.3", linestyle="--", label="weighted term (beta x KL)"
)
axes[2].set_ylabel("KL term (nats per row)")
axes[2].set_xlabel("epoch")
axes[2].legend()
fig.suptitle("VAE on EmoDB (bundled): cyclical KL annealing, 4 cycles, ramp 0.5")
plt.show()
