"""Time PretrainedEmbedder per file on the CPU, and estimate HuBERT-large's cost.

Embeds 50 EmoDB and 50 URDU files from ../shared/data (or the folder given as the
first argument) with a tiny random HuBERT built from a configuration (2 layers of
width 16: no weights to download). HuBERT-large cannot run here (no network for
its weights), so its cost is estimated: a transformer spends about 2 FLOPs per
parameter per frame (50 frames per second of audio), and the matrix-product rate
of this CPU is measured in the same run. That is a lower bound: the convolutional
encoder, which runs on the samples, adds to it.

    python benchmarks/bench_embed.py [DATA_ROOT]
"""

import sys
import tempfile
import time
from pathlib import Path

import soundfile as sf
import torch
from transformers import HubertConfig, HubertModel, Wav2Vec2FeatureExtractor

from skser.features import PretrainedEmbedder

N_PER_CORPUS = 50
HUBERT_LARGE_PARAMETERS = 316_000_000  # facebook/hubert-large-ll60k
FRAMES_PER_SECOND = 50  # 20 ms hop of the convolutional encoder


def tiny_hubert(folder):
    config = HubertConfig(
        hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=32, conv_dim=(8, 8), conv_stride=(5, 4),
        conv_kernel=(10, 8), num_conv_pos_embeddings=8,
        num_conv_pos_embedding_groups=2, feat_extract_norm="layer",
    )  # fmt: skip
    model = HubertModel(config)
    model.save_pretrained(folder)
    Wav2Vec2FeatureExtractor(return_attention_mask=True).save_pretrained(folder)
    return sum(p.numel() for p in model.parameters())


def matmul_flops_per_second(size=1024, repeats=10):
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * size**3 * repeats / (time.perf_counter() - start)


def main(root):
    files = (
        sorted(str(p) for p in (root / "emodb" / "wav").glob("*.wav"))[:N_PER_CORPUS]
        + sorted(str(p) for p in (root / "urdu").glob("*/*.wav"))[:N_PER_CORPUS]
    )
    if len(files) != 2 * N_PER_CORPUS:
        sys.exit(f"expected {2 * N_PER_CORPUS} wav files under {root}")
    audio_seconds = sum(sf.info(f).duration for f in files)
    with tempfile.TemporaryDirectory() as folder:
        n_parameters = tiny_hubert(folder)
        embedder = PretrainedEmbedder(folder, device="cpu")
        embedder.transform(files[:2])  # load the model once
        start = time.perf_counter()
        embedder.transform(files)
        tiny = time.perf_counter() - start
    flops = matmul_flops_per_second()
    large_per_audio_second = 2 * HUBERT_LARGE_PARAMETERS * FRAMES_PER_SECOND / flops
    mean_duration = audio_seconds / len(files)
    print(f"{len(files)} files, {mean_duration:.2f} s of audio per file on average")
    print(f"tiny HuBERT ({n_parameters} parameters), CPU: "
          f"{1000 * tiny / len(files):.1f} ms per file")  # fmt: skip
    print(f"CPU matrix products: {flops / 1e9:.1f} GFLOP/s (measured)")
    per_file = large_per_audio_second * mean_duration
    print(f"HuBERT-large estimate: {large_per_audio_second:.2f} s per second of "
          f"audio, {per_file:.2f} s per file")  # fmt: skip


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
