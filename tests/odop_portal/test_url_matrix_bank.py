"""The permission matrix of a Margin Money file at the bank: every route that reads or acts on
one file (its pages, documents, letters, office and bank pages, its API), and the lists that may
show it, for each role that could reach it, GET and POST. It adds to tests/odop_portal/test_url_matrix.py
(a Toolkit file at the committee) the roles of the bank: the officer of the branch the file was
sent to and of another branch of the same district, and the Lead District Manager of the file's
district and of another.

HOW TO ADD A ROW: a new route under `applications/` or `api/v1/^applications` makes
`test_every_file_route_has_a_row` fail, naming it; add its answers to ROWS (GET per role, in the
order of ROLES), and to POSTS where a POST answers differently. A refused POST must change
nothing (the same snapshot as the main matrix)."""

import pytest

from accounts.models import Role
from accounts.services import create_staff_user
from districts.models import District
from tests.browser.test_application_journey import minimal_pdf
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory
from tests.odop_portal.test_url_matrix import (  # noqa: F401 - _module_media: the autouse fixture
    NA,
    NF,
    OK,
    F,
    L,
    _client,
    _module_media,
    _project_routes,
    _status,
    built_once,
    post_each,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "owner",
    "other_artisan",
    "officer",
    "other_officer",
    "committee_member",
    "bank_of_this_branch",
    "bank_of_another_branch",
    "ldm_here",
    "ldm_elsewhere",
    "state_staff",
)

# Routes of other objects (a committee, a meeting, a batch, a CFC proposal) with a pk of their own.
OTHER_OBJECTS = (
    "applications/committees/",
    "applications/meetings/",
    "applications/office/training/",
    "applications/state/",
)


def _file_routes() -> list[str]:
    return [
        route
        for route in _project_routes()
        if (route.startswith("applications/") and not route.startswith(OTHER_OBJECTS))
        or route.startswith("api/v1/^applications/")
    ]


def _world():
    from margin_money import services as aa
    from tests.applications.helpers import (
        MM_STEPS,
        approved_by_committee,
        make_applicant,
        officer_access,
        submitted,
    )
    from tests.margin_money.test_after_approval import _bank_officer

    agra = District.objects.get(slug="agra")
    lucknow = District.objects.get(slug="lucknow")
    officer = StaffFactory(username="dic.agra", district=agra)
    application = approved_by_committee(submitted(make_applicant(seed=1), "MM", MM_STEPS), officer, "dltfc")
    case = aa.send_to_bank(
        application_id=application.pk, user=officer, access=officer_access(officer, application)
    )
    from tests.committees.helpers import seat_committee

    _, _, lucknow_members = seat_committee("dltfc", "lucknow", members=1)
    # The letter task's work, run here (the world is built in one transaction: nothing commits).
    from committees.models import AgendaItem
    from committees.services.letters import generate_letter

    item = AgendaItem.objects.get(application=application)
    generate_letter(item_id=item.pk, kind="sanction")
    application.refresh_from_db()
    document = application.documents.filter(content_type="application/pdf").first()
    with open(document.file.path, "wb") as handle:  # a PDF poppler can draw, for the thumbnail
        handle.write(minimal_pdf())
    return {
        "application": application,
        "document": document,
        "letter": application.letters.first(),
        "owner": application.applicant.user,
        "other_artisan": ArtisanFactory(),
        "officer": officer,
        "other_officer": StaffFactory(username="dic.lucknow", district=lucknow),
        "committee_member": lucknow_members[0],
        "bank_of_this_branch": _bank_officer(branch_ifsc=case.bank_branch.ifsc, username="bank.here"),
        "bank_of_another_branch": _bank_officer(branch_ifsc="PUNB0099900", username="bank.there"),
        "ldm_here": StaffFactory(role=Role.LEAD_DISTRICT_MANAGER, username="ldm.agra", district=agra),
        "ldm_elsewhere": StaffFactory(role=Role.LEAD_DISTRICT_MANAGER, username="ldm.lko", district=lucknow),
        "state_staff": create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF),
    }


def _path(route: str, world) -> str:
    application = world["application"]
    values = {
        "pk": world["document"].pk if route.startswith("applications/documents/") else application.pk,
        "letter_pk": world["letter"].pk,
        "step": "unit",
        "action": "release",
    }
    path = route.replace("^", "").replace("$", "").replace("(?P<pk>[0-9]+)", str(values["pk"]))
    for name, value in values.items():
        for kind in ("int", "slug"):
            path = path.replace(f"<{kind}:{name}>", str(value))
    return "/" + path


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once(django_db_blocker, tmp_path_factory, _world) as built:
        yield built


