"""Peak memory while training on audio files: the corpus, then ten times its paths.

RawCNNLSTMClassifier is trained for one epoch on the paths of every file of the
bundled corpora's audio (EmoDB and URDU in ../shared/data), read lazily a batch at
a time, and then on that list repeated ten times. Each run is a fresh process;
the peak resident set size (``ru_maxrss``) of each is printed. Lazy loading means
the second must not be ten times the first. Short crops keep the run short: the
point is memory against the number of files, not accuracy.

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_audio_rss.py
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(
    os.environ.get(
        "SKSER_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)


def train(repeat, duration, batch_size):
    from skser import RawCNNLSTMClassifier
    from skser.datasets import load_emodb, load_urdu

    frames = [load_emodb(DATA / "emodb"), load_urdu(DATA / "urdu")]
    paths = [p for frame in frames for p in frame.path] * repeat
    labels = [e for frame in frames for e in frame.emotion] * repeat
    start = time.perf_counter()
    RawCNNLSTMClassifier(
        duration=duration, max_epochs=1, batch_size=batch_size, random_state=0
    ).fit(paths, labels)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(paths)} {peak:.0f} {time.perf_counter() - start:.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=0.25)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        train(args.child, args.duration, args.batch_size)
        return
    print(f"one epoch, {args.duration} s crops, batch {args.batch_size}")
    for repeat in (1, 10):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(repeat),
             "--duration", str(args.duration), "--batch-size", str(args.batch_size)],
            check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        files, peak, seconds = out[-3:]
        print(f"  {files:>6s} paths: peak RSS {peak} MiB ({seconds} s)", flush=True)


if __name__ == "__main__":
    main()
