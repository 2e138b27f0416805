"""Settings for the floor: nothing Peerhaven's pages need beyond one query and one template."""

import os
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "floor-only-secret-key-for-benchmarks")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["floor_django"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "floor_django.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"context_processors": []},
    }
]
_db = urlsplit(os.environ["DATABASE_URL"])
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": _db.username or "",
        "HOST": _db.hostname or "",
        "PORT": str(_db.port or ""),
        "CONN_MAX_AGE": 0,
        # The same pool as Peerhaven's, so the floor differs only in the work per page.
        "OPTIONS": {"pool": {"min_size": 2, "max_size": 20, "timeout": 10}},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
