"""The floor for the fanout bench: a bare Channels app whose consumer only joins one group
and forwards its events, on the same channels-redis configuration as Peerhaven's."""
