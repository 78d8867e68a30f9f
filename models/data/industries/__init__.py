"""Industry slot tables, grouped into a few modules; ALL lists every industry in a fixed order."""

from __future__ import annotations

from models.classifier.data.industries.consumer import CONSUMER
from models.classifier.data.industries.public import PUBLIC
from models.classifier.data.industries.services import SERVICES
from models.classifier.data.vocab import Industry

ALL: tuple[Industry, ...] = SERVICES + CONSUMER + PUBLIC
BY_NAME: dict[str, Industry] = {industry.name: industry for industry in ALL}
