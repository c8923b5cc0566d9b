"""Editors writing the same records at once, with If-Match, among readers: nothing lost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/concurrency.py --clients 64 --seconds 60

Needs a seeded database (manage.py seed_volume --scale 1) and redis-server. Serves the site
with gunicorn (config.settings.bench, a Redis of its own) and runs `--clients` clients, each
with an editor's API token, for `--seconds`. Each request is a read (a list or a detail of the
API, or a page) or, one time in `--write-share`, a write: read one of `--records` shared
measures with its ETag, append the client's own token to its description, and PATCH it with
`If-Match`; a 412 (someone wrote first) is answered by reading again and retrying. At the end
it checks that no answer was a 5xx, that every token whose PATCH was accepted is in its
measure's description (a lost update would drop one), that each measure gained exactly one
history row per accepted PATCH, and that no row was added or removed.
"""

import argparse
import os
import random
import secrets
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Gunicorn, RedisServer, describe_machine, free_port, machine, setup_django

READS = (
    "/api/v1/measures/?page_size=20",
    "/api/v1/concessions/?page_size=20",
    "/api/v1/negotiations/",
    "/api/v1/economies/",
    "/measures/",
)


def editor():
    """A fresh editor, with a random password nobody uses."""
    from django.contrib.auth.models import Group, User

    from core.groups import EDITOR

    username = f"bench-editor-{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(24)
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def signed_in(user):
    """A session for one client: the editor's own API token (a hash of it is stored)."""
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    return session


class Client(threading.Thread):
    def __init__(self, number, base, session, records, deadline, write_share):
        super().__init__(daemon=True)
        self.number, self.base, self.session = number, base, session
        self.records, self.deadline, self.write_share = records, deadline, write_share
        self.random = random.Random(2025 + number)
        self.statuses = Counter()
        self.accepted = []  # (measure id, token)
        self.retries = 0
        self.gave_up = 0

    def get(self, path):
        answer = self.session.get(self.base + path, timeout=60)
        self.statuses[answer.status_code] += 1
        return answer

    def write(self, written):
        pk = self.random.choice(self.records)
        token = f"[c{self.number}-{written}]"
        for _ in range(50):
            current = self.get(f"/api/v1/measures/{pk}/")
            if current.status_code != 200:
                return
            body = {"description": f"{current.json()['description']} {token}".strip()}
            answer = self.session.patch(
                f"{self.base}/api/v1/measures/{pk}/",
                json=body,
                headers={"If-Match": current.headers.get("ETag", "")},
                timeout=60,
            )
            self.statuses[answer.status_code] += 1
            if answer.status_code == 200:
                self.accepted.append((pk, token))
                return
            if answer.status_code != 412:
                return
            self.retries += 1
        self.gave_up += 1

    def run(self):
        written = 0
        while time.monotonic() < self.deadline:
            if self.random.random() < self.write_share:
                written += 1
                self.write(written)
            else:
                self.get(self.random.choice(READS))


def counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for app in ("core", "commodities", "tariffs", "negotiations")
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--records", type=int, default=8, help="measures written (8)")
    parser.add_argument("--write-share", type=float, default=0.3)
    options = parser.parse_args()

    setup_django()
    from tariffs.models import Measure

    print(describe_machine(machine()))
    user = editor()
    records = list(Measure.objects.order_by("pk").values_list("pk", flat=True)[: options.records])
    history_before = {pk: Measure.history.filter(id=pk).count() for pk in records}
    rows_before = counts()
    started = time.monotonic()
    with (
        RedisServer(free_port()) as redis,
        Gunicorn(os.environ["DATABASE_URL"], redis.url, workers=options.workers) as server,
    ):
        sessions = [signed_in(user) for _ in range(options.clients)]
        deadline = time.monotonic() + options.seconds
        clients = [
            Client(n, server.base, session, records, deadline, options.write_share)
            for n, session in enumerate(sessions)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        errors = server.errors().strip()
    elapsed = time.monotonic() - started

    statuses = sum((client.statuses for client in clients), Counter())
    accepted = [item for client in clients for item in client.accepted]
    descriptions = dict(Measure.objects.filter(pk__in=records).values_list("pk", "description"))
    lost = [(pk, token) for pk, token in accepted if token not in descriptions[pk]]
    per_record = Counter(pk for pk, _ in accepted)
    history_off = {
        pk: (Measure.history.filter(id=pk).count() - history_before[pk], per_record[pk])
        for pk in records
        if Measure.history.filter(id=pk).count() - history_before[pk] != per_record[pk]
    }
    rows_after = counts()
    changed_rows = {
        k: (rows_before[k], rows_after[k]) for k in rows_before if rows_before[k] != rows_after[k]
    }
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"{options.clients} clients, {options.seconds} s, {options.workers} workers")
    print(f"requests: {sum(statuses.values())} ({sum(statuses.values()) / options.seconds:.1f}/s)")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(
        f"writes accepted: {len(accepted)}; 412 retried: {sum(c.retries for c in clients)}; "
        f"given up after 50 tries: {sum(c.gave_up for c in clients)}"
    )
    print(f"5xx: {server_errors}; lost updates: {len(lost)}")
    print(f"history rows off (gained, accepted): {history_off or 'none'}")
    print(f"row counts changed (the editor user aside): {changed_rows or 'none'}")
    print(f"elapsed with start-up: {elapsed:.0f} s")
    if errors:
        print(f"gunicorn logged:\n{errors[-3000:]}")
    user.delete()
    ok = not server_errors and not lost and not history_off and not changed_rows
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
