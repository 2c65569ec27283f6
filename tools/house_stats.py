"""Print the sizes of skser's modules and functions, and breaches of its house rules.

Reads the package's source with :mod:`ast` (nothing is imported or run):

- the module count and every module over ``--max-lines`` lines, largest first;
- the ``--top`` longest functions (methods included), with their lines;
- every import of a private name or a private module across subpackages (the
  house allows it only from ``skser.utils``);
- every import circle between modules, counting imports inside functions.

``python tools/house_stats.py --check`` exits 1 when a module or function is past
its limit, a private name crosses a subpackage or modules import each other in a
circle, so CI can hold the line (``make lint`` runs it). ``--package`` reads
another package (the tests plant breaches in a temporary one).
"""

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_name(path, root):
    """Return the dotted name of the module at ``path`` (``skser.io._files``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def subpackage(name):
    """Return the subpackage a module belongs to: the second part of its name."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def is_private(name):
    """Return whether a dotted name has a private part (``_x``, not ``__init__``)."""
    return any(
        part.startswith("_") and not part.startswith("__") for part in name.split(".")
    )


def read_modules(package):
    """Return ``{module name: (path, ast tree, line count)}`` for a package.

    Paths are relative to the package's parent folder (``skser/io/_files.py``).
    """
    modules = {}
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        modules[module_name(path, package.parent)] = (
            path.relative_to(package.parent),
            ast.parse(text),
            len(text.splitlines()),
        )
    return modules


def resolve_from(node, name, is_package=False):
    """Return the absolute module of a ``from ... import`` in module ``name``.

    ``is_package``: ``name`` is a package's ``__init__``, where ``from . import``
    means the package itself.
    """
    if not node.level:
        return node.module
    base = name.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(tree, name, modules):
    """Yield ``(line, imported module, imported name or None)`` for every import."""
    is_package = modules[name][0].name == "__init__.py" if name in modules else False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            source = resolve_from(node, name, is_package)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:
                    yield node.lineno, submodule, None
                else:
                    yield node.lineno, source, alias.name


def function_length(node):
    """Return a function's lines, and its lines without the docstring."""
    length = node.end_lineno - node.lineno + 1
    first = node.body[0]
    is_docstring = isinstance(first, ast.Expr) and isinstance(
        getattr(first, "value", None), ast.Constant
    )
    if is_docstring and isinstance(first.value.value, str):
        return length, length - (first.end_lineno - first.lineno + 1)
    return length, length


def longest_functions(modules):
    """Return ``(code lines, lines, 'path:line name')`` per function, longest first.

    Code lines leave the docstring out: a numpydoc docstring with Parameters and
    Examples is often longer than the code it documents.
    """
    found = []
    for path, tree, _ in modules.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length, code = function_length(node)
                where = f"{path}:{node.lineno} {node.name}"
                found.append((code, length, where))
    return sorted(found, reverse=True)


def private_crossings(modules):
    """Return the imports of private names or modules across subpackages.

    Allowed: within one subpackage, and from the package's ``utils``.
    """
    crossings = []
    for name, (path, tree, _) in modules.items():
        package = name.split(".")[0]
        for line, source, imported in imports(tree, name, modules):
            if source != package and not source.startswith(package + "."):
                continue
            target = subpackage(source)
            if target in (subpackage(name), "utils"):
                continue
            if is_private(source) or (imported and is_private(imported)):
                what = f"{source}.{imported}" if imported else source
                crossings.append(f"{path}:{line} {what}")
    return crossings


def import_circles(modules):
    """Return the strongly connected groups of modules (Tarjan), largest first."""
    graph = {name: set() for name in modules}
    for name, (_, tree, _) in modules.items():
        for _, source, _ in imports(tree, name, modules):
            # Importing a.b.c runs a and a.b first: each is an edge, except a
            # package that holds the importer (Python has begun it already).
            parts = source.split(".")
            for end in range(1, len(parts) + 1):
                target = ".".join(parts[:end])
                holds_importer = name.startswith(target + ".")
                if target in graph and target != name and not holds_importer:
                    graph[name].add(target)
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for node in graph:
        if node not in index:
            visit(node)
    return sorted(circles, key=len, reverse=True)


def main(argv=None):
    """Print the report; with ``--check``, exit 1 on a breach of the limits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=ROOT / "skser")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--max-lines", type=int, default=600)
    parser.add_argument("--max-function", type=int, default=100)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a house rule is broken"
    )
    args = parser.parse_args(argv)
    modules = read_modules(args.package)

    sizes = sorted(((lines, name) for name, (_, _, lines) in modules.items()))[::-1]
    total = sum(lines for lines, _ in sizes)
    print(f"modules: {len(modules)}, lines: {total}, largest: {sizes[0][0]}")
    long_modules = [(n, m) for n, m in sizes if n > args.max_lines]
    print(f"modules over {args.max_lines} lines: {len(long_modules)}")
    for lines, name in long_modules:
        print(f"  {lines:5d}  {name}")

    functions = longest_functions(modules)
    long_functions = [f for f in functions if f[0] > args.max_function]
    print(
        f"longest functions, in code lines without the docstring (over "
        f"{args.max_function}: {len(long_functions)}; with docstrings: "
        f"{sum(f[1] > args.max_function for f in functions)}):"
    )
    for code, length, where in functions[: args.top]:
        print(f"  {code:5d}  ({length:4d} with docstring)  {where}")

    crossings = private_crossings(modules)
    print(f"private names imported across subpackages: {len(crossings)}")
    for crossing in crossings:
        print(f"  {crossing}")

    circles = import_circles(modules)
    print(f"import circles (imports inside functions included): {len(circles)}")
    for circle in circles:
        print(f"  {len(circle)} modules: {', '.join(circle)}")

    if not args.check:
        return 0
    breaches = {
        f"modules over {args.max_lines} lines": len(long_modules),
        f"functions over {args.max_function} code lines": len(long_functions),
        "private names imported across subpackages": len(crossings),
        "import circles": len(circles),
    }
    broken = [f"{count} {what}" for what, count in breaches.items() if count]
    if broken:
        print(f"house rules broken: {'; '.join(broken)}", file=sys.stderr)
        return 1
    print("house rules kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
