"""Palettes and style sheet for the desktop app (light and dark)."""
