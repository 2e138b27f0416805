"""The floor for page benches: a minimal Django view rendering rows from one query through a
template, served the same way (daphne, same PostgreSQL database, same pool)."""
