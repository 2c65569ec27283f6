"""Rebuild the bundled eGeMAPS tables of EmoDB and URDU from the real corpora.

    python tools/build_bundled_features.py [DATA_ROOT]

DATA_ROOT holds ``emodb/``, ``urdu/`` and ``das2022_labels/`` (default:
../shared/data beside the checkout). Writes skser/datasets/data/*_egemaps.csv.gz.
"""

import gzip
import os
import sys
from pathlib import Path

from skser import EGeMAPSExtractor
from skser.datasets import load_emodb, load_urdu
from skser.datasets.bundled import LABEL_COLUMNS

OUT = Path(__file__).resolve().parents[1] / "skser" / "datasets" / "data"


def build(root):
    labels = root / "das2022_labels"
    extractor = EGeMAPSExtractor(n_jobs=2, progress=True).set_output(transform="pandas")
    for name, loader in [("emodb", load_emodb), ("urdu", load_urdu)]:
        frame = loader(root / name, labels=labels)
        X = extractor.fit_transform(frame)
        table = X.set_index(frame["path"].map(os.path.basename).rename("file"))
        table[list(LABEL_COLUMNS)] = frame[list(LABEL_COLUMNS)].to_numpy()
        target = OUT / f"{name}_egemaps.csv.gz"
        # mtime=0: the same features give the same bytes.
        with gzip.GzipFile(target, "wb", mtime=0) as handle:
            table.to_csv(handle, float_format="%.7g", encoding="utf-8")
        print(f"{target}: {len(table)} rows, {target.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
