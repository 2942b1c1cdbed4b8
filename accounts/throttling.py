"""Limits on failed logins and on password-reset requests, counted in the Django cache.

The cache is local memory by default and Redis in production, where every worker shares the counts. A counter counts
events from one source (an IP address, a login) in a window that starts with its first event; reaching the limit
blocks the source for a whole window from that moment, then counting starts afresh. Keys hold a hash of the source,
so the cache never stores e-mail addresses.
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
        digest = hashlib.sha256(self.source.encode()).hexdigest()
        return f"throttle:{self.scope}:{digest}"

    @property
    def blocked_key(self) -> str:
        return f"{self.key}:blocked-until"

    def hit(self) -> None:
        """Count one event; the one that reaches the limit blocks the source for a window."""
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


class LoginThrottle:
    """Failed logins, counted per client IP address and per submitted e-mail or username (lowercased).

    The per-address limit is higher: a school's teachers often share one address behind its router.
    """

    def __init__(self, request: HttpRequest | None, identifier: str | None):
        window = settings.LOGIN_THROTTLE_WINDOW
        self.counters = []
        if request is not None:
            self.counters.append(Counter("login-ip", client_ip(request), settings.LOGIN_THROTTLE_IP_ATTEMPTS, window))
        self.login_counter = None
        if identifier:
            self.login_counter = Counter(
                "login-id", identifier.strip().lower(), settings.LOGIN_THROTTLE_ATTEMPTS, window
            )
            self.counters.append(self.login_counter)

    def retry_after(self) -> int:
        return retry_after(self.counters)

    def failed(self) -> None:
        for counter in self.counters:
            counter.hit()

    def succeeded(self) -> None:
        # Only the login's own counter: a shared address keeps counting the failures of everybody behind it.
        if self.login_counter is not None:
            self.login_counter.reset()


class PasswordResetThrottle:
    """Password-reset requests, counted per client IP address and per e-mail address asked for.

    Every request counts, whether or not an account has the address, so the limit reveals nothing about accounts;
    the per-address count stops anyone from flooding one mailbox from many machines.
    """

    def __init__(self, request: HttpRequest | None, email: str | None):
        limit, window = settings.PASSWORD_RESET_THROTTLE_ATTEMPTS, settings.LOGIN_THROTTLE_WINDOW
        self.counters = []
        if request is not None:
            self.counters.append(Counter("reset-ip", client_ip(request), limit, window))
        if email:
            self.counters.append(Counter("reset-email", email.strip().lower(), limit, window))

    def retry_after(self) -> int:
        return retry_after(self.counters)

    def hit(self) -> None:
        for counter in self.counters:
            counter.hit()
