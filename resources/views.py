"""The resources directory: crisis lines, warm lines and peer support for the reader's region."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from resources import selectors, services
from resources.regions import find_region, region_options


@require_GET
def index(request):
    asked = request.GET.get("region")
    chosen = find_region(asked)
    region = chosen or selectors.region_for(request)
    response = render(
        request,
        "resources/index.html",
        {
            "region": region,
            "directory": selectors.directory_for(region),
            "region_options": region_options(),
            "unknown_region": asked is not None and chosen is None,
        },
    )
    if chosen is not None:
        services.remember_region(request, response, chosen)
    # The lines depend on the region cookie and the badges on the clock.
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, private=True, no_cache=True)
    return response
