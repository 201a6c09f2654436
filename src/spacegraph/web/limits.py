"""Per-client rate limiting: a token bucket per remote address, in memory.

Each client address has a bucket of ``burst`` tokens that refills at ``rate`` tokens a
second; every request takes one. A client whose bucket is empty gets 429
``too-many-requests`` (the one JSON error shape) with ``Retry-After``: the whole seconds
until its next token. Other clients have buckets of their own and are served as before.

The defaults (50 requests a second, bursts of 200) never trouble a researcher, a notebook
or the test suite; they stop one client from flooding the server. ``SPACEGRAPH_RATE_LIMIT``
sets the rate (``0`` turns limiting off) and ``SPACEGRAPH_RATE_BURST`` the burst.

The key is the address of the TCP peer (``REMOTE_ADDR``), never a header the client writes
(``X-Forwarded-For`` is trivially forged): behind a reverse proxy every client shares the
proxy's bucket, so limit there instead, or raise the rate. The buckets live in this process
only; a bucket that has refilled is forgotten when the table grows large.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app, request

from ..errors import TooManyRequests
from .errors import error_response

#: The key of the limiter in ``app.extensions`` (tests put their own limiter there).
LIMITER = "spacegraph.limiter"
DEFAULT_RATE = 50.0
DEFAULT_BURST = 200.0
#: Past this many addresses, buckets that are full again are dropped.
MAX_CLIENTS = 10_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets keyed by client address; thread-safe. ``rate <= 0`` allows everything."""

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: float = DEFAULT_BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = max(1.0, burst)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> RateLimiter:
        return cls(
            _env_number("SPACEGRAPH_RATE_LIMIT", DEFAULT_RATE),
            _env_number("SPACEGRAPH_RATE_BURST", DEFAULT_BURST),
        )

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str) -> float:
        """Take a token for ``key``: 0.0 when allowed, else the seconds until one is free."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= MAX_CLIENTS:
                    self._forget_full(now)
                bucket = self._buckets[key] = _Bucket(self.burst, now)
            else:
                elapsed = max(0.0, now - bucket.stamp)
                bucket.tokens = min(self.burst, bucket.tokens + elapsed * self.rate)
                bucket.stamp = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled (their clients would start full anyway)."""
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.stamp) * self.rate >= self.burst:
                del self._buckets[key]
        if len(self._buckets) >= MAX_CLIENTS:  # all busy: forget the oldest half
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].stamp)
            for key in oldest[: len(oldest) // 2]:
                del self._buckets[key]


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _limit() -> Response | None:
    limiter: RateLimiter = current_app.extensions[LIMITER]
    wait = limiter.take(request.remote_addr or "")
    if wait <= 0:
        return None
    seconds = max(1, math.ceil(wait))
    response = error_response(
        TooManyRequests(
            f"too many requests from {request.remote_addr}: the limit is "
            f"{limiter.rate:g} a second (bursts of {limiter.burst:g}); retry in {seconds} s"
        )
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def install(app: Flask, limiter: RateLimiter | None = None) -> None:
    """Limit every request to ``app`` (before any view runs) with ``limiter`` (default:
    from the environment)."""
    app.extensions[LIMITER] = limiter or RateLimiter.from_env()
    app.before_request(_limit)
