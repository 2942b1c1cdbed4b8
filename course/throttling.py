"""Counting events per source in the cache: the plugin's throttles (certificate checks, mentoring requests) and the
site's (logins, password resets) share these.

A counter counts events from one source in a window that starts with its first event; reaching the limit blocks the
source for a whole window from that moment, then counting starts afresh. Keys hold a hash of the source, so the cache
never stores e-mail addresses. The cache must be shared by every worker (Redis in production).

Settings, both optional: ``TRUSTED_PROXY_COUNT`` (reverse proxies in front of the site, default 0) and
``THROTTLE_KEY_PREFIX`` (default ``"throttle"``).
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address.

    ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` reverse proxies stand in front of the site: then the address the
    outermost of them saw, which is that many entries from the end of ``X-Forwarded-For`` (entries further left come
    from the client and may be forged).
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Counter:
    """Events from one source, at most ``limit`` in ``window`` seconds."""

    scope: str
    source: str
    limit: int
    window: int

    @property
    def key(self) -> str:
        # Any text a client sent, a lone surrogate included (it arrives in a UTF-7 form).
        digest = hashlib.sha256(self.source.encode("utf-8", "surrogatepass")).hexdigest()
        prefix = getattr(settings, "THROTTLE_KEY_PREFIX", "throttle")
        return f"{prefix}:{self.scope}:{digest}"

    @property
    def blocked_key(self) -> str:
        return f"{self.key}:blocked-until"

    def hit(self) -> bool:
        """Count one event; the one that reaches the limit blocks the source for a window (and answers True)."""
        # add() then incr() is atomic in both Redis and local memory; incr() fails if the key expired in between.
        if cache.add(self.key, 1, self.window):
            count = 1
        else:
            try:
                count = cache.incr(self.key)
            except ValueError:
                cache.add(self.key, 1, self.window)
                count = 1
        if count >= self.limit:
            cache.set(self.blocked_key, time.time() + self.window, self.window)
            return True
        return False

    def reset(self) -> None:
        cache.delete_many([self.key, self.blocked_key])


def retry_after(counters: list[Counter]) -> int:
    """Seconds until none of the counters blocks; 0 when none does."""
    now = time.time()
    blocked_until = cache.get_many([counter.blocked_key for counter in counters]).values()
    return max([0, *(math.ceil(until - now) for until in blocked_until)])


def minutes(seconds: int) -> int:
    """Whole minutes to wait, rounded up, for messages."""
    return max(1, math.ceil(seconds / 60))
