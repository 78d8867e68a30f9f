"""Every sentence template, one module per label (TAXONOMY.md order)."""

from __future__ import annotations

from models.data.template import Template
from models.data.templates.check import CHECK
from models.data.templates.closing import CLOSING
from models.data.templates.impact import IMPACT
from models.data.templates.offer import OFFER
from models.data.templates.other import OTHER
from models.data.templates.problem import PROBLEM
from models.data.templates.rush import RUSH
from models.data.templates.statement import STATEMENT

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
