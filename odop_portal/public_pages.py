"""Public pages served from the shared cache, with conditional GET.

The home page, the directory, district, division and product pages, the scheme pages, the
notified fairs, the empty eligibility checker and the unfiltered open data show the same thing to
every visitor in a language on a given day. For anonymous visitors the whole answer is stored
once in the shared cache (Redis in production) and served from it (`for_everyone`): the page
holds nothing of theirs, since the language switch needs no CSRF token (`odop_portal.language`)
and the checker's form needs none either. Signed-in visitors get the page around the cached title
and body (their header, their sign-out form), rendered per request and never stored (see
`PrivateResponseMiddleware`). A hit runs no query and renders no template. The cache key holds a
version that `bump_public_version` moves when what the pages show changes (a district, division,
product, scheme, rule set, document list or notified fair is saved or deleted, see
`districts.apps` and `schemes.apps`), the language, the address, and the date (a rule set or fair
comes into force on a day). `PUBLIC_PAGE_CACHE_SECONDS` bounds how long a page lives whatever
happens (0: rendered on every request, the cache neither read nor written); the open data page
is kept no longer than the published figures it shows (`OPEN_DATA_CACHE_SECONDS` from their
publication).

The `ETag` is a digest of the cached title and body and of the addresses of the static files the
page around them loads (hashed in production, so a release changes it): an anonymous visitor's
browser that asks again with `If-None-Match` gets 304 with no body. A filtered list (a query
string) is rendered afresh: the free-text search would otherwise let anyone fill the cache with
pages nobody asks for again. A pending message ("you have signed out") belongs to its visitor's
answer alone, which is then rendered and not stored. Pages with a part for the visitor (a
district's or product's page offers a signed-in artisan of the district a one-tap start) say
`per_visitor=True`: they are cached for anonymous visitors only. What such a page shows of the
district's intake (a target met) may then lag by up to `PUBLIC_PAGE_CACHE_SECONDS`; starting an
application checks the target itself.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
# Between the title and the body when a page is rendered on `public_fragment.html`.
SPLIT = "<!--odop:public-page-body-->"


def public_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_public_version(**_signal_arguments) -> None:
    """After the change commits, so that no request caches the old page under the new version."""

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet, or evicted: any new number will do
            cache.set(VERSION_KEY, public_version() + 1, timeout=None)

    transaction.on_commit(bump)


def _page_static() -> list[str]:
    """The addresses of what base.html loads (hashed names in production)."""
    return [static("css/portal.css"), static("img/favicon.svg"), static("js/portal.js")]


def public_key(name: str, address: str) -> str:
    """The cache key of what `address` shows everyone in this language today (a page's template
    or an API's name as `name`), under the public pages' version."""
    parts = [str(public_version()), get_language() or "", name, address, timezone.localdate().isoformat()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def shared_value[T](name: str, make: Callable[[], T]) -> T:
    """What `make` gives, kept in the shared cache under `public_key(name)`: for a part of a
    signed-in page that shows the same to every user in a language today and is drawn only from
    the rows that move the public version (the office queue's empty filter form, its list of
    papers). `PUBLIC_PAGE_CACHE_SECONDS` bounds how long it is kept (0: made every time)."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return make()
    key = f"public-value:{public_key(name, '')}"
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, timeout=seconds)
    return value


def _key(request: HttpRequest, template: str) -> str:
    return public_key(template, request.get_full_path())


def for_everyone(
    request: HttpRequest,
    name: str,
    make: Callable[[], HttpResponse],
    *,
    timeout: int | None = None,
    lifetime: Callable[[], int] | None = None,
) -> HttpResponse:
    """The whole answer of a page that is the same for every anonymous visitor, from the cache.

    `make` renders it; for anyone else (signed in, a query string, a pending message such as
    "you have signed out", which belongs to this answer only) it is called every time. An answer
    that is not a plain 200 page, or that set a cookie or asked for a CSRF token, is never
    stored. Anonymous visitors get an `ETag` and a 304 when they ask again. `lifetime`, asked
    after `make`, may shorten how long the page is kept (to what it was drawn from)."""
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS if timeout is None else timeout
    if timeout <= 0 or request.GET or request.user.is_authenticated or messages.get_messages(request):
        return make()
    key = f"public-whole:{_key(request, name)}"
    whole = cache.get(key)
    if whole is None:
        response = make()
        if (
            response.status_code != 200
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or response.streaming
        ):
            return response
        etag = response.get("ETag") or _digest([*_page_static(), response.content.decode()])
        whole = (etag, response.content)
        seconds = min(timeout, lifetime()) if lifetime is not None else timeout
        if seconds > 0:
            cache.set(key, whole, timeout=seconds)
    etag, content = whole
    return get_conditional_response(request, etag=etag) or _finish(HttpResponse(content), etag)


def _digest(parts: list[str]) -> str:
    return f'"{hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]}"'


def public_page(
    request: HttpRequest, template: str, context: Callable[[], dict], *, per_visitor: bool = False
) -> HttpResponse:
    """Render `template` (which extends `base_template`) for everyone from one cached fragment.

    `context` is called only on a miss; it may raise Http404 (not cached). Anonymous visitors
    are served the whole page (`for_everyone`): the page around the body holds nothing of theirs
    (the language switch needs no CSRF token)."""
    anonymous = not request.user.is_authenticated
    if request.GET or (per_visitor and not anonymous):
        return render(request, template, context())
    return for_everyone(request, template, lambda: _around_fragment(request, template, context, anonymous))


def _around_fragment(request: HttpRequest, template: str, context: Callable[[], dict], anonymous: bool):
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    key = f"public-page:{_key(request, template)}"
    cached = cache.get(key) if seconds > 0 else None
    if cached is None:
        # With the request for the context processors (the language); these templates show
        # nothing of the visitor's own.
        html = render_to_string(template, {**context(), "base_template": "public_fragment.html"}, request)
        title, body = html.split(SPLIT, 1)
        cached = (_digest([*_page_static(), title, body]), title, body)
        if seconds > 0:
            cache.set(key, cached, timeout=seconds)
    etag, title, body = cached
    title, body = mark_safe(title), mark_safe(body)  # noqa: S308 - our own templates rendered and escaped them
    response = render(request, "public_page.html", {"page_title": title, "page_body": body})
    return _finish(response, etag if anonymous else None)


def _finish(response: HttpResponse, etag: str | None) -> HttpResponse:
    if etag:
        response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
