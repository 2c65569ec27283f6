"""Rebuild the bundled eGeMAPS tables of EmoDB and URDU from the real corpora.

    python tools/build_bundled_features.py [DATA_ROOT]          # write the tables
    python tools/build_bundled_features.py --check [DATA_ROOT]  # compare, write none

DATA_ROOT holds ``emodb/``, ``urdu/`` and ``das2022_labels/`` (default:
../shared/data beside the checkout). Writes skser/datasets/data/*_egemaps.csv.gz
with skser's one audio reader (:mod:`skser.io`). The output is reproducible bit for
bit: rows in file order whatever the workers, seven significant digits, and a gzip
header without a time. ``--check`` rebuilds into a temporary folder and exits
non-zero when a byte differs from the bundled tables.
"""

import argparse
import filecmp
import gzip
import os
import sys
import tempfile
from pathlib import Path

from skser import EGeMAPSExtractor
from skser.datasets import load_emodb, load_urdu
from skser.datasets.bundled import LABEL_COLUMNS

OUT = Path(__file__).resolve().parents[1] / "skser" / "datasets" / "data"
CORPORA = [("emodb", load_emodb), ("urdu", load_urdu)]


def build(root, out=OUT, progress=True):
    labels = root / "das2022_labels"
    extractor = EGeMAPSExtractor(n_jobs=2, progress=progress)
    extractor.set_output(transform="pandas")
    for name, loader in CORPORA:
        frame = loader(root / name, labels=labels)
        X = extractor.fit_transform(frame)
        table = X.set_index(frame["path"].map(os.path.basename).rename("file"))
        table[list(LABEL_COLUMNS)] = frame[list(LABEL_COLUMNS)].to_numpy()
        target = Path(out) / f"{name}_egemaps.csv.gz"
        # mtime=0: the same features give the same bytes.
        with gzip.GzipFile(target, "wb", mtime=0) as handle:
            table.to_csv(handle, float_format="%.7g", encoding="utf-8")
        print(f"{target}: {len(table)} rows, {target.stat().st_size / 1024:.0f} KiB")


def check(root):
    """Rebuild into a temporary folder; return the names of tables that differ."""
    with tempfile.TemporaryDirectory() as folder:
        build(root, folder, progress=False)
        names = [f"{name}_egemaps.csv.gz" for name, _ in CORPORA]
        return [
            n for n in names
            if not filecmp.cmp(Path(folder) / n, OUT / n, shallow=False)
        ]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "root",
        nargs="?",
        default=Path(__file__).resolve().parents[2] / "shared" / "data",
    )
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary folder and compare")  # fmt: skip
    args = parser.parse_args()
    root = Path(args.root)
    if not args.check:
        build(root)
        return
    differ = check(root)
    if differ:
        sys.exit(f"rebuilt tables differ from the bundled ones: {', '.join(differ)}")
    print("the bundled tables are what the tool builds, byte for byte")


if __name__ == "__main__":
    main()
