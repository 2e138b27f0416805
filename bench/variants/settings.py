"""Peerhaven's settings plus the differences named in BENCH_* environment variables.

BENCH_DB_POOL=0: no psycopg pool (a new connection per request, CONN_MAX_AGE=0).
"""

import copy
import os

from config import settings as _base

globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

DATABASES = copy.deepcopy(_base.DATABASES)
if os.environ.get("BENCH_DB_POOL") == "0":
    DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
