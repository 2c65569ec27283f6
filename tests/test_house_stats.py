"""tools/house_stats.py --check fails on each breach of the house rules, planted."""

import importlib.util
import textwrap
from pathlib import Path

import pytest

TOOL = Path(__file__).parents[1] / "tools" / "house_stats.py"
_spec = importlib.util.spec_from_file_location("house_stats", TOOL)
house_stats = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(house_stats)


def write(root, relative, text):
    """Write a module of the planted package ``pkg`` under ``root``."""
    path = root / "pkg" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def package(tmp_path):
    """A package that keeps every rule: subpackages, a private module, utils."""
    write(tmp_path, "__init__.py", "")
    write(tmp_path, "utils/__init__.py", "from pkg.utils._seed import seed\n")
    write(tmp_path, "utils/_seed.py", "def seed():\n    return 0\n")
    write(tmp_path, "io/__init__.py", "from pkg.io._read import read\n")
    write(tmp_path, "io/_read.py", "from pkg.utils._seed import seed\n\n\n"
          "def read():\n    return seed()\n")  # fmt: skip
    write(tmp_path, "models/__init__.py", "from pkg.io import read\n")
    return tmp_path / "pkg"


def check(package, capsys):
    """Return the exit code of ``--check`` on ``package``, and what it printed."""
    code = house_stats.main(["--package", str(package), "--check", "--top", "3"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def function(name, code_lines):
    """A function of ``code_lines`` lines without its docstring (``def`` counted)."""
    body = "".join(f"    x{i} = {i}\n" for i in range(code_lines - 2))
    return f'def {name}():\n    """Doc.\n\n    More doc.\n    """\n{body}    return 0\n'


def test_a_package_that_keeps_the_rules_passes(package, capsys):
    code, printed = check(package, capsys)
    assert code == 0
    assert "house rules kept" in printed
    assert "modules: 6, lines: 10, largest: 5" in printed


@pytest.mark.parametrize(("lines", "code"), [(600, 0), (601, 1)])
def test_a_module_over_600_lines_fails(package, capsys, lines, code):
    write(package.parent, "models/_big.py", "x = 0\n" * lines)
    assert check(package, capsys)[0] == code
    if code:
        assert "1 modules over 600 lines" in check(package, capsys)[1]


@pytest.mark.parametrize(("lines", "code"), [(100, 0), (101, 1)])
def test_a_function_over_100_code_lines_fails(package, capsys, lines, code):
    # The docstring does not count: a numpydoc docstring is often the longer part.
    write(package.parent, "models/_long.py", function("fit", lines))
    found, printed = check(package, capsys)
    assert found == code
    assert (
        f"{lines:5d}  ({lines + 4:4d} with docstring)  pkg/models/_long.py:1 fit"
        in (printed)
    )


@pytest.mark.parametrize(
    ("statement", "code"),
    [
        ("from pkg.io._read import read", 1),  # a private module of io
        ("from pkg.io import _hidden", 1),  # a private name of io
        ("import pkg.io._read", 1),
        ("from pkg.io import read", 0),  # the public name: allowed
        ("from pkg.utils._seed import seed", 0),  # utils: allowed
        ("from ._fit import fit", 0),  # within the subpackage: allowed
    ],
)
def test_a_private_name_across_subpackages_fails(package, capsys, statement, code):
    write(package.parent, "models/_fit.py", "def fit():\n    return 0\n")
    write(package.parent, "models/_use.py", f"def use():\n    {statement}\n")
    found, printed = check(package, capsys)
    assert found == code
    assert f"private names imported across subpackages: {code}" in printed
    if code:
        assert "pkg/models/_use.py:2" in printed


def test_an_import_circle_fails_even_through_a_function(package, capsys):
    write(package.parent, "models/_a.py", "from pkg.models._b import b\n")
    write(package.parent, "models/_b.py", "def b():\n    from pkg.models import _a\n")
    code, printed = check(package, capsys)
    assert code == 1
    assert "2 modules: pkg.models._a, pkg.models._b" in printed
    assert "1 import circles" in printed


def test_a_package_importing_its_own_modules_is_no_circle(package, capsys):
    # pkg.io's __init__ imports pkg.io._read, which runs inside pkg.io: no edge.
    write(package.parent, "io/_more.py", "from pkg.io._read import read\n")
    assert check(package, capsys)[0] == 0


def test_without_check_the_report_never_fails(package, capsys):
    write(package.parent, "models/_big.py", "x = 0\n" * 700)
    assert house_stats.main(["--package", str(package)]) == 0
    assert "700  pkg.models._big" in capsys.readouterr().out


def test_skser_keeps_the_house_rules(capsys):
    code = house_stats.main(["--check", "--top", "0"])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
