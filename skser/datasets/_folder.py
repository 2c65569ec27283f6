"""A corpus whose labels are in its file and folder names."""

import re
from collections import defaultdict
from pathlib import Path

import numpy as np

from skser.datasets._common import (
    check_root,
    find_audio,
    lookup,
    make_frame,
    normalize_emotions,
    warn_unread,
)
from skser.datasets._duplicates import warn_content_duplicates


def load_folder(
    root,
    pattern,
    codes=None,
    *,
    corpus=None,
    language=None,
    match="name",
    folders=None,
    glob="**/*",
    ignore_case=False,
    convention=None,
    emotion="emotion",
):
    r"""Load a corpus whose labels are written in its file or folder names.

    Every audio file under ``root`` is matched, whole, against ``pattern``: a
    regular expression whose named groups become columns. ``emotion``,
    ``speaker`` and ``gender`` fill the shared columns; any other group becomes a
    column of its own. Groups may nest, so that ``(?P<speaker>(?P<gender>[MF])\d+)``
    gives both the speaker ``M1`` and its gender. A file that does not match is an
    error naming it: nothing is skipped silently.

    A recording is never counted twice unnoticed: two files with one name (in
    two folders, or in two formats: ``a.wav`` and ``a.flac``) are an error
    listing the pairs, and byte-identical files under different names are listed
    in a warning (:func:`find_duplicates`). Files that match the pattern in an
    audio format skser does not read (``.m4a``, ``.aac``, ``.opus``, ``.aiff``,
    ``.wma``, ...) are listed in a warning with their count.

    Parameters
    ----------
    root : str or os.PathLike
        The corpus folder.
    pattern : str or re.Pattern
        Regular expression with named groups, matched against the whole file name
        without its suffix (``match="name"``) or the path relative to ``root``
        with ``/`` separators and without the suffix (``match="path"``).
    codes : dict of {str: dict}, default=None
        For a group, the table from its codes to values, e.g.
        ``{"emotion": {"W": "angry"}, "gender": {"M": "male", "F": "female"}}``.
        An unknown code is an error naming the file. Emotions without a code
        table are read as names through :data:`EMOTION_ALIASES` (``"Anger"``,
        ``"ang"`` -> ``"angry"``).
    corpus : str, default=None
        The ``corpus`` column; by default the folder's name.
    language : str, default=None
        The ``language`` column (NaN if None).
    match : {"name", "path"}, default="name"
        What ``pattern`` is matched against.
    folders : dict of {str: str}, default=None
        For corpora that also sort files into emotion folders: folder name ->
        emotion. A file whose name's emotion disagrees with its folder is an error.
    glob : str, optional
        Which files under ``root`` to read, a :meth:`pathlib.Path.glob` pattern;
        by default ``"**/*"``, every file (audio suffixes only).
    ignore_case : bool, default=False
        Match ``pattern`` and look codes up without regard to case (code tables
        are then written lower-case).
    convention : str, default=None
        A readable example of the naming for error messages, e.g.
        ``"'03a01Fa.wav' (speaker, text, emotion, version)"``; by default the
        pattern.
    emotion : str or None, default="emotion"
        The group of ``pattern`` that holds the emotion; a pattern without it is
        an error listing the groups it has. None: the names carry no emotion
        (an unlabelled corpus, or labels read from elsewhere), said on purpose.

    Returns
    -------
    frame : DataFrame
        One row per file: path, corpus, language, speaker, gender, emotion,
        activation, valence (NaN), then one column per other named group.

    Raises
    ------
    FileNotFoundError
        If ``root`` is not a folder or holds no audio file.
    ValueError
        For a file that does not follow the naming, an unknown code, a pattern
        without the ``emotion`` group, or one recording under one name twice.

    See Also
    --------
    load_manifest : A corpus described by a table of paths and labels.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import numpy as np, soundfile as sf
    >>> from skser.datasets import load_folder
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for level, name in enumerate(["anna_angry_01.wav", "ben_sad_02.wav"]):
    ...     sf.write(root / name, np.full(160, 0.1 * level), 16000)
    >>> frame = load_folder(root, r"(?P<speaker>[a-z]+)_(?P<emotion>[a-z]+)_\d+")
    >>> frame[["speaker", "emotion"]].values.tolist()
    [['anna', 'angry'], ['ben', 'sad']]
    """
    root = check_root(root)
    corpus = root.name if corpus is None else corpus
    if match not in ("name", "path"):
        raise ValueError(f"match must be 'name' or 'path', got {match!r}")
    regex = re.compile(pattern)
    if ignore_case:
        regex = re.compile(regex.pattern, regex.flags | re.IGNORECASE)
    if emotion is not None and emotion not in regex.groupindex:
        raise ValueError(
            f"{corpus}: the pattern {regex.pattern!r} has no group {emotion!r}, so "
            f"no file would get an emotion (groups: "
            f"{', '.join(regex.groupindex) or 'none'}); name the group "
            f"(?P<emotion>...), pass emotion= the group that holds it, or "
            "emotion=None for a corpus without emotions in its names"
        )
    codes = {} if codes is None else codes
    unused = set(codes) - set(regex.groupindex)
    if unused:
        raise ValueError(
            f"codes for {', '.join(sorted(unused))}, but the pattern has no such "
            f"group (groups: {', '.join(regex.groupindex) or 'none'})"
        )
    convention = repr(regex.pattern) if convention is None else convention

    def matched(path):
        relative = path.relative_to(root).with_suffix("").as_posix()
        return regex.fullmatch(path.stem if match == "name" else relative)

    files, unread = find_audio(root, corpus, glob)
    warn_unread([path for path in unread if matched(path)], corpus, root)
    rows, names = [], defaultdict(list)
    for path in files:
        found = matched(path)
        if found is None:
            relative = path.relative_to(root).with_suffix("").as_posix()
            raise ValueError(
                f"file {match} {relative if match == 'path' else path.name!r} "
                f"({path}) does not follow the {corpus} naming convention "
                f"{convention}; rename or move the file"
            )
        row = {"path": path}
        for group, value in found.groupdict().items():
            if value is not None and group in codes:
                key = value.lower() if ignore_case else value
                value = lookup(key, codes[group], f"{group} code", path)
            row[group] = value
        rows.append(row)
        # One recording: one name (and, read from the path, the same labels).
        stem = path.stem.lower() if ignore_case else path.stem
        key = (stem, *found.groupdict().values()) if match == "path" else stem
        names[key].append(path)
    _refuse_same_names(names, corpus, root, match)
    frame = make_frame(rows, corpus=corpus, language=language)
    if emotion is not None:
        frame["emotion"] = normalize_emotions(frame[emotion], f"{corpus} ({root})")
        if emotion != "emotion":
            frame = frame.drop(columns=emotion)
    if folders:
        _check_folders(frame, folders)
    warn_content_duplicates(frame, corpus)
    return frame


