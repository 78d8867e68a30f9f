"""Callscope."""
