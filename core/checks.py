"""System checks for what Django's own checks cannot see in our setup."""

from django.conf import settings
from django.core.checks import Error, register

CSRF_MIDDLEWARE = "core.middleware.PortAgnosticCsrfViewMiddleware"


@register("security", deploy=True)
def csrf_protection_installed(app_configs, **kwargs):
    """Stands in for security.W003, silenced because our CSRF middleware is a subclass."""
    if CSRF_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [Error(f"{CSRF_MIDDLEWARE} must be in MIDDLEWARE", id="peerhaven.E001")]
