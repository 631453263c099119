"""Whole responses for the anonymous view, kept and served without rendering.

Only a response nobody could tell apart from what any anonymous visitor gets is kept: a 200 to a
GET, to a request with no signed-in user, that sets no cookie, carries no CSRF token, is not
about restricted material and says nothing against caching (private, no-store, no-cache).
Password-only sessions cannot exist here (the verified-session middleware), so every session
without a signed-in user sees the anonymous view and is served from the cache.

The cache is shared by every worker: a folder of files on the embedded default, Redis at scale
(settings.CACHES["pages"]). Every change that could alter what anonymous visitors see (signal
handlers in signal_handlers.py: publishing, unpublishing, moving, deleting, restrictions,
snippets, settings, scheduled publication) moves the cache to a new generation, so nothing
cached before it is served again, in any process, from the next request on. Publishing happens
a few times a day and reads thousands of times: clearing everything is cheap, and it cannot miss
a page that changed because a listing or a link on it changed.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from threading import Lock

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger("portal.page_cache")

GENERATION_KEY = "page-cache-generation"
# Headers a kept response is served with; the outer middleware (security, CSP, permissions
# policy) add theirs to every response, cached or not.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Cache-Control",
    "Vary",
    "X-Frame-Options",
    "Link",
)
NEVER = ("private", "no-store", "no-cache")


def store():
    return caches[settings.PORTAL_PAGE_CACHE]


def generation():
    """The current generation: every cache key includes it."""
    value = store().get(GENERATION_KEY)
    if value is None:
        value = str(time.time_ns())
        store().add(GENERATION_KEY, value, timeout=None)
        value = store().get(GENERATION_KEY) or value
    return value


def invalidate(reason=""):
    """Move to a new generation: nothing kept before is served again, by any process."""
    store().set(GENERATION_KEY, str(time.time_ns()), timeout=None)
    logger.debug("page cache: new generation (%s)", reason)


def request_key(request, current):
    """Scheme, host, path and every query parameter (in a stable order), and the generation."""
    query = "&".join(f"{k}={v}" for k, vs in sorted(request.GET.lists()) for v in vs)
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{current}:{hashlib.sha256(raw.encode()).hexdigest()}"


def anonymous_view(request):
    """True if this request is sure to see what any anonymous visitor sees."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(
        settings.PORTAL_PAGE_CACHE_SKIP
    ):
        return False
    if "messages" in request.COOKIES:  # a notice waits to be shown on the next page
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
        return False
    return True


def keepable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if (
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(request, "portal_restricted", None) is not None
    ):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in NEVER)


class GenerationMemo:
    """Values worked out from the content, kept in this process for the current generation only.

    Bounded in entries and, given size_of, in bytes (the least recently used go first), and
    emptied as soon as the generation moves on: what was worked out before a change can never be
    asked for again, so it is not kept, and a worker's memory stays flat however often editors
    publish. A value given a timeout also goes after that many seconds, whatever happens."""

    def __init__(self, size, max_bytes=None, size_of=None):
        self.size, self.max_bytes, self.size_of = size, max_bytes, size_of
        self.items = OrderedDict()  # key -> (expires or None, value, bytes)
        self.bytes = 0
        self.generation = None
        self.lock = Lock()

    def _drop(self, key):
        self.bytes -= self.items.pop(key)[2]

    def get(self, key, generation):
        with self.lock:
            if generation != self.generation:
                self.items.clear()
                self.bytes, self.generation = 0, generation
                return None
            found = self.items.get(key)
            if found is None:
                return None
            expires, value, _ = found
            if expires is not None and expires <= time.monotonic():
                self._drop(key)
                return None
            self.items.move_to_end(key)
            return value

    def put(self, key, value, generation, timeout=None):
        size = self.size_of(value) if self.size_of else 0
        with self.lock:
            if generation != self.generation or self.size <= 0:
                return  # worked out before a change, or nothing is to be kept
            if self.max_bytes is not None and size > self.max_bytes:
                return
            if key in self.items:
                self._drop(key)
            expires = None if timeout is None else time.monotonic() + timeout
            self.items[key] = (expires, value, size)
            self.bytes += size
            while self.items and (
                len(self.items) > self.size
                or (self.max_bytes is not None and self.bytes > self.max_bytes)
            ):
                self._drop(next(iter(self.items)))


def local_copies():
    """The most used kept responses, in this process too: a second look-up is a dict read.
    Bounded in entries and in bytes."""
    return GenerationMemo(
        settings.PORTAL_PAGE_CACHE_LOCAL_ENTRIES,
        settings.PORTAL_PAGE_CACHE_LOCAL_BYTES,
        size_of=lambda kept: len(kept["content"]),
    )


class AnonymousPageCacheMiddleware:
    """After SessionMiddleware, before everything that renders: serves kept responses and keeps
    new ones. Public responses get a short s-maxage for a reverse proxy or CDN."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = local_copies()

    def __call__(self, request):
        if not settings.PORTAL_PAGE_CACHE_ENABLED or not anonymous_view(request):
            return self.get_response(request)
        current = generation()
        key = request_key(request, current)
        kept = self.local.get(key, current) or store().get(key)
        if kept is not None:
            self.local.put(key, kept, current)
            return self.rebuild(kept)
        response = self.get_response(request)
        if keepable(request, response):
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.PORTAL_CDN_MAX_AGE
            )
            kept = {
                "status": response.status_code,
                "headers": [
                    (name, response[name]) for name in KEPT_HEADERS if response.has_header(name)
                ],
                "content": response.content,
            }
            store().set(key, kept, timeout=settings.PORTAL_PAGE_CACHE_SECONDS)
            self.local.put(key, kept, current)
            response["X-Portal-Cache"] = "miss"
        return response

    @staticmethod
    def rebuild(kept):
        response = HttpResponse(kept["content"], status=kept["status"])
        for name, value in kept["headers"]:
            response[name] = value
        response["X-Portal-Cache"] = "hit"
        return response


_memo = GenerationMemo(size=settings.PORTAL_REMEMBERED_ENTRIES)


def remembered(name, parts, build, timeout=None):
    """build(), remembered in this process until the next generation: for pieces of pages that
    signed-in readers see too (navigation, breadcrumbs), which the whole-page cache never serves
    them. The generation is read from the shared store on every call, so a change anywhere is
    seen here at once; nothing from an earlier generation stays in memory. The value is shared by
    every caller in the process: callers read it and never change it."""
    current = generation()
    key = (name, *parts)
    value = _memo.get(key, current)
    if value is None:
        value = build()
        _memo.put(key, value, current, timeout or settings.PORTAL_PAGE_CACHE_SECONDS)
    return value
