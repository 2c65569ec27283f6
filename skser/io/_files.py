"""Many audio files into arrays: parallel, cached, with progress, notes and errors.

Every skser step that turns audio files into arrays (openSMILE features, pretrained
embeddings, waveforms) shares this machinery; a step supplies only what it does to
one file (or to one batch of files).

Private interface
-----------------
:func:`read_files` is the core::

    results, failures = read_files(
        paths, per_file, n_jobs=2, cache="cache/", progress=True, desc="waveforms"
    )

``per_file(path) -> ndarray`` must be picklable (a module-level function or a
``functools.partial`` of one) and depend only on the arguments that change its
output: ``joblib.hash(per_file)`` is part of the cache key. It raises
:class:`UnusableFileError` with a short reason for a file it cannot use; any other
exception is reported as ``"TypeName: message"``. ``results[i]`` is the array of
``paths[i]``, or None when that file failed; ``failures`` maps each failed path to
its reason. ``per_file`` may return a :class:`~skser.io.Checked` (values and the
reader's notes): the notes are reported once per run, as one warning per kind.
:func:`report_failures` then applies an ``on_error`` policy (:data:`ON_ERROR`). A
step that batches files (padding them to one length) passes
``per_batch(list of paths) -> list of ndarray`` and ``batch_size`` instead; a batch
that raises is retried file by file, so one bad file names itself and spoils nothing
else.

:class:`FileTransformer` wraps the two into a scikit-learn transformer with the
shared parameters (``path_column``, ``n_jobs``, ``cache``, ``cache_key``,
``progress``, ``on_error``) for steps that give one vector per file; a subclass
defines ``_reader()`` (returning ``(per_file, per_batch, batch_size)``),
``_n_features_out()``, ``get_feature_names_out`` and ``_desc``.
"""

import contextlib
import hashlib
import os
import signal
import threading
import warnings
from numbers import Integral

import joblib
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import StrOptions
from tqdm.auto import tqdm

from skser.io._reader import Checked, UnusableFileError, report_notes

__all__ = [
    "ON_ERROR",
    "ExtractionError",
    "UnusableFileError",
    "FileTransformer",
    "content_hash",
    "file_paths",
    "read_files",
    "report_failures",
]

# Bytes read at a time when hashing a file's content.
_HASH_BLOCK = 1 << 20
# Part of every cache key: raised when what the reader gives for a file changes
# (2: the checked reader of skser.io, clipped before openSMILE), so that no
# cache serves rows computed by an older reader.
READER_VERSION = 2

#: What to do with a file that cannot be used: raise an :class:`ExtractionError`
#: naming every such file; leave its row out (only where rows may be dropped:
#: chunked extraction, predictions); or give a row of NaN. Both of the latter warn
#: with the list of files.
ON_ERROR = ("raise", "skip", "nan")


class ExtractionError(ValueError):
    """Raised when features cannot be extracted from some audio files.

    Parameters
    ----------
    failures : dict of str to str
        Maps each file that failed to what went wrong.
    what : str, default="eGeMAPS features"
        What was being extracted, for the message.
    """

    def __init__(self, failures, what="eGeMAPS features"):
        self.failures = dict(failures)
        super().__init__(
            f"could not extract {what} from {len(self.failures)} "
            f"file(s):\n{_describe_failures(self.failures)}\nFix or remove these "
            "files, or pass on_error='nan' to get NaN rows and a warning instead."
        )


def _describe_failures(failures, limit=20):
    lines = [f"  {path}: {reason}" for path, reason in list(failures.items())[:limit]]
    if len(failures) > limit:
        lines.append(f"  ... and {len(failures) - limit} more")
    return "\n".join(lines)


def check_on_error(on_error):
    """Return ``on_error`` if it is a policy of :data:`ON_ERROR`, else raise.

    Raises
    ------
    ValueError
        Naming the policies and the value given.
    """
    if on_error not in ON_ERROR:
        raise ValueError(
            f"on_error must be one of {', '.join(ON_ERROR)}, got {on_error!r}"
        )
    return on_error


def report_failures(failures, on_error, what, stacklevel=3):
    """Raise :class:`ExtractionError` or warn about ``failures``, as ``on_error`` says.

    ``on_error="raise"`` raises, ``"nan"`` and ``"skip"`` warn with the list of
    files (see :data:`ON_ERROR`); nothing happens when ``failures`` is empty.
    """
    if not failures:
        return
    if on_error == "raise":
        raise ExtractionError(failures, what)
    rows = "left out" if on_error == "skip" else "NaN"
    warnings.warn(
        f"{what} extraction failed for {len(failures)} file(s); their rows "
        f"are {rows}:\n{_describe_failures(failures)}",
        UserWarning,
        stacklevel=stacklevel,
    )


