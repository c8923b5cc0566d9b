"""The API's throttle: a client's requests counted in windows of the rate's period.

DRF's `AnonRateThrottle` keeps the time of each of a client's requests in the last period as
one list, read from the cache and written back whole on every request: at 120 a minute that is
120 numbers, but a client allowed thousands (a partner's bulk export, the load tests) has each
request read and write tens of thousands of them, which costs more than the answer itself.
Here a client is two counters, the current window's and the previous one's, and the previous
one counts for the part of it still inside the period ("sliding window counter"): the same
limit to within a request or two, for three small cache calls whatever the rate, or, on
Redis, one round trip (a pipeline that reads the previous window and counts this request in
the current one; a refused request is taken back out).
"""

from redis.exceptions import RedisError
from rest_framework.throttling import AnonRateThrottle


class AnonWindowRateThrottle(AnonRateThrottle):
    """`AnonRateThrottle`'s rate and client address, counted in windows."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, self.elapsed = divmod(self.now / self.duration, 1)
        current, previous = f"{self.key}:{int(window)}", f"{self.key}:{int(window) - 1}"
        redis = redis_client(self.cache)
        if redis is not None:
            return self.allow_counted_in_redis(redis, current, previous)
        found = self.cache.get_many([current, previous])
        self.counts = (found.get(previous) or 0, found.get(current) or 0)
        if self.counted() >= self.num_requests:
            return False
        self.count(current)
        return True

    def allow_counted_in_redis(self, redis, current, previous):
        """As above, in one round trip: the request counted first, then taken back out if
        refused. The counters are plain integers, as django-redis stores them."""
        current, previous = self.cache.make_key(current), self.cache.make_key(previous)
        try:
            pipeline = redis.pipeline(transaction=False)
            pipeline.get(previous).incr(current).expire(current, 2 * self.duration)
            before, now_counted, _ = pipeline.execute()
            self.counts = (int(before or 0), now_counted - 1)
            if self.counted() >= self.num_requests:
                redis.decr(current)
                return False
        except RedisError:
            return True  # as the cache does with Redis down: nothing is refused
        return True

    def counted(self):
        """The requests of the last period: this window's and the rest of the previous one's."""
        previous, current = self.counts
        return previous * (1 - self.elapsed) + current

    def count(self, key):
        # Kept for two periods: the next window still reads it as its previous one.
        if not self.cache.add(key, 1, 2 * self.duration):
            try:
                self.cache.incr(key)
            except ValueError:  # expired in between
                self.cache.add(key, 1, 2 * self.duration)

    def wait(self):
        """Seconds until the count falls under the rate again."""
        previous, current = self.counts
        if current < self.num_requests:
            # The previous window's share has to fall to what the rate leaves it.
            needed = 1 - (self.num_requests - current) / previous if previous else self.elapsed
            return max(needed - self.elapsed, 0) * self.duration + 1
        # This window alone is full: into the next one, until its share of this one is low.
        return ((1 - self.elapsed) + (1 - self.num_requests / current)) * self.duration + 1


def redis_client(cache):
    """The Redis client behind a django-redis cache, or None for another backend."""
    client = getattr(cache, "client", None)
    get_client = getattr(client, "get_client", None)
    return get_client(write=True) if get_client is not None else None
