"""Training time of MixupGANAugmenter against a plain PyTorch loop doing the same.

2000 x 88 synthetic rows of 4 classes, batch 64, Adam at 2e-4 (0.5, 0.999), the
same networks (ConditionalGAN: generator 100 + 4 -> 256 -> 256 -> 88,
discriminator 88 -> 256 -> 128 -> 1 with class projection) and the same step per
batch: one discriminator update on mixup samples (Beta(0.2, 0.2) weights, soft
targets), then one generator update. Prints the fit time per epoch of both and
the ratio ours / plain, measured in the same run (machines are noisy: only the
ratio means something). Each side runs ``--repeats`` times, interleaved; the best
time counts.

    python benchmarks/bench_gan.py [--repeats 3] [--epochs 20]
"""

import argparse

import numpy as np
import torch
from bench_fit import best_times

from skser import MixupGANAugmenter
from skser.nn import ConditionalGAN, mixup

N_ROWS, N_FEATURES, N_CLASSES, BATCH, LR, ALPHA = 2000, 88, 4, 64, 2e-4, 0.2


def data(seed=0):
    rng = np.random.default_rng(seed)
    classes = np.arange(N_ROWS) % N_CLASSES
    X = rng.standard_normal((N_ROWS, N_FEATURES)).astype(np.float32)
    X[:, :N_CLASSES] += 2 * np.eye(N_CLASSES, dtype=np.float32)[classes]
    return X, classes


def plain_loop(X, classes, epochs, seed=0):
    torch.manual_seed(seed)
    module = ConditionalGAN(N_FEATURES, N_CLASSES)
    generator_optimizer = torch.optim.Adam(
        module.generator.parameters(), lr=LR, betas=(0.5, 0.999)
    )
    discriminator_optimizer = torch.optim.Adam(
        [p for _, p in module.discriminator_parameters()], lr=LR, betas=(0.5, 0.999)
    )
    X_t, c_t = torch.as_tensor(X), torch.as_tensor(classes)
    beta = torch.distributions.Beta(ALPHA, ALPHA)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    module.train()
    for _ in range(epochs):
        order = torch.randperm(N_ROWS)
        for start in range(0, N_ROWS, BATCH):
            rows = order[start : start + BATCH]
            xb, cb = X_t[rows], c_t[rows]
            fake = module.generate(cb)
            weights = beta.sample((len(xb),))
            logits = module.discriminate(mixup(xb, fake.detach(), weights), cb)
            discriminator_loss = bce(logits, weights)
            discriminator_optimizer.zero_grad(set_to_none=True)
            discriminator_loss.backward()
            discriminator_optimizer.step()
            fooled = module.discriminate(fake, cb)
            generator_loss = bce(fooled, torch.ones_like(fooled))
            generator_optimizer.zero_grad(set_to_none=True)
            generator_loss.backward()
            generator_optimizer.step()
            # Both sides read the losses once per batch (skser records them).
            discriminator_loss.item(), generator_loss.item()
    return module


def ours(X, classes, epochs, seed=0):
    return MixupGANAugmenter(
        max_epochs=epochs, batch_size=BATCH, lr=LR, mixup_alpha=ALPHA,
        random_state=seed,
    ).fit(X, classes)  # fmt: skip


def ratios(quick=False):
    """Rows of ``make bench``'s table."""
    epochs, repeats = (5, 2) if quick else (20, 3)
    X, classes = data()
    torch.set_num_threads(1)  # both sides alike
    plain, skser = best_times(
        [lambda: plain_loop(X, classes, epochs), lambda: ours(X, classes, epochs)],
        repeats,
    )
    return [
        {
            "benchmark": f"MixupGANAugmenter.fit, {N_ROWS} x {N_FEATURES}, "
            f"{epochs} epochs",
            "ours": f"{skser:.2f} s",
            "reference": f"plain PyTorch loop {plain:.2f} s",
            "ratio": skser / plain,
        }
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    X, classes = data()
    torch.set_num_threads(1)  # both sides alike
    plain, skser = best_times(
        [
            lambda: plain_loop(X, classes, args.epochs),
            lambda: ours(X, classes, args.epochs),
        ],
        args.repeats,
    )
    print(f"{N_ROWS} x {N_FEATURES}, {args.epochs} epochs, batch {BATCH}", end="; ")
    print(f"best of {args.repeats}")
    print(f"plain PyTorch loop           {plain / args.epochs * 1e3:8.1f} ms/epoch")
    print(f"skser MixupGANAugmenter.fit  {skser / args.epochs * 1e3:8.1f} ms/epoch")
    print(f"ratio ours / plain           {skser / plain:8.2f}")


if __name__ == "__main__":
    main()
