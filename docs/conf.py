"""Sphinx configuration of the skser documentation."""

import os
import zlib
from pathlib import Path

import skser

# Gallery examples that use real audio read $SKSER_DATA; by default the corpora
# beside the checkout (../shared/data).
os.environ.setdefault(
    "SKSER_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "data")
)

project = "skser"
copyright = "skser developers, BSD-3-Clause"
release = skser.__version__
version = release
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "matplotlib.sphinxext.plot_directive",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py"]
default_role = "code"

# API pages: one page per object; classes list their methods with parameters
# (the class template documents members itself, so numpydoc's own table is off).
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": True}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# "See Also" entries and types that are plain words ("array-like", "default")
# are not cross-references.
numpydoc_xref_param_type = False

# Links to the libraries skser builds on. Offline, each inventory falls back to an
# empty local one (written below), so the build passes with -W and links nothing.
_OFFLINE = Path(__file__).parent / "_build" / "offline-inventories"
_LIBRARIES = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "scipy": "https://docs.scipy.org/doc/scipy/",
    "pandas": "https://pandas.pydata.org/docs/",
    "sklearn": "https://scikit-learn.org/stable/",
    "imblearn": "https://imbalanced-learn.org/stable/",
    "skorch": "https://skorch.readthedocs.io/en/stable/",
    "torch": "https://docs.pytorch.org/docs/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
}
_OFFLINE.mkdir(parents=True, exist_ok=True)
intersphinx_mapping = {}
for _name, _url in _LIBRARIES.items():
    _empty = _OFFLINE / f"{_name}.inv"
    _empty.write_bytes(
        f"# Sphinx inventory version 2\n# Project: {_name}\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n".encode()
        + zlib.compress(b"")
    )
    intersphinx_mapping[_name] = (_url, (None, str(_empty)))
intersphinx_timeout = 10
# Inherited scikit-learn methods (set_output, get_metadata_routing) and the
# re-exported imbalanced-learn Pipeline refer to labels of those libraries' own
# sites (:ref:`metadata_routing`), which no inventory resolves offline.
suppress_warnings = ["ref.ref", "ref.term"]

# The gallery's sections, one folder of examples/ each, in the user guide's order.
GALLERY_SECTIONS = ["dtu_models", "latif_systems", "protocol", "data", "scaling"]

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "subsection_order": [f"../examples/{section}" for section in GALLERY_SECTIONS],
    "filename_pattern": "/plot_",
    "doc_module": ("skser",),
    "backreferences_dir": "generated/backreferences",
    "reference_url": {"skser": None},
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "matplotlib_animations": False,
}

plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 120)]

html_theme = "pydata_sphinx_theme"
html_title = f"skser {release}"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"changelog": [], "citing": [], "install": []}
