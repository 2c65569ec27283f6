"""Docstring sections written once and filled into every docstring that shares them.

imbalanced-learn fills its samplers' shared parameter docs with one decorator
(``imblearn.utils.Substitution``); :func:`fill_docstring` does the same, with two
differences: a section is written flush left and takes the indentation of its
placeholder's line (a class's parameters and a method's read alike), braces
elsewhere in the docstring (``{"densenet", "cnn"}``) need no doubling, and a section
may be a function of the decorated object (a default read from its signature).
"""

import re
import textwrap


def fill_docstring(**sections):
    r"""Return a decorator that fills ``{name}`` lines of a docstring with sections.

    Each placeholder stands alone on its line; the section replaces it, every
    line indented as the placeholder was. A section is written flush left (or
    indented as a whole: it is dedented first, and blank lines around it are
    dropped).

    Parameters
    ----------
    **sections : str or callable
        Section text by placeholder name, e.g. ``common_parameters="..."``; or a
        function that takes the decorated class or function and returns the text,
        for a section that depends on it (e.g. a default that differs between the
        classes sharing the section).

    Returns
    -------
    decorator : callable
        Takes a class or function, fills its ``__doc__`` and returns it.

    Raises
    ------
    ValueError
        From the decorator, if the docstring has no line holding one of the
        placeholders (a section that would silently go missing); the message
        names the object and the placeholder.

    Examples
    --------
    >>> from skser.utils import fill_docstring
    >>> @fill_docstring(shared="alpha : float\n    Weight of the term.")
    ... def f(alpha):
    ...     '''Do it.
    ...
    ...     Parameters
    ...     ----------
    ...     {shared}
    ...     '''
    >>> print(f.__doc__.splitlines()[4])
        alpha : float
    >>> print(f.__doc__.splitlines()[5])
            Weight of the term.

    A section computed from the object it documents:

    >>> import inspect
    >>> def alpha_doc(obj):
    ...     default = inspect.signature(obj).parameters["alpha"].default
    ...     return f"alpha : float, default={default}"
    >>> @fill_docstring(shared=alpha_doc)
    ... def g(alpha=0.5):
    ...     '''Do it.
    ...
    ...     {shared}
    ...     '''
    >>> print(g.__doc__.splitlines()[2])
        alpha : float, default=0.5
    """

    def fill(obj):
        doc = obj.__doc__ or ""
        for name, section in sections.items():
            text = section(obj) if callable(section) else section
            text = textwrap.dedent(text).strip("\n")
            pattern = re.compile(rf"^([ \t]*)\{{{name}\}}[ \t]*$", re.MULTILINE)
            if not pattern.search(doc):
                raise ValueError(
                    f"the docstring of {obj.__qualname__} has no line '{{{name}}}' "
                    f"to fill; put the placeholder on a line of its own where the "
                    f"section belongs, or do not pass {name}="
                )
            # A function as the replacement: the text is taken as it is.
            doc = pattern.sub(
                lambda match, text=text: textwrap.indent(text, match[1]), doc
            )
        obj.__doc__ = doc
        return obj

    return fill
