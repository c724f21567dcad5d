"""Tooling: the demo loader and the scale generator; management commands call into it."""
