"""Features of a large corpus written chunk by chunk, resumable after an interruption.

A run extracts ``chunk_size`` files at a time and writes each chunk as one parquet
file (``part-00000.parquet``, ...) of an output folder, then forgets it: memory
stays that of one chunk whatever the corpus size. A chunk's file appears whole or
not at all (written beside, then renamed), so a run stopped at any point resumes
at the first chunk without a file. ``pandas.read_parquet(folder)`` reads the
features back, in the order of the files given.

The resume record (``_extraction.json``, written atomically) holds everything that
changes a row: the file list, the manifest's columns and values, ``on_error``, the
chunk size, the extractor and its settings, and the reader's version. A resumed run
with any of them changed is refused with what changed; every chunk already written
is verified (readable, the expected columns, the expected files) and a damaged one
is extracted again, with a warning naming it.
"""

import hashlib
import json
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from skser.io._files import (
    READER_VERSION,
    ExtractionError,
    check_on_error,
    file_paths,
)

__all__ = ["extract_in_chunks"]

# Names that start with "_" are skipped by pyarrow when it reads the folder.
_SETTINGS = "_extraction.json"
_FAILURES = "_failures.csv"


def _part(out, number):
    return out / f"part-{number:05d}.parquet"


def _settings(frame, extractor, chunk_size, on_error):
    """Return what a resumed run must share with the run that wrote the folder."""
    column = extractor.path_column
    paths = "\n".join(frame[column]).encode()
    labels = frame.drop(columns=[column])
    return {
        "n_files": len(frame),
        "files_sha256": hashlib.sha256(paths).hexdigest(),
        # The manifest's other columns are written beside the features.
        "columns": [str(name) for name in frame.columns],
        "labels_sha256": hashlib.sha256(
            pd.util.hash_pandas_object(labels, index=False).to_numpy().tobytes()
            + repr(list(labels.dtypes.astype(str))).encode()
        ).hexdigest(),
        "on_error": on_error,
        "chunk_size": chunk_size,
        "extractor": type(extractor).__name__,
        # Settings that change the features; not n_jobs, cache or progress.
        "parameters": {
            key: repr(value)
            for key, value in extractor.get_params().items()
            if key not in ("n_jobs", "cache", "cache_key", "progress", "on_error")
        },
        "reader_version": READER_VERSION,
    }


