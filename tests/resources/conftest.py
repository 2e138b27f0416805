import itertools
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from resources.models import Resource

_slugs = itertools.count(1)


@pytest.fixture
def make_resource(db):
    def make(**fields):
        n = next(_slugs)
        values = {
            "slug": f"test-line-{n}",
            "name": f"Test line {n}",
            "kind": "crisis_line",
            "country": "US",
            "phone": "555-0100",
            "open_24_7": True,
            "source": "test",
            "verified_on": date(2026, 11, 25),
            **fields,
        }
        resource = Resource(**values)
        resource.full_clean()
        resource.save()
        return resource

    return make


@pytest.fixture
def visitor_request():
    """A GET request from a visitor, with optional cookies, as templates receive it."""

    def build(path="/", cookies=None, **meta):
        request = RequestFactory().get(path, **meta)
        request.COOKIES.update(cookies or {})
        request.user = AnonymousUser()
        return request

    return build


@pytest.fixture
def staff(make_member):
    return make_member("CarefulWren5", is_staff=True)
