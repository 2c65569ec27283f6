"""The same recording held twice: found by content, reported by the loaders."""

import os
import warnings
from collections import defaultdict

import numpy as np
import pandas as pd

from skser.io import content_hash

#: Columns of :func:`find_duplicates`'s result.
DUPLICATE_COLUMNS = ("group", "path", "sha256")


def find_duplicates(frame, path_column="path"):
    """Find the recordings a corpus holds more than once: byte-identical files.

    Files are compared by the SHA-256 of their bytes, the key of the feature
    cache (:class:`~skser.EGeMAPSExtractor`), so two names, folders or copies of
    one recording are found whatever they are called. Only files that share their
    size with another are read, so a corpus without duplicates costs one
    ``stat`` per file. A path listed twice is a duplicate of itself.

    Parameters
    ----------
    frame : DataFrame or sequence of path-like
        A loader's frame (its ``path_column`` holds the files), or the paths.
    path_column : str, default="path"
        The column of ``frame`` that holds the audio file paths.

    Returns
    -------
    duplicates : DataFrame
        One row per file of a group of two or more identical files, indexed by
        the row's label in ``frame``: ``group`` (0, 1, ... in order of first
        appearance), ``path`` and ``sha256``. Empty when every recording is held
        once.

    Raises
    ------
    FileNotFoundError
        Naming the first file that does not exist.
    ValueError
        If ``frame`` has no ``path_column``.

    See Also
    --------
    skser.evaluation.cross_corpus_validate : Keeps each group inside one fold.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import numpy as np, pandas as pd, soundfile as sf
    >>> from skser.datasets import find_duplicates
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name, tone in [("a.wav", 0.1), ("b.wav", 0.2), ("copy_of_a.wav", 0.1)]:
    ...     sf.write(root / name, np.full(160, tone), 16000)
    >>> frame = pd.DataFrame({"path": [str(root / n) for n in
    ...                                ["a.wav", "b.wav", "copy_of_a.wav"]]})
    >>> found = find_duplicates(frame)
    >>> found.index.tolist(), found["group"].tolist()
    ([0, 2], [0, 0])
    """
    if isinstance(frame, pd.DataFrame):
        if path_column not in frame:
            raise ValueError(
                f"path column {path_column!r} not in the frame (columns: "
                f"{', '.join(map(str, frame.columns))}); pass path_column="
            )
        paths = frame[path_column]
    else:
        paths = pd.Series(list(frame))
    paths = paths.map(os.fspath)
    sizes = {}
    for path in dict.fromkeys(paths):
        try:
            sizes[path] = os.stat(path).st_size
        except FileNotFoundError:
            raise FileNotFoundError(f"file not found: {path}") from None
    by_size = defaultdict(list)
    for label, path in paths.items():
        by_size[sizes[path]].append(label)
    keys, hashed = {}, {}
    for labels in by_size.values():
        if len(labels) > 1:
            for label in labels:
                path = paths[label]
                if path not in hashed:
                    hashed[path] = content_hash(path)
                keys[label] = hashed[path]
    by_key = defaultdict(list)
    for label in paths.index:  # the frame's order
        if label in keys:
            by_key[keys[label]].append(label)
    rows = [
        (group, label, paths[label], key)
        for group, (key, labels) in enumerate(
            (key, labels) for key, labels in by_key.items() if len(labels) > 1
        )
        for label in labels
    ]
    found = pd.DataFrame(
        [row[1:] for row in rows], columns=["label", "path", "sha256"]
    ).set_index("label")
    found.index.name = paths.index.name
    found.insert(0, "group", np.array([row[0] for row in rows], dtype=np.int64))
    return found


def warn_content_duplicates(frame, corpus, stacklevel=3):
    """Warn, listing them, about byte-identical files under different names."""
    found = find_duplicates(frame)
    if found.empty:
        return
    groups = found.groupby("group", sort=True)["path"].agg(list)
    listed = "; ".join(" = ".join(paths) for paths in groups.iloc[:10])
    emotions = frame.loc[found.index, "emotion"] if "emotion" in frame else None
    mixed = 0
    if emotions is not None:
        mixed = int(emotions.groupby(found["group"]).nunique(dropna=False).gt(1).sum())
    disagree = (
        f" {mixed} of the groups carry different emotions: one recording, two labels."
        if mixed
        else ""
    )
    warnings.warn(
        f"{corpus}: {len(groups)} recording(s) are held {len(found)} times under "
        f"different names (byte-identical files): {listed}"
        f"{'; ...' if len(groups) > 10 else ''}.{disagree} Keep one file of each "
        "group (delete or leave out the others), or keep them: "
        "cross_corpus_validate keeps each group inside one fold "
        "(skser.datasets.find_duplicates lists them)",
        UserWarning,
        stacklevel=stacklevel,
    )
