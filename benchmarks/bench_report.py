"""What report.html and its two new figures add to a demo run.

Runs :func:`skser.experiments.run_demo` once and times, inside that same run, the
steps that exist only for the report: fitting each latent model once more on the
whole source for its training history, drawing ``training.png`` and
``corpora.png``, and writing ``report.html``. Prints both times and the ratio
report steps / whole run (machines are noisy: only the ratio means something).

    python benchmarks/bench_report.py [--quick] [--jobs 2]

``--quick``: 2 folds, 1 seed, 10 epochs; by default the demo as ``make demo``
runs it (5 folds, 3 seeds, 50 epochs).
"""

import argparse
import tempfile
import time
import warnings
from functools import wraps

import skser.experiments._figures as figures
import skser.experiments._protocol_runs as experiment
import skser.plotting as plotting
from skser.experiments import run_demo

_SPENT = {}


def _timed(module, name, label):
    original = getattr(module, name)

    @wraps(original)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _SPENT[label] = _SPENT.get(label, 0.0) + time.perf_counter() - start

    setattr(module, name, timed)
    return original


def measure(quick=False, jobs=2):
    """Return (seconds of the whole demo, seconds of each report step)."""
    steps = [
        (figures, "trained_models", "fits for the training histories"),
        (plotting, "plot_training_history", "training.png"),
        (plotting, "plot_corpus_overview", "corpora.png"),
        (experiment, "write_report", "report.html"),
    ]
    originals = [(module, name, _timed(module, name, label))
                 for module, name, label in steps]  # fmt: skip
    _SPENT.clear()
    settings = {"folds": 2, "random_state": 0, "max_epochs": 10} if quick else {}
    try:
        with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            run_demo(out, n_jobs=jobs, progress=False, **settings)
            whole = time.perf_counter() - start
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    return whole, dict(_SPENT)


def ratios(quick=False):
    """Rows for run_all.py: the report's steps against the whole demo run."""
    whole, spent = measure(quick)
    report = sum(spent.values())
    return [
        {
            "benchmark": "report steps of `skser demo`"
            + (" (--quick)" if quick else ""),
            "ours": f"{report:.1f} s",
            "reference": f"whole demo {whole:.1f} s",
            "ratio": report / whole,
        }
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a shorter demo")
    parser.add_argument("--jobs", type=int, default=2, help="parallel fits")
    args = parser.parse_args()
    whole, spent = measure(args.quick, args.jobs)
    for label, seconds in spent.items():
        print(f"{label}: {seconds:.1f} s")
    report = sum(spent.values())
    print(f"report steps: {report:.1f} s of the whole demo's {whole:.1f} s "
          f"(ratio {report / whole:.3f})")  # fmt: skip


if __name__ == "__main__":
    main()
