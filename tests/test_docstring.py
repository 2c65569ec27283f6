"""Docstring sections written once: filled in place, at the placeholder's indent."""

import inspect
import re

import pytest

from skser import DenseLSTMHighwayClassifier, RawCNNLSTMClassifier, latent
from skser.utils import fill_docstring


def test_a_section_takes_its_placeholders_indentation():
    @fill_docstring(
        shared="""
        alpha : float
            Weight of the term, in {0, 1}.
        """
    )
    class Model:
        """A model.

        Parameters
        ----------
        beta : {"a", "b"}
            Kind.
        {shared}
        """

    assert Model.__doc__ == (
        "A model.\n\n"
        "        Parameters\n"
        "        ----------\n"
        '        beta : {"a", "b"}\n'  # braces elsewhere are left alone
        "            Kind.\n"
        "        alpha : float\n"
        "            Weight of the term, in {0, 1}.\n"
        "        "
    )


def test_a_missing_placeholder_is_named():
    def f():
        """Do it; {shared} is not on a line of its own."""

    with pytest.raises(ValueError, match=r"docstring of .*f has no line '\{shared\}'"):
        fill_docstring(shared="x : int")(f)


@pytest.mark.parametrize("cls", [RawCNNLSTMClassifier, DenseLSTMHighwayClassifier])
def test_every_classifier_parameter_is_documented_once(cls):
    doc = cls.__doc__
    assert "{common" not in doc
    parameters = doc[doc.index("Parameters\n") : doc.index("Attributes\n")]
    documented = re.findall(r"^    (\w+) :", parameters, re.MULTILINE)
    assert documented == list(inspect.signature(cls).parameters)
    for method in (cls.fit, cls.predict, cls.predict_proba):
        assert "    X : array-like of shape (n_samples, n_audio_samples)" in (
            method.__doc__
        )
        assert "{X}" not in method.__doc__


def test_a_section_may_be_computed_from_the_object_it_documents():
    seen = []

    def weight_doc(obj):
        seen.append(obj)
        default = inspect.signature(obj).parameters["weight"].default
        return f"weight : float, default={default!r}\n    Weight of the term."

    @fill_docstring(shared=weight_doc)
    def f(weight=0.25):
        """Do it.

        {shared}
        """

    assert seen == [f]
    assert f.__doc__ == (
        "Do it.\n\n"
        "        weight : float, default=0.25\n"
        "            Weight of the term.\n"
        "        "
    )


@pytest.mark.parametrize(
    "cls", [getattr(latent, name) for name in latent.__all__ if name[0].isupper()]
)
def test_every_latent_model_parameter_is_documented_once(cls):
    doc = cls.__doc__
    assert not re.search(r"^\s*\{\w+\}\s*$", doc, re.MULTILINE)  # all filled
    parameters = doc[doc.index("Parameters\n") : doc.index("Attributes\n")]
    documented = re.findall(r"^    (\w+) :", parameters, re.MULTILINE)
    assert documented == list(inspect.signature(cls).parameters)


@pytest.mark.parametrize(
    ("cls", "noise"),
    [
        (latent.DAE, "1.0"),
        (latent.MetricDAE, "1.0"),
        (latent.ClusterDAE, "1.0"),
        (latent.MetricClusterDAE, "1.0"),
        (latent.VAE, "0.0"),
        (latent.ClusterVAE, "0.0"),
    ],
)
def test_a_shared_section_states_each_models_own_default(cls, noise):
    assert f"    noise_std : float, default={noise}\n" in cls.__doc__
    assert inspect.signature(cls).parameters["noise_std"].default == float(noise)
