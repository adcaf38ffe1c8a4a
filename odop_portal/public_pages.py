"""Public pages served from the shared cache, with conditional GET.

The home page, the directory, district, division and product pages, the scheme pages and the
notified fairs show the same thing to every visitor in a language on a given day. Their title and
body are rendered once into the shared cache (Redis in production) and put into the page around
them (header, language switch with its CSRF token, CSP nonce) on each request; a hit runs no
query. The cache key holds a version that `bump_public_version` moves when what the pages show
changes (a district, division, product, scheme, rule set, document list or notified fair is saved
or deleted, see `districts.apps` and `schemes.apps`), the language, the address with its query,
and the date (a rule set or fair comes into force on a day). `PUBLIC_PAGE_CACHE_SECONDS` bounds
how long a fragment lives whatever happens (0: rendered on every request).

The page's `ETag` is a digest of the cached title and body and of the addresses of the static
files the page around them loads (hashed in production, so a release changes it): an anonymous
visitor's browser that asks again with `If-None-Match` gets 304 with no body. Signed-in visitors get the page (never stored, as
everything they are shown; see `PrivateResponseMiddleware`), from the same cached fragment.
A filtered list (a query string) is rendered afresh: the free-text search would otherwise let
anyone fill the cache with pages nobody asks for again. Pages with a part for the visitor (a
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


def _key(request: HttpRequest, template: str) -> str:
    parts = [
        str(public_version()),
        get_language() or "",
        template,
        request.get_full_path(),
        timezone.localdate().isoformat(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def public_page(
    request: HttpRequest, template: str, context: Callable[[], dict], *, per_visitor: bool = False
) -> HttpResponse:
    """Render `template` (which extends `base_template`) for everyone from one cached fragment.

    `context` is called only on a miss; it may raise Http404 (not cached)."""
    anonymous = not request.user.is_authenticated
    if request.GET or (per_visitor and not anonymous):
        return render(request, template, context())
    key = f"public-page:{_key(request, template)}"
    cached = cache.get(key)
    if cached is None:
        # With the request for the context processors (the language); these templates show
        # nothing of the visitor's own.
        html = render_to_string(template, {**context(), "base_template": "public_fragment.html"}, request)
        title, body = html.split(SPLIT, 1)
        digest = hashlib.sha256("\n".join([*_page_static(), title, body]).encode()).hexdigest()[:32]
        cached = (f'"{digest}"', title, body)
        cache.set(key, cached, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    etag, title, body = cached
    # A pending message (say, "you have signed out") is part of this answer only: no 304 then.
    if anonymous and not messages.get_messages(request):
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
    title, body = mark_safe(title), mark_safe(body)  # noqa: S308 - our own templates rendered and escaped them
    response = render(request, "public_page.html", {"page_title": title, "page_body": body})
    if anonymous:
        response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
