"""The negotiation page reads its four sections from the cache in one round trip, and writes
those it rendered in one more, watched on the Redis server itself (MONITOR)."""

import threading
import uuid

import pytest
import redis
from django.urls import reverse

from .test_negotiation_sections import ask_more, long_column  # noqa: F401
from .test_pages import page

pytestmark = pytest.mark.django_db

SECTION_KEY = "template.cache.negotiation-"
# What a client sends as it opens a connection, not on behalf of a page.
CONNECTING = {"SELECT", "CLIENT", "HELLO", "AUTH", "PING"}


class Monitor:
    """The commands the cache's Redis database runs while the block runs: MONITOR on the
    server, kept to this database (each test process has one of its own)."""

    def __init__(self, url):
        self.client = redis.Redis.from_url(url)
        self.database = self.client.connection_pool.connection_kwargs.get("db", 0)
        self.commands = []

    def __enter__(self):
        self.marker = f"monitor-end-{uuid.uuid4()}"
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.listen, daemon=True)
        self.thread.start()
        assert self.ready.wait(5), "MONITOR did not start"
        return self

    def listen(self):
        with self.client.monitor() as monitor:
            self.client.ping()  # MONITOR is on once the server echoes this PING
            for seen in monitor.listen():
                if seen["command"] == "PING" and not self.ready.is_set():
                    self.ready.set()
                    continue
                if self.marker in seen["command"]:
                    return
                words = seen["command"].split()
                if seen["db"] == self.database and words[0].upper() not in CONNECTING:
                    self.commands.append(words)

    def __exit__(self, *exc_info):
        self.client.echo(self.marker)
        self.thread.join(5)
        assert not self.thread.is_alive(), "MONITOR did not see the end of the block"

    def touching_sections(self):
        """The commands that name a section's key, each as [command, section names...]."""
        touching = []
        for words in self.commands:
            names = sorted(word.split(".")[-2] for word in words if SECTION_KEY in word)
            if names:
                touching.append([words[0].upper(), *names])
        return touching


@pytest.fixture
def monitor(redis_url, settings):
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 3600
    return lambda: Monitor(settings.CACHES["default"]["LOCATION"])


SECTIONS = ["negotiation-board", "negotiation-glance", "negotiation-rest", "negotiation-timeline"]


def test_the_sections_are_read_in_one_round_trip_and_written_in_one_more(
    client,
    long_column,  # noqa: F811
    monitor,
):
    url = reverse("negotiations:negotiation", args=[long_column.slug])
    with monitor() as missed:
        first = page(client, url)
    # Missed: one MGET of the four sections, then their four SETs sent as one transaction.
    touched = missed.touching_sections()
    assert touched[0] == ["MGET", *SECTIONS]
    assert [words[0] for words in touched[1:]] == ["SET"] * 4
    assert sorted(words[1] for words in touched[1:]) == SECTIONS
    names = [words[0].upper() for words in missed.commands]
    assert names.count("MULTI") == 1 and names.count("EXEC") == 1
    writes = names[names.index("MULTI") + 1 : names.index("EXEC")]
    assert writes == ["SET"] * 4

    with monitor() as kept:
        assert page(client, url) == first
    # Kept: the one MGET, and nothing written.
    assert kept.touching_sections() == [["MGET", *SECTIONS]]

    # Another kind of event asked: the timeline alone is rendered and written.
    with monitor() as narrowed:
        page(client, url, kind="round")
    assert narrowed.touching_sections() == [["MGET", *SECTIONS], ["SET", "negotiation-timeline"]]

    # The data changed: every section is read again and rendered anew.
    ask_more(long_column, "Newly asked")
    with monitor() as changed:
        assert "Newly asked" in page(client, url)
    assert changed.touching_sections()[0] == ["MGET", *SECTIONS]
    assert len(changed.touching_sections()) == 5


def test_a_kept_page_asks_the_cache_one_thing(
    client,
    long_column,  # noqa: F811
    monitor,
):
    url = reverse("negotiations:negotiation", args=[long_column.slug])
    page(client, url)
    with monitor() as kept:
        page(client, url)
    # Its sections, in one MGET: nothing else (the effective rates are inside the glance).
    assert [words[0].upper() for words in kept.commands] == ["MGET"], kept.commands
