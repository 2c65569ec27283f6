"""Corpus folders into eGeMAPS features: ``skser extract`` and ``skser evaluate``.

A corpus is read by its loader (or a manifest, or every audio file of a folder)
and its files go once through the extractor; the files that cannot be read are
raised, left out or kept as NaN rows (``on_error``), and always reported back.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from skser.datasets import load_corpus, load_folder
from skser.features import EGeMAPSExtractor, ExtractionError, extract_in_chunks
from skser.io import check_on_error

# "files": any file name, read whole as a path below the folder, so that one name
# in two folders is two recordings and one name in two formats is refused.
_ANY_FILE = r"(?P<file>.+)"


def _audio_files(root):
    """Every audio file under ``root`` (the loaders' walk), or ``root``, a file."""
    if Path(root).is_file():
        return pd.DataFrame({"path": [str(root)]})
    return load_folder(root, _ANY_FILE, corpus="files", match="path", emotion=None)[
        ["path"]
    ]


def _corpus_frame(corpus, root, labels):
    """Return the rows of a corpus folder (loader, manifest or bare files)."""
    if corpus == "files":
        return _audio_files(root)
    return load_corpus(corpus, root, labels=labels)


def corpus_features(
    corpus, root, labels=None, cache=None, n_jobs=None, progress=True, on_error="raise"
):
    """Load a corpus folder and extract its eGeMAPS features.

    Parameters
    ----------
    corpus : str
        A loader name (``emodb``, ``urdu``, ...; see
        :data:`skser.datasets.LOADERS`), any name with a manifest CSV as ``root``
        (:func:`skser.datasets.load_manifest`), or ``"files"``: every audio file
        under ``root`` (or ``root`` itself, a file), with no labels.
    root : str or os.PathLike
        The corpus folder, or a manifest CSV.
    labels : str or os.PathLike, default=None
        Das et al. (2022) activation/valence labels (file or folder).
    cache, n_jobs, progress
        As for :class:`~skser.EGeMAPSExtractor`.
    on_error : {"raise", "skip", "nan"}, default="raise"
        A file that cannot be read: stop (``"raise"``), leave its row out
        (``"skip"``) or keep it with NaN features (``"nan"``).

    Returns
    -------
    frame : DataFrame
        The loader's rows (of the files kept).
    features : DataFrame
        Their 88 eGeMAPS features.
    failures : dict of str to str
        Each file that failed and why (empty with ``on_error="raise"``).
    """
    check_on_error(on_error)
    frame = _corpus_frame(corpus, root, labels).reset_index(drop=True)
    extractor = EGeMAPSExtractor(cache=cache, n_jobs=n_jobs, progress=progress)
    # One pass over the files: every row (NaN where a file failed) with the
    # failures, and on_error is applied to both here.
    values, failures = extractor.transform_with_failures(frame)
    if failures and on_error == "raise":
        raise ExtractionError(failures)
    features = pd.DataFrame(values, columns=extractor.get_feature_names_out())
    if on_error == "skip":
        kept = np.flatnonzero(~frame["path"].isin(list(failures)).to_numpy())
        frame = frame.iloc[kept].reset_index(drop=True)
        features = features.iloc[kept].reset_index(drop=True)
    return frame, features, failures


def run_extract(
    corpus, root, out, labels=None, cache=None, n_jobs=None, progress=True,
    on_error="raise", chunk_size=None,
):  # fmt: skip
    """Extract eGeMAPS features of a corpus folder into a CSV file or parquet chunks.

    Parameters
    ----------
    corpus, root, labels, cache, n_jobs, progress, on_error
        As for :func:`corpus_features`.
    out : str or os.PathLike
        The CSV file to write: the loader's columns, then the 88 features. Files
        that failed are listed in ``<out>.errors.csv`` (path, reason). With
        ``chunk_size``, a folder of parquet chunks instead (see
        :func:`skser.features.extract_in_chunks`; failures in
        ``<out>/_failures.csv``).
    chunk_size : int, default=None
        Extract and write this many files at a time: memory stays that of one
        chunk, and a run that finds ``out`` from an interrupted run of the same
        files resumes where it stopped.

    Returns
    -------
    table : DataFrame
        What was written.
    failures : dict of str to str
        The files that failed, and why.
    """
    check_on_error(on_error)  # before the corpus is read
    if chunk_size is not None:
        extractor = EGeMAPSExtractor(cache=cache, n_jobs=n_jobs)
        failures = extract_in_chunks(
            _corpus_frame(corpus, root, labels), out, extractor,
            chunk_size=chunk_size, on_error=on_error, progress=progress,
        )  # fmt: skip
        return pd.read_parquet(out), failures
    frame, features, failures = corpus_features(
        corpus, root, labels, cache, n_jobs, progress, on_error
    )
    table = pd.concat([frame, features], axis=1)
    table.to_csv(out, index=False)
    errors = Path(f"{out}.errors.csv")
    errors.unlink(missing_ok=True)  # never leave a stale list beside a new table
    if failures:
        pd.DataFrame(list(failures.items()), columns=["path", "reason"]).to_csv(
            errors, index=False
        )
    return table, failures
