"""Extraction of a large manifest in chunks: files per second and peak memory.

The manifest repeats the real EmoDB file list (../shared/data) up to ``--files``
entries (20,000 by default) and is extracted with ``extract_in_chunks`` and
``EGeMAPSExtractor(n_jobs=2)`` into ``--out`` (a temporary folder by default),
``--chunk-size`` files at a time. Prints the files extracted by this run, their
rate, and the peak resident set size of the process. Run it again on the same
``--out`` after stopping it (Ctrl-C, ``timeout``) and it resumes: the files found
done are printed first. No cache, so repeated files are extracted each time (the
real work of distinct files).

    nice -n 10 python benchmarks/bench_extract_large.py [--files 20000] [--out DIR]
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from skser import EGeMAPSExtractor
from skser.features import extract_in_chunks

DATA = Path(
    os.environ.get(
        "SKSER_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)


def manifest(n_files):
    emodb = sorted(str(p) for p in (DATA / "emodb" / "wav").glob("*.wav"))
    if not emodb:
        sys.exit(f"no EmoDB wav files under {DATA / 'emodb' / 'wav'}")
    return pd.DataFrame({"path": (emodb * (n_files // len(emodb) + 1))[:n_files]})


def files_done(out):
    parts = sorted(Path(out).glob("part-*.parquet"))
    return sum(len(pd.read_parquet(p, columns=["path"])) for p in parts)


def run(frame, out, chunk_size, n_jobs):
    before = files_done(out) if Path(out).exists() else 0
    print(f"{len(frame)} files in the manifest; {before} already done in {out}")
    start = time.perf_counter()
    failures = extract_in_chunks(
        frame, out, EGeMAPSExtractor(n_jobs=n_jobs), chunk_size=chunk_size
    )
    seconds = time.perf_counter() - start
    extracted = len(frame) - before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"extracted {extracted} files in {seconds:.0f} s: "
          f"{extracted / seconds:.1f} files/s with n_jobs={n_jobs}")  # fmt: skip
    print(f"peak RSS {peak:.0f} MB; {len(failures)} failed file(s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--out", default=None, help="output folder (kept)")
    args = parser.parse_args()
    frame = manifest(args.files)
    if args.out is not None:
        run(frame, args.out, args.chunk_size, args.n_jobs)
        return
    with tempfile.TemporaryDirectory() as scratch:
        run(frame, Path(scratch) / "features", args.chunk_size, args.n_jobs)


if __name__ == "__main__":
    main()
