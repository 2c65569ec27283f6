"""
Keep a trained model and use it later
=====================================

What you learn: how to train the papers' pipeline once, save it with the metadata
a later reader needs (versions, feature set, classes, training corpus, date), load
it back and predict. :func:`skser.experiments.train_model` puts
:class:`skser.EGeMAPSExtractor` first, so the saved model takes audio files:
``skser.experiments.predict_files(model, ["a.wav", "b.wav"])`` or, from a shell,
``skser predict model.skser a.wav b.wav``. Here, with no audio at hand, the steps
after the extractor predict held-out EmoDB features.

A logistic regression on the latent code gives class probabilities (the papers'
LinearSVC gives decisions only). MetricDAE trains 15 epochs (default 50).
"""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import train_test_split

import skser
from skser.datasets import load_bundled, to_class_set
from skser.experiments import train_model
from skser.plotting import STYLE

plt.style.use(STYLE)
X, y = load_bundled("emodb")
four = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
X_train, X_test, y_train, y_test = train_test_split(
    X[four], y[four], test_size=0.3, stratify=y[four]["emotion"], random_state=0
)
model = train_model(X_train, y_train, classifier="logistic", max_epochs=15)

path = Path(tempfile.mkdtemp()) / "metricdae-emodb.skser"
skser.save(model, path, training_corpus="emodb (bundled features, 70%)")
loaded, metadata = skser.load(path, return_metadata=True)
for key in ["skser", "scikit-learn", "torch", "training_corpus", "classes", "date"]:
    print(f"{key}: {metadata[key]}")

# %%
# The loaded model predicts exactly as the one saved.
features_in = loaded[1:]  # the steps after the extractor take eGeMAPS features
probabilities = features_in.predict_proba(X_test)
assert np.array_equal(probabilities, model[1:].predict_proba(X_test))

classes = list(loaded.classes_)
order = [c for c in ["neutral", "sad", "happy", "angry"] if c in classes]
columns = [classes.index(c) for c in order]
mean = np.array(
    [
        probabilities[(y_test["emotion"] == c).to_numpy()][:, columns].mean(axis=0)
        for c in order
    ]
)
fig, ax = plt.subplots(figsize=(5.5, 4.5), layout="constrained")
image = ax.imshow(mean, cmap="Blues", vmin=0, vmax=1)
for (i, j), value in np.ndenumerate(mean):
    ax.text(
        j,
        i,
        f"{value:.2f}",
        ha="center",
        va="center",
        color="white" if value > 0.5 else "black",
    )
ax.set_xticks(range(len(order)), order)
ax.set_yticks(range(len(order)), order)
ax.set_xlabel("predicted class")
ax.set_ylabel("true emotion")
fig.colorbar(image, label="mean predicted probability")
ax.set_title(
    f"Loaded MetricDAE + logistic regression\nEmoDB held-out 30% "
    f"(n = {len(y_test)}): mean probability per true emotion"
)
plt.show()
