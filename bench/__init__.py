"""Benchmarks (docs/benchmarks.md): `python -m bench`."""