# route: GET answer per role, in the order of ROLES
# fmt: off
ROWS: dict[str, tuple[str, ...]] = {
    # The artisan's own pages: the owner alone; staff are refused by role, another artisan
    # gets the 404 of a file that is not theirs.
    "applications/": (L, OK, OK, F, F, F, F, F, F, F, F),
    "applications/profile/": (L, OK, OK, F, F, F, F, F, F, F, F),
    "applications/new/<slug:scheme_slug>/": (NF,) * 11,  # no scheme has the slug "unit"
    "applications/<int:pk>/": (L, OK, NF, F, F, F, F, F, F, F, F),
    "applications/<int:pk>/step/<slug:step>/": (L, "302", NF, NF, NF, F, F, F, F, F, F),
    "applications/<int:pk>/documents/": (L, OK, NF, NF, NF, F, F, F, F, F, F),
    "applications/<int:pk>/review/": (L, "302", NF, NF, NF, F, F, F, F, F, F),
    "applications/<int:pk>/withdraw/": (L, NA, NA, F, F, F, F, F, F, F, F),
    "applications/<int:pk>/receipt.pdf": (L, OK, NF, F, F, F, F, F, F, F, F),
    "applications/<int:pk>/utilisation/": (L, NA, NA, F, F, F, F, F, F, F, F),
    "applications/<int:pk>/toolkit-feedback/": (L, "302", NF, F, F, F, F, F, F, F, F),
    # The file's papers and letters: the owner, the district's office and the state; never a
    # bank (its page shows what it needs), a Lead District Manager or another district.
    "applications/documents/<int:pk>/": (NF, OK, NF, OK, NF, NF, NF, NF, NF, NF, OK),
    "applications/documents/<int:pk>/thumbnail.png": (NF, OK, NF, OK, NF, NF, NF, NF, NF, NF, OK),
    "applications/<int:pk>/letters/<int:letter_pk>/": (L, OK, NF, OK, NF, NF, NF, NF, NF, NF, OK),
    "applications/status/": (OK,) * 11,
    "applications/status/verify/": ("302",) * 11,
    # The bank: the branch the file was sent to; another branch gets the 404 of a file it has not.
    "applications/bank/": (L, F, F, F, F, F, OK, OK, F, F, F),
    "applications/bank/<int:pk>/": (L, F, F, F, F, F, OK, NF, F, F, F),
    # Bank-wise pendency: each district's office and Lead District Manager, their own district.
    "applications/office/banks/": (L, F, F, OK, OK, F, F, F, OK, OK, OK),
    "applications/office/": (L, F, F, OK, OK, F, F, F, F, F, F),
    "applications/office/bulk/": (L, F, F, NA, NA, F, F, F, F, F, F),
    "applications/office/helpdesk/": (L, F, F, OK, OK, F, F, F, F, F, F),
    "applications/office/<int:pk>/": (L, F, F, OK, NF, F, F, F, F, F, F),
    "applications/office/<int:pk>/<slug:action>/": (L, F, F, NA, NA, F, F, F, F, F, F),
    # The API: a list filtered to what each may see; the file itself as the pages allow.
    "api/v1/^applications/$": ("401",) + (OK,) * 10,
    "api/v1/^applications/(?P<pk>[0-9]+)/$": ("401", OK, NF, OK, NF, NF, NF, NF, NF, NF, OK),
    **{
        f"api/v1/^applications/(?P<pk>[0-9]+)/{action}/$": ("401",) + (NA,) * 10
        for action in ("assign", "recommend", "reject", "resubmit", "return", "submit", "take-up", "withdraw")
    },
}
API_STAFF = ("401", F, NF, "400", NF, NF, NF, NF, NF, NF, F)  # assign, reject, return: a field missing
API_STATE = ("401", F, NF, "409", NF, NF, NF, NF, NF, NF, F)  # recommend, take-up: not at scrutiny
API_OWNER = ("401", "409", NF, F, NF, NF, NF, NF, NF, NF, F)  # submit, resubmit, withdraw: not now
# POST (empty body) answers where they differ from the GET answers.
POSTS: dict[str, tuple[str, ...]] = {
    "applications/<int:pk>/withdraw/": (L, "302", NF, F, F, F, F, F, F, F, F),  # asks to confirm
    "applications/<int:pk>/utilisation/": (L, OK, NF, F, F, F, F, F, F, F, F),  # the form's errors
    # Files are read, never posted to (the first receipt issues its verification code).
    "applications/<int:pk>/receipt.pdf": (L, NA, NA, F, F, F, F, F, F, F, F),
    "applications/documents/<int:pk>/": (NA,) * 11,
    "applications/documents/<int:pk>/thumbnail.png": (NA,) * 11,
    "applications/<int:pk>/letters/<int:letter_pk>/": (L,) + (NA,) * 10,
    "applications/bank/<int:pk>/": (L, F, F, F, F, F, "302", NF, F, F, F),  # no action chosen
    "applications/office/bulk/": (L, F, F, "302", "302", F, F, F, F, F, F),  # nothing selected
    "applications/office/<int:pk>/<slug:action>/": (L, F, F, NF, NF, F, F, F, F, F, F),
    "api/v1/^applications/$": ("401",) + (NA,) * 10,
    "api/v1/^applications/(?P<pk>[0-9]+)/$": ("401",) + (NA,) * 10,
    "api/v1/^applications/(?P<pk>[0-9]+)/assign/$": API_STAFF,
    "api/v1/^applications/(?P<pk>[0-9]+)/reject/$": API_STAFF,
    "api/v1/^applications/(?P<pk>[0-9]+)/return/$": API_STAFF,
    "api/v1/^applications/(?P<pk>[0-9]+)/recommend/$": API_STATE,
    "api/v1/^applications/(?P<pk>[0-9]+)/take-up/$": API_STATE,
    "api/v1/^applications/(?P<pk>[0-9]+)/submit/$": API_OWNER,
    "api/v1/^applications/(?P<pk>[0-9]+)/resubmit/$": API_OWNER,
    "api/v1/^applications/(?P<pk>[0-9]+)/withdraw/$": API_OWNER,
}
# fmt: on
# The lists that name the file (its reference number), for whom.
LISTS_THAT_SHOW_IT = {
    "applications/": ("owner",),
    "applications/bank/": ("bank_of_this_branch",),
    "applications/office/": ("officer",),
    "applications/office/banks/": ("officer", "ldm_here", "state_staff"),
    "api/v1/^applications/$": ("owner", "officer", "state_staff"),
}


