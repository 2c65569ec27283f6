"""Epoch time of RawCNNLSTMClassifier against a plain PyTorch loop doing the same work.

64 synthetic 1 s waveforms at 16 kHz, 4 classes, batch 16, RMSprop at 1e-4, the
same module (:class:`skser.neural_network.RawCNNLSTM`), the same class-weighted
cross-entropy and shuffled batches. Prints the best epoch time of each side
(``--repeats`` interleaved runs of ``--epochs`` epochs) and the ratio ours /
plain, measured in the same run: machines are noisy, only the ratio means
something.

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_audio.py
"""

import argparse
import time

import numpy as np
import torch

from skser import RawCNNLSTMClassifier
from skser.neural_network import RawCNNLSTM

N, SAMPLES, CLASSES, BATCH, LR = 64, 16000, 4, 16, 1e-4


def data(seed=0):
    rng = np.random.default_rng(seed)
    X = (0.1 * rng.standard_normal((N, SAMPLES))).astype(np.float32)
    y = np.arange(N) % CLASSES
    return X, y


def ours(X, y, epochs):
    start = time.perf_counter()
    RawCNNLSTMClassifier(max_epochs=epochs, batch_size=BATCH, random_state=0).fit(X, y)
    return (time.perf_counter() - start) / epochs


def plain(X, y, epochs):
    start = time.perf_counter()
    torch.manual_seed(0)
    module = RawCNNLSTM(CLASSES)
    optimizer = torch.optim.RMSprop(module.parameters(), lr=LR)
    counts = np.bincount(y)
    weight = torch.as_tensor(len(y) / (CLASSES * counts), dtype=torch.float32)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    module.train()
    for _ in range(epochs):
        for index in torch.randperm(N).split(BATCH):
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(module(X[index]), y[index], weight)
            loss.backward()
            optimizer.step()
    return (time.perf_counter() - start) / epochs


def ratios(quick=False):
    """Rows of ``make bench``'s table."""
    epochs, repeats = (1, 1) if quick else (2, 3)
    X, y = data()
    skser = min(ours(X, y, epochs) for _ in range(repeats))
    reference = min(plain(X, y, epochs) for _ in range(repeats))
    return [
        {
            "benchmark": f"RawCNNLSTMClassifier.fit, {N} waveforms, per epoch",
            "ours": f"{skser:.2f} s",
            "reference": f"plain PyTorch loop {reference:.2f} s",
            "ratio": skser / reference,
        }
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    X, y = data()
    times = {"skser (skorch)": [], "plain PyTorch": []}
    for _ in range(args.repeats):
        times["skser (skorch)"].append(ours(X, y, args.epochs))
        times["plain PyTorch"].append(plain(X, y, args.epochs))
    best = {name: min(values) for name, values in times.items()}
    print(f"{N} waveforms of {SAMPLES} samples, batch {BATCH}, torch threads "
          f"{torch.get_num_threads()}, best of {args.repeats} x {args.epochs} "
          "epochs")  # fmt: skip
    for name, seconds in best.items():
        print(f"  {name:16s} {seconds:7.2f} s per epoch")
    print(
        f"  ratio skser / plain: {best['skser (skorch)'] / best['plain PyTorch']:.2f}"
    )


if __name__ == "__main__":
    main()
