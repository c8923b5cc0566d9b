"""Series locks: two runs of one series never overlap (Redis with REDIS_URL, else in process)."""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings

from ..connectors import RefreshError

logger = logging.getLogger("commodities.ingest")


class SeriesBusy(Exception):
    """Another run of the same series holds its lock."""

    def __init__(self, series):
        super().__init__(f"a refresh of {series} is already running")
        self.series = series


class RedisSeriesLock:
    """A Redis lock that expires unless its run shows signs of life (`keep_alive`).

    The expiry frees a series whose worker was killed; the renewals keep a long run's lock.
    """

    def __init__(self, key: str, timeout: float):
        import redis

        self.client = redis.Redis.from_url(settings.REDIS_URL)
        self.lock = self.client.lock(key, timeout=timeout)

    def acquire(self) -> bool:
        return self.lock.acquire(blocking=False)

    def keep_alive(self) -> None:
        from redis.exceptions import LockError

        try:
            self.lock.reacquire()
        except LockError:
            raise RefreshError(
                "the series lock expired while the run was waiting; another run may have "
                "started, so this one stops without writing"
            ) from None

    def release(self) -> None:
        from redis.exceptions import LockError

        try:
            self.lock.release()
        except LockError:
            logger.warning("the lock %s had already expired", self.lock.name)
        finally:
            self.client.close()


class LocalSeriesLock:
    """Without Redis (the embedded default) the lock holds within this process only."""

    _locks: dict[str, threading.Lock] = {}
    _guard = threading.Lock()

    def __init__(self, key: str, timeout: float):
        with self._guard:
            self.lock = self._locks.setdefault(key, threading.Lock())

    def acquire(self) -> bool:
        return self.lock.acquire(blocking=False)

    def keep_alive(self) -> None:
        return None

    def release(self) -> None:
        self.lock.release()


@contextmanager
def series_lock(series: str):
    """Hold the lock of `series` for the block; SeriesBusy if another run holds it."""
    backend = RedisSeriesLock if settings.REDIS_URL else LocalSeriesLock
    lock = backend(settings.TRADE_REFRESH_LOCK_PREFIX + series, settings.TRADE_REFRESH_LOCK_TIMEOUT)
    if not lock.acquire():
        raise SeriesBusy(series)
    try:
        yield lock
    finally:
        lock.release()
