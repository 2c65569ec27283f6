"""Throughput of MetricDAE.transform on a million rows against the bare module.

A MetricDAE is fitted briefly on 5000 x 88 synthetic rows, then encodes 1,000,000
float32 rows (``--quick``: 200,000). The reference is the trained torch module's
own ``encode`` in float32 over the same rows in the same chunks, under
``torch.no_grad``: the least a caller could do. Ours validates the input and
encodes in float64 (so that a row's code does not depend on its neighbours), with
the float64 copy of the module made once per fit, not per call. Also timed: 1000
calls of 64 rows each (the cost per call). Best of ``--repeats``, interleaved;
only the ratios mean something.

    nice -n 10 python benchmarks/bench_transform.py [--quick]
"""

import argparse

import numpy as np
import torch
from bench_fit import best_times

from skser import MetricDAE
from skser.nn._training import _CHUNK_ROWS

N_FEATURES, SMALL_CALLS, SMALL_ROWS = 88, 1000, 64


def fitted():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5000, N_FEATURES)).astype(np.float32)
    return MetricDAE(max_epochs=2, random_state=0).fit(X, X[:, 0])


def bare(module, X):
    with torch.no_grad():
        for start in range(0, len(X), _CHUNK_ROWS):
            module.encode(torch.from_numpy(X[start : start + _CHUNK_ROWS]))


def measure(n_rows, repeats):
    """Return {case: (ours, reference)} in seconds."""
    torch.set_num_threads(1)
    model = fitted()
    module = model.net_.module_.eval()
    X = np.random.default_rng(1).standard_normal((n_rows, N_FEATURES))
    X = X.astype(np.float32)
    small = X[:SMALL_ROWS]
    ours, reference = best_times(
        [lambda: model.transform(X), lambda: bare(module, X)], repeats
    )
    ours_small, reference_small = best_times(
        [
            lambda: [model.transform(small) for _ in range(SMALL_CALLS)],
            lambda: [bare(module, small) for _ in range(SMALL_CALLS)],
        ],
        repeats,
    )
    return {
        f"{n_rows} rows in one call": (ours, reference),
        f"{SMALL_CALLS} calls of {SMALL_ROWS} rows": (ours_small, reference_small),
    }


def ratios(quick=False):
    """Rows of ``make bench``'s table."""
    n_rows = 200_000 if quick else 1_000_000
    rows = []
    for case, (ours, reference) in measure(n_rows, 2 if quick else 3).items():
        n = n_rows if "one call" in case else SMALL_CALLS * SMALL_ROWS
        rows.append(
            {
                "benchmark": f"MetricDAE.transform, {case}",
                "ours": f"{n / ours:,.0f} rows/s",
                "reference": f"bare module.encode (float32) {n / reference:,.0f} "
                "rows/s",
                "ratio": ours / reference,
            }
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    for row in ratios(args.quick):
        print(f"{row['benchmark']}: {row['ours']}; {row['reference']}; "
              f"time ratio ours / reference {row['ratio']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
