"""The Library screen: call list model, filters, saved filters and full-text search."""
