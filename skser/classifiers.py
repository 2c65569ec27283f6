"""Old path of :mod:`skser.neural_network` (the end-to-end classifiers).

Reading a name from it warns (``FutureWarning``) and names the new path; it will
be removed in 0.6. Models pickled under this path still load.
"""

from skser.utils import moved

__getattr__, __dir__ = moved(
    __name__,
    "skser.neural_network",
    {
        "_AudioClassifier": "skser.neural_network._base",
        "_MixupNet": "skser.neural_network._training",
    },
)
