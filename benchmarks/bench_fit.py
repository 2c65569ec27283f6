"""Training time of MetricDAE against a plain PyTorch loop doing the same work.

5000 x 88 synthetic rows, 50 epochs, batch 64, Adam at 1e-3, the same network
(88-40-20-10-2 and back), the same loss (reconstruction of the clean input from a
noisy one plus the continuous metric loss on adjacent pairs) and shuffled batches.
Prints both wall times and the ratio ours / plain, measured in the same run
(machines are noisy: only the ratio means something). Each side runs ``--repeats``
times, interleaved; the best time counts.

    python benchmarks/bench_fit.py [--repeats 5]
"""

import argparse
import time

import numpy as np
import torch

from skser import MetricDAE
from skser.nn import AutoEncoder, continuous_metric_loss

N_ROWS, N_FEATURES, EPOCHS, BATCH, LR = 5000, 88, 50, 64, 1e-3


def data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_ROWS, N_FEATURES)).astype(np.float32)
    activation = (X[:, :3].sum(axis=1) + rng.normal(0, 0.5, N_ROWS)).astype(np.float32)
    return X, activation


def plain_loop(X, activation, seed=0):
    torch.manual_seed(seed)
    module = AutoEncoder(N_FEATURES, (40, 20, 10), 2, noise_std=1.0)
    optimizer = torch.optim.Adam(module.parameters(), lr=LR)
    X_t, a_t = torch.as_tensor(X), torch.as_tensor(activation)[:, None]
    module.train()
    for _ in range(EPOCHS):
        order = torch.randperm(N_ROWS)
        for start in range(0, N_ROWS, BATCH):
            rows = order[start : start + BATCH]
            xb, ab = X_t[rows], a_t[rows]
            optimizer.zero_grad()
            reconstruction, z = module(xb)
            loss = torch.nn.functional.mse_loss(reconstruction, xb)
            loss = loss + continuous_metric_loss(z, ab)[0]
            loss.backward()
            optimizer.step()
    return module


def ours(X, activation, seed=0):
    return MetricDAE(max_epochs=EPOCHS, batch_size=BATCH, lr=LR, random_state=seed).fit(
        X, activation
    )


def best_times(funcs, repeats):
    """Best wall time of each function, the runs interleaved so drift hits all."""
    times = [[] for _ in funcs]
    for _ in range(repeats):
        for func, spent in zip(funcs, times, strict=True):
            start = time.perf_counter()
            func()
            spent.append(time.perf_counter() - start)
    return [min(spent) for spent in times]


def measure(repeats):
    """Return the best wall times of the plain loop and of MetricDAE.fit."""
    X, activation = data()
    torch.set_num_threads(1)  # both sides alike; tiny layers gain nothing from more
    return best_times(
        [lambda: plain_loop(X, activation), lambda: ours(X, activation)], repeats
    )


def ratios(quick=False):
    """Rows of ``make bench``'s table."""
    plain, skser = measure(2 if quick else 5)
    return [
        {
            "benchmark": f"MetricDAE.fit, {N_ROWS} x {N_FEATURES}, {EPOCHS} epochs",
            "ours": f"{skser:.2f} s",
            "reference": f"plain PyTorch loop {plain:.2f} s",
            "ratio": skser / plain,
        }
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    plain, skser = measure(args.repeats)
    print(f"{N_ROWS} x {N_FEATURES}, {EPOCHS} epochs, batch {BATCH}", end="; ")
    print(f"best of {args.repeats}")
    print(f"plain PyTorch loop   {plain:7.2f} s")
    print(f"skser MetricDAE.fit  {skser:7.2f} s")
    print(f"ratio ours / plain   {skser / plain:7.2f}")


if __name__ == "__main__":
    main()
