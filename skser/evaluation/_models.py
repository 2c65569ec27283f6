"""The models of the papers and the references, by name.

:data:`MODEL_NAMES` and :data:`~skser.utils.REFERENCE_MODELS` are the model names
of the tidy results; :func:`paper_models` builds the papers' latent pipelines.
"""

from sklearn.preprocessing import StandardScaler

from skser.compose import make_pipeline
from skser.datasets import CLASS_SETS
from skser.latent import DAE, VAE, ClusterDAE, ClusterVAE, MetricDAE
from skser.preprocessing import OutlierFilter

#: Names of the papers' latent models in the results, by a short key.
MODEL_NAMES = {
    "dae": "DAE",
    "metric_activation": "MetricDAE (activation)",
    "metric_valence": "MetricDAE (valence)",
    "cluster_dae": "ClusterDAE",
    "vae": "VAE",
    "cluster_vae": "ClusterVAE",
}

#: The source rows the papers train on: "neutral, sad, happy, angry".
TRAIN_CLASSES = CLASS_SETS["4class"]


def paper_models(random_state=0, **params):
    """Return the models of the papers as unfitted pipelines, by name.

    Each is ``OutlierFilter -> StandardScaler -> latent model``: DAE, MetricDAE on
    activation and on valence, ClusterDAE and ClusterVAE on emotion, and VAE, with
    the default (paper) settings. The names are :data:`MODEL_NAMES`.

    Parameters
    ----------
    random_state : int, default=0
        Seed of every model.
    **params : dict
        Settings for every latent model (e.g. ``max_epochs=10``).

    Returns
    -------
    models : dict of str to Pipeline
        Ready for :func:`cross_corpus_validate`.

    Examples
    --------
    >>> from skser.evaluation import paper_models
    >>> list(paper_models(max_epochs=5))[:3]
    ['DAE', 'MetricDAE (activation)', 'MetricDAE (valence)']
    """
    params = {"random_state": random_state, **params}
    latent = {
        "dae": DAE(**params),
        "metric_activation": MetricDAE(target="activation", **params),
        "metric_valence": MetricDAE(target="valence", **params),
        "cluster_dae": ClusterDAE(target="emotion", **params),
        "vae": VAE(**params),
        "cluster_vae": ClusterVAE(target="emotion", **params),
    }
    return {
        MODEL_NAMES[key]: make_pipeline(OutlierFilter(), StandardScaler(), model)
        for key, model in latent.items()
    }


def _raw_features():
    return make_pipeline(OutlierFilter(), StandardScaler())


def _metric_models(models):
    """Map each model whose latent step is a MetricDAE to the labels it learns."""
    found = {}
    for name, model in models.items():
        latent = getattr(model, "steps", [[None, model]])[-1][1]
        if isinstance(latent, MetricDAE):
            target = latent.target
            found[name] = [target] if isinstance(target, str) else list(target)
    return found
