"""Every sentence template, one module per label (TAXONOMY.md order)."""

from __future__ import annotations

from models.classifier.data.template import Template
from models.classifier.data.templates.check import CHECK
from models.classifier.data.templates.closing import CLOSING
from models.classifier.data.templates.impact import IMPACT
from models.classifier.data.templates.offer import OFFER
from models.classifier.data.templates.other import OTHER
from models.classifier.data.templates.problem import PROBLEM
from models.classifier.data.templates.rush import RUSH
from models.classifier.data.templates.statement import STATEMENT

TEMPLATES: tuple[Template, ...] = (
    *IMPACT,
    *PROBLEM,
    *CHECK,
    *CLOSING,
    *OTHER,
    *OFFER,
    *RUSH,
    *STATEMENT,
)