def test_every_file_route_has_a_row():
    routes = _file_routes()
    assert ([r for r in routes if r not in ROWS], [r for r in ROWS if r not in routes]) == ([], [])
    assert all(len(answers) == len(ROLES) for answers in (*ROWS.values(), *POSTS.values()))


@pytest.mark.parametrize("role", ROLES)
def test_get_by_role(role, world):
    client = _client(world, role)
    index = ROLES.index(role)
    seen = {route: _status(client.get(_path(route, world))) for route in ROWS}
    assert {r: (seen[r], ROWS[r][index]) for r in ROWS if seen[r] != ROWS[r][index]} == {}


@pytest.mark.parametrize("role", ROLES)
def test_lists_name_the_file_only_to_whom_it_belongs(role, world):
    client = _client(world, role)
    reference = world["application"].reference_number
    branch = world["bank_of_this_branch"].bank_branch.branch_name
    shown = {}
    for route in LISTS_THAT_SHOW_IT:
        response = client.get(_path(route, world))
        body = response.content.decode()
        # The pendency page names branches, not files.
        needle = branch if route == "applications/office/banks/" else reference
        shown[route] = response.status_code == 200 and needle in body
    assert shown == {route: role in roles for route, roles in LISTS_THAT_SHOW_IT.items()}


@pytest.mark.parametrize("role", ROLES)
def test_post_by_role_changes_nothing_when_refused(role, world):
    client = _client(world, role)
    index = ROLES.index(role)
    answers = post_each(client, {route: _path(route, world) for route in ROWS}, world)
    seen = {route: status for route, (status, _changed) in answers.items()}
    # An empty body never changes a file, whatever the answer.
    changed = [route for route, (_answer, moved) in answers.items() if moved]
    wanted = {route: POSTS.get(route, ROWS[route])[index] for route in ROWS}
    assert {r: (seen[r], wanted[r]) for r in ROWS if seen[r] != wanted[r]} == {}
    assert changed == []
