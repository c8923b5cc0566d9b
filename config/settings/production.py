"""Production settings: refuse to start without a secret key."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the site over plain HTTP, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A worker keeps its database connection between requests (Django reads this per database;
# a CONN_MAX_AGE of its own is ignored): opening one costs each request a new PostgreSQL
# backend, its login and its catalogue read anew. A connection that went away is found at
# the start of the next request and opened again.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# The TLS proxy in front appends the client's address to X-Forwarded-For; the throttle and
# the login lockout count that address (DJANGO_PROXY_COUNT proxies in a chain).
REST_FRAMEWORK = REST_FRAMEWORK | {"NUM_PROXIES": env.int("DJANGO_PROXY_COUNT", default=1)}  # noqa: F405
