"""Versions that cached renderings and summaries are keyed by, so that invalidating is bumping one key.

The *tree version* changes whenever the published page tree may have changed (a page published, unpublished, moved,
deleted or created live, a site changed): the site chrome, the course structure behind progress and anonymous page
responses are keyed by it. A *learner version* changes whenever a learner's evidence or records change; their cached
progress is keyed by it. A version lost from the cache (evicted, flushed) comes back as a new one: everything keyed by
it is then simply recomputed.

Within a request each version is read from the cache once (and a bump in the same request is seen at once); outside
requests (tasks, commands) every read goes to the cache.
"""

import time
from contextlib import contextmanager

from django.core.cache import cache
from django.core.signals import request_finished, request_started

from asgiref.local import Local

_request = Local()


def _begin_request(**kwargs) -> None:
    _request.versions = {}
    _request.memo = {}


def _end_request(**kwargs) -> None:
    _request.versions = None
    _request.memo = None


def request_memo() -> dict | None:
    """A dict that lives as long as the current request, for what several parts of one request read from the cache
    (``None`` outside requests: tasks and commands read the cache each time)."""
    return getattr(_request, "memo", None)


request_started.connect(_begin_request, dispatch_uid="course_caching_begin_request")
request_finished.connect(_end_request, dispatch_uid="course_caching_end_request")


@contextmanager
def versions_kept():
    """Read each version once within the block, as a request does (and see its own bumps at once): for work outside
    requests that reads them several times, such as the receivers of an evidence change sent by a task. Inside a
    request it changes nothing."""
    if getattr(_request, "versions", None) is not None:
        yield
        return
    _request.versions = {}
    try:
        yield
    finally:
        _request.versions = None


TREE_VERSION_KEY = "course:tree-version"
LEARNER_VERSION_KEY = "course:learner-version:{user_id}"


def _new_version() -> str:
    return format(time.time_ns(), "x")


def _version(key: str) -> str:
    memo = getattr(_request, "versions", None)
    if memo is not None and key in memo:
        return memo[key]
    version = cache.get(key)
    if version is None:
        version = _new_version()
        # add(): two requests starting at once agree on one version.
        if not cache.add(key, version, timeout=None):
            version = cache.get(key) or version
    if memo is not None:
        memo[key] = version
    return version


def _bump(key: str) -> None:
    version = _new_version()
    cache.set(key, version, timeout=None)
    memo = getattr(_request, "versions", None)
    if memo is not None:
        memo[key] = version


def tree_version() -> str:
    return _version(TREE_VERSION_KEY)


def bump_tree_version() -> None:
    _bump(TREE_VERSION_KEY)


def learner_version(user_id: int) -> str:
    key = LEARNER_VERSION_KEY.format(user_id=user_id)
    memo = getattr(_request, "versions", None)
    if memo is not None and key not in memo:
        # Read with the tree version when neither is known yet: one round trip for both.
        memo.update(cache.get_many([name for name in (key, TREE_VERSION_KEY) if name not in memo]))
    return _version(key)


def bump_learner_version(user_id: int) -> None:
    _bump(LEARNER_VERSION_KEY.format(user_id=user_id))


def kept(makers: dict, timeout: int) -> dict:
    """The value under each key of ``makers``: read from the cache in one round trip, and the missing ones made by
    their maker (a function of no arguments) and kept for ``timeout`` seconds in one more. For renderings kept under
    keys that carry every version they depend on, so that a stale value is never read, only left unused."""
    values = cache.get_many(list(makers)) if makers else {}
    fresh = {key: make() for key, make in makers.items() if key not in values}
    if fresh:
        cache.set_many(fresh, timeout)
    return {**values, **fresh}
