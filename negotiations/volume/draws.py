"""Random draws the stages share; each takes the stage's own stream."""

import datetime as dt
import random


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Rank r weighs 1/(r+1)^exponent: a few large economies, a long tail of small ones."""
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def days_after(start: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(low, high))


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]
