"""Domain-adversarial training as one more loss term of the latent models.

A small classifier on the latent code learns which corpus (domain) a row comes
from; a gradient reversal layer between code and classifier makes the encoder
learn the opposite: a code in which the corpora cannot be told apart (Ganin and
Lempitsky 2015). The domain is a column of the label frame (``corpus`` in every
loader's frame), so rows of a target corpus with no emotion label (NaN) train the
reconstruction and this term, and nothing else.
"""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval

from skser.latent._base import Head
from skser.nn import TermsNet, masked_cross_entropy, mlp, reverse_gradient

#: Width of the hidden layer of the domain classifier on the latent code.
DOMAIN_HIDDEN = 10


class DomainNet(TermsNet):
    """A :class:`TermsNet` whose module gains a domain classifier when needed."""

    def initialize_module(self):
        """Build the model's module, then its domain classifier (if trained)."""
        super().initialize_module()
        estimator = self.estimator
        if estimator._domain_active():
            classifier = mlp(
                (estimator.latent_dim, DOMAIN_HIDDEN, len(estimator.domains_))
            )
            self.module_.add_module("domain_classifier", classifier.to(self.device))
        return self


class _DomainAdversarial:
    """Mixin of the latent models: the ``domain`` term and its label column.

    The model's ``__init__`` stores ``domain_weight`` and ``domain_column``.
    """

    _net = DomainNet
    _domain_constraints = {
        "domain_weight": [Interval(Real, 0, None, closed="left")],
        "domain_column": [str],
    }

    def __init__(
        self, target=None, *, domain_weight=0.0, domain_column="corpus", **params
    ):
        super().__init__(target, **params)
        self.domain_weight = domain_weight
        self.domain_column = domain_column

    def _domain_active(self):
        return self.domain_weight > 0

    def _heads_for(self, y):
        heads = super()._heads_for(y)
        if not self._domain_active():
            return heads
        if not hasattr(y, "columns"):
            raise ValueError(
                f"{type(self).__name__}(domain_weight={self.domain_weight}) reads "
                f"the domain of each row from column {self.domain_column!r} of a "
                "label frame y; pass y as a DataFrame with that column (e.g. the "
                "loaders' 'corpus'), or set domain_weight=0"
            )
        return (*heads, Head("domain", self.domain_column, "classes"))

    def _class_codes(self, labels, head):
        if head.name != "domain":
            return super()._class_codes(labels, head)
        column = labels.iloc[:, 0]
        known = column.notna().to_numpy()
        self.domains_ = np.unique(column[known].astype(str).to_numpy())
        if len(self.domains_) < 2:
            raise ValueError(
                f"{type(self).__name__}: domain column {self.domain_column!r} holds "
                f"{len(self.domains_)} domain(s) ({', '.join(self.domains_)}); "
                "domain-adversarial training needs rows of at least two (add "
                "unlabelled rows of the target corpus), or set domain_weight=0"
            )
        codes = np.full(len(column), -1.0, dtype=np.float32)
        codes[known] = np.searchsorted(self.domains_, column[known].astype(str))
        return codes[:, None]

    def _term_names(self):
        names = super()._term_names()
        return (*names, "domain") if self._domain_active() else names

    def _loss_terms(self, outputs, targets, X, epoch):
        terms = super()._loss_terms(outputs, targets, X, epoch)
        if self._domain_active():
            # The code transform returns: z of a DAE, the posterior mean of a VAE.
            code = outputs[1]
            domains = self._head_targets(targets, "domain")[:, 0].long()
            classifier = self.net_.module_.domain_classifier
            # Ganin and Lempitsky's lambda scales the reversed gradient only: the
            # classifier learns at the full rate, the encoder is pushed by lambda.
            logits = classifier(reverse_gradient(code, self.domain_weight))
            terms["domain"] = masked_cross_entropy(logits, domains)
        return terms
