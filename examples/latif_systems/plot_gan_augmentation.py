"""
Synthetic emotional feature vectors from a mixup-trained GAN
============================================================

A conditional GAN learns to generate eGeMAPS feature vectors of a chosen emotion
from the bundled EmoDB features; its discriminator is trained on mixup samples
(Latif et al., Interspeech 2020). You learn how to draw synthetic rows with
``sample``, how the augmenter adds them to the training data inside a pipeline,
and how generated rows compare with real ones: the figure shows real and
synthetic rows of four emotions in the plane of the first two principal
components of the real data. Trained for 60 epochs only, so that the example
runs in well under a minute; the generated rows are rougher than a full run's.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from skser import MixupGANAugmenter
from skser.datasets import load_bundled, to_class_set

X, y = load_bundled("emodb")
four_classes = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
X = StandardScaler().fit_transform(X[four_classes])
emotion = y["emotion"].to_numpy()[four_classes]

# Inside a pipeline, fit_resample trains the GAN and adds rows, while fitting
# only: by default every class is filled up to the majority class's count.
gan = MixupGANAugmenter(max_epochs=60, random_state=0)
X_augmented, y_augmented = gan.fit_resample(X, emotion)
print(f"{len(X)} real rows -> {len(X_augmented)} rows after augmentation")

# The trained generator draws rows of any class on demand.
classes = ["angry", "happy", "neutral", "sad"]
synthetic, synthetic_emotion = gan.sample(40, classes, random_state=0)

pca = PCA(2).fit(X)
real_2d, synthetic_2d = pca.transform(X), pca.transform(synthetic)
fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharex=True, sharey=True)
for label, colour in zip(classes, ["C3", "C1", "C7", "C0"], strict=True):
    axes[0].scatter(*real_2d[emotion == label].T, s=10, c=colour, label=label)
    axes[1].scatter(*synthetic_2d[synthetic_emotion == label].T, s=10, c=colour)
axes[0].set_title("real EmoDB rows")
axes[1].set_title("generated rows (60 epochs)")
for ax in axes:
    ax.set_xlabel("PC 1")
axes[0].set_ylabel("PC 2")
axes[0].legend(fontsize="small")
print(
    "class means of generated rows, PC 1:",
    np.round([synthetic_2d[synthetic_emotion == c, 0].mean() for c in classes], 2),
)
plt.show()
