from django.conf import settings


def site(request):
    return {
        "NEUTRAL_EXIT_URL": settings.NEUTRAL_EXIT_URL,
        "MINIMUM_AGE": settings.MINIMUM_AGE,
    }
