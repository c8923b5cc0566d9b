"""What a page or an API list reads and builds is freed as its request ends, by reference
counting, not left to the garbage collector in a reference cycle: the template's context
(core.templates), the negotiation page's glance, the measures table, DRF's view and
serializers (core.api.viewsets)."""

import gc

import pytest
from django.test import RequestFactory
from django.test.client import ClientHandler
from django.urls import reverse

from ..demo_data import copy_demo

pytestmark = pytest.mark.django_db

# What the negotiation page builds by the hundred: its concessions' lines, its board, its
# timeline.
PAGE_TYPES = {
    "NegotiationPage",
    "Glance",
    "Timeline",
    "Event",
    "ConcessionLine",
    "BoardItem",
    "BoardConcession",
    "CitedSource",
}
# What a list of measures reads: the measures, their changes and states.
MEASURE_TYPES = {"Measure", "ChangeRow", "MeasureState", "MeasureChange"}


def left_to_the_collector(path):
    """The type names of the objects one request to `path` leaves in reference cycles, served
    by Django's own handler (the test client keeps each response in a cycle of its own)."""
    handler = ClientHandler()
    accept = "application/json" if "/api/" in path else "text/html"
    environ = RequestFactory().get(path, HTTP_ACCEPT=accept).environ
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        response = handler(environ)
        assert response.status_code == 200  # and closed by the handler, as a server closes it
        del response
        gc.collect()
        return [type(found).__name__ for found in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_negotiation_page_leaves_nothing_of_its_own_to_the_garbage_collector(settings):
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 0  # every section built and written
    negotiation = copy_demo()
    path = reverse("negotiations:negotiation", args=[negotiation.slug])
    left_to_the_collector(path)  # the process's first request reads what it keeps
    left = left_to_the_collector(path)
    assert PAGE_TYPES & set(left) == set()


@pytest.mark.parametrize(
    "path",
    [reverse("tariffs:measure-list"), f"{reverse('api:measure-list')}?page_size=100"],
    ids=["page", "api"],
)
def test_a_list_of_measures_leaves_none_of_them_to_the_garbage_collector(path):
    copy_demo()
    left_to_the_collector(path)
    left = left_to_the_collector(path)
    assert MEASURE_TYPES & set(left) == set()
    assert not {"ListSerializer", "Page", "ReturnList"} & set(left)
