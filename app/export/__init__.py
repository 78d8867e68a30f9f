"""Stored calls out of the library: JSON (the documented contract), CSV, SRT, VTT, TXT."""
