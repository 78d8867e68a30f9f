"""Benchmarks: speed and memory figures written to bench_results/ (not timed tests)."""
