"""Run every benchmark of this folder and write one Markdown table of ratios.

Each ``bench_*.py`` that defines ``ratios(quick)`` contributes its rows: what was
timed, our figure, the reference measured in the same run, and the ratio ours /
reference (of times; below 1 is faster). Benchmarks without a ratio against a
reference (an estimate, a memory measurement) are listed under the table with the
command that runs them. The table goes to stdout and to ``--out``.

    nice -n 10 python benchmarks/run_all.py [--quick] [--out bench.md]
"""

import argparse
import importlib
import platform
import sys
import time
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent


def table(rows):
    lines = [
        "| benchmark | ours | reference (same run) | ratio ours / reference |",
        "|---|---|---|---:|",
    ]
    lines += [
        f"| {r['benchmark']} | {r['ours']} | {r['reference']} | {r['ratio']:.2f} |"
        for r in rows
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    parser.add_argument("--out", default="bench.md", help="Markdown file to write")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    rows, alone = [], []
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(path.stem)
        if not hasattr(module, "ratios"):
            alone.append(path.name)
            continue
        start = time.perf_counter()
        print(f"{path.name} ...", file=sys.stderr, flush=True)
        rows += module.ratios(quick=args.quick)
        print(f"{path.name}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    text = "\n".join(
        [
            f"Benchmarks{' (--quick)' if args.quick else ''}: Python "
            f"{platform.python_version()}, torch {torch.__version__}, "
            f"{platform.processor() or platform.machine()}",
            "",
            table(rows),
            "",
            "Not ratios, run alone: "
            + ", ".join(f"`python benchmarks/{name}`" for name in alone),
            "",
        ]
    )
    print(text)
    Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
