"""Corpus loaders, a folder and a manifest loader, and bundled feature tables.

Each ``load_<corpus>(root, ...)`` reads a corpus in the folder layout it is
distributed in and returns one row per utterance with the columns path, corpus,
language, speaker, gender, emotion, activation and valence (NaN where unknown).
:func:`load_folder` reads any corpus whose labels are in its file names,
:func:`load_manifest` any corpus described by a table, and :func:`load_corpus`
either by name. :data:`CORPORA` is the one table of what skser knows about each
registered corpus (loader, printed name, emotions and class sets, Das et al.'s
label file, bundled table); :func:`find_duplicates` finds the recordings a corpus
holds more than once; :func:`find_audio` lists a folder's audio files and
:func:`warn_unread` names those in formats skser does not read.
"""

from skser.datasets._common import (
    CLASS_SETS,
    EMOTION_ALIASES,
    EMOTIONS,
    find_audio,
    read_das_labels,
    to_class_set,
    warn_unread,
)
from skser.datasets._duplicates import find_duplicates
from skser.datasets._folder import load_folder
from skser.datasets._manifest import load_manifest
from skser.datasets._registry import (
    BUNDLED,
    CORPORA,
    LOADERS,
    Corpus,
    display_name,
    load_corpus,
)
from skser.datasets.aesdd import load_aesdd
from skser.datasets.bundled import load_bundled
from skser.datasets.cafe import load_cafe
from skser.datasets.crema_d import load_crema_d
from skser.datasets.emodb import load_emodb
from skser.datasets.emovo import load_emovo
from skser.datasets.iemocap import load_iemocap
from skser.datasets.msp_improv import load_msp_improv
from skser.datasets.ravdess import load_ravdess
from skser.datasets.savee import load_savee
from skser.datasets.shemo import load_shemo
from skser.datasets.tess import load_tess
from skser.datasets.urdu import load_urdu

__all__ = [
    "BUNDLED",
    "CLASS_SETS",
    "CORPORA",
    "Corpus",
    "EMOTIONS",
    "EMOTION_ALIASES",
    "LOADERS",
    "display_name",
    "find_audio",
    "find_duplicates",
    "load_aesdd",
    "load_bundled",
    "load_cafe",
    "load_corpus",
    "load_crema_d",
    "load_emodb",
    "load_emovo",
    "load_folder",
    "load_iemocap",
    "load_manifest",
    "load_msp_improv",
    "load_ravdess",
    "load_savee",
    "load_shemo",
    "load_tess",
    "load_urdu",
    "read_das_labels",
    "to_class_set",
    "warn_unread",
]
