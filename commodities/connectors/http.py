"""GET with timeouts and retries, shared by the remote connectors.

Retries happen here, inside one run, rather than by re-queueing the Celery task: a retried
task would start a new run and fetch again the pages already read. The delays are settings,
so that tests can make them tiny.
"""

import datetime as dt
import logging
import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from django.conf import settings

from .base import FetchError, Heartbeat, MalformedResponse, no_heartbeat

logger = logging.getLogger("commodities.connectors")

# Query parameters that carry credentials; they never reach a log line or a run record.
SECRET_PARAMETERS = {"key", "subscription-key", "api_key"}


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """The wait a Retry-After header asks for: delta-seconds or an HTTP date; None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter: half of the step is fixed, half random.

    The random half spreads the retries of workers that failed together; the fixed half keeps
    a retry from coming back at once.
    """
    step = min(cap, base * 2 ** (attempt - 1))
    return step / 2 + random.uniform(0, step / 2)


def redacted(url: str) -> str:
    parts = urlsplit(url)
    query = [
        (name, "***" if name in SECRET_PARAMETERS else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="[],:*")))


@dataclass
class HttpClient:
    """A GET that honours 429 Retry-After and retries 5xx, timeouts and broken connections."""

    name: str
    headers: dict = field(default_factory=dict)
    heartbeat: Heartbeat = no_heartbeat
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_attempts: int = 5
    backoff_base: float = 2.0
    backoff_max: float = 120.0
    retry_after_max: float = 300.0
    session: requests.Session = field(default_factory=requests.Session)
    requests_made: int = 0

    @classmethod
    def from_settings(cls, name, headers=None, heartbeat=no_heartbeat):
        return cls(
            name=name,
            headers=headers or {},
            heartbeat=heartbeat,
            connect_timeout=settings.CONNECTOR_CONNECT_TIMEOUT,
            read_timeout=settings.CONNECTOR_READ_TIMEOUT,
            max_attempts=settings.CONNECTOR_MAX_ATTEMPTS,
            backoff_base=settings.CONNECTOR_BACKOFF_BASE,
            backoff_max=settings.CONNECTOR_BACKOFF_MAX,
            retry_after_max=settings.CONNECTOR_RETRY_AFTER_MAX,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.session.close()

    def get_json(self, url: str, params=None):
        """The decoded JSON body, or None for 204 No Content."""
        response = self.get(url, params)
        if response.status_code == 204:
            return None
        try:
            return response.json()
        except ValueError as error:
            raise MalformedResponse(
                f"{self.name} returned malformed JSON for {redacted(response.url)}: {error}"
            ) from None

    def get(self, url: str, params=None) -> requests.Response:
        reason = ""
        for attempt in range(1, self.max_attempts + 1):
            self.heartbeat()
            try:
                self.requests_made += 1
                response = self.session.get(
                    url,
                    params=params,
                    headers=self.headers,
                    timeout=(self.connect_timeout, self.read_timeout),
                )
            except requests.Timeout:
                reason = f"timed out after {self.read_timeout:g} s"
                delay = backoff_delay(attempt, self.backoff_base, self.backoff_max)
            except requests.ConnectionError as error:
                reason = f"connection failed ({type(error).__name__})"
                delay = backoff_delay(attempt, self.backoff_base, self.backoff_max)
            else:
                status = response.status_code
                if status < 400:
                    return response
                reason = f"HTTP {status}{excerpt(response)}"
                if status == 429:
                    asked = retry_after_seconds(response.headers.get("Retry-After"))
                    if asked is not None and asked > self.retry_after_max:
                        raise FetchError(
                            f"{self.name} is rate limiting: it asks to wait {asked:g} s, more "
                            f"than the {self.retry_after_max:g} s a run may wait"
                        )
                    delay = (
                        asked
                        if asked is not None
                        else backoff_delay(attempt, self.backoff_base, self.backoff_max)
                    )
                elif status >= 500:
                    delay = backoff_delay(attempt, self.backoff_base, self.backoff_max)
                else:
                    raise FetchError(f"{self.name} refused {redacted(response.url)}: {reason}")
            if attempt == self.max_attempts:
                break
            logger.warning(
                "%s: attempt %d of %d failed (%s); retrying in %.2f s: %s",
                self.name,
                attempt,
                self.max_attempts,
                reason,
                delay,
                redacted(requests.Request("GET", url, params=params).prepare().url),
            )
            # Renew the lock before a long wait, not only after it.
            self.heartbeat()
            time.sleep(delay)
        raise FetchError(f"{self.name} failed after {self.max_attempts} attempts: {reason}")


def excerpt(response: requests.Response, limit: int = 200) -> str:
    text = " ".join(response.text.split())[:limit]
    return f": {text}" if text else ""