def _write_atomically(path, text):
    """Write ``text`` beside ``path``, then rename: the file is whole or absent."""
    partial = path.with_name(f"{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)


def _read_record(written, out):
    try:
        before = json.loads(written.read_text())
        if not isinstance(before, dict):
            raise ValueError(f"a JSON {type(before).__name__}, not an object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(
            f"the resume record {written} is damaged ({type(exc).__name__}: {exc}); "
            f"the chunks in {out} cannot be checked without it: remove the folder "
            "to start over"
        ) from None
    return before


def _check_folder(out, settings, resume):
    """Create ``out`` or check that it holds a run of the same settings."""
    written = out / _SETTINGS
    if not written.is_file():
        if out.exists() and any(out.iterdir()):
            raise ValueError(
                f"output folder {out} exists and holds other files; give a new or "
                "empty folder"
            )
        out.mkdir(parents=True, exist_ok=True)
        _write_atomically(written, json.dumps(settings, indent=1))
        return
    if not resume:
        raise FileExistsError(
            f"output folder {out} holds an extraction; resume it (resume=True), or "
            "remove the folder to start over"
        )
    before = _read_record(written, out)
    changed = [key for key in settings if before.get(key) != settings[key]]
    if changed:
        raise ValueError(
            f"output folder {out} holds an extraction with other settings "
            f"({', '.join(f'{k}: {before.get(k)!r}' for k in changed)}; now "
            f"{', '.join(f'{k}: {settings[k]!r}' for k in changed)}); give another "
            "folder, or remove it to start over"
        )


def _damage(part, schema, expected, column, failed):
    """Return why a written chunk cannot be trusted, or None when it can."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(part)
    except Exception as exc:  # pyarrow raises several types for broken files
        return f"unreadable ({type(exc).__name__}: {exc})"
    if table.schema.names != schema.names:
        return "other columns than this extraction writes"
    written = table.column(column).to_pylist()
    kept = [path for path in expected if path not in failed]
    if written != expected and written != kept:
        return f"holds other files than its {len(expected)} (it has {len(written)})"
    return None


def _schema(frame, names):
    """Return the parquet schema of every chunk, from the whole manifest's columns.

    A column whose values are all missing in one chunk would otherwise get a
    type of its own there, and the chunks would not read back as one table.
    """
    import pyarrow as pa

    template = frame.iloc[:1].copy()
    for name in names:
        template[name] = np.float64(0)
    return pa.Schema.from_pandas(template, preserve_index=False)


def _chunks_to_do(out, frame, column, starts, chunk_size, schema):
    """Return the chunks without a trustworthy file; name the damaged ones."""
    failures_file = out / _FAILURES
    failed = set()
    if failures_file.is_file():
        failed = set(pd.read_csv(failures_file)["path"])
    todo, damaged = [], {}
    for number, start in enumerate(starts):
        part = _part(out, number)
        if not part.is_file():
            todo.append(number)
            continue
        expected = list(frame[column].iloc[start : start + chunk_size])
        reason = _damage(part, schema, expected, column, failed)
        if reason is not None:
            damaged[part.name] = reason
            part.unlink()
            todo.append(number)
    if damaged:
        warnings.warn(
            f"{len(damaged)} chunk(s) in {out} were damaged and are extracted "
            "again:\n"
            + "\n".join(f"  {name}: {reason}" for name, reason in damaged.items()),
            UserWarning,
            stacklevel=3,
        )
    return todo


def extract_in_chunks(
    X, out, extractor, *, chunk_size=1000, resume=True, on_error="raise", progress=True
):
    """Extract features of many files into a folder of parquet chunks; resumable.

    Parameters
    ----------
    X : sequence of path-like or DataFrame
        The files, or a loader's frame (its columns are written beside the
        features) with the extractor's ``path_column``.
    out : str or os.PathLike
        Output folder, created if needed. When it holds chunks of the same files,
        manifest columns, ``on_error``, chunk size and extractor settings, the run
        verifies them and resumes at the first missing (or damaged) chunk.
    extractor : FileTransformer
        A step that gives one vector per file, e.g.
        :class:`~skser.EGeMAPSExtractor` (its ``n_jobs`` and ``cache`` apply to
        each chunk; under ``joblib.parallel_config(backend="dask")`` each chunk is
        spread over the Dask cluster).
    chunk_size : int, default=1000
        Files per chunk: memory grows with it, and an interrupted run loses at
        most one chunk of work.
    resume : bool, default=True
        Resume a run found in ``out``; False refuses an ``out`` that holds one.
    on_error : {"raise", "skip", "nan"}, default="raise"
        A file that cannot be read: stop before writing its chunk (fix it and run
        again to resume there), leave its row out of the chunk, or keep the row
        with NaN features. Failures are listed in ``out/_failures.csv``.
    progress : bool, default=True
        A progress bar over the files, moved chunk by chunk.

    Returns
    -------
    failures : dict of str to str
        Every file that failed so far (this run and the runs it resumes), and why.

    See Also
    --------
    skser.features.EGeMAPSExtractor : The usual extractor.
    pandas.read_parquet : Reads ``out`` back as one DataFrame.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np, pandas as pd, soundfile as sf
    >>> from skser import EGeMAPSExtractor
    >>> from skser.features import extract_in_chunks
    >>> folder = Path(tempfile.mkdtemp())
    >>> rng = np.random.default_rng(0)
    >>> paths = []
    >>> for i in range(3):
    ...     paths.append(str(folder / f"{i}.wav"))
    ...     sf.write(paths[-1], 0.1 * rng.standard_normal(16000), 16000)
    >>> extract_in_chunks(paths, folder / "features", EGeMAPSExtractor(),
    ...                   chunk_size=2, progress=False)
    {}
    >>> sorted(p.name for p in (folder / "features").glob("part-*"))
    ['part-00000.parquet', 'part-00001.parquet']
    >>> pd.read_parquet(folder / "features").shape
    (3, 89)
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    check_on_error(on_error)
    if int(chunk_size) != chunk_size or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    column = extractor.path_column
    if isinstance(X, pd.DataFrame):
        file_paths(X, column)  # the column is there and holds paths
        frame = X.reset_index(drop=True)
    else:
        frame = pd.DataFrame({column: file_paths(X, column)})
    frame[column] = frame[column].map(os.fspath)
    out = Path(out)
    _check_folder(out, _settings(frame, extractor, chunk_size, on_error), resume)

    names = list(extractor.get_feature_names_out())
    schema = _schema(frame, names)
    failures_file = out / _FAILURES
    starts = range(0, len(frame), chunk_size)
    todo = _chunks_to_do(out, frame, column, starts, chunk_size, schema)
    done = len(frame) - sum(len(frame.iloc[starts[k] : starts[k] + chunk_size])
                            for k in todo)  # fmt: skip
    with tqdm(total=len(frame), initial=done, desc="files", unit="file",
              disable=not progress) as bar:  # fmt: skip
        for number in todo:
            chunk = frame.iloc[starts[number] : starts[number] + chunk_size]
            features, failures = extractor.transform_with_failures(chunk)
            if failures and on_error == "raise":
                raise ExtractionError(failures, f"{extractor._desc} (chunk {number})")
            table = pd.concat(
                [chunk.reset_index(drop=True), pd.DataFrame(features, columns=names)],
                axis=1,
            )
            if on_error == "skip":
                table = table[~table[column].isin(list(failures))]
            if failures:
                pd.DataFrame(list(failures.items()), columns=["path", "reason"]).to_csv(
                    failures_file, mode="a", index=False,
                    header=not failures_file.is_file(),
                )  # fmt: skip
            partial = out / f"_{_part(out, number).name}.partial"
            pq.write_table(
                pa.Table.from_pandas(table, schema=schema, preserve_index=False),
                partial,
            )
            os.replace(partial, _part(out, number))
            bar.update(len(chunk))
    if not failures_file.is_file():
        return {}
    listed = pd.read_csv(failures_file)
    return dict(zip(listed["path"], listed["reason"], strict=True))
