"""A tiny django-spirit project for the page benches, run from bench/spirit-venv.

Spirit's own recommended settings (its project template), on PostgreSQL with the same
connection pool as Peerhaven, local-memory caches, DEBUG off, served by daphne.
"""