def file_paths(X, path_column="path"):
    """Return the file paths in ``X`` as a list of str, or raise a clear error.

    ``X`` is a sequence of path-like objects, a one-column array of them, or a
    DataFrame (a loader's frame) whose ``path_column`` holds them.
    """
    if isinstance(X, pd.DataFrame):
        if path_column not in X.columns:
            raise ValueError(
                f"path column {path_column!r} not in X (columns: "
                f"{', '.join(map(str, X.columns))}); set path_column= to the "
                "column that holds the audio file paths"
            )
        X = X[path_column]
    if isinstance(X, (str, bytes, os.PathLike)):
        raise TypeError(
            f"expected a sequence of audio file paths, got the single path {X!r}; "
            "wrap it in a list"
        )
    values = np.asarray(X, dtype=object)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(
            "expected a sequence of audio file paths or a DataFrame with a "
            f"{path_column!r} column, got an array of shape {values.shape}"
        )
    if len(values) == 0:
        raise ValueError("no audio files given: X is empty")
    paths = []
    for i, value in enumerate(values):
        if not isinstance(value, (str, os.PathLike)):
            raise TypeError(
                f"X[{i}] is {value!r} ({type(value).__name__}), not a file path"
            )
        paths.append(os.fspath(value))
    return paths


def content_hash(path):
    """Return the SHA-256 of a file's bytes: a key no copy or ``touch`` can fool.

    The key of the extractors' cache, and of
    :func:`skser.datasets.find_duplicates` (byte-identical recordings).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    digest : str
        64 hexadecimal characters.

    Examples
    --------
    >>> import os, tempfile
    >>> from skser.io import content_hash
    >>> path = os.path.join(tempfile.mkdtemp(), "empty.wav")
    >>> open(path, "wb").close()
    >>> content_hash(path)[:16]  # SHA-256 of no bytes
    'e3b0c44298fc1c14'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _stat_key(path, stat):
    """Return path, size and modification time: fast, but blind to copies with -p."""
    return (os.path.abspath(path), stat.st_size, stat.st_mtime_ns)


def _stored(reader_id, file_key, value=None):
    # Memoised with ``value`` ignored: the first call stores ``value`` under
    # (reader_id, file_key), later calls return it. This lets results computed in
    # batches, or by worker processes, land in one joblib.Memory store.
    return value


# Set by the SIGINT handler of read_files: native code that calls back into
# Python (openSMILE's sink) swallows the KeyboardInterrupt raised there, so every
# file's outcome is checked against this flag before it is believed.
_INTERRUPTED = threading.Event()


def _raise_if_interrupted():
    if _INTERRUPTED.is_set():
        raise KeyboardInterrupt


def _on_sigint(signum, frame):
    _INTERRUPTED.set()
    raise KeyboardInterrupt


@contextlib.contextmanager
def _interrupts_reach_the_caller():
    """Record Ctrl-C for the whole run (main thread only; elsewhere do nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _INTERRUPTED.clear()
    previous = signal.signal(signal.SIGINT, _on_sigint)
    try:
        yield
        _raise_if_interrupted()
    finally:
        signal.signal(signal.SIGINT, previous)
        _INTERRUPTED.clear()


def _unwrap(value):
    """Return ``(array, notes)`` of what a per-file function returned."""
    if isinstance(value, Checked):
        return Checked(np.asarray(value.values), dict(value.notes))
    return Checked(np.asarray(value), {})


def _run(per_file, per_batch, batch):
    """Return ``(Checked or None, reason or None)`` for each path in ``batch``."""
    if per_batch is not None and len(batch) > 1:
        try:
            values = per_batch(batch)
        except Exception:  # a bad file spoils its batch: retry each alone
            _raise_if_interrupted()
        else:
            _raise_if_interrupted()
            return [(_unwrap(v), None) for v in values]
    results = []
    for path in batch:
        try:
            value = per_file(path) if per_batch is None else per_batch([path])[0]
        except UnusableFileError as exc:
            _raise_if_interrupted()
            results.append((None, str(exc)))
        except Exception as exc:  # readers and native libraries raise many types
            _raise_if_interrupted()
            results.append((None, f"{type(exc).__name__}: {exc}"))
        else:
            _raise_if_interrupted()
            results.append((_unwrap(value), None))
    return results


def _run_numbered(number, per_file, per_batch, batch):
    """Return ``number`` with :func:`_run`'s outcome: results may arrive unordered."""
    return number, _run(per_file, per_batch, batch)


def read_files(
    paths,
    per_file=None,
    *,
    per_batch=None,
    batch_size=1,
    n_jobs=None,
    prefer="threads",
    cache=None,
    cache_key="content",
    progress=False,
    desc="files",
):
    """Apply ``per_file`` (or ``per_batch``) to every file, in parallel and cached.

    Parameters
    ----------
    paths : list of str
        Files to read, e.g. from :func:`file_paths`.
    per_file : callable, path -> ndarray
        What to do with one file; picklable, and hashed into the cache key.
    per_batch : callable, list of paths -> list of ndarray, optional
        Used instead of ``per_file`` to process ``batch_size`` files at once.
    batch_size : int, default=1
        Files per call of ``per_batch``.
    n_jobs : int, default=None
        joblib workers; ``None`` means 1.
    prefer : {"threads", "processes"}, default="threads"
        joblib's soft hint; ``joblib.parallel_config`` may override it.
    cache : str or os.PathLike, default=None
        joblib.Memory directory; None disables caching.
    cache_key : {"content", "stat"}, default="content"
        ``"content"`` keys a file by the SHA-256 of its bytes (a changed file is
        always read again); ``"stat"`` by path, size and modification time (no
        read of the file, but copies that keep size and mtime are served stale).
    progress : bool, default=False
        tqdm progress bar over the files actually read (cache misses).
    desc : str, default="files"
        Label of the progress bar.

    Returns
    -------
    results : list of ndarray or None
        One entry per path, None where the file failed.
    failures : dict of str to str
        Failed path -> reason, in the order of ``paths``.

    Warns
    -----
    AudioWarning
        Once per kind of the reader's notes (clipped samples, low rates, wrong
        headers), listing the files; cached files warn again.

    Raises
    ------
    KeyboardInterrupt
        Always, when Ctrl-C is pressed during the run (even where native code
        swallowed it); no file is reported as failed because of it.
    """
    with _interrupts_reach_the_caller():
        results, failures, notes = _read_files(
            paths, per_file, per_batch, batch_size, n_jobs, prefer, cache,
            cache_key, progress, desc,
        )  # fmt: skip
    report_notes(notes, stacklevel=3)
    return results, failures


def _read_files(
    paths, per_file, per_batch, batch_size, n_jobs, prefer, cache, cache_key,
    progress, desc,
):  # fmt: skip
    reader = per_file if per_batch is None else per_batch
    results = [None] * len(paths)
    reasons = {}
    keys = {}
    for row, path in enumerate(paths):
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            reasons[row] = "file not found"
            continue
        except OSError as exc:
            reasons[row] = f"cannot be opened ({exc.strerror})"
            continue
        if not os.path.isfile(path):
            reasons[row] = "not a file"
            continue
        keys[row] = None if cache is None else stat

    store = None
    if cache is not None:
        store = joblib.Memory(os.fspath(cache), verbose=0).cache(
            _stored, ignore=["value"]
        )
        reader_id = joblib.hash((reader, READER_VERSION))
        for row, stat in list(keys.items()):
            path = paths[row]
            try:
                key = (
                    content_hash(path)
                    if cache_key == "content"
                    else _stat_key(path, stat)
                )
            except OSError as exc:
                reasons[row] = f"cannot be read ({exc.strerror})"
                del keys[row]
                continue
            keys[row] = key
            # Cache hits load in this process: cheaper than shipping them to workers.
            if store.check_call_in_cache(reader_id, key):
                results[row] = _unwrap(store(reader_id, key))

    todo = [row for row in keys if results[row] is None]
    size = max(1, batch_size) if per_batch is not None else 1
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    # Unordered: the bar moves as soon as any worker (a process, a thread or a
    # Dask worker under joblib.parallel_config(backend="dask")) finishes a batch.
    parallel = joblib.Parallel(
        n_jobs=n_jobs, prefer=prefer, return_as="generator_unordered"
    )
    computed = parallel(
        joblib.delayed(_run_numbered)(
            number, per_file, per_batch, [paths[row] for row in batch]
        )
        for number, batch in enumerate(batches)
    )
    with tqdm(
        total=len(todo), desc=desc, unit="file", disable=not progress or not todo
    ) as bar:
        for number, outcome in computed:
            batch = batches[number]
            for row, (value, reason) in zip(batch, outcome, strict=True):
                if reason is not None:
                    reasons[row] = reason
                    continue
                results[row] = value
                if store is not None:
                    store(reader_id, keys[row], value=value)
            bar.update(len(batch))
    failures = {paths[row]: reasons[row] for row in sorted(reasons)}
    notes = {
        paths[row]: result.notes
        for row, result in enumerate(results)
        if result is not None and result.notes
    }
    return [None if r is None else r.values for r in results], failures, notes


class FileTransformer(TransformerMixin, BaseEstimator):
    """Private base of the transformers that map each audio file to one vector.

    Owns the parameters every such step shares, the reading of ``X`` (paths or a
    loader's frame), ``fit`` (which only checks), ``transform`` (through
    :func:`read_files`, stacking the vectors and applying ``on_error``),
    :meth:`transform_with_failures` (the rows and the failed files, for callers
    that handle failures themselves) and the estimator tags. A subclass sets
    ``_desc`` (progress label and error wording) and defines ``_reader``,
    ``_n_features_out`` and ``get_feature_names_out``.
    """

    _desc = "features"
    _prefer = "threads"

    _parameter_constraints = {
        "path_column": [str],
        "n_jobs": [Integral, None],
        "cache": [str, os.PathLike, None],
        "cache_key": [StrOptions({"content", "stat"})],
        "progress": ["boolean"],
        "on_error": [StrOptions({"raise", "nan"})],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.transformer_tags.preserves_dtype = []
        return tags

    def fit(self, X, y=None):
        """Check the input; the step learns nothing.

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The step.
        """
        self._validate_params()
        self._check_settings()
        file_paths(X, self.path_column)
        return self

    def transform(self, X):
        """Return one row per file, in the order given.

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.

        Returns
        -------
        features : ndarray of shape (n_files, n_features)
            One row per file (NaN for failed files under ``on_error="nan"``); a
            DataFrame with the feature names under ``set_output(transform="pandas")``.
        """
        features, failures = self.transform_with_failures(X)
        report_failures(failures, self.on_error, self._desc, stacklevel=3)
        return features

    def transform_with_failures(self, X):
        """Return one row per file and the files that failed, leaving ``on_error`` out.

        For a caller that handles failed files itself (leaves their rows out,
        lists them in a file, raises with more context): the files are read once,
        as :meth:`transform` reads them, but a failed file neither raises nor
        warns; its row is NaN and it is named in ``failures``.

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.

        Returns
        -------
        features : ndarray of shape (n_files, n_features), float64
            One row per file, in the order given; NaN where the file failed. Always
            an array (``set_output`` does not apply).
        failures : dict of str to str
            Each file that failed (its path as given) and why, in the order given;
            empty when every file was read.

        Raises
        ------
        ValueError
            If ``X`` holds no file paths (see :func:`file_paths`), a parameter is
            invalid, or the step gives a file more than one vector (e.g. frame-level
            features: read those with the step's own method).
        TypeError
            If an entry of ``X`` is not a path.

        Warns
        -----
        AudioWarning
            The reader's notes (clipped samples, low rates, ...), as in
            :meth:`transform`.

        See Also
        --------
        report_failures : Applies an ``on_error`` policy to ``failures``.
        skser.io.extract_in_chunks : Uses it chunk by chunk.
        """
        self._validate_params()
        self._check_settings()
        return self._read(file_paths(X, self.path_column))

    def _read(self, paths):
        """Return the rows of ``paths`` (NaN where a file failed) and the failures.

        The hook a subclass may wrap (e.g. to silence a library while it reads).
        """
        per_file, per_batch, batch_size = self._reader()
        results, failures = read_files(
            paths,
            per_file,
            per_batch=per_batch,
            batch_size=batch_size,
            n_jobs=self.n_jobs,
            prefer=self._prefer,
            cache=self.cache,
            cache_key=self.cache_key,
            progress=self.progress,
            desc=self._desc,
        )
        n_features = self._n_features_out()
        features = np.full((len(paths), n_features), np.nan)
        for row, values in enumerate(results):
            if values is None:
                continue
            if values.shape != (n_features,):
                raise ValueError(
                    f"{type(self).__name__} gave {paths[row]} an array of shape "
                    f"{values.shape}, not one row of {n_features} values: with these "
                    "settings it has no single row per file; read frame-level "
                    "features with the step's own frame-level method"
                )
            features[row] = values
        return features, failures

    def _check_settings(self):
        """Raise a clear error for parameters that cannot work together."""

    def _reader(self):
        """Return ``(per_file, per_batch, batch_size)`` for :func:`read_files`."""
        raise NotImplementedError

    def _n_features_out(self):
        raise NotImplementedError
