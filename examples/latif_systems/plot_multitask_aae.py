"""
A semi-supervised adversarial autoencoder with speaker and gender heads
=======================================================================

``MultiTaskAAE`` (Latif et al., IEEE TAFFC 2022) encodes each utterance's eGeMAPS
features into a categorical emotion code and a continuous style code, both pushed
to their priors by discriminators. Only a tenth of the emotion labels are kept
here: the other rows still train the reconstruction and the adversarial terms,
and the auxiliary speaker and gender heads use their own labels (NaN = unlabelled,
per head). You learn how to declare heads and their weights with ``targets``, and
that the same estimator classifies (``predict``) and transforms (``transform``).
The figure shows the emotion code of held-out speakers. Trained for 40 epochs, so
that it runs in well under a minute.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import balanced_accuracy_score
from sklearn.preprocessing import StandardScaler

from skser import MultiTaskAAE
from skser.datasets import load_bundled, to_class_set

X, y = load_bundled("emodb")
four_classes = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
X, y = X[four_classes], y[four_classes].reset_index(drop=True)
test = y["speaker"].isin(["03", "08"]).to_numpy()  # two held-out speakers
scaler = StandardScaler().fit(X[~test])
X_train, X_test = scaler.transform(X[~test]), scaler.transform(X[test])
y_train = y[~test].reset_index(drop=True)

rng = np.random.default_rng(0)
hidden = rng.random(len(y_train)) > 0.1  # keep 10 % of the emotion labels
y_train.loc[hidden, "emotion"] = None

model = MultiTaskAAE(
    {"emotion": 1.0, "speaker": 0.5, "gender": 0.5}, max_epochs=40, random_state=0
).fit(X_train, y_train)
truth = y["emotion"].to_numpy()[test]
uar = balanced_accuracy_score(truth, model.predict(X_test))
print(f"UAR on held-out speakers with 10 % of the labels: {uar:.2f}")

code = model.transform(X_test)[:, : len(model.classes_)]
fig, ax = plt.subplots(figsize=(7, 4))
order = np.argsort(truth, kind="stable")
ax.imshow(code[order].T, aspect="auto", cmap="viridis", interpolation="nearest")
ax.set_yticks(range(len(model.classes_)), model.classes_)
boundaries = np.flatnonzero(truth[order][1:] != truth[order][:-1]) + 0.5
for boundary in boundaries:
    ax.axvline(boundary, color="white", lw=1)
ax.set_xlabel("held-out utterances, grouped by true emotion")
ax.set_title(f"emotion code (softmax); UAR {uar:.2f} with 10 % of the labels")
plt.show()
