"""Robustness of the end-to-end models and the eGeMAPS reference (Latif et al. 2020).

Trains on EmoDB's neutral/sad/happy/angry files of 70% of the speakers, then
scores on the other speakers' files clean, under white and babble noise at
20/10/0 dB, under FGSM at three epsilons, and on URDU (cross-corpus). Prints the
tidy frame as a markdown table and saves the plot.

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/eval_robustness.py --epochs 3
"""

import argparse
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import torch  # noqa: E402

from skser.evaluation import robustness_experiment  # noqa: E402
from skser.plotting import plot_robustness  # noqa: E402

DATA = Path(
    os.environ.get(
        "SKSER_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=1.5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", default="/tmp/skser-waveform-cache")
    parser.add_argument("--plot", default="robustness.png")
    args = parser.parse_args()
    results = robustness_experiment(
        DATA,
        duration=args.duration,
        max_epochs=args.epochs,
        cache=args.cache,
        random_state=args.seed,
    )
    print(
        f"EmoDB -> held-out speakers and URDU, {args.duration} s crops, "
        f"{args.epochs} epochs, seed {args.seed}, torch threads "
        f"{torch.get_num_threads()}\n"
    )
    print(results.round(3).to_markdown(index=False))
    plot_robustness(results).savefig(args.plot, dpi=100)
    print(f"\nplot: {args.plot}")


if __name__ == "__main__":
    main()
