"""A corpus described by a table: one row per file with its labels."""

import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from skser.datasets._common import (
    make_frame,
    normalize_emotions,
    parse_numbers,
    read_table,
)
from skser.datasets._duplicates import warn_content_duplicates

#: Optional manifest columns besides path and emotion.
MANIFEST_COLUMNS = (
    "activation",
    "valence",
    "dominance",
    "speaker",
    "gender",
    "split",
    "corpus",
    "language",
)
_GENDERS = {
    **dict.fromkeys(["f", "female", "woman", "w"], "female"),
    **dict.fromkeys(["m", "male", "man"], "male"),
}


def load_manifest(manifest, root=None, columns=None, *, corpus=None, language=None):
    r"""Load a corpus described by a manifest: a table of files and their labels.

    The manifest has at least a path column and an emotion column; activation,
    valence, dominance, speaker, gender, split, corpus and language are read when
    present, and any other column is kept as it is. Every path must exist (the
    missing ones are listed); emotion names are read through
    :data:`EMOTION_ALIASES` (``"Anger"``, ``"ang"``, ``"angry"`` -> ``"angry"``),
    an unknown name is an error listing the accepted ones; an empty emotion is
    NaN, an unlabelled row. Numbers that cannot be read are listed (file, line,
    column, value).

    One file is one row. Paths are compared after normalisation (``a.wav``,
    ``./a.wav`` and ``sub/../a.wav`` are one file): the same file with different
    labels is an error naming both lines; repeated lines that agree are kept
    once, with a warning. Byte-identical files under different paths are listed
    in a warning (:func:`find_duplicates`).

    Parameters
    ----------
    manifest : str, os.PathLike or DataFrame
        A CSV file (UTF-8 or UTF-16; comma, semicolon or tab between cells) or a
        table.
    root : str or os.PathLike, default=None
        The folder relative paths are resolved against; by default the folder of
        the CSV file (the working directory for a table).
    columns : dict of {str: str}, default=None
        The manifest's names of skser's columns where they differ, e.g.
        ``{"path": "file", "emotion": "label", "activation": "arousal"}``.
    corpus : str, default=None
        The ``corpus`` column where the manifest has none; by default the CSV
        file's name without suffix (``"manifest"`` for a table).
    language : str, default=None
        The ``language`` column where the manifest has none (NaN if None).

    Returns
    -------
    frame : DataFrame
        One row per manifest row: path (absolute), corpus, language, speaker,
        gender, emotion, activation, valence, then the manifest's other columns
        (dominance, split, ...).

    Raises
    ------
    FileNotFoundError
        Listing the files that do not exist.
    ValueError
        For a missing column, an unknown emotion or gender, a value that is not
        a number, or one file with two different labels.

    See Also
    --------
    load_folder : A corpus whose labels are in its file names.
    load_corpus : A registered corpus by name, or a manifest.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import numpy as np, soundfile as sf
    >>> from skser.datasets import load_manifest
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> sf.write(root / "a.wav", np.zeros(160), 16000)
    >>> _ = (root / "mine.csv").write_text("file,label,arousal\na.wav,Anger,4.5\n")
    >>> frame = load_manifest(
    ...     root / "mine.csv",
    ...     columns={"path": "file", "emotion": "label", "activation": "arousal"},
    ... )
    >>> frame[["corpus", "emotion", "activation"]].values.tolist()
    [['mine', 'angry', 4.5]]
    """
    names = {name: name for name in ("path", "emotion", *MANIFEST_COLUMNS)}
    unknown = set(columns or {}) - set(names)
    if unknown:
        raise ValueError(
            f"columns: unknown skser column(s) {', '.join(sorted(unknown))}; "
            f"use {', '.join(names)}"
        )
    names.update(columns or {})
    if isinstance(manifest, pd.DataFrame):
        source, default_root = "manifest table", Path.cwd()
        table = manifest.reset_index(drop=True).astype(object)
        cells = table.where(table.notna(), "").astype(str)
        lines = pd.Series(table.index + 1, index=table.index)
        corpus = "manifest" if corpus is None else corpus
    else:
        path = Path(manifest)
        source, default_root = f"manifest {path}", path.resolve().parent
        cells, lines = read_table(path, "manifest")
        table = cells
        corpus = path.stem if corpus is None else corpus
    if cells.empty:
        raise ValueError(f"{source} has no rows")
    absent = [names[c] for c in ("path", "emotion") if names[c] not in cells]
    if absent:
        raise ValueError(
            f"{source} lacks column(s) {', '.join(map(repr, absent))} "
            f"(columns: {', '.join(map(str, cells.columns))}); name them with "
            "columns={'path': ..., 'emotion': ...}"
        )
    frame = pd.DataFrame(index=cells.index)
    frame["path"] = _resolve_paths(
        cells[names["path"]], lines, source, default_root if root is None else root
    )
    frame["emotion"] = normalize_emotions(cells[names["emotion"]], source)
    present = [c for c in MANIFEST_COLUMNS if names[c] in cells]
    numeric = [c for c in ("activation", "valence", "dominance") if c in present]
    numbers = parse_numbers(
        cells.rename(columns={names[c]: c for c in numeric}), lines, source, numeric
    )
    for column in present:
        if column in numeric:
            frame[column] = numbers[column]
        else:
            text = cells[names[column]].str.strip()
            frame[column] = text.where(text != "")
    if "gender" in frame:
        frame["gender"] = _normalize_genders(frame["gender"], source)
    used = {names[c] for c in ("path", "emotion", *present)}
    for column in cells.columns:
        if column not in used and column not in frame:
            frame[column] = table[column]
    frame = _one_row_per_file(frame, lines, source)
    given = frame[[c for c in ("corpus", "language") if c in present]]
    frame = make_frame(frame.to_dict("records"), corpus, language)
    for column in given:
        values = given[column].to_numpy()
        frame[column] = np.where(pd.isna(values), frame[column], values)
    warn_content_duplicates(frame, corpus)
    return frame