def _refuse_same_names(names, corpus, root, match):
    """Raise, listing them, if files of one name (one recording) occur twice."""
    twice = [paths for paths in names.values() if len(paths) > 1]
    if not twice:
        return
    listed = "; ".join(
        " and ".join(str(path.relative_to(root)) for path in paths)
        for paths in twice[:10]
    )
    folders = sorted(
        {
            path.relative_to(root).parts[0]
            for paths in twice
            for path in paths
            if len(path.relative_to(root).parts) > 1
        }
    )
    raise ValueError(
        f"{corpus}: {len(twice)} recording(s) are under {root} more than once by "
        f"name ({listed}{'; ...' if len(twice) > 10 else ''}): the folder holds two "
        f"copies or two formats of the corpus (top folders involved: "
        f"{', '.join(folders) or '(root)'}). Keep one copy: pass the folder of one "
        "copy as root, or delete or move the other copy"
        + (
            ". If they are different recordings, match='path' with a pattern that "
            "reads the folder tells them apart"
            if match == "name"
            else ""
        )
    )


def _check_folders(frame, folders):
    """Raise if a file sits in an emotion folder other than its name's emotion."""
    parents = frame["path"].map(lambda path: Path(path).parent.name)
    expected = parents.map(folders)
    wrong = expected.notna() & (expected != frame["emotion"])
    if wrong.any():
        row = np.flatnonzero(wrong.to_numpy())[0]
        raise ValueError(
            f"{frame['path'].iloc[row]}: the name says {frame['emotion'].iloc[row]} "
            f"but the file is in the {parents.iloc[row]}/ folder "
            f"({int(wrong.sum())} such file(s)); move or rename it"
        )
