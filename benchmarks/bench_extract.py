"""Extraction rate of EGeMAPSExtractor against openSMILE's own file loop.

Runs on 200 real files (100 EmoDB, 100 URDU) from ../shared/data, or from the folder
given as the first argument. Both sides resample to 16 kHz. Prints files per second
and the ratios against openSMILE's ``process_files`` with one worker, measured in
the same run (machines are noisy: only the ratios mean something). The one-worker
row compares skser's reader (soundfile, checks, soxr, clip, then openSMILE's
``process_signal``) with openSMILE reading and resampling each file itself, which
is what EGeMAPSExtractor did before it had a reader of its own.

    python benchmarks/bench_extract.py [DATA_ROOT]
"""

import sys
import tempfile
import time
from pathlib import Path

import opensmile

from skser import EGeMAPSExtractor

N_PER_CORPUS = 100


def timed(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def measure(root, n_per_corpus=N_PER_CORPUS):
    """Return the files and the seconds of each run, the reference first."""
    files = (
        sorted(str(p) for p in (root / "emodb" / "wav").glob("*.wav"))[:n_per_corpus]
        + sorted(str(p) for p in (root / "urdu").glob("*/*.wav"))[:n_per_corpus]
    )
    if len(files) != 2 * n_per_corpus:
        sys.exit(
            f"expected {2 * n_per_corpus} wav files under {root}, found {len(files)}"
        )

    smile = opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.Functionals,
        sampling_rate=16000,
        resample=True,
        num_workers=1,
    )
    reference = timed(lambda: smile.process_files(files))
    serial = timed(lambda: EGeMAPSExtractor().transform(files))
    parallel = timed(lambda: EGeMAPSExtractor(n_jobs=2).transform(files))
    with tempfile.TemporaryDirectory() as cache:
        filling = timed(
            lambda: EGeMAPSExtractor(n_jobs=2, cache=cache).transform(files)
        )
        cached = timed(lambda: EGeMAPSExtractor(n_jobs=2, cache=cache).transform(files))
    return files, {
        "openSMILE process_files, 1 worker": reference,
        "EGeMAPSExtractor(n_jobs=1)": serial,
        "EGeMAPSExtractor(n_jobs=2)": parallel,
        "EGeMAPSExtractor(n_jobs=2, cache), filling": filling,
        "EGeMAPSExtractor(n_jobs=2, cache), cached": cached,
    }


def ratios(quick=False):
    """Rows of ``make bench``'s table: ours against openSMILE's own loop."""
    files, seconds = measure(DEFAULT_ROOT, 20 if quick else N_PER_CORPUS)
    reference = seconds.pop("openSMILE process_files, 1 worker")
    n = len(files)
    return [
        {
            "benchmark": f"eGeMAPS extraction, {n} real files: {name}",
            "ours": f"{n / spent:.1f} files/s",
            "reference": f"openSMILE process_files, 1 worker {n / reference:.1f} "
            "files/s",
            "ratio": spent / reference,
        }
        for name, spent in seconds.items()
        if "filling" not in name
    ]


def main(root):
    files, seconds = measure(root)
    reference = seconds["openSMILE process_files, 1 worker"]
    n = len(files)
    print(
        f"{n} files; rates in files/s; ratios against openSMILE's process_files "
        "with 1 worker"
    )
    print(f"{'run':<44}{'files/s':>10}{'ratio':>8}")
    for name, spent in seconds.items():
        print(f"{name:<44}{n / spent:>10.1f}{reference / spent:>8.2f}")


DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "data"

if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ROOT)
