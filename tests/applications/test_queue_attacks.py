"""The office and branch queues against a stranger: what the shared cache holds carries nothing
of one officer, district or language into another's page; forged query values give neither a
server error nor another district's or branch's files; the rows are what the templates wrote."""

import base64
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from applications import selectors
from applications.models import Applicant, Application
from districts.models import BankBranch, District
from margin_money.models import MarginMoneyCase
from odop_portal.public_pages import bump_public_version, public_key
from schemes.models import Scheme
from tests.applications.helpers import (
    committee_member,
    make_applicant,
    officer,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
QUEUE, BANK = reverse("applications:queue"), reverse("margin_money:bank_queue")


def _get(client, url, language="en", params=None):
    client.cookies["django_language"] = language
    return client.get(url, params or {})


def _named(seed, name, district="agra"):
    applicant = make_applicant(seed=seed, district=district)
    Applicant.objects.filter(pk=applicant.pk).update(full_name=name)
    return submitted_toolkit(applicant)


def _branches(*files):
    """A branch of Agra for each file, the file sent to it; the branches."""
    agra = District.objects.get(slug="agra")
    branches = []
    for i, application in enumerate(files):
        branch = BankBranch.objects.create(district=agra, bank_name="SBI", ifsc=f"SBIN00{i:05d}")
        MarginMoneyCase.objects.create(application=application, bank_branch=branch, sent_at=timezone.now())
        branches.append(branch)
    return branches


def _bank_officer(branch, username="bank.one"):
    return StaffFactory(role=Role.BANK_OFFICER, bank_branch=branch, username=username)


def _cursor(query: str) -> str:
    return base64.b64encode(query.encode()).decode()


@pytest.fixture
def shared_cache(settings, django_capture_on_commit_callbacks):
    """The shared cache on, as in production, under a public version of this test's own."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_version()


def test_the_shared_parts_hold_nothing_of_an_officer_a_district_or_a_language(client, shared_cache):
    agra_file = _named(700, "Agrawala Zetadevi")
    lucknow_file = _named(701, "Lucknowala Omegaram", district="lucknow")
    agra = officer(username="dic.agra.first")
    under_scrutiny(agra_file, agra)
    client.force_login(agra)
    agra_private = ("dic.agra.first", "secretword", "Zetadevi", agra_file.reference_number)
    tokens, chosen = set(), {"q": "secretword", "product": "-5", "status": "under_scrutiny"}
    for language in ("hi", "en"):  # the Agra officer's pages make and keep the shared parts
        for params in ({}, chosen, {"order": "-received", "q": "", "overdue": "", "status": ""}):
            response = _get(client, QUEUE, language, params)
            html = response.content.decode()
            tokens |= set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
            with translation.override(language):  # the form the page had before it was shared
                own = render_to_string(
                    "applications/office/_queue_filter_fields.html", {"filter": response.context["filter"]}
                )
            assert own in html, (language, params)
    for language in ("hi", "en"):
        with translation.override(language):
            shared = cache.get(f"public-value:{public_key('applications/office/queue.html', '')}")
        kept = "".join(shared.values())
        for private in ("csrf", *agra_private, 'value="-5"'):
            assert private not in kept, (language, private)
        assert ("उप-योजना" in kept) == (language == "hi") and ("Sub-scheme" in kept) == (language == "en")
    client.force_login(officer("lucknow", username="dic.lucknow"))
    for language in ("en", "hi"):
        html = _get(client, QUEUE, language).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        assert lucknow_file.reference_number in main and "Omegaram" in main
        for private in (*agra_private, *tokens):
            assert private not in main, (language, private)
        assert 'value="-5"' not in main and 'class="error"' not in main
        if language == "en":
            assert not re.search("[\u0900-\u097f]", main), "no Hindi in the English page's body"


def test_who_reaches_the_office_and_branch_queues():
    here, there = submitted_toolkit(seed=710), submitted_toolkit(seed=711, district="lucknow")
    branch, other_branch = _branches(here, there)
    who = {  # user, office queue, branch queue, the file each queue shows them
        "anonymous": (None, 302, 302, None),
        "owner": (here.applicant.user, 403, 403, None),
        "other artisan": (make_applicant(seed=712).user, 403, 403, None),
        "officer here": (officer(username="dic.here"), 200, 403, here),
        "officer elsewhere": (officer("lucknow", username="dic.there"), 200, 403, there),
        "committee member": (committee_member(username="member.agra"), 403, 403, None),
        "state staff": (StaffFactory(role=Role.STATE_STAFF, district=None, username="cell"), 403, 403, None),
        "bank officer here": (_bank_officer(branch, "b1"), 403, 200, here),
        "bank officer elsewhere": (_bank_officer(other_branch, "b2"), 403, 200, there),
        "bank officer of no branch": (_bank_officer(None, "b3"), 403, 200, None),
    }
    client = Client(raise_request_exception=False)
    for name, (user, office_status, bank_status, sees) in who.items():
        client.logout()
        if user:
            client.force_login(user)
        for url, status in ((QUEUE, office_status), (BANK, bank_status)):
            for params in ({}, {"show": "all"}):
                response = _get(client, url, params=params)
                assert response.status_code == status, (name, url)
                if status == 200:
                    html = response.content.decode()
                    shown = {a.pk for a in (here, there) if a.reference_number in html}
                    assert shown == ({sees.pk} if sees else set()), (name, url, params)


FORGED = [
    *({"cursor": c} for c in ("%%%%", _cursor("o=-1"), _cursor("r=7"), _cursor("p=2026-01-01' OR '1'='1"))),
    *({"cursor": _cursor(p)} for p in ("p=9999-12-31 23:59:59+05:30", "p=0001-01-01 00:00:00+14:00&r=1")),
    {"cursor": _cursor("o=99999999999999999999999&p=2026-01-01 00:00:00+05:30")},
    {"cursor": ["x", _cursor("o=1")], "show": ["all", "x"]},
    {"order": "due", "cursor": _cursor("p=None")},
    {"order": "-received'; DROP TABLE applications_application; --"},
    {"order": ["-received", "due", "x"]},
    *({"status": s} for s in ("draft", ["submitted", "draft"], "' OR '1'='1", "9" * 40)),
    *({"scheme": s} for s in ("TT' OR 1=1 --", ["TT", "MM"], "-1")),
    *({"product": p} for p in ("-1", "0", "9" * 40, "1e400", "NaN", "Infinity", "1.5", "0x10", "1 OR 1=1")),
    *(
        {"submitted_from": d, "submitted_to": "9999-12-31"}
        for d in ("0001-01-01", "99999-01-01", "31/02/2026")
    ),
    *({"q": q} for q in ("%", "' OR 1=1 --", "\\")),
    {"overdue": "maybe", "assigned_to_me": "' OR 1=1"},
    {"show": "ALL"},
    {'"><script>alert(1)</script>': "1"},
]


def test_forged_query_values_give_no_error_and_no_other_districts_or_branchs_file():
    mine, theirs = submitted_toolkit(seed=720), submitted_toolkit(seed=721, district="lucknow")
    dic = officer()
    helpdesk_draft = toolkit_draft(make_applicant(seed=722))  # filed at the office, not submitted
    Applicant.objects.filter(pk=helpdesk_draft.applicant_id).update(full_name="Helpdesk Draftwala")
    Application.objects.filter(pk=helpdesk_draft.pk).update(filed_by=dic)
    branch, _other = _branches(mine, theirs)
    client = Client(raise_request_exception=False)
    for user, url in ((dic, QUEUE), (_bank_officer(branch), BANK)):
        client.force_login(user)
        for params in FORGED:
            response = _get(client, url, params=params)
            assert response.status_code == 200, (url, params)
            html = response.content.decode()
            assert theirs.reference_number not in html and "Draftwala" not in html, (url, params)
            assert "<script>alert(1)" not in html, (url, params)
            pks = {getattr(row, "application_id", row.pk) for row in response.context["page"]}
            assert pks <= {mine.pk}, (url, params)
    client.force_login(dic)
    assert "draft" not in {value for value, _label, _n in _get(client, QUEUE).context["counts"]}
    assert not _get(client, QUEUE, params={"q": theirs.reference_number}).context["page"]
    assert _get(client, QUEUE, params={"q": "a\x00b"}).status_code == 400


@pytest.mark.parametrize(
    "in_transaction",
    [pytest.param(False, marks=pytest.mark.django_db(transaction=True)), True],
    ids=["autocommit", "in-a-transaction"],
)
def test_a_cursor_postgresql_refuses_gives_the_first_page(client, in_transaction):
    """A position Django reads and PostgreSQL refuses (an offset of 16 to 23 hours from UTC)
    gives the first page with a message: in autocommit, as a request runs, and inside a
    transaction too, where the refusal would abort it without a savepoint."""
    mine = submitted_toolkit(seed=725)
    [branch] = _branches(mine)
    forged = {"cursor": _cursor("p=2026-01-01 00:00:00-23:59")}
    for user, url in ((officer(), QUEUE), (_bank_officer(branch), BANK)):
        client.force_login(user)
        html = _get(client, url, params=forged).content.decode()
        assert mine.reference_number in html and "This page link is not valid any more" in html, url


OLD_OFFICE_ROWS = """{% load i18n scheme_tags %}{% for application in page %}
      <tr class="{% if application.is_overdue %}overdue{% endif %}">
        <td><input type="checkbox" name="ids" value="{{ application.pk }}" aria-label="{% translate 'Select' %} {{ application.reference_number }}"></td>
        <td><a href="{% url 'applications:office_file' application.pk %}">{{ application.reference_number }}</a></td>
        <td>{{ application.applicant.full_name }}</td>
        <td>{{ application.scheme.name }}</td>
        <td><span class="tag status-{{ application.status }}">{{ application.get_status_display }}</span>{% if application.assigned_to %} <span class="muted">→ {{ application.assigned_to.username }}</span>{% endif %}</td>
        <td>{{ application.submitted_at|date:"d-m-Y" }}</td>
        <td>{% if application.due_at %}{{ application.due_at|date:"d-m-Y" }}{% if application.is_overdue %} <strong class="error">{% translate "overdue" %}</strong>{% endif %}{% endif %}</td>
        <td class="num">{{ application.benefit_amount|inr }}</td>
      </tr>{% endfor %}"""

OLD_BRANCH_ROWS = """{% load i18n scheme_tags %}{% translate "Reference" as t_reference %}{% translate "Applicant" as t_applicant %}{% translate "Status" as t_status %}{% translate "Received" as t_received %}{% translate "Due" as t_due %}{% translate "Margin money" as t_margin %}{% translate "overdue" as t_overdue %}
  {% for case in page %}
    <tr class="{% if case.application.is_overdue %}overdue{% endif %}">
      <td data-label="{{ t_reference }}"><a href="{% url 'margin_money:bank_file' case.application.pk %}">{{ case.application.reference_number }}</a></td>
      <td data-label="{{ t_applicant }}">{{ case.application.applicant.full_name }}</td>
      <td data-label="{{ t_status }}"><span class="tag status-{{ case.application.status }}">{{ case.application.get_status_display }}</span></td>
      <td data-label="{{ t_received }}">{{ case.sent_at|date:"d-m-Y" }}</td>
      <td data-label="{{ t_due }}">{% if case.application.due_at %}{{ case.application.due_at|date:"d-m-Y" }}{% if case.application.is_overdue %} <strong class="error">{{ t_overdue }}</strong>{% endif %}{% endif %}</td>
      <td class="num" data-label="{{ t_margin }}">{{ case.application.benefit_amount|inr }}</td>
    </tr>{% endfor %}"""


def _rows(html: str) -> str:
    """The table's rows less the template's line breaks and indentation."""
    body = html[html.index("<tbody>") + 7 : html.index("</tbody>")] if "<tbody>" in html else html
    return re.sub(r"<tr><td colspan.*?</tr>", "", re.sub(r"\s*\n\s*", "", body))


@pytest.mark.parametrize("language", ["en", "hi"])
def test_rows_are_what_the_templates_wrote_every_cell_escaped(client, language):
    files = [_named(730 + i, """<b>"Ram" & 'Shyam'</b>""" if i == 0 else f"Devi {i} <i>") for i in range(3)]
    Scheme.objects.filter(code="TT").update(name_en="Toolkit <em>&amp;</em>", name_hi='टूलकिट <em>"</em>')
    dic = officer(username="dic.<script>&")
    under_scrutiny(files[0], dic)
    late_evening = timezone.now().replace(hour=20, minute=0) - timedelta(days=3)  # the next day in India
    Application.objects.filter(pk=files[0].pk).update(
        reference_number="""ODOP/<x>/"1"/'2'&""",
        assigned_to=dic,
        submitted_at=late_evening,
        due_at=late_evening,
        benefit_amount=Decimal("625000.50"),
    )
    Application.objects.filter(pk=files[1].pk).update(due_at=None, benefit_amount=None, status='x"><b>')
    [branch] = _branches(files[0])
    for application in files[1:]:
        MarginMoneyCase.objects.create(application=application, bank_branch=branch, sent_at=late_evening)
    MarginMoneyCase.objects.filter(application=files[0]).update(sent_at=late_evening)
    for user, url, old in ((dic, QUEUE, OLD_OFFICE_ROWS), (_bank_officer(branch), BANK, OLD_BRANCH_ROWS)):
        client.force_login(user)
        response = _get(client, url, language)
        html = response.content.decode()
        assert len(response.context["page"]) == 3
        with translation.override(language):
            before = Template(old).render(Context({"page": response.context["page"]}))
        assert _rows(html) == _rows(before), url
        assert "<b>" not in _rows(html) and "<script>" not in html and "<x>" not in html
        assert 'status-x"' not in html and "&lt;b&gt;&quot;Ram&quot; &amp; &#x27;Shyam&#x27;" in html
        india = timezone.localtime(late_evening).strftime("%d-%m-%Y")
        assert india in html and late_evening.strftime("%d-%m-%Y") not in html
        assert "₹6,25,000.50" in html


def test_assigned_to_me_shows_only_the_files_assigned_to_the_officer(client):
    dic, colleague = officer(username="dic.one"), officer(username="dic.two")
    mine, theirs = submitted_toolkit(seed=740), submitted_toolkit(seed=741)
    Application.objects.filter(pk=mine.pk).update(assigned_to=dic)
    Application.objects.filter(pk=theirs.pk).update(assigned_to=colleague)
    client.force_login(dic)
    page = _get(client, QUEUE, params={"assigned_to_me": "on"}).context["page"]
    assert [a.pk for a in page] == [mine.pk]


def test_a_chosen_filter_of_a_few_values_is_kept_once_for_every_officer(client, shared_cache):
    agra_file = _named(710, "Agrawala Filterdevi")
    agra = officer(username="dic.agra.filters")
    under_scrutiny(agra_file, agra)
    chosen = {"status": "under_scrutiny", "scheme": "TT", "overdue": "on"}

    def page(params, language="en"):
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, QUEUE, language, params)
        assert response.status_code == 200
        html = response.content.decode()
        with translation.override(language):  # the fields as the page's own filter set draws them
            filterset, _files = selectors.queue_for_officer(user=response.wsgi_request.user, filters=params)
            own = render_to_string("applications/office/_queue_filter_fields.html", {"filter": filterset})
        return html, own, len(queries)

    client.force_login(agra)
    for language in ("en", "hi"):
        page({}, language)  # the shared parts of the unfiltered page, made and kept
        html, own, made = page(chosen, language)
        assert own in html, language
        assert '<option value="under_scrutiny" selected>' in html
        again, _own, kept = page(chosen, language)
        assert own in again and kept < made, (language, made, kept)
        with translation.override(language):
            address = (
                "applications/office/_queue_filter_fields.html?overdue=True&scheme=TT&status=under_scrutiny"
            )
            stored = cache.get(f"public-value:{public_key(address, '')}")
        assert stored == own
        for private in ("dic.agra.filters", "Filterdevi", agra_file.reference_number, "csrf"):
            assert private not in stored
    # Another district's officer, the same filters written otherwise: the same fields, from the cache.
    client.force_login(officer("lucknow", username="dic.lucknow.filters"))
    html, own, _n = page({"status": "under_scrutiny", "scheme": "TT", "overdue": "true"})
    assert own in html and agra_file.reference_number not in html
    # A search, or a value the form refuses, is drawn for the page that asks, every time.
    for params in ({"status": "under_scrutiny", "q": "Filterdevi"}, {"status": "nonsense"}):
        _html, _own, first = page(params)
        html, own, second = page(params)
        assert own in html and second == first, params
    assert 'class="error"' in html
