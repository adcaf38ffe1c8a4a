"""One permission matrix over every URL pattern of the project, generated from the URL resolver.

HOW TO ADD A ROW: a new URL pattern makes `test_every_url_pattern_has_a_row` fail, naming the
route. Add one line to ROWS below: the route exactly as the resolver prints it (`include()`
prefixes joined, e.g. "applications/<int:pk>/receipt.pdf"), then the answer each role gets for a
GET, in the order of ROLES, then the anonymous POST answer. Path parameters are filled from
PARAMS (one fixture world: an artisan's Training and Toolkit file in Agra, recommended and on
the agenda of the Agra Toolkit Selection Committee's next meeting, whose member-secretary is the
Agra officer); add a parameter name there if yours is new. Answers are status classes: "200", "login" (302 to a
sign-in page), "302" (any other redirect), "400", "403", "404", "405".

POST: every role posts an empty body to every route; a signed-in role's answer is its GET answer
unless the route has a line in POSTS (the ten signed-in answers). A refused POST must leave the
file, its audit trail, notes, documents, verifications and the outbox as they were. The world is
built once for the module; each request runs in a savepoint rolled back after it.

The admin's own pages are checked model by model in tests/accounts/test_admin_permissions.py;
here they need only be reachable by administrators alone (the `admin/` rows).
"""

import re
from contextlib import contextmanager
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role
from accounts.services import create_staff_user
from districts.models import District
from tests.applications.helpers import make_applicant, submitted_toolkit
from tests.browser.test_application_journey import minimal_pdf
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "owner",
    "other_artisan",
    "officer",
    "other_officer",
    "committee_member",
    "member_of_this_committee",
    "bank_officer",
    "lead_district_manager",
    "state_staff",
    "admin",
)
L, OK, F, NF, NA = "login", "200", "403", "404", "405"
# "committee_member" sits on another district's committee; "member_of_this_committee" on the
# committee whose next meeting has this file on its agenda.

