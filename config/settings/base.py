"""Settings shared by every environment; values come from environment variables."""

import datetime as dt
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True

# An unset or empty DATABASE_URL means the embedded SQLite file.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL prices a random page read at 4 sequential ones, as on a spinning disk; the
    # tracker's tables are read from memory or SSD, where 1.1 is what its manual suggests.
    # At 4 the planner hashes whole tables (every source, every status change) to join a
    # page's few dozen rows instead of following their indexes.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
    )
# The fixed reads every page makes are prepared once per PostgreSQL connection and run by name
# (`core.prepared`). Off behind a pooler that shares server sessions between clients' statements
# (PgBouncer in transaction mode).
SQL_PREPARED_STATEMENTS = env.bool("SQL_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "health_check",
    "import_export",
]
# In layers, each importing only those below it (the import-linter contract in pyproject.toml).
LOCAL_APPS = [
    "core",
    "commodities",
    "tariffs",
    "negotiations",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: an API body over API_MAX_BODY_BYTES is a 413.
    "core.middleware.ApiBodySizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.RefuseNulCharactersMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into its page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "core.templates.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login lockout (django-axes), on every login: the admin's form and the API's token login.
# After LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that username
# is refused from that address, right password included, for LOGIN_COOLOFF_MINUTES (a try
# while locked starts the wait again); a successful login clears the count. Locked pairs are
# listed, and freed by deleting them, under Axes, Access attempts in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.float("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# The address as the API's throttle sees it (NUM_PROXIES below): behind a proxy, the one the
# proxy saw, which a client cannot choose by sending X-Forwarded-For itself.
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
AXES_VERBOSE = False  # no banner at every start; failures and lockouts are still logged

# Content Security Policy (django-csp): everything from this site, nothing inline (every
# script and style is a static file), no plugins, no framing, forms posted here only.
# CSP_REPORT_URI, if set, is where browsers report what the policy blocked.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env.str("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env.str("CSP_REPORT_URI")]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and written files (background exports, under exports/): on a disk that the web
# servers and the workers share.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default="") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# REST API
API_ALLOW_ANONYMOUS_READ = env.bool("API_ALLOW_ANONYMOUS_READ", default=True)
# Writes to a record (PUT, PATCH, DELETE) without If-Match are refused (428) when on.
API_REQUIRE_IF_MATCH = env.bool("API_REQUIRE_IF_MATCH", default=False)
# A write's body: its size in bytes (a 413 above it; room for a measure with thousands of
# scope lines) and how deep its JSON arrays and objects may nest (a 400 below it).
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=5 * 1024 * 1024)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=32)
REST_FRAMEWORK = {
    # Token first, so that an unauthenticated client is told how to authenticate (401).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.ModelPermissionsOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filtersets.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "core.api.parsers.FormParser",
        "core.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberWithCount",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.renderers.JSONRenderer",
        "core.api.renderers.BrowsableAPIRenderer",
        "core.api.renderers.FlatCSVRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.AnonWindowRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", default="120/minute")},
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
    # Proxies in front of the site that append the client's address to X-Forwarded-For: none
    # here (REMOTE_ADDR is the client); production sets one, its TLS proxy.
    "NUM_PROXIES": env.int("DJANGO_PROXY_COUNT", default=0),
}
# API tokens (django-rest-knox): only a hash of each token is stored, and a token expires
# API_TOKEN_HOURS after it was issued. POST /api/v1/auth/login/ issues one.
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(hours=env.float("API_TOKEN_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tariff tracker API",
    "DESCRIPTION": "Negotiations, rounds, tariff measures, concessions and trade flows.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EconomyKindEnum": "core.models.Economy.Kind",
        "SourceKindEnum": "core.models.Source.Kind",
        "ConcessionKindEnum": "negotiations.models.Concession.Kind",
        "NegotiationStatusEnum": "negotiations.models.Negotiation.Status",
        "RoundStatusEnum": "negotiations.models.Round.Status",
        "ConcessionStatusEnum": "negotiations.models.Concession.Status",
        "MeasureStatusEnum": "tariffs.models.Status",
        "RateFormEnum": "tariffs.state.Form",
        "QuotaFormEnum": "tariffs.state.QUOTA_FORMS",
        "MeasureRelationKindEnum": "tariffs.models.MeasureRelation.Kind",
        "AgreementKindEnum": "negotiations.models.Agreement.Kind",
        "CommitmentKindEnum": "negotiations.models.Commitment.Kind",
        "ExportStatusEnum": "core.models.Export.Status",
    },
}

# CSV: a list answered at once as CSV holds at most this many rows; a longer one is refused
# (400) before any row is sent, and exported in the background (POST /api/v1/exports/).
CSV_MAX_ROWS = env.int("CSV_MAX_ROWS", default=50_000)
# A background export and its file are deleted this many days after it was asked for.
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)

# Trade sources report the same flows; figures come from the first one that has them.
TRADE_SOURCE_PREFERENCE = ["census", "comtrade", "file", "illustrative"]

# Celery: with no broker configured, tasks run in the calling process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# With Redis down, queuing a task gives up within a second instead of retrying for twenty.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 0.5,
    }
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}

if REDIS_URL:
    # The cache fails open: with Redis down a read is a miss and a write is dropped, so pages,
    # the API and its throttle keep answering instead of failing with a 500. The timeouts keep
    # an unreachable Redis from holding each request; a healthy one answers in a millisecond.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
