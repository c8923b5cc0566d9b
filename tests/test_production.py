"""The production deploy as the README gives it: `collectstatic` with the production settings,
then gunicorn serving `config.wsgi` on a database migrated and loaded with the demo. Pages, the
admin and the API docs answer, and every static file they name is served.

On PostgreSQL (DATABASE_URL) the site gets a fresh database of its own, dropped afterwards;
otherwise a SQLite file. No Redis: the cache and tasks fall back to the process.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings

SECRET_KEY = "production-smoke-test-key-never-used-to-serve-anyone-0123456789abcdef"
# What the TLS proxy in front of gunicorn tells it; without it, production redirects to https.
HTTPS = {"X-Forwarded-Proto": "https"}
DEMO = "japan-united-states-2025"
PAGES = [
    "/",
    f"/negotiations/{DEMO}/",
    "/commodities/870323/",  # with Chart.js
    "/admin/login/",
    "/api/v1/docs/",
]
STATIC_REFERENCE = re.compile(r"""(?:href|src)=["'](/static/[^"'?#]+)""")
TIMEOUT = 300  # seconds for one management command


@dataclass
class Deployment:
    environment: dict
    static_root: Path
    log: Path

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        if result.returncode:
            pytest.fail(
                f"manage.py {' '.join(args)} failed:\n{(result.stdout + result.stderr)[-4000:]}",
                pytrace=False,
            )
        return result

    def manifest(self):
        return json.loads((self.static_root / "staticfiles.json").read_text())["paths"]


def _postgres_admin(url, statement):
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            name = urlsplit(url).path.lstrip("/")
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        connection.close()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of the site's own: PostgreSQL beside the suite's, or a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('production') / 'db.sqlite3'}"
        return
    parts = urlsplit(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # one per process of the suite
    own = urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_prod_smoke{worker}"))
    _postgres_admin(own, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    _postgres_admin(own, "CREATE DATABASE {}")
    try:
        yield own
    finally:
        _postgres_admin(own, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


@pytest.fixture(scope="module")
def deployment(database_url, tmp_path_factory):
    """Collected static files and a migrated database with the demo, as a deploy leaves them."""
    folder = tmp_path_factory.mktemp("production")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    deployment = Deployment(
        environment=environment
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_STATIC_ROOT": str(folder / "staticfiles"),
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "LOGIN_FAILURE_LIMIT": "3",
        },
        static_root=folder / "staticfiles",
        log=folder / "gunicorn.log",
    )
    deployment.manage("collectstatic", "--no-input")
    deployment.manage("migrate", "--no-input")
    deployment.manage("load_demo")
    return deployment


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(deployment, request):
    """gunicorn serving config.wsgi with the production settings; stopped however the tests end."""
    port = _free_port()
    with deployment.log.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"),
                *("--access-logfile", "-", "--error-logfile", "-"),
            ],
            cwd=settings.BASE_DIR,
            env=deployment.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)

    request.addfinalizer(stop)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{gunicorn_log(deployment)}", pytrace=False)
        try:
            requests.get(f"{base}/admin/login/", headers=HTTPS, timeout=5)
            return base
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer:\n{gunicorn_log(deployment)}", pytrace=False)
            time.sleep(0.2)


def gunicorn_log(deployment):
    return deployment.log.read_text(errors="replace")[-4000:]


def get(base, path, headers=()):
    headers = {**HTTPS, **dict(headers)}
    return requests.get(base + path, headers=headers, allow_redirects=False, timeout=30)


def test_collectstatic_stores_chart_js_and_its_source_map_under_hashed_names(deployment):
    manifest = deployment.manifest()
    script = manifest["vendor/chart.js/chart.umd.min.js"]
    source_map = manifest["vendor/chart.js/chart.umd.min.js.map"]
    assert re.fullmatch(r"vendor/chart\.js/chart\.umd\.min\.[0-9a-f]{12}\.js", script)
    last_line = (deployment.static_root / script).read_text().rstrip().splitlines()[-1]
    assert last_line == f"//# sourceMappingURL={source_map.rsplit('/', 1)[-1]}"


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_and_their_static_files_are_served(site, deployment, path):
    response = get(site, path)
    assert response.status_code == 200, f"{response.status_code}\n{gunicorn_log(deployment)}"
    named = set(STATIC_REFERENCE.findall(response.text))
    assert named, f"{path} names no static file"
    hashed = {f"/static/{name}" for name in deployment.manifest().values()}
    assert named <= hashed, f"not under their hashed names: {sorted(named - hashed)}"
    served = {url: get(site, url).status_code for url in sorted(named)}
    assert served == dict.fromkeys(served, 200)


def test_the_site_stylesheet_is_served_compressed_and_cached_for_ever(site, deployment):
    stylesheet = f"/static/{deployment.manifest()['css/site.css']}"
    assert stylesheet in get(site, "/").text
    response = get(site, stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


def test_plain_http_is_redirected_to_https(site):
    response = requests.get(f"{site}/", allow_redirects=False, timeout=30)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_migrate_leaves_the_database_cache_table_in_place(deployment):
    """Without Redis the cache (and the API's throttle) is a table: `migrate` creates it."""
    result = deployment.manage("createcachetable", "--dry-run", "--verbosity", "2")
    assert result.stdout.strip() == "Cache table 'tariff_tracker_cache' already exists."


def test_the_health_check_answers_a_load_balancer_over_plain_http(site):
    response = requests.get(
        f"{site}/health/", headers={"Accept": "application/json"}, allow_redirects=False, timeout=30
    )
    assert response.status_code == 200
    assert response.json() == {"Database(alias='default')": "OK", "Cache(alias='default')": "OK"}


def admin_login(base, password, client_address):
    """A login on the admin's form as a browser behind the TLS proxy sends it: the CSRF cookie
    and token from the form, and the address the proxy appended to X-Forwarded-For."""
    form = get(base, "/admin/login/")
    token = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    return requests.post(
        f"{base}/admin/login/",
        data={"username": "locksmith", "password": password, "csrfmiddlewaretoken": token},
        headers={
            **HTTPS,
            "Cookie": f"csrftoken={token}",
            "Referer": f"https://{urlsplit(base).netloc}/admin/login/",
            "X-Forwarded-For": f"192.0.2.1, {client_address}",
        },
        allow_redirects=False,
        timeout=30,
    )


def test_the_admin_login_locks_out_after_the_failure_limit_behind_the_proxy(site, deployment):
    deployment.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('locksmith', password='correct horse battery')",
    )
    wrong = [admin_login(site, f"wrong {n}", "203.0.113.9").status_code for n in range(3)]
    assert wrong == [200, 200, 429]  # LOGIN_FAILURE_LIMIT=3
    refused = admin_login(site, "correct horse battery", "203.0.113.9")
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.text
    elsewhere = admin_login(site, "correct horse battery", "203.0.113.10")
    assert elsewhere.status_code == 302


@pytest.mark.parametrize("path", ["/", "/api/v1/economies/", "/admin/login/"])
def test_every_answer_carries_the_content_security_policy(site, path):
    policy = get(site, path).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
