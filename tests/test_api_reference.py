"""docs/api.rst lists every public name, and only names that import."""

import importlib
import pkgutil
import re
import warnings
from pathlib import Path

import pytest

import skser

API = Path(__file__).parents[1] / "docs" / "api.rst"


def autosummary_entries(text):
    """Return the dotted path of each autosummary entry, read with its currentmodule."""
    entries, module = [], None
    for line in text.splitlines():
        current = re.match(r"\.\. currentmodule:: (\S+)$", line)
        if current:
            module = current.group(1)
        entry = re.match(r"   ([A-Za-z_][\w.]*)$", line)
        if entry and module:
            entries.append(f"{module}.{entry.group(1)}")
    return entries


def public_modules():
    """Return skser and each public module of it that has ``__all__``.

    Old import paths (shims) warn when imported; they repeat names documented at
    their new home and are left out.
    """
    modules = [skser]
    for info in pkgutil.walk_packages(skser.__path__, "skser."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module = importlib.import_module(info.name)
        if hasattr(module, "__all__") and not caught:
            modules.append(module)
    return modules


def test_entries_are_read_with_their_module():
    text = (
        ".. currentmodule:: skser\n\n.. autosummary::\n   :toctree: generated\n\n"
        "   DAE\n   io.read_audio\n\n.. currentmodule:: skser.nn\n\n   seeded_fit\n"
    )
    assert autosummary_entries(text) == [
        "skser.DAE",
        "skser.io.read_audio",
        "skser.nn.seeded_fit",
    ]


def test_every_entry_imports():
    missing = []
    for path in autosummary_entries(API.read_text()):
        module, _, name = path.rpartition(".")
        try:
            owner = importlib.import_module(module)
        except ImportError:  # e.g. skser.io.read_audio under currentmodule skser
            parent, _, attribute = module.rpartition(".")
            owner = getattr(importlib.import_module(parent), attribute)
        if not hasattr(owner, name):
            missing.append(path)
    assert missing == []


def test_no_entry_is_listed_twice():
    entries = autosummary_entries(API.read_text())
    assert len(entries) == len(set(entries))


@pytest.mark.parametrize("module", public_modules(), ids=lambda m: m.__name__)
def test_every_public_name_is_in_the_reference(module):
    text = API.read_text()
    names = [name for name in module.__all__ if not name.startswith("_")]
    missing = [name for name in names if not re.search(rf"\b{name}\b", text)]
    assert missing == [], f"{module.__name__}: add {missing} to docs/api.rst"