else:
    # Without Redis the cache is a table of the database, which every process of the site
    # shares: the API's throttle counts a client's requests across all of gunicorn's workers,
    # and a computed series is computed once for all of them. `migrate` creates the table.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tariff_tracker_cache",
            # A throttled client is a row: room for this many before the oldest are culled.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Django's defaults give `django` (with DEBUG) and `django.server` handlers of their own;
    # theirs go through the root's alone, so that each line is printed once.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# --- Background workers: trade-data and tariff-notice refreshes ------------------------------
# Base URLs are settings so that tests, mirrors and proxies can point the connectors elsewhere.
COMTRADE_BASE_URL = env("COMTRADE_BASE_URL", default="https://comtradeapi.un.org")
# With a key, the keyed data endpoint (larger answers); without one, the public preview.
COMTRADE_API_KEY = env("COMTRADE_API_KEY", default="")
COMTRADE_MAX_RECORDS = 500  # the preview endpoint's cap per call
COMTRADE_MAX_RECORDS_KEYED = 100_000
COMTRADE_CODES_PER_REQUEST = 20
CENSUS_BASE_URL = env("CENSUS_BASE_URL", default="https://api.census.gov/data/timeseries/intltrade")
CENSUS_API_KEY = env("CENSUS_API_KEY", default="")  # optional: raises the daily call limit
CENSUS_REPORTER = "USA"  # the Census reports this economy's trade
FEDERAL_REGISTER_BASE_URL = env(
    "FEDERAL_REGISTER_BASE_URL", default="https://www.federalregister.gov/api/v1"
)
FEDERAL_REGISTER_TERM = "tariff"
FEDERAL_REGISTER_LOOKBACK_DAYS = 30  # a run asks for documents published since then
FEDERAL_REGISTER_PER_PAGE = 100
FEDERAL_REGISTER_MAX_PAGES = 20

# Every request has a timeout; 5xx answers, timeouts and dropped connections are retried with
# exponential backoff and jitter, a 429 after the Retry-After it gives, up to the attempts.
CONNECTOR_CONNECT_TIMEOUT = env.float("CONNECTOR_CONNECT_TIMEOUT", default=10.0)
CONNECTOR_READ_TIMEOUT = env.float("CONNECTOR_READ_TIMEOUT", default=60.0)
CONNECTOR_MAX_ATTEMPTS = env.int("CONNECTOR_MAX_ATTEMPTS", default=5)
# How long a computed effective-rate series is kept (it is keyed by the duty data's version,
# so a change never serves a stale one; this only bounds the cache's memory).
EFFECTIVE_RATE_CACHE_SECONDS = env.int("EFFECTIVE_RATE_CACHE_SECONDS", default=7 * 24 * 3600)
# How long a rendered section of a page is kept. Its key holds the version of the data, so a
# change shows at once; this only bounds what an unchanged section costs the cache.
PAGE_FRAGMENT_CACHE_SECONDS = env.int("PAGE_FRAGMENT_CACHE_SECONDS", default=24 * 3600)
# Seconds between a change to the duty data and the refresh of the rates it queues, so that
# the writes of one edit or import are refreshed once.
EFFECTIVE_RATE_REFRESH_DELAY = env.int("EFFECTIVE_RATE_REFRESH_DELAY", default=5)
CONNECTOR_BACKOFF_BASE = env.float("CONNECTOR_BACKOFF_BASE", default=2.0)  # seconds, doubling
CONNECTOR_BACKOFF_MAX = env.float("CONNECTOR_BACKOFF_MAX", default=120.0)
# A source that asks for a longer wait fails the run rather than hold a worker that long.
CONNECTOR_RETRY_AFTER_MAX = env.float("CONNECTOR_RETRY_AFTER_MAX", default=300.0)

TRADE_REFRESH_YEARS = 2  # a negotiation's refresh asks for the complete years before this one
# A series lock expires this long after its run last showed signs of life (a killed worker's
# lock frees itself); it must outlast CONNECTOR_RETRY_AFTER_MAX.
TRADE_REFRESH_LOCK_TIMEOUT = env.float("TRADE_REFRESH_LOCK_TIMEOUT", default=600.0)
TRADE_REFRESH_LOCK_PREFIX = "tariff-tracker:refresh-lock:"
# A refresh that finds its series busy is queued again this much later, a few times.
TRADE_REFRESH_BUSY_RETRY_DELAY = env.float("TRADE_REFRESH_BUSY_RETRY_DELAY", default=60.0)
TRADE_REFRESH_BUSY_MAX_RETRIES = 10

from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    # Comtrade and the Census publish monthly; a nightly pass catches revisions too.
    "refresh-trade-flows-of-active-negotiations": {
        "task": "negotiations.tasks.refresh_active_negotiations",
        "schedule": crontab(hour=3, minute=30),
    },
    # Background exports older than EXPORT_KEEP_DAYS go, with their files.
    "delete-old-exports": {
        "task": "core.tasks.delete_old_exports",
        "schedule": crontab(hour=4, minute=45),
    },
    # The Federal Register publishes on business days, early morning Eastern time.
    "refresh-tariff-notices": {
        "task": "tariffs.tasks.refresh_tariff_notices",
        "schedule": crontab(hour="*/6", minute=15),
    },
}

# Bulk entry (django-import-export, core.bulk): every import is one transaction.
IMPORT_EXPORT_USE_TRANSACTIONS = True
