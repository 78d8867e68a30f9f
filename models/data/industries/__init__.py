"""Industry slot tables, grouped into a few modules; ALL lists every industry in a fixed order."""

from __future__ import annotations

from models.data.industries.consumer import CONSUMER
from models.data.industries.home import HOME
from models.data.industries.public import PUBLIC
from models.data.industries.services import SERVICES
from models.data.vocab import Industry

ALL: tuple[Industry, ...] = SERVICES + CONSUMER + PUBLIC + HOME
BY_NAME: dict[str, Industry] = {industry.name: industry for industry in ALL}
