"""Tests for models/classifier (the data set has its own test_dataset.py)."""