def _one_row_per_file(frame, lines, source):
    """Keep one row per (normalised) path; two different labels are an error."""
    repeated = frame["path"].duplicated(keep=False)
    if not repeated.any():
        return frame
    cells = frame[repeated].astype(object)
    cells = cells.where(cells.notna(), None).astype(str)  # NaN equals NaN here
    conflicts, copies = [], 0
    for path, rows in cells.groupby("path", sort=False):
        first = rows.iloc[0]
        for row in rows.index[1:]:
            differ = [c for c in rows.columns if rows.at[row, c] != first[c]]
            if differ:
                conflicts.append(
                    f"{path}: line {lines[rows.index[0]]} says "
                    + ", ".join(f"{c}={first[c]}" for c in differ)
                    + f", line {lines[row]} says "
                    + ", ".join(f"{c}={rows.at[row, c]}" for c in differ)
                )
            else:
                copies += 1
    if conflicts:
        raise ValueError(
            f"{source}: {len(conflicts)} file(s) are listed twice with different "
            f"labels ({'; '.join(conflicts[:10])}"
            f"{'; ...' if len(conflicts) > 10 else ''}); one recording has one "
            "label: keep the right line and delete the other"
        )
    repeats = frame["path"].duplicated(keep="first")
    warnings.warn(
        f"{source}: {copies} line(s) repeat an earlier line for the same file "
        f"(e.g. {frame['path'][repeats].iloc[0]}, line "
        f"{lines[repeats[repeats].index[0]]}); each file is kept once",
        UserWarning,
        stacklevel=3,
    )
    return frame[~repeats]


def _resolve_paths(paths, lines, source, root):
    """Absolute paths of a manifest's files; every one must exist."""
    root = Path(root).expanduser().resolve()
    text = paths.str.strip()
    # normpath, not resolve: a symbolic link stays the path the manifest names
    resolved = [
        os.path.normpath(root / Path(p).expanduser()) if p else "" for p in text
    ]
    resolved = pd.Series(resolved, index=paths.index)
    missing = [
        f"line {lines[row]}: {text[row] or '(empty)'}"
        for row in resolved.index
        if not resolved[row] or not Path(resolved[row]).is_file()
    ]
    if missing:
        raise FileNotFoundError(
            f"{source}: {len(missing)} of {len(paths)} file(s) not found, relative "
            f"paths resolved against {root} ({'; '.join(missing[:10])}"
            f"{'; ...' if len(missing) > 10 else ''}); fix the paths or pass root="
        )
    return resolved


def _normalize_genders(genders, source):
    keys = genders.str.lower()
    mapped = keys.map(_GENDERS)
    unknown = sorted(set(genders[keys.notna() & mapped.isna()]))
    if unknown:
        raise ValueError(
            f"{source}: unknown gender(s) {', '.join(map(repr, unknown))}; use "
            f"{', '.join(sorted(_GENDERS))} (any case) or leave the cell empty"
        )
    return mapped.where(mapped.notna(), np.nan)
