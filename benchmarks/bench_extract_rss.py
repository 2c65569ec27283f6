"""Peak memory of eGeMAPS extraction from one long recording (20 minutes).

A 20-minute, 44.1 kHz, 16-bit mono WAV is written to a temporary folder (real URDU
recordings from ../shared/data joined end to end, or a synthetic voiced signal when
the corpora are absent), and ``EGeMAPSExtractor().transform([path])`` runs in a
fresh process, alone; that process's peak resident set size (``ru_maxrss``) is
printed, with the peak of a process that only imports skser and reads nothing
(the baseline, measured in the same run). The reader holds a long file in blocks at
its own rate, so the peak is the file at the analysis rate plus openSMILE's copies.

    nice -n 10 python benchmarks/bench_extract_rss.py [--minutes 20]
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

DATA = Path(
    os.environ.get(
        "SKSER_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)
RATE = 44100


def write_long_file(path, minutes):
    """Write ``minutes`` of 16-bit mono audio at 44.1 kHz, a block at a time."""
    sources = sorted((DATA / "urdu").glob("*/*.wav"))
    target = int(minutes * 60 * RATE)
    written = 0
    rng = np.random.default_rng(0)
    with sf.SoundFile(path, "w", RATE, 1, subtype="PCM_16") as out:
        index = 0
        while written < target:
            if sources:
                block, rate = sf.read(sources[index % len(sources)], dtype="int16")
                index += 1
                if rate != RATE:
                    continue
            else:
                t = np.arange(5 * RATE) / RATE
                tone = sum(np.sin(2 * np.pi * 180 * k * t) / k for k in range(1, 6))
                noise = 0.01 * rng.standard_normal(t.size)
                block = (0.2 * tone + noise).clip(-1, 1)
                block = (block * 32767).astype(np.int16)
            block = block[: target - written]
            out.write(block)
            written += len(block)


def child(path):
    from skser import EGeMAPSExtractor

    start = time.perf_counter()
    if path != "-":
        X = EGeMAPSExtractor().transform([path])
        assert np.isfinite(X).all()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak:.0f} {time.perf_counter() - start:.1f}")


def run_child(path):
    out = subprocess.run(
        [sys.executable, __file__, "--child", path],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return float(out[-2]), float(out[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "long.wav")
        write_long_file(path, args.minutes)
        size = os.path.getsize(path) / 2**20
        baseline, _ = run_child("-")
        peak, seconds = run_child(path)
    print(f"{args.minutes:g}-minute file, 44.1 kHz 16-bit mono ({size:.0f} MiB):")
    print(f"  import skser, nothing read: peak RSS {baseline:.0f} MiB")
    print(f"  EGeMAPSExtractor:           peak RSS {peak:.0f} MiB ({seconds} s)")


if __name__ == "__main__":
    main()
