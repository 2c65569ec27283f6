"""Latif's end-to-end claims on our corpora: Tables 1 and 2, and robustness.

On EmoDB (speaker-independent folds) and URDU (stratified folds: its speaker ids
are confounded with emotion), four classes, every model is trained with its
defaults (early stopping on held-out training speakers) on the same folds:

- Table 1: raw-waveform CNN-LSTM vs log-Mel CNN vs eGeMAPS + linear SVM;
- Table 2: CNN, CNN-LSTM, DenseNet, DenseNet-LSTM, DenseNet-LSTM-highway (mixup);
- robustness: each fitted model on its fold's test rows under white and babble
  noise at 20/10/0 dB and FGSM at three epsilons (networks only), and EmoDB
  models on URDU.

Writes tidy ``results.csv``, captioned tables (``table1.md``, ``table2.md``,
``robustness.md``), ``claims.md`` (a verdict per claim), ``timing.md`` (epochs,
s/epoch), figures and ``report.html`` to ``--out`` (see
:func:`skser.experiments.run_end_to_end`). The corpora come packed in one file
(``tools/pack_waveforms.py``), so a machine with neither the audio nor openSMILE
runs it:

    nice python tools/pack_waveforms.py --out /tmp/latif-corpora.npz

CPU (two cores, one fold per corpus)::

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/eval_latif.py \
        --waveforms /tmp/latif-corpora.npz --config cpu --out /tmp/latif-cpu

GPU (H200; every fold of both corpora, 100-epoch bound, 8 fits at once; from the
repository root, the packed file beside it; needs skorch and imbalanced-learn,
not soundfile, soxr or openSMILE)::

    PYTHONPATH=. timeout 450 python benchmarks/eval_latif.py \
        --waveforms latif-corpora.npz --device cuda --config large --jobs 8 \
        --out $OUT/latif-gpu
    # cut short? every finished fit is in results_partial.csv; write it up:
    PYTHONPATH=. python benchmarks/eval_latif.py --waveforms latif-corpora.npz \
        --results $OUT/latif-gpu/results_partial.csv --out $OUT/latif-gpu

Quick check of the whole path (seconds)::

    python benchmarks/eval_latif.py --waveforms /tmp/latif-corpora.npz \
        --config tiny --device cpu --out /tmp/latif-tiny
"""

import argparse
import shlex
import sys
import time

import torch

from skser.evaluation import END_TO_END_CONFIGS
from skser.experiments import run_end_to_end


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waveforms", required=True,
                        help="file written by tools/pack_waveforms.py")  # fmt: skip
    parser.add_argument("--config", choices=list(END_TO_END_CONFIGS), default="cpu")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--out", default="latif-end-to-end")
    parser.add_argument("--jobs", type=int, default=1, help="fits at once")
    parser.add_argument("--threads", type=int, default=1, help="torch threads per fit")
    parser.add_argument("--folds", type=int, default=None)
    parser.add_argument("--max-folds", type=int, default=None)
    parser.add_argument("--max-epochs", type=int, default=None)
    parser.add_argument("--models", nargs="+", default=None, help="model names")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--results", default=None,
                        help="write up this results CSV (e.g. results_partial.csv "
                        "of a run cut short) instead of training")  # fmt: skip
    args = parser.parse_args()
    overrides = {"device": args.device, "n_jobs": args.jobs, "threads": args.threads,
                 "random_state": args.seed}  # fmt: skip
    for name in ("folds", "max_folds", "max_epochs"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    if args.results:
        import pandas as pd

        overrides["results"] = pd.read_csv(args.results)
    if args.models:
        from skser.evaluation import END_TO_END_MODELS

        overrides["models"] = {m: END_TO_END_MODELS[m] for m in args.models}
    started = time.perf_counter()
    config = END_TO_END_CONFIGS[args.config]
    cuda = torch.cuda.is_available()
    print(f"torch {torch.__version__}, CUDA {cuda}, {args.config}: {config}")
    run_end_to_end(
        args.waveforms, args.out, config=args.config,
        command=shlex.join([sys.executable, *sys.argv]), **overrides,
    )  # fmt: skip
    print(f"\nwall time {time.perf_counter() - started:.0f} s; outputs in {args.out}")
    for name in ("table1.md", "table2.md", "robustness.md", "claims.md", "timing.md"):
        print(f"\n{open(f'{args.out}/{name}').read()}")


if __name__ == "__main__":
    main()
