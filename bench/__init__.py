"""Benchmarks and load and fault runs at volume; results are recorded in docs/benchmarks.md."""
