"""Pack EmoDB and URDU (four classes) into one compressed file for the evaluation.

Writes 16 kHz waveforms cut or zero-padded to ``--duration`` seconds as 16-bit
integers, with labels, speakers, file names, the bundled eGeMAPS rows of the files
and the eGeMAPS rows of their noisy copies (white and babble noise at 20, 10 and
0 dB), so ``benchmarks/eval_latif.py --waveforms FILE.npz`` runs on a machine
without the audio, openSMILE or a resampler (a GPU machine)::

    nice python tools/pack_waveforms.py --out /tmp/latif-corpora.npz

The file holds research audio: keep it out of the repository.
"""

import argparse
import os
import time
from pathlib import Path

from skser.evaluation import pack_corpora

DATA = Path(
    os.environ.get(
        "SKSER_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--duration", type=float, default=2.0)
    parser.add_argument("--corpora", nargs="+", default=["emodb", "urdu"])
    parser.add_argument("--no-noisy-egemaps", action="store_true",
                        help="skip the eGeMAPS rows of the noisy copies")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="seed of the noise")
    args = parser.parse_args()
    started = time.perf_counter()
    path = pack_corpora(
        args.data, args.out, corpora=args.corpora, duration=args.duration,
        noisy_egemaps=not args.no_noisy_egemaps, random_state=args.seed,
    )  # fmt: skip
    size = path.stat().st_size / 2**20
    print(f"wrote {path} ({size:.1f} MiB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