# route: ((GET answer per role, in the order of ROLES), anonymous POST answer)
# fmt: off
ROWS: dict[str, tuple[tuple[str, ...], str]] = {
    "": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "healthz": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    # Public letter verification: anyone holding the paper may check it (GET only).
    "verify/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "verify/<path:code>": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "i18n/setlang/": (("302", "302", "302", "302", "302", "302", "302", "302", "302", "302", "302"), "302"),
    "jsi18n/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "accounts/": ((L, "302", "302", "302", "302", "302", "302", "302", "302", "302", "302"), L),
    "accounts/login/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), OK),
    "accounts/login/verify/": ((L, L, L, L, L, L, L, L, L, L, L), L),
    "accounts/staff/login/": ((OK, "302", "302", "302", "302", "302", "302", "302", "302", "302", "302"), OK),
    "accounts/staff/": ((L, F, F, OK, OK, OK, OK, OK, OK, OK, OK), L),
    "accounts/logout/": ((NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "302"),
    "districts/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "districts/products/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "districts/products/<slug:slug>/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "districts/divisions/<slug:slug>/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "districts/<slug:slug>/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "schemes/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "schemes/eligibility/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), OK),
    "schemes/notified-fairs/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "schemes/<slug:slug>/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "applications/": ((L, OK, OK, F, F, F, F, F, F, F, F), L),
    "applications/profile/": ((L, OK, OK, F, F, F, F, F, F, F, F), L),
    "applications/new/<slug:scheme_slug>/": ((L, OK, OK, F, F, F, F, F, F, F, F), L),
    "applications/<int:pk>/": ((L, OK, NF, F, F, F, F, F, F, F, F), L),
    "applications/<int:pk>/step/<slug:step>/": ((L, "302", NF, NF, NF, F, F, F, F, F, F), L),
    "applications/<int:pk>/documents/": ((L, OK, NF, NF, NF, F, F, F, F, F, F), L),
    "applications/<int:pk>/review/": ((L, "302", NF, NF, NF, F, F, F, F, F, F), L),
    "applications/<int:pk>/withdraw/": ((L, NA, NA, F, F, F, F, F, F, F, F), L),
    "applications/<int:pk>/receipt.pdf": ((L, OK, NF, F, F, F, F, F, F, F, F), L),
    "applications/documents/<int:pk>/": ((NF, OK, NF, OK, NF, NF, OK, NF, NF, OK, OK), NA),
    # The same access check as the document itself (access_document): whoever may read the file.
    "applications/documents/<int:pk>/thumbnail.png": ((NF, OK, NF, OK, NF, NF, OK, NF, NF, OK, OK), NA),
    "applications/status/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), OK),
    "applications/status/verify/": (("302", "302", "302", "302", "302", "302", "302", "302", "302", "302", "302"), "302"),
    "applications/<int:pk>/letters/<int:letter_pk>/": ((L, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF), L),
    "applications/committees/": ((L, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), L),
    "applications/committees/<int:pk>/": ((L, NF, NF, OK, NF, NF, OK, NF, NF, NF, NF), L),
    "applications/meetings/<int:pk>/": ((L, NF, NF, OK, NF, NF, OK, NF, NF, NF, NF), L),
    "applications/meetings/<int:pk>/<slug:kind>.pdf": ((L, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF), L),
    "applications/bank/": ((L, F, F, F, F, F, F, OK, F, F, F), L),
    "applications/bank/<int:pk>/": ((L, F, F, F, F, F, F, NF, F, F, F), L),
    "applications/office/banks/": ((L, F, F, OK, OK, F, F, F, OK, OK, OK), L),
    "applications/<int:pk>/utilisation/": ((L, NA, NA, F, F, F, F, F, F, F, F), L),
    "applications/state/cfc/": ((L, F, F, F, F, F, F, F, F, OK, OK), L),
    "applications/state/cfc/<int:pk>/": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "applications/state/cfc/<int:pk>/<slug:action>/": ((L, F, F, F, F, F, F, F, F, NA, NA), L),
    "applications/<int:pk>/toolkit-feedback/": ((L, "302", NF, F, F, F, F, F, F, F, F), L),
    "applications/office/training/": ((L, F, F, OK, OK, F, F, F, F, F, F), L),
    "applications/office/training/<int:pk>/": ((L, F, F, NF, NF, F, F, F, F, F, F), L),
    "applications/office/training/<int:pk>/<slug:action>/": ((L, F, F, NA, NA, F, F, F, F, F, F), L),
    "applications/office/training/<int:pk>/<int:application_pk>/<slug:action>/": ((L, F, F, NA, NA, F, F, F, F, F, F), L),
    "applications/office/": ((L, F, F, OK, OK, F, F, F, F, F, F), L),
    "applications/office/bulk/": ((L, F, F, NA, NA, F, F, F, F, F, F), L),
    "applications/office/helpdesk/": ((L, F, F, OK, OK, F, F, F, F, F, F), L),
    "applications/office/<int:pk>/": ((L, F, F, OK, NF, F, F, F, F, F, F), L),
    "applications/office/<int:pk>/<slug:action>/": ((L, F, F, NA, NA, F, F, F, F, F, F), L),
    "dashboard/": ((L, F, F, F, F, F, F, F, F, OK, OK), L),
    "dashboard/applications/": ((L, F, F, OK, OK, F, F, F, F, OK, OK), L),
    "dashboard/applications.csv": ((L, F, F, OK, OK, F, F, F, F, OK, OK), L),
    "dashboard/targets/": ((L, F, F, F, F, F, F, F, F, OK, OK), L),
    "dashboard/download/<slug:table>.<str:fmt>": ((L, F, F, F, F, F, F, F, F, OK, OK), L),
    "dashboard/open-data/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "dashboard/open-data/<slug:table>.<str:fmt>": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    # The ODOP cell's rule-change pages; the world holds no RuleSet or what-if with the file's pk.
    "rule-changes/": ((L, F, F, F, F, F, F, F, F, OK, OK), L),
    "rule-changes/new/<slug:scheme_code>/": ((L, F, F, F, F, F, F, F, F, OK, OK), L),
    "rule-changes/targets/": ((L, F, F, F, F, F, F, F, F, OK, OK), L),
    "rule-changes/targets/<int:pk>/": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "rule-changes/targets/<int:pk>/progress.json": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "rule-changes/<int:pk>/": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "rule-changes/<int:pk>/edit/": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "rule-changes/<int:pk>/what-if/": ((L, F, F, F, F, F, F, F, F, NA, NA), L),
    "rule-changes/<int:pk>/submit/": ((L, F, F, F, F, F, F, F, F, NA, NA), L),
    "rule-changes/<int:pk>/review/": ((L, F, F, F, F, F, F, F, F, NA, NA), L),
    "rule-changes/<int:pk>/discard/": ((L, F, F, F, F, F, F, F, F, NA, NA), L),
    "rule-changes/<int:pk>/go.pdf": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "rule-changes/<int:pk>/what-if/<int:what_if_pk>/progress.json": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "rule-changes/<int:pk>/what-if/<int:what_if_pk>.<str:fmt>": ((L, F, F, F, F, F, F, F, F, NF, NF), L),
    "api/v1/^districts/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/^districts/(?P<slug>[^/.]+)/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/^divisions/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/^divisions/(?P<slug>[^/.]+)/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/^products/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/^products/(?P<slug>[^/.]+)/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/eligibility/": ((NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), OK),
    "api/v1/^schemes/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/^schemes/(?P<code>[^/.]+)/$": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/^schemes/(?P<code>[^/.]+)/benefit/$": ((NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), OK),
    "api/v1/^applications/$": (("401", OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/$": (("401", OK, NF, OK, NF, NF, OK, NF, NF, OK, OK), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/assign/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/recommend/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/reject/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/resubmit/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/return/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/submit/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/take-up/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/^applications/(?P<pk>[0-9]+)/withdraw/$": (("401", NA, NA, NA, NA, NA, NA, NA, NA, NA, NA), "401"),
    "api/v1/stats/districts/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/stats/schemes/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/stats/months/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/schema/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "api/v1/docs/": ((OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK), NA),
    "admin/": ((L, L, L, L, L, L, L, L, L, OK, OK), L),
}

# POST answers of the signed-in roles, in the order of ROLES without "anonymous" (whose POST
# answer is in ROWS), for the routes whose POST answer differs from their GET answer; every other
# route answers a signed-in role's POST as it answers that role's GET. The body is empty, so a
# permitted role gets the form back with its errors (200), a redirect (302) or, from the API, the
# missing field (400) or the wrong state for this step (409); a refused POST changes nothing
# (test_post_by_role checks that too).
GET_ONLY = (NA,) * (len(ROLES) - 1)  # require_GET/require_safe pages and DRF read-only views
API_STAFF_STEP = (F, NF, "400", NF, NF, F, NF, NF, F, F)  # assign, reject, return: need a field
API_STAFF_STATE = (F, NF, "409", NF, NF, F, NF, NF, F, F)  # recommend, take-up: already recommended
API_ARTISAN_STEP = ("409", NF, F, NF, NF, F, NF, NF, F, F)  # submit, resubmit, withdraw
POSTS: dict[str, tuple[str, ...]] = {
    "verify/": GET_ONLY,
    "verify/<path:code>": GET_ONLY,
    "jsi18n/": GET_ONLY,
    "schemes/notified-fairs/": GET_ONLY,
    "": GET_ONLY,
    "healthz": GET_ONLY,
    "districts/": GET_ONLY,
    "districts/products/": GET_ONLY,
    "districts/products/<slug:slug>/": GET_ONLY,
    "districts/divisions/<slug:slug>/": GET_ONLY,
    "districts/<slug:slug>/": GET_ONLY,
    "schemes/": GET_ONLY,
    "schemes/<slug:slug>/": GET_ONLY,
    "dashboard/open-data/": GET_ONLY,
    "dashboard/open-data/<slug:table>.<str:fmt>": GET_ONLY,
    "rule-changes/": (F, F, F, F, F, F, F, F, NA, NA),
    "rule-changes/targets/<int:pk>/": (F, F, F, F, F, F, F, F, NA, NA),
    "rule-changes/targets/<int:pk>/progress.json": (F, F, F, F, F, F, F, F, NA, NA),
    "rule-changes/<int:pk>/": (F, F, F, F, F, F, F, F, NA, NA),
    "rule-changes/<int:pk>/go.pdf": (F, F, F, F, F, F, F, F, NA, NA),
    "rule-changes/<int:pk>/what-if/<int:what_if_pk>/progress.json": (F, F, F, F, F, F, F, F, NA, NA),
    "rule-changes/<int:pk>/what-if/<int:what_if_pk>.<str:fmt>": (F, F, F, F, F, F, F, F, NA, NA),
    "rule-changes/<int:pk>/what-if/": (F, F, F, F, F, F, F, F, NF, NF),
    "rule-changes/<int:pk>/submit/": (F, F, F, F, F, F, F, F, NF, NF),
    "rule-changes/<int:pk>/review/": (F, F, F, F, F, F, F, F, NF, NF),
    "rule-changes/<int:pk>/discard/": (F, F, F, F, F, F, F, F, NF, NF),
    # Signing out is a POST for everyone signed in (GET is refused so a link cannot sign out).
    "accounts/logout/": ("302",) * (len(ROLES) - 1),
    # An artisan starting a file is sent on to its first step; staff never file for themselves.
    "applications/new/<slug:scheme_slug>/": ("302", "302", F, F, F, F, F, F, F, F),
    # Withdrawing is the owner's alone (confirmation and redirect); another artisan: not theirs.
    "applications/<int:pk>/withdraw/": ("302", NF, F, F, F, F, F, F, F, F),
    # Members read their committee's pages; only the member-secretary (the Agra officer) acts
    # on them, and a member's POST gets the 404 of a committee that is not theirs.
    "applications/committees/<int:pk>/": (NF, NF, OK, NF, NF, NF, NF, NF, NF, NF),
    "applications/meetings/<int:pk>/": (NF, NF, OK, NF, NF, NF, NF, NF, NF, NF),
    # The owner's utilisation form (errors for an empty body); another artisan: not theirs.
    "applications/<int:pk>/utilisation/": (OK, NF, F, F, F, F, F, F, F, F),
    # The state cell acts on CFC proposals; there is none with the file's pk here.
    "applications/state/cfc/<int:pk>/<slug:action>/": (F, F, F, F, F, F, F, F, NF, NF),
    # Officers act on their own district's batches; there is no batch with the file's pk.
    "applications/office/training/<int:pk>/<slug:action>/": (F, F, NF, NF, F, F, F, F, F, F),
    "applications/office/training/<int:pk>/<int:application_pk>/<slug:action>/": (
        F, F, NF, NF, F, F, F, F, F, F
    ),
    # Any district officer may post a bulk step over the files of their own district (an empty
    # selection is sent back to the queue).
    "applications/office/bulk/": (F, F, "302", "302", F, F, F, F, F, F),
    # Taking up the file: the officer of its district (form back), another district's: 404.
    "applications/office/<int:pk>/<slug:action>/": (F, F, OK, NF, F, F, F, F, F, F),
    # Files are fetched, never posted to (a POST to a receipt once issued a verification).
    "applications/<int:pk>/receipt.pdf": (NA, NA, F, F, F, F, F, F, F, F),
    "applications/documents/<int:pk>/": GET_ONLY,
    "applications/documents/<int:pk>/thumbnail.png": GET_ONLY,
    "applications/<int:pk>/letters/<int:letter_pk>/": GET_ONLY,
    "applications/meetings/<int:pk>/<slug:kind>.pdf": GET_ONLY,
    "api/v1/": GET_ONLY,
    "api/v1/^districts/$": GET_ONLY,
    "api/v1/^districts/(?P<slug>[^/.]+)/$": GET_ONLY,
    "api/v1/^divisions/$": GET_ONLY,
    "api/v1/^divisions/(?P<slug>[^/.]+)/$": GET_ONLY,
    "api/v1/^products/$": GET_ONLY,
    "api/v1/^products/(?P<slug>[^/.]+)/$": GET_ONLY,
    "api/v1/^schemes/$": GET_ONLY,
    "api/v1/^schemes/(?P<code>[^/.]+)/$": GET_ONLY,
    # Public calculators: a POST for anyone.
    "api/v1/eligibility/": (OK,) * (len(ROLES) - 1),
    "api/v1/^schemes/(?P<code>[^/.]+)/benefit/$": (OK,) * (len(ROLES) - 1),
    # Read-only for signed-in users (anonymous gets 401 before the method is looked at).
    "api/v1/^applications/$": GET_ONLY,
    "api/v1/^applications/(?P<pk>[0-9]+)/$": GET_ONLY,
    # The file's actions: who cannot see the file gets 404 (another artisan, another district's
    # officer or committee member, bank officer, LDM); who sees it but may not take this step
    # gets 403; who may take it gets 400/409 for the empty body.
    "api/v1/^applications/(?P<pk>[0-9]+)/assign/$": API_STAFF_STEP,
    "api/v1/^applications/(?P<pk>[0-9]+)/reject/$": API_STAFF_STEP,
    "api/v1/^applications/(?P<pk>[0-9]+)/return/$": API_STAFF_STEP,
    "api/v1/^applications/(?P<pk>[0-9]+)/recommend/$": API_STAFF_STATE,
    "api/v1/^applications/(?P<pk>[0-9]+)/take-up/$": API_STAFF_STATE,
    "api/v1/^applications/(?P<pk>[0-9]+)/submit/$": API_ARTISAN_STEP,
    "api/v1/^applications/(?P<pk>[0-9]+)/resubmit/$": API_ARTISAN_STEP,
    "api/v1/^applications/(?P<pk>[0-9]+)/withdraw/$": API_ARTISAN_STEP,
    "api/v1/stats/districts/": GET_ONLY,
    "api/v1/stats/schemes/": GET_ONLY,
    "api/v1/stats/months/": GET_ONLY,
    "api/v1/schema/": GET_ONLY,
    "api/v1/docs/": GET_ONLY,
}
# fmt: on


def _routes(patterns=None, prefix: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _project_routes() -> list[str]:
    seen = []
    for route in _routes():
        if route.startswith("admin/") and route != "admin/":
            continue
        # DRF's format-suffix twins answer as their plain route does.
        if "(?P<format>" in route or "<drf_format_suffix:format>" in route:
            continue
        if route not in seen:
            seen.append(route)
    return seen


def _slug(world, route: str) -> str:
    if route.startswith("districts/products/") or "products/" in route:
        return world["product"].slug
    if "divisions/" in route:
        return world["application"].district.division.slug
    if route.startswith("schemes/"):
        return world["application"].scheme.slug
    return "agra"


def _pk(world, route: str) -> str:
    if route.startswith("rule-changes/"):
        return "999999"  # no RuleSet or what-if: the answers say who gets as far as the lookup
    if route.startswith("applications/documents/"):
        return str(world["document"].pk)
    if route.startswith("applications/committees/"):
        return str(world["committee"].pk)
    if route.startswith("applications/meetings/"):
        return str(world["meeting"].pk)
    return str(world["application"].pk)


# Path parameter -> its value in the world, given the route.
PARAMS = {
    "slug": _slug,
    "scheme_slug": lambda w, route: w["application"].scheme.slug,
    "code": lambda w, route: (
        w["receipt"].code if route.startswith("verify/") else w["application"].scheme.code
    ),
    "pk": _pk,
    "application_pk": lambda w, route: str(w["application"].pk),
    "letter_pk": lambda w, route: "999999",
    "step": lambda w, route: "unit",
    "action": lambda w, route: "take_up",
    "kind": lambda w, route: "agenda",
    "table": lambda w, route: "districts",
    "fmt": lambda w, route: "csv",
    "scheme_code": lambda w, route: w["application"].scheme.code.lower(),
    "what_if_pk": lambda w, route: "999999",
}


def _path(route: str, world) -> str:
    def fill(match: re.Match) -> str:
        return PARAMS[match.group("name")](world, route)

    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill, route)
    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)
    return "/" + path.replace("^", "").replace("$", "")


def _status(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if "/login/" in location:
            return L
        return "302"
    return str(response.status_code)


def _world():
    from applications.services.verification import issue_receipt
    from committees.models import AgendaItem
    from committees.services.meetings import place_on_agenda
    from tests.applications.helpers import recommended
    from tests.committees.helpers import seat_committee

    agra = District.objects.get(slug="agra")
    officer = StaffFactory(username="dic.agra", district=agra)
    _, _, others = seat_committee("tsc", "lucknow", members=1)
    committee, _, members = seat_committee("tsc", "agra", secretary=officer, members=1)
    application = recommended(submitted_toolkit(make_applicant(seed=1)), officer)
    place_on_agenda(application_id=application.pk)
    application.refresh_from_db()
    document = application.documents.filter(content_type="application/pdf").first()
    with open(document.file.path, "wb") as handle:  # a PDF poppler can draw, for the thumbnail
        handle.write(minimal_pdf())
    return {
        "application": application,
        "receipt": issue_receipt(application=application),
        "document": document,
        "product": agra.products.order_by("pk").first(),
        "committee": committee,
        "meeting": AgendaItem.objects.get(application=application).meeting,
        "owner": application.applicant.user,
        "other_artisan": ArtisanFactory(),
        "officer": officer,
        "other_officer": StaffFactory(username="dic.lucknow", district=District.objects.get(slug="lucknow")),
        "committee_member": others[0],
        "member_of_this_committee": members[0],
        "bank_officer": StaffFactory(role=Role.BANK_OFFICER, username="bank.agra", district=agra),
        "lead_district_manager": StaffFactory(
            role=Role.LEAD_DISTRICT_MANAGER, username="ldm.agra", district=agra
        ),
        "state_staff": create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF),
        "admin": create_staff_user(username="root", password=STAFF_PASSWORD, role=Role.ADMIN),
    }


def test_every_url_pattern_has_a_row():
    missing = [route for route in _project_routes() if route not in ROWS]
    stale = [route for route in ROWS if route not in _project_routes()]
    assert (missing, stale) == ([], [])


def test_every_row_names_every_role():
    assert [route for route, (gets, _post) in ROWS.items() if len(gets) != len(ROLES)] == []
    assert [
        route for route, posts in POSTS.items() if len(posts) != len(ROLES) - 1 or route not in ROWS
    ] == []


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def built_once(django_db_blocker, tmp_path_factory, build):
    """A matrix's world built once for its module, in a transaction rolled back when the module
    ends; each test runs in a savepoint inside it. Uploads go to a temporary folder; the fast
    hasher (accounts sign in with force_login); the verification allowance raised so that every
    role's check of the receipt is answered rather than rate-limited."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=FAST_HASHERS,
            VERIFY_MAX_PER_IP=10_000,
        ),
        transaction.atomic(),
    ):
        yield {**build(), "media": settings.MEDIA_ROOT}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once(django_db_blocker, tmp_path_factory, _world) as built:
        yield built


@pytest.fixture(autouse=True)
def _module_media(settings, world):
    """The world's uploads stay readable in every test (the project's autouse fixture gives each
    test a fresh upload folder)."""
    settings.MEDIA_ROOT = world["media"]


def _client(world, role) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_get_by_role(role, world):
    client = _client(world, role)
    index = ROLES.index(role)
    seen, wanted = {}, {}
    for route in _project_routes():
        if route not in ROWS:
            continue
        seen[route] = _status(client.get(_path(route, world)))
        wanted[route] = ROWS[route][0][index]
    # (answer seen, answer in the table) for each route where they differ
    assert {route: (seen[route], wanted[route]) for route in seen if seen[route] != wanted[route]} == {}


def _snapshot(world) -> dict:
    """What a refused POST must leave as it was."""
    from applications.models import Application, AuditEvent, Document, Note, Verification
    from outbox.models import OutboxMessage

    application = Application.objects.get(pk=world["application"].pk)
    return {
        "status": application.status,
        "assigned_to": application.assigned_to_id,
        "updated_at": application.updated_at,
        "applications": Application.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "notes": Note.objects.count(),
        "documents": Document.objects.count(),
        "verifications": Verification.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


def post_each(client: Client, paths: dict[str, str], world) -> dict[str, tuple[str, bool]]:
    """POST an empty body to each route's path: its answer, and whether it changed what
    `_snapshot` sees. Each POST runs in a savepoint rolled back afterwards, and the client's
    cookies are put back, so that one route's answer cannot change the next."""
    answers = {}
    for route, path in paths.items():
        cookies = SimpleCookie(client.cookies)
        with transaction.atomic():
            before = _snapshot(world)
            status = _status(client.post(path))
            answers[route] = (status, _snapshot(world) != before)
            transaction.set_rollback(True)
        client.cookies = cookies
    return answers


def _post_answer(route: str, role: str) -> str:
    if role == "anonymous":
        return ROWS[route][1]
    if route in POSTS:
        return POSTS[route][ROLES.index(role) - 1]
    return ROWS[route][0][ROLES.index(role)]


@pytest.mark.parametrize("role", ROLES)
def test_post_by_role(role, world):
    """Every role POSTs an empty body to every route. Each POST runs in a savepoint rolled back
    afterwards (and the client's cookies are put back), so one route's answer cannot change the
    next. A refused POST (sign-in, 400, 401, 403, 404, 405) must change nothing."""
    client = _client(world, role)
    routes = [route for route in _project_routes() if route in ROWS]
    answers = post_each(client, {route: _path(route, world) for route in routes}, world)
    seen = {route: status for route, (status, _changed) in answers.items()}
    changed = [route for route, (status, moved) in answers.items() if moved and status not in (OK, "302")]
    wanted = {route: _post_answer(route, role) for route in routes}
    # (answer seen, answer in the table) for each route where they differ; refused but changed
    assert {route: (seen[route], wanted[route]) for route in seen if seen[route] != wanted[route]} == {}
    assert changed == []
