"""
Pretrained speech embeddings with a tiny random model
=====================================================

:class:`~skser.PretrainedEmbedder` turns each audio file into one vector from a
self-supervised speech model (HuBERT, wav2vec 2.0, WavLM) whose weights are on
disk; skser never downloads them. You learn how to point it at a model directory,
choose layers as SUPERB does, and pool over time.

**The model here is a tiny HuBERT with random weights**, built from a
configuration and saved with ``save_pretrained`` so that the example runs anywhere
in seconds: its embeddings carry no learned knowledge of speech. With real weights
(e.g. ``huggingface-cli download facebook/hubert-large-ll60k --local-dir DIR``)
pass ``model=DIR`` instead. It needs the EmoDB audio (``$SKSER_DATA`` or
``../shared/data``) and ``pip install "skser[pretrained]"``.
"""

import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from sklearn.decomposition import PCA
from transformers import HubertConfig, HubertModel, Wav2Vec2FeatureExtractor

from skser.features import PretrainedEmbedder

model_dir = tempfile.mkdtemp()
config = HubertConfig(
    hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
    conv_dim=(16, 16), conv_stride=(5, 4), conv_kernel=(10, 8),
    num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4,
    feat_extract_norm="layer",
)  # fmt: skip
torch.manual_seed(0)
HubertModel(config).save_pretrained(model_dir)
Wav2Vec2FeatureExtractor(return_attention_mask=True).save_pretrained(model_dir)

root = Path(os.environ.get("SKSER_DATA", "../shared/data"))  # beside the checkout
emodb = sorted((root / "emodb" / "wav").glob("*.wav"))
codes = {"N": "neutral", "T": "sad", "F": "happy", "W": "angry"}
files = [p for p in emodb if p.name[5] in codes][:60]
emotions = [codes[p.name[5]] for p in files]

# Every layer stacked (0 is the convolutional encoder's output), mean and standard
# deviation over time: 3 layers x 2 statistics x 32 dimensions.
embedder = PretrainedEmbedder(model_dir, layer="all", pooling="mean+std")
X = embedder.fit_transform(files)
print(X.shape, embedder.get_feature_names_out()[:3])

points = PCA(n_components=2).fit_transform(X)
fig, ax = plt.subplots(figsize=(5, 4))
for emotion in codes.values():
    rows = [e == emotion for e in emotions]
    ax.scatter(points[rows, 0], points[rows, 1], s=14, label=emotion)
ax.set_xlabel("PC 1")
ax.set_ylabel("PC 2")
ax.set_title("EmoDB in a tiny random HuBERT's embedding")
ax.legend()
plt.show()
