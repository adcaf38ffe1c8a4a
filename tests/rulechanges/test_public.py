"""The public side of a published GO that takes effect later: the scheme page shows what
changes, and the eligibility checker answers under the rules from that day."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from schemes.models import Scheme
from tests.rulechanges.helpers import draft, published, simulate, state_user

pytestmark = pytest.mark.django_db


def _visitor(language="en"):
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def test_the_scheme_page_shows_the_upcoming_figures_beside_todays(django_capture_on_commit_callbacks):
    tt = Scheme.objects.get(code="TT")
    page = _visitor().get(f"/schemes/{tt.slug}/").content.decode()
    assert 'id="upcoming-rules"' not in page
    day = timezone.localdate() + timedelta(days=30)
    maker = state_user("maker")
    # A draft is nobody's rules: the public page does not show it.
    simulate(maker, draft(maker, effective_from=day, honorarium_per_day="300"))
    assert 'id="upcoming-rules"' not in _visitor().get(f"/schemes/{tt.slug}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        published(maker, state_user("checker"), effective_from=day, honorarium_per_day="250")
    page = _visitor().get(f"/schemes/{tt.slug}/").content.decode()
    section = page.split('id="upcoming-rules"', 1)[1].split("</section>", 1)[0]
    assert f"New figures from {day:%d-%m-%Y}" in section
    assert "honorarium per trainee per day" in section
    assert '<td class="num">200</td>' in section
    assert "<strong>250</strong>" in section
    # Only the figures that change are listed.
    assert "toolkit" not in section.lower().replace("toolkit_", "")
    # Each named in the reader's language, the GO's note beside it.
    from schemes.rules.toolkit import Parameters

    english, hindi = Parameters.LABELS["honorarium_per_day"]
    assert english in section
    hindi_page = _visitor("hi").get(f"/schemes/{tt.slug}/").content.decode()
    hindi_section = hindi_page.split('id="upcoming-rules"', 1)[1].split("</section>", 1)[0]
    assert hindi in hindi_section and english not in hindi_section


def test_the_checker_answers_under_the_rules_from_a_later_day():
    day = timezone.localdate() + timedelta(days=30)
    published(state_user("maker"), state_user("checker"), effective_from=day, honorarium_per_day="250")
    page = _visitor().get("/schemes/eligibility/").content.decode()
    assert f'value="{day.isoformat()}"' in page
    today = _visitor().post("/schemes/eligibility/", {"date_of_birth": "1985-04-10"}).content.decode()
    later = (
        _visitor()
        .post("/schemes/eligibility/", {"date_of_birth": "1985-04-10", "rules_from": day.isoformat()})
        .content.decode()
    )
    tt_today = today.split('id="result-tt"', 1)[1].split("</article>", 1)[0]
    tt_later = later.split('id="result-tt"', 1)[1].split("</article>", 1)[0]
    assert "₹22,000" in tt_today
    assert "₹22,500" in tt_later
    # A day that starts no rules is refused, naming the field, and the answers are kept.
    response = _visitor().post(
        "/schemes/eligibility/", {"date_of_birth": "1985-04-10", "rules_from": "2031-01-01"}
    )
    assert "rules_from" in response.context["form"].errors
    assert response.context["form"]["date_of_birth"].value() == "1985-04-10"


def test_the_api_checker_takes_the_later_day_too():
    day = timezone.localdate() + timedelta(days=30)
    published(state_user("maker"), state_user("checker"), effective_from=day, honorarium_per_day="250")
    response = _visitor().post(
        "/api/v1/eligibility/", {"rules_from": day.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    tt = next(r for r in response.json()["results"] if r["scheme"] == "TT")
    assert tt["outcome"]["benefit"]["amount"] == "22500.00"
    bad = _visitor().post("/api/v1/eligibility/", {"rules_from": 7}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"
    assert list(bad.json()) == ["code", "rules_from"]
