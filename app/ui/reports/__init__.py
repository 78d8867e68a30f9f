"""The Reports screen: trends per agent or team, before/after a training date, CSV/PNG export."""
