"""Settings and entry points for A/B runs of changes the benches propose.

The app's code is not changed: a variant is the app's own settings plus one difference
(template overrides built by `harness.variants`, the connection pool off, or the scanner and
broadcast switched off), so each proposal is measured beside the code as it is.
"""
