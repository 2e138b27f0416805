"""Shared plumbing for the benchmarks: private services on loopback, load generators, stats.

Lives in a package so `make bench` (which runs every `bench/*.py`) does not run it as a bench.
"""
